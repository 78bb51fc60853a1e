import Foundation

/// y = ln x (natural logarithm). ∂L/∂x = g / x. ln 0 = −inf and ln of a negative number is nan.
public struct Log: ElementwiseUnaryOperation {
    public init() {}
    public var name: String { "log" }
    public var symbol: String { "log" }

    public func forward(_ inputs: [Tensor]) -> Tensor { inputs[0].map { Foundation.log($0) } }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream / inputs[0]]
    }

    public static let script = ScriptFunction(
        "log", signature: "log(x)", summary: "natural logarithm, element-wise"
    ) { args in
        try args.tensor("x").log()
    }
}

extension Variable {
    public func log() throws(TensorError) -> Variable {
        try tape.record(Log(), [self])
    }
}
