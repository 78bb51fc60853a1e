/// y = transpose(x, axes): axis i of y is axis axes[i] of x; by default the axes are reversed
/// (a matrix's transpose, Wᵀ). The backward transposes g back with the inverse permutation.
public struct Transpose: Operation {
    /// The permutation, or nil to reverse the axes.
    public let axes: [Int]?

    public init(axes: [Int]? = nil) { self.axes = axes }

    public var name: String { "transpose" }
    public var symbol: String { "ᵀ" }
    public var parameters: [OperationParameter] {
        axes.map {
            [OperationParameter("axes", "(" + $0.map(String.init).joined(separator: ", ") + ")")]
        } ?? []
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        let permutation = try self.permutation(rank: inputs[0].rank)
        return Shape(permutation.map { inputs[0].dims[$0] })
    }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        inputs[0].transposed(try! permutation(rank: inputs[0].rank))
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let permutation = try! self.permutation(rank: inputs[0].rank)
        var inverse = [Int](repeating: 0, count: permutation.count)
        for (i, axis) in permutation.enumerated() { inverse[axis] = i }
        return [upstream.transposed(inverse)]
    }

    /// The validated permutation, negative axes normalised.
    private func permutation(rank: Int) throws(TensorError) -> [Int] {
        guard let axes else { return Array((0..<rank).reversed()) }
        guard axes.count == rank else {
            throw .invalidArgument(
                "transpose: axes \(axes) do not match an array of dimension \(rank)")
        }
        var normalized: [Int] = []
        for axis in axes {
            normalized.append(
                try Shape(Array(repeating: 1, count: rank)).normalizedAxis(axis, op: name))
        }
        guard Set(normalized).count == rank else {
            throw .invalidArgument("transpose: repeated axis in \(axes)")
        }
        return normalized
    }

    public static let script = ScriptFunction(
        "transpose", signature: "transpose(x, axes…)",
        summary: "x with its axes permuted (reversed by default: the matrix transpose)"
    ) { args in
        let x = try args.tensor("x")
        return try x.transposed(axes: args.intList("axes"))
    }
}

extension Variable {
    public func transposed(axes: [Int]? = nil) throws(TensorError) -> Variable {
        try tape.record(Transpose(axes: axes), [self])
    }
}
