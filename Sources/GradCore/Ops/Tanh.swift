import Foundation

/// y = tanh x, element-wise. ∂L/∂x = g · (1 − y²), so the backward reuses the output.
public struct Tanh: ElementwiseUnaryOperation {
    public static let name = "tanh"
    public init() {}
    public var symbol: String { "tanh" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} · (1 − {y}²)"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].map { Foundation.tanh($0) }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream * output.map { 1 - $0 * $0 }]
    }

    public static let script = ScriptFunction(
        Tanh.self, signature: "tanh(x)", summary: "hyperbolic tangent, element-wise", isMethod: true
    ) { args throws(ScriptError) in
        OperationCall(Tanh(), [try args.tensor("x")])
    }
}

extension Variable {
    public func tanh() throws(TensorError) -> Variable {
        try tape.record(Tanh(), [self])
    }
}
