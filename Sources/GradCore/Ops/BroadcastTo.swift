/// y = broadcast_to(x, shape): copies x along the axes where it has size 1 or is missing.
///
/// The engine records one of these whenever an element-wise operation broadcasts an input, so a
/// figure can draw broadcasting as the article does: a Repeat, whose backward is a Sum. That
/// backward (summing the gradient down to x's shape) lives here once, instead of in every binary
/// operation.
public struct BroadcastTo: Operation {
    public let shape: Shape

    public init(_ shape: Shape) { self.shape = shape }

    public var name: String { "broadcast_to" }
    public var symbol: String { "broadcast" }
    public var parameters: [OperationParameter] { [OperationParameter("shape", shape.description)] }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        guard inputs[0].canBroadcast(to: shape) else {
            throw .invalidArgument("broadcast_to: cannot broadcast shape \(inputs[0]) to \(shape)")
        }
        return shape
    }

    public func forward(_ inputs: [Tensor]) -> Tensor { inputs[0].broadcast(to: shape) }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream.summed(toShape: inputs[0].shape)]
    }

    public static let script = ScriptFunction(
        "broadcast_to", signature: "broadcast_to(x, d…)",
        summary: "x copied along new or size-1 axes to the shape d…"
    ) { args in
        let x = try args.tensor("x")
        guard let dims = try args.intList("shape") else {
            throw TensorError.invalidArgument("broadcast_to: missing the target shape")
        }
        guard dims.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidArgument("broadcast_to: negative dimensions are not allowed")
        }
        return try x.tape.record(BroadcastTo(Shape(dims)), [x])
    }
}

extension Variable {
    /// This variable broadcast to `shape`, recorded as a step only when the shape changes.
    public func broadcast(to shape: Shape) throws(TensorError) -> Variable {
        shape == self.shape ? self : try tape.record(BroadcastTo(shape), [self])
    }
}
