extension Figure {
    /// What Graphviz's `dot` will have to do for a figure, estimated before it runs: its time
    /// follows how many ranks the edges span far more than how many nodes there are.
    ///
    /// `dot` puts every node on a rank and splits an edge that spans k ranks into k pieces
    /// joined by invisible nodes (2k with edge labels, which get a rank of their own). Its
    /// positioning pass (network simplex) costs about its iterations times those nodes, and
    /// its edge routing about the square of each edge's span. `y = x*2 + x*2 + …` with 110
    /// terms has 222 nodes but edges from `x` across the whole chain of sums: 6,216 pieces,
    /// 6.6 s; a 4,800-node chain has 4,800 pieces and routes at once.
    public struct LayoutSize: Sendable, Equatable {
        /// The figure's nodes.
        public let nodes: Int
        /// The rank-to-rank pieces of all edges, with each node one rank after its latest input
        /// (`dot` ranks to make this sum as small as it can, so its own is no larger).
        public let pieces: Int
        /// The sum over edges of the square of the ranks each spans: what routing costs.
        public let squaredSpans: Int

        /// The nodes of `dot`'s positioning graph, about: the figure's nodes and, per piece, the
        /// invisible nodes of both halves and their ordering edges (measured against `dot -v`
        /// within 10% on fans, ladders and parallel chains).
        public var positioningNodes: Int { nodes + 4 * pieces }

        /// `dot`'s `nslimit` for this figure, or nil when no limit is needed: its positioning
        /// pass runs at most `nslimit` × nodes iterations, each costing about the positioning
        /// graph's size, and without a limit a 202-node fan took 94 s (with one, 3.8 s). The
        /// limit keeps iterations × positioning nodes under 40 million (about 2 s here); a
        /// small figure converges long before, so it gets none and lays out as it always did.
        public var positionIterationLimit: Double? {
            let budget = 40_000_000.0
            let limit = budget / (Double(positioningNodes) * Double(max(nodes, 1)))
            guard limit < 1_000 else { return nil }
            return (limit * 100).rounded(.down) / 100
        }
    }

    public var layoutSize: LayoutSize {
        var index: [String: Int] = [:]
        for (position, node) in nodes.enumerated() { index[node.id] = position }
        var successors = [[Int]](repeating: [], count: nodes.count)
        var waiting = [Int](repeating: 0, count: nodes.count)
        var links: [(from: Int, to: Int)] = []
        for edge in edges {
            guard let from = index[edge.from], let to = index[edge.to] else { continue }
            links.append((from, to))
            successors[from].append(to)
            waiting[to] += 1
        }
        // Each node one rank after its latest input; a node is taken once all its inputs are.
        var rank = [Int](repeating: 0, count: nodes.count)
        var ready = waiting.indices.filter { waiting[$0] == 0 }
        while let node = ready.popLast() {
            for next in successors[node] {
                rank[next] = max(rank[next], rank[node] + 1)
                waiting[next] -= 1
                if waiting[next] == 0 { ready.append(next) }
            }
        }
        var pieces = 0
        var squaredSpans = 0
        for link in links {
            let span = max(1, rank[link.to] - rank[link.from])
            pieces += span
            squaredSpans += span * span
        }
        return LayoutSize(nodes: nodes.count, pieces: pieces, squaredSpans: squaredSpans)
    }
}
