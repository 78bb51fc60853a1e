/// y = mean(x, axis, keepdims), NumPy's `np.mean`: the sum divided by the number of elements
/// summed (n). Each element contributed 1/n of the result, so ∂L/∂x is g / n copied back along
/// the reduced axis. The mean of no elements is nan, as in NumPy.
public struct Mean: AxisReduction {
    public static let name = "mean"
    public let axis: Int?
    public let keepdims: Bool

    public init(axis: Int? = nil, keepdims: Bool = false) {
        self.axis = axis
        self.keepdims = keepdims
    }

    public var symbol: String { "mean" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        let n = reducedCount(inputShapes[0])
        return GradientRule(
            [spreadBackText(inputShapes[0], axis: axis) + " / \(n)"], isArithmetic: false)
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

    public static let script = binding(summary: "average of the elements, over one axis or all")
}

extension Variable {
    public func mean(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Variable {
        try tape.record(Mean(axis: axis, keepdims: keepdims), [self])
    }
}
