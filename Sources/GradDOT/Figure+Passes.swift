import GradCore

// Figures of several passes of one training file, drawn in one layout (`render --passes`).
extension Figure {
    /// Whether `other` draws the same graph: the same kinds of nodes in the same order, the
    /// same edges between them with the same names and shapes, the same updates. Passes of a
    /// training loop usually do (their tapes may number their nodes differently); a pass that
    /// took another branch of an `if` does not.
    public func hasSameStructure(as other: Figure) -> Bool {
        guard nodes.count == other.nodes.count, edges.count == other.edges.count else {
            return false
        }
        for (a, b) in zip(nodes, other.nodes) where a.signature != b.signature { return false }
        let place = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
        let otherPlace = Dictionary(
            uniqueKeysWithValues: other.nodes.enumerated().map { ($1.id, $0) })
        for (a, b) in zip(edges, other.edges) {
            guard place[a.from] == otherPlace[b.from], place[a.to] == otherPlace[b.to],
                a.label == b.label, a.value.shape == b.value.shape,
                (a.gradient == nil) == (b.gradient == nil),
                a.updates.map(\.label) == b.updates.map(\.label),
                zip(a.updates, b.updates).allSatisfy({ $0.value.shape == $1.value.shape })
            else { return false }
        }
        return true
    }

    /// Each of this figure's element ids (nodes', edges') as `layout`, a figure of the same
    /// structure, names the element in the same place: how a frame's cells find the drawing's.
    public func elementIDs(in layout: Figure) -> [String: String] {
        var ids: [String: String] = [:]
        for (mine, theirs) in zip(nodes, layout.nodes) { ids[mine.elementID] = theirs.elementID }
        for (mine, theirs) in zip(edges, layout.edges) { ids[mine.elementID] = theirs.elementID }
        return ids
    }

    /// This figure with each number replaced by the one written widest at its place among
    /// `others` (figures of the same structure): laid out once, it has room for every
    /// frame's numbers.
    /// Only the numbers a table of at most `maxElements` shows are compared.
    public func widened(with others: [Figure], maxElements: Int) -> Figure {
        widened(maxElements: maxElements) { index in others.map { $0.edges[index] } }
    }

    /// This figure with each edge's numbers replaced by the widest written among
    /// `candidates(index)`, the edges of other frames drawn in edge `index`'s place.
    private func widened(maxElements: Int, candidates: (Int) -> [Figure.Edge]) -> Figure {
        var widest = self
        let format = { (value: Double) in self.numbers.format(value).count }
        func widen(_ tensor: Tensor, _ candidates: [Tensor]) -> Tensor {
            var scalars = tensor.scalars
            let shown = TableLayout(shape: tensor.shape, maxElements: maxElements).offsets
                .compactMap { $0 }
            var widths = shown.map { format(scalars[$0]) }
            for candidate in candidates where candidate.shape == tensor.shape {
                for (position, index) in shown.enumerated() {
                    let width = format(candidate.scalars[index])
                    if width > widths[position] {
                        scalars[index] = candidate.scalars[index]
                        widths[position] = width
                    }
                }
            }
            return Tensor(shape: tensor.shape, scalars: scalars)
        }
        func widen(_ arithmetic: Arithmetic?, _ candidates: [Arithmetic?]) -> Arithmetic? {
            guard let arithmetic else { return nil }
            var values = arithmetic.values
            for case let candidate? in candidates where candidate.template == arithmetic.template {
                for (key, value) in candidate.values
                where format(value) > format(values[key] ?? 0) {
                    values[key] = value
                }
            }
            return Arithmetic(template: arithmetic.template, values: values)
        }
        for index in edges.indices {
            let matching = candidates(index)
            widest.edges[index].value = widen(edges[index].value, matching.map(\.value))
            if let gradient = edges[index].gradient {
                let theirs = matching.compactMap(\.gradient)
                widest.edges[index].gradient?.value = widen(gradient.value, theirs.map(\.value))
                widest.edges[index].gradient?.parts = gradient.parts.indices.map { part in
                    widen(
                        gradient.parts[part],
                        theirs.compactMap { $0.parts.indices.contains(part) ? $0.parts[part] : nil }
                    )
                }
                widest.edges[index].gradient?.arithmetic = widen(
                    gradient.arithmetic, theirs.map(\.arithmetic))
            }
            for position in edges[index].updates.indices {
                let theirs = matching.compactMap {
                    $0.updates.indices.contains(position) ? $0.updates[position] : nil
                }
                let update = edges[index].updates[position]
                widest.edges[index].updates[position].value = widen(
                    update.value, theirs.map(\.value))
                widest.edges[index].updates[position].arithmetic = widen(
                    update.arithmetic, theirs.map(\.arithmetic))
            }
        }
        return widest
    }
}

extension Figure.Node {
    /// What kind of node it is, without its numbers or its place on the tape.
    var signature: String {
        switch kind {
        case .operation(let symbol, let details): return "op " + symbol + " " + (details ?? "")
        case .leaf: return "leaf"
        case .constant(let value): return "constant \(value.shape)"
        case .namedConstant: return "named constant"
        case .branch: return "branch"
        case .output(let loss): return "output " + (loss ?? "")
        case .failure(let symbol): return "failure " + symbol
        case .statement(let text): return "statement " + text
        case .cut: return "cut"
        }
    }
}

/// The union of figures whose graphs differ (passes of a training file that took different
/// branches of an `if`): every node and edge any of them draws, once, so that one layout holds
/// them all and each frame hides what its pass did not compute.
public struct FigureUnion: Sendable {
    public let figure: Figure
    /// For each figure given, its element ids (nodes', edges') as the union names them.
    public let elementIDs: [[String: String]]

