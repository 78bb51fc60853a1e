/// y = repeat(x, n, axis), NumPy's `np.repeat`: each element (each slice along `axis`) appears n
/// times in a row; with no axis, x is flattened first. The article's Repeat: (1, D) → (N, D).
/// Repeat is n branches of each element, so its backward sums each group of n gradients
/// (Sum's forward, in the article's words).
public struct Repeat: Operation {
    public let count: Int
    public let axis: Int?

    public init(_ count: Int, axis: Int? = nil) {
        self.count = count
        self.axis = axis
    }

    public var name: String { "repeat" }
    public var symbol: String { "repeat" }
    public var parameters: [OperationParameter] {
        [OperationParameter("n", String(count))]
            + (axis.map { [OperationParameter("axis", String($0))] } ?? [])
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        guard count >= 0 else {
            throw .invalidArgument("repeat: the count must not be negative, got \(count)")
        }
        let shape = inputs[0]
        let flattened = axis == nil
        var dims = flattened ? [shape.count] : shape.dims
        let normalized =
            try axis.map { (a) throws(TensorError) in try shape.normalizedAxis(a, op: name) } ?? 0
        let (repeated, overflow) = dims[normalized].multipliedReportingOverflow(by: count)
        guard !overflow else {
            throw .invalidArgument(
                "repeat: repeating \(shape) \(count) times gives too many elements")
        }
        dims[normalized] = repeated
        return Shape(dims)
    }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        let (x, axis) = flattenedIfNoAxis(inputs[0])
        return x.repeated(count, normalizedAxis: axis)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let x = inputs[0]
        guard count > 0 else { return [Tensor.zeros(x.shape)] }
        let (_, axis) = flattenedIfNoAxis(x)
        return [upstream.summedGroups(of: count, normalizedAxis: axis).reshaped(x.shape)]
    }

    /// The tensor and axis the repetition runs along: x flattened and axis 0 when no axis is given.
    private func flattenedIfNoAxis(_ x: Tensor) -> (Tensor, Int) {
        guard let axis else { return (x.reshaped(Shape([x.count])), 0) }
        return (x, normalize(axis, x))
    }

    public static let script = ScriptFunction(
        "repeat", signature: "repeat(x, repeats, axis=None)",
        summary: "np.repeat: each element repeated n times along axis (flattened when no axis)"
    ) { args in
        let x = try args.tensor("x")
        return try x.repeated(args.int("repeats"), axis: args.optionalInt("axis"))
    }
}

extension Variable {
    public func repeated(_ count: Int, axis: Int? = nil) throws(TensorError) -> Variable {
        try tape.record(Repeat(count, axis: axis), [self])
    }
}
