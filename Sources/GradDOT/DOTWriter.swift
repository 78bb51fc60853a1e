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
    /// What a caption slot holds until a frame's caption replaces it in the SVG: a character no
    /// text of a figure can contain (`DOTEscape` replaces it).
    public static let captionPlaceholder = "\u{E000}"
    /// Bitmaps are capped at about this many pixels a side (cairo refuses larger ones).
    static let maxBitmapPixels = 30_000.0

    let options: FigureOptions
    let palette: Palette
    let numbers: FigureNumbers

    public init(options: FigureOptions) {
        self.init(options: options, palette: Palette(options.theme))
    }

    private init(options: FigureOptions, palette: Palette) {
        self.options = options
        self.palette = palette
        self.numbers = FigureNumbers(precision: options.precision ?? FigureOptions.defaultPrecision)
    }

    /// The same writer in one colour: what it writes keeps its size and shows nothing
    /// (`transparent`) or shows faintly.
    private func uniform(_ color: String) -> DOTWriter {
        DOTWriter(options: options, palette: palette.uniform(color))
    }

    /// The figure as DOT; `frame` says which parts show (by default, the passes of `--show`).
    public func write(_ figure: Figure, frame: Frame? = nil) -> String {
        // The figure's own precision (its file's `precision` statement) when the options leave it.
        if options.precision == nil, let precision = figure.precision {
            var options = options
            options.precision = precision
            return DOTWriter(options: options).write(figure, frame: frame)
        }
        let frame = frame ?? Frame(show: options.show)
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
        if let width = frame.captionWidth {
            // A cell of fixed size: every frame's caption takes the same room.
            let caption = frame.caption.map(DOTEscape.html) ?? Self.captionPlaceholder
            let rows = heading.map { "<TR><TD>" + $0 + "</TD></TR>" }.joined()
            let slot =
                "<TR><TD WIDTH=\"\(width)\" HEIGHT=\"20\" FIXEDSIZE=\"TRUE\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"12\">"
                + caption + "</FONT></TD></TR>"
            graph += [
                ("labelloc", "t"),
                ("label", "<<TABLE BORDER=\"0\" CELLSPACING=\"0\">" + rows + slot + "</TABLE>>"),
            ]
        } else if !heading.isEmpty {
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
            lines.append("  \(node.id) " + attributes(nodeAttributes(node, frame: frame)) + ";")
        }
        for edge in figure.edges {
            for attributeList in edgeAttributes(edge, frame: frame) {
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

    /// A node's look, with its SVG id, classes (`node op op-mul`, `leaf`, `constant`, `branch`)
    /// and tooltip. An operation a step has not reached is drawn faintly; the one it runs is
    /// highlighted.
    private func nodeAttributes(_ node: Figure.Node, frame: Frame) -> [(String, String)] {
        let identity: [(String, String)] = [
            ("id", DOTEscape.quoted(node.elementID)), ("class", DOTEscape.quoted(node.classes)),
            ("tooltip", DOTEscape.tooltip(node.tooltip)),
        ]
        if case .operation = node.kind, !frame.reaches(node.elementID) {
            return uniform(palette.faint).shape(node.kind) + identity
        }
        var attributes = shape(node.kind) + identity
        if frame.highlighted.contains(node.elementID) {
            attributes += [("color", DOTEscape.quoted(palette.highlight)), ("penwidth", "2.5")]
        }
        return attributes
    }

    private func shape(_ kind: Figure.NodeKind) -> [(String, String)] {
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
                ("color", DOTEscape.quoted(palette.operationBorder)),
                ("fontcolor", DOTEscape.quoted(palette.foreground)), ("label", "<" + label + ">"),
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
    /// label holds the value and, under it, the gradient, each in a cell with an id (`v-ID`,
    /// `g-ID`) and a tooltip with every number. The print theme has one colour, so it draws the
    /// backward edge separately, dashed. A part a frame does not show is drawn transparent in its
    /// place, so the layout never changes.
    private func edgeAttributes(_ edge: Figure.Edge, frame: Frame) -> [[(String, String)]] {
        let id = edge.elementID
        let mark = edge.operandMark.map(markAttributes) ?? []
        let showsValue = frame.showsValue(id)
        let forwardColor =
            showsValue ? palette.foreground : (frame.faintArrows ? palette.faint : "transparent")
        let tooltip = ("tooltip", DOTEscape.tooltip(Self.tooltip(edge)))
        if edge.fromConstant {
            let muted = showsValue ? palette.muted : forwardColor
            let identity = [("id", DOTEscape.quoted(id)), ("class", "\"constant\""), tooltip]
            // Named data is labelled like a leaf's value, in the muted colour.
            if edge.isNamed {
                let label = row(
                    cell(
                        "v-" + id, title: Self.describe(edge),
                        valueLabel(edge, shown: showsValue, highlighted: false)))
                return [
                    [
                        ("label", "<" + label + ">"), ("color", DOTEscape.quoted(muted)),
                        ("fontcolor", DOTEscape.quoted(palette.muted)),
                    ]
                        + identity + mark
                ]
            }
            return [
                [("style", "dashed"), ("color", DOTEscape.quoted(muted)), ("arrowsize", "0.5")]
                    + identity + mark
            ]
        }
        let value = cell(
            "v-" + id, title: Self.describe(edge),
            valueLabel(edge, shown: showsValue, highlighted: frame.highlighted.contains("v-" + id)))
        guard let gradient = edge.gradient else {
            return [
                [
                    ("label", "<" + row(value) + ">"), ("color", DOTEscape.quoted(forwardColor)),
                    ("id", DOTEscape.quoted(id)), ("class", "\"forward\""), tooltip,
                ]
                    + mark
            ]
        }
        let showsGradient = frame.showsGradient(id)
        let backwardColor = showsGradient ? palette.backward : "transparent"
        let backward = cell(
            "g-" + id, title: Self.describe(gradient.label, gradient.value),
            gradientLabel(
                gradient, shown: showsGradient, highlighted: frame.highlighted.contains("g-" + id)))
        if palette.backwardStyle != "solid" {
            return [
                [
                    ("label", "<" + row(value) + ">"), ("color", DOTEscape.quoted(forwardColor)),
                    ("id", DOTEscape.quoted(id)), ("class", "\"forward\""), tooltip,
                ] + mark,
                [
                    ("dir", "back"), ("color", DOTEscape.quoted(backwardColor)),
                    ("fontcolor", DOTEscape.quoted(palette.backward)),
                    ("style", palette.backwardStyle),
                    ("label", "<" + row(backward) + ">"), ("id", DOTEscape.quoted(id + "-back")),
                    ("class", "\"backward\""), tooltip,
                ],
            ]
        }
        let label =
            "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR>" + value
            + "</TR><TR>" + backward + "</TR></TABLE>"
        return [
            [
                ("dir", "both"), ("color", DOTEscape.quoted("\(forwardColor):\(backwardColor)")),
                ("label", "<" + label + ">"), ("id", DOTEscape.quoted(id)), ("class", "\"pair\""),
                tooltip,
            ] + mark
        ]
    }

    /// One cell as a whole label.
    private func row(_ cell: String) -> String {
        "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR>" + cell
            + "</TR></TABLE>"
    }

    /// A label cell an SVG can find (`a_v-ID`, `a_g-ID`) and hover over (`TITLE`): Graphviz
    /// writes a cell with a link as a group with that id; the pipeline drops the link itself.
    private func cell(_ id: String, title: String, _ content: String) -> String {
        "<TD ID=\"" + DOTEscape.htmlAttribute(id) + "\" HREF=\"#\" TITLE=\""
            + DOTEscape.htmlAttribute(title) + "\">" + content + "</TD>"
    }

    /// The value's label: drawn, or kept in place but transparent.
    private func valueLabel(_ edge: Figure.Edge, shown: Bool, highlighted: Bool) -> String {
        guard shown else {
            return "<FONT COLOR=\"transparent\">" + uniform("transparent").forwardLabel(edge)
                + "</FONT>"
        }
        // Highlighted in colour, not in bold: bold text is wider and would move the layout.
        return highlighted
            ? "<FONT COLOR=\"\(palette.highlight)\">" + forwardLabel(edge) + "</FONT>"
            : forwardLabel(edge)
    }

    private func gradientLabel(_ gradient: Figure.Gradient, shown: Bool, highlighted: Bool)
        -> String
    {
        guard shown else {
            return "<FONT COLOR=\"transparent\">" + uniform("transparent").backwardLabel(gradient)
                + "</FONT>"
        }
        let colour = highlighted ? palette.highlight : palette.backward
        return "<FONT COLOR=\"\(colour)\">" + backwardLabel(gradient) + "</FONT>"
    }

    /// An edge's tooltip: its whole value and gradient, as NumPy prints them.
    public static func tooltip(_ edge: Figure.Edge) -> String {
        var text = describe(edge)
        if let gradient = edge.gradient { text += "\n" + describe(gradient.label, gradient.value) }
        return text
    }

    static func describe(_ edge: Figure.Edge) -> String { describe(edge.label, edge.value) }

    /// `x = 2.5`, or `x (2, 3) =` and the tensor as NumPy prints it (summarised past 1,000
    /// elements): every number a summarised table leaves out.
    static func describe(_ label: String, _ value: Tensor) -> String {
        if value.rank == 0 { return (label.isEmpty ? "" : label + " = ") + "\(value.scalars[0])" }
        return (label.isEmpty ? "" : label + " ") + value.shape.description + " =\n"
            + NumPyText.format(value)
    }

    private func markAttributes(_ mark: String) -> [(String, String)] {
        [
            ("headlabel", "<" + DOTEscape.html(mark) + ">"), ("labelfontsize", "12"),
            ("labeldistance", "1.6"), ("labelfontcolor", DOTEscape.quoted(palette.foreground)),
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
