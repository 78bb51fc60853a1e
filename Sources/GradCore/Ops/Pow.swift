import Foundation

/// y = x^c for a constant c: ∂L/∂x = g · c · x^(c−1). The exponent is a parameter, not an input,
/// so it receives no gradient and the figure writes it in the node (`x²`, `**0.5`).
public struct Pow: ElementwiseUnaryOperation {
    public let exponent: Double

    public init(exponent: Double) { self.exponent = exponent }

    public var name: String { "pow" }
    public var symbol: String {
        switch exponent {
        case 2: return "x²"
        case 3: return "x³"
        default: return "**" + formatParameter(exponent)
        }
    }
    public var parameters: [OperationParameter] {
        [OperationParameter("exponent", formatParameter(exponent))]
    }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        inputs[0].map { Foundation.pow($0, exponent) }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let c = exponent
        return [upstream * inputs[0].map { c * Foundation.pow($0, c - 1) }]
    }

    /// `pow(x, c)`: a number exponent is a constant parameter; a tensor exponent is an input.
    public static let script = ScriptFunction(
        "pow", signature: "pow(x, exponent)",
        summary: "x ** exponent; a tensor exponent broadcasts and receives a gradient"
    ) { args in
        let base = try args.tensor("x")
        switch try args.tensorOrNumber("exponent") {
        case .number(let c): return try base.pow(c)
        case .tensor(let exponent): return try base.pow(exponent)
        }
    }
}

/// y = x^c where c is a tensor (broadcast with x): ∂L/∂x = g · c · x^(c−1) and
/// ∂L/∂c = g · ln(x) · x^c, which is nan for x < 0 and for x = 0 (IEEE: −inf · 0).
public struct PowTensor: ElementwiseBinaryOperation {
    public init() {}
    public var name: String { "pow" }
    public var symbol: String { "**" }

    public func forward(_ inputs: [Tensor]) -> Tensor { inputs[0].zip(inputs[1], Foundation.pow) }

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
        try tape.recordBroadcasting(PowTensor(), self, exponent)
    }
}
