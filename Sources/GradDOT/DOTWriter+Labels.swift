import GradCore

/// The labels of tensors and their gradients, as HTML-like labels.
extension DOTWriter {
    /// A tensor's value over its gradient, as an edge (or, in the nodes style, a box) shows it.
    ///
    /// A scalar is two lines (`① x = 2`, `∂z/∂x = 3`). A tensor is one table whose columns the
    /// value's and the gradient's numbers share, so that each element stands over its gradient:
    /// the value's heading (`① x (2, 3)`), its numbers, the gradient's heading (`∂L/∂x`, with
    /// `--explain` its rule) and its numbers. The parts are cells an SVG can find: `v-ID` and
    /// `g-ID` for the headings (their tooltips hold the whole tensor) and `v-ID.k`, `g-ID.k` for
    /// the k-th number shown (its tooltip names the element). A part a frame hides is drawn
    /// transparent in its place. In a box (the nodes style), a vector is a column beside its
    /// gradient's, element by element.
    func tensorLabel(
        id: String, label: String, mark: String?, value: Tensor, gradient: Figure.Gradient?,
        showsValue: Bool, showsGradient: Bool, highlighted: Set<String>, muted: Bool,
        inBox: Bool = false, valueText: String = "", updates: [Figure.Update] = [],
        showsUpdates: Bool = true
    ) -> String {
        let base = valueGradientLabel(
            id: id, label: label, mark: mark, value: value, gradient: gradient,
            showsValue: showsValue, showsGradient: showsGradient, highlighted: highlighted,
            muted: muted, inBox: inBox, valueText: valueText)
        guard !updates.isEmpty else { return base }
        let writer = showsUpdates ? self : uniform("transparent")
        let color =
            highlighted.contains("u-" + id) ? writer.palette.highlight : writer.palette.update
        let blocks = updates.enumerated().map { index, update in
            writer.updateTable(
                id: "u-" + id + (index == 0 ? "" : ".\(index)"), update: update, color: color)
        }
        // The updates under the value and its gradient, in a frame of their own (dashed in
        // print): what changes after the pass, told apart from what the pass computed.
        let frame =
            writer.palette.dashesUpdates
            ? " BORDER=\"1\" STYLE=\"dashed\" COLOR=\"\(writer.palette.update)\"" : ""
        return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">"
            + "<TR><TD>" + base + "</TD></TR>"
            + blocks.map { "<TR><TD" + frame + ">" + $0 + "</TD></TR>" }.joined() + "</TABLE>"
    }

    /// One update: a scalar's line (`W ← W − lr · ∂L/∂W = 2.116`; with `--explain` a second
    /// line of its arithmetic, `W ← 2.118 − 0.1 · 0.0231 = 2.116`), or a tensor's table headed
    /// by its formula. In a quiz the new value is a numbered blank; its tooltip names the blank.
    func updateTable(id: String, update: Figure.Update, color: String) -> String {
        let heading = update.label
        let blank = options.quiz ? update.blank : nil
        let title =
            blank.map { Figure.Gradient.blankText(heading, $0) }
            ?? Self.describe(update.assigned, update.value)
        if update.value.rank == 0 {
            let result = blank.map { "[\($0)]" } ?? numbers.format(update.value.scalars[0])
            var lines = [heading + " = " + result]
            if options.explain, blank == nil, let arithmetic = update.arithmetic {
                lines.append(
                    update.assigned + " ← "
                        + arithmetic.text(numbers: numbers, result: update.value.scalars[0])
                        + " = " + result)
            }
            let rows = lines.enumerated().map { index, line in
                "<TR>"
                    + cell(
                        id + (index == 0 ? "" : ".explain"), title: title,
                        colored(DOTEscape.html(line), color)) + "</TR>"
            }
            return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">"
                + rows.joined() + "</TABLE>"
        }
        let layout = TableLayout(shape: update.value.shape, maxElements: options.maxElements)
        var html = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"1\">"
        html += headingRow(
            id: id, title: title,
            // A long update wraps at its spaces: the table, not its heading, sets the width.
            text: Self.joined(
                Self.wrapped(heading, at: max(layout.width, 24)), update.value.shape.description,
                width: layout.width),
            color: color, layout: layout)
        if let blank {
            html +=
                "<TR><TD COLSPAN=\"\(layout.columnSpan)\" COLOR=\"\(palette.tableBorder)\">"
                + colored(DOTEscape.html("[\(blank)]"), color) + "</TD></TR>"
        } else {
            html += numberRows(
                update.value, layout: layout, id: id, label: update.assigned, color: color)
        }
        return html + "</TABLE>"
    }

