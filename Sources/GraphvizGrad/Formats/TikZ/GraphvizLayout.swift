import Foundation

/// A figure as Graphviz laid it out, read from its JSON: the bounding box and, for the graph,
/// each cluster, node and edge, its drawing operations (xdot's: shapes, splines, texts, with
/// their colours and styles, in points from the bottom left) and its label's HTML.
struct GraphvizLayout {
    /// One xdot drawing operation.
    struct Operation {
        /// `E`/`e` ellipse, `P`/`p` polygon, `L` polyline, `B`/`b` Bézier (capital: filled),
        /// `T` text, `c`/`C` pen/fill colour, `S` style, `F` font.
        let kind: Character
        var points: [(x: Double, y: Double)] = []
        var color = ""
        var style = ""
        var size = 0.0
        var text = ""
        var align = "l"
        var width = 0.0
    }

    enum Kind { case graph, cluster, node, edge }

    struct Element {
        let kind: Kind
        /// The figure's element id (`id` attribute), if it has one.
        let id: String?
        let draw: [Operation]
        let head: [Operation]
        let tail: [Operation]
        let label: [Operation]
        /// The label as written in DOT (HTML-like), read into a tree; empty for none.
        let labelNodes: [HTMLLabel]
        let fontSize: Double
        let fontColor: String
    }

    let bounds: (x0: Double, y0: Double, x1: Double, y1: Double)
    /// The graph, then its clusters, nodes and edges, in Graphviz's order.
    let elements: [Element]

    init(json: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw LayoutError.unreadable
        }
        let box = (root["bb"] as? String ?? "0,0,0,0").split(separator: ",").compactMap {
            Double($0)
        }
        bounds = box.count == 4 ? (box[0], box[1], box[2], box[3]) : (0, 0, 0, 0)
        var elements = [Self.element(root, kind: .graph)]
        for object in root["objects"] as? [[String: Any]] ?? [] {
            elements.append(Self.element(object, kind: object["bb"] != nil ? .cluster : .node))
        }
        for edge in root["edges"] as? [[String: Any]] ?? [] {
            elements.append(Self.element(edge, kind: .edge))
        }
        self.elements = elements
    }

    enum LayoutError: Error { case unreadable }

    private static func element(_ object: [String: Any], kind: Kind) -> Element {
        let label = object["label"] as? String
        return Element(
            kind: kind, id: object["id"] as? String,
            draw: operations(object["_draw_"]), head: operations(object["_hdraw_"]),
            tail: operations(object["_tdraw_"]), label: operations(object["_ldraw_"]),
            labelNodes: label == nil || label == "\\N" ? [] : HTMLLabel.parse(label!),
            fontSize: Double(object["fontsize"] as? String ?? "") ?? 14,
            fontColor: object["fontcolor"] as? String ?? "black")
    }

    private static func operations(_ value: Any?) -> [Operation] {
        (value as? [[String: Any]] ?? []).compactMap { item in
            guard let name = item["op"] as? String, let kind = name.first else { return nil }
            var operation = Operation(kind: kind)
            if let points = item["points"] as? [[Double]] {
                operation.points = points.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
            }
            if let rect = item["rect"] as? [Double], rect.count == 4 {
                operation.points = [(rect[0], rect[1]), (rect[2], rect[3])]
            }
            if let point = item["pt"] as? [Double], point.count == 2 {
                operation.points = [(point[0], point[1])]
            }
            operation.color = item["color"] as? String ?? ""
            operation.style = item["style"] as? String ?? ""
            operation.size = item["size"] as? Double ?? 0
            operation.text = item["text"] as? String ?? ""
            operation.align = item["align"] as? String ?? "l"
            operation.width = item["width"] as? Double ?? 0
            return operation
        }
    }
}

extension GraphvizLayout.Element {
    /// The box the label's drawing fills (its texts and cell borders), as centre and size.
    var labelBox: (x: Double, y: Double, width: Double, height: Double)? {
        var x0 = Double.infinity
        var x1 = -Double.infinity
        var y0 = Double.infinity
        var y1 = -Double.infinity
        var size = fontSize
        func add(_ x: Double, _ y: Double) {
            x0 = min(x0, x)
            x1 = max(x1, x)
            y0 = min(y0, y)
            y1 = max(y1, y)
        }
        for operation in label {
            switch operation.kind {
            case "F": size = operation.size
            case "T":
                guard let point = operation.points.first else { continue }
                let start =
                    operation.align == "c"
                    ? point.x - operation.width / 2
                    : operation.align == "r" ? point.x - operation.width : point.x
                add(start, point.y - 0.3 * size)
                add(start + operation.width, point.y + 0.95 * size)
            case "P", "p", "L", "B", "b":
                for point in operation.points { add(point.x, point.y) }
            default: continue
            }
        }
        guard x0 <= x1 else { return nil }
        return ((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0)
    }
}
