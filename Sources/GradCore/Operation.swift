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

    /// What a figure writes in the operation's node, e.g. `+` or `Σ`.
    var symbol: String { get }
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
    /// How the gradient flows back to each input, as text a figure can show; nil when the
    /// operation does not state it.
    var gradientRule: GradientRule? { get }

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
    public var isBroadcast: Bool { false }
    public var parameters: [OperationParameter] { [] }
    public var gradientRule: GradientRule? { nil }

    public func details(inputShapes: [Shape], outputShape: Shape) -> String? {
        let text = parameters.map(\.text).joined(separator: ", ")
        return text.isEmpty ? nil : text
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

/// How an operation applied to its operands is written in a figure's names: `x×y`, `−x`, `Wᵀ`,
/// `x²`, `exp(x)`.
public enum Notation: Sendable, Equatable {
    /// Between two operands: `x×y`, `x@W`.
    case infix(String)
    /// Before the operand: `−x`, `Σx`.
    case prefix(String)
    /// After the operand: `Wᵀ`.
    case postfix(String)
    /// A constant exponent: `x²`, `x³`, `x**0.5`.
    case power(Double)
    /// A function call: `exp(x)`, `mean(x)`.
    case function(String)
    /// Not written at all: the result is written as its only operand (a broadcast copy, which a
    /// figure tells apart by its shape).
    case transparent

    /// The operation written around its operands' texts. An operand that is itself an unnamed
    /// operation (`compound`) is bracketed where it stands next to a symbol (`(x+y)ᵀ`,
    /// `Σ(x×y)`), but not inside a function's parentheses (`log(x+y)`).
    public func write(_ operands: [String], compound: [Bool]) -> String {
        let bracketed = zip(operands, compound).map { text, isCompound in
            isCompound ? "(" + text + ")" : text
        }
        switch self {
        case .infix(let symbol): return bracketed.joined(separator: symbol)
        case .prefix(let symbol): return symbol + bracketed.joined(separator: ", ")
        case .postfix(let symbol): return bracketed.joined(separator: ", ") + symbol
        case .power(let exponent):
            return bracketed.joined(separator: ", ") + Self.exponent(exponent)
        case .function(let name): return name + "(" + operands.joined(separator: ", ") + ")"
        case .transparent: return operands.first ?? ""
        }
    }

    /// `²` and `³` as superscripts, any other exponent as `**c`.
    public static func exponent(_ value: Double) -> String {
        switch value {
        case 2: return "²"
        case 3: return "³"
        default: return "**" + formatParameter(value)
        }
    }
}

/// How an operation sends the gradient back to each of its inputs, as text: one formula per
/// input, in input order. Figures show it beside the numbers (`render --explain`).
public struct GradientRule: Sendable, Equatable {
    public let formulas: [String]

    public init(_ formulas: [String]) {
        self.formulas = formulas
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
