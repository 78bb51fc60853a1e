/// z = x + y. Both inputs receive the upstream gradient unchanged: ∂z/∂x = ∂z/∂y = 1.
public struct Add: ElementwiseBinaryOperation {
    public static let name = "add"
    public init() {}
    public var symbol: String { "+" }
    public var notation: Notation { .infix("+", .additive) }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g}", "{g}"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0] + inputs[1]
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream, upstream]
    }

    public static let script = ScriptFunction(
        Add.self, signature: "add(x, y)", summary: "x + y, element-wise with broadcasting"
    ) { args throws(ScriptError) in
        let (x, y) = (try args.tensor("x"), try args.tensor("y"))
        return OperationCall(Add(), [x, y])
    }
}

extension Variable {
    public static func + (x: Variable, y: Variable) throws(TensorError) -> Variable {
        try x.tape.record(Add(), [x, y])
    }
}
