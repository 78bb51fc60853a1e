import Foundation
import GradDOT

/// One drawing of a figure whose label cells take other texts frame by frame: a deck of a
/// training run's passes, whose graphs are the same and whose numbers are not. Graphviz lays
/// the figure out once (with the widest number of every place, `Figure.widened`); each text that
/// changes is anchored at its cell's centre, or its right edge for a table's number, using the
/// width Graphviz measured for it (its JSON's text operations), so a frame's text of another
/// length stays in place.
struct RetextableSVG {
    private(set) var lines: [String]
    /// The lines of each changing cell's texts, in order, and of its tooltip's link.
    private var textLines: [String: [Int]] = [:]
    private var titleLines: [String: Int] = [:]
    /// Each edge's and node's hover text (its `<title>`), which names its numbers.
    private var elementTitleLines: [String: ClosedRange<Int>] = [:]
    /// The line that opens each node's and edge's group.
    private var elementLines: [String: Int] = [:]

    /// `svg` (finished, inline or whole) and the JSON of the same layout; `varying` the ids of
    /// the cells whose texts change.
    init(svg: String, layout json: Data, varying: Set<String>) {
        lines = svg.components(separatedBy: "\n")
        let widths = Self.textWidths(json)
        var cell: String?
        var element: String?
        for index in lines.indices {
            let line = lines[index]
            if line.hasPrefix("<g id=\""),
                line.contains("class=\"edge") || line.contains("class=\"node")
            {
                element = FrameSVG.unescape(
                    String(line.dropFirst("<g id=\"".count).prefix { $0 != "\"" }))
                elementLines[element!] = index
                continue
            }
            if let edge = element {
                if line.hasPrefix("<title>") {
                    // A tooltip of several lines spans several lines of the SVG.
                    var end = index
                    while end < lines.count - 1, !lines[end].hasSuffix("</title>") { end += 1 }
                    elementTitleLines[edge] = index...end
                }
                element = nil
            }
            if line.hasPrefix("<g id=\"a_") {
                let id = FrameSVG.unescape(
                    String(line.dropFirst("<g id=\"a_".count).prefix { $0 != "\"" }))
                cell = varying.contains(id) ? id : nil
                if let cell, line.contains("xlink:title=\"") { titleLines[cell] = index }
                continue
            }
            guard let current = cell else { continue }
            if line.hasPrefix("</g>") {
                cell = nil
                continue
            }
            guard line.hasPrefix("<text") else { continue }
            textLines[current, default: []].append(index)
            // Anchored where it stays when its text changes length.
            guard let x = Self.attribute("x", in: line).flatMap(Double.init),
                let y = Self.attribute("y", in: line).flatMap(Double.init),
                let width = widths[Self.key(x, -y)]
            else { continue }
            let isNumber =
                current.split(separator: ".").last.map { $0.allSatisfy(\.isNumber) } ?? false
            let anchored =
                isNumber && current.contains(".")
                ? ("end", x + width) : ("middle", x + width / 2)
            lines[index] = line.replacingOccurrences(
                of: "text-anchor=\"start\" x=\"\(Self.attribute("x", in: line)!)\"",
                with: "text-anchor=\"\(anchored.0)\" x=\"\(String(format: "%.2f", anchored.1))\"")
        }
    }

    /// The drawing with `texts` in its changing cells (the others as drawn) and `tooltips`
    /// on its edges, by element id.
    /// Elements in `hidden` (a union's nodes and edges a frame's pass does not have) keep
    /// their place and show nothing.
    func frame(
        _ texts: [String: CellText], tooltips: [String: String] = [:], hidden: Set<String> = []
    ) -> String {
        var out = lines
        for id in hidden {
            guard let index = elementLines[id] else { continue }
            out[index] = out[index].replacingOccurrences(
                of: "<g id=", with: "<g visibility=\"hidden\" id=", options: .anchored)
        }
        for (id, span) in elementTitleLines {
            guard let tooltip = tooltips[id] else { continue }
            let lines = ("<title>" + SVGFinishing.escape(tooltip) + "</title>")
                .components(separatedBy: "\n")
            // Line for line where it fits (the drawing keeps its lines), the rest on the last.
            for (offset, index) in span.enumerated() {
                if index == span.upperBound {
                    out[index] = lines[min(offset, lines.count - 1)...].joined(separator: "\n")
                } else {
                    out[index] = offset < lines.count ? lines[offset] : ""
                }
            }
        }
        for (id, indices) in textLines {
            guard let text = texts[id] else { continue }
            for (position, index) in indices.enumerated() {
                var content = position < text.lines.count ? text.lines[position] : ""
                if position == indices.count - 1, text.lines.count > indices.count {
                    content = text.lines[position...].joined(separator: " ")
                }
                out[index] = Self.replacingContent(of: out[index], with: content)
            }
            if let titleLine = titleLines[id] {
                out[titleLine] = Self.replacingTitle(of: out[titleLine], with: text.title)
            }
        }
        return out.joined(separator: "\n")
    }

    /// The ids of the cells whose texts change over `frames`.
    static func varyingCells(_ frames: [[String: CellText]]) -> Set<String> {
        guard let first = frames.first else { return [] }
        var varying = Set<String>()
        for frame in frames.dropFirst() {
            for (id, text) in frame where first[id] != text { varying.insert(id) }
        }
        return varying
    }

    private static func key(_ x: Double, _ y: Double) -> String {
        String(format: "%.2f,%.2f", x, y)
    }

    /// Each text operation's width, by its position, from Graphviz's JSON (`T` operations of
    /// the graph's, nodes', edges' and clusters' label drawings).
    private static func textWidths(_ json: Data) -> [String: Double] {
        guard let root = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            return [:]
        }
        var widths: [String: Double] = [:]
        func read(_ object: [String: Any]) {
            for key in ["_ldraw_", "_draw_"] {
                for case let operation as [String: Any] in object[key] as? [Any] ?? [] {
                    guard operation["op"] as? String == "T",
                        let point = operation["pt"] as? [Double], point.count == 2,
                        let width = operation["width"] as? Double
                    else { continue }
                    widths[Self.key(point[0], point[1])] = width
                }
            }
        }
        read(root)
        for list in ["objects", "edges"] {
            for case let object as [String: Any] in root[list] as? [Any] ?? [] { read(object) }
        }
        return widths
    }

    static func attribute(_ name: String, in line: String) -> String? {
        guard let start = line.range(of: " \(name)=\"") else { return nil }
        let rest = line[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    private static func replacingContent(of line: String, with text: String) -> String {
        guard let open = line.firstIndex(of: ">"), let close = line.range(of: "</text>") else {
            return line
        }
        return String(line[...open]) + SVGFinishing.escape(text) + line[close.lowerBound...]
    }

    private static func replacingTitle(of line: String, with title: String) -> String {
        guard let start = line.range(of: "xlink:title=\"") else { return line }
        let rest = line[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return line }
        return String(line[..<start.upperBound]) + SVGFinishing.escape(title) + line[end...]
    }
}
