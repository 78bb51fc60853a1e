/// y = |x|, element-wise. ∂L/∂x = g · sign(x), with sign(0) = 0 at the kink (as JAX).
public struct Abs: ElementwiseUnaryOperation {
    public static let name = "abs"
    public init() {}
    public var symbol: String { "abs" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} · sign({0})"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].map { Swift.abs($0) }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream * inputs[0].map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }]
    }

    public static let script = ScriptFunction(
        Abs.self, signature: "abs(x)", summary: "|x|, element-wise; abs′(0) = 0", isMethod: true,
        numpyNames: ["absolute"]
    ) { args throws(ScriptError) in
        OperationCall(Abs(), [try args.tensor("x")])
    }
}

extension Variable {
    public func abs() throws(TensorError) -> Variable {
        try tape.record(Abs(), [self])
    }
}
