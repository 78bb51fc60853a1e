/// y = −x. ∂L/∂x = −g.
public struct Neg: ElementwiseUnaryOperation {
    public static let name = "neg"
    public init() {}
    public var symbol: String { "−(·)" }
    public var symbolShowsOperand: Bool { true }
    public var notation: Notation { .prefix("−", operand: .power) }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["−{g}"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor { -inputs[0] }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [-upstream]
    }

    public static let script = ScriptFunction(
        Neg.self, signature: "neg(x)", summary: "−x", numpyNames: ["negative"]
    ) {
        args throws(ScriptError) in
        OperationCall(Neg(), [try args.tensor("x")])
    }
}

extension Variable {
    public static prefix func - (x: Variable) throws(TensorError) -> Variable {
        try x.tape.record(Neg(), [x])
    }
}