    /// A tensor's value over its gradient (see `tensorLabel`).
    private func valueGradientLabel(
        id: String, label: String, mark: String?, value: Tensor, gradient: Figure.Gradient?,
        showsValue: Bool, showsGradient: Bool, highlighted: Set<String>, muted: Bool,
        inBox: Bool, valueText: String
    ) -> String {
        let heading = (mark.map { $0 + " " } ?? "") + label
        let valueWriter = showsValue ? self : uniform("transparent")
        let gradientWriter = showsGradient ? self : uniform("transparent")
        let valueColor =
            highlighted.contains("v-" + id)
            ? valueWriter.palette.highlight
            : muted ? valueWriter.palette.muted : valueWriter.palette.foreground
        let gradientColor =
            highlighted.contains("g-" + id)
            ? gradientWriter.palette.highlight : gradientWriter.palette.backward
        let valueTitle = valueText.isEmpty ? Self.describe(label, value) : valueText
        if value.rank == 0 {
            var rows = [
                cell(
                    "v-" + id, title: valueTitle,
                    valueWriter.colored(
                        (heading.isEmpty ? "" : DOTEscape.html(heading) + " = ")
                            + valueWriter.scalarText(value.scalars[0], color: nil),
                        valueColor))
            ]
            if let gradient {
                rows.append(
                    cell(
                        "g-" + id, title: Self.gradientText(gradient),
                        gradientWriter.colored(
                            gradientWriter.scalarGradient(gradient), gradientColor)))
            }
            return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">"
                + rows.map { "<TR>" + $0 + "</TR>" }.joined() + "</TABLE>"
        }
        if inBox, value.rank == 1 {
            return columnLabel(
                id: id, label: label, heading: heading, value: value, valueTitle: valueTitle,
                gradient: gradient, writers: (valueWriter, gradientWriter),
                colors: (valueColor, gradientColor))
        }
        let layout = TableLayout(shape: value.shape, maxElements: options.maxElements)
        // Empty rows above and below keep the edge that the label sits beside off its table.
        let spacer =
            inBox
            ? "" : "<TR><TD BORDER=\"0\" COLSPAN=\"\(layout.columnSpan)\" HEIGHT=\"6\"></TD></TR>"
        var html =
            "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"1\">" + spacer
        html += valueWriter.headingRow(
            id: "v-" + id, title: valueTitle,
            text: Self.joined(heading, value.shape.description, width: layout.width),
            color: valueColor, layout: layout)
        html += valueWriter.numberRows(
            value, layout: layout, id: "v-" + id, label: label, color: valueColor)
        guard let gradient else { return html + spacer + "</TABLE>" }
        var gradientHeading = DOTEscape.html(
            Self.broken(
                GradientText.tableHeading(gradient, explain: options.explain, shape: false),
                width: layout.width))
        if case .agrees = gradient.check { gradientHeading += " ✓" }
        html += gradientWriter.headingRow(
            id: "g-" + id, title: Self.gradientText(gradient),
            html: gradientHeading, color: gradientColor, layout: layout)
        if options.quiz, let blank = gradient.blank {
            html +=
                "<TR><TD COLSPAN=\"\(layout.columnSpan)\" COLOR=\"\(gradientWriter.palette.tableBorder)\">"
                + gradientWriter.colored(DOTEscape.html("[\(blank)]"), gradientColor)
                + "</TD></TR>"
        } else {
            html += gradientWriter.numberRows(
                gradient.value, layout: layout, id: "g-" + id, label: gradient.label,
                color: gradientColor, noiseFloor: gradient.noiseFloor)
        }
        if case .differs(let numeric) = gradient.check, numeric.shape == value.shape {
            let errorColor = gradientWriter.palette.nonFiniteText
            html += gradientWriter.headingRow(
                id: "g-" + id + ".numeric", title: Self.describe("numeric", numeric),
                html: "<B>✗</B> numeric", color: errorColor, layout: layout)
            // The estimates that disagree with backward's, bold on the error colour's cell.
            let disagreeing = Set(
                numeric.scalars.indices.filter { element in
                    let (exact, estimate) = (
                        gradient.value.scalars[element], numeric.scalars[element]
                    )
                    return !(abs(exact - estimate) <= Figure.Check.tolerance * (1 + abs(estimate)))
                })
            html += gradientWriter.numberRows(
                numeric, layout: layout, id: "g-" + id + ".numeric", label: "numeric",
                color: errorColor, marked: disagreeing)
        }
        return html + spacer + "</TABLE>"
    }

