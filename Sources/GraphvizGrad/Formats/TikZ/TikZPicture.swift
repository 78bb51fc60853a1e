import Foundation

/// A laid-out figure as a `tikzpicture`: every shape, spline and arrowhead where Graphviz put
/// it (its xdot operations, in big points), and every label set by LaTeX (`LaTeXText`), a
/// table as a `tabular`, each fitted into the box Graphviz gave the label so nothing overlaps.
///
/// With `slides`, the picture is a Beamer frame's: each part is drawn as each slide shows it
/// (`\only<…>`, `\visible<…>`), one layout for all.
struct TikZPicture {
    let layout: GraphvizLayout
    /// Colour names by colour (`#c62828` → `ggGradient`), the theme's first.
    private var colorNames: [String: String] = [:]
    private var colorOrder: [(name: String, hex: String)] = []
    var slides: TikZSlides?

    init(layout: GraphvizLayout, colorRoles: [(role: String, color: String)]) {
        self.layout = layout
        for (role, color) in colorRoles {
            guard let hex = Self.hex(color), colorNames[hex] == nil else { continue }
            let name = "gg" + role.prefix(1).uppercased() + role.dropFirst()
            colorNames[hex] = name
            colorOrder.append((name, hex))
        }
        // Any other colour the drawing uses, numbered in order of appearance.
        for element in layout.elements {
            for operation in element.draw + element.head + element.tail + element.label
            where operation.kind == "c" || operation.kind == "C" {
                register(operation.color)
            }
            register(element.fontColor)
            for color in Self.colorsIn(element.labelNodes) { register(color) }
        }
    }

    private mutating func register(_ color: String) {
        guard let hex = Self.hex(color), colorNames[hex] == nil else { return }
        let name = "ggColor" + Self.letters(colorOrder.count)
        colorNames[hex] = name
        colorOrder.append((name, hex))
    }

    /// `A`, `B`, … `Z`, `AA`: colour names have no digits (TeX reads digits as a mix).
    private static func letters(_ number: Int) -> String {
        var number = number
        var out = ""
        repeat {
            out = String(UnicodeScalar(UInt8(65 + number % 26))) + out
            number = number / 26 - 1
        } while number >= 0
        return out
    }

    /// Every FONT and TD colour in a label.
    private static func colorsIn(_ nodes: [HTMLLabel]) -> [String] {
        nodes.flatMap { node -> [String] in
            let own = ["COLOR", "BGCOLOR"].compactMap { node.attributes[$0] }
            return own + colorsIn(node.children)
        }
    }

    /// `RRGGBB` of a colour Graphviz wrote (`#c62828`, `#c62828ff`, `white`, `black`); nil for
    /// one that draws nothing (transparent, or an alpha of 0).
    static func hex(_ color: String) -> String? {
        let lower = color.lowercased()
        switch lower {
        case "white": return "FFFFFF"
        case "black": return "000000"
        case "", "transparent", "none": return nil
        default: break
        }
        guard lower.hasPrefix("#") else { return nil }
        let digits = lower.dropFirst()
        guard digits.count == 6 || digits.count == 8, digits.allSatisfy(\.isHexDigit) else {
            return nil
        }
        if digits.count == 8, digits.suffix(2) == "00" { return nil }
        return String(digits.prefix(6)).uppercased()
    }

    /// The colour's name in the picture; nil for one that draws nothing.
    func colorName(_ color: String) -> String? { Self.hex(color).flatMap { colorNames[$0] } }

    /// The `\definecolor` lines.
    var colorDefinitions: String {
        colorOrder.map { "\\definecolor{\($0.name)}{HTML}{\($0.hex)}\n" }.joined()
    }

    // MARK: The picture

    /// The `tikzpicture` environment.
    func picture() -> String {
        var out = "\\begin{tikzpicture}[x=1bp, y=1bp, line width=1bp, line join=round]\n"
        out += colorDefinitions
        let box = layout.bounds
        out +=
            "\\path[use as bounding box] (\(Self.number(box.x0)),\(Self.number(box.y0))) rectangle (\(Self.number(box.x1)),\(Self.number(box.y1)));\n"
        // Clusters under edges under nodes; labels last, over everything.
        let order: [GraphvizLayout.Kind] = [.graph, .cluster, .edge, .node]
        for kind in order {
            for element in layout.elements where element.kind == kind {
                out += shapes(of: element)
            }
        }
        for element in layout.elements {
            out += label(of: element)
        }
        out += "\\end{tikzpicture}"
        return out
    }

