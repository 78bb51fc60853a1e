/// y = sum(x, axis, keepdims), NumPy's `np.sum`. The article's Sum: (N, D) → (1, D) with
/// axis 0 and keepdims. Its backward is Repeat's forward: every element of x contributed once,
/// so ∂L/∂x is g copied back along the summed axis (g broadcast to x's shape).
public struct Sum: AxisReduction {
    public static let name = "sum"
    public let axis: Int?
    public let keepdims: Bool

    public init(axis: Int? = nil, keepdims: Bool = false) {
        self.axis = axis
        self.keepdims = keepdims
    }

    public var symbol: String { "Σ" }
    public var notation: Notation { .prefix("Σ", operand: .postfix) }

    /// Repeat's forward: the gradient copied back along the summed axis (or to every element).
    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule([spreadBackText(inputShapes[0], axis: axis)], isArithmetic: false)
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].sum(normalizedAxis: axis.map(inputs[0].shape.axisIndex), keepdims: keepdims)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [spreadBack(upstream, over: inputs[0].shape, axis: axis)]
    }

    public static let script = binding(summary: "sum of the elements, over one axis or all")
}

extension Variable {
    public func sum(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Variable {
        try tape.record(Sum(axis: axis, keepdims: keepdims), [self])
    }
}
