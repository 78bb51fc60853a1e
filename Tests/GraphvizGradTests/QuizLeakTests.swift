import Foundation
import GradCore
import GradDOT
import GraphvizGrad
import Testing

/// No output of a quiz holds the value of a blanked gradient, in any form the tool prints numbers
/// in: Swift's shortest text (tooltips), the figure's digits, NumPy's text. Every sample with a
/// backward pass is scanned in every text output (DOT, SVG, Graphviz's JSON, SVG frames, the HTML
/// deck, the exercise handout), plain and with `--explain`; PNG and PDF are drawn from the very
/// DOT scanned here.
@Suite struct QuizLeakTests {
    /// Attributes that hold geometry or style, never a number of the figure's: stripped before
    /// the scan, so that `arrowsize=0.7` is not taken for a gradient of 0.7.
    nonisolated(unsafe) static let geometry =
        #/(?i)\b(id|class|href|xlink:href|points|d|x|y|x1|x2|y1|y2|cx|cy|rx|ry|r|width|height|viewBox|transform|font-size|stroke-width|stroke-dasharray|arrowsize|penwidth|fontsize|nodesep|ranksep|pad|margin|padding|nslimit|dpi|size|point-size|cellpadding|cellspacing|border|cellborder|colspan|rowspan|data-frame|data-gg-shift|data-gg-a|data-gg-ev|data-gg-eg|data-gg-r|pos|lp|bb|_draw_|_ldraw_|_hdraw_|_tdraw_|_hldraw_|_tldraw_|xdotversion|_gvid|head|tail|opacity|line-height|flex|gap|max-width|min-width|font-weight|z-index|border-radius|outline-offset|top|left|right|bottom)"?\s*\^?[=:]\s*("[^"]*"|[^\s,\]>;}]+)/#
    /// CSS lengths and colours (`0.5em`, `#222222`).
    nonisolated(unsafe) static let units =
        #/(?i)(\d+(\.\d+)?(em|rem|px|pt|%|ms|s|in|cm|mm|vh|vw)\b)|#[0-9a-f]{3,8}\b/#

    nonisolated(unsafe) static let number = #/[−-]?\d+(?:\.\d+)?(?:e[−+-]?\d+)?/#

    /// The number tokens of `text`, minus signs as `-`, after geometry is stripped.
    static func tokens(_ text: String) -> Set<String> {
        let stripped = text.replacing(geometry, with: "").replacing(units, with: "")
        return Set(
            stripped.matches(of: number).map {
                String($0.output).replacingOccurrences(of: "−", with: "-")
            })
    }

    /// The forms a value is printed in, minus signs as `-`.
    static func forms(_ value: Double, numbers: FigureNumbers) -> Set<String> {
        let texts = ["\(value)", numbers.format(value), NumPyText.format(Tensor(value))]
        return Set(texts.map { $0.replacingOccurrences(of: "−", with: "-") })
    }

    /// A form worth scanning for: not a small integer, which layout and numbering are full of.
    static func isDistinctive(_ form: String) -> Bool {
        form.contains(".") || form.contains("e") || form.filter(\.isNumber).count > 2
    }

    /// The forms of every blanked value that no unblanked number of the figure (a value, the
    /// seed, a constant) shares.
    static func blankedForms(_ figure: Figure) -> Set<String> {
        var shown = Set<String>()
        for edge in figure.edges {
            for value in edge.value.scalars {
                shown.formUnion(forms(value, numbers: figure.numbers))
            }
            shown.formUnion(
                NumPyText.format(edge.value).matches(of: number).map {
                    String($0.output).replacingOccurrences(of: "−", with: "-")
                })
            if let gradient = edge.gradient, gradient.blank == nil {
                for value in gradient.value.scalars {
                    shown.formUnion(forms(value, numbers: figure.numbers))
                }
                shown.formUnion(
                    NumPyText.format(gradient.value).matches(of: number).map {
                        String($0.output).replacingOccurrences(of: "−", with: "-")
                    })
            }
        }
        for node in figure.nodes {
            if case .constant(let value) = node.kind {
                for scalar in value.scalars {
                    shown.formUnion(forms(scalar, numbers: figure.numbers))
                }
            }
        }
        var blanked = Set<String>()
        for blank in figure.blanks {
            for value in blank.value.scalars {
                blanked.formUnion(forms(value, numbers: figure.numbers).filter(isDistinctive))
            }
            let numpy = NumPyText.format(blank.value)
            blanked.formUnion(
                numpy.matches(of: number).map { String($0.output) }.filter(isDistinctive))
        }
        return blanked.subtracting(shown)
    }

