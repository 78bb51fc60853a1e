import Foundation
import GradDOT
import GradScript

/// DOT: the figure's Graphviz source, for `dot` or any tool that reads it; no layout.
struct DOTFormat: FormatWriter {
    let name = "dot"
    let fileExtensions = ["dot", "gv"]
    let summary = "dot (the Graphviz source)"
    let needsGraphviz = false

    func write(_ drawing: FigureDrawing) throws(Diagnostic) -> Data { Data(drawing.dot().utf8) }

    /// Each step frame's DOT, for a program that draws them itself (the command line writes no
    /// deck of DOT: `deckForm` is `.none`).
    func writeSteps(_ deck: StepDeckDrawing, _ frame: (Int, Data) throws(Diagnostic) -> Void)
        throws(Diagnostic)
    {
        for (index, dot) in deck.frameDOTs().enumerated() { try frame(index, Data(dot.utf8)) }
    }

    func drawing(ofDOT dot: String, through pipeline: Pipeline, path: String?) throws(Diagnostic)
        -> Data?
    { Data(dot.utf8) }
}

/// JSON: Graphviz's JSON of the laid-out figure (positions, splines, drawing operations).
struct JSONFormat: FormatWriter {
    let name = "json"
    let fileExtensions = ["json"]
    let summary = "json (Graphviz's JSON, with the layout)"

    func write(_ drawing: FigureDrawing) throws(Diagnostic) -> Data {
        try drawing.pipeline.graphviz(drawing.dot(), as: .json, path: drawing.path)
    }

    func drawing(ofDOT dot: String, through pipeline: Pipeline, path: String?) throws(Diagnostic)
        -> Data?
    {
        try pipeline.graphviz(dot, as: .json, path: path)
    }
}

extension OutputFormat {
    public static let dot = OutputFormat(DOTFormat())
    public static let json = OutputFormat(JSONFormat())
}
