/// The record of a computation: every tensor made or computed, in creation order.
///
/// Creation order is already a topological order (an operation's inputs exist before it), so
/// the backward pass walks the tape in reverse with no graph search, and a node's position is
/// its stable ID: the same program always gives the same IDs, and so the same figure.
public final class Tape {
    /// Bounds that keep a hostile or mistaken program from exhausting memory.
    public struct Limits: Sendable {
        public var maxElements: Int
        public var maxNodes: Int
        /// All the tensors a program makes, in elements: 60 million doubles are 480 MB, and
        /// their gradients (one a node and one an edge) at most three times that, under 2 GiB.
        public var maxTotalElements: Int
        /// The forward and backward work of a whole program, in multiply-adds of the matrix
        /// kernel (`Operation.work`, three times each: the forward step and two products back):
        /// about 10 s on a 2-core machine (a 2,500² `x @ x` with its backward is 5 s; 3,000² is
        /// refused).
        public var maxWork: Int
        public init(
            maxElements: Int = 10_000_000, maxNodes: Int = 100_000,
            maxTotalElements: Int = 60_000_000, maxWork: Int = 60_000_000_000
        ) {
            self.maxElements = maxElements
            self.maxNodes = maxNodes
            self.maxTotalElements = maxTotalElements
            self.maxWork = maxWork
        }
    }

    public private(set) var nodes: [Node] = []
    public let limits: Limits
    /// The work recorded so far, forward and backward (see `Limits.maxWork`).
    public private(set) var work = 0
    /// The elements of every tensor recorded so far.
    public private(set) var totalElements = 0

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// A tensor that receives a gradient: a parameter or an input the user named.
    public func leaf(_ value: Tensor, name: String? = nil) throws(TensorError) -> Variable {
        try append(kind: .leaf, inputs: [], value: value, name: name)
    }

    /// A fixed number (the `2` in `x * 2`): drawn, but it receives no gradient.
    public func constant(_ value: Tensor) throws(TensorError) -> Variable {
        try append(kind: .constant, inputs: [], value: value, name: nil)
    }

    /// Throws unless a tensor of `shape` fits the element limit. Constructors call this before
    /// they allocate; `record` calls it before computing any result.
    public func checkSize(of shape: Shape, op: String) throws(TensorError) {
        guard let count = shape.checkedCount, count <= limits.maxElements else {
            throw .tooManyElements(shape, limit: limits.maxElements, op: op)
        }
    }

    /// Applies `op` to `inputs` and records it. For an operation that broadcasts its inputs
    /// (the element-wise ones), each input whose shape differs from the result's is first
    /// recorded as a `broadcast_to` step, as the article draws it; so `forward` always receives
    /// inputs of the shapes `outputShape` accepted, and a figure can show the copy and the sum
    /// that undoes it.
    public func record(_ op: some Operation, _ inputs: [Variable]) throws(TensorError) -> Variable {
        precondition(
            inputs.allSatisfy { $0.tape === self },
            "All inputs of '\(op.name)' must be on this tape")
        if let arity = op.arity {
            precondition(
                inputs.count == arity, "'\(op.name)' takes \(arity) inputs, got \(inputs.count)")
        }
        let inputShapes = inputs.map(\.shape)
        let shape = try op.outputShape(inputShapes)
        try checkSize(of: shape, op: op.name)
        let (cost, overflow) = op.work(inputShapes: inputShapes, outputShape: shape)
            .multipliedReportingOverflow(by: 3)
        guard !overflow, cost <= limits.maxWork - work else {
            throw .tooMuchWork(limit: limits.maxWork, op: op.name)
        }
        work += cost
        var inputs = inputs
        if op.broadcastsInputs {
            for index in inputs.indices where inputs[index].shape != shape {
                inputs[index] = try record(BroadcastTo(shape), [inputs[index]])
            }
        }
        let value = op.forward(inputs.map(\.value), outputShape: shape)
        precondition(
            value.shape == shape, "'\(op.name)' computed \(value.shape), promised \(shape)")
        return try append(kind: .operation(op), inputs: inputs.map(\.id), value: value, name: nil)
    }