    /// The samples whose figures have blanks.
    static let quizSamples = Samples.names.filter { name in
        ((try? Samples.figure(
            source: String(
                contentsOf: Samples.directory.appendingPathComponent(name + ".txt"), encoding: .utf8
            )))?.blanks.isEmpty == false)
    }

    func outputs(of name: String, explain: Bool) throws -> (Figure, [(String, String)]) {
        var options = FigureOptions()
        options.quiz = true
        options.explain = explain
        let pipeline = Pipeline(options: options)
        let file = try Samples.file(name)
        let svg = try pipeline.render(file, as: .svg)
        var outputs: [(String, String)] = [
            ("dot", svg.dot), ("svg", String(decoding: svg.data, as: UTF8.self)),
            ("json", String(decoding: try pipeline.render(file, as: .json).data, as: UTF8.self)),
            (
                "deck",
                String(decoding: try pipeline.renderSteps(file, as: .html).frames[0], as: UTF8.self)
            ),
            (
                "handout",
                String(
                    decoding: try pipeline.handout([
                        Samples.directory.appendingPathComponent(name + ".txt").path
                    ]),
                    as: UTF8.self)
            ),
        ]
        for (index, frame) in try pipeline.renderSteps(file, as: .svg).frames.enumerated() {
            outputs.append(("frame \(index)", String(decoding: frame, as: UTF8.self)))
        }
        return (svg.figure, outputs)
    }

    /// A handout prints the file's comments and source as the teacher wrote them: numbers the
    /// teacher wrote there are theirs (docs/rendering.md asks to keep answers out of them).
    @Test(arguments: quizSamples)
    func noQuizOutputHoldsABlankedValue(_ name: String) throws {
        let source = try String(
            contentsOf: Samples.directory.appendingPathComponent(name + ".txt"), encoding: .utf8)
        for explain in [false, true] {
            let (figure, outputs) = try outputs(of: name, explain: explain)
            let blanked = Self.blankedForms(figure).subtracting(Self.tokens(source))
            for (kind, text) in outputs {
                let leaked = Self.tokens(text).intersection(blanked)
                #expect(
                    leaked.isEmpty,
                    "\(name) \(kind)\(explain ? " --explain" : ""): \(leaked.sorted())")
            }
        }
    }

    /// The scan finds what it looks for: without --quiz the same outputs hold the values.
    @Test func theScanFindsGradientsWhenTheyAreShown() throws {
        let pipeline = Pipeline()
        let rendering = try pipeline.render(Samples.file("mlp"), as: .svg)
        var quiz = FigureOptions()
        quiz.quiz = true
        let quizFigure = try Pipeline(options: quiz).render(Samples.file("mlp"), as: .dot).figure
        let blanked = Self.blankedForms(quizFigure)
        #expect(blanked.count > 10)
        let found = Self.tokens(String(decoding: rendering.data, as: UTF8.self)).intersection(
            blanked)
        #expect(found.count > 10)
    }

    @Test func aBlanksTooltipSaysItsNumber() throws {
        var options = FigureOptions()
        options.quiz = true
        let dot = try Samples.dot("branch", options: options)
        #expect(dot.contains("∂z/∂x: blank 1") || dot.contains(": blank 1"))
        #expect(dot.contains("∂z/∂z = 1"))
    }

    @Test func aQuizNeedsABackwardPass() throws {
        var options = FigureOptions()
        options.quiz = true
        #expect(throws: Diagnostic.self) {
            try Pipeline(options: options).render(
                SourceFile(path: "f.txt", text: "x = 2\ny = x * 3\n"), as: .svg)
        }
    }
}