    /// A vector as a column with its gradient's beside it, one element a row, under a heading
    /// across both (`h1 (4,)`). The gradient's column is headed by its label when that is short
    /// (`∂L/∂h1`), else `∂L/∂·` (the whole label is its tooltip); with `--explain` the rule is a
    /// last row across both.
    private func columnLabel(
        id: String, label: String, heading: String, value: Tensor, valueTitle: String,
        gradient: Figure.Gradient?,
        writers: (value: DOTWriter, gradient: DOTWriter), colors: (value: String, gradient: String)
    ) -> String {
        let layout = TableLayout(column: value.count, maxElements: options.maxElements)
        let valueFormat: (Double) -> String = { numbers.format($0) }
        let span = gradient == nil ? 1 : 2
        func headingCell(
            _ writer: DOTWriter, _ id: String, _ title: String, _ html: String, _ color: String,
            span: Int
        ) -> String {
            writer.cell(
                id, title: title,
                "<FONT POINT-SIZE=\"10\" COLOR=\"\(color)\">" + html + "</FONT>",
                attributes: " BORDER=\"0\" COLSPAN=\"\(span)\"")
        }
        var html = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"1\">"
        html +=
            "<TR>"
            + headingCell(
                writers.value, "v-" + id, valueTitle,
                DOTEscape.html(Self.joined(heading, value.shape.description, width: 12)),
                colors.value, span: span) + "</TR>"
        guard let gradient else {
            for (row, offset) in layout.rows.enumerated() {
                html +=
                    "<TR>"
                    + writers.value.numberCell(
                        offset.map { value.scalars[$0] }, id: "v-\(id).\(row)", label: label,
                        offset: offset, shape: value.shape, format: valueFormat, color: colors.value
                    )
                    + "</TR>"
            }
            return html + "</TABLE>"
        }
        let gradientFormat = { numbers.formatGradient($0, noiseFloor: gradient.noiseFloor) }
        // A long label gives way to its derivative's head (`∂loss/∂·`): what it is of stays.
        let head = gradient.label.range(of: "/∂").map {
            String(gradient.label[..<$0.upperBound]) + "·"
        }
        var columnHeading = gradient.label.count <= 8 ? gradient.label : head ?? "∂L/∂·"
        if case .agrees = gradient.check { columnHeading += " ✓" }
        html +=
            "<TR><TD BORDER=\"0\"></TD>"
            + headingCell(
                writers.gradient, "g-" + id, Self.gradientText(gradient),
                DOTEscape.html(columnHeading), colors.gradient, span: 1) + "</TR>"
        let blank = options.quiz ? gradient.blank : nil
        for (row, offset) in layout.rows.enumerated() {
            html += "<TR>"
            html += writers.value.numberCell(
                offset.map { value.scalars[$0] }, id: "v-\(id).\(row)", label: label,
                offset: offset, shape: value.shape, format: valueFormat, color: colors.value)
            if let blank {
                if row == 0 {
                    html +=
                        "<TD ROWSPAN=\"\(layout.rows.count)\" COLOR=\"\(writers.gradient.palette.tableBorder)\">"
                        + writers.gradient.colored(DOTEscape.html("[\(blank)]"), colors.gradient)
                        + "</TD>"
                }
            } else {
                html += writers.gradient.numberCell(
                    offset.map { gradient.value.scalars[$0] }, id: "g-\(id).\(row)",
                    label: gradient.label, offset: offset, shape: value.shape,
                    format: gradientFormat, color: colors.gradient)
            }
            html += "</TR>"
        }
        if options.explain, let rule = gradient.rule {
            html +=
                "<TR>"
                + headingCell(
                    writers.gradient, "g-" + id + ".rule", rule,
                    DOTEscape.html(Self.wrapped("= " + rule, at: 24)), colors.gradient, span: 2)
                + "</TR>"
        }
        return html + "</TABLE>"
    }

