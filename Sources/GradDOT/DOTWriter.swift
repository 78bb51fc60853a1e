import GradCore

/// Writes a `Figure` as DOT text in a fixed order (nodes, then edges, each attribute list in a
/// fixed order), so the same figure always gives the same bytes. All text goes through
/// `DOTEscape`; no attribute that reads files (`image`, `shapefile`, `fontpath`, `imagepath`,
/// `<IMG>`) is ever written.
public struct DOTWriter {
    /// The font for text and symbols; fontconfig falls back to a CJK font for Chinese.
    static let font = "DejaVu Sans"
    /// Numbers in tables line up in a monospaced font.
    static let numberFont = "DejaVu Sans Mono"
    /// Bitmaps are capped at about this many pixels a side (cairo refuses larger ones).
    static let maxBitmapPixels = 30_000.0

    let options: FigureOptions
    let palette: Palette
    let numbers: FigureNumbers

    public init(options: FigureOptions) {
        self.options = options
        self.palette = Palette(options.theme)
        self.numbers = FigureNumbers(precision: options.precision ?? FigureOptions.defaultPrecision)
    }

    public func write(_ figure: Figure) -> String {
        // The figure's own precision (its file's `precision` statement) when the options leave it.
        if options.precision == nil, let precision = figure.precision {
            var options = options
            options.precision = precision
            return DOTWriter(options: options).write(figure)
        }
        var lines = ["digraph figure {"]
        var graph: [(String, String)] = [
            ("rankdir", options.rankDirection.rawValue),
            ("bgcolor", DOTEscape.quoted(palette.background)),
            ("fontname", DOTEscape.quoted(Self.font)),
            ("fontsize", "16"),
            ("fontcolor", DOTEscape.quoted(palette.foreground)),
            ("nodesep", "0.4"),
            ("ranksep", "0.6"),
            ("pad", "0.3"),
        ]
        var heading: [String] = []
        if let title = figure.title { heading.append(DOTEscape.html(title)) }
        if let caption = figure.caption {
            heading.append(
                "<FONT COLOR=\"\(palette.nonFiniteText)\">" + DOTEscape.html(caption) + "</FONT>")
        }
        if !heading.isEmpty {
            graph += [("labelloc", "t"), ("label", "<" + heading.joined(separator: "<BR/>") + ">")]
        }
        if let dpi = options.dpi {
            let inches = Self.maxBitmapPixels / Double(dpi)
            graph += [
                ("dpi", String(dpi)), ("size", DOTEscape.quoted("\(Int(inches)),\(Int(inches))")),
            ]
        }
        lines.append("  graph " + attributes(graph) + ";")
        lines.append(
            "  node "
                + attributes([
                    ("fontname", DOTEscape.quoted(Self.font)), ("fontsize", "14"),
                    ("color", DOTEscape.quoted(palette.operationBorder)),
                    ("fontcolor", DOTEscape.quoted(palette.foreground)),
                ]) + ";")
        lines.append(
            "  edge "
                + attributes([
                    ("fontname", DOTEscape.quoted(Self.font)), ("fontsize", "11"),
                    ("color", DOTEscape.quoted(palette.foreground)),
                    ("fontcolor", DOTEscape.quoted(palette.foreground)), ("arrowsize", "0.7"),
                ]) + ";")
        for node in figure.nodes {
            lines.append("  \(node.id) " + attributes(nodeAttributes(node.kind)) + ";")
        }
        for edge in figure.edges {
            for attributeList in edgeAttributes(edge) {
                lines.append("  \(edge.from) -> \(edge.to) " + attributes(attributeList) + ";")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func attributes(_ list: [(String, String)]) -> String {
        "[" + list.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + "]"
    }

    // MARK: Nodes

    private func nodeAttributes(_ kind: Figure.NodeKind) -> [(String, String)] {
        switch kind {
        case .operation(let symbol, let details):
            var label = DOTEscape.html(symbol)
            if let details {
                label += "<BR/><FONT POINT-SIZE=\"9\">" + DOTEscape.html(details) + "</FONT>"
            }
            let isCompact = details == nil && symbol.count <= 3
            return [
                ("shape", isCompact ? "circle" : "ellipse"), ("style", "filled"),
                ("fillcolor", DOTEscape.quoted(palette.operationFill)), ("margin", "0.04"),
                ("label", "<" + label + ">"),
            ]
        case .leaf:
            return [
                ("shape", "point"), ("width", "0.09"),
                ("color", DOTEscape.quoted(palette.foreground)),
            ]
        case .namedConstant:
            return [
                ("shape", "point"), ("width", "0.09"), ("color", DOTEscape.quoted(palette.muted)),
            ]
        case .constant(let value):
            let label =
                value.count == 1
                ? scalarText(value.scalars[0], color: palette.muted)
                : table(value, header: "const \(value.shape)", color: palette.muted)
            return [
                ("shape", "plaintext"), ("fontsize", "10"),
                ("fontcolor", DOTEscape.quoted(palette.muted)),
                ("margin", "0.02"), ("label", "<" + label + ">"),
            ]
        case .branch:
            return [
                ("shape", "point"), ("width", "0.06"),
                ("color", DOTEscape.quoted(palette.foreground)),
            ]
        case .output(let loss):
            guard let loss else {
                return [
                    ("shape", "point"), ("width", "0.09"),
                    ("color", DOTEscape.quoted(palette.foreground)),
                ]
            }
            return [
                ("shape", "plaintext"), ("margin", "0.04"),
                ("label", "<" + DOTEscape.html(loss) + ">"),
            ]
        case .failure(let symbol):
            return [
                ("shape", "box"), ("style", "\"filled,rounded\""),
                ("fillcolor", DOTEscape.quoted(palette.nonFiniteFill)),
                ("color", DOTEscape.quoted(palette.nonFiniteText)),
                ("fontcolor", DOTEscape.quoted(palette.nonFiniteText)),
                (
                    "label",
                    "<" + DOTEscape.html(symbol) + "<BR/><FONT POINT-SIZE=\"9\">failed</FONT>>"
                ),
            ]
        }
    }

    // MARK: Edges

    /// One DOT edge for a forward/backward pair: Graphviz draws a two-colour edge with
    /// `dir=both` as parallel splines, the head arrow in the first colour (forward) and the tail
    /// arrow in the second (backward), so the gradient always runs right beside its value. The
    /// label holds the value and, under it, the gradient. The print theme has one colour, so it
    /// draws the backward edge separately, dashed.
    private func edgeAttributes(_ edge: Figure.Edge) -> [[(String, String)]] {
        let mark = edge.operandMark.map(markAttributes) ?? []
        if edge.fromConstant {
            guard options.show != .backward else { return [] }
            let muted = DOTEscape.quoted(palette.muted)
            // Named data is labelled like a leaf's value, in the muted colour.
            if edge.isNamed {
                return [
                    [
                        ("label", "<" + forwardLabel(edge) + ">"), ("color", muted),
                        ("fontcolor", muted),
                    ]
                        + mark
                ]
            }
            return [[("style", "dashed"), ("color", muted), ("arrowsize", "0.5")] + mark]
        }
        let gradient = options.show == .forward ? nil : edge.gradient
        let forward = options.show == .backward ? nil : forwardLabel(edge)
        guard let gradient else {
            return forward.map { [[("label", "<" + $0 + ">")] + mark] } ?? []
        }
        let backward = "<FONT COLOR=\"\(palette.backward)\">" + backwardLabel(gradient) + "</FONT>"
        let backwardOnly: [(String, String)] = [
            ("dir", "back"), ("color", DOTEscape.quoted(palette.backward)),
            ("fontcolor", DOTEscape.quoted(palette.backward)), ("style", palette.backwardStyle),
        ]
        guard let forward else {
            return [backwardOnly + [("label", "<" + backward + ">")] + mark]
        }
        if palette.backwardStyle != "solid" {
            return [
                [("label", "<" + forward + ">")] + mark,
                backwardOnly + [("label", "<" + backward + ">")],
            ]
        }
        let label =
            "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD>"
            + forward
            + "</TD></TR><TR><TD>" + backward + "</TD></TR></TABLE>"
        return [
            [
                ("dir", "both"),
                ("color", DOTEscape.quoted("\(palette.foreground):\(palette.backward)")),
                ("label", "<" + label + ">"),
            ] + mark
        ]
    }

    private func markAttributes(_ mark: String) -> [(String, String)] {
        [
            ("headlabel", "<" + DOTEscape.html(mark) + ">"), ("labelfontsize", "12"),
            ("labeldistance", "1.6"),
            ("labelfontcolor", DOTEscape.quoted(palette.foreground)),
        ]
    }

    /// `x = 2`, or a table headed `x (2, 3)`; an unnamed tensor by its short expression
    /// (`x×y = 6`, `x@W (3, 2)`).
    private func forwardLabel(_ edge: Figure.Edge) -> String {
        if edge.value.rank == 0 {
            let prefix = edge.label.isEmpty ? "" : DOTEscape.html(edge.label) + " = "
            return prefix + scalarText(edge.value.scalars[0], color: nil)
        }
        let header = (edge.label.isEmpty ? "" : edge.label + " ") + edge.value.shape.description
        return table(edge.value, header: header, color: nil)
    }

    /// `∂z/∂x = 3`; with `--explain` the rule and its arithmetic first (`∂z/∂x = ∂z/∂z · y =
    /// 1 · 3 = 3`); at a branch the sum of its paths (`∂z/∂x = 3 + 1 = 4`); for a tensor a table
    /// headed by the label (and the rule). In a quiz the result is a numbered blank (`[3]`).
    private func backwardLabel(_ gradient: Figure.Gradient) -> String {
        if gradient.value.rank == 0 {
            let steps = GradientText.scalarSteps(
                gradient, explain: options.explain, quiz: options.quiz, format: numbers.format)
            return steps.map { step in
                step.map { piece -> String in
                    switch piece {
                    case .text(let text): return DOTEscape.html(text)
                    case .number(let value): return scalarText(value, color: nil)
                    case .term(let value):
                        return scalarText(value, color: nil, parenthesizeNegative: true)
                    }
                }.joined()
            }.joined(separator: " = ") + checkText(gradient)
        }
        let heading = GradientText.tableHeading(gradient, explain: options.explain)
        if options.quiz, let blank = gradient.blank {
            return
                "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\"><TR><TD><FONT POINT-SIZE=\"10\">"
                + DOTEscape.html(heading)
                + "</FONT></TD></TR><TR><TD BORDER=\"1\" COLOR=\"\(palette.tableBorder)\">"
                + DOTEscape.html("[\(blank)]") + "</TD></TR></TABLE>"
        }
        return table(gradient.value, header: heading, color: nil) + checkText(gradient)
    }

    /// ` ✓` where a leaf's gradient agrees with finite differences, ` ✗ numeric 0.5` (in the
    /// error colour) where it does not.
    private func checkText(_ gradient: Figure.Gradient) -> String {
        switch gradient.check {
        case nil: return ""
        case .agrees: return " ✓"
        case .differs(let numeric):
            let estimate =
                numeric.rank == 0
                ? scalarText(numeric.scalars[0], color: nil)
                : table(numeric, header: "numeric \(numeric.shape)", color: nil)
            let separator = numeric.rank == 0 ? " " : "<BR/>"
            return " <FONT COLOR=\"\(palette.nonFiniteText)\"><B>✗</B>" + separator + "numeric "
                + estimate + "</FONT>"
        }
    }

    // MARK: Numbers and tables

    /// A number, highlighted when it is not finite.
    private func scalarText(_ value: Double, color: String?, parenthesizeNegative: Bool = false)
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

    /// A tensor as a small table under a header: vectors as one row, matrices as rows, higher
    /// ranks as the rows of their last axis. Over `maxElements`, only the first and last three
    /// rows and columns are shown, around `…` and `⋮`, as NumPy summarises.
    private func table(_ tensor: Tensor, header: String, color: String?) -> String {
        let columns = tensor.rank == 0 ? 1 : tensor.shape.dims.last!
        let rows = columns == 0 ? 0 : tensor.count / columns
        let summarise = tensor.count > options.maxElements
        let rowIndices = summarisedIndices(rows, summarise: summarise)
        let columnIndices = summarisedIndices(columns, summarise: summarise)
        let fontColor = color.map { " COLOR=\"\($0)\"" } ?? ""
        var html =
            "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"2\" COLOR=\"\(palette.tableBorder)\">"
        html +=
            "<TR><TD BORDER=\"0\" COLSPAN=\"\(max(columnIndices.count, 1))\"><FONT POINT-SIZE=\"10\"\(fontColor)>"
            + DOTEscape.html(header) + "</FONT></TD></TR>"
        if rows == 0 || columns == 0 {
            html += "<TR><TD BORDER=\"0\"><FONT POINT-SIZE=\"9\">(empty)</FONT></TD></TR>"
        }
        for row in rowIndices {
            html += "<TR>"
            for column in columnIndices {
                guard let row, let column else {
                    html +=
                        "<TD BORDER=\"0\"><FONT POINT-SIZE=\"9\"\(fontColor)>"
                        + (row == nil ? "⋮" : "…") + "</FONT></TD>"
                    continue
                }
                let value = tensor.scalars[row * columns + column]
                let background = value.isFinite ? "" : " BGCOLOR=\"\(palette.nonFiniteFill)\""
                html +=
                    "<TD ALIGN=\"RIGHT\"\(background)><FONT FACE=\"\(Self.numberFont)\" POINT-SIZE=\"9\"\(fontColor)>"
                    + scalarText(value, color: nil) + "</FONT></TD>"
            }
            html += "</TR>"
        }
        return html + "</TABLE>"
    }

    /// All indices, or the first and last three around a nil (the `…`) when summarising.
    private func summarisedIndices(_ count: Int, summarise: Bool) -> [Int?] {
        guard summarise, count > 6 else { return Array(0..<count) }
        return [0, 1, 2, nil, count - 3, count - 2, count - 1]
    }
}
