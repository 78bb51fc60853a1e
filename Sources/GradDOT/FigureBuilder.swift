import GradCore

/// Walks the tape once and collects the figure's nodes and edges in a fixed order, so the same
/// tape always gives the same figure. Every name, rule and number it writes comes from the tape
/// and from the operations' own descriptions.
struct FigureBuilder {
    let tape: Tape
    let gradients: Gradients?
    /// What the gradients are of: `z` in ∂z/∂x (numbered like the target when the file rebinds
    /// its name: ∂h₄/∂h₁).
    private(set) var targetName: String
    let hideBroadcast: Bool
    var nodes: [Figure.Node] = []
    var edges: [Figure.Edge] = []
    var operations: [Figure.Operation] = []
    /// For each edge, when backward computes its gradient: (node, position), see `numberBlanks`.
    private var computedAt: [(node: Int, position: Int)?] = []
    private var names = FigureNames(tape: Tape(), visible: [])

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

    mutating func build(loss: String?) {
        let visible = visibleNodes()
        names = FigureNames(tape: tape, visible: visible)
        if let target = gradients?.target, tape.nodes[target].name == targetName {
            targetName = names.label(of: target)
        }
        var uses: [Int: [Use]] = [:]
        for id in visible {
            let node = tape.nodes[id]
            let kind: Figure.NodeKind
            switch node.kind {
            case .leaf: kind = .leaf
            case .constant where node.name != nil: kind = .namedConstant
            case .constant: kind = .constant(node.value)
            case .operation(let op):
                kind = .operation(
                    symbol: symbol(of: op, node: node), details: details(of: op, node: node))
            }
            nodes.append(Figure.Node(id: "n\(id)", kind: kind, tapeID: id))
            for (position, input) in node.inputs.enumerated() {
                uses[source(of: input), default: []].append(
                    Use(consumer: id, position: position, recordedInput: input))
            }
        }
        for id in visible {
            guard let useList = uses[id] else { continue }
            let node = tape.nodes[id]
            if useList.count == 1 || (node.kind.isConstant && node.name == nil) {
                for use in useList {
                    addUseEdge(
                        from: "n\(id)", source: id, use: use, carriesTotal: useList.count == 1,
                        via: nil)
                }
                continue
            }
            // A tensor used k times leaves through a branch point: the trunk carries the sum of
            // the k gradients that come back along the branches, each labelled as its path's.
            let branch = "b\(id)"
            nodes.append(Figure.Node(id: branch, kind: .branch, tapeID: nil))
            let parts = useList.compactMap { gradient(for: $0) }
            computedAt.append((id, -1))
            edges.append(
                Figure.Edge(
                    from: "n\(id)", to: branch, label: names.label(of: id),
                    isNamed: node.name != nil,
                    value: node.value,
                    gradient: gradients.flatMap { $0.totals[id] }.map {
                        Figure.Gradient(
                            label: derivative(of: id), value: $0, parts: parts, rule: nil,
                            arithmetic: nil)
                    },
                    operandMark: nil, fromConstant: node.kind.isConstant, source: id,
                    carriesTotal: true))
            let paths = pathNames(useList)
            for (use, path) in zip(useList, paths) {
                addUseEdge(from: branch, source: id, use: use, carriesTotal: false, via: path)
            }
        }
        if let gradients {
            let target = gradients.target
            nodes.append(Figure.Node(id: "out", kind: .output(loss), tapeID: nil))
            computedAt.append(nil)
            edges.append(
                Figure.Edge(
                    from: "n\(source(of: target))", to: "out", label: names.label(of: target),
                    isNamed: tape.nodes[target].name != nil, value: tape.nodes[target].value,
                    gradient: Figure.Gradient(
                        label: derivative(of: target), value: gradients.upstream, parts: [],
                        rule: nil,
                        arithmetic: nil),
                    operandMark: nil, fromConstant: false, source: target, carriesTotal: false))
        }
        numberBlanks()
        assignElementIDs()
        describeOperations()
    }

    /// The drawn operations in tape order, each with its forward step in words:
    /// `z = x × y = 6` (every infix symbol spaced, as one says it).
    private mutating func describeOperations() {
        for node in nodes {
            guard case .operation = node.kind, let id = node.tapeID,
                let op = tape.nodes[id].kind.operation
            else { continue }
            let result = tape.nodes[id]
            let operands = result.inputs.map { names.written(source(of: $0)) }
            let expression =
                op.isBroadcast
                ? "copy of " + operands[0].text : op.notation.write(operands, spaced: true).text
            let label = names.label(of: id)
            var text = label == expression ? label : label + " = " + expression
            text +=
                result.value.rank == 0
                ? " = " + FigureNumbers(precision: 3).format(result.value.scalars[0])
                : " " + result.shape.description
            operations.append(Figure.Operation(node: node.elementID, tapeID: id, forward: text))
        }
    }

