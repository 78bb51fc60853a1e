import Foundation

/// The loss over two parameters as contour lines, and the optimiser's path over the passes on
/// top: a polyline with a point per pass (`data-pass`, `data-x`, `data-y`), its start and end
/// marked, one path per file with a legend when there are several.
public struct ContourPlot: Sendable {
    public struct Path: Sendable {
        public let name: String
        public let points: [(pass: Int, x: Double, y: Double)]

        public init(name: String, points: [(pass: Int, x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String?
    public var xLabel: String
    public var yLabel: String
    public var grid: Grid
    public var levels: [Double]
    public var isLogarithmic: Bool
    public var paths: [Path]
    public var width = 720.0
    public var height = 600.0
    /// The most points drawn per path (the line goes through every pass).
    public static let maxPoints = 400

    public init(
        xLabel: String, yLabel: String, grid: Grid, levels: [Double], isLogarithmic: Bool,
        paths: [Path]
    ) {
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.grid = grid
        self.levels = levels
        self.isLogarithmic = isLogarithmic
        self.paths = paths
    }

    var legendRows: Int { paths.count > 1 ? paths.count : 0 }

    public func svg(theme: PlotTheme) -> String {
        let left = 78.0
        let right = 24.0
        let top = (title == nil ? 24.0 : 44.0) + Double(legendRows) * 16
        let bottom = 72.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let xRange = grid.x
        let yRange = grid.y
        func x(_ value: Double) -> Double {
            left + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
                * plotWidth
        }
        func y(_ value: Double) -> Double {
            top + (1 - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound))
                * plotHeight
        }
        var out = SVGText()
        out.header(
            width: width, height: height, classes: "gg-plot gg-contours", title: title, theme: theme
        )
        out.line(
            "<clipPath id=\"plot-area\"><rect x=\"\(SVGText.number(left))\" y=\"\(SVGText.number(top))\" width=\"\(SVGText.number(plotWidth))\" height=\"\(SVGText.number(plotHeight))\"/></clipPath>"
        )
        // The contour lines, each level a group.
        out.line("<g class=\"contours\" clip-path=\"url(#plot-area)\">")
        for (index, level) in levels.enumerated() {
            let color = theme.contour(index, of: levels.count)
            var d = ""
            for line in Contours.lines(grid, level: level) where line.count > 1 {
                for (position, point) in line.enumerated() {
                    d +=
                        (position == 0 ? "M" : "L") + SVGText.number(x(grid.xAt(point.0))) + ","
                        + SVGText.number(y(grid.yAt(point.1)))
                }
            }
            guard !d.isEmpty else { continue }
            out.line(
                "<path class=\"level\" data-level=\"\(SVGText.exact(level))\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1\"><title>loss = \(Ticks.short(level))</title></path>"
            )
        }
        out.line("</g>")
        // Axes.
        out.line("<g class=\"axes\">")
        let (xTicks, _) = Ticks.linear(xRange.lowerBound, xRange.upperBound, count: 6)
        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
        for tick in xTicks where xRange.contains(tick) {
            out.line(
                "<line x1=\"\(SVGText.number(x(tick)))\" y1=\"\(SVGText.number(top + plotHeight))\" x2=\"\(SVGText.number(x(tick)))\" y2=\"\(SVGText.number(top + plotHeight + 5))\" stroke=\"\(theme.muted)\"/>"
            )
            out.label(
                Ticks.label(tick, step: xStep), x: x(tick), y: top + plotHeight + 19,
                color: theme.foreground)
        }
        let (yTicks, _) = Ticks.linear(yRange.lowerBound, yRange.upperBound, count: 6)
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        for tick in yTicks where yRange.contains(tick) {
            out.line(
                "<line x1=\"\(SVGText.number(left - 5))\" y1=\"\(SVGText.number(y(tick)))\" x2=\"\(SVGText.number(left))\" y2=\"\(SVGText.number(y(tick)))\" stroke=\"\(theme.muted)\"/>"
            )
            out.label(
                Ticks.label(tick, step: yStep), x: left - 8, y: y(tick) + 4, anchor: "end",
                color: theme.foreground)
        }
        out.line(
            "<rect x=\"\(SVGText.number(left))\" y=\"\(SVGText.number(top))\" width=\"\(SVGText.number(plotWidth))\" height=\"\(SVGText.number(plotHeight))\" fill=\"none\" stroke=\"\(theme.muted)\"/>"
        )
        out.label(
            xLabel, x: left + plotWidth / 2, y: top + plotHeight + 40, size: 13,
            color: theme.foreground)
        out.label(
            yLabel, x: 18, y: top + plotHeight / 2, size: 13, color: theme.foreground,
            attributes: " transform=\"rotate(-90 18 \(SVGText.number(top + plotHeight / 2)))\"")
        let spacing = isLogarithmic ? "log-spaced" : "evenly spaced"
        if let low = levels.first, let high = levels.last {
            out.label(
                "contours of the loss, \(spacing) from \(Ticks.short(low)) to \(Ticks.short(high))",
                x: left + plotWidth / 2, y: height - 10, size: 11, color: theme.muted)
        }
        out.line("</g>")
        // The paths.
        for (index, path) in paths.enumerated() {
            let (color, dash) = theme.line(index)
            let dashing = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            out.line("<g class=\"path\" data-series=\"\(SVGText.escaped(path.name))\">")
            let finite = path.points.filter { $0.x.isFinite && $0.y.isFinite }
            let d = finite.enumerated().map { position, point in
                (position == 0 ? "M" : "L") + SVGText.number(x(point.x)) + ","
                    + SVGText.number(y(point.y))
            }.joined()
            if !d.isEmpty {
                out.line(
                    "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" clip-path=\"url(#plot-area)\"\(dashing)/>"
                )
            }
            for point in chosen(finite) {
                out.line(
                    "<circle class=\"point\" data-pass=\"\(point.pass)\" data-x=\"\(SVGText.exact(point.x))\" data-y=\"\(SVGText.exact(point.y))\" cx=\"\(SVGText.number(x(point.x)))\" cy=\"\(SVGText.number(y(point.y)))\" r=\"\(finite.count > 100 ? 1.2 : 2)\" fill=\"\(color)\" clip-path=\"url(#plot-area)\"><title>\(SVGText.escaped(path.name)), pass \(point.pass): (\(SVGText.exact(point.x)), \(SVGText.exact(point.y)))</title></circle>"
                )
            }
            if let first = finite.first {
                out.line(
                    "<rect class=\"start\" x=\"\(SVGText.number(x(first.x) - 5))\" y=\"\(SVGText.number(y(first.y) - 5))\" width=\"10\" height=\"10\" fill=\"\(theme.background)\" stroke=\"\(color)\" stroke-width=\"2\"/>"
                )
                let nearRight = x(first.x) > left + plotWidth - 50
                out.label(
                    "start", x: x(first.x) + (nearRight ? -9 : 9), y: y(first.y) - 7,
                    anchor: nearRight ? "end" : "start", size: 11, color: color,
                    attributes:
                        " paint-order=\"stroke\" stroke=\"\(theme.background)\" stroke-width=\"3\"")
            }
            if let last = finite.last, finite.count > 1 {
                out.line(
                    "<circle class=\"end\" cx=\"\(SVGText.number(x(last.x)))\" cy=\"\(SVGText.number(y(last.y)))\" r=\"5\" fill=\"\(color)\" stroke=\"\(theme.background)\" stroke-width=\"1.5\"/>"
                )
                // Written on the side of the point with room for it.
                let nearRight = x(last.x) > left + plotWidth - 110
                // Away from the path: above the end when the path comes up to it, else below.
                let earlier = finite[max(0, finite.count - 1 - max(1, finite.count / 20))]
                let comesUp = y(earlier.y) > y(last.y)
                let labelY =
                    comesUp
                    ? y(last.y) - 10 - Double(index) * 14 : y(last.y) + 18 + Double(index) * 14
                out.label(
                    "end (pass \(last.pass))", x: x(last.x) + (nearRight ? -9 : 9),
                    y: labelY, anchor: nearRight ? "end" : "start",
                    size: 11,
                    color: color,
                    attributes:
                        " class=\"end-label\" paint-order=\"stroke\" stroke=\"\(theme.background)\" stroke-width=\"3\""
                )
            }
            if legendRows > 0 {
                out.legendRow(
                    path.name, index: index, x: left, hasTitle: title != nil, color: color,
                    dash: dash, theme: theme)
            }
            out.line("</g>")
        }
        out.line("</svg>")
        return out.text
    }

    /// At most `maxPoints` points, spread evenly, always the first and last.
    func chosen(_ points: [(pass: Int, x: Double, y: Double)]) -> [(
        pass: Int, x: Double, y: Double
    )] {
        guard points.count > Self.maxPoints else { return points }
        var indices = Set<Int>()
        for step in 0..<Self.maxPoints {
            indices.insert(
                Int(
                    (Double(step) * Double(points.count - 1) / Double(Self.maxPoints - 1)).rounded()
                ))
        }
        return indices.sorted().map { points[$0] }
    }
}
