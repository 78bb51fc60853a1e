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
            let matching = others.map { $0.edges[index] }
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