    /// Gives every node and edge an SVG id derived from the names it carries, and a tooltip
    /// with its whole value (NumPy's text, summarised past 1,000 elements).
    private mutating func assignElementIDs() {
        var taken = Set<String>()
        func unique(_ proposed: String) -> String {
            var id = Self.safeID(proposed)
            var suffix = 2
            while !taken.insert(id).inserted {
                id = Self.safeID(proposed) + "-\(suffix)"
                suffix += 1
            }
            return id
        }
        var byDOTID: [String: String] = [:]
        for index in nodes.indices {
            let node = nodes[index]
            let proposed: String
            let tooltip: String
            var classes = ""
            switch node.kind {
            case .leaf, .namedConstant:
                let id = node.tapeID!
                proposed = names.label(of: id)
                tooltip =
                    "\(node.kind == .leaf ? "leaf" : "named constant") "
                    + Self.describe(names.label(of: id), tape.nodes[id].value)
                classes = node.kind == .leaf ? "leaf" : "leaf constant"
            case .constant(let value):
                proposed = "const-\(node.tapeID!)"
                tooltip = "constant " + Self.describe("", value)
                classes = "constant"
            case .operation:
                let id = node.tapeID!
                let op = tape.nodes[id].kind.operation!
                proposed =
                    "op-"
                    + (tape.nodes[id].name.map { _ in names.label(of: id) } ?? "\(op.name)-\(id)")
                tooltip = "\(op.name): " + Self.describe(names.label(of: id), tape.nodes[id].value)
                classes = "op op-" + Self.safeID(op.name)
            case .branch:
                let source = Int(node.id.dropFirst())!
                proposed = "branch-" + names.label(of: source)
                tooltip =
                    "\(names.label(of: source)) is used several times: its gradient is the sum of the paths'"
                classes = "branch"
            case .output(let loss):
                proposed = "output"
                tooltip = loss ?? "the target of backward"
                classes = "output"
            case .failure(let symbol):
                proposed = "failed"
                tooltip = "\(symbol) failed"
                classes = "op failure"
            }
            nodes[index].elementID = unique(proposed)
            nodes[index].tooltip = tooltip
            nodes[index].classes = classes
            byDOTID[node.id] = nodes[index].elementID
        }
        for index in edges.indices {
            let from = byDOTID[edges[index].from] ?? edges[index].from
            let to = byDOTID[edges[index].to] ?? edges[index].to
            edges[index].elementID = unique(from + "--" + to)
        }
    }

    /// Letters of any script, digits, `_` and `-`; anything else becomes `_`, and an id never
    /// starts with a digit or `-`.
    static func safeID(_ text: String) -> String {
        var id = ""
        for scalar in text.unicodeScalars {
            let allowed =
                scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar == "_" || scalar == "-"
            id.unicodeScalars.append(allowed ? scalar : "_")
        }
        if id.isEmpty || id.first!.isNumber || id.first == "-" { id = "x" + id }
        return id
    }

    /// `x = 2.5`, or `x (2, 3) =` and the value as NumPy prints it.
    static func describe(_ label: String, _ value: Tensor) -> String {
        DOTWriter.describe(label, value)
    }

    /// The operation that refused its inputs (`render --draw-errors`), in the error colour, with
    /// an edge from each input carrying its value and shape.
    mutating func addFailure(symbol: String, inputs: [Int]) {
        let failure = "failed"
        var node = Figure.Node(id: failure, kind: .failure(symbol: symbol), tapeID: nil)
        node.elementID = "failed"
        node.tooltip = "\(symbol) failed"
        node.classes = "op failure"
        nodes.append(node)
        for (position, input) in inputs.enumerated() {
            let node = tape.nodes[input]
            computedAt.append(nil)
            edges.append(
                Figure.Edge(
                    from: "n\(source(of: input))", to: failure, label: names.label(of: input),
                    isNamed: node.name != nil, value: node.value, gradient: nil,
                    operandMark: inputs.count == 2 ? (position == 0 ? "①" : "②") : nil,
                    fromConstant: node.kind.isConstant, source: input, carriesTotal: false))
            let from = nodes.first { $0.tapeID == source(of: input) }?.elementID ?? "n\(input)"
            edges[edges.count - 1].elementID = from + "--failed-\(position + 1)"
        }
    }

    /// `∂z/∂x`: the derivative of the target with respect to a node, as the figure names it.
    private func derivative(of id: Int) -> String {
        "∂\(targetName)/∂" + names.written(id).atLeast(.atom)
    }

    /// The symbol in an operation's node: its own, or written around its operand's name
    /// (`s²`, `−(·)`) where it shows the operand.
    private func symbol(of op: any Operation, node: Node) -> String {
        guard op.symbolShowsOperand else { return op.symbol }
        let operands = node.inputs.map { input -> Written in
            let id = source(of: input)
            return tape.nodes[id].name != nil ? names.written(id) : Written("(·)", .atom)
        }
        return op.notation.write(operands).text
    }

