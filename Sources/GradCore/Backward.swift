/// An edge of the graph: input number `position` of the operation node `consumer`.
public struct Edge: Hashable, Sendable, Comparable {
    public let consumer: Int
    public let position: Int

    public init(consumer: Int, position: Int) {
        self.consumer = consumer
        self.position = position
    }

    public static func < (a: Edge, b: Edge) -> Bool {
        (a.consumer, a.position) < (b.consumer, b.position)
    }
}

/// The result of one backward pass: what flowed along every edge, and every node's total.
///
/// This is a value computed from scratch by each `backward` call; nothing is stored on the tape
/// and nothing accumulates across calls, so there are no stale intermediate gradients. To add the
/// gradients of several losses, take the backward pass of their sum.
public struct Gradients: Sendable {
    /// The node the pass started from (L).
    public let target: Int
    /// ∂L/∂target: ones, or the upstream gradient that was given.
    public let upstream: Tensor
    /// ∂L/∂node for the target and for every node on a path to it that requires a gradient, and
    /// for every operation's result on such a path (whose inputs may require none).
    public let totals: [Int: Tensor]
    /// The gradient that flowed along each edge into an input that requires a gradient. A node's
    /// total is the sum of the gradients on its outgoing edges (plus `upstream` for the target).
    public let edges: [Edge: Tensor]

    public func total(_ variable: Variable) -> Tensor? { totals[variable.id] }

    /// The gradient on the edge from input `position` into `consumer`.
    public func edge(_ consumer: Variable, input position: Int) -> Tensor? {
        edges[Edge(consumer: consumer.id, position: position)]
    }

    /// Every edge that sent a gradient back to `node`, in tape order: the contributions whose sum
    /// is the node's total (a node used twice, as in `x + x`, has two).
    public func contributions(to node: Int, on tape: Tape) -> [Contribution] {
        edges.filter { tape.nodes[$0.key.consumer].inputs[$0.key.position] == node }
            .sorted { $0.key < $1.key }
            .map { Contribution(edge: $0.key, gradient: $0.value) }
    }
}

/// One use's share of a node's gradient: what flowed back along one outgoing edge.
public struct Contribution: Sendable, Equatable {
    public let edge: Edge
    public let gradient: Tensor
}

extension Tape {
    /// Reverse-mode differentiation of `target` (L), weighted by `upstream` (ones by default):
    /// walks the tape backwards from the target, asks each operation for its inputs' gradients,
    /// records each edge's gradient and sums them into each input's total.
    ///
    /// With `leavesOnly`, the pass keeps no edge's gradient and reports only the leaves'
    /// totals: what a training loop needs from each pass it does not draw, at less cost.
    public func backward(_ target: Variable, upstream: Tensor? = nil, leavesOnly: Bool = false)
        throws(TensorError) -> Gradients
    {
        precondition(target.tape === self, "The target is on another tape")
        let seed = upstream ?? Tensor.ones(target.shape)
        guard seed.shape == target.shape else {
            throw .upstreamShape(seed.shape, target: target.shape)
        }
        var pending = [Tensor?](repeating: nil, count: target.id + 1)
        pending[target.id] = seed
        var edges: [Edge: Tensor] = [:]
        for id in stride(from: target.id, through: 0, by: -1) {
            let node = nodes[id]
            guard let gradient = pending[id], let op = node.kind.operation, node.requiresGradient
            else { continue }
            let inputValues = node.inputs.map { nodes[$0].value }
            let inputGradients = op.backward(inputValues, output: node.value, upstream: gradient)
            precondition(
                inputGradients.count == node.inputs.count,
                "'\(op.name)' returned the wrong number of gradients")
            // Every input that needs a gradient, and every operation's result on a path to the
            // target even when nothing before it does (`loss1 = loss0.detach() * 2` in
            // `total = loss0 + loss1`): its gradient is reported, and goes no further. Data
            // (`constant(…)`, `.detach()`) gets none, as PyTorch's detached tensors have none.
            for (position, input) in node.inputs.enumerated()
            where nodes[input].requiresGradient || nodes[input].kind.operation != nil {
                let contribution = inputGradients[position]
                precondition(
                    contribution.shape == nodes[input].shape,
                    "'\(op.name)' gave a gradient of shape \(contribution.shape) for an input of shape \(nodes[input].shape)"
                )
                if !leavesOnly { edges[Edge(consumer: id, position: position)] = contribution }
                pending[input] = pending[input].map { $0 + contribution } ?? contribution
            }
            // A leaves-only pass drops each operation's gradient once it has been passed on.
            if leavesOnly { pending[id] = nil }
        }
        var totals: [Int: Tensor] = [:]
        for (id, total) in pending.enumerated() {
            guard let total else { continue }
            if leavesOnly, case .operation = nodes[id].kind { continue }
            totals[id] = total
        }
        return Gradients(target: target.id, upstream: seed, totals: totals, edges: edges)
    }
}
