import GradCore

/// Writes a `Figure` as DOT text in a fixed order (nodes, then edges, each attribute list in a
/// fixed order), so the same figure always gives the same bytes. All text goes through
/// `DOTEscape`; no attribute that reads files (`image`, `shapefile`, `fontpath`, `imagepath`,
/// `<IMG>`) is ever written.
///
/// Two styles: `edges` (the article's: tensors on the edges, values over gradients) and
/// `nodes` (micrograd's: a box per tensor, see `DOTWriter+NodeStyle.swift`). The labels of both
/// are in `DOTWriter+Labels.swift`.
public struct DOTWriter {
    /// The font for text and symbols; fontconfig falls back to a CJK font for Chinese.
    static let font = "DejaVu Sans"
    /// Numbers in tables line up in a monospaced font; collapsed statements are code.
    static let numberFont = "DejaVu Sans Mono"
    /// Each font with the generic family a browser without it falls back to, as an SVG's
    /// `font-family` should name them.
    public static let fontFallbacks = [(numberFont, "monospace"), (font, "sans-serif")]
    /// What a caption slot holds until a frame's caption replaces it in the SVG: a character no
    /// text of a figure can contain (`DOTEscape` replaces it).
    public static let captionPlaceholder = "\u{E000}"
    /// Bitmaps are capped at about this many pixels a side (cairo refuses larger ones).
    static let maxBitmapPixels = 30_000.0
    /// Titles wrap at spaces to lines of about this many characters.
    static let titleLineLength = 72

    let options: FigureOptions
    let palette: Palette
    let numbers: FigureNumbers
    /// Where the label cells' texts go as they are written, when someone asks for them
    /// (`cellTexts`).
    let collector: CellCollector?

    public init(options: FigureOptions) {
        self.init(
            options: options, palette: Palette(options.theme),
            numbers: FigureNumbers(option: options.precision, file: nil), collector: nil)
    }

    private init(
        options: FigureOptions, palette: Palette, numbers: FigureNumbers,
        collector: CellCollector?
    ) {
        self.options = options
        self.palette = palette
        self.numbers = numbers
        self.collector = collector
    }

    /// The same writer in one colour: what it writes keeps its size and shows nothing
    /// (`transparent`) or shows faintly.
    func uniform(_ color: String) -> DOTWriter {
        DOTWriter(
            options: options, palette: palette.uniform(color), numbers: numbers,
            collector: collector)
    }

    /// Every label cell's text (its lines) and tooltip, by its id (`v-ID`, `g-ID.3`): what a
    /// deck of passes puts into one drawing, frame by frame.
    public func cellTexts(of figure: Figure, frame: Frame? = nil) -> [String: CellText] {
        let collector = CellCollector()
        _ = DOTWriter(
            options: options, palette: palette, numbers: figure.numbers, collector: collector
        ).write(figure, frame: frame)
        return collector.texts
    }

    /// The figure as DOT; `frame` says which parts show (by default, the passes of `--show`).
    public func write(_ figure: Figure, frame: Frame? = nil) -> String {
        // Numbers as the figure writes them (its one formatter, resolved when it was built).
        if figure.numbers != numbers {
            return DOTWriter(
                options: options, palette: palette, numbers: figure.numbers, collector: collector
            ).write(figure, frame: frame)
        }
        let frame = frame ?? Frame(show: options.show)
        var lines = ["digraph figure {"]
        lines.append("  graph " + attributes(graphAttributes(figure, frame: frame)) + ";")
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
        switch options.style {
        case .edges: lines += edgeStyleBody(figure, frame: frame)
        case .nodes: lines += nodeStyleBody(figure, frame: frame)
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    func attributes(_ list: [(String, String)]) -> String {
        "[" + list.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + "]"
    }

    // MARK: The graph

    private func graphAttributes(_ figure: Figure, frame: Frame) -> [(String, String)] {
        var graph: [(String, String)] = [
            ("rankdir", options.rankDirection.rawValue),
            ("bgcolor", DOTEscape.quoted(palette.background)),
            ("fontname", DOTEscape.quoted(Self.font)),
            ("fontsize", "16"),
            ("fontcolor", DOTEscape.quoted(palette.foreground)),
            ("nodesep", "0.2"),
            // The nodes style has no labels between ranks: its boxes can stand closer.
            ("ranksep", options.style == .nodes ? "0.05" : "0.15"),
            ("pad", "0.1"),
            // PDF (cairo) adds half an inch a side unless told; the pad is margin enough.
            ("margin", "0"),
        ]
        if let limit = figure.layoutSize.positionIterationLimit {
            // A bound on dot's positioning, which would otherwise take minutes on some figures.
            graph.append(("nslimit", "\(limit)"))
        }
        var heading: [String] = []
        if let title = figure.title {
            heading.append(DOTEscape.html(Self.wrappedTitle(title, at: Self.titleLineLength)))
        }
        if let passLine = figure.passLine {
            heading.append("<FONT POINT-SIZE=\"12\">" + DOTEscape.html(passLine) + "</FONT>")
        }
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
        return graph
    }

    /// A title wrapped at spaces to about `length` characters, never inside a formula: not in
    /// brackets, nor beside an operator (`o = tanh(x1·w1 + b)` stays whole; a formula longer than
    /// a line gets a line of its own). Line breaks the title has stay.
    static func wrappedTitle(_ text: String, at length: Int) -> String {
        let operators: Set<String> = [
            "=", "+", "−", "-", "·", "×", "÷", "/", "*", "@", "<", ">", "≤", "≥", "→", "≈", "**",
        ]
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            // Words glued into chunks that may not be broken apart.
            var chunks: [String] = []
            var depth = 0
            var glueNext = false
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                let word = String(word)
                let isOperator = operators.contains(word)
                if let last = chunks.last, depth > 0 || glueNext || isOperator {
                    chunks[chunks.count - 1] = last + " " + word
                } else {
                    chunks.append(word)
                }
                for character in word {
                    if "([{".contains(character) { depth += 1 }
                    if ")]}".contains(character) { depth = max(0, depth - 1) }
                }
                glueNext = isOperator
            }
            return wrapped(chunks, at: length)
        }.joined(separator: "\n")
    }

