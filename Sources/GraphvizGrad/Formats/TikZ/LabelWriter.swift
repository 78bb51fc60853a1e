/// A label's HTML as LaTeX: lines of text in their fonts' sizes and colours, a `TABLE` as a
/// `tabular` (column spans, alignment, cell borders and backgrounds), and, in a deck, each
/// cell as each slide shows it.
struct LabelWriter {
    let picture: TikZPicture
    let fontColor: String?

    /// A run of text in one style.
    private struct Piece {
        var text: String
        var style: Style
    }

    private struct Style {
        var size: Double
        var color: String?
        var transparent = false
        var bold = false
    }

    /// `nodes` as LaTeX at `size` points: a table, or lines of text.
    func inline(_ nodes: [HTMLLabel], size: Double) -> String {
        inline(nodes, style: Style(size: size, color: fontColor))
    }

    private func inline(_ nodes: [HTMLLabel], style: Style) -> String {
        if let table = Self.firstTable(nodes) {
            return self.table(table.node, style: table.style(style, picture))
        }
        var lines: [[Piece]] = [[]]
        collect(nodes, style: style, into: &lines)
        while lines.count > 1, lines.last!.isEmpty { lines.removeLast() }
        let written = lines.map(write)
        if written.count == 1 { return written[0] }
        return "\\begin{tabular}{@{}c@{}}" + written.joined(separator: "\\\\") + "\\end{tabular}"
    }

    /// The first table among `nodes` (inside FONT tags, which set its style).
    private static func firstTable(_ nodes: [HTMLLabel]) -> (
        node: HTMLLabel, style: (Style, TikZPicture) -> Style
    )? {
        for node in nodes {
            if node.name == "TABLE" { return (node, { style, _ in style }) }
            if node.name == "FONT", let inner = firstTable(node.children) {
                let attributes = node.attributes
                return (
                    inner.node,
                    { style, picture in
                        inner.style(Self.styled(style, by: attributes, picture), picture)
                    }
                )
            }
        }
        return nil
    }

    private static func styled(
        _ style: Style, by attributes: [String: String], _ picture: TikZPicture
    )
        -> Style
    {
        var style = style
        if let size = attributes["POINT-SIZE"].flatMap(Double.init) { style.size = size }
        if let color = attributes["COLOR"] {
            if TikZPicture.hex(color) == nil {
                style.transparent = true
            } else {
                style.color = picture.colorName(color)
            }
        }
        return style
    }

    private func collect(_ nodes: [HTMLLabel], style: Style, into lines: inout [[Piece]]) {
        for node in nodes {
            switch node {
            case .text(let text): lines[lines.count - 1].append(Piece(text: text, style: style))
            case .lineBreak: lines.append([])
            case .element(let name, let attributes, let children):
                var inner = style
                if name == "FONT" { inner = Self.styled(style, by: attributes, picture) }
                if name == "B" { inner.bold = true }
                collect(children, style: inner, into: &lines)
            }
        }
    }

    /// One line: each piece in its style, its text as `LaTeXText` sets it.
    private func write(_ pieces: [Piece]) -> String {
        // Pieces of one style join, so that a formula is not cut where a tag was.
        var merged: [Piece] = []
        for piece in pieces {
            if let last = merged.last, Self.same(last.style, piece.style) {
                merged[merged.count - 1].text += piece.text
            } else {
                merged.append(piece)
            }
        }
        return merged.map { piece in
            styled(LaTeXText.line(piece.text), piece.style)
        }.joined(separator: merged.count > 1 ? "\\," : "")
    }

    private static func same(_ a: Style, _ b: Style) -> Bool {
        a.size == b.size && a.color == b.color && a.transparent == b.transparent
            && a.bold == b.bold
    }

    private func styled(_ text: String, _ style: Style) -> String {
        guard !text.isEmpty else { return "" }
        let size = TikZPicture.number(style.size)
        let leading = TikZPicture.number(style.size * 1.2)
        var body = text
        if style.bold { body = "\\boldmath\\bfseries " + body }
        if let color = style.color, !style.transparent { body = "\\color{\(color)}" + body }
        body = "{\\fontsize{\(size)bp}{\(leading)bp}\\selectfont " + body + "}"
        return style.transparent ? "\\phantom{\(body)}" : body
    }

    // MARK: Tables

