import Foundation
import GradDOT
import GradScript

/// TikZ: the figure in Graphviz's layout with its text set by LaTeX (`TikZPicture`), a
/// `tikzpicture` to `\input` in course notes, or with `standalone` a document that compiles by
/// itself. A deck (of steps or of passes) is one Beamer frame whose overlays step through the
/// frames, one layout for all, each frame's caption under the figure.
struct TikZFormat: FormatWriter {
    let name = "tikz"
    let fileExtensions = ["tex"]
    let summary = "tikz (a tikzpicture for LaTeX; a deck, a Beamer frame)"
    let deckForm = DeckForm.oneFile

    /// What the picture needs in a document's preamble.
    static let packages = [
        "\\usepackage{tikz}", "\\usepackage{amsmath,amssymb}", "\\usepackage{adjustbox}",
        "\\usepackage{colortbl}", "\\usepackage{calc}",
    ]

    func write(_ drawing: FigureDrawing) throws(Diagnostic) -> Data {
        let dot = drawing.dot()
        let picture = try Self.picture(of: dot, pipeline: drawing.pipeline, path: drawing.path)
        return Data(
            Self.document(
                picture.picture(), standalone: drawing.output.standalone,
                unicode: LaTeXText.needsUnicodeEngine(dot)
            ).utf8)
    }

    func writeSteps(_ deck: StepDeckDrawing, _ frame: (Int, Data) throws(Diagnostic) -> Void)
        throws(Diagnostic)
    {
        let pipeline = deck.pipeline
        let figure = deck.figure
        let timeline = deck.timeline
        let dot = pipeline.dot(of: figure, for: deck.format)
        var picture = try Self.picture(of: dot, pipeline: pipeline, path: deck.path)
        let frames = (0..<timeline.count).map(timeline.frame)
        let edges = Dictionary(
            figure.edges.map { ($0.elementID, $0) }, uniquingKeysWith: { first, _ in first })
        let pending = Set(figure.nodes.filter(\.isOperation).map(\.elementID))
        let roles = Dictionary(
            pipeline.options.theme.colorRoles.map { ($0.role, $0.color) },
            uniquingKeysWith: { first, _ in first })
        picture.slides = TikZSlides(
            count: timeline.count,
            shapeLook: { id, part, index in
                let shown = frames[index]
                var look = TikZPicture.ShapeLook()
                look.highlighted = part != .other && shown.highlighted.contains(id)
                if let edge = edges[id] {
                    switch part {
                    case .forward: look.faint = !shown.showsValue(id)
                    case .backward:
                        look.hidden = edge.gradient != nil && !shown.showsGradient(id)
                    default: break
                    }
                } else if pending.contains(id), !shown.reaches(id) {
                    look.opacity = 0.25
                    look.highlighted = false
                }
                return look
            },
            cellLook: { cell, index in
                let shown = frames[index]
                let whole = String(cell.prefix { $0 != "." })
                let edge = String(whole.dropFirst(2))
                var look = TikZSlides.CellLook()
                switch whole.prefix(2) {
                case "v-": look.hidden = !shown.showsValue(edge)
                case "g-": look.hidden = !shown.showsGradient(edge)
                case "u-": look.hidden = !shown.showsUpdates(edge)
                default: break
                }
                look.highlighted = !look.hidden && shown.highlighted.contains(whole)
                return look
            },
            cellTexts: { _ in nil },
            faintColor: roles["faint"].flatMap(picture.colorName),
            highlightColor: roles["highlight"].flatMap(picture.colorName),
            foregroundColor: roles["foreground"].flatMap(picture.colorName))
        try frame(
            0,
            Data(
                Self.beamer(
                    picture: picture.picture(), title: figure.title, captions: deck.captions,
                    standalone: deck.output.standalone, unicode: LaTeXText.needsUnicodeEngine(dot)
                ).utf8))
    }

    func writeRun(_ deck: RunDeckDrawing) throws(Diagnostic) -> [Data] {
        let pipeline = deck.pipeline
        var picture: TikZPicture
        do {
            picture = TikZPicture(
                layout: try GraphvizLayout(json: deck.layoutJSON),
                colorRoles: pipeline.options.theme.colorRoles)
        } catch {
            throw Diagnostic("cannot read Graphviz's layout: \(error)", path: deck.path)
        }
        let varying = RetextableSVG.varyingCells(deck.texts)
        let texts = deck.texts
        let hidden = deck.hidden
        let roles = Dictionary(
            pipeline.options.theme.colorRoles.map { ($0.role, $0.color) },
            uniquingKeysWith: { first, _ in first })
        picture.slides = TikZSlides(
            count: deck.passes.count,
            shapeLook: { id, _, index in
                var look = TikZPicture.ShapeLook()
                look.hidden = hidden[index].contains(id)
                return look
            },
            cellLook: { cell, index in
                var look = TikZSlides.CellLook()
                let element = String(cell.drop { $0 != "-" }.dropFirst().prefix { $0 != "." })
                look.hidden = hidden[index].contains(element)
                return look
            },
            cellTexts: { cell in
                guard varying.contains(cell) else { return nil }
                return texts.map { $0[cell]?.lines ?? [""] }
            },
            faintColor: roles["faint"].flatMap(picture.colorName),
            highlightColor: nil,
            foregroundColor: roles["foreground"].flatMap(picture.colorName))
        return [
            Data(
                Self.beamer(
                    picture: picture.picture(), title: deck.title, captions: deck.captions,
                    standalone: deck.output.standalone,
                    unicode: LaTeXText.needsUnicodeEngine(deck.svg)
                ).utf8)
        ]
    }