    /// One number's cell (`ID`, its tooltip the element's whole value; without an id, a plain
    /// cell), or `⋮` for what a summary leaves out.
    /// A `marked` cell is bold on the error colour's background (an estimate that disagrees).
    private func numberCell(
        _ value: Double?, id: String?, label: String, offset: Int?, shape: Shape,
        format: (Double) -> String, color: String, marked: Bool = false
    ) -> String {
        guard let value, let offset else {
            return "<TD BORDER=\"0\"><FONT POINT-SIZE=\"9\" COLOR=\"\(color)\">⋮</FONT></TD>"
        }
        let name = label.contains(" ") ? "(" + label + ")" : label
        let background =
            value.isFinite && !marked ? "" : " BGCOLOR=\"\(palette.nonFiniteFill)\""
        let text =
            value.isFinite && !marked
            ? DOTEscape.html(format(value)) : "<B>" + DOTEscape.html(format(value)) + "</B>"
        let content =
            "<FONT FACE=\"\(Self.numberFont)\" POINT-SIZE=\"9\" COLOR=\"\(value.isFinite ? color : palette.nonFiniteText)\">"
            + text + "</FONT>"
        let attributes = " ALIGN=\"RIGHT\" COLOR=\"\(palette.tableBorder)\"" + background
        guard let id else { return "<TD" + attributes + ">" + content + "</TD>" }
        return cell(
            id, title: name + shape.indexText(ofOffset: offset) + " = \(value)", content,
            attributes: attributes, plain: format(value))
    }

    /// `heading` and `shape` on one line, or on two when one would be wider than the table
    /// under them (about `width` characters): tables, not their headings, set a figure's width.
    static func joined(_ heading: String, _ shape: String, width: Int) -> String {
        guard !heading.isEmpty else { return shape }
        return heading.count + 1 + shape.count > width
            ? heading + "\n" + shape : heading + " " + shape
    }

    /// A gradient's heading on two lines when it is wider than the table under it (about
    /// `width` characters): its rule under its label (`∂L/∂b =` over `sum(∂L/∂y, axis=0)`). A
    /// derivative is broken only before a long bracketed expression, at least half the table's
    /// width (`∂L/∂` over `(1 + exp(−(x@W1 + b1)))`); a short one stays whole (`∂loss/∂` over
    /// `(err²)` would read as two things).
    static func broken(_ heading: String, width: Int) -> String {
        guard heading.count > width else { return heading }
        if let equals = heading.range(of: " = ") {
            return heading[..<equals.lowerBound] + " =\n" + heading[equals.upperBound...]
        }
        if let slash = heading.range(of: "/∂("), heading.hasPrefix("∂") {
            let split = heading.index(before: slash.upperBound)
            if heading[split...].count * 2 > width {
                return heading[..<split] + "\n" + heading[split...]
            }
        }
        return heading
    }

    /// `html` in `color`.
    func colored(_ html: String, _ color: String) -> String {
        "<FONT COLOR=\"\(color)\">" + html + "</FONT>"
    }

    /// A label cell an SVG can find (`a_v-ID`, `a_g-ID`) and hover over (`TITLE`): Graphviz
    /// writes a cell with a link as a group with that id; the pipeline drops the link itself.
    /// `plain` is the cell's text when the caller knows it (a number), for `cellTexts`.
    func cell(
        _ id: String, title: String, _ content: String, attributes: String = "",
        plain: String? = nil
    ) -> String {
        if let collector {
            if let plain {
                collector.texts[id] = CellText(lines: [plain], title: title)
            } else {
                collector.add(id: id, title: title, html: content)
            }
        }
        return "<TD ID=\"" + DOTEscape.htmlAttribute(id) + "\" HREF=\"#\" TITLE=\""
            + DOTEscape.htmlAttribute(title) + "\"" + attributes + ">" + content + "</TD>"
    }

    /// A table's heading row, across all its columns.
    private func headingRow(
        id: String, title: String, text: String? = nil, html: String? = nil, color: String,
        layout: TableLayout
    ) -> String {
        let content = html ?? DOTEscape.html(text ?? "")
        return "<TR>"
            + cell(
                id, title: title,
                "<FONT POINT-SIZE=\"10\" COLOR=\"\(color)\">" + content + "</FONT>",
                attributes: " BORDER=\"0\" COLSPAN=\"\(layout.columnSpan)\"") + "</TR>"
    }