    /// What a part of an element is, for the looks of slides.
    enum Part { case node, forward, backward, other }

    private func shapes(of element: GraphvizLayout.Element) -> String {
        var out = ""
        switch element.kind {
        case .graph:
            // The background, only where it is not the page's white.
            let drawing = draw(element.draw, look: ShapeLook())
            if let fill = element.draw.first(where: { $0.kind == "C" }),
                Self.hex(fill.color) != "FFFFFF", Self.hex(fill.color) != nil
            {
                out += drawing
            }
        case .cluster, .node:
            out += withLooks(element.id, .node) { draw(element.draw, look: $0) }
        case .edge:
            // Two splines for a value and its gradient (`color="fore:back"`): the first is the
            // forward arrow, the second the backward one.
            var groups: [[GraphvizLayout.Operation]] = [[]]
            var curves = 0
            for operation in element.draw {
                if "Bb".contains(operation.kind) {
                    curves += 1
                    if curves == 2 { groups.append(groups[0].filter { "cCS".contains($0.kind) }) }
                }
                groups[groups.count - 1].append(operation)
            }
            out += withLooks(element.id, .forward) { draw(groups[0], look: $0) }
            if groups.count > 1 {
                out += withLooks(element.id, .backward) { draw(groups[1], look: $0) }
            }
            out += withLooks(element.id, .forward) { draw(element.head, look: $0) }
            out += withLooks(element.id, .backward) { draw(element.tail, look: $0) }
        }
        return out
    }

    /// `body` once (a figure), or once for each look the part has over the slides, each in
    /// `\only` for the slides that show it so.
    private func withLooks(_ id: String?, _ part: Part, _ body: (ShapeLook) -> String) -> String {
        guard let slides, let id else { return body(ShapeLook()) }
        let looks = (0..<slides.count).map { slides.shapeLook(id, part, $0) }
        return Self.bySlides(looks) { look in look.hidden ? "" : body(look) }
    }

    /// Each distinct value of `looks` (one per slide) written by `body` for its slides.
    static func bySlides<Look: Hashable>(
        _ looks: [Look], separator: String = "\n", _ body: (Look) -> String
    ) -> String {
        var order: [Look] = []
        for look in looks where !order.contains(look) { order.append(look) }
        if order.count == 1 { return body(order[0]) }
        var out = ""
        for look in order {
            let text = body(look)
            guard !text.isEmpty else { continue }
            let slideNumbers = looks.indices.filter { looks[$0] == look }.map { $0 + 1 }
            out +=
                "\\only<\(overlaySpec(slideNumbers))>{" + text.trimmingCharacters(in: .newlines)
                + "}"
                + separator
        }
        return out
    }

