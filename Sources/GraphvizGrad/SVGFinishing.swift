import Foundation
import GradDOT

/// The last touches to the SVG Graphviz writes for a figure, so that a browser can explore it:
/// every `<title>` (the hover text of a node or edge) says what the element holds instead of its
/// internal name (`n0->n4`), and the links that only mark a label's value and gradient as groups
/// (`a_v-ID`, `a_g-ID`) go, leaving the groups and their tooltips.
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
        let group = /<g id="(?<id>[^"]*)" class="(?<kind>node|edge)[^"]*">\n<title>[^<]*<\/title>/
        var text = svg.replacing(group) { match in
            let id = unescape(String(match.output.id))
            let title = tooltips[id].map(escape) ?? ""
            return match.output.0.replacing(
                /<title>[^<]*<\/title>/, with: "<title>\(title)</title>")
        }
        text = text.replacingOccurrences(of: " xlink:href=\"#\"", with: "")
        let graphTitle = escape(figure.title ?? "computation graph")
        text = text.replacing(/<title>figure<\/title>/, maxReplacements: 1) { _ in
            "<title>\(graphTitle)</title>"
        }
        return text
    }

    /// Graphviz writes `-` in ids as `&#45;`, and XML's own five as entities.
    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&#45;", with: "-").replacingOccurrences(
            of: "&lt;", with: "<"
        )
        .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
        .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
            of: "<", with: "&lt;"
        )
        .replacingOccurrences(of: ">", with: "&gt;")
    }
}
