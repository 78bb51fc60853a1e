/// A step deck's styles over the figure's one SVG (see `FrameSVG.deckDrawing`): the drawing says
/// at which frame each part appears, the page's script marks each part with classes for the
/// frame shown, and these rules draw the classes. Only highlights are per frame, a few rules
/// each, so a deck's size grows with its figure plus its frames, not with their product.
public enum FrameCSS {
    /// The rules for the classes `deckDrawing` and the script use: a part not yet shown is
    /// hidden, an arrow whose value is not yet known faint, a backward arrow not yet come back
    /// hidden, an operation not yet run faded.
    public static func deckRules(theme: FigureOptions.Theme) -> String {
        let palette = Palette(theme)
        return """
            .gg-hidden { visibility: hidden; }
            .gg-faint [stroke="\(palette.foreground)"] { stroke: \(palette.faint); }
            .gg-faint [fill="\(palette.foreground)"] { fill: \(palette.faint); }
            .gg-noback [stroke="\(palette.backward)"], .gg-noback [fill="\(palette.backward)"] { visibility: hidden; }
            .gg-pending { opacity: 0.25; }

            """
    }

    /// The highlights of frame `index` (from 0), scoped to `scope` (`body[data-frame="3"] `): the
    /// operation that runs, the values or gradients that appear.
    public static func highlightRules(
        _ timeline: StepTimeline, frame index: Int, figure: Figure, theme: FigureOptions.Theme,
        scope: String
    ) -> String {
        let palette = Palette(theme)
        func id(_ name: String) -> String { scope + "[id=\"" + name + "\"]" }
        let highlighted = timeline.highlights[index].sorted()
        func isPart(_ id: String) -> Bool {
            id.hasPrefix("v-") || id.hasPrefix("g-") || id.hasPrefix("u-")
        }
        let nodes = highlighted.filter { !isPart($0) }
        let parts = highlighted.filter(isPart)
        var lines: [String] = []
        if !nodes.isEmpty {
            lines.append(
                nodes.flatMap { [id($0) + " ellipse", id($0) + " polygon", id($0) + " path"] }
                    .joined(separator: ", ")
                    + " { stroke: \(palette.highlight); stroke-width: 2.5; }")
        }
        if !parts.isEmpty {
            lines.append(
                parts.flatMap {
                    [id("a_" + $0) + " text", scope + "[id^=\"a_" + $0 + ".\"] text"]
                }.joined(separator: ", ") + " { fill: \(palette.highlight); }")
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