    /// `1-3,5,7-`: slides (from 1) as Beamer writes them.
    static func overlaySpec(_ slides: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < slides.count {
            var end = index
            while end + 1 < slides.count, slides[end + 1] == slides[end] + 1 { end += 1 }
            parts.append(
                end == index ? String(slides[index]) : "\(slides[index])-\(slides[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// How a part looks on one slide.
    struct ShapeLook: Hashable {
        var hidden = false
        /// Drawn in the faint colour (a forward arrow not reached yet).
        var faint = false
        var highlighted = false
        /// Drawn faded (an operation not run yet).
        var opacity: Double?
    }

    /// xdot operations as TikZ paths.
    private func draw(_ operations: [GraphvizLayout.Operation], look: ShapeLook) -> String {
        var pen: String?
        var fill: String?
        var dash = ""
        var width = 1.0
        var out = ""
        let faint = slides?.faintColor
        let highlight = slides?.highlightColor
        let foreground = slides?.foregroundColor
        func pens() -> String {
            var pen = pen
            var fill = fill
            var width = width
            if look.faint, let faint {
                if pen == foreground { pen = faint }
                if fill == foreground { fill = faint }
            }
            if look.highlighted, let highlight, pen != nil {
                pen = highlight
                width = 2.5
            }
            var options: [String] = []
            options.append(pen.map { "draw=\($0)" } ?? "draw=none")
            if let fill { options.append("fill=\(fill)") }
            if !dash.isEmpty { options.append(dash) }
            if width != 1 { options.append("line width=\(Self.number(width))bp") }
            if let opacity = look.opacity { options.append("opacity=\(Self.number(opacity))") }
            return options.joined(separator: ", ")
        }
        for operation in operations {
            switch operation.kind {
            case "c": pen = colorName(operation.color)
            case "C": fill = colorName(operation.color)
            case "S":
                let style = operation.style
                if style == "dashed" { dash = "dashed" }
                if style == "dotted" { dash = "dotted" }
                if style == "solid" { dash = "" }
                if style == "bold" { width = 2 }
                if style.hasPrefix("setlinewidth("),
                    let value = Double(style.dropFirst(13).dropLast())
                {
                    width = value
                }
                if style == "invis" { pen = nil }
            case "E", "e":
                guard operation.points.count == 2, pen != nil || operation.kind == "E" else {
                    continue
                }
                let (center, radii) = (operation.points[0], operation.points[1])
                var options = pens()
                if operation.kind == "e" { options = options.replacingFill() }
                guard operation.kind == "e" || fill != nil || pen != nil else { continue }
                out +=
                    "\\path[\(options)] \(Self.point(center)) ellipse [x radius=\(Self.number(radii.x)), y radius=\(Self.number(radii.y))];\n"
            case "P", "p", "L":
                guard operation.points.count >= 2 else { continue }
                var options = pens()
                if operation.kind != "P" { options = options.replacingFill() }
                let path = operation.points.map(Self.point).joined(separator: " -- ")
                out += "\\path[\(options)] \(path)\(operation.kind == "L" ? "" : " -- cycle");\n"
            case "B", "b":
                guard operation.points.count >= 4 else { continue }
                var options = pens()
                if operation.kind == "b" { options = options.replacingFill() }
                var path = Self.point(operation.points[0])
                var index = 1
                while index + 2 < operation.points.count {
                    path +=
                        " .. controls \(Self.point(operation.points[index])) and \(Self.point(operation.points[index + 1])) .. \(Self.point(operation.points[index + 2]))"
                    index += 3
                }
                out += "\\path[\(options)] \(path)\(operation.kind == "B" ? " -- cycle" : "");\n"
            default: continue
            }
        }
        return out
    }

    // MARK: Labels

    private func label(of element: GraphvizLayout.Element) -> String {
        guard let box = element.labelBox else { return "" }
        let html = element.labelNodes
        let fontColor = colorName(element.fontColor)
        let write = LabelWriter(picture: self, fontColor: fontColor)
        let content = write.inline(html, size: element.fontSize)
        // A deck's title is its frame's; the graph's label is not drawn again.
        if element.kind == .graph, slides != nil { return "" }
        if html.isEmpty || content.isEmpty { return "" }
        // A little room beyond the texts Graphviz measured: LaTeX's fonts are its own.
        let width = box.width + 4
        let height = box.height + 3
        let node =
            "\\node[inner sep=0pt, anchor=center] at (\(Self.number(box.x)),\(Self.number(box.y))) {\\adjustbox{max width=\(Self.number(width))bp, max totalheight=\(Self.number(height))bp}{\(content)}};\n"
        guard let slides, let id = element.id, element.kind == .node || element.kind == .edge
        else { return node }
        let looks = (0..<slides.count).map { slides.shapeLook(id, .other, $0) }
        return Self.bySlides(looks) { look in
            if look.hidden { return "" }
            guard let opacity = look.opacity else { return node }
            return node.replacingOccurrences(
                of: "\\node[inner sep=0pt,",
                with: "\\node[opacity=\(Self.number(opacity)), inner sep=0pt,")
        }
    }

    /// A coordinate or size to two decimals, without trailing zeros (`745.44`, `18`).
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        guard rounded.isFinite else { return "0" }
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }

    static func point(_ point: (x: Double, y: Double)) -> String {
        "(\(number(point.x)),\(number(point.y)))"
    }
}

extension String {
    /// TikZ options with the fill taken out (an outline only).
    fileprivate func replacingFill() -> String {
        split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("fill=") }.joined(separator: ", ")
    }
}

/// How the parts of a Beamer deck's picture look slide by slide.
struct TikZSlides {
    let count: Int
    /// An element's part on a slide (from 0): `.other` is its label as a whole.
    let shapeLook: (String, TikZPicture.Part, Int) -> TikZPicture.ShapeLook
    /// A label cell's look on a slide (from 0), by the cell's id (`g-x--op-z.3`).
    let cellLook: (String, Int) -> CellLook
    /// A cell whose text changes from slide to slide (a run's numbers): its lines on each.
    let cellTexts: (String) -> [[String]]?
    let faintColor: String?
    let highlightColor: String?
    let foregroundColor: String?

    struct CellLook: Hashable {
        var hidden = false
        var highlighted = false
    }
}