    private struct Cell {
        let column: Int
        let span: Int
        let bordered: Bool
        let content: String
        let align: Character
    }

    private func table(_ table: HTMLLabel, style: Style) -> String {
        let attributes = table.attributes
        let cellBorder = (Int(attributes["CELLBORDER"] ?? "") ?? 0) > 0
        var rows: [[Cell]] = []
        for row in table.children where row.name == "TR" {
            var cells: [Cell] = []
            var column = 0
            var spacer = true
            for cell in row.children where cell.name == "TD" {
                let cellAttributes = cell.attributes
                let span = max(1, Int(cellAttributes["COLSPAN"] ?? "") ?? 1)
                let bordered =
                    cellAttributes["BORDER"].flatMap(Int.init).map { $0 > 0 } ?? cellBorder
                let isEmpty = cell.children.allSatisfy {
                    if case .text(let text) = $0 { return text.allSatisfy(\.isWhitespace) }
                    return false
                }
                if !isEmpty { spacer = false }
                var content = cellContent(cell, style: style)
                if let background = cellAttributes["BGCOLOR"].flatMap(picture.colorName) {
                    content = "\\cellcolor{\(background)}" + content
                }
                let align: Character =
                    switch cellAttributes["ALIGN"]?.uppercased() {
                    case "RIGHT": "r"
                    case "LEFT": "l"
                    default: "c"
                    }
                cells.append(
                    Cell(
                        column: column, span: span, bordered: bordered && !isEmpty,
                        content: content, align: align))
                column += span
            }
            // Rows of empty cells only hold space in Graphviz's drawing (a gap above the table).
            if !spacer { rows.append(cells) }
        }
        let columns = rows.map { $0.reduce(0) { $0 + $1.span } }.max() ?? 1
        guard columns > 0, !rows.isEmpty else { return "" }
        let ruleColor = tableRuleColor(table) ?? attributes["COLOR"].flatMap(picture.colorName)
        // A row of one cell across the table (a heading) is a line of its own; the rows between
        // headings are a grid, so that a long heading does not widen one column of its grid.
        var blocks: [String] = []
        var grid: [[Cell]] = []
        func flushGrid() {
            if !grid.isEmpty {
                blocks.append(Self.grid(grid, ruleColor: ruleColor, size: style.size))
            }
            grid = []
        }
        for row in rows {
            if row.count == 1, row[0].span == columns, columns > 1 || rows.count > 1 {
                flushGrid()
                let cell = row[0]
                blocks.append(
                    cell.bordered && ruleColor != nil
                        ? "\\adjustbox{cframe=\(ruleColor!) 0.4pt 1pt}{\(cell.content)}"
                        : cell.content)
            } else {
                grid.append(row)
            }
        }
        flushGrid()
        var tabular =
            blocks.count == 1
            ? blocks[0]
            : "\\begin{tabular}{@{}c@{}}\n" + blocks.joined(separator: "\\\\\n")
                + "\n\\end{tabular}"
        if (Int(attributes["BORDER"] ?? "") ?? 0) > 0 {
            let frame = attributes["COLOR"].flatMap(picture.colorName) ?? fontColor ?? "black"
            let dashed = attributes["STYLE"]?.lowercased().contains("dashed") == true
            tabular =
                dashed
                ? "\\tikz\\node[draw=\(frame), dashed, inner sep=2pt]{\(tabular)};"
                : "\\adjustbox{cframe=\(frame) 0.6pt 2pt}{\(tabular)}"
        }
        return tabular
    }

