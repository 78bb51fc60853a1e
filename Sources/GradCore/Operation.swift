import Foundation

/// One kind of recorded computation: how to check its inputs, compute its output, send a gradient
/// back to each input, and how a figure writes it.
///
/// An operation is a small value holding its parameters (an axis, an exponent, a repeat count).
/// `outputShape` validates and is called first; the tape then passes the validated shape to
/// `forward`, so `forward` and `backward` may assume valid shapes.
///
/// Everything a figure needs is asked of the operation itself (its symbol, its notation, whether
/// operand order matters, its parameters, its gradient rule), so that adding an operation never
/// touches the figure code.
public protocol Operation: Sendable {
    /// The name in the registry and in the expression language, e.g. `add`.
    static var name: String { get }
    /// How many inputs it takes, or nil for any number.
    var arity: Int? { get }
    /// Whether the tape broadcasts the inputs to the output's shape first (recording a
    /// `broadcast_to` step for each input whose shape differs), as for element-wise operations.
    var broadcastsInputs: Bool { get }

    /// What a figure writes in the operation's node, e.g. `+` or `Σ`; with `(·)` standing for
    /// the operand where the symbol shows it (`(·)²`).
    var symbol: String { get }
    /// Whether the node writes its operand, by name (`s²`, `−s`, `Wᵀ`, `x[0]`), with `(·)` for an
    /// unnamed one: a symbol never shows a letter that is not its input.
    var symbolShowsOperand: Bool { get }
    /// How a figure writes the operation applied to its operands, to name an unnamed result.
    var notation: Notation { get }
    /// Whether the operands play different parts (x − y, x / y, x @ W), so that a figure marks
    /// them ① and ②.
    var operandOrderMatters: Bool { get }
    /// Whether this is a broadcast step: a copy of its input along new or size-1 axes, which a
    /// figure may fold away.
    var isBroadcast: Bool { get }
    /// The parameters, in a fixed order, as text (for figures and tape dumps).
    var parameters: [OperationParameter] { get }
    /// The small text a figure writes under the symbol, e.g. `axis=0, keepdims`.
    func details(inputShapes: [Shape], outputShape: Shape) -> String?
    /// How the gradient flows back to each input, as text a figure can show (`render
    /// --explain`): the rule the backward computes, written like the article's table.
    func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule

    /// What its forward step costs, in units of one multiply-add of the matrix kernel, so the
    /// tape can refuse a program too heavy to run in seconds (`Tape.Limits.maxWork`).
    func work(inputShapes: [Shape], outputShape: Shape) -> Int

    /// The shape of the result, or the error a user should see for these input shapes.
    func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape
    /// The result for inputs whose shapes `outputShape` accepted, of that `outputShape`.
    func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor
    /// The gradient for each input, each of its input's shape, given ∂L/∂output (`upstream`).
    func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor]
}

extension Operation {
    public var name: String { Self.name }
    public var arity: Int? { nil }
    public var broadcastsInputs: Bool { false }
    public var notation: Notation { .function(Self.name) }
    public var operandOrderMatters: Bool { false }
    public var symbolShowsOperand: Bool { false }
    public var isBroadcast: Bool { false }
    public var parameters: [OperationParameter] { [] }

    public func details(inputShapes: [Shape], outputShape: Shape) -> String? {
        let text = parameters.map(\.text).joined(separator: ", ")
        return text.isEmpty ? nil : text
    }

    /// An element-wise step (or a reduction, a copy, a gather): about 50 multiply-adds an
    /// element of its inputs and result, measured (allocation, broadcasting and the loop).
    public func work(inputShapes: [Shape], outputShape: Shape) -> Int {
        50 * (inputShapes.reduce(outputShape.count) { $0 + $1.count })
    }
}

public struct OperationParameter: Equatable, Sendable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// `axis=0`, or the name alone for a flag that is on (`keepdims`).
    public var text: String { value == "true" ? name : "\(name)=\(value)" }
}

/// How tightly a written expression binds, loosest first, so that a name is bracketed only
/// where it must be: `1 + exp(−s)`, `(x + y)ᵀ`, `x×(y + z)`.
public enum Precedence: Int, Comparable, Sendable {
    case additive = 1
    case multiplicative, prefix, power, postfix, atom

    public static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

/// A piece of a written expression and how tightly it binds.
public struct Written: Sendable, Equatable {
    public let text: String
    public let precedence: Precedence

    public init(_ text: String, _ precedence: Precedence) {
        self.text = text
        self.precedence = precedence
    }

