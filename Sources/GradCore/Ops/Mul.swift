/// z = x · y. Each input receives the upstream gradient times the other input:
/// ∂L/∂x = g · y, ∂L/∂y = g · x.
public struct Mul: ElementwiseBinaryOperation {
    public init() {}
    public var name: String { "mul" }
    public var symbol: String { "×" }

    public func forward(_ inputs: [Tensor]) -> Tensor { inputs[0] * inputs[1] }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream * inputs[1], upstream * inputs[0]]
    }

    public static let script = ScriptFunction(
        "mul", signature: "mul(x, y)", summary: "x · y, element-wise with broadcasting"
    ) { args in
        try args.tensor("x") * args.tensor("y")
    }
}

extension Variable {
    public static func * (x: Variable, y: Variable) throws(TensorError) -> Variable {
        try x.tape.recordBroadcasting(Mul(), x, y)
    }
}