    /// Rows of cells as a `tabular`: column spans, alignment, and each bordered cell's rules.
    private static func grid(_ rows: [[Cell]], ruleColor: String?, size: Double) -> String {
        let columns = rows.map { $0.reduce(0) { $0 + $1.span } }.max() ?? 1
        func borderedColumns(_ row: [Cell]?) -> Set<Int> {
            guard let row else { return [] }
            return Set(row.filter(\.bordered).flatMap { $0.column..<($0.column + $0.span) })
        }
        func clines(_ columnsWithRule: Set<Int>) -> String {
            var out = ""
            var column = 0
            while column < columns {
                guard columnsWithRule.contains(column) else {
                    column += 1
                    continue
                }
                var end = column
                while columnsWithRule.contains(end + 1) { end += 1 }
                out += "\\cline{\(column + 1)-\(end + 1)}"
                column = end + 1
            }
            return out
        }
        // Cells are numbered from the grid's first column.
        let first = rows.flatMap { $0 }.map(\.column).min() ?? 0
        let rows = rows.map { row in
            row.map {
                Cell(
                    column: $0.column - first, span: $0.span, bordered: $0.bordered,
                    content: $0.content, align: $0.align)
            }
        }
        var body = ""
        for (index, row) in rows.enumerated() {
            let above = index > 0 ? rows[index - 1] : nil
            body += clines(borderedColumns(above).union(borderedColumns(row)))
            var written: [String] = []
            for (position, cell) in row.enumerated() {
                let leftRule =
                    cell.bordered && (position == 0 || !row[position - 1].bordered) ? "|" : ""
                let rightRule = cell.bordered ? "|" : ""
                written.append(
                    "\\multicolumn{\(cell.span)}{\(leftRule)\(cell.align)\(rightRule)}{\(cell.content)}"
                )
            }
            body += written.joined(separator: " & ") + "\\\\\n"
        }
        body += clines(borderedColumns(rows.last))
        // The font first: colortbl takes a rule colour only where lines have a baseline skip.
        let font =
            "\\fontsize{\(TikZPicture.number(size))bp}{\(TikZPicture.number(size * 1.2))bp}\\selectfont"
        return "{" + font + "\\setlength{\\tabcolsep}{2pt}\\renewcommand{\\arraystretch}{1.05}"
            + (ruleColor.map { "\\arrayrulecolor{\($0)}" } ?? "")
            + "\\begin{tabular}{@{}" + String(repeating: "c", count: columns) + "@{}}\n" + body
            + "\\end{tabular}}"
    }

    /// The colour of the cells' borders (the first cell that names one).
    private func tableRuleColor(_ table: HTMLLabel) -> String? {
        for row in table.children {
            for cell in row.children {
                if let color = cell.attributes["COLOR"].flatMap(picture.colorName) { return color }
            }
        }
        return nil
    }

    /// A cell's content; in a deck, as each slide shows it.
    private func cellContent(_ cell: HTMLLabel, style: Style) -> String {
        let content = inline(cell.children, style: style)
        guard let slides = picture.slides, let id = cell.attributes["ID"] else { return content }
        var shown = content
        if let texts = slides.cellTexts(id) {
            // Each slide's own text, in a box as wide as the layout's (the widest).
            var pieceStyle = style
            var lines: [[Piece]] = [[]]
            collect(cell.children, style: style, into: &lines)
            if let first = lines.flatMap({ $0 }).first { pieceStyle = first.style }
            let perSlide = texts.map { lines -> String in
                let written = lines.map { styled(LaTeXText.line($0), pieceStyle) }
                return written.count == 1
                    ? written[0]
                    : "\\begin{tabular}{@{}c@{}}" + written.joined(separator: "\\\\")
                        + "\\end{tabular}"
            }
            let align = cell.attributes["ALIGN"]?.uppercased() == "RIGHT" ? "r" : "c"
            shown =
                "\\makebox[\\widthof{\(content)}][\(align)]{"
                + TikZPicture.bySlides(perSlide, separator: "") { $0 } + "}"
        }
        let looks = (0..<slides.count).map { slides.cellLook(id, $0) }
        guard Set(looks).count > 1 || looks.first != TikZSlides.CellLook() else { return shown }
        let visible = looks.indices.filter { !looks[$0].hidden }.map { $0 + 1 }
        let highlighted = looks.indices.filter { looks[$0].highlighted }.map { $0 + 1 }
        if !highlighted.isEmpty, let color = slides.highlightColor {
            shown =
                "\\alt<\(TikZPicture.overlaySpec(highlighted))>{{\\color{\(color)}\(shown.recolored(to: color))}}{\(shown)}"
        }
        if visible.count < slides.count {
            shown =
                visible.isEmpty
                ? "\\phantom{\(shown)}" : "\\visible<\(TikZPicture.overlaySpec(visible))>{\(shown)}"
        }
        return shown
    }
}

extension String {
    /// Every `\color{…}` in the text set to `color` (a highlighted cell's texts).
    fileprivate func recolored(to color: String) -> String {
        var out = ""
        var rest = self[...]
        while let range = rest.range(of: "\\color{") {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            if let close = rest.firstIndex(of: "}") {
                out += color
                rest = rest[close...]
            }
        }
        return out + rest
    }
}
