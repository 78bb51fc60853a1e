import Foundation

/// y = sin x, element-wise. ∂L/∂x = g · cos x.
public struct Sin: ElementwiseUnaryOperation {
    public static let name = "sin"
    public init() {}
    public var symbol: String { "sin" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} · cos {0}"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].map { Foundation.sin($0) }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream * inputs[0].map { Foundation.cos($0) }]
    }

    public static let script = ScriptFunction(
        Sin.self, signature: "sin(x)", summary: "sine, element-wise (radians)", isMethod: false
    ) { args throws(ScriptError) in
        OperationCall(Sin(), [try args.tensor("x")])
    }
}
