import Foundation

/// y = σ(x) = 1 / (1 + e⁻ˣ), element-wise, computed without overflow for large |x|.
/// ∂L/∂x = g · y · (1 − y), so the backward reuses the output.
public struct Sigmoid: ElementwiseUnaryOperation {
    public static let name = "sigmoid"
    public init() {}
    public var symbol: String { "σ" }
    public var notation: Notation { .function("σ") }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} · {y} · (1 − {y})"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].map { x in
            if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
            let e = Foundation.exp(x)
            return e / (1 + e)
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream * output.map { $0 * (1 - $0) }]
    }

    public static let script = ScriptFunction(
        Sigmoid.self, signature: "sigmoid(x)", summary: "1 / (1 + e⁻ˣ), element-wise",
        isMethod: true
    ) { args throws(ScriptError) in
        OperationCall(Sigmoid(), [try args.tensor("x")])
    }
}

extension Variable {
    public func sigmoid() throws(TensorError) -> Variable {
        try tape.record(Sigmoid(), [self])
    }
}
