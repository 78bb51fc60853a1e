/// z = x − y. x receives the upstream gradient, y its negation: ∂z/∂x = 1, ∂z/∂y = −1.
public struct Sub: ElementwiseBinaryOperation {
    public static let name = "sub"
    public init() {}
    public var symbol: String { "−" }
    public var notation: Notation { .infix("−", .additive) }
    public var operandOrderMatters: Bool { true }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g}", "−{g}"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0] - inputs[1]
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream, -upstream]
    }

    public static let script = ScriptFunction(
        Sub.self, signature: "sub(x, y)", summary: "x − y, element-wise with broadcasting",
        numpyNames: ["subtract"]
    ) { args throws(ScriptError) in
        let (x, y) = (try args.tensor("x"), try args.tensor("y"))
        return OperationCall(Sub(), [x, y])
    }
}

extension Variable {
    public static func - (x: Variable, y: Variable) throws(TensorError) -> Variable {
        try x.tape.record(Sub(), [x, y])
    }
}
