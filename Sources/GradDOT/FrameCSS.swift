/// A frame as CSS over the figure's one SVG: the SVG is laid out and drawn once with everything
/// shown, and each frame hides, fades and highlights parts of it by their ids, so a whole deck
/// costs about one figure. The rules match what `DOTWriter` draws for the same frame.
public enum FrameCSS {
    /// The rules for `frame`. `scope` starts every selector: a deck holds the SVG once and
    /// scopes each frame's rules to that frame (`body[data-frame="3"] `).
    /// `shifts` move an edge's value towards its edge while its gradient is hidden
    /// (`FrameSVG.shifts`).
    public static func rules(
        _ frame: Frame, figure: Figure, theme: FigureOptions.Theme, scope: String = "",
        shifts: [String: Double] = [:]
    )
        -> String
    {
        let palette = Palette(theme)
        func id(_ name: String) -> String { scope + "[id=\"" + name + "\"]" }
        // A label part's heading (`a_v-ID`) and its numbers (`a_v-ID.0`, `a_v-ID.1`, …).
        func cells(_ part: String) -> [String] {
            [id("a_" + part), scope + "[id^=\"a_" + part + ".\"]"]
        }
        var hidden: [String] = []
        var faint: [String] = []
        var lines: [String] = []
        for edge in figure.edges {
            let edgeID = edge.elementID
            if !frame.showsValue(edgeID) {
                hidden += cells("v-" + edgeID)
                faint.append(id(edgeID))
            }
            if edge.gradient != nil, !frame.showsGradient(edgeID) {
                hidden += cells("g-" + edgeID)
                hidden.append(id(edgeID) + " [stroke=\"\(palette.backward)\"]")
                hidden.append(id(edgeID) + " [fill=\"\(palette.backward)\"]")
            }
        }
        if !hidden.isEmpty {
            lines.append(hidden.joined(separator: ",\n") + " { visibility: hidden; }")
        }
        for edge in figure.edges {
            let edgeID = edge.elementID
            guard let shift = shifts[edgeID], edge.gradient != nil, !frame.showsGradient(edgeID),
                frame.showsValue(edgeID)
            else { continue }
            lines.append(
                cells("v-" + edgeID).joined(separator: ", ")
                    + " { transform: translate(0px, \(shift)px); }")
        }
        if !faint.isEmpty {
            lines.append(
                faint.map { $0 + " [stroke=\"\(palette.foreground)\"]" }.joined(separator: ",\n")
                    + " { stroke: \(palette.faint); }")
            lines.append(
                faint.map { $0 + " [fill=\"\(palette.foreground)\"]" }.joined(separator: ",\n")
                    + " { fill: \(palette.faint); }")
        }
        let pending = figure.nodes.filter { $0.isOperation && !frame.reaches($0.elementID) }
        if !pending.isEmpty {
            lines.append(
                pending.map { id($0.elementID) }.joined(separator: ",\n") + " { opacity: 0.25; }")
        }
        let highlighted = frame.highlighted.sorted()
        let nodes = highlighted.filter { name in figure.nodes.contains { $0.elementID == name } }
        if !nodes.isEmpty {
            lines.append(
                nodes.flatMap { [id($0) + " ellipse", id($0) + " polygon", id($0) + " path"] }
                    .joined(
                        separator: ",\n")
                    + " { stroke: \(palette.highlight); stroke-width: 2.5; }")
        }
        let parts = highlighted.filter { $0.hasPrefix("v-") || $0.hasPrefix("g-") }
        if !parts.isEmpty {
            lines.append(
                parts.flatMap { cells($0).map { $0 + " text" } }.joined(separator: ",\n")
                    + " { fill: \(palette.highlight); }")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