    /// The text, bracketed when it binds less tightly than `minimum`.
    public func atLeast(_ minimum: Precedence) -> String {
        precedence < minimum ? "(" + text + ")" : text
    }
}

/// How an operation applied to its operands is written in a figure's names: `x + y`, `x×y`,
/// `−x`, `Wᵀ`, `x²`, `exp(x)`.
public enum Notation: Sendable, Equatable {
    /// Between two operands: `x + y` (additive symbols get spaces), `x×y`, `x@W`.
    case infix(String, Precedence)
    /// Before the operand, bracketed unless it binds at least as tightly as `operand`: `−x`,
    /// `−(x + y)`, `Σx`, `Σ(x×y)`.
    case prefix(String, operand: Precedence)
    /// After the operand: `Wᵀ`, `x[0]`.
    case postfix(String)
    /// A constant exponent: `x²`, `x³`, `x**0.5`.
    case power(Double)
    /// A function call: `exp(x)`, `mean(x)`.
    case function(String)
    /// Not written at all: the result is written as its only operand (a broadcast copy, which a
    /// figure tells apart by its shape).
    case transparent

    /// The operation written around its operands, bracketing each only where it must. Additive
    /// symbols are spaced (`x + y×z`); with `spaced`, every infix symbol is (`x × y`), as in a
    /// sentence.
    public func write(_ operands: [Written], spaced: Bool = false) -> Written {
        switch self {
        case .infix(let symbol, let precedence):
            let spaced = precedence == .additive || spaced ? " " + symbol + " " : symbol
            let left = operands.first.map { $0.atLeast(precedence) } ?? ""
            let right = operands.dropFirst().map {
                $0.precedence <= precedence ? "(" + $0.text + ")" : $0.text
            }
            return Written(([left] + right).joined(separator: spaced), precedence)
        case .prefix(let symbol, let minimum):
            return Written(
                symbol + operands.map { $0.atLeast(minimum) }.joined(separator: ", "), .prefix)
        case .postfix(let symbol):
            return Written(
                operands.map { $0.atLeast(.postfix) }.joined(separator: ", ") + symbol, .postfix)
        case .power(let exponent):
            return Written(
                operands.map { $0.atLeast(.postfix) }.joined(separator: ", ")
                    + Self.exponent(exponent), .power)
        case .function(let name):
            return Written(name + "(" + operands.map(\.text).joined(separator: ", ") + ")", .atom)
        case .transparent:
            return operands.first ?? Written("", .atom)
        }
    }

    /// `²` and `³` as superscripts, any other exponent as `**c` (with a true minus sign).
    public static func exponent(_ value: Double) -> String {
        switch value {
        case 2: return "²"
        case 3: return "³"
        default: return "**" + formatParameter(value).replacingEvery("-", with: "−")
        }
    }
}

/// How an operation sends the gradient back to each of its inputs, as text: one formula per
/// input, in input order, in which `{g}` stands for the upstream gradient (∂L/∂y), `{0}`, `{1}`…
/// for the inputs and `{y}` for the output. A figure writes the names in (`∂z/∂z · y`) and, for
/// numbers, the values (`1 · 3`).
public struct GradientRule: Sendable, Equatable {
    public let formulas: [String]
    /// Whether the formula with the values of scalars written in still reads as arithmetic
    /// (`1 · 3`); not for rules that repeat, sum or reshape.
    public let isArithmetic: Bool

    public init(_ formulas: [String], isArithmetic: Bool = true) {
        self.formulas = formulas
        self.isArithmetic = isArithmetic
    }

    /// The formula for input `index` with the placeholders replaced.
    public func formula(for index: Int, upstream: String, inputs: [String], output: String)
        -> String
    {
        var text = formulas[index].replacingEvery("{g}", with: upstream)
            .replacingEvery("{y}", with: output)
        for (position, input) in inputs.enumerated() {
            text = text.replacingEvery("{\(position)}", with: input)
        }
        return text
    }
}

/// An element-wise operation of two inputs. Broadcasting never reaches it: the tape broadcasts
/// both inputs to the result's shape first (recording explicit `broadcast_to` steps), so the
/// backward never has to sum a gradient down to an input's shape (the broadcast step does that,
/// once, for every such operation).
public protocol ElementwiseBinaryOperation: Operation {}

extension ElementwiseBinaryOperation {
    public var arity: Int? { 2 }
    public var broadcastsInputs: Bool { true }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        try Shape.broadcast(inputs[0], inputs[1], op: name)
    }
}

/// An element-wise operation of one input; its output has the input's shape.
public protocol ElementwiseUnaryOperation: Operation {}

extension ElementwiseUnaryOperation {
    public var arity: Int? { 1 }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape { inputs[0] }
}

/// A number as a user would write it, for symbols, parameters and messages: `2`, `0.5`, `-1`,
/// `1e-05`.
public func formatParameter(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}
