/// y = −x. ∂L/∂x = −g.
public struct Neg: ElementwiseUnaryOperation {
    public init() {}
    public var name: String { "neg" }
    public var symbol: String { "−x" }

    public func forward(_ inputs: [Tensor]) -> Tensor { -inputs[0] }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [-upstream]
    }

    public static let script = ScriptFunction("neg", signature: "neg(x)", summary: "−x") { args in
        try -args.tensor("x")
    }
}

extension Variable {
    public static prefix func - (x: Variable) throws(TensorError) -> Variable {
        try x.tape.record(Neg(), [x])
    }
}
