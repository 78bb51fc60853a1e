/// z = maximum(x, y), NumPy's `np.maximum`: the larger of each pair, with broadcasting (nan if
/// either is nan). The gradient goes to the larger input; where they tie, each gets half (as
/// JAX), so the two shares still add up to g.
public struct Maximum: ElementwiseBinaryOperation {
    public static let name = "maximum"
    public init() {}
    public var symbol: String { "max" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} · ([{0} > {1}] + ½[{0} = {1}])", "{g} · ([{1} > {0}] + ½[{0} = {1}])"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].zip(inputs[1]) { x, y in x.isNaN || y.isNaN ? .nan : Swift.max(x, y) }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        elementwiseSelectionGradients(inputs, upstream: upstream, prefersFirst: >)
    }

    public static let script = ScriptFunction(
        Maximum.self, signature: "maximum(x, y)",
        summary: "the larger of x and y, element-wise with broadcasting; ties share the gradient"
    ) { args throws(ScriptError) in
        OperationCall(Maximum(), [try args.tensor("x"), try args.tensor("y")])
    }
}

/// z = minimum(x, y), NumPy's `np.minimum`: the smaller of each pair, with broadcasting. The
/// gradient goes to the smaller input; where they tie, each gets half.
public struct Minimum: ElementwiseBinaryOperation {
    public static let name = "minimum"
    public init() {}
    public var symbol: String { "min" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} · ([{0} < {1}] + ½[{0} = {1}])", "{g} · ([{1} < {0}] + ½[{0} = {1}])"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].zip(inputs[1]) { x, y in x.isNaN || y.isNaN ? .nan : Swift.min(x, y) }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        elementwiseSelectionGradients(inputs, upstream: upstream, prefersFirst: <)
    }

    public static let script = ScriptFunction(
        Minimum.self, signature: "minimum(x, y)",
        summary: "the smaller of x and y, element-wise with broadcasting; ties share the gradient"
    ) { args throws(ScriptError) in
        OperationCall(Minimum(), [try args.tensor("x"), try args.tensor("y")])
    }
}

/// The gradients of an element-wise choice between x and y: g to the chosen one, g/2 to each on
/// a tie. `prefersFirst(x, y)` says when x is chosen outright.
func elementwiseSelectionGradients(
    _ inputs: [Tensor], upstream: Tensor, prefersFirst: (Double, Double) -> Bool
) -> [Tensor] {
    let (x, y) = (inputs[0], inputs[1])
    let shareOfX = x.zip(y) { a, b in prefersFirst(a, b) ? 1 : (a == b ? 0.5 : 0) }
    let shareOfY = x.zip(y) { a, b in prefersFirst(b, a) ? 1 : (a == b ? 0.5 : 0) }
    return [upstream * shareOfX, upstream * shareOfY]
}

extension Variable {
    public func maximum(_ other: Variable) throws(TensorError) -> Variable {
        try tape.record(Maximum(), [self, other])
    }

    public func minimum(_ other: Variable) throws(TensorError) -> Variable {
        try tape.record(Minimum(), [self, other])
    }
}
