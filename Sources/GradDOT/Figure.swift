import GradCore

/// What a figure shows, before it is written as DOT: nodes and the forward and backward edges
/// between them, with the tensors they carry. Built from a tape by `Figure.init(_:options:)`.
public struct Figure: Sendable {
    public enum NodeKind: Sendable, Equatable {
        /// An operation: its symbol (`+`, `Σ`) and its parameters as short text (`axis=0`).
        case operation(symbol: String, details: String?)
        /// A tensor that receives a gradient and has no inputs.
        case leaf
        /// A fixed number or tensor (the `2` in `x * 2`): muted, no backward edge.
        case constant(Tensor)
        /// Data the file named but that gets no gradient (`t = constant(…)`): drawn like a leaf,
        /// muted, its name and value on its edges.
        case namedConstant
        /// Where a tensor used several times splits into its uses.
        case branch
        /// Where the target (L) leaves the figure, on the right.
        case output
    }

    public struct Node: Sendable {
        public let id: String
        public let kind: NodeKind
    }

    /// The gradient that flowed back along an edge: ∂target/∂of, and for a branch's trunk the
    /// contributions of its uses, in tape order.
    public struct Gradient: Sendable {
        public let target: String
        public let of: String
        public let value: Tensor
        public let parts: [Tensor]
    }

    public struct Edge: Sendable {
        public let from: String
        public let to: String
        /// The tensor on the forward edge: its name (when it has one) and value.
        public let name: String?
        public let value: Tensor
        /// Nil for constants and without a backward pass.
        public let gradient: Gradient?
        /// ① or ② where operand order matters (sub, div, pow, matmul).
        public let operandMark: String?
        public let fromConstant: Bool
    }

    public let title: String?
    /// The digits after the point the figure's source asks for; `FigureOptions.precision`, when
    /// set, wins.
    public var precision: Int?
    public let nodes: [Node]
    public let edges: [Edge]

    /// The tape as the figure the article would draw: the target's ancestors (everything without
    /// a backward pass), a branch point for every tensor used more than once, and an output edge
    /// for the target carrying the upstream gradient.
    public init(
        tape: Tape, gradients: Gradients?, targetName: String?, title: String?,
        options: FigureOptions
    ) {
        var builder = FigureBuilder(
            tape: tape, gradients: gradients, targetName: targetName ?? "L",
            hideBroadcast: options.broadcast == .hide)
        builder.build()
        self.title = title
        self.nodes = builder.nodes
        self.edges = builder.edges
    }

    /// Human-readable warnings about the figure's numbers (nan or inf), one per tensor.
    public var nonFiniteWarnings: [String] {
        var warnings: [String] = []
        for edge in edges {
            if edge.value.scalars.contains(where: { !$0.isFinite }) {
                warnings.append("\(edge.name ?? "a value") contains nan or inf")
            }
            if let gradient = edge.gradient,
                gradient.value.scalars.contains(where: { !$0.isFinite })
            {
                warnings.append("∂\(gradient.target)/∂\(gradient.of) contains nan or inf")
            }
        }
        var seen = Set<String>()
        return warnings.filter { seen.insert($0).inserted }
    }
}

/// Walks the tape once and collects the figure's nodes and edges in a fixed order, so the same
/// tape always gives the same figure.
struct FigureBuilder {
    let tape: Tape
    let gradients: Gradients?
    let targetName: String
    let hideBroadcast: Bool
    var nodes: [Figure.Node] = []
    var edges: [Figure.Edge] = []

    /// One input slot of an operation that a tensor fills.
    struct Use {
        let consumer: Int
        let position: Int
        /// The input as recorded, which may be a hidden broadcast step in front of the source.
        let recordedInput: Int
    }

    init(tape: Tape, gradients: Gradients?, targetName: String, hideBroadcast: Bool) {
        self.tape = tape
        self.gradients = gradients
        self.targetName = targetName
        self.hideBroadcast = hideBroadcast
    }

    /// Broadcast steps are folded away when the user asks, and always for constants: copying
    /// the `1` of `1 + x` into a matrix teaches nothing and crowds the figure.
    private func isHidden(_ id: Int) -> Bool {
        guard tape.nodes[id].kind.operation?.isBroadcast == true else { return false }
        return hideBroadcast || tape.nodes[tape.nodes[id].inputs[0]].kind.isConstant
    }

    /// The node a figure draws for input `id`: through hidden broadcast steps to what they copy.
    private func source(of id: Int) -> Int {
        var id = id
        while isHidden(id) { id = tape.nodes[id].inputs[0] }
        return id
    }

    /// The nodes to draw: the target's ancestors, or the whole tape without a backward pass.
    private func visibleNodes() -> [Int] {
        guard let target = gradients?.target else {
            return tape.nodes.indices.filter { !isHidden($0) }
        }
        var visible = Set<Int>()
        var stack = [source(of: target)]
        while let id = stack.popLast() {
            guard visible.insert(id).inserted else { continue }
            stack.append(contentsOf: tape.nodes[id].inputs.map(source(of:)))
        }
        return visible.sorted()
    }

