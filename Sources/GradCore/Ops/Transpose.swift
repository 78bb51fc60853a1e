/// y = transpose(x, axes): axis i of y is axis axes[i] of x; by default the axes are reversed
/// (a matrix's transpose, Wᵀ). The backward transposes g back with the inverse permutation.
public struct Transpose: Operation {
    public static let name = "transpose"
    /// The permutation, or nil to reverse the axes.
    public let axes: [Int]?

    public init(axes: [Int]? = nil) { self.axes = axes }

    public var arity: Int? { 1 }
    public var symbol: String { "(·)ᵀ" }
    public var symbolShowsOperand: Bool { true }
    public var notation: Notation { .postfix("ᵀ") }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        guard let axes else { return GradientRule(["({g})ᵀ"], isArithmetic: false) }
        let resolved = axes.map(inputShapes[0].axisIndex)
        var inverse = [Int](repeating: 0, count: resolved.count)
        for (i, axis) in resolved.enumerated() { inverse[axis] = i }
        return GradientRule(["transpose({g}, \(Shape.text(inverse)))"], isArithmetic: false)
    }
    public var parameters: [OperationParameter] {
        axes.map { [OperationParameter("axes", Shape.text($0))] } ?? []
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        let shape = inputs[0]
        if let axes {
            guard axes.count == shape.rank else {
                throw .invalidArgument(
                    "transpose: axes \(axes) do not match an array of dimension \(shape.rank)")
            }
            var seen = Set<Int>()
            for axis in axes {
                guard seen.insert(try shape.normalizedAxis(axis, op: name)).inserted else {
                    throw .invalidArgument("transpose: repeated axis in \(axes)")
                }
            }
        }
        return Shape(permutation(of: shape).map { shape.dims[$0] })
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].transposed(permutation(of: inputs[0].shape))
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let permutation = permutation(of: inputs[0].shape)
        var inverse = [Int](repeating: 0, count: permutation.count)
        for (i, axis) in permutation.enumerated() { inverse[axis] = i }
        return [upstream.transposed(inverse)]
    }

    /// The permutation for an input of `shape` that `outputShape` accepted, with negative axes
    /// counted from the end.
    private func permutation(of shape: Shape) -> [Int] {
        axes.map { $0.map(shape.axisIndex) } ?? Array((0..<shape.rank).reversed())
    }

    public static let script = ScriptFunction(
        Transpose.self, signature: "transpose(x, axes…)",
        summary: "x with its axes permuted (reversed by default: the matrix transpose)",
        isMethod: true
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        let axes = try args.intList("axes")
        return OperationCall(Transpose(axes: axes), [x])
    }
}

extension Variable {
    public func transposed(axes: [Int]? = nil) throws(TensorError) -> Variable {
        try tape.record(Transpose(axes: axes), [self])
    }
}
