/// z = x + y. Both inputs receive the upstream gradient unchanged: ∂z/∂x = ∂z/∂y = 1.
public struct Add: ElementwiseBinaryOperation {
    public init() {}
    public var name: String { "add" }
    public var symbol: String { "+" }

    public func forward(_ inputs: [Tensor]) -> Tensor { inputs[0] + inputs[1] }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream, upstream]
    }

    public static let script = ScriptFunction(
        "add", signature: "add(x, y)", summary: "x + y, element-wise with broadcasting"
    ) { args in
        try args.tensor("x") + args.tensor("y")
    }
}

extension Variable {
    public static func + (x: Variable, y: Variable) throws(TensorError) -> Variable {
        try x.tape.recordBroadcasting(Add(), x, y)
    }
}
