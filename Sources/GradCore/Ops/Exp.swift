import Foundation

/// y = eˣ. ∂L/∂x = g · eˣ = g · y, so the backward reuses the output.
public struct Exp: ElementwiseUnaryOperation {
    public init() {}
    public var name: String { "exp" }
    public var symbol: String { "exp" }

    public func forward(_ inputs: [Tensor]) -> Tensor { inputs[0].map { Foundation.exp($0) } }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream * output]
    }

    public static let script = ScriptFunction(
        "exp", signature: "exp(x)", summary: "eˣ, element-wise"
    ) { args in
        try args.tensor("x").exp()
    }
}

extension Variable {
    public func exp() throws(TensorError) -> Variable {
        try tape.record(Exp(), [self])
    }
}
