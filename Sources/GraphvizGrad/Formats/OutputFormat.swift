import Foundation
import GradDOT
import GradScript

/// One output format, whole in one type: its name, the file extensions that choose it, and how
/// it writes one figure and, where it can, a deck of frames (`render --steps`, `--passes`).
///
/// The command-line tool and the pipeline know formats only through this protocol and the
/// registry, `OutputFormats`; adding a format is one file and one line there (`docs/formats.md`).
public protocol FormatWriter: Sendable {
    /// What `--format` takes (`svg`, `tikz`).
    var name: String { get }
    /// The extensions of `-o` that choose it, lower case, without the dot; the first names
    /// frame files.
    var fileExtensions: [String] { get }
    /// What it is, in a few words, for `--help`.
    var summary: String { get }
    /// Bytes, not text: never written to a terminal.
    var isBinary: Bool { get }
    /// How it holds a deck: not at all, in one file, or a file per frame.
    var deckForm: DeckForm { get }
    /// Whether a figure in this format is always a deck of steps (a page to click through).
    var isAlwaysDeck: Bool { get }
    /// Whether it needs Graphviz's plugins at run time.
    var needsGraphviz: Bool { get }
    /// Whether its DOT carries the pixel density (`--dpi`): a raster format.
    var usesPixelDensity: Bool { get }

    /// One figure.
    func write(_ drawing: FigureDrawing) throws(Diagnostic) -> Data
    /// The frames of `render --steps` in order (one call with index 0 for a deck in one file),
    /// handed over one at a time so that writing frames to files holds one in memory.
    func writeSteps(_ deck: StepDeckDrawing, _ frame: (Int, Data) throws(Diagnostic) -> Void)
        throws(Diagnostic)
    /// The deck of a training run (`render --passes`): one file, or one per frame.
    func writeRun(_ deck: RunDeckDrawing) throws(Diagnostic) -> [Data]
    /// A drawing of DOT made elsewhere (a frame's DOT handed to a worker process); nil when the
    /// format is not a drawing of DOT alone.
    func drawing(ofDOT dot: String, through pipeline: Pipeline, path: String?) throws(Diagnostic)
        -> Data?
}

/// How a format holds the frames of a deck.
public enum DeckForm: Sendable {
    /// It does not: a figure only.
    case none
    /// One file for the whole deck (a page, a Beamer frame).
    case oneFile
    /// A file per frame (`-o DIR/`).
    case filePerFrame
}

extension FormatWriter {
    public var isBinary: Bool { false }
    public var deckForm: DeckForm { .none }
    public var isAlwaysDeck: Bool { false }
    public var needsGraphviz: Bool { true }
    public var usesPixelDensity: Bool { false }

    public func writeSteps(
        _ deck: StepDeckDrawing, _ frame: (Int, Data) throws(Diagnostic) -> Void
    ) throws(Diagnostic) {
        throw Diagnostic("\(name) cannot hold a deck of steps", path: deck.path)
    }

    public func writeRun(_ deck: RunDeckDrawing) throws(Diagnostic) -> [Data] {
        throw Diagnostic("\(name) cannot hold a deck of passes", path: deck.path)
    }

    public func drawing(ofDOT dot: String, through pipeline: Pipeline, path: String?)
        throws(Diagnostic) -> Data?
    { nil }
}

/// An output format as the pipeline and the command line pass it around: a name, compared by
/// name, and the writer that does the work.
public struct OutputFormat: Hashable, Sendable, CustomStringConvertible {
    public let writer: any FormatWriter

    public init(_ writer: any FormatWriter) { self.writer = writer }

    /// The registered format of this name.
    public init?(rawValue: String) {
        guard let found = OutputFormats.named(rawValue) else { return nil }
        self = found
    }

    /// The registered format a file name's extension names (`figure.svg`, `figure.tex`), if any.
    public init?(fileExtensionOf path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        guard let found = OutputFormats.forExtension(String(path[path.index(after: dot)...]))
        else { return nil }
        self = found
    }