    /// The union of `figures`, the last one's order first (it is the deck's layout's base),
    /// then what the others add in their order. A node is the same node in two figures when it
    /// computes the same thing from the same inputs (its kind, and its inputs' nodes and names),
    /// wherever their tapes put it.
    public init(_ figures: [Figure]) {
        var interned: [String: Int] = [:]
        var keyed: [[Int]] = []
        for figure in figures { keyed.append(Self.nodeKeys(figure, interned: &interned)) }
        let base = figures[figures.count - 1]
        var union = base
        var nodes: [Figure.Node] = []
        var edges: [Figure.Edge] = []
        var nodeOfKey: [Int: String] = [:]
        var edgeOfKey: [String: String] = [:]
        var usedIDs = Set<String>()
        var maps: [[String: String]] = Array(repeating: [:], count: figures.count)
        func unique(_ id: String) -> String {
            var candidate = id
            var suffix = 2
            while usedIDs.contains(candidate) {
                candidate = id + "-\(suffix)"
                suffix += 1
            }
            usedIDs.insert(candidate)
            return candidate
        }
        for index in [figures.count - 1] + Array(0..<(figures.count - 1)) {
            let figure = figures[index]
            var dotIDOf: [String: String] = [:]
            for (position, node) in figure.nodes.enumerated() {
                let key = keyed[index][position]
                if let existing = nodeOfKey[key] {
                    dotIDOf[node.id] = existing
                    maps[index][node.elementID] = nodes.first { $0.id == existing }!.elementID
                    continue
                }
                let dotID = "u\(nodes.count)"
                var copy = Figure.Node(id: dotID, kind: node.kind, tapeID: node.tapeID)
                copy.elementID = unique(node.elementID)
                copy.tooltip = node.tooltip
                copy.classes = node.classes
                nodes.append(copy)
                nodeOfKey[key] = dotID
                dotIDOf[node.id] = dotID
                maps[index][node.elementID] = copy.elementID
            }
            var seen: [String: Int] = [:]
            for edge in figure.edges {
                guard let from = dotIDOf[edge.from], let to = dotIDOf[edge.to] else { continue }
                let plain = from + ">" + to + "|" + edge.label + "|" + (edge.operandMark ?? "")
                let occurrence = seen[plain, default: 0]
                seen[plain] = occurrence + 1
                let key = plain + "#\(occurrence)"
                if let existing = edgeOfKey[key] {
                    maps[index][edge.elementID] = existing
                    continue
                }
                var copy = edge
                copy.from = from
                copy.to = to
                copy.elementID = unique(edge.elementID)
                edges.append(copy)
                edgeOfKey[key] = copy.elementID
                maps[index][edge.elementID] = copy.elementID
            }
        }
        union.nodes = nodes
        union.edges = edges
        // Frames around statements and calls belong to one pass's graph.
        union.clusters = []
        union.nodeOfTapeID = [:]
        figure = union
        elementIDs = maps
    }

    /// Each node's key (an interned id): its kind with its inputs' keys and the names on the
    /// edges in, worked out in an order where inputs come first.
    static func nodeKeys(_ figure: Figure, interned: inout [String: Int]) -> [Int] {
        let position = Dictionary(
            uniqueKeysWithValues: figure.nodes.enumerated().map { ($1.id, $0) })
        var incoming = Array(repeating: [Figure.Edge](), count: figure.nodes.count)
        var outgoing = Array(repeating: [Figure.Edge](), count: figure.nodes.count)
        var waiting = Array(repeating: 0, count: figure.nodes.count)
        for edge in figure.edges {
            guard let to = position[edge.to], let from = position[edge.from] else { continue }
            incoming[to].append(edge)
            outgoing[from].append(edge)
            waiting[to] += 1
        }
        var keys = Array(repeating: -1, count: figure.nodes.count)
        var ready = figure.nodes.indices.filter { waiting[$0] == 0 }
        while let index = ready.popLast() {
            let node = figure.nodes[index]
            var text = node.signature
            if incoming[index].isEmpty {
                // A leaf or constant: what it is called on its way out.
                text += " " + (outgoing[index].first?.label ?? node.elementID)
            } else {
                text +=
                    "("
                    + incoming[index].map { edge in
                        "\(keys[position[edge.from]!]):\(edge.label):\(edge.operandMark ?? "")"
                    }.joined(separator: ",") + ")"
            }
            if let known = interned[text] {
                keys[index] = known
            } else {
                keys[index] = interned.count
                interned[text] = interned.count
            }
            for edge in outgoing[index] {
                let to = position[edge.to]!
                waiting[to] -= 1
                if waiting[to] == 0 { ready.append(to) }
            }
        }
        // A cycle cannot happen; any node left unkeyed keys by its place alone.
        for index in keys.indices where keys[index] < 0 {
            keys[index] = interned.count
            interned["unkeyed \(index) \(interned.count)"] = interned.count
        }
        return keys
    }
}

extension Figure {
    /// This figure (a union, `FigureUnion`) with each number replaced by the widest written at
    /// its place among `frames`, whose element ids `ids` map to this figure's.
    public func widened(
        byElement frames: [Figure], ids: [[String: String]], maxElements: Int
    ) -> Figure {
        var byID: [String: [Figure.Edge]] = [:]
        for (frame, map) in zip(frames, ids) {
            for edge in frame.edges {
                if let id = map[edge.elementID] { byID[id, default: []].append(edge) }
            }
        }
        return widened(maxElements: maxElements) { index in byID[edges[index].elementID] ?? [] }
    }
}