    private func details(of op: any Operation, node: Node) -> String? {
        op.details(inputShapes: node.inputs.map { tape.nodes[$0].shape }, outputShape: node.shape)
    }

    /// What each path of a branch is called: `via ×` by its consumer's symbol, numbered where two
    /// paths go through the same symbol (`via +₁`, `via +₂`).
    private func pathNames(_ uses: [Use]) -> [String] {
        let symbols = uses.map { use -> String in
            guard let op = tape.nodes[use.consumer].kind.operation else { return "·" }
            return op.symbolShowsOperand ? op.notation.write([Written("·", .atom)]).text : op.symbol
        }
        var counts: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for symbol in symbols { counts[symbol, default: 0] += 1 }
        return symbols.map { symbol in
            guard counts[symbol]! > 1 else { return "via " + symbol }
            seen[symbol, default: 0] += 1
            return "via " + symbol + FigureNames.subscripted(seen[symbol]!)
        }
    }

    private mutating func addUseEdge(
        from: String, source: Int, use: Use, carriesTotal: Bool, via path: String?
    ) {
        let node = tape.nodes[source]
        let isConstant = node.kind.isConstant
        var backward: Figure.Gradient?
        if !isConstant, let value = gradient(for: use) {
            let label = derivative(of: source) + (path.map { " " + $0 } ?? "")
            let (rule, arithmetic) = explanation(of: use)
            backward = Figure.Gradient(
                label: label, value: value, parts: [], rule: rule, arithmetic: arithmetic)
        }
        computedAt.append((use.consumer, use.position))
        edges.append(
            Figure.Edge(
                from: from, to: "n\(use.consumer)", label: names.label(of: source),
                isNamed: node.name != nil,
                value: node.value, gradient: backward, operandMark: operandMark(use),
                fromConstant: isConstant, source: source, carriesTotal: carriesTotal))
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

    /// The rule behind one use's gradient, with the names written in (`∂z/∂z · y`), and for
    /// scalars its arithmetic (`1 · 3`). Hidden broadcast steps wrap the consumer's rule in
    /// their own (`sum(∂L/∂y, axis=0)`).
    private func explanation(of use: Use) -> (String?, Figure.Arithmetic?) {
        guard let gradients, let upstream = gradients.totals[use.consumer] else {
            return (nil, nil)
        }
        let consumer = tape.nodes[use.consumer]
        guard let op = consumer.kind.operation else { return (nil, nil) }
        let inputs = consumer.inputs
        let rule = op.gradientRule(
            inputShapes: inputs.map { tape.nodes[$0].shape }, outputShape: consumer.shape)
        var text = rule.formula(
            for: use.position, upstream: derivative(of: use.consumer),
            inputs: inputs.map { names.written(source(of: $0)).atLeast(.atom) },
            output: names.written(use.consumer).atLeast(.atom))
        var arithmetic: Figure.Arithmetic?
        let scalars = ([upstream, consumer.value] + inputs.map { tape.nodes[$0].value }).allSatisfy
        { $0.rank == 0 }
        if rule.isArithmetic, scalars, use.recordedInput == source(of: use.recordedInput) {
            var values: [String: Double] = ["{g}": upstream.scalar, "{y}": consumer.value.scalar]
            for (position, input) in inputs.enumerated() {
                values["{\(position)}"] = tape.nodes[input].value.scalar
            }
            arithmetic = Figure.Arithmetic(template: rule.formulas[use.position], values: values)
        }
        // Through hidden broadcast steps, innermost last: each sums the gradient back.
        var id = use.recordedInput
        while isHidden(id) {
            let step = tape.nodes[id]
            let stepRule = step.kind.operation!.gradientRule(
                inputShapes: [tape.nodes[step.inputs[0]].shape], outputShape: step.shape)
            text = stepRule.formula(for: 0, upstream: text, inputs: [], output: "")
            id = step.inputs[0]
        }
        return (text, arithmetic)
    }

    /// ① and ② on the inputs of operations whose operand order matters.
    private func operandMark(_ use: Use) -> String? {
        guard let op = tape.nodes[use.consumer].kind.operation, op.operandOrderMatters,
            tape.nodes[use.consumer].inputs.count == 2
        else { return nil }
        return use.position == 0 ? "①" : "②"
    }

    /// Numbers the gradients in the order backward computes them, so that a quiz's blank 1 is
    /// next to the target: consumers from the last recorded down; at each node, its own total
    /// (a branch's trunk, complete once every later use has sent its part) before its inputs'.
    private mutating func numberBlanks() {
        let order = edges.indices.filter { edges[$0].gradient != nil && computedAt[$0] != nil }
            .sorted { a, b in
                let (ka, kb) = (computedAt[a]!, computedAt[b]!)
                return ka.node != kb.node ? ka.node > kb.node : (ka.position, a) < (kb.position, b)
            }
        for (number, index) in order.enumerated() { edges[index].gradient?.blank = number + 1 }
    }
}