    /// Chunks joined by spaces into lines of about `length` characters.
    private static func wrapped(_ chunks: [String], at length: Int) -> String {
        var lines: [String] = []
        var current = ""
        for chunk in chunks {
            if !current.isEmpty, current.count + 1 + chunk.count > length {
                lines.append(current)
                current = chunk
            } else {
                current += (current.isEmpty ? "" : " ") + chunk
            }
        }
        return (lines + [current]).joined(separator: "\n")
    }

    /// `text` with each line wrapped at spaces to about `length` characters; line breaks the
    /// text has stay.
    static func wrapped(_ text: String, at length: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var lines: [String] = []
            var current = ""
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                if !current.isEmpty, current.count + 1 + word.count > length {
                    lines.append(current)
                    current = String(word)
                } else {
                    current += (current.isEmpty ? "" : " ") + word
                }
            }
            return (lines + [current]).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    // MARK: The edge style

    /// Nodes (those of a statement inside its cluster), then edges. Operations whose operand
    /// order matters keep their in-edges in order (`ordering=in`, ① declared first), so ① is
    /// above ② left to right and left of it top to bottom.
    private func edgeStyleBody(_ figure: Figure, frame: Frame) -> [String] {
        var lines: [String] = []
        var clustered = Set<String>()
        let nodeByDOTID = Dictionary(uniqueKeysWithValues: figure.nodes.map { ($0.id, $0) })
        let statements = Set(
            figure.nodes.filter {
                if case .statement = $0.kind { return true }
                return false
            }.map(\.id))
        let ordered = Set(figure.edges.filter { $0.operandMark != nil }.map(\.to))
            .union(statements)
        let nodeByID = Dictionary(uniqueKeysWithValues: figure.nodes.map { ($0.id, $0) })
        // A cluster, then the clusters inside it, inside it (a call within a call).
        func writeCluster(_ index: Int, depth: Int) {
            let indent = String(repeating: "  ", count: depth)
            let cluster = figure.clusters[index]
            lines.append(indent + "subgraph cluster_\(index) {")
            lines.append(indent + "  graph " + attributes(clusterAttributes(cluster)) + ";")
            for id in cluster.nodes {
                guard let node = nodeByID[id], !clustered.contains(id) else { continue }
                clustered.insert(id)
                lines.append(
                    indent + "  \(node.id) "
                        + attributes(
                            nodeAttributes(node, frame: frame, ordered: ordered.contains(id)))
                        + ";")
            }
            for child in figure.clusters.indices where figure.clusters[child].parent == index {
                writeCluster(child, depth: depth + 1)
            }
            lines.append(indent + "}")
        }
        for index in figure.clusters.indices where figure.clusters[index].parent == nil {
            writeCluster(index, depth: 1)
        }
        for node in figure.nodes where !clustered.contains(node.id) {
            lines.append(
                "  \(node.id) "
                    + attributes(
                        nodeAttributes(node, frame: frame, ordered: ordered.contains(node.id)))
                    + ";")
        }
        let edges = Self.declarationOrder(figure.edges, statements: statements) { id in
            nodeByDOTID[id].map { $0.isOperation || $0.kind == .branch } ?? false
        }
        for edge in edges {
            lines.append(
                "  \(edge.from) -> \(edge.to) " + attributes(edgeAttributes(edge, frame: frame))
                    + ";")
        }
        return lines
    }

