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
/// The last frame shows everything the figure shows. Every frame keeps the figure's layout.
public enum Steps {
    /// In a quiz (`quiz`), a gradient's caption names its blank (`∂L/∂b = [3]`), never its value.
    public static func frames(of figure: Figure, explain: Bool, quiz: Bool = false) -> [Frame] {
        let operationTapeIDs = Set(figure.operations.flatMap(\.results))
        let nodeByDOTID = Dictionary(uniqueKeysWithValues: figure.nodes.map { ($0.id, $0) })
        // Values known before anything runs: those of leaves and constants.
        var values = Set(
            figure.edges.filter { !operationTapeIDs.contains($0.source) }.map(\.elementID))
        var reached = Set<String>()
        var gradients = Set<String>()
        var frames = [
            Frame(
                values: values, gradients: gradients, reached: reached, faintArrows: true,
                caption: "the leaves and their values")
        ]
        for operation in figure.operations {
            let results = Set(operation.results)
            let made = figure.edges.filter { results.contains($0.source) }.map(\.elementID)
            values.formUnion(made)
            reached.insert(operation.node)
            frames.append(
                Frame(
                    values: values, gradients: gradients, reached: reached,
                    highlighted: Set([operation.node] + made.map { "v-" + $0 }), faintArrows: true,
                    caption: "forward: " + operation.forward))
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
        var first = true
        for operation in figure.operations.reversed() {
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
            appearing += figure.edges.filter { edge in
                edge.gradient != nil && nodeByDOTID[edge.to]?.elementID == operation.node
            }
            gradients.formUnion(appearing.map(\.elementID))
            // A branch's trunk, once every path into it has come back.
            for trunk in figure.edges
            where trunk.to.hasPrefix("b") && trunk.gradient != nil
                && !gradients.contains(trunk.elementID)
            {
                let paths = figure.edges.filter { $0.from == trunk.to && $0.gradient != nil }
                if paths.allSatisfy({ gradients.contains($0.elementID) }) {
                    gradients.insert(trunk.elementID)
                    appearing.append(trunk)
                }
            }
            let words = appearing.compactMap { $0.gradient.map(text) }
            frames.append(
                Frame(
                    values: values, gradients: gradients, reached: reached,
                    highlighted: Set(appearing.map { "g-" + $0.elementID } + [operation.node]),
                    faintArrows: true, caption: "backward: " + words.joined(separator: "; ")))
        }
        return frames
    }
}
