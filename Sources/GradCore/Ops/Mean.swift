/// y = mean(x, axis, keepdims), NumPy's `np.mean`: the sum divided by the number of elements
/// summed (n). Each element contributed 1/n of the result, so ∂L/∂x is g / n copied back along
/// the reduced axis. The mean of no elements is nan, as in NumPy.
public struct Mean: Operation {
    public static let name = "mean"
    public let axis: Int?
    public let keepdims: Bool

    public init(axis: Int? = nil, keepdims: Bool = false) {
        self.axis = axis
        self.keepdims = keepdims
    }

    public var arity: Int? { 1 }
    public var symbol: String { "mean" }
    public var parameters: [OperationParameter] {
        reductionParameters(axis: axis, keepdims: keepdims)
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        try reducedShape(inputs[0], axis: axis, keepdims: keepdims, op: name)
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        let shape = inputs[0].shape
        let n = Double(reducedCount(shape))
        return inputs[0].sum(normalizedAxis: axis.map(shape.axisIndex), keepdims: keepdims)
            .map { $0 / n }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let n = Double(reducedCount(inputs[0].shape))
        return [spreadBack(upstream, over: inputs[0].shape, axis: axis).map { $0 / n }]
    }

    /// How many elements each output element averages.
    private func reducedCount(_ shape: Shape) -> Int {
        guard let axis else { return shape.count }
        return shape.dims[shape.axisIndex(axis)]
    }

    public static let script = ScriptFunction(
        Mean.self, signature: "mean(x, axis=None, keepdims=false)",
        summary: "average of the elements, over one axis or all"
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        let axis = try args.optionalInt("axis")
        let keepdims = try args.bool("keepdims", default: false)
        return OperationCall(Mean(axis: axis, keepdims: keepdims), [x])
    }
}

extension Variable {
    public func mean(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Variable {
        try tape.record(Mean(axis: axis, keepdims: keepdims), [self])
    }
}