    /// The order edges are declared in, which `ordering=in` nodes lay their inputs out by: ①
    /// before ②, and into a collapsed statement, its data (leaves) around what comes from other
    /// statements, half before and half after, so that a chain of statements runs straight
    /// across with each one's parameters above and below it rather than down a staircase.
    static func declarationOrder(
        _ edges: [Figure.Edge], statements: Set<String>, isComputed: (String) -> Bool
    ) -> [Figure.Edge] {
        let marked =
            edges.filter { $0.operandMark != "②" } + edges.filter { $0.operandMark == "②" }
        guard !statements.isEmpty else { return marked }
        var intoStatement: [String: [Figure.Edge]] = [:]
        for edge in marked where statements.contains(edge.to) {
            intoStatement[edge.to, default: []].append(edge)
        }
        var arranged: [String: [Figure.Edge]] = [:]
        for (statement, inputs) in intoStatement {
            let computed = inputs.filter { isComputed($0.from) }
            let data = inputs.filter { !isComputed($0.from) }
            let half = (data.count + 1) / 2
            arranged[statement] = Array(data.prefix(half)) + computed + Array(data.dropFirst(half))
        }
        var next: [String: Int] = [:]
        return marked.map { edge in
            guard let order = arranged[edge.to] else { return edge }
            let index = next[edge.to, default: 0]
            next[edge.to] = index + 1
            return order[index]
        }
    }

    func clusterAttributes(_ cluster: Figure.Cluster) -> [(String, String)] {
        [
            ("label", "<" + DOTEscape.html(cluster.label) + ">"),
            ("fontname", DOTEscape.quoted(Self.numberFont)), ("fontsize", "11"),
            ("fontcolor", DOTEscape.quoted(palette.muted)), ("labeljust", "l"),
            ("style", "\"rounded,dashed\""), ("color", DOTEscape.quoted(palette.muted)),
            ("margin", "6"), ("id", DOTEscape.quoted(cluster.elementID)),
            ("class", "\"statement\""),
        ]
    }

    // MARK: Nodes

    /// A node's look, with its SVG id, classes (`node op op-mul`, `leaf`, `constant`, `branch`)
    /// and tooltip. An operation a step has not reached is drawn faintly; the one it runs is
    /// highlighted. An `ordered` node lays its in-edges out in the order they are declared.
    func nodeAttributes(_ node: Figure.Node, frame: Frame, ordered: Bool = false)
        -> [(String, String)]
    {
        var identity: [(String, String)] = [
            ("id", DOTEscape.quoted(node.elementID)), ("class", DOTEscape.quoted(node.classes)),
            ("tooltip", DOTEscape.tooltip(node.tooltip)),
        ]
        if ordered { identity.append(("ordering", "in")) }
        if node.isOperation, !frame.reaches(node.elementID) {
            return uniform(palette.faint).shape(node.kind) + identity
        }
        var attributes = shape(node.kind) + identity
        if frame.highlighted.contains(node.elementID) {
            attributes += [("color", DOTEscape.quoted(palette.highlight)), ("penwidth", "2.5")]
        }
        return attributes
    }

