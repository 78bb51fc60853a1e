import GradRender

/// What a figure can be written as: Graphviz's formats (SVG, PNG, PDF, its JSON with the layout)
/// and the DOT text itself.
public enum OutputFormat: String, CaseIterable, Sendable {
    case svg, png, pdf, dot, json
    /// A self-contained page: the step-by-step deck of `render --steps`.
    case html

    /// PNG and PDF are bytes, not text: they never go to a terminal.
    public var isBinary: Bool { self == .png || self == .pdf }

    /// Whether it needs Graphviz's plugins at run time (everything but DOT).
    public var needsGraphviz: Bool { self != .dot }

    /// Whether `render --steps` can write its frames in it (one file per frame).
    public var holdsFrames: Bool { self == .svg || self == .png || self == .pdf }

    /// The format a file name's extension names (`figure.svg`), if any.
    public init?(fileExtensionOf path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(rawValue: path[path.index(after: dot)...].lowercased())
    }

    var renderFormat: RenderFormat? {
        switch self {
        case .svg: return .svg
        case .png: return .png
        case .pdf: return .pdf
        case .json: return .json
        case .dot, .html: return nil
        }
    }
}