    /// A tensor's numbers in `layout`'s rows and columns, each a cell named `ID.k` whose
    /// tooltip is the element's whole value (`x[1, 2] = 0.4110…`). Each number chooses its
    /// notation; a gradient's noise reads `≈ 0`.
    private func numberRows(
        _ tensor: Tensor, layout: TableLayout, id: String?, label: String, color: String,
        noiseFloor: Double = 0, marked: Set<Int> = []
    ) -> String {
        guard layout.rows.count > 0, layout.columns.count > 0 else {
            return
                "<TR><TD BORDER=\"0\"><FONT POINT-SIZE=\"9\" COLOR=\"\(color)\">(empty)</FONT></TD></TR>"
        }
        let format = { numbers.formatGradient($0, noiseFloor: noiseFloor) }
        var html = ""
        var cellNumber = 0
        for row in layout.rows {
            html += "<TR>"
            for column in layout.columns {
                guard let row, let column else {
                    html +=
                        "<TD BORDER=\"0\"><FONT POINT-SIZE=\"9\" COLOR=\"\(color)\">"
                        + (row == nil ? "⋮" : "…") + "</FONT></TD>"
                    continue
                }
                let offset = row * layout.columnCount + column
                html += numberCell(
                    tensor.scalars[offset], id: id.map { $0 + ".\(cellNumber)" }, label: label,
                    offset: offset, shape: tensor.shape, format: format, color: color,
                    marked: marked.contains(offset))
                cellNumber += 1
            }
            html += "</TR>"
        }
        return html
    }

    /// A tensor as a plain table under a header (a constant's node): no cells to find.
    func plainTable(_ tensor: Tensor, header: String, color: String) -> String {
        let layout = TableLayout(shape: tensor.shape, maxElements: options.maxElements)
        return
            "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD BORDER=\"0\" COLSPAN=\"\(layout.columnSpan)\"><FONT POINT-SIZE=\"10\" COLOR=\"\(color)\">"
            + DOTEscape.html(header) + "</FONT></TD></TR>"
            + numberRows(tensor, layout: layout, id: nil, label: header, color: color) + "</TABLE>"
    }

    /// `∂z/∂x = 3`; with `--explain` the rule and its arithmetic first (`∂z/∂x = ∂z/∂z · y =
    /// 1 · 3 = 3`); at a branch the sum of its paths (`∂z/∂x = 3 + 1 = 4`). In a quiz the
    /// result is a numbered blank (`[3]`).
    func scalarGradient(_ gradient: Figure.Gradient) -> String {
        let steps = GradientText.scalarSteps(
            gradient, explain: options.explain, quiz: options.quiz, numbers: numbers)
        return steps.map { step in
            step.map { piece -> String in
                switch piece {
                case .text(let text): return DOTEscape.html(text)
                case .number(let value): return scalarText(value, color: nil)
                case .term(let value):
                    return scalarText(value, color: nil, parenthesizeNegative: true)
                }
            }.joined()
        }.joined(separator: " = ") + scalarCheck(gradient)
    }

    /// ` ✓` where a leaf's gradient agrees with finite differences, ` ✗ numeric 0.5` (in the
    /// error colour) where it does not.
    private func scalarCheck(_ gradient: Figure.Gradient) -> String {
        switch gradient.check {
        case nil: return ""
        case .agrees: return " ✓"
        case .differs(let numeric):
            let estimate =
                numeric.rank == 0
                ? scalarText(numeric.scalars[0], color: nil)
                : plainTable(
                    numeric, header: "numeric \(numeric.shape)", color: palette.nonFiniteText)
            let separator = numeric.rank == 0 ? " " : "<BR/>"
            return " <FONT COLOR=\"\(palette.nonFiniteText)\"><B>✗</B>" + separator + "numeric "
                + estimate + "</FONT>"
        }
    }

    /// A number, highlighted when it is not finite.
    func scalarText(_ value: Double, color: String?, parenthesizeNegative: Bool = false)
        -> String
    {
        var text = DOTEscape.html(numbers.format(value))
        if parenthesizeNegative, value < 0 { text = "(" + text + ")" }
        if !value.isFinite {
            return "<FONT COLOR=\"\(palette.nonFiniteText)\"><B>" + text + "</B></FONT>"
        }
        if let color { return "<FONT COLOR=\"\(color)\">" + text + "</FONT>" }
        return text
    }

