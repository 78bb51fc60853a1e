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
    let options: FigureOptions
    let numbers: FigureNumbers
    let statements: [Figure.Statement]
    /// Whether a result nothing uses leaves the figure on an edge of its own, so that its value
    /// shows (`z = 8` in a file without `backward`).
    let drawsUnusedResults: Bool
    var nodes: [Figure.Node] = []
    var edges: [Figure.Edge] = []
    var operations: [Figure.Operation] = []
    var clusters: [Figure.Cluster] = []
    /// The node that draws each tape node (a collapsed statement's box for its members).
    var nodeOfTapeID: [Int: String] = [:]
    /// For each edge, when backward computes its gradient: (node, position), see `numberBlanks`.
    private var computedAt: [(node: Int, position: Int)?] = []
    private var names = FigureNames(tape: Tape(), visible: [])
    /// The statements drawn as one box each (`--collapse`), and the box of each of their nodes.
    private var boxes: [Box] = []
    private var boxOf: [Int: Int] = [:]
    /// The inputs of the operation that failed (`render --draw-errors`): drawn even when nothing
    /// else used them.
    var failureInputs: Set<Int> = []
    /// Scalar constants written into their operations' labels (`× 2`) instead of drawn.
    private var inlined: Set<Int> = []
    /// The calls of the file's functions, for `--group calls` and `--collapse calls`.
    var calls: [Figure.Call] = []
    /// The updates after the pass, for the edges of their parameters' leaves, and where each
    /// went (edge, place among its updates) in the order they ran.
    var updates: [Figure.Update] = []
    private var updateOrder: [(edge: Int, position: Int)] = []

    /// One input slot of an operation that a tensor fills.
    struct Use {
        let consumer: Int
        let position: Int
        /// The input as recorded, which may be a hidden broadcast step in front of the source.
        let recordedInput: Int
    }

    /// A collapsed statement: its operations and unnamed constants drawn as one node.
    struct Box {
        let statement: Figure.Statement
        let dotID: String
        /// Its tape nodes, in order.
        let members: [Int]
    }

    init(
        tape: Tape, gradients: Gradients?, targetName: String, options: FigureOptions,
        numbers: FigureNumbers, statements: [Figure.Statement], drawsUnusedResults: Bool = true
    ) {
        self.numbers = numbers
        self.tape = tape
        self.gradients = gradients
        self.targetName = targetName
        self.options = options
        self.statements = statements
        self.drawsUnusedResults = drawsUnusedResults
    }

    /// Broadcast steps are folded away when the user asks, and always for constants: copying
    /// the `1` of `1 + x` into a matrix teaches nothing and crowds the figure.
    private func isHidden(_ id: Int) -> Bool {
        guard tape.nodes[id].kind.operation?.isBroadcast == true else { return false }
        return options.broadcast == .hide || tape.nodes[tape.nodes[id].inputs[0]].kind.isConstant
    }

    /// The node a figure draws for input `id`: through hidden broadcast steps to what they copy.
    private func source(of id: Int) -> Int {
        var id = id
        while isHidden(id) { id = tape.nodes[id].inputs[0] }
        return id
    }

    /// The DOT id of the node that draws tape node `id`.
    private func drawnID(_ id: Int) -> String {
        boxOf[id].map { boxes[$0].dotID } ?? "n\(id)"
    }

    /// The nodes to draw: the target's ancestors, or the whole tape without a backward pass.
    private func visibleNodes() -> [Int] {
        guard let target = gradients?.target else {
            let drawn = tape.nodes.indices.filter { !isHidden($0) }
            guard !drawsUnusedResults else { return drawn }
            // The figure of a failure: a leaf or constant nothing has used yet (and the failed
            // operation does not take) would be a dot with no edge.
            var used = failureInputs
            for node in tape.nodes { used.formUnion(node.inputs.map(source(of:))) }
            return drawn.filter { tape.nodes[$0].kind.operation != nil || used.contains($0) }
        }
        var visible = Set<Int>()
        var stack = [source(of: target)]
        while let id = stack.popLast() {
            guard visible.insert(id).inserted else { continue }
            stack.append(contentsOf: tape.nodes[id].inputs.map(source(of:)))
        }
        return visible.sorted()
    }

    /// The statements `--collapse` names (or all), each with an operation to hide.
    private mutating func collectBoxes(visible: Set<Int>) {
        let chosen: [Figure.Statement]
        switch options.collapse {
        case .none: return
        case .statements: chosen = statements
        case .names(let names):
            chosen = statements.filter { !Set($0.names).isDisjoint(with: names) }
        case .calls:
            // The innermost calls: a call around another is drawn by its calls' boxes.
            chosen = calls.filter { call in
                !calls.contains { other in
                    other.nodes != call.nodes && call.nodes.contains(other.nodes.lowerBound)
                        && other.nodes.upperBound <= call.nodes.upperBound
                }
            }.map {
                // A call's box is narrow: its arguments wrap (a long call is a layer's
                // `F.mean_squared_error(y, predict(x))`, as wide as the rest of a rank).
                Figure.Statement(
                    text: DOTWriter.wrapped($0.text, at: 24), names: [], nodes: $0.nodes)
            }
        }
        for statement in chosen {
            let members = statement.nodes.filter { id in
                let node = tape.nodes[id]
                return node.kind.operation != nil || (node.kind.isConstant && node.name == nil)
            }
            guard
                members.contains(where: { visible.contains($0) && !tape.nodes[$0].kind.isConstant })
            else { continue }
            let index = boxes.count
            boxes.append(Box(statement: statement, dotID: "s\(index)", members: members))
            for id in members { boxOf[id] = index }
        }
    }

    /// An unnamed scalar constant: written into its operation's label unless `--constants nodes`.
    private func isInlined(_ id: Int) -> Bool {
        let node = tape.nodes[id]
        return options.constants == .inline && node.kind.isConstant && node.name == nil
            && node.value.shape.rank == 0 && boxOf[id] == nil
    }

    mutating func build(loss: String?) {
        let visible = visibleNodes()
        names = FigureNames(tape: tape, visible: visible, numbers: numbers)
        if let target = gradients?.target, tape.nodes[target].name == targetName {
            targetName = names.label(of: target)
        }
        collectBoxes(visible: Set(visible))
        inlined = Set(visible.filter(isInlined))
        var uses: [Int: [Use]] = [:]
        var drawnBoxes = Set<Int>()
        for id in visible {
            let node = tape.nodes[id]
            for (position, input) in node.inputs.enumerated() {
                uses[source(of: input), default: []].append(
                    Use(consumer: id, position: position, recordedInput: input))
            }
            if let box = boxOf[id] {
                nodeOfTapeID[id] = boxes[box].dotID
                if drawnBoxes.insert(box).inserted {
                    nodes.append(
                        Figure.Node(
                            id: boxes[box].dotID, kind: .statement(boxes[box].statement.text),
                            tapeID: nil))
                }
                continue
            }
            guard !inlined.contains(id) else { continue }
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
            nodeOfTapeID[id] = "n\(id)"
        }
        var used = Set<Int>()
        for id in visible where !inlined.contains(id) {
            let groups = drawnUses(of: id, uses[id] ?? [])
            guard !groups.isEmpty else { continue }
            used.insert(id)
            let from = drawnID(id)
            let node = tape.nodes[id]
            if groups.count == 1 || (node.kind.isConstant && node.name == nil) {
                for group in groups {
                    addUseEdge(
                        from: from, source: id, uses: group, carriesTotal: groups.count == 1,
                        via: nil)
                }
                continue
            }
            // A tensor used k times leaves through a branch point: the trunk carries the sum of
            // the k gradients that come back along the branches, each labelled as its path's.
            let branch = "b\(id)"
            nodes.append(Figure.Node(id: branch, kind: .branch, tapeID: nil))
            let parts = groups.compactMap { gradient(for: $0) }
            computedAt.append((id, -1))
            edges.append(
                Figure.Edge(
                    from: from, to: branch, label: names.label(of: id),
                    isNamed: node.name != nil,
                    value: node.value,
                    gradient: gradients.flatMap { $0.totals[id] }.map {
                        Figure.Gradient(
                            label: derivative(of: id), value: $0, parts: parts, rule: nil,
                            arithmetic: nil)
                    },
                    operandMark: nil, fromConstant: node.kind.isConstant, source: id,
                    carriesTotal: true))
            let paths = pathNames(groups)
            for (group, path) in zip(groups, paths) {
                addUseEdge(from: branch, source: id, uses: group, carriesTotal: false, via: path)
            }
        }
        if let gradients {
            let target = gradients.target
            nodes.append(Figure.Node(id: "out", kind: .output(loss), tapeID: nil))
            computedAt.append(nil)
            edges.append(
                Figure.Edge(
                    from: drawnID(source(of: target)), to: "out", label: names.label(of: target),
                    isNamed: tape.nodes[target].name != nil, value: tape.nodes[target].value,
                    gradient: Figure.Gradient(
                        label: derivative(of: target), value: gradients.upstream, parts: [],
                        rule: nil,
                        arithmetic: nil),
                    operandMark: nil, fromConstant: false, source: target, carriesTotal: false))
        } else if drawsUnusedResults {
            addUnusedResults(visible: visible, used: used)
        }
        groupStatements()
        groupCalls()
        attachUpdates()
        numberBlanks()
        assignElementIDs()
        assignNoiseFloors()
        describeOperations()
    }

    /// How small a gradient's element must be to be floating-point noise around zero (drawn
    /// `≈ 0`): 1e−12 of the largest gradient that reaches the same tensor, along any of its
    /// edges, summed at its branch, or arriving at the operations that use it. A sum such as
    /// 0.5 + (−0.5) that should be 0 leaves about 1e−16 of its terms.
    private mutating func assignNoiseFloors() {
        guard let gradients else { return }
        let tapeIDOf = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0.tapeID) })
        func largest(_ tensor: Tensor?) -> Double {
            tensor?.scalars.lazy.filter(\.isFinite).map(abs).max() ?? 0
        }
        var reach: [Int: Double] = [:]
        for edge in edges {
            guard let gradient = edge.gradient else { continue }
            var largestHere = gradient.parts.map(largest).max() ?? 0
            largestHere = max(largestHere, largest(gradient.value))
            if let consumer = tapeIDOf[edge.to] ?? nil {
                largestHere = max(largestHere, largest(gradients.totals[consumer]))
            }
            reach[edge.source] = max(reach[edge.source] ?? 0, largestHere)
        }
        for index in edges.indices where edges[index].gradient != nil {
            let floor = 1e-12 * (reach[edges[index].source] ?? 0)
            edges[index].gradient?.noiseFloor = floor
        }
    }

    /// The uses of a tensor the figure draws as edges, one group per edge: a use inside the
    /// tensor's own collapsed statement is not drawn, and the uses that go into one collapsed
    /// statement are one edge (its gradient their sum). An operation that uses a tensor twice
    /// (`x * x`) keeps two edges.
    private func drawnUses(of id: Int, _ uses: [Use]) -> [[Use]] {
        let from = drawnID(id)
        var groups: [[Use]] = []
        var groupOfBox: [Int: Int] = [:]
        for use in uses {
            guard drawnID(use.consumer) != from else { continue }
            if let box = boxOf[use.consumer] {
                if let index = groupOfBox[box] {
                    groups[index].append(use)
                    continue
                }
                groupOfBox[box] = groups.count
            }
            groups.append([use])
        }
        return groups
    }

    /// Without a backward pass, each result nothing uses (a drawn node with no edge out) gets an
    /// edge to a point of its own carrying its value, so the last result shows.
    private mutating func addUnusedResults(visible: [Int], used: Set<Int>) {
        var boxesDone = Set<Int>()
        for id in visible.reversed() where !inlined.contains(id) {
            let node = tape.nodes[id]
            guard !node.kind.isConstant || node.name != nil else { continue }
            if let box = boxOf[id] {
                // A box's result: its last member, when no member leaves the box.
                guard boxesDone.insert(box).inserted,
                    !boxes[box].members.contains(where: used.contains)
                else { continue }
            } else if used.contains(id) {
                continue
            }
            let output = "out\(id)"
            nodes.append(Figure.Node(id: output, kind: .output(nil), tapeID: nil))
            computedAt.append(nil)
            edges.append(
                Figure.Edge(
                    from: drawnID(id), to: output, label: names.label(of: id),
                    isNamed: node.name != nil, value: node.value, gradient: nil,
                    operandMark: nil, fromConstant: node.kind.isConstant, source: id,
                    carriesTotal: false))
        }
    }

    /// `--group statements`: each statement's drawn operations (with their constants and branch
    /// points) in a cluster labelled with its source. Collapsed statements are boxes already.
    private mutating func groupStatements() {
        guard options.groupStatements else { return }
        let drawn = Set(nodes.map(\.id))
        for statement in statements where !statement.nodes.contains(where: { boxOf[$0] != nil }) {
            let operations = statement.nodes.filter {
                tape.nodes[$0].kind.operation != nil && drawn.contains("n\($0)")
            }
            guard !operations.isEmpty else { continue }
            let members = statement.nodes.flatMap { ["n\($0)", "b\($0)"] }.filter(drawn.contains)
            clusters.append(
                Figure.Cluster(
                    label: statement.text, nodes: members,
                    elementID: "group-" + statement.names.joined(separator: "-")))
        }
    }

    /// `--group calls`: each call's drawn operations (with their branch points and collapsed
    /// boxes) in a cluster labelled with the call, inside the cluster of the call around it.
    /// A node belongs to the innermost call that made it.
    private mutating func groupCalls() {
        guard options.groupCalls, !calls.isEmpty else { return }
        let drawn = Set(nodes.map(\.id))
        // Outer calls first, so that a parent's cluster comes before its children's.
        let ordered = calls.sorted {
            ($0.nodes.lowerBound, -$0.nodes.count) < ($1.nodes.lowerBound, -$1.nodes.count)
        }
        func innermost(containing id: Int) -> Int? {
            ordered.indices.last { ordered[$0].nodes.contains(id) }
        }
        var members: [[String]] = Array(repeating: [], count: ordered.count)
        for id in tape.nodes.indices where tape.nodes[id].kind.operation != nil {
            guard let call = innermost(containing: id) else { continue }
            for candidate in [drawnID(id), "b\(id)"]
            where drawn.contains(candidate) && !members[call].contains(candidate) {
                members[call].append(candidate)
            }
        }
        var clusterOf: [Int: Int] = [:]
        for (index, call) in ordered.enumerated() {
            // A call drawn by nothing (all its work collapsed elsewhere, or off the figure) and
            // with no drawn call inside it has no frame.
            let hasChild = ordered[(index + 1)...].contains { inner in
                call.nodes.contains(inner.nodes.lowerBound) && !members.isEmpty
            }
            guard !members[index].isEmpty || hasChild else { continue }
            let parent = ordered[..<index].indices.last { outer in
                ordered[outer].nodes.contains(call.nodes.lowerBound)
                    && call.nodes.upperBound <= ordered[outer].nodes.upperBound
            }
            clusterOf[index] = clusters.count
            clusters.append(
                Figure.Cluster(
                    label: call.text, nodes: members[index], elementID: "call",
                    parent: parent.flatMap { clusterOf[$0] }))
        }
    }

    /// The drawn operations (and collapsed statements) in tape order, each with its forward
    /// step in words: `z = x × y = 6` (every infix symbol spaced, as one says it).
    private mutating func describeOperations() {
        func resultText(_ value: Tensor) -> String {
            value.rank == 0
                ? " = " + numbers.format(value.scalars[0]) : " " + value.shape.description
        }
        for node in nodes {
            switch node.kind {
            case .operation:
                guard let id = node.tapeID, let op = tape.nodes[id].kind.operation else { continue }
                let result = tape.nodes[id]
                let operands = result.inputs.map { names.written(source(of: $0)) }
                let expression =
                    op.isBroadcast
                    ? "copy of " + operands[0].text
                    : op.notation.write(operands, spaced: true).text
                let label = names.label(of: id)
                let text = (label == expression ? label : label + " = " + expression)
                operations.append(
                    Figure.Operation(
                        node: node.elementID, results: [id],
                        forward: text + resultText(result.value)))
            case .statement(let text):
                guard let box = boxes.first(where: { $0.dotID == node.id }) else { continue }
                let results = Set(edges.filter { $0.from == node.id }.map(\.source))
                let main = box.members.last { !tape.nodes[$0].kind.isConstant } ?? box.members[0]
                operations.append(
                    Figure.Operation(
                        node: node.elementID, results: results.isEmpty ? [main] : results.sorted(),
                        forward: text + resultText(tape.nodes[main].value)))
            default:
                continue
            }
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
                    + describe(names.label(of: id), tape.nodes[id].value)
                classes = node.kind == .leaf ? "leaf" : "leaf constant"
            case .constant(let value):
                proposed = "const-\(node.tapeID!)"
                tooltip = "constant " + describe("", value)
                classes = "constant"
            case .operation:
                let id = node.tapeID!
                let op = tape.nodes[id].kind.operation!
                proposed =
                    "op-"
                    + (tape.nodes[id].name.map { _ in names.label(of: id) } ?? "\(op.name)-\(id)")
                tooltip = "\(op.name): " + describe(names.label(of: id), tape.nodes[id].value)
                classes = "op op-" + Self.safeID(op.name)
            case .branch:
                let source = Int(node.id.dropFirst())!
                proposed = "branch-" + names.label(of: source)
                tooltip =
                    "\(names.label(of: source)) is used several times: its gradient is the sum of the paths'"
                classes = "branch"
            case .output(let loss):
                proposed = "output"
                tooltip =
                    loss ?? (gradients == nil ? "a result nothing uses" : "the target of backward")
                classes = "output"
            case .failure(let symbol):
                proposed = "failed"
                tooltip = "\(symbol) failed"
                classes = "op failure"
            case .statement(let text):
                let box = boxes.first { $0.dotID == node.id }!
                let main = box.members.last { !tape.nodes[$0].kind.isConstant } ?? box.members[0]
                proposed = "stmt-" + box.statement.names.joined(separator: "-")
                tooltip =
                    "statement " + text + "\n"
                    + describe(names.label(of: main), tape.nodes[main].value)
                classes = "op statement"
            case .cut:
                proposed = "cut"
                tooltip = "more of the graph"
                classes = "cut"
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
            edges[index].valueText = describe(edges[index].label, edges[index].value)
            if let gradient = edges[index].gradient {
                let text = hoverText(of: gradient)
                edges[index].gradient?.text = text
            }
        }
        for index in clusters.indices {
            clusters[index].elementID = unique(clusters[index].elementID)
        }
    }

    /// A gradient's hover text: the whole tensor, or in a quiz, for a blank, only its number.
    func hoverText(of gradient: Figure.Gradient) -> String {
        if options.quiz, let blank = gradient.blank {
            return Figure.Gradient.blankText(gradient.label, blank)
        }
        return describe(gradient.label, gradient.value)
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

    /// `x = 2.5`, or `x (2, 3) =` and the value as NumPy prints it (with `briefTooltips`, its
    /// shape, mean and range).
    func describe(_ label: String, _ value: Tensor) -> String {
        options.briefTooltips
            ? DOTWriter.briefly(label, value) : DOTWriter.describe(label, value)
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
            let drawn = source(of: input)
            if inlined.contains(drawn) {
                // A constant written into no operation's label yet: the failed one needs it drawn.
                inlined.remove(drawn)
                var constant = Figure.Node(
                    id: "n\(drawn)", kind: .constant(tape.nodes[drawn].value), tapeID: drawn)
                constant.elementID = "const-\(drawn)"
                constant.classes = "constant"
                nodes.append(constant)
            }
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
    /// (`s²`, `−(·)`) where it shows the operand. A scalar constant operand is written in, in
    /// its place, with `□` for the other operands: `× 2` (the leading `□` left out), `1 ÷ □`.
    private func symbol(of op: any Operation, node: Node) -> String {
        let sources = node.inputs.map(source(of:))
        if sources.contains(where: inlined.contains) {
            let operands = sources.map { id -> Written in
                guard inlined.contains(id) else { return Written("□", .atom) }
                let value = tape.nodes[id].value.scalars[0]
                return Written(
                    numbers.format(value), value < 0 ? .prefix : .atom)
            }
            let text = op.notation.write(operands, spaced: true).text
            return text.hasPrefix("□ ") ? String(text.dropFirst(2)) : text
        }
        guard op.symbolShowsOperand else { return op.symbol }
        let operands = sources.map { id -> Written in
            tape.nodes[id].name != nil ? names.written(id) : Written("(·)", .atom)
        }
        return op.notation.write(operands).text
    }

    private func details(of op: any Operation, node: Node) -> String? {
        op.details(inputShapes: node.inputs.map { tape.nodes[$0].shape }, outputShape: node.shape)
    }

    /// What each path of a branch is called: `via ×` by its consumer's symbol (`via h` into a
    /// collapsed statement, by the name it binds), numbered where two paths go through the same
    /// symbol (`via +₁`, `via +₂`).
    private func pathNames(_ groups: [[Use]]) -> [String] {
        let symbols = groups.map { group -> String in
            let consumer = group[0].consumer
            if let box = boxOf[consumer] { return boxes[box].statement.names.first ?? "…" }
            guard let op = tape.nodes[consumer].kind.operation else { return "·" }
            let symbol =
                op.symbolShowsOperand ? op.notation.write([Written("·", .atom)]).text : op.symbol
            // `via − = 0` would read as "via minus equals": a path through a minus is named by
            // what it computes (`via 1 − p`, or its name).
            return symbol == "−" ? names.label(of: consumer) : symbol
        }
        var counts: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for symbol in symbols { counts[symbol, default: 0] += 1 }
        return symbols.map { symbol in
            guard counts[symbol]! > 1 else { return "via " + symbol }
            seen[symbol, default: 0] += 1
            return "via " + symbol + subscriptDigits(seen[symbol]!)
        }
    }

    /// The edge of one drawn use (a group of uses into one collapsed statement).
    private mutating func addUseEdge(
        from: String, source: Int, uses: [Use], carriesTotal: Bool, via path: String?
    ) {
        let node = tape.nodes[source]
        let isConstant = node.kind.isConstant
        let use = uses[0]
        var backward: Figure.Gradient?
        if !isConstant, let value = gradient(for: uses) {
            let label = derivative(of: source) + (path.map { " " + $0 } ?? "")
            let (rule, arithmetic) =
                uses.count == 1 && hasRule(use) ? explanation(of: use) : (nil, nil)
            backward = Figure.Gradient(
                label: label, value: value, parts: [], rule: rule, arithmetic: arithmetic)
        }
        // Backward completes the gradient at the first of the consumers it visits: the last.
        let last = uses.max { $0.consumer < $1.consumer }!
        computedAt.append((last.consumer, last.position))
        edges.append(
            Figure.Edge(
                from: from, to: drawnID(use.consumer), label: names.label(of: source),
                isNamed: node.name != nil,
                value: node.value, gradient: backward, operandMark: operandMark(use),
                fromConstant: isConstant, source: source, carriesTotal: carriesTotal))
    }

    /// Whether a use's gradient has a rule to show: its consumer is drawn as itself, or is the
    /// one operation of a collapsed statement.
    private func hasRule(_ use: Use) -> Bool {
        guard let box = boxOf[use.consumer] else { return true }
        return boxes[box].members.filter { tape.nodes[$0].kind.operation != nil } == [use.consumer]
    }

    /// The gradient that came back through a group of uses: their sum.
    private func gradient(for uses: [Use]) -> Tensor? {
        var total: Tensor?
        for use in uses {
            guard let part = gradient(for: use) else { return nil }
            total =
                total.map {
                    Tensor(shape: $0.shape, scalars: zip($0.scalars, part.scalars).map { $0 + $1 })
                } ?? part
        }
        return total
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

    /// ① and ② on the inputs of operations whose operand order matters (not on a collapsed
    /// statement's: its edges are named).
    private func operandMark(_ use: Use) -> String? {
        guard boxOf[use.consumer] == nil,
            !tape.nodes[use.consumer].inputs.map(source(of:)).contains(where: inlined.contains),
            let op = tape.nodes[use.consumer].kind.operation, op.operandOrderMatters,
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
        // The updates after the gradients, in the order they ran.
        var number = order.count
        for (edge, position) in updateOrder {
            number += 1
            edges[edge].updates[position].blank = number
        }
    }

    /// Each update on the edge that carries its parameter's total gradient, out of the leaf
    /// the file named so (a parameter the pass did not read has no edge, and shows nothing).
    private mutating func attachUpdates() {
        guard !updates.isEmpty else { return }
        var edgeOfLeaf: [String: Int] = [:]
        for (index, edge) in edges.enumerated() where edge.carriesTotal {
            let node = tape.nodes[edge.source]
            guard case .leaf = node.kind, let name = node.name, edgeOfLeaf[name] == nil else {
                continue
            }
            edgeOfLeaf[name] = index
        }
        for update in updates {
            guard let index = edgeOfLeaf[update.parameter] else { continue }
            updateOrder.append((index, edges[index].updates.count))
            edges[index].updates.append(update)
        }
    }
}
