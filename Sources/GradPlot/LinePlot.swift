import Foundation

/// A plot of scalars against the pass number: the loss curve of a training file, other scalars
/// it binds, several files' curves on one pair of axes with a legend.
///
/// The SVG is written here (there is no chart library for Swift on Linux). Each line is a group
/// with `data-series`; each drawn point a circle with `data-pass` and `data-value` (the exact
/// number), so a page script or a test can read the plot back.
public struct LinePlot: Sendable {
    public struct Series: Sendable {
        public let name: String
        /// (pass, value); a value that is not finite (or not positive, on a log axis) breaks
        /// the line there.
        public let points: [(pass: Int, value: Double)]

        public init(name: String, points: [(pass: Int, value: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String?
    public var xLabel = "pass"
    public var yLabel = "loss"
    public var series: [Series]
    public var logY = false
    /// The pass marked on every line (a deck's current frame), with a larger point.
    public var marked: Int?
    /// Passes that get a point of their own besides the evenly chosen ones (a deck's frames).
    public var pointPasses: Set<Int> = []
    public var width = 760.0
    public var height = 460.0
    /// The most points drawn per line (the line itself goes through every pass).
    public static let maxPoints = 200

    public init(series: [Series]) {
        self.series = series
    }

    /// The margins around the axes: room for the tick labels, the title and legend, and the
    /// values written at the lines' ends.
    var legendRows: Int { series.count > 1 ? series.count : 0 }
    var left: Double { 78 }
    var right: Double { 120 }
    var top: Double { (title == nil ? 24 : 44) + Double(legendRows) * 16 }
    var bottom: Double { 52 }

    /// Whether a value can be drawn on this plot's axis.
    func drawable(_ value: Double) -> Bool { value.isFinite && (!logY || value > 0) }

    /// What the plot leaves out, in words, for its caption: values that are nan or inf, and
    /// on a log axis those at or below zero.
    public var notes: [String] {
        var notes: [String] = []
        for line in series {
            if let first = line.points.first(where: { !$0.value.isFinite }) {
                notes.append(
                    "\(line.name) is \(first.value.isNaN ? "nan" : "inf") from pass \(first.pass)")
            } else if logY, let first = line.points.first(where: { $0.value <= 0 }) {
                notes.append(
                    "\(line.name) is \(Ticks.short(first.value)) at pass \(first.pass), which a log axis cannot show"
                )
            }
        }
        return notes
    }

    public func svg(theme: PlotTheme) -> String {
        let values = series.flatMap { $0.points.map(\.value) }.filter(drawable)
        let passes = series.flatMap { $0.points.map(\.pass) }
        let (xTicks, xRange) = Ticks.linear(
            Double(passes.min() ?? 1), Double(passes.max() ?? 1), count: 6)
        let yAxis: (ticks: [Double], range: ClosedRange<Double>)
        if logY {
            yAxis = Ticks.logarithmic(values.min() ?? 1, values.max() ?? 10)
        } else {
            yAxis = Ticks.linear(values.min() ?? 0, values.max() ?? 1, count: 5)
        }
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func x(_ pass: Double) -> Double {
            left + (pass - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotWidth
        }
        func y(_ value: Double) -> Double {
            let (low, high) = (yAxis.range.lowerBound, yAxis.range.upperBound)
            let t =
                logY
                ? (log10(value) - log10(low)) / (log10(high) - log10(low))
                : (value - low) / (high - low)
            return top + (1 - t) * plotHeight
        }
        var out = SVGText()
        out.header(width: width, height: height, classes: "gg-plot", title: title, theme: theme)
        // Grid lines and ticks.
        out.line("<g class=\"axes\">")
        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
        for tick in xTicks {
            let px = x(tick)
            out.line(
                "<line x1=\"\(SVGText.number(px))\" y1=\"\(SVGText.number(top))\" x2=\"\(SVGText.number(px))\" y2=\"\(SVGText.number(top + plotHeight))\" stroke=\"\(theme.gridLine)\"/>"
            )
            out.label(
                Ticks.label(tick, step: xStep), x: px, y: top + plotHeight + 18,
                color: theme.foreground)
        }
        let yStep = yAxis.ticks.count > 1 ? yAxis.ticks[1] - yAxis.ticks[0] : 1
        for tick in yAxis.ticks {
            let py = y(tick)
            out.line(
                "<line x1=\"\(SVGText.number(left))\" y1=\"\(SVGText.number(py))\" x2=\"\(SVGText.number(left + plotWidth))\" y2=\"\(SVGText.number(py))\" stroke=\"\(theme.gridLine)\"/>"
            )
            out.label(
                logY ? Ticks.scientificOrPlain(tick) : Ticks.label(tick, step: yStep),
                x: left - 8, y: py + 4, anchor: "end", color: theme.foreground)
        }
        out.line(
            "<rect x=\"\(SVGText.number(left))\" y=\"\(SVGText.number(top))\" width=\"\(SVGText.number(plotWidth))\" height=\"\(SVGText.number(plotHeight))\" fill=\"none\" stroke=\"\(theme.muted)\"/>"
        )
        out.label(
            xLabel, x: left + plotWidth / 2, y: height - 14, size: 13, color: theme.foreground)
        out.label(
            yLabel + (logY ? " (log scale)" : ""), x: 18, y: top + plotHeight / 2, size: 13,
            color: theme.foreground,
            attributes:
                " transform=\"rotate(-90 18 \(SVGText.number(top + plotHeight / 2)))\"")
        out.line("</g>")
        // The lines, their points, their last values, and the legend.
        for (index, line) in series.enumerated() {
            let (color, dash) = theme.line(index)
            out.line(
                "<g class=\"series\" data-series=\"\(SVGText.escaped(line.name))\">")
            var path = ""
            var pen = false
            for point in line.points {
                guard drawable(point.value) else {
                    pen = false
                    continue
                }
                path +=
                    (pen ? "L" : "M") + SVGText.number(x(Double(point.pass))) + ","
                    + SVGText.number(y(point.value))
                pen = true
            }
            let dashing = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            if !path.isEmpty {
                out.line(
                    "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dashing)/>"
                )
            }
            let points = chosenPoints(line)
            // Many points are dots on the line, not beads.
            let radius = points.count > 60 ? 1.2 : 2.5
            for point in points where drawable(point.value) {
                let isMarked = point.pass == marked
                out.line(
                    "<circle class=\"\(isMarked ? "point marker" : "point")\" data-pass=\"\(point.pass)\" data-value=\"\(SVGText.exact(point.value))\" cx=\"\(SVGText.number(x(Double(point.pass))))\" cy=\"\(SVGText.number(y(point.value)))\" r=\"\(isMarked ? 6 : radius)\" fill=\"\(isMarked ? theme.highlight : color)\"><title>\(SVGText.escaped(line.name)), pass \(point.pass): \(SVGText.exact(point.value))</title></circle>"
                )
            }
            if let last = line.points.last(where: { drawable($0.value) }) {
                out.label(
                    Ticks.short(last.value), x: x(Double(last.pass)) + 8,
                    y: y(last.value) + 4, anchor: "start", color: color,
                    attributes: " class=\"last-value\"")
            }
            if legendRows > 0 {
                out.legendRow(
                    line.name, index: index, x: left, hasTitle: title != nil, color: color,
                    dash: dash, theme: theme)
            }
            out.line("</g>")
        }
        out.line("</svg>")
        return out.text
    }

    /// The points a line draws: at most `maxPoints` spread evenly, always the first and the
    /// last, and every pass in `pointPasses` or marked.
    func chosenPoints(_ line: Series) -> [(pass: Int, value: Double)] {
        let count = line.points.count
        guard count > Self.maxPoints else { return line.points }
        var chosen = Set<Int>()
        for step in 0..<Self.maxPoints {
            chosen.insert(
                Int((Double(step) * Double(count - 1) / Double(Self.maxPoints - 1)).rounded()))
        }
        return line.points.enumerated().filter { index, point in
            chosen.contains(index) || pointPasses.contains(point.pass) || point.pass == marked
        }.map(\.element)
    }
}

extension Ticks {
    /// A log axis's tick: `0.01`, `100`, or `1e−6` past four decades either way.
    public static func scientificOrPlain(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 { return scientific(value) }
        return fixed(value, decimals: max(0, Int((-log10(magnitude)).rounded(.up))))
    }
}
