import Foundation
import GradCore
import GradDOT
import GradScript

extension Pipeline {
    /// The frames of `render --steps`, in order, and their captions.
    public struct StepFrames {
        public let frames: [Data]
        public let captions: [String]
        public let figure: Figure
        public let warnings: [Diagnostic]
    }

    /// `render --steps`: the forward and backward pass one operation at a time, each frame with
    /// the same layout and size, as `format` holds them: a file per frame (SVG frames are one
    /// drawing edited with SVG's own attributes, `FrameSVG`, which every viewer honours; PNG and
    /// PDF frames are drawn one by one from the same layout), or the whole deck in one file.
    public func renderSteps(_ file: SourceFile, as format: OutputFormat) throws(Diagnostic)
        -> StepFrames
    {
        if fitting != nil {
            return try fitted(for: evaluate(file)).renderSteps(file, as: format)
        }
        let (figure, timeline, warnings) = try stepTimeline(of: file)
        var data: [Data] = []
        try format.writer.writeSteps(
            StepDeckDrawing(
                figure: figure, timeline: timeline, format: format, pipeline: self,
                path: file.path)
        ) { _, frame in data.append(frame) }
        return StepFrames(
            frames: data, captions: timeline.captions, figure: figure, warnings: warnings)
    }

    /// Each frame of `render --steps` as `format` holds it, handed to `body` (with its index
    /// from 0) as it is made, so that writing frames to files holds one frame at a time;
    /// returns the warnings.
    public func eachStepFrame(
        _ file: SourceFile, as format: OutputFormat, _ body: (Int, Data) throws(Diagnostic) -> Void
    ) throws(Diagnostic) -> [Diagnostic] {
        if fitting != nil {
            return try fitted(for: evaluate(file)).eachStepFrame(file, as: format, body)
        }
        let (figure, timeline, warnings) = try stepTimeline(of: file)
        try format.writer.writeSteps(
            StepDeckDrawing(
                figure: figure, timeline: timeline, format: format, pipeline: self,
                path: file.path), body)
        return warnings
    }

    /// The DOT of each frame of `render --steps` for `format` (PNG's with its pixel density), to
    /// be drawn one by one: by `renderSteps`, or by several processes at once (the command-line
    /// tool's PNG and PDF frames, which Graphviz draws behind one lock per process).
    public func stepFrameDOTs(_ file: SourceFile, for format: OutputFormat) throws(Diagnostic)
        -> (dots: [String], warnings: [Diagnostic])
    {
        if fitting != nil {
            return try fitted(for: evaluate(file)).stepFrameDOTs(file, for: format)
        }
        let (figure, timeline, warnings) = try stepTimeline(of: file)
        return (
            Self.frameDOTs(figure: figure, timeline: timeline, writer: dotWriter(for: format)),
            warnings
        )
    }

    /// Each frame's DOT, with one caption slot wide enough for the longest caption.
    static func frameDOTs(figure: Figure, timeline: StepTimeline, writer: DOTWriter) -> [String] {
        let width = captionWidth(timeline.captions)
        return (0..<timeline.count).map { index in
            var frame = timeline.frame(index)
            frame.captionWidth = width
            return writer.write(figure, frame: frame)
        }
    }

    /// A folder gets at most this many frame files (`render --steps -o DIR/`): a 2,400-step chain
    /// would write 4,801 files; a deck or `--focus` shows the same.
    public static let maxFrameFiles = 401

    /// How many frames `render --steps` draws for `file` (2n + 1 for n operations), known
    /// before any is drawn.
    public func stepFrameCount(_ file: SourceFile) throws(Diagnostic) -> Int {
        if fitting != nil { return try fitted(for: evaluate(file)).stepFrameCount(file) }
        let evaluation = try evaluate(file)
        guard evaluation.backward != nil else {
            throw Diagnostic(
                "the file has no 'backward' statement, so there is no backward pass to step through",
                path: file.path)
        }
        return 2 * (try figure(of: evaluation)).operations.count + 1
    }

    /// The figure and its frames; the file must have a `backward` statement.
    func stepTimeline(of file: SourceFile) throws(Diagnostic) -> (
        Figure, StepTimeline, [Diagnostic]
    ) {
        let evaluation = try evaluate(file)
        guard evaluation.backward != nil else {
            throw Diagnostic(
                "the file has no 'backward' statement, so there is no backward pass to step through",
                path: file.path)
        }
        let figure = try figure(of: evaluation)
        return (
            figure, Steps.timeline(of: figure, explain: options.explain, quiz: options.quiz),
            evaluation.run.warnings + warnings(for: figure, in: file)
        )
    }

    /// The room for the longest caption, in points (about 7 a character at 12 points).
    static func captionWidth(_ captions: [String]) -> Int {
        max(200, (captions.map(\.count).max() ?? 0) * 7 + 12)
    }

    /// A DOT writer for `format`'s options (a raster format gets the pixel density).
    func dotWriter(for format: OutputFormat) -> DOTWriter {
        var options = options
        if !format.writer.usesPixelDensity { options.dpi = nil }
        return DOTWriter(options: options)
    }

    /// The finished SVG of a figure drawn in `frame`.
    func finishedSVG(of figure: Figure, frame: Frame, path: String) throws(Diagnostic) -> String {
        let dot = dotWriter(for: .svg).write(figure, frame: frame)
        return SVGFinishing.finish(
            String(decoding: try graphviz(dot, as: .svg, path: path), as: UTF8.self),
            figure: figure)
    }

    static func xmlEscaped(_ text: String) -> String { SVGFinishing.escape(text) }

    /// The SVG element alone, for putting inline into a page (no XML declaration or doctype).
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return svg }
        return String(svg[start.lowerBound...])
    }
}