    mutating func build() {
        let visible = visibleNodes()
        var uses: [Int: [Use]] = [:]
        for id in visible {
            let node = tape.nodes[id]
            switch node.kind {
            case .leaf: nodes.append(Figure.Node(id: "n\(id)", kind: .leaf))
            case .constant where node.name != nil:
                nodes.append(Figure.Node(id: "n\(id)", kind: .namedConstant))
            case .constant: nodes.append(Figure.Node(id: "n\(id)", kind: .constant(node.value)))
            case .operation(let op):
                nodes.append(
                    Figure.Node(
                        id: "n\(id)",
                        kind: .operation(symbol: op.symbol, details: details(of: op, node: node))))
            }
            for (position, input) in node.inputs.enumerated() {
                uses[source(of: input), default: []].append(
                    Use(consumer: id, position: position, recordedInput: input))
            }
        }
        for id in visible {
            guard let useList = uses[id] else { continue }
            let node = tape.nodes[id]
            if useList.count == 1 || (node.kind.isConstant && node.name == nil) {
                for use in useList { addUseEdge(from: "n\(id)", source: id, use: use) }
                continue
            }
            // A tensor used k times leaves through a branch point: the trunk carries the sum of
            // the k gradients that come back along the branches.
            let branch = "b\(id)"
            nodes.append(Figure.Node(id: branch, kind: .branch))
            let parts = useList.compactMap { gradient(for: $0) }
            edges.append(
                Figure.Edge(
                    from: "n\(id)", to: branch, name: node.name, value: node.value,
                    gradient: gradients.flatMap { $0.totals[id] }.map {
                        Figure.Gradient(
                            target: targetName, of: displayName(id), value: $0, parts: parts)
                    },
                    operandMark: nil, fromConstant: node.kind.isConstant))
            for use in useList { addUseEdge(from: branch, source: id, use: use) }
        }
        if let gradients {
            let target = source(of: gradients.target)
            nodes.append(Figure.Node(id: "out", kind: .output))
            edges.append(
                Figure.Edge(
                    from: "n\(target)", to: "out",
                    name: tape.nodes[gradients.target].name ?? targetName,
                    value: tape.nodes[gradients.target].value,
                    gradient: Figure.Gradient(
                        target: targetName, of: displayName(gradients.target),
                        value: gradients.upstream, parts: []),
                    operandMark: nil, fromConstant: false))
        }
    }

    private mutating func addUseEdge(from: String, source: Int, use: Use) {
        let node = tape.nodes[source]
        let isConstant = node.kind.isConstant
        edges.append(
            Figure.Edge(
                from: from, to: "n\(use.consumer)", name: node.name, value: node.value,
                gradient: isConstant
                    ? nil
                    : gradient(for: use).map {
                        Figure.Gradient(
                            target: targetName, of: displayName(source), value: $0, parts: [])
                    },
                operandMark: operandMark(use), fromConstant: isConstant))
    }

    /// The gradient that came back through one use: along the edge itself, or, when hidden
    /// broadcast steps stand in between, along the edge into the first of them (already summed
    /// down to the source's shape).
    private func gradient(for use: Use) -> Tensor? {
        guard let gradients else { return nil }
        var edge = GradCore.Edge(consumer: use.consumer, position: use.position)
        var id = use.recordedInput
        while isHidden(id) {
            edge = GradCore.Edge(consumer: id, position: 0)
            id = tape.nodes[id].inputs[0]
        }
        return gradients.edges[edge]
    }

    /// ① and ② on the inputs of operations whose operand order matters.
    private func operandMark(_ use: Use) -> String? {
        guard let op = tape.nodes[use.consumer].kind.operation, op.operandOrderMatters,
            tape.nodes[use.consumer].inputs.count == 2
        else { return nil }
        return use.position == 0 ? "①" : "②"
    }

    private func details(of op: any Operation, node: Node) -> String? {
        op.details(inputShapes: node.inputs.map { tape.nodes[$0].shape }, outputShape: node.shape)
    }

    /// What to call a tensor in `∂L/∂…`: its name, or a short expression for an unnamed
    /// intermediate (`x×y`, `Wᵀ`), or `·` when that would be long.
    func displayName(_ id: Int) -> String {
        if let name = tape.nodes[id].name { return name }
        // A broadcast copy is called by its input's name; its shape tells the two apart.
        if let op = tape.nodes[id].kind.operation, op.notation == .transparent {
            return displayName(tape.nodes[id].inputs[0])
        }
        let name = expression(id, depth: 0)
        return name.count <= 14 ? "(" + name + ")" : "(·)"
    }

    /// A short expression for an unnamed tensor, in its operations' own notation (`x×y`,
    /// `Σ(a×b)`, `exp(a)`), with `…` below a few levels.
    private func expression(_ id: Int, depth: Int) -> String {
        let node = tape.nodes[id]
        if let name = node.name { return name }
        if depth > 3 { return "…" }
        switch node.kind {
        case .leaf: return "·"
        case .constant:
            return node.value.count == 1
                ? FigureNumbers(precision: 3).format(node.value.scalars[0]) : "c"
        case .operation(let op):
            if op.notation == .transparent { return expression(node.inputs[0], depth: depth) }
            let operands = node.inputs.map { expression($0, depth: depth + 1) }
            // An operand that is itself an unnamed operation is compound: it gets brackets
            // where it stands next to a symbol.
            let compound = node.inputs.map { input in
                tape.nodes[input].name == nil
                    && tape.nodes[input].kind.operation.map { $0.notation != .transparent } == true
            }
            return op.notation.write(operands, compound: compound)
        }
    }
}