    func shape(_ kind: Figure.NodeKind) -> [(String, String)] {
        switch kind {
        case .operation(let symbol, let details):
            var label = DOTEscape.html(symbol)
            if let details {
                label += "<BR/><FONT POINT-SIZE=\"9\">" + DOTEscape.html(details) + "</FONT>"
            }
            // A short symbol in a circle; a longer label in a rounded box, which is narrower
            // than the ellipse around the same text.
            let isCompact = details == nil && symbol.count <= 3
            return [
                ("shape", isCompact ? "circle" : "box"),
                ("style", isCompact ? "filled" : "\"rounded,filled\""),
                ("fillcolor", DOTEscape.quoted(palette.operationFill)), ("margin", "0.03"),
                ("color", DOTEscape.quoted(palette.operationBorder)),
                ("fontcolor", DOTEscape.quoted(palette.foreground)), ("label", "<" + label + ">"),
            ]
        case .statement(let text):
            return [
                ("shape", "box"), ("style", "\"rounded,filled\""),
                ("fillcolor", DOTEscape.quoted(palette.operationFill)), ("margin", "\"0.05,0.04\""),
                ("color", DOTEscape.quoted(palette.operationBorder)),
                ("fontcolor", DOTEscape.quoted(palette.foreground)),
                ("fontname", DOTEscape.quoted(Self.numberFont)), ("fontsize", "12"),
                ("label", "<" + DOTEscape.html(Self.wrapped(text, at: 40)) + ">"),
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
                : plainTable(value, header: "const \(value.shape)", color: palette.muted)
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
        case .cut:
            return [
                ("shape", "plaintext"), ("margin", "0.02"),
                ("fontcolor", DOTEscape.quoted(palette.muted)), ("label", "<…>"),
            ]
        }
    }

    // MARK: Edges

    /// One DOT edge per figure edge. An edge with a gradient is a two-colour edge with
    /// `dir=both`: Graphviz draws it as parallel splines, the head arrow in the first colour
    /// (forward) and the tail arrow in the second (backward), so the gradient always runs right
    /// beside its value, and one label holds both (see `tensorLabel`). A part a frame does not
    /// show is drawn transparent in its place, so the layout never changes.
    private func edgeAttributes(_ edge: Figure.Edge, frame: Frame) -> [(String, String)] {
        let id = edge.elementID
        let showsValue = frame.showsValue(id)
        let forwardColor =
            showsValue ? palette.foreground : (frame.faintArrows ? palette.faint : "transparent")
        let identity: [(String, String)] = [
            ("id", DOTEscape.quoted(id)),
            (
                "class",
                edge.fromConstant
                    ? "\"constant\"" : edge.gradient == nil ? "\"forward\"" : "\"pair\""
            ),
            ("tooltip", DOTEscape.tooltip(Self.tooltip(edge))),
        ]
        let label = tensorLabel(
            id: id, label: edge.label, mark: edge.operandMark, value: edge.value,
            gradient: edge.gradient, showsValue: showsValue,
            showsGradient: frame.showsGradient(id), highlighted: frame.highlighted,
            muted: edge.fromConstant, valueText: edge.valueText, updates: edge.updates,
            showsUpdates: frame.showsUpdates(id))
        if edge.fromConstant {
            let muted = showsValue ? palette.muted : forwardColor
            // Named data is labelled like a leaf's value, in the muted colour; an unnamed
            // constant's node shows its value already.
            guard edge.isNamed else {
                let mark =
                    edge.operandMark.map {
                        [("label", "<<FONT POINT-SIZE=\"10\">" + $0 + "</FONT>>")]
                    } ?? []
                return [
                    ("style", "dashed"), ("color", DOTEscape.quoted(muted)), ("arrowsize", "0.5"),
                ] + mark + identity
            }
            return [("label", "<" + label + ">"), ("color", DOTEscape.quoted(muted))] + identity
        }
        guard edge.gradient != nil else {
            return [("label", "<" + label + ">"), ("color", DOTEscape.quoted(forwardColor))]
                + identity
        }
        let backwardColor = frame.showsGradient(id) ? palette.backward : "transparent"
        return [
            ("dir", "both"), ("color", DOTEscape.quoted("\(forwardColor):\(backwardColor)")),
            ("label", "<" + label + ">"),
        ] + identity
    }
}

/// A label cell's text, as its lines, and its tooltip.
public struct CellText: Sendable, Equatable {
    public let lines: [String]
    public let title: String
}

/// Collects the cells a writer writes (a class: writers are values, copied as they go).
final class CellCollector {
    var texts: [String: CellText] = [:]

    /// `html` as the text it shows: `<BR/>` a new line, tags dropped, entities read.
    func add(id: String, title: String, html: String) {
        var lines: [String] = []
        var line = ""
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                let close = html[index...].firstIndex(of: ">") ?? html.index(before: html.endIndex)
                if html[index...close].uppercased().hasPrefix("<BR") {
                    lines.append(line)
                    line = ""
                }
                index = html.index(after: close)
                continue
            }
            line.append(character)
            index = html.index(after: index)
        }
        lines.append(line)
        texts[id] = CellText(lines: lines.map(Self.decoded), title: title)
    }

    /// DOTEscape's entities and doubled backslashes read back.
    static func decoded(_ text: String) -> String {
        guard text.contains("&") || text.contains("\\") else { return text }
        var out = text.replacingEvery("\\\\", with: "\\")
        for (entity, character) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#91;", "["),
            ("&#93;", "]"), ("&#10;", "\n"), ("&amp;", "&"),
        ] {
            out = out.replacingEvery(entity, with: character)
        }
        return out
    }
}

extension Figure.Node {
    /// An operation or a collapsed statement: what a step runs.
    public var isOperation: Bool {
        switch kind {
        case .operation, .statement: return true
        default: return false
        }
    }
}

/// A writer is shared between threads (a deck's frames, written two at a time): its options,
/// palette and numbers are values, and the collector of `cellTexts` is made per call and
/// touched only by the call that made it.
extension DOTWriter: @unchecked Sendable {}
