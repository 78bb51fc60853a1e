import GradCore

/// A frame as SVG itself: the figure's one drawing (laid out and drawn once, everything shown),
/// with each text and arrow a frame hides left out, each it fades or highlights given its
/// colours, and each operation not reached yet `opacity="0.25"`: what every SVG renderer draws
/// alike (Inkscape, librsvg, LibreOffice, slide programs), where `FrameCSS`'s selectors are
/// honoured by browsers only, and Inkscape ignores even `visibility="hidden"` on a group. The layout is the drawing's, so every
/// frame has the same one. A step deck uses the same reading of the drawing (`deckDrawing`).
///
/// Graphviz writes one element per line (see `SVGFinishing`): a node's or edge's group opens on
/// its own line (`<g id="x--op-z" class="edge pair">`), a label cell's group too
/// (`<g id="a_v-x--op-z">`), then its shapes and texts, one a line. The drawing is read once
/// into lines that know what they belong to; a frame is then one pass over them.
public struct FrameSVG {
    /// What a line of the drawing is.
    private enum Line {
        /// A node's or edge's group opening: its element ID.
        case elementOpen(String, isNode: Bool)
        /// A label cell's group opening (`a_v-ID`, `a_g-ID.3`): its part (`v-ID`) and the edge.
        case cellOpen(part: String, edge: String, layer: Character)
        /// A shape of the current node or edge, outside any cell.
        case shape(element: String)
        /// A text inside a cell.
        case text(part: String)
        /// A cell's border or other drawing.
        case cellShape(part: String)
        case other
    }

