/// y = relu(x) = max(x, 0), element-wise. ∂L/∂x = g · [x > 0]: the gradient passes where the
/// input was positive and stops elsewhere, at the kink x = 0 too (relu′(0) = 0, as JAX and
/// PyTorch define it).
public struct Relu: ElementwiseUnaryOperation {
    public static let name = "relu"
    public init() {}
    public var symbol: String { "ReLU" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} · [{0} > 0]"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].map { $0 > 0 || $0.isNaN ? $0 : 0 }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream * inputs[0].map { $0 > 0 ? 1 : 0 }]
    }

    public static let script = ScriptFunction(
        Relu.self, signature: "relu(x)", summary: "max(x, 0), element-wise; relu′(0) = 0",
        isMethod: true
    ) { args throws(ScriptError) in
        OperationCall(Relu(), [try args.tensor("x")])
    }
}

extension Variable {
    public func relu() throws(TensorError) -> Variable {
        try tape.record(Relu(), [self])
    }
}
