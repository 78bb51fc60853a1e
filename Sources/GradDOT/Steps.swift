/// The frames of `render --steps`: the forward pass, then the backward pass, one operation at a
/// time. With n operations drawn (broadcast steps count; constants and branch points do not)
/// there are 2n + 1 frames, numbered from 1 (as the deck's counter, its `#N` and the frame files
/// number them):
/// - frame 1 shows the leaves and their values;
/// - then one frame per operation in the order it ran: its result's value appears and the
///   operation is highlighted;
/// - then one frame per operation in the order backward visits it: the gradients on its input
///   edges appear, highlighted (with the target's own gradient and those on edges `--focus` cut
///   on the first, and a branch's sum once its last path has come back).
/// - then, in a training file, one frame for the updates after the pass.
/// The last frame shows everything the figure shows. Every frame keeps the figure's layout.
///
/// The frames are kept as a timeline, not as a picture each: for every element the frame it
/// appears at, and for every frame what it highlights and says. A frame is worked out when it is
/// drawn, so 4,801 frames of a 2,400-step chain cost about what the figure costs.
public struct StepTimeline: Sendable {
    /// How many frames there are.
    public let count: Int
    /// The frame (from 0) at which each edge's value, and each edge's gradient, first shows.
    public let valueFrame: [String: Int]
    public let gradientFrame: [String: Int]
    /// The frame at which each edge's updates show: the last, after the backward pass.
    public var updateFrame: [String: Int] = [:]
    /// The frame at which each drawn operation (by element ID) runs.
    public let reachFrame: [String: Int]
    /// What each frame highlights and says.
    public let highlights: [Set<String>]
    public let captions: [String]

    /// Frame `index` (from 0) as a picture's parts.
    public func frame(_ index: Int) -> Frame {
        Frame(
            values: Set(valueFrame.filter { $0.value <= index }.keys),
            gradients: Set(gradientFrame.filter { $0.value <= index }.keys),
            updates: Set(updateFrame.filter { $0.value <= index }.keys),
            reached: Set(reachFrame.filter { $0.value <= index }.keys),
            highlighted: highlights[index], faintArrows: true, caption: captions[index])
    }
}

public enum Steps {
    /// The frames as a timeline (see `StepTimeline`), worked out in one pass over the figure. In
    /// a quiz (`quiz`), a gradient's caption names its blank (`∂L/∂b = [3]`), never its value.
    public static func timeline(of figure: Figure, explain: Bool, quiz: Bool = false)
        -> StepTimeline
    {
        let operationTapeIDs = Set(figure.operations.flatMap(\.results))
        let nodeByDOTID = Dictionary(uniqueKeysWithValues: figure.nodes.map { ($0.id, $0) })
        var edgesBySource: [Int: [Figure.Edge]] = [:]
        var edgesInto: [String: [Figure.Edge]] = [:]
        var pathsOut: [String: [Figure.Edge]] = [:]
        for edge in figure.edges {
            edgesBySource[edge.source, default: []].append(edge)
            if let node = nodeByDOTID[edge.to] {
                edgesInto[node.elementID, default: []].append(edge)
            }
            if edge.gradient != nil { pathsOut[edge.from, default: []].append(edge) }
        }
        var valueFrame: [String: Int] = [:]
        var gradientFrame: [String: Int] = [:]
        var reachFrame: [String: Int] = [:]
        var highlights: [Set<String>] = [[]]
        var captions = ["the leaves and their values"]
        // Values known before anything runs: those of leaves and constants.
        for edge in figure.edges where !operationTapeIDs.contains(edge.source) {
            valueFrame[edge.elementID] = 0
        }
        for operation in figure.operations {
            let frame = highlights.count
            let made = operation.results.flatMap { edgesBySource[$0] ?? [] }.map(\.elementID)
            for id in made where valueFrame[id] == nil { valueFrame[id] = frame }
            reachFrame[operation.node] = frame
            highlights.append(Set([operation.node] + made.map { "v-" + $0 }))
            captions.append("forward: " + operation.forward)
        }
        func text(_ gradient: Figure.Gradient) -> String {
            if gradient.value.rank == 0 {
                return GradientText.plain(
                    gradient, explain: explain, quiz: quiz, numbers: figure.numbers)
            }
            let heading = GradientText.tableHeading(gradient, explain: explain)
            guard quiz, let blank = gradient.blank else { return heading }
            return heading + " = [\(blank)]"
        }
        // The branches' trunks, each waiting for its paths to come back.
        var trunks = figure.edges.filter { $0.to.hasPrefix("b") && $0.gradient != nil }
        var first = true
        for operation in figure.operations.reversed() {
            let frame = highlights.count
            var appearing: [Figure.Edge] = []
            if first {
                // What comes back from beyond the figure: the target's seed, and the gradients
                // on edges `--focus` cut.
                appearing += figure.edges.filter { edge in
                    guard edge.gradient != nil, let kind = nodeByDOTID[edge.to]?.kind else {
                        return false
                    }
                    if case .output = kind { return true }
                    return kind == .cut
                }
                first = false
            }
            appearing += (edgesInto[operation.node] ?? []).filter { $0.gradient != nil }
            for edge in appearing where gradientFrame[edge.elementID] == nil {
                gradientFrame[edge.elementID] = frame
            }
            // A branch's trunk, once every path into it has come back.
            trunks.removeAll { trunk in
                let paths = pathsOut[trunk.to] ?? []
                guard paths.allSatisfy({ gradientFrame[$0.elementID] != nil }) else { return false }
                gradientFrame[trunk.elementID] = frame
                appearing.append(trunk)
                return true
            }
            let words = appearing.compactMap { $0.gradient.map(text) }
            highlights.append(Set(appearing.map { "g-" + $0.elementID } + [operation.node]))
            captions.append("backward: " + words.joined(separator: "; "))
        }
        // The updates after the pass, all at once: they run after backward, on its results.
        let updated = figure.edges.filter { !$0.updates.isEmpty }
        var updateFrame: [String: Int] = [:]
        if !updated.isEmpty {
            let frame = highlights.count
            for edge in updated { updateFrame[edge.elementID] = frame }
            highlights.append(Set(updated.map { "u-" + $0.elementID }))
            let words = updated.flatMap(\.updates).map { update in
                let result: String
                if quiz, let blank = update.blank {
                    result = "[\(blank)]"
                } else if update.value.rank == 0 {
                    result = figure.numbers.format(update.value.scalars[0])
                } else {
                    result = update.value.shape.description
                }
                return update.label + " = " + result
            }
            captions.append("update: " + words.joined(separator: "; "))
        }
        var timeline = StepTimeline(
            count: highlights.count, valueFrame: valueFrame, gradientFrame: gradientFrame,
            reachFrame: reachFrame, highlights: highlights, captions: captions)
        timeline.updateFrame = updateFrame
        return timeline
    }
}
