import GradCore

/// The nodes style (`--style nodes`): the compact figure readers of micrograd, DeZero and
/// torchviz know. Each tensor is a box holding its name, shape, value and gradient (at a branch,
/// the sum of its paths); a vector stands as a column beside its gradient's, element by
/// element; operations are circles; edges carry no labels, so ranks stand close. ① or ② is in
/// the heading of the box it marks (on the edge only for a tensor that is ① of one operation and
/// ② of another). Broadcast steps stay, as operations with boxes of their own.
///
/// It is drawn from the same `Figure` as the edge style: a tensor's box takes the place of its
/// leaf's point, or follows the operation that makes it; its value and gradient are those of
/// the first edge that carries it (its only use, a branch's trunk, or the target's edge out),
/// and keep that edge's ids, so frames and `--show` work alike in both styles.
extension DOTWriter {
    func nodeStyleBody(_ figure: Figure, frame: Frame) -> [String] {
        let nodeByID = Dictionary(uniqueKeysWithValues: figure.nodes.map { ($0.id, $0) })
        // Each tensor (by source tape ID) and the edges that carry it, the first one first.
        var carriers: [Int: [Figure.Edge]] = [:]
        for edge in figure.edges { carriers[edge.source, default: []].append(edge) }
        // A tensor's mark, when every operation it is an operand of gives it the same one.
        var marks: [Int: String] = [:]
        for (source, edges) in carriers {
            let given = Set(edges.compactMap(\.operandMark))
            if given.count == 1 { marks[source] = given.first! }
        }
        // The DOT id of each tensor's box: its leaf's own node, or a box after its operation.
        var boxOf: [Int: String] = [:]
        var boxesAfter: [String: [Int]] = [:]
        for edge in figure.edges where boxOf[edge.source] == nil {
            guard let producer = nodeByID[edge.from], producer.kind != .branch else { continue }
            switch producer.kind {
            case .leaf, .namedConstant, .constant:
                boxOf[edge.source] = producer.id
            default:
                boxOf[edge.source] = "t\(edge.source)"
                boxesAfter[producer.id, default: []].append(edge.source)
            }
        }
        var clusterOf: [String: Int] = [:]
        for (index, cluster) in figure.clusters.enumerated() {
            for id in cluster.nodes { clusterOf[id] = index }
        }
        var sections: [[String]] = Array(repeating: [], count: figure.clusters.count + 1)
        for node in figure.nodes {
            let section = clusterOf[node.id] ?? figure.clusters.count
            let indent = section < figure.clusters.count ? "    " : "  "
            let lines = nodeStyleLines(
                node, frame: frame, carriers: carriers, marks: marks, boxOf: boxOf,
                boxesAfter: boxesAfter)
            sections[section] += lines.map { indent + $0 }
        }
        var lines: [String] = []
        for (index, cluster) in figure.clusters.enumerated() {
            lines.append("  subgraph cluster_\(index) {")
            lines.append("    graph " + attributes(clusterAttributes(cluster)) + ";")
            lines += sections[index]
            lines.append("  }")
        }
        lines += sections[figure.clusters.count]
        for edge in figure.edges {
            guard let from = boxOf[edge.source], let target = nodeByID[edge.to] else { continue }
            switch target.kind {
            case .branch, .output(nil): continue
            default: break
            }
            let color = frame.showsValue(edge.elementID) ? palette.foreground : palette.faint
            // A mark the box cannot carry goes by the arrowhead.
            let mark =
                marks[edge.source] == nil
                ? edge.operandMark.map {
                    [("headlabel", "<<FONT POINT-SIZE=\"10\">" + $0 + "</FONT>>")]
                } ?? [] : []
            lines.append(
                "  \(from) -> \(edge.to) "
                    + attributes(
                        [("color", DOTEscape.quoted(color))] + mark + [
                            ("id", DOTEscape.quoted(edge.elementID)), ("class", "\"forward\""),
                            ("tooltip", DOTEscape.tooltip(Self.tooltip(edge))),
                        ]) + ";")
        }
        return lines
    }

    /// A figure node's lines: nothing for a branch point or a plain output point, a box for a
    /// leaf, and an operation followed by the boxes of what it makes.
    private func nodeStyleLines(
        _ node: Figure.Node, frame: Frame, carriers: [Int: [Figure.Edge]], marks: [Int: String],
        boxOf: [Int: String], boxesAfter: [String: [Int]]
    ) -> [String] {
        switch node.kind {
        case .branch, .output(nil):
            return []
        case .leaf, .namedConstant:
            guard let source = node.tapeID, let edges = carriers[source] else { return [] }
            return [
                "\(node.id) "
                    + attributes(
                        tensorBox(edges[0], mark: marks[source], frame: frame) + [
                            ("id", DOTEscape.quoted(node.elementID)),
                            ("class", DOTEscape.quoted(node.classes + " tensor")),
                            ("tooltip", DOTEscape.tooltip(node.tooltip)),
                        ]) + ";"
            ]
        default:
            var lines = ["\(node.id) " + attributes(nodeAttributes(node, frame: frame)) + ";"]
            for source in boxesAfter[node.id] ?? [] {
                guard let first = carriers[source]?.first, let box = boxOf[source] else {
                    continue
                }
                lines.append(
                    "\(box) "
                        + attributes(
                            tensorBox(first, mark: marks[source], frame: frame) + [
                                ("id", DOTEscape.quoted("tensor-" + first.elementID)),
                                ("class", "\"tensor\""),
                                ("tooltip", DOTEscape.tooltip(Self.tooltip(first))),
                            ]) + ";")
                let color = frame.showsValue(first.elementID) ? palette.foreground : palette.faint
                lines.append(
                    "\(node.id) -> \(box) "
                        + attributes([
                            ("color", DOTEscape.quoted(color)),
                            ("id", DOTEscape.quoted("makes-" + first.elementID)),
                            ("class", "\"forward\""),
                        ]) + ";")
            }
            return lines
        }
    }

    /// A tensor's box: its value over its gradient, framed.
    private func tensorBox(_ edge: Figure.Edge, mark: String?, frame: Frame) -> [(String, String)] {
        let label = tensorLabel(
            id: edge.elementID, label: edge.label, mark: mark, value: edge.value,
            gradient: edge.gradient, showsValue: frame.showsValue(edge.elementID),
            showsGradient: frame.showsGradient(edge.elementID), highlighted: frame.highlighted,
            muted: edge.fromConstant, inBox: true, valueText: edge.valueText,
            updates: edge.updates, showsUpdates: frame.showsUpdates(edge.elementID))
        let border = edge.fromConstant ? palette.muted : palette.operationBorder
        return [
            ("shape", "plaintext"), ("margin", "0"),
            (
                "label",
                "<<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\" STYLE=\"ROUNDED\" COLOR=\"\(border)\"><TR><TD>"
                    + label + "</TD></TR></TABLE>>"
            ),
        ]
    }
}
