import Foundation

/// y = eˣ. ∂L/∂x = g · eˣ = g · y, so the backward reuses the output.
public struct Exp: ElementwiseUnaryOperation {
    public static let name = "exp"
    public init() {}
    public var symbol: String { "exp" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} · {y}"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].map { Foundation.exp($0) }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream * output]
    }

    public static let script = ScriptFunction(
        Exp.self, signature: "exp(x)", summary: "eˣ, element-wise", isMethod: true
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        return OperationCall(Exp(), [x])
    }
}

extension Variable {
    public func exp() throws(TensorError) -> Variable {
        try tape.record(Exp(), [self])
    }
}