    /// The picture of a figure's DOT, laid out by Graphviz.
    private static func picture(of dot: String, pipeline: Pipeline, path: String?)
        throws(Diagnostic) -> TikZPicture
    {
        let json = try pipeline.graphviz(dot, as: .json, path: path)
        do {
            return TikZPicture(
                layout: try GraphvizLayout(json: json),
                colorRoles: pipeline.options.theme.colorRoles)
        } catch {
            throw Diagnostic("cannot read Graphviz's layout: \(error)", path: path)
        }
    }

    // MARK: Documents

    /// The comment every file starts with: what it is, what it needs, how to place it.
    private static func header(deck: Bool, standalone: Bool, unicode: Bool) -> String {
        var lines = [
            deck
                ? "% A Beamer frame drawn by graphviz-grad: each overlay is a frame of the deck."
                : "% A figure drawn by graphviz-grad: Graphviz's layout, its text set by LaTeX."
        ]
        if standalone {
            lines.append(
                "% Compile with \(unicode ? "xelatex (its names need a Unicode engine)" : "pdflatex")."
            )
        } else {
            lines.append("% Needs in the preamble: " + packages.joined(separator: " "))
            lines.append(
                deck
                    ? "% Place with \\input{FILE} in a Beamer document."
                    : "% Place with \\input{FILE}; to fit the line: \\resizebox{\\linewidth}{!}{\\input{FILE}}."
            )
        }
        if unicode {
            lines.append(
                "% Its names need XeLaTeX or LuaLaTeX with a font that has them (for Chinese: \\usepackage{xeCJK} \\setCJKmainfont{Noto Serif CJK SC})."
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The preamble lines of a standalone document; a Unicode engine's font set-up when the
    /// figure needs one (used only under XeLaTeX or LuaLaTeX, so pdfLaTeX still reads it).
    private static func preamble(unicode: Bool) -> String {
        var lines = packages
        if unicode {
            lines.append("\\usepackage{iftex}")
            lines.append(
                "\\ifPDFTeX\\else\\usepackage{xeCJK}\\IfFontExistsTF{WenQuanYi Micro Hei}{\\setCJKmainfont{WenQuanYi Micro Hei}}{}\\fi"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One figure: the picture, or a `standalone` document around it.
    static func document(_ picture: String, standalone: Bool, unicode: Bool) -> String {
        let header = header(deck: false, standalone: standalone, unicode: unicode)
        guard standalone else { return header + picture + "\n" }
        return header + "\\RequirePackage{fix-cm}\n\\documentclass[border=4pt]{standalone}\n"
            + preamble(unicode: unicode) + "\\begin{document}\n" + picture
            + "\n\\end{document}\n"
    }

    /// One Beamer frame: the picture fitted to the slide, each frame's caption under it.
    static func beamer(
        picture: String, title: String?, captions: [String], standalone: Bool, unicode: Bool
    ) -> String {
        var frame = "\\begin{frame}"
        if let title, !title.isEmpty {
            frame +=
                "{"
                + title.split(separator: "\n").map { LaTeXText.line(String($0)) }
                .joined(separator: " ") + "}"
        }
        frame += "\n\\centering\n"
        frame +=
            "\\adjustbox{max width=\\linewidth, max totalheight=0.72\\textheight}{%\n" + picture
            + "}\n\n\\medskip\n"
        frame += "\\parbox[t][3\\baselineskip]{\\linewidth}{\\centering\\small\n"
        for (index, caption) in captions.enumerated() {
            frame += "\\only<\(index + 1)>{" + LaTeXText.line(caption) + "}\n"
        }
        frame += "}\n\\end{frame}"
        let header = header(deck: true, standalone: standalone, unicode: unicode)
        guard standalone else { return header + frame + "\n" }
        return header + "\\RequirePackage{fix-cm}\n\\documentclass[aspectratio=169]{beamer}\n"
            + preamble(unicode: unicode) + "\\begin{document}\n" + frame + "\n\\end{document}\n"
    }
}

extension OutputFormat {
    public static let tikz = OutputFormat(TikZFormat())
}
