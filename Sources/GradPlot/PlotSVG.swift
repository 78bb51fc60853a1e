import Foundation

/// The colours of a plot, as a figure's theme names them.
public struct PlotTheme: Sendable {
    public let background: String
    public let foreground: String
    public let muted: String
    public let gridLine: String
    public let highlight: String
    /// One colour per line; in print, black and greys told apart by dashes as well.
    public let lines: [String]
    public let dashes: [String?]
    /// The contour lines, from the lowest level to the highest.
    public let contourLow: (Double, Double, Double)
    public let contourHigh: (Double, Double, Double)

    /// `light`, `dark` or `print`, as `--theme` says.
    public init(named name: String) {
        switch name {
        case "dark":
            background = "#1e1e1e"
            foreground = "#e8e8e8"
            muted = "#8a8a8a"
            gridLine = "#333333"
            highlight = "#64b5f6"
            lines = ["#ff7070", "#64b5f6", "#81c784", "#ffb74d", "#ba68c8", "#e8e8e8"]
            dashes = [nil, nil, nil, nil, nil, nil]
            contourLow = (0.30, 0.50, 0.80)
            contourHigh = (0.35, 0.35, 0.35)
        case "print":
            background = "white"
            foreground = "black"
            muted = "#707070"
            gridLine = "#e0e0e0"
            highlight = "black"
            lines = ["black", "#505050", "black", "#505050", "black", "#808080"]
            dashes = [nil, "6 3", "2 2", "8 3 2 3", "1 3", "10 4"]
            contourLow = (0.25, 0.25, 0.25)
            contourHigh = (0.80, 0.80, 0.80)
        default:
            background = "white"
            foreground = "#222222"
            muted = "#9a9a9a"
            gridLine = "#eeeeee"
            highlight = "#1565c0"
            lines = ["#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#222222"]
            dashes = [nil, nil, nil, nil, nil, nil]
            contourLow = (0.13, 0.40, 0.75)
            contourHigh = (0.80, 0.85, 0.90)
        }
    }

    func line(_ index: Int) -> (color: String, dash: String?) {
        (lines[index % lines.count], dashes[index % dashes.count])
    }

    /// The colour of contour level `index` of `count`, from dark (low) to light (high).
    func contour(_ index: Int, of count: Int) -> String {
        let t = count > 1 ? Double(index) / Double(count - 1) : 0
        func channel(_ a: Double, _ b: Double) -> Int { Int(((a + (b - a) * t) * 255).rounded()) }
        return String(
            format: "#%02x%02x%02x", channel(contourLow.0, contourHigh.0),
            channel(contourLow.1, contourHigh.1), channel(contourLow.2, contourHigh.2))
    }
}

/// Writing SVG by hand, the few parts a plot needs; every text escaped.
struct SVGText {
    private(set) var text = ""

    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters have no place in an attribute or a text.
                if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\t" }) {
                    out.append(character)
                } else {
                    out += " "
                }
            }
        }
        return out
    }

    /// A coordinate with two decimals: enough for a screen, and the same bytes every time.
    static func number(_ value: Double) -> String {
        let text = String(format: "%.2f", value)
        return text == "-0.00" ? "0.00" : text
    }

    /// An exact number for a data attribute: Swift's shortest text that reads back the same.
    static func exact(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    mutating func line(_ content: String) { text += content + "\n" }

    /// The `<svg>` element's opening, its background and its title.
    mutating func header(
        width: Double, height: Double, classes: String, title: String?, theme: PlotTheme
    ) {
        line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"\(plotFont)\" class=\"\(classes)\">"
        )
        line("<rect width=\"100%\" height=\"100%\" fill=\"\(theme.background)\"/>")
        if let title { label(title, x: width / 2, y: 26, size: 15, color: theme.foreground) }
    }

    /// Row `index` of a legend above the plot: a stroke of the line's colour and dashes, then
    /// its name.
    mutating func legendRow(
        _ name: String, index: Int, x: Double, hasTitle: Bool, color: String, dash: String?,
        theme: PlotTheme
    ) {
        let y = (hasTitle ? 40 : 16) + Double(index) * 16
        let dashing = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        line(
            "<line x1=\"\(Self.number(x))\" y1=\"\(Self.number(y))\" x2=\"\(Self.number(x + 24))\" y2=\"\(Self.number(y))\" stroke=\"\(color)\" stroke-width=\"2\"\(dashing)/>"
        )
        label(name, x: x + 30, y: y + 4, anchor: "start", color: theme.foreground)
    }

    mutating func label(
        _ content: String, x: Double, y: Double, anchor: String = "middle", size: Int = 12,
        color: String, attributes: String = ""
    ) {
        line(
            "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(color)\"\(attributes)>"
                + Self.escaped(content) + "</text>")
    }
}

/// The font plots use: the figures'.
let plotFont = "DejaVu Sans, Bitstream Vera Sans, sans-serif"
