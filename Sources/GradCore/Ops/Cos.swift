import Foundation

/// y = cos x, element-wise. ∂L/∂x = −g · sin x.
public struct Cos: ElementwiseUnaryOperation {
    public static let name = "cos"
    public init() {}
    public var symbol: String { "cos" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["−{g} · sin {0}"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].map { Foundation.cos($0) }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream * inputs[0].map { -Foundation.sin($0) }]
    }

    public static let script = ScriptFunction(
        Cos.self, signature: "cos(x)", summary: "cosine, element-wise (radians)", isMethod: false
    ) { args throws(ScriptError) in
        OperationCall(Cos(), [try args.tensor("x")])
    }
}
