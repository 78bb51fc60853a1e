/// y = reshape(x, d…): the same elements in row-major order, in a new shape with the same
/// count; one dimension may be −1 and is then inferred. The backward reshapes g back.
public struct Reshape: Operation {
    public static let name = "reshape"
    /// The requested dimensions, possibly with one −1.
    public let dims: [Int]

    public init(_ dims: [Int]) { self.dims = dims }

    public var arity: Int? { 1 }
    public var symbol: String { "reshape" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["reshape({g}, \(inputShapes[0]))"], isArithmetic: false)
    }
    public var parameters: [OperationParameter] {
        [OperationParameter("shape", Shape.text(dims))]
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        let count = inputs[0].count
        let unknown = dims.indices.filter { dims[$0] == -1 }
        let refusal = TensorError.invalidArgument(
            "reshape: cannot reshape array of size \(count) into shape \(Shape.text(dims))")
        guard unknown.count <= 1 else {
            throw .invalidArgument("reshape: can only specify one unknown dimension (-1)")
        }
        guard dims.allSatisfy({ $0 >= -1 }) else {
            throw .invalidArgument("reshape: negative dimension in \(Shape.text(dims))")
        }
        guard let knownCount = Shape(dims.map { $0 == -1 ? 1 : $0 }).checkedCount else {
            throw refusal
        }
        var result = dims
        if let inferred = unknown.first {
            guard knownCount != 0, count % knownCount == 0 else { throw refusal }
            result[inferred] = count / knownCount
        } else if knownCount != count {
            throw refusal
        }
        return Shape(result)
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].reshaped(outputShape)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream.reshaped(inputs[0].shape)]
    }

    public static let script = ScriptFunction(
        Reshape.self, signature: "reshape(x, d…)",
        summary: "the same elements in a new shape (one d may be -1)", isMethod: true
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        guard let dims = try args.intList("shape") else {
            throw ScriptError("reshape: missing the new shape")
        }
        return OperationCall(Reshape(dims), [x])
    }
}

extension Variable {
    public func reshaped(_ dims: [Int]) throws(TensorError) -> Variable {
        try tape.record(Reshape(dims), [self])
    }
}
