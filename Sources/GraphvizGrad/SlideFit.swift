import Foundation
import GradDOT
import GradScript

/// Fitting a figure to a slide: the smallest text of a figure shown whole on a slide, and the
/// choice among ways of drawing it of the most detailed one whose smallest text is large enough.
///
/// A text's size on the slide is its font size times the scale that fits the figure's SVG to the
/// slide. SVG sizes are points and a browser draws a point as 4/3 pixel for the figure and its
/// text alike, so the factors cancel: font points × slide pixels ÷ figure points.
public struct SlideFit: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// The smallest text the chosen drawing may have, in pixels on the slide.
    public let minimumPixels: Double

    public init(width: Int = 1920, height: Int = 1080, minimumPixels: Double) {
        self.width = width
        self.height = height
        self.minimumPixels = minimumPixels
    }

    /// `1920x1080` as a slide; nil for anything else.
    public init?(size text: String, minimumPixels: Double) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
            (100...20_000).contains(width), (100...20_000).contains(height)
        else { return nil }
        self.init(width: width, height: height, minimumPixels: minimumPixels)
    }

    /// The smallest text of an SVG figure, in pixels on this slide.
    public func smallestTextPixels(svg: String) -> Double {
        let bytes = Array(svg.utf8)[...]
        func number(after key: String, from start: Int) -> (Double, Int)? {
            let pattern = Array(key.utf8)
            guard let at = UTF8Editing.firstIndex(of: pattern, in: bytes, from: start) else {
                return nil
            }
            var end = at + pattern.count
            while end < bytes.endIndex,
                bytes[end] == UInt8(ascii: ".") || (48...57).contains(bytes[end])
            {
                end += 1
            }
            return Double(String(decoding: bytes[(at + pattern.count)..<end], as: UTF8.self)).map {
                ($0, end)
            }
        }
        guard
            let (figureWidth, afterWidth) = number(after: "<svg width=\"", from: bytes.startIndex),
            let (figureHeight, _) = number(after: "height=\"", from: afterWidth),
            figureWidth > 0, figureHeight > 0
        else { return 0 }
        var smallest = Double.infinity
        var at = bytes.startIndex
        while let (size, end) = number(after: "font-size=\"", from: at) {
            smallest = min(smallest, size)
            at = end
        }
        let scale = number(after: "transform=\"scale(", from: bytes.startIndex)?.0 ?? 1
        guard smallest.isFinite else { return 0 }
        return smallest * scale * min(Double(width) / figureWidth, Double(height) / figureHeight)
    }

    /// Ways of drawing a figure, most detailed first, for `--fit`: as asked, with its tables
    /// summarised, then each statement as one box (`--collapse statements`) with ever fewer
    /// numbers and digits.
    public static func ladder(from options: FigureOptions) -> [(String, FigureOptions)] {
        var steps = tableBudgets(from: options, keeping: []).prefix(3).map { $0 }
        var collapsed = options
        if collapsed.collapse == .none, collapsed.style == .edges {
            collapsed.collapse = .statements
            steps += tableBudgets(from: collapsed, keeping: ["--collapse statements"])
        } else {
            steps = tableBudgets(from: options, keeping: [])
        }
        return steps
    }

    /// The same drawing with ever fewer numbers and digits in its tables: what `--collapse` and
    /// `--style nodes` fall back on, when the user chose neither, to stay legible on a slide.
    public static func tableBudgets(from options: FigureOptions, keeping words: [String])
        -> [(String, FigureOptions)]
    {
        let budgets: [(Int, Int?)] = [
            (64, nil), (16, nil), (9, nil), (6, nil), (4, nil), (4, 2), (2, 2), (1, 2),
        ]
        return budgets.compactMap { budget, precision in
            guard budget <= options.maxElements else { return nil }
            var candidate = options
            candidate.maxElements = budget
            if let precision { candidate.precision = min(candidate.precision ?? 3, precision) }
            var said = words
            if budget < 64 { said.append("--max-elements \(budget)") }
            if let precision { said.append("--precision \(precision)") }
            return (said.joined(separator: " "), candidate)
        }
    }
}
