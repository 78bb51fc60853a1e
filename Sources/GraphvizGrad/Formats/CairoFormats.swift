import Foundation
import GradDOT
import GradRender
import GradScript

/// PNG: Graphviz's cairo drawing at the figure's pixel density (`--dpi`); a deck's frames are
/// each drawn from their own DOT, so the command-line tool draws them in several processes.
struct PNGFormat: FormatWriter {
    let name = "png"
    let fileExtensions = ["png"]
    let summary = "png (pixels at --dpi)"
    let isBinary = true
    let deckForm = DeckForm.filePerFrame
    let usesPixelDensity = true

    func write(_ drawing: FigureDrawing) throws(Diagnostic) -> Data {
        try drawing.pipeline.graphviz(drawing.dot(), as: .png, path: drawing.path)
    }

    func writeSteps(_ deck: StepDeckDrawing, _ frame: (Int, Data) throws(Diagnostic) -> Void)
        throws(Diagnostic)
    {
        try CairoFrames.write(deck, as: .png, frame)
    }

    func writeRun(_ deck: RunDeckDrawing) throws(Diagnostic) -> [Data] {
        try CairoFrames.convert(deck, to: .png)
    }

    func drawing(ofDOT dot: String, through pipeline: Pipeline, path: String?) throws(Diagnostic)
        -> Data?
    {
        try pipeline.graphviz(dot, as: .png, path: path)
    }
}

/// PDF: Graphviz's cairo drawing, a page per figure or frame.
struct PDFFormat: FormatWriter {
    let name = "pdf"
    let fileExtensions = ["pdf"]
    let summary = "pdf (a page)"
    let isBinary = true
    let deckForm = DeckForm.filePerFrame

    func write(_ drawing: FigureDrawing) throws(Diagnostic) -> Data {
        try drawing.pipeline.graphviz(drawing.dot(), as: .pdf, path: drawing.path)
    }

    func writeSteps(_ deck: StepDeckDrawing, _ frame: (Int, Data) throws(Diagnostic) -> Void)
        throws(Diagnostic)
    {
        try CairoFrames.write(deck, as: .pdf, frame)
    }

    func writeRun(_ deck: RunDeckDrawing) throws(Diagnostic) -> [Data] {
        try CairoFrames.convert(deck, to: .pdf)
    }

    func drawing(ofDOT dot: String, through pipeline: Pipeline, path: String?) throws(Diagnostic)
        -> Data?
    {
        try pipeline.graphviz(dot, as: .pdf, path: path)
    }
}

/// What PNG and PDF decks share.
enum CairoFrames {
    /// Each step frame drawn from its own DOT (the frames differ only in colours and caption).
    static func write(
        _ deck: StepDeckDrawing, as format: RenderFormat,
        _ frame: (Int, Data) throws(Diagnostic) -> Void
    ) throws(Diagnostic) {
        for (index, dot) in deck.frameDOTs().enumerated() {
            try frame(index, try deck.pipeline.graphviz(dot, as: format, path: deck.path))
        }
    }

    /// A run's frames: its plain SVG frames through librsvg (they are edits of one SVG drawing).
    static func convert(_ deck: RunDeckDrawing, to format: RenderFormat) throws(Diagnostic)
        -> [Data]
    {
        let target: OutputFormat = format == .png ? .png : .pdf
        var files: [Data] = []
        for frame in deck.plainSVGFrames() {
            files.append(
                try Plotting.convert(
                    svg: frame, to: target, dpi: deck.pipeline.options.dpi ?? 192))
        }
        return files
    }
}

extension OutputFormat {
    public static let png = OutputFormat(PNGFormat())
    public static let pdf = OutputFormat(PDFFormat())
}
