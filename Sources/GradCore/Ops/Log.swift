import Foundation

/// y = ln x (natural logarithm). ∂L/∂x = g / x. ln 0 = −inf and ln of a negative number is nan.
public struct Log: ElementwiseUnaryOperation {
    public static let name = "log"
    public init() {}
    public var symbol: String { "log" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} / {0}"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].map { Foundation.log($0) }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream / inputs[0]]
    }

    public static let script = ScriptFunction(
        Log.self, signature: "log(x)", summary: "natural logarithm, element-wise", isMethod: true
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        return OperationCall(Log(), [x])
    }
}

extension Variable {
    public func log() throws(TensorError) -> Variable {
        try tape.record(Log(), [self])
    }
}
