import Foundation
import GradCore
import GradDOT

/// The last touches to the SVG Graphviz writes for a figure, so that a browser can explore it:
/// every `<title>` (the hover text of a node or edge) says what the element holds instead of its
/// internal name (`n0->n4`), and the links that only mark a label's value and gradient as groups
/// (`a_v-ID`, `a_g-ID`) go, leaving the groups and their tooltips. Each font is followed by a
/// generic family (`"DejaVu Sans,sans-serif"`) for a browser that lacks it.
///
/// Graphviz writes one element per line: a node's or edge's group opens on its own line
/// (`<g id="x" class="node leaf">`) and its `<title>` is the next line, so the edits go line by
/// line, on bytes (see `UTF8Editing`).
public enum SVGFinishing {
    public static func finish(_ svg: Data, figure: Figure) -> Data {
        Data(finish(String(decoding: svg, as: UTF8.self), figure: figure).utf8)
    }

    public static func finish(_ svg: String, figure: Figure) -> String {
        var tooltips: [String: String] = [:]
        for node in figure.nodes { tooltips[node.elementID] = node.tooltip }
        for edge in figure.edges {
            let tooltip = DOTWriter.tooltip(edge)
            tooltips[edge.elementID] = tooltip
            tooltips[edge.elementID + "-back"] = tooltip
        }
        let graphTitle = "<title>" + escape(figure.title ?? "computation graph") + "</title>"
        var out: [UInt8] = []
        var retitledGraph = false
        // The id of the node or edge whose group the previous line opened.
        var openedElement: String?
        let lines = inClusterOrder(
            Array(svg.utf8).split(separator: newline, omittingEmptySubsequences: false))
        for (number, line) in lines.enumerated() {
            if number > 0 { out.append(newline) }
            if line.starts(with: titleOpen), line.reversed().starts(with: titleClose.reversed()) {
                if let element = openedElement {
                    out += Array(("<title>" + escape(tooltips[element] ?? "") + "</title>").utf8)
                    openedElement = nil
                    continue
                }
                if !retitledGraph, line.elementsEqual(Array("<title>figure</title>".utf8)) {
                    out += Array(graphTitle.utf8)
                    retitledGraph = true
                    continue
                }
            }
            openedElement = elementID(openedBy: line)
            out += withFallbackFonts(removingLinks(line))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `lines` with each run of cluster frames in the order the DOT declares them
    /// (`cluster_0`, `cluster_1`, …). Graphviz 2.43 emits nested clusters in an order that
    /// changes from run to run (it follows pointers), which would change the bytes of the same
    /// figure, and could paint an outer frame over an inner one; declared order puts every
    /// outer frame first.
    static func inClusterOrder(_ lines: [ArraySlice<UInt8>]) -> [ArraySlice<UInt8>] {
        let clusterClass = Array(" class=\"cluster".utf8)
        func isClusterStart(_ line: ArraySlice<UInt8>) -> Bool {
            line.starts(with: groupOpen)
                && UTF8Editing.firstIndex(of: clusterClass, in: line, from: line.startIndex) != nil
        }
        func number(_ block: ArraySlice<ArraySlice<UInt8>>) -> Int {
            for line in block where line.starts(with: titleOpen) {
                let text = String(decoding: line, as: UTF8.self)
                return Int(text.drop { !$0.isNumber }.prefix { $0.isNumber }) ?? Int.max
            }
            return Int.max
        }
        var out: [ArraySlice<UInt8>] = []
        out.reserveCapacity(lines.count)
        var index = 0
        while index < lines.count {
            guard isClusterStart(lines[index]) else {
                out.append(lines[index])
                index += 1
                continue
            }
            // A run of cluster blocks, each from its opening line to its `</g>`.
            var blocks: [ArraySlice<ArraySlice<UInt8>>] = []
            while index < lines.count, isClusterStart(lines[index]) {
                var end = index
                while end < lines.count, !lines[end].starts(with: Array("</g>".utf8)) { end += 1 }
                blocks.append(lines[index...min(end, lines.count - 1)])
                index = end + 1
            }
            for block in blocks.enumerated().sorted(by: {
                (number($0.element), $0.offset) < (number($1.element), $1.offset)
            }) {
                out += block.element
            }
        }
        return out
    }

    private static let newline = UInt8(ascii: "\n")
    private static let titleOpen = Array("<title>".utf8)
    private static let titleClose = Array("</title>".utf8)
    private static let groupOpen = Array("<g id=\"".utf8)
    private static let nodeClass = Array("\" class=\"node".utf8)
    private static let edgeClass = Array("\" class=\"edge".utf8)
    private static let emptyLink = Array(" xlink:href=\"#\"".utf8)

    /// The id of the node or edge group `line` opens, unescaped; nil for any other line.
    private static func elementID(openedBy line: ArraySlice<UInt8>) -> String? {
        guard line.starts(with: groupOpen) else { return nil }
        let idStart = line.startIndex + groupOpen.count
        guard let quote = line[idStart...].firstIndex(of: UInt8(ascii: "\"")),
            UTF8Editing.hasPrefix(nodeClass, in: line, at: quote)
                || UTF8Editing.hasPrefix(edgeClass, in: line, at: quote)
        else { return nil }
        return FrameSVG.unescape(String(decoding: line[idStart..<quote], as: UTF8.self))
    }

    private static let fontFamilies = DOTWriter.fontFallbacks.map { font, generic in
        (Array("font-family=\"\(font)\"".utf8), "font-family=\"\(font),\(generic)\"")
    }

    /// `line` with a generic family after its font.
    private static func withFallbackFonts(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        for (family, withFallback) in fontFamilies
        where UTF8Editing.firstIndex(of: family, in: line, from: line.startIndex) != nil {
            let text = String(decoding: line, as: UTF8.self)
            let replaced = UTF8Editing.replacing(
                String(decoding: family, as: UTF8.self), with: withFallback, in: text)
            return Array(replaced.utf8)[...]
        }
        return line
    }

    /// `line` without the `xlink:href="#"` that only made Graphviz group a label cell.
    private static func removingLinks(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard UTF8Editing.firstIndex(of: emptyLink, in: line, from: line.startIndex) != nil else {
            return line
        }
        let text = String(decoding: line, as: UTF8.self)
        return Array(UTF8Editing.replacing(" xlink:href=\"#\"", with: "", in: text).utf8)[...]
    }

    /// `text` as XML character data or an attribute value: `&` `<` `>` `"` as entities, the
    /// characters XML forbids (controls other than tab, newline and return; noncharacters) and
    /// the frames' caption slot as U+FFFD, so that no title or caption can make a page or an SVG
    /// ill-formed; bidirectional controls written out (`\u{202E}`).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _
            where scalar.value < 0x20 || TextSafety.isNoncharacter(scalar)
                || scalar == DOTWriter.captionPlaceholder.unicodeScalars.first!:
                out += "\u{FFFD}"
            case _ where TextSafety.isBidiControl(scalar): out += TextSafety.visibleEscape(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
