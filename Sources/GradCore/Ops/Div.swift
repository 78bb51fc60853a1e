/// z = x / y. ∂L/∂x = g / y and ∂L/∂y = −g · x / y² (IEEE: dividing by zero gives ±inf or nan).
public struct Div: ElementwiseBinaryOperation {
    public static let name = "div"
    public init() {}
    public var symbol: String { "÷" }
    public var notation: Notation { .infix("÷", .multiplicative) }
    public var operandOrderMatters: Bool { true }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} / {1}", "−{g} · {0} / {1}²"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0] / inputs[1]
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let (x, y) = (inputs[0], inputs[1])
        return [upstream / y, -(upstream * x) / (y * y)]
    }

    public static let script = ScriptFunction(
        Div.self, signature: "div(x, y)", summary: "x / y, element-wise with broadcasting",
        numpyNames: ["divide", "true_divide"]
    ) { args throws(ScriptError) in
        let (x, y) = (try args.tensor("x"), try args.tensor("y"))
        return OperationCall(Div(), [x, y])
    }
}

extension Variable {
    public static func / (x: Variable, y: Variable) throws(TensorError) -> Variable {
        try x.tape.record(Div(), [x, y])
    }
}
