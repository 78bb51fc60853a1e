/// y = repeat(x, n, axis), NumPy's `np.repeat`: each element (each slice along `axis`) appears n
/// times in a row; with no axis, x is flattened first. The article's Repeat: (1, D) → (N, D).
/// Repeat is n branches of each element, so its backward sums each group of n gradients
/// (Sum's forward, in the article's words).
public struct Repeat: Operation {
    public static let name = "repeat"
    public let count: Int
    public let axis: Int?

    public init(_ count: Int, axis: Int? = nil) {
        self.count = count
        self.axis = axis
    }

    public var arity: Int? { 1 }
    public var symbol: String { "repeat" }

    /// Sum's forward: each group of n copies sends back the sum of its gradients. For a size-1
    /// axis (the article's (1, D) → (N, D)) that is the sum over the axis, kept.
    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        let shape = inputShapes[0]
        guard let axis else {
            return GradientRule(
                ["sum({g} in runs of \(count)), reshaped to \(shape)"], isArithmetic: false)
        }
        if shape.dims[shape.axisIndex(axis)] == 1 {
            return GradientRule(["sum({g}, axis=\(axis), keepdims=True)"], isArithmetic: false)
        }
        return GradientRule(["sum({g} in runs of \(count), axis=\(axis))"], isArithmetic: false)
    }
    public var parameters: [OperationParameter] {
        [OperationParameter("n", String(count))]
            + (axis.map { [OperationParameter("axis", String($0))] } ?? [])
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        guard count >= 0 else {
            throw .invalidArgument("repeat: the count must not be negative, got \(count)")
        }
        let shape = inputs[0]
        var dims = axis == nil ? [shape.count] : shape.dims
        let index =
            try axis.map { (axis) throws(TensorError) in
                try shape.normalizedAxis(axis, op: name)
            } ?? 0
        let (repeated, overflow) = dims[index].multipliedReportingOverflow(by: count)
        guard !overflow else {
            throw .invalidArgument(
                "repeat: repeating \(shape) \(count) times gives too many elements")
        }
        dims[index] = repeated
        return Shape(dims)
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
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
        return (x, x.shape.axisIndex(axis))
    }

    public static let script = ScriptFunction(
        Repeat.self, signature: "repeat(x, repeats, axis=None)",
        summary: "np.repeat: each element repeated n times along axis (flattened when no axis)",
        isMethod: true
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        let count = try args.int("repeats")
        let axis = try args.optionalInt("axis")
        return OperationCall(Repeat(count, axis: axis), [x])
    }
}

extension Variable {
    public func repeated(_ count: Int, axis: Int? = nil) throws(TensorError) -> Variable {
        try tape.record(Repeat(count, axis: axis), [self])
    }
}
