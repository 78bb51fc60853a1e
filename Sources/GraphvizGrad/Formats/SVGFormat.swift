import Foundation
import GradDOT
import GradScript

/// SVG: the figure Graphviz draws, finished (`SVGFinishing`); a deck as a file per frame, each
/// an edit of one drawing (`FrameSVG`, `RetextableSVG`), plain SVG that any viewer shows.
struct SVGFormat: FormatWriter {
    let name = "svg"
    let fileExtensions = ["svg"]
    let summary = "svg (the figure; a deck as a file per frame)"
    let deckForm = DeckForm.filePerFrame

    func write(_ drawing: FigureDrawing) throws(Diagnostic) -> Data {
        let svg = try drawing.pipeline.graphviz(drawing.dot(), as: .svg, path: drawing.path)
        return SVGFinishing.finish(svg, figure: drawing.figure)
    }

    func writeSteps(_ deck: StepDeckDrawing, _ frame: (Int, Data) throws(Diagnostic) -> Void)
        throws(Diagnostic)
    {
        var base = Frame()
        base.captionWidth = Pipeline.captionWidth(deck.captions)
        let pipeline = deck.pipeline
        let drawing = FrameSVG(
            svg: try pipeline.finishedSVG(of: deck.figure, frame: base, path: deck.path ?? "-"),
            theme: pipeline.options.theme)
        for index in 0..<deck.timeline.count {
            try frame(
                index,
                Data(
                    drawing.frame(
                        deck.timeline.frame(index), figure: deck.figure,
                        caption: Pipeline.xmlEscaped(deck.captions[index]))))
        }
    }

    func writeRun(_ deck: RunDeckDrawing) throws(Diagnostic) -> [Data] {
        deck.plainSVGFrames().map { Data($0.utf8) }
    }

    func drawing(ofDOT dot: String, through pipeline: Pipeline, path: String?) throws(Diagnostic)
        -> Data?
    {
        try pipeline.graphviz(dot, as: .svg, path: path)
    }
}

extension OutputFormat {
    public static let svg = OutputFormat(SVGFormat())
}
