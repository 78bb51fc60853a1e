import Foundation

/// y = x^c for a constant c: ∂L/∂x = g · c · x^(c−1). The exponent is a parameter, not an input,
/// so it receives no gradient and the figure writes it in the node (`x²`, `**0.5`).
public struct Pow: ElementwiseUnaryOperation {
    public static let name = "pow"
    public let exponent: Double

    public init(exponent: Double) { self.exponent = exponent }

    public var symbol: String { "(·)" + Notation.exponent(exponent) }
    public var symbolShowsOperand: Bool { true }
    public var notation: Notation { .power(exponent) }

    /// g · c · x^(c−1), with c written in: `∂L/∂y · 2 · x` for a square.
    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        let c = formatParameter(exponent).replacingEvery("-", with: "−")
        switch exponent - 1 {
        case 0: return GradientRule(["{g} · 1"])
        case 1: return GradientRule(["{g} · \(c) · {0}"])
        case let reduced: return GradientRule(["{g} · \(c) · {0}" + Notation.exponent(reduced)])
        }
    }
    public var parameters: [OperationParameter] {
        [OperationParameter("exponent", formatParameter(exponent))]
    }
    /// The exponent is already in the symbol.
    public func details(inputShapes: [Shape], outputShape: Shape) -> String? { nil }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        // x · x is x² correctly rounded, as pow gives it, and what NumPy computes for ** 2.
        if exponent == 2 { return inputs[0].map { $0 * $0 } }
        return inputs[0].map { Foundation.pow($0, exponent) }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let c = exponent
        if c == 2 { return [upstream * inputs[0].map { 2 * $0 }] }
        return [upstream * inputs[0].map { c * Foundation.pow($0, c - 1) }]
    }

    /// `pow(x, c)`: a number exponent is a constant parameter; a tensor exponent is an input.
    public static let script = ScriptFunction(
        Pow.self, signature: "pow(x, exponent)",
        summary: "x ** exponent; a tensor exponent broadcasts and receives a gradient",
        numpyNames: ["power"]
    ) { args throws(ScriptError) in
        let base = try args.tensor("x")
        switch try args.tensorOrNumber("exponent") {
        case .number(let c): return OperationCall(Pow(exponent: c), [base])
        case .tensor(let exponent): return OperationCall(PowTensor(), [base, exponent])
        }
    }
}

/// y = x^c where c is a tensor (broadcast with x): ∂L/∂x = g · c · x^(c−1) and
/// ∂L/∂c = g · ln(x) · x^c, which is nan for x < 0 and for x = 0 (IEEE: −inf · 0).
public struct PowTensor: ElementwiseBinaryOperation {
    public static let name = "pow"
    public init() {}
    public var symbol: String { "**" }
    public var notation: Notation { .infix("**", .power) }
    public var operandOrderMatters: Bool { true }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} · {1} · {0}**({1} − 1)", "{g} · ln {0} · {y}"])
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].zip(inputs[1], Foundation.pow)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let (x, c) = (inputs[0], inputs[1])
        let towardBase = x.zip(c) { x, c in c * Foundation.pow(x, c - 1) }
        let towardExponent = x.map { Foundation.log($0) } * output
        return [upstream * towardBase, upstream * towardExponent]
    }
}

extension Variable {
    public func pow(_ exponent: Double) throws(TensorError) -> Variable {
        try tape.record(Pow(exponent: exponent), [self])
    }

    public func pow(_ exponent: Variable) throws(TensorError) -> Variable {
        try tape.record(PowTensor(), [self, exponent])
    }
}
