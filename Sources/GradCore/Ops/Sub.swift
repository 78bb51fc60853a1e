/// z = x − y. x receives the upstream gradient, y its negation: ∂z/∂x = 1, ∂z/∂y = −1.
public struct Sub: ElementwiseBinaryOperation {
    public init() {}
    public var name: String { "sub" }
    public var symbol: String { "−" }

    public func forward(_ inputs: [Tensor]) -> Tensor { inputs[0] - inputs[1] }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream, -upstream]
    }

    public static let script = ScriptFunction(
        "sub", signature: "sub(x, y)", summary: "x − y, element-wise with broadcasting"
    ) { args in
        try args.tensor("x") - args.tensor("y")
    }
}

extension Variable {
    public static func - (x: Variable, y: Variable) throws(TensorError) -> Variable {
        try x.tape.recordBroadcasting(Sub(), x, y)
    }
}
