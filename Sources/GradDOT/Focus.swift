/// `--focus NAME --depth K`: a part of a big figure, around one tensor.
extension Figure {
    /// Keeps the nodes within `depth` steps of the node that draws tape node `tapeID` (a step
    /// is an edge between two drawn nodes; a branch point is no step), with the leaves,
    /// constants and output that feed or end them. An edge that crosses the border keeps its
    /// label and ends at a `…` node of its own, so a reader sees that the graph goes on. Returns
    /// false when nothing draws `tapeID`.
    public mutating func focus(onTapeID tapeID: Int, depth: Int) -> Bool {
        guard let center = nodeOfTapeID[tapeID] else { return false }
        let kindOf = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0.kind) })
        var neighbours: [String: [String]] = [:]
        for edge in edges {
            neighbours[edge.from, default: []].append(edge.to)
            neighbours[edge.to, default: []].append(edge.from)
        }
        // Breadth first; stepping onto a branch point costs nothing, so a tensor's uses are one
        // step from it, as they would be without the branch point (a 0-1 breadth-first search).
        var distance = [center: 0]
        var queue = [center]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in neighbours[node] ?? [] {
                let cost = kindOf[next] == .branch ? 0 : 1
                let reached = distance[node]! + cost
                guard reached <= depth, reached < distance[next] ?? .max else { continue }
                distance[next] = reached
                if cost == 0 { queue.insert(next, at: head) } else { queue.append(next) }
            }
        }
        var kept = Set(distance.keys)
        // What only feeds or ends a kept node has nothing behind it to cut.
        for edge in edges {
            if kept.contains(edge.to), let kind = kindOf[edge.from], kind.isEndpoint {
                kept.insert(edge.from)
            }
            if kept.contains(edge.from), let kind = kindOf[edge.to], kind.isEndpoint {
                kept.insert(edge.to)
            }
        }
        var cuts: [Node] = []
        var focusedEdges: [Edge] = []
        for var edge in edges {
            let keepsFrom = kept.contains(edge.from)
            let keepsTo = kept.contains(edge.to)
            guard keepsFrom || keepsTo else { continue }
            if !keepsFrom || !keepsTo {
                var cut = Node(id: "cut\(cuts.count)", kind: .cut, tapeID: nil)
                cut.elementID = "cut-\(cuts.count + 1)"
                cut.tooltip = "the graph goes on here (--focus)"
                cut.classes = "cut"
                cuts.append(cut)
                if keepsFrom { edge.to = cut.id } else { edge.from = cut.id }
            }
            focusedEdges.append(edge)
        }
        nodes = nodes.filter { kept.contains($0.id) } + cuts
        edges = focusedEdges
        let keptElements = Set(nodes.map(\.elementID))
        operations = operations.filter { keptElements.contains($0.node) }
        clusters = clusters.compactMap { cluster in
            let members = cluster.nodes.filter(kept.contains)
            guard !members.isEmpty else { return nil }
            return Cluster(label: cluster.label, nodes: members, elementID: cluster.elementID)
        }
        nodeOfTapeID = nodeOfTapeID.filter { kept.contains($0.value) }
        renumberBlanks()
        return true
    }

    /// Numbers a quiz's remaining blanks 1, 2, … in their order.
    private mutating func renumberBlanks() {
        let numbered = edges.indices.filter { edges[$0].gradient?.blank != nil }
            .sorted { edges[$0].gradient!.blank! < edges[$1].gradient!.blank! }
        for (number, index) in numbered.enumerated() {
            edges[index].gradient?.blank = number + 1
            if isQuiz, let label = edges[index].gradient?.label {
                edges[index].gradient?.text = Figure.Gradient.blankText(label, number + 1)
            }
        }
    }
}

extension Figure.NodeKind {
    /// A leaf, a constant or an output: an end of the graph, with nothing behind it.
    var isEndpoint: Bool {
        switch self {
        case .leaf, .namedConstant, .constant, .output: return true
        default: return false
        }
    }
}
