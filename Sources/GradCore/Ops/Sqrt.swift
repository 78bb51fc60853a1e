/// y = √x, element-wise. ∂L/∂x = g / (2√x) = g / (2y): infinite at 0, nan below 0 (as NumPy).
public struct Sqrt: ElementwiseUnaryOperation {
    public static let name = "sqrt"
    public init() {}
    public var symbol: String { "√" }
    public var notation: Notation { .prefix("√", operand: .postfix) }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} / (2 · {y})"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].map { $0.squareRoot() }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream / output.map { 2 * $0 }]
    }

    public static let script = ScriptFunction(
        Sqrt.self, signature: "sqrt(x)", summary: "square root, element-wise", isMethod: true
    ) { args throws(ScriptError) in
        OperationCall(Sqrt(), [try args.tensor("x")])
    }
}

extension Variable {
    public func sqrt() throws(TensorError) -> Variable {
        try tape.record(Sqrt(), [self])
    }
}
