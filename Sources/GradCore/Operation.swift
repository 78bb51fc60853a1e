/// One kind of recorded computation: how to check its inputs, compute its output, and send a
/// gradient back to each input.
///
/// An operation is a small value holding its parameters (an axis, an exponent, a repeat count).
/// Its three methods are the whole contract: `outputShape` validates and is called first, so
/// `forward` and `backward` may assume valid shapes.
public protocol Operation: Sendable {
    /// The name in the registry and in the expression language, e.g. `add`.
    var name: String { get }
    /// What a figure writes in the operation's node, e.g. `+` or `Σ axis=0`.
    var symbol: String { get }
    /// The parameters, in a fixed order, as text (for figures and tape dumps).
    var parameters: [OperationParameter] { get }
    /// The shape of the result, or the error a user should see for these input shapes.
    func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape
    func forward(_ inputs: [Tensor]) -> Tensor
    /// The gradient for each input, each of its input's shape, given ∂L/∂output (`upstream`).
    func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor]
}

extension Operation {
    public var parameters: [OperationParameter] { [] }
}

public struct OperationParameter: Equatable, Sendable {
    public let name: String
    public let value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An element-wise operation of two inputs. Broadcasting never reaches it: `Tape.record(_:_:_:)`
/// inserts explicit `broadcast_to` steps first, so both inputs have the result's shape and the
/// backward never has to sum a gradient down to an input's shape (the broadcast step does that,
/// once, for every such operation).
public protocol ElementwiseBinaryOperation: Operation {}

extension ElementwiseBinaryOperation {
    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        try Shape.broadcast(inputs[0], inputs[1], op: name)
    }
}

/// An element-wise operation of one input; its output has the input's shape.
public protocol ElementwiseUnaryOperation: Operation {}

extension ElementwiseUnaryOperation {
    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape { inputs[0] }
}

/// A number as a user would write it, for symbols, parameters and messages: `2`, `0.5`, `-1`,
/// `1e-05`.
public func formatParameter(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}
