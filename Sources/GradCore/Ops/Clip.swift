/// y = clip(x, lo, hi), NumPy's `np.clip`: x limited to [lo, hi] (either bound may be `None`).
/// ∂L/∂x = g where lo ≤ x ≤ hi, and 0 where x was cut off.
public struct Clip: ElementwiseUnaryOperation {
    public static let name = "clip"
    public let lower: Double?
    public let upper: Double?

    public init(lower: Double?, upper: Double?) {
        self.lower = lower
        self.upper = upper
    }

    public var symbol: String { "clip" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        let lower =
            lower.map { formatParameter($0).replacingEvery("-", with: "−") + " ≤ " } ?? ""
        let upper =
            upper.map { " ≤ " + formatParameter($0).replacingEvery("-", with: "−") } ?? ""
        return GradientRule(["{g} · [\(lower){0}\(upper)]"])
    }
    public var parameters: [OperationParameter] {
        [
            OperationParameter("lo", lower.map(formatParameter) ?? "None"),
            OperationParameter("hi", upper.map(formatParameter) ?? "None"),
        ]
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        guard lower != nil || upper != nil else {
            throw .invalidArgument("clip: give a lower bound, an upper bound or both")
        }
        return inputs[0]
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].map { x in
            guard !x.isNaN else { return x }
            var y = x
            if let lower, y < lower { y = lower }
            if let upper, y > upper { y = upper }
            return y
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [
            upstream
                * inputs[0].map { x in
                    x >= (lower ?? -.infinity) && x <= (upper ?? .infinity) ? 1 : 0
                }
        ]
    }

    public static let script = ScriptFunction(
        Clip.self, signature: "clip(x, lo, hi)",
        summary: "x limited to [lo, hi] (None for no bound); the gradient passes inside",
        isMethod: true
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        let lower = try args.optionalNumber("lo")
        let upper = try args.optionalNumber("hi")
        return OperationCall(Clip(lower: lower, upper: upper), [x])
    }
}

extension Variable {
    public func clip(_ lower: Double?, _ upper: Double?) throws(TensorError) -> Variable {
        try tape.record(Clip(lower: lower, upper: upper), [self])
    }
}