    public var rawValue: String { writer.name }
    public var description: String { writer.name }
    /// The extension its files get.
    public var fileExtension: String { writer.fileExtensions.first ?? writer.name }
    public var isBinary: Bool { writer.isBinary }
    public var needsGraphviz: Bool { writer.needsGraphviz }
    /// Whether it writes a deck as a file per frame (`-o DIR/`).
    public var holdsFrames: Bool { writer.deckForm == .filePerFrame }
    /// Whether it writes a whole deck in one file.
    public var holdsDeck: Bool { writer.deckForm == .oneFile }

    public static func == (left: OutputFormat, right: OutputFormat) -> Bool {
        left.writer.name == right.writer.name
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(writer.name) }

    /// Every registered format.
    public static var allCases: [OutputFormat] { OutputFormats.all }
}

/// The registry of output formats: the built-in ones, then any a program registers.
public enum OutputFormats {
    /// The formats graphviz-grad ships, in the order `--help` lists them.
    static let builtIn: [any FormatWriter] = [
        SVGFormat(), PNGFormat(), PDFFormat(), DOTFormat(), JSONFormat(), HTMLFormat(),
        TikZFormat(),
    ]

    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered: [any FormatWriter] = []

    /// Adds a format (a program's own, or a test's); one of the same name replaces it.
    public static func register(_ writer: any FormatWriter) {
        lock.lock()
        defer { lock.unlock() }
        registered.removeAll { $0.name == writer.name }
        registered.append(writer)
    }

    /// Removes a registered format (not a built-in one).
    public static func unregister(named name: String) {
        lock.lock()
        defer { lock.unlock() }
        registered.removeAll { $0.name == name }
    }

    public static var all: [OutputFormat] {
        lock.lock()
        defer { lock.unlock() }
        let extra = registered.filter { writer in !builtIn.contains { $0.name == writer.name } }
        let replaced = builtIn.map { writer in
            registered.first { $0.name == writer.name } ?? writer
        }
        return (replaced + extra).map(OutputFormat.init)
    }

    public static func named(_ name: String) -> OutputFormat? {
        all.first { $0.rawValue == name.lowercased() }
    }

    public static func forExtension(_ fileExtension: String) -> OutputFormat? {
        let wanted = fileExtension.lowercased()
        return all.first { $0.writer.fileExtensions.contains(wanted) }
    }

    /// `.svg, .png, …`: the extensions `-o` understands.
    public static var extensionList: String {
        all.flatMap(\.writer.fileExtensions).map { "." + $0 }.joined(separator: ", ")
    }
}

/// What a format gets to write one figure: the figure, the pipeline that made it (its options
/// and its Graphviz), and the input's path for messages.
public struct FigureDrawing {
    public let figure: Figure
    public let format: OutputFormat
    public let pipeline: Pipeline
    public let path: String?

    /// The figure's DOT (with the pixel density for a raster format).
    public func dot() -> String { pipeline.dot(of: figure, for: format) }

    /// Options of the output itself (`--tikz standalone`).
    public var output: OutputOptions { pipeline.output }
}

/// What a format gets to write the frames of `render --steps`.
public struct StepDeckDrawing {
    public let figure: Figure
    public let timeline: StepTimeline
    public let format: OutputFormat
    public let pipeline: Pipeline
    public let path: String?

    public var captions: [String] { timeline.captions }
    public var output: OutputOptions { pipeline.output }

    /// Each frame's DOT, in one layout with a caption slot wide enough for the longest caption.
    public func frameDOTs() -> [String] {
        Pipeline.frameDOTs(
            figure: figure, timeline: timeline, writer: pipeline.dotWriter(for: format))
    }
}

/// Options of the output itself, not of the figure in it.
public struct OutputOptions: Sendable, Equatable {
    /// A complete document that compiles or opens by itself, where the format has one (TikZ:
    /// a `standalone` or Beamer document rather than a picture to `\input`).
    public var standalone = false

    public init(standalone: Bool = false) { self.standalone = standalone }
}