    private let lines: [ArraySlice<UInt8>]
    private let kinds: [Line]
    private let palette: Palette
    /// The drawing for a step deck: each part says at which frame (from 0) it appears,
    /// `data-gg-a` on a label cell, `data-gg-ev` and `data-gg-eg` on an edge (its value, its
    /// gradient), `data-gg-r` on an operation, `data-gg-shift` on a value that moves to its
    /// edge while its gradient is hidden; and each starts as the first frame shows it (the
    /// classes of `FrameCSS.deckRules`), so the page works without its script.
    public func deckDrawing(_ timeline: StepTimeline) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 } + 64 * lines.count / 8)
        func adding(_ attributes: String, classes: [String], to line: ArraySlice<UInt8>)
            -> [UInt8]
        {
            var text = String(decoding: line, as: UTF8.self)
            if !classes.isEmpty {
                let joined = classes.joined(separator: " ")
                if text.contains(" class=\"") {
                    text = UTF8Editing.replacing(
                        " class=\"", with: " class=\"" + joined + " ", in: text)
                } else {
                    text = UTF8Editing.replacing(
                        "<g ", with: "<g class=\"" + joined + "\" ", in: text)
                }
            }
            return Self.inserting(attributes, into: Array(text.utf8)[...])
        }
        for (index, line) in lines.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "\n")) }
            switch kinds[index] {
            case .elementOpen(let id, true):
                guard let reach = timeline.reachFrame[id] else {
                    out += line
                    continue
                }
                out += adding(
                    " data-gg-r=\"\(reach)\"", classes: reach > 0 ? ["gg-pending"] : [], to: line)
            case .elementOpen(let id, false):
                var attributes = ""
                var classes: [String] = []
                if let value = timeline.valueFrame[id] {
                    attributes += " data-gg-ev=\"\(value)\""
                    if value > 0 { classes.append("gg-faint") }
                }
                if let gradient = timeline.gradientFrame[id] {
                    attributes += " data-gg-eg=\"\(gradient)\""
                    if gradient > 0 { classes.append("gg-noback") }
                }
                out +=
                    attributes.isEmpty
                    ? Array(line) : adding(attributes, classes: classes, to: line)
            case .cellOpen(_, let edge, let layer):
                let appearing: [String: Int]
                switch layer {
                case "g": appearing = timeline.gradientFrame
                case "u": appearing = timeline.updateFrame
                default: appearing = timeline.valueFrame
                }
                guard let appears = appearing[edge] else {
                    out += line
                    continue
                }
                var attributes = " data-gg-a=\"\(appears)\""
                if layer == "v", let shift = shifts[edge],
                    let gradient = timeline.gradientFrame[edge]
                {
                    attributes += " data-gg-shift=\"\(shift)\" data-gg-eg=\"\(gradient)\""
                    if appears == 0, gradient > 0 {
                        attributes += " transform=\"translate(0,\(shift))\""
                    }
                }
                out += adding(attributes, classes: appears > 0 ? ["gg-hidden"] : [], to: line)
            default:
                out += line
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// How far down each edge's value moves while its gradient is hidden (see `labelShifts`).
    public let shifts: [String: Double]

    public init(svg: String, theme: FigureOptions.Theme) {
        palette = Palette(theme)
        let bytes = Array(svg.utf8)[...]
        lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var kinds: [Line] = []
        kinds.reserveCapacity(lines.count)
        var element: String?
        // The cell being read and how many groups deep inside it the line is.
        var cell: String?
        var depth = 0
        for line in lines {
            let text = String(decoding: line.prefix(400), as: UTF8.self)
            if text.hasPrefix("<g id=\"") {
                let id = Self.unescape(Self.attribute("id", in: text) ?? "")
                if let cellPart = cell {
                    depth += 1
                    kinds.append(.text(part: cellPart))
                    continue
                }
                if text.contains("class=\"node") || text.contains("class=\"edge") {
                    element = id
                    kinds.append(.elementOpen(id, isNode: text.contains("class=\"node")))
                    continue
                }
                if id.hasPrefix("a_v-") || id.hasPrefix("a_g-") || id.hasPrefix("a_u-") {
                    let part = String(id.dropFirst(2))
                    let edge = String(part.dropFirst(2).prefix { $0 != "." })
                    cell = part
                    depth = 0
                    kinds.append(
                        .cellOpen(part: part, edge: edge, layer: part.first!))
                    continue
                }
                kinds.append(.other)
                continue
            }
            if let cellPart = cell {
                if text.hasPrefix("</g>") {
                    if depth == 0 { cell = nil } else { depth -= 1 }
                    kinds.append(.other)
                } else {
                    if text.hasPrefix("<text") {
                        kinds.append(.text(part: cellPart))
                    } else if Self.drawsShape(text) {
                        kinds.append(.cellShape(part: cellPart))
                    } else {
                        kinds.append(.other)
                    }
                }
                continue
            }
            if let element, Self.drawsShape(text) {
                kinds.append(.shape(element: element))
                continue
            }
            if text.hasPrefix("<!-- ") { element = nil }
            kinds.append(.other)
        }
        self.kinds = kinds
        shifts = Self.labelShifts(lines: lines, kinds: kinds)
    }

    /// The distance each edge's value moves down, towards its edge, in a frame that hides the
    /// gradient drawn under it: a label is the value over the gradient, beside its edge, so with
    /// the gradient hidden the value would float a gradient's height away from the edge (up to
    /// 120 px for a table with `--explain`). Only where the edge runs below its label; the
    /// layout itself is the same in every frame.
    private static func labelShifts(lines: [ArraySlice<UInt8>], kinds: [Line]) -> [String: Double] {
        struct Extent {
            var top = Double.infinity, bottom = -Double.infinity
            var left = Double.infinity, right = -Double.infinity
            mutating func add(x: Double, y: Double) {
                top = min(top, y)
                bottom = max(bottom, y)
                left = min(left, x)
                right = max(right, x)
            }
        }
        var values: [String: Extent] = [:]
        var gradients: [String: Extent] = [:]
        var paths: [String: [(Double, Double)]] = [:]
        for (line, kind) in zip(lines, kinds) {
            switch kind {
            case .text(let part), .cellShape(let part):
                let whole = Self.whole(part)
                // An update is under its gradient: it moves with it.
                let isGradient = whole.hasPrefix("g-") || whole.hasPrefix("u-")
                let edge = String(whole.dropFirst(2))
                for (x, y) in points(in: line) {
                    if isGradient {
                        gradients[edge, default: Extent()].add(x: x, y: y)
                    } else {
                        values[edge, default: Extent()].add(x: x, y: y)
                    }
                }
            case .shape(let element):
                let text = String(decoding: line, as: UTF8.self)
                if text.hasPrefix("<path") { paths[element, default: []] += points(in: line) }
            default:
                continue
            }
        }
        var shifts: [String: Double] = [:]
        for (edge, value) in values {
            guard let gradient = gradients[edge], gradient.bottom > value.bottom,
                let path = paths[edge], !path.isEmpty
            else { continue }
            // Where the edge runs under the label, or its nearest point.
            let under = path.filter { $0.0 >= value.left - 2 && $0.0 <= value.right + 2 }
            let ys = (under.isEmpty ? path : under).map(\.1).sorted()
            let edgeY = ys[ys.count / 2]
            if edgeY > gradient.bottom {
                shifts[edge] = ((gradient.bottom - value.bottom) * 100).rounded() / 100
            }
        }
        return shifts
    }

    /// The coordinates a line draws at: a text's `x`, `y`; a polygon's `points`; a path's `d`.
    private static func points(in line: ArraySlice<UInt8>) -> [(Double, Double)] {
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("<text") {
            guard let x = attribute("x", in: text).flatMap(Double.init),
                let y = attribute("y", in: text).flatMap(Double.init)
            else { return [] }
            return [(x, y)]
        }
        guard let list = attribute("points", in: text) ?? attribute("d", in: text) else {
            return []
        }
        var numbers: [Double] = []
        var current = ""
        for character in list {
            if character.isNumber || character == "." || (character == "-" && current.isEmpty) {
                current.append(character)
            } else {
                if let number = Double(current) { numbers.append(number) }
                current = character == "-" ? "-" : ""
            }
        }
        if let number = Double(current) { numbers.append(number) }
        return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
    }

    /// The drawing as `frame` shows it, with `caption` (already XML-escaped) in its caption
    /// slot.
    public func frame(_ frame: Frame, figure: Figure, caption: String) -> [UInt8] {
        var hiddenParts = Set<String>()
        var fadedEdges = Set<String>()
        var hiddenBackward = Set<String>()
        for edge in figure.edges {
            if !frame.showsValue(edge.elementID) {
                hiddenParts.insert("v-" + edge.elementID)
                fadedEdges.insert(edge.elementID)
            }
            if edge.gradient != nil, !frame.showsGradient(edge.elementID) {
                hiddenParts.insert("g-" + edge.elementID)
                hiddenBackward.insert(edge.elementID)
            }
            if !edge.updates.isEmpty, !frame.showsUpdates(edge.elementID) {
                hiddenParts.insert("u-" + edge.elementID)
            }
        }
        let pending = Set(
            figure.nodes.filter { $0.isOperation && !frame.reaches($0.elementID) }.map(\.elementID))
        let highlighted = frame.highlighted
        let placeholder = Array(DOTWriter.captionPlaceholder.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for (index, line) in lines.enumerated() {
            // What the frame hides is left out: its cells' texts and borders, its backward arrows.
            if case .text(let part) = kinds[index], hiddenParts.contains(Self.whole(part)) {
                continue
            }
            if case .cellShape(let part) = kinds[index], hiddenParts.contains(Self.whole(part)) {
                continue
            }
            if case .shape(let element) = kinds[index], hiddenBackward.contains(element),
                isBackward(line)
            {
                continue
            }
            if index > 0 { out.append(UInt8(ascii: "\n")) }
            switch kinds[index] {
            case .cellOpen(_, let edge, "v")
            where hiddenBackward.contains(edge) && !fadedEdges.contains(edge) && shifts[edge] != nil:
                out += Self.inserting(" transform=\"translate(0,\(shifts[edge]!))\"", into: line)
            case .elementOpen(let id, let isNode) where isNode && pending.contains(id):
                out += Self.inserting(" opacity=\"0.25\"", into: line)
            case .shape(let element):
                out += shape(
                    line, element: element, faded: fadedEdges.contains(element),
                    highlighted: highlighted.contains(element))
            case .text(let part):
                if highlighted.contains(Self.whole(part)) {
                    out += Self.replacingAttribute("fill", with: palette.highlight, in: line)
                } else {
                    out += line
                }
            default:
                if let at = UTF8Editing.firstIndex(of: placeholder, in: line, from: line.startIndex)
                {
                    out += line[..<at]
                    out += Array(caption.utf8)
                    out += line[(at + placeholder.count)...]
                } else {
                    out += line
                }
            }
        }
        return out
    }

    /// Whether a line draws a shape.
    private static func drawsShape(_ line: String) -> Bool {
        line.hasPrefix("<path") || line.hasPrefix("<polygon") || line.hasPrefix("<ellipse")
            || line.hasPrefix("<polyline")
    }

    /// The whole part a cell belongs to: `v-ID` for `v-ID.3`.
    private static func whole(_ part: String) -> String { String(part.prefix { $0 != "." }) }

    /// Whether a shape is drawn in the backward colour: a gradient's arrow.
    private func isBackward(_ line: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: line, as: UTF8.self)
        return text.contains("stroke=\"\(palette.backward)\"")
            || text.contains("fill=\"\(palette.backward)\"")
    }

    /// A shape of a node or edge as the frame draws it: an edge's forward arrow faint while its
    /// value is not shown; a highlighted node's outline in the highlight colour.
    private func shape(
        _ line: ArraySlice<UInt8>, element: String, faded: Bool, highlighted: Bool
    ) -> [UInt8] {
        let text = String(decoding: line, as: UTF8.self)
        if faded {
            var edited = UTF8Editing.replacing(
                "stroke=\"\(palette.foreground)\"", with: "stroke=\"\(palette.faint)\"", in: text)
            edited = UTF8Editing.replacing(
                "fill=\"\(palette.foreground)\"", with: "fill=\"\(palette.faint)\"", in: edited)
            return Array(edited.utf8)
        }
        if highlighted {
            let stroked = Self.replacingAttribute("stroke", with: palette.highlight, in: line)
            return Self.inserting(" stroke-width=\"2.5\"", into: stroked[...])
        }
        return Array(line)
    }

    /// `line` with `attribute` put right after its tag's name (`<g opacity="0.25" id=…`).
    private static func inserting(_ attribute: String, into line: ArraySlice<UInt8>) -> [UInt8] {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { return Array(line) }
        return Array(line[..<space]) + Array(attribute.utf8) + Array(line[space...])
    }

    /// `line` with the value of its first `name="…"` attribute replaced by `value`.
    private static func replacingAttribute(
        _ name: String, with value: String, in line: ArraySlice<UInt8>
    ) -> [UInt8] {
        let pattern = Array(" \(name)=\"".utf8)
        guard let start = UTF8Editing.firstIndex(of: pattern, in: line, from: line.startIndex),
            let end = line[(start + pattern.count)...].firstIndex(of: UInt8(ascii: "\""))
        else { return Array(line) }
        return Array(line[..<(start + pattern.count)]) + Array(value.utf8) + Array(line[end...])
    }

    /// The value of `name="…"` in `text`.
    private static func attribute(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: " \(name)=\"") ?? text.range(of: "<g \(name)=\"")
        else { return nil }
        let rest = text[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// Graphviz writes `-` in ids as `&#45;`, and XML's own five as entities: the text again.
    public static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingEvery("&#45;", with: "-").replacingEvery("&lt;", with: "<")
            .replacingEvery("&gt;", with: ">").replacingEvery("&quot;", with: "\"")
            .replacingEvery("&#39;", with: "'").replacingEvery("&amp;", with: "&")
    }
}
