/// y = broadcast_to(x, shape): copies x along the axes where it has size 1 or is missing.
///
/// The tape records one of these whenever an element-wise operation broadcasts an input, so a
/// figure can draw broadcasting as the article does: a Repeat, whose backward is a Sum. That
/// backward (summing the gradient down to x's shape) lives here once, instead of in every binary
/// operation.
public struct BroadcastTo: Operation {
    public static let name = "broadcast_to"
    public let shape: Shape

    public init(_ shape: Shape) { self.shape = shape }

    public var arity: Int? { 1 }
    public var symbol: String { "broadcast" }
    public var notation: Notation { .transparent }
    public var isBroadcast: Bool { true }

    /// The copies' gradients summed back: over the axes broadcasting added, and, kept, over the
    /// size-1 axes it stretched (`sum(∂L/∂y, axis=0)` for (2,) → (3, 2)).
    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        let input = inputShapes[0]
        let added = outputShape.rank - input.rank
        let stretched = (0..<input.rank).filter {
            input.dims[$0] == 1 && outputShape.dims[$0 + added] != 1
        }
        func axes(_ list: [Int]) -> String { list.count == 1 ? String(list[0]) : Shape.text(list) }
        var text = "{g}"
        if added > 0 { text = "sum(\(text), axis=\(axes(Array(0..<added))))" }
        if !stretched.isEmpty { text = "sum(\(text), axis=\(axes(stretched)), keepdims=True)" }
        return GradientRule([text], isArithmetic: false)
    }
    public var parameters: [OperationParameter] {
        [OperationParameter("shape", shape.description)]
    }
    /// `(2,) → (2, 2)`: where the copy starts and ends.
    public func details(inputShapes: [Shape], outputShape: Shape) -> String? {
        "\(inputShapes[0]) → \(outputShape)"
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        guard inputs[0].canBroadcast(to: shape) else {
            throw .invalidArgument("broadcast_to: cannot broadcast shape \(inputs[0]) to \(shape)")
        }
        return shape
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].broadcast(to: outputShape)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [upstream.summed(toShape: inputs[0].shape)]
    }

    public static let script = ScriptFunction(
        BroadcastTo.self, signature: "broadcast_to(x, d…)",
        summary: "x copied along new or size-1 axes to the shape d…"
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        guard let dims = try args.intList("shape") else {
            throw ScriptError("broadcast_to: missing the target shape")
        }
        guard dims.allSatisfy({ $0 >= 0 }) else {
            throw ScriptError("broadcast_to: negative dimensions are not allowed")
        }
        return OperationCall(BroadcastTo(Shape(dims)), [x])
    }
}

extension Variable {
    /// This variable broadcast to `shape`, recorded as a step only when the shape changes.
    public func broadcast(to shape: Shape) throws(TensorError) -> Variable {
        shape == self.shape ? self : try tape.record(BroadcastTo(shape), [self])
    }
}
