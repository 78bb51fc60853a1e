/// z = x · y. Each input receives the upstream gradient times the other input:
/// ∂L/∂x = g · y, ∂L/∂y = g · x.
public struct Mul: ElementwiseBinaryOperation {
    public static let name = "mul"
    public init() {}
    public var symbol: String { "×" }
    public var notation: Notation { .infix("×", .multiplicative) }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} · {1}", "{g} · {0}"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0] * inputs[1]
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream * inputs[1], upstream * inputs[0]]
    }

    public static let script = ScriptFunction(
        Mul.self, signature: "mul(x, y)", summary: "x · y, element-wise with broadcasting",
        numpyNames: ["multiply"]
    ) { args throws(ScriptError) in
        let (x, y) = (try args.tensor("x"), try args.tensor("y"))
        return OperationCall(Mul(), [x, y])
    }
}

extension Variable {
    public static func * (x: Variable, y: Variable) throws(TensorError) -> Variable {
        try x.tape.record(Mul(), [x, y])
    }
}
