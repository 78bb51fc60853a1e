/// z = x / y. ∂L/∂x = g / y and ∂L/∂y = −g · x / y² (IEEE: dividing by zero gives ±inf or nan).
public struct Div: ElementwiseBinaryOperation {
    public init() {}
    public var name: String { "div" }
    public var symbol: String { "÷" }

    public func forward(_ inputs: [Tensor]) -> Tensor { inputs[0] / inputs[1] }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let (x, y) = (inputs[0], inputs[1])
        return [upstream / y, -(upstream * x) / (y * y)]
    }

    public static let script = ScriptFunction(
        "div", signature: "div(x, y)", summary: "x / y, element-wise with broadcasting"
    ) { args in
        try args.tensor("x") / args.tensor("y")
    }
}

extension Variable {
    public static func / (x: Variable, y: Variable) throws(TensorError) -> Variable {
        try x.tape.recordBroadcasting(Div(), x, y)
    }
}
