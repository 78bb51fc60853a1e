/// y = reshape(x, d…): the same elements in row-major order, in a new shape with the same
/// count; one dimension may be −1 and is then inferred. The backward reshapes g back.
public struct Reshape: Operation {
    /// The requested dimensions, possibly with one −1.
    public let dims: [Int]

    public init(_ dims: [Int]) { self.dims = dims }

    public var name: String { "reshape" }
    public var symbol: String { "reshape" }
    public var parameters: [OperationParameter] {
        [
            OperationParameter(
                "shape",
                dims.count == 1
                    ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")")
        ]
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        let count = inputs[0].count
        let unknown = dims.indices.filter { dims[$0] == -1 }
        let requested =
            "(" + dims.map(String.init).joined(separator: ", ") + (dims.count == 1 ? ",)" : ")")
        guard unknown.count <= 1 else {
            throw .invalidArgument("reshape: can only specify one unknown dimension (-1)")
        }
        guard dims.allSatisfy({ $0 >= -1 }) else {
            throw .invalidArgument("reshape: negative dimension in \(requested)")
        }
        let known = Shape(dims.map { $0 == -1 ? 1 : $0 })
        guard let knownCount = known.checkedCount else {
            throw .invalidArgument(
                "reshape: cannot reshape array of size \(count) into shape \(requested)")
        }
        var result = dims
        if let inferred = unknown.first {
            guard knownCount != 0, count % knownCount == 0 else {
                throw .invalidArgument(
                    "reshape: cannot reshape array of size \(count) into shape \(requested)")
            }
            result[inferred] = count / knownCount
        } else if knownCount != count {
            throw .invalidArgument(
                "reshape: cannot reshape array of size \(count) into shape \(requested)")
        }
        return Shape(result)
    }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        inputs[0].reshaped(try! outputShape([inputs[0].shape]))
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream.reshaped(inputs[0].shape)]
    }

    public static let script = ScriptFunction(
        "reshape", signature: "reshape(x, d…)",
        summary: "the same elements in a new shape (one d may be -1)"
    ) { args in
        let x = try args.tensor("x")
        guard let dims = try args.intList("shape") else {
            throw TensorError.invalidArgument("reshape: missing the new shape")
        }
        return try x.reshaped(dims)
    }
}

extension Variable {
    public func reshaped(_ dims: [Int]) throws(TensorError) -> Variable {
        try tape.record(Reshape(dims), [self])
    }
}
