import Foundation
import GradDOT
import GradScript

/// HTML: a self-contained page to click through, always a deck (of steps, or of passes with
/// the loss curve); `HTMLPages` writes it.
struct HTMLFormat: FormatWriter {
    let name = "html"
    let fileExtensions = ["html", "htm"]
    let summary = "html (a page; a deck of steps or passes)"
    let deckForm = DeckForm.oneFile
    let isAlwaysDeck = true

    func write(_ drawing: FigureDrawing) throws(Diagnostic) -> Data {
        throw Diagnostic(
            "an html page is a deck: render it with --steps or --passes", path: drawing.path)
    }

    func writeSteps(_ deck: StepDeckDrawing, _ frame: (Int, Data) throws(Diagnostic) -> Void)
        throws(Diagnostic)
    {
        try frame(
            0,
            try deck.pipeline.deck(
                figure: deck.figure, timeline: deck.timeline, path: deck.path ?? "-"))
    }

    func writeRun(_ deck: RunDeckDrawing) throws(Diagnostic) -> [Data] {
        [Data(deck.pipeline.runDeckPage(deck).utf8)]
    }
}

extension OutputFormat {
    public static let html = OutputFormat(HTMLFormat())
}