    /// The value of node `target` computed again from the recorded operations, with the
    /// leaves in `replacing` given other values: how `check` perturbs one pass of a training
    /// loop without running the program again.
    public func replayValue(of target: Int, replacing leaves: [Int: Tensor]) -> Tensor {
        var needed = [Bool](repeating: false, count: target + 1)
        needed[target] = true
        for id in stride(from: target, through: 0, by: -1) where needed[id] {
            for input in nodes[id].inputs { needed[input] = true }
        }
        var values = [Tensor?](repeating: nil, count: target + 1)
        for id in 0...target where needed[id] {
            let node = nodes[id]
            switch node.kind {
            case .leaf: values[id] = leaves[id] ?? node.value
            case .constant: values[id] = node.value
            case .operation(let op):
                values[id] = op.forward(node.inputs.map { values[$0]! }, outputShape: node.shape)
            }
        }
        return values[target]!
    }

    /// Forgets every node, for a scratch tape reused statement after statement (what it held
    /// was copied out as values).
    public func removeAll() {
        nodes.removeAll(keepingCapacity: true)
        work = 0
        totalElements = 0
    }

    /// Gives a node the name a program bound it to (a later binding of the same name wins).
    public func setName(_ name: String?, of variable: Variable) {
        precondition(variable.tape === self)
        nodes[variable.id].name = name
    }

    private func append(kind: Node.Kind, inputs: [Int], value: Tensor, name: String?)
        throws(TensorError) -> Variable
    {
        guard nodes.count < limits.maxNodes else {
            throw .tooManyOperations(limit: limits.maxNodes)
        }
        try checkSize(of: value.shape, op: kind.name)
        guard value.count <= limits.maxTotalElements - totalElements else {
            throw .tooManyElementsInAll(limit: limits.maxTotalElements, op: kind.name)
        }
        totalElements += value.count
        let requiresGradient: Bool
        switch kind {
        case .leaf: requiresGradient = true
        case .constant: requiresGradient = false
        case .operation: requiresGradient = inputs.contains { nodes[$0].requiresGradient }
        }
        nodes.append(
            Node(
                id: nodes.count, kind: kind, inputs: inputs, value: value, name: name,
                requiresGradient: requiresGradient))
        return Variable(tape: self, id: nodes.count - 1)
    }
}

/// One entry of the tape.
public struct Node: Sendable {
    public enum Kind: Sendable {
        case leaf
        case constant
        case operation(any Operation)

        /// `leaf`, `constant`, or the operation's name.
        public var name: String {
            switch self {
            case .leaf: return "leaf"
            case .constant: return "constant"
            case .operation(let op): return op.name
            }
        }

        public var isConstant: Bool {
            if case .constant = self { return true }
            return false
        }

        public var operation: (any Operation)? {
            if case .operation(let op) = self { return op }
            return nil
        }
    }

    /// The position on the tape.
    public let id: Int
    public let kind: Kind
    /// The IDs of the inputs, in the operation's argument order (an ID may appear twice: `x + x`).
    public let inputs: [Int]
    public let value: Tensor
    /// The program's name for this tensor, if it was bound to one.
    public internal(set) var name: String?
    /// Whether a gradient flows to this node: leaves, and operations with such an input.
    public let requiresGradient: Bool

    public var shape: Shape { value.shape }
}

/// A handle to a tensor recorded on a tape; the Swift API of every operation is on this type.
public struct Variable {
    public let tape: Tape
    public let id: Int

    public var node: Node { tape.nodes[id] }
    // Each reads its field straight from the tape, without copying the whole node.
    public var value: Tensor { tape.nodes[id].value }
    public var shape: Shape { tape.nodes[id].value.shape }
    public var name: String? { tape.nodes[id].name }
}
