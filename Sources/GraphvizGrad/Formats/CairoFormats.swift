import Foundation
import GradDOT
import GradRender
import GradScript

/// PNG: Graphviz's cairo drawing at the figure's pixel density (`--dpi`).
struct PNGFormat: CairoDrawnFormat {
    let name = "png"
    let fileExtensions = ["png"]
    let summary = "png (pixels at --dpi)"
    let usesPixelDensity = true
    let device = RenderFormat.png
}

/// PDF: Graphviz's cairo drawing, a page per figure or frame.
struct PDFFormat: CairoDrawnFormat {
    let name = "pdf"
    let fileExtensions = ["pdf"]
    let summary = "pdf (a page)"
    let device = RenderFormat.pdf
}

/// What PNG and PDF share: bytes drawn by Graphviz's cairo device; a deck's step frames each
/// drawn from their own DOT (so that the command-line tool can draw them in several
/// processes), a run's frames its plain SVG frames through librsvg.
protocol CairoDrawnFormat: FormatWriter {
    var device: RenderFormat { get }
}

extension CairoDrawnFormat {
    var isBinary: Bool { true }
    var deckForm: DeckForm { .filePerFrame }

    func write(_ drawing: FigureDrawing) throws(Diagnostic) -> Data {
        try drawing.pipeline.graphviz(drawing.dot(), as: device, path: drawing.path)
    }

    func writeSteps(_ deck: StepDeckDrawing, _ frame: (Int, Data) throws(Diagnostic) -> Void)
        throws(Diagnostic)
    {
        for (index, dot) in deck.frameDOTs().enumerated() {
            try frame(index, try deck.pipeline.graphviz(dot, as: device, path: deck.path))
        }
    }

    func writeRun(_ deck: RunDeckDrawing) throws(Diagnostic) -> [Data] {
        var files: [Data] = []
        for frame in deck.plainSVGFrames() {
            files.append(
                try Plotting.convert(
                    svg: frame, to: OutputFormat(self), dpi: deck.pipeline.options.dpi ?? 192))
        }
        return files
    }

    func drawing(ofDOT dot: String, through pipeline: Pipeline, path: String?) throws(Diagnostic)
        -> Data?
    {
        try pipeline.graphviz(dot, as: device, path: path)
    }
}

extension OutputFormat {
    public static let png = OutputFormat(PNGFormat())
    public static let pdf = OutputFormat(PDFFormat())
}