    // MARK: Tooltips

    /// An edge's tooltip: its whole value and gradient, as NumPy prints them.
    public static func tooltip(_ edge: Figure.Edge) -> String {
        var text = edge.valueText.isEmpty ? describe(edge.label, edge.value) : edge.valueText
        if let gradient = edge.gradient { text += "\n" + gradientText(gradient) }
        return text
    }

    /// A gradient's hover text: the figure's, or worked out now.
    static func gradientText(_ gradient: Figure.Gradient) -> String {
        gradient.text.isEmpty ? describe(gradient.label, gradient.value) : gradient.text
    }

    /// `x = 2.5`, or `x (2, 3): mean 0.5, from −1.25 to 2.5` (each number exact).
    static func briefly(_ label: String, _ value: Tensor) -> String {
        if value.rank == 0 || value.count == 0 { return describe(label, value) }
        let finite = value.scalars.filter(\.isFinite)
        let prefix = (label.isEmpty ? "" : label + " ") + value.shape.description
        guard let low = finite.min(), let high = finite.max() else {
            return prefix + ": not finite"
        }
        let mean = finite.reduce(0, +) / Double(finite.count)
        return prefix + ": mean \(mean), from \(low) to \(high)"
            + (finite.count < value.count ? ", and nan or inf" : "")
    }

    /// `x = 2.5`, or `x (2, 3) =` and the tensor as NumPy prints it (summarised past 1,000
    /// elements): every number a summarised table leaves out.
    static func describe(_ label: String, _ value: Tensor) -> String {
        if value.rank == 0 { return (label.isEmpty ? "" : label + " = ") + "\(value.scalars[0])" }
        return (label.isEmpty ? "" : label + " ") + value.shape.description + " =\n"
            + NumPyText.format(value)
    }
}

/// Which rows and columns of a tensor a table shows. Vectors are one row, matrices rows, higher
/// ranks the rows of their last axis. A tensor over `maxElements` is summarised around `…` and
/// `⋮` as NumPy does, keeping at most three at each end of an axis, and fewer when
/// `maxElements` is small: each axis keeps about √maxElements (a vector, maxElements), so
/// `--max-elements 1` shows one number.
struct TableLayout {
    /// Row and column indices; nil stands for the `⋮` or `…` of what is left out.
    let rows: [Int?]
    let columns: [Int?]
    /// The length of the last axis.
    let columnCount: Int

    init(shape: Shape, maxElements: Int) {
        let columnCount = shape.rank == 0 ? 1 : shape.dims.last!
        let rowCount = columnCount == 0 ? 0 : shape.count / columnCount
        self.columnCount = columnCount
        guard shape.count > maxElements else {
            rows = Array(0..<rowCount)
            columns = Array(0..<columnCount)
            return
        }
        let perAxis =
            rowCount == 1 ? maxElements : max(1, Int(Double(maxElements).squareRoot()))
        let keep = min(6, max(1, perAxis))
        rows = Self.kept(rowCount, keep: keep)
        columns = Self.kept(columnCount, keep: keep)
    }

    /// A vector of `count` elements as one column.
    init(column count: Int, maxElements: Int) {
        columnCount = 1
        columns = [0]
        rows = count > maxElements ? Self.kept(count, keep: min(6, maxElements)) : Array(0..<count)
    }

    /// All indices, or the first and last of them around a nil.
    private static func kept(_ count: Int, keep: Int) -> [Int?] {
        guard count > keep else { return Array(0..<count) }
        let head = (keep + 1) / 2
        let tail = keep / 2
        return Array(0..<head) + [nil] + Array((count - tail)..<count)
    }

    /// The columns a heading spans.
    var columnSpan: Int { max(columns.count, 1) }

    /// About how many heading characters fit over the table: a number column is about seven
    /// heading characters wide.
    var width: Int { max(12, columns.count * 7) }

    /// The offset of every cell shown, row by row; nil for `…` and `⋮`.
    var offsets: [Int?] {
        rows.flatMap { row in
            columns.map { column in
                guard let row, let column else { return nil }
                return row * columnCount + column
            }
        }
    }
}
