/// Everything a user can choose about a figure.
public struct FigureOptions: Sendable {
    /// `updates`: the updates after the pass alone; `both` shows everything (values,
    /// gradients and any updates).
    public enum Show: String, CaseIterable, Sendable { case forward, backward, updates, both }
    public enum RankDirection: String, CaseIterable, Sendable {
        case leftToRight = "LR"
        case topToBottom = "TB"
        case rightToLeft = "RL"
        case bottomToTop = "BT"
    }
    public enum Theme: String, CaseIterable, Sendable { case light, dark, print }
    public enum Broadcast: String, CaseIterable, Sendable { case show, hide }
    /// How tensors are drawn: on the edges (the article's figures) or as boxes of their own
    /// (micrograd's, DeZero's and torchviz's figures).
    public enum Style: String, CaseIterable, Sendable { case edges, nodes }
    /// Where a scalar constant operand goes: into its operation's label (`× 2`) or a node of
    /// its own.
    public enum Constants: String, CaseIterable, Sendable { case inline, nodes }
    /// Which statements are drawn as one box each.
    public enum Collapse: Sendable, Equatable {
        case none
        case statements
        /// The statements that bind these names.
        case names([String])
        /// Each call of a function that calls no other (a layer's `linear(x, W1, b1)`).
        case calls
    }

    /// Which passes to draw: forward values, backward gradients, or both (the default).
    public var show: Show = .both
    /// The direction the forward pass runs (`LR`: left to right, as in the article).
    public var rankDirection: RankDirection = .leftToRight
    /// Digits after the point (trailing zeros trimmed); nil for the file's `precision`
    /// statement, or 3.
    public var precision: Int?

    /// The digits a figure uses when neither the options nor the file say.
    public static let defaultPrecision = 3
    /// Tensors with more elements are summarised NumPy-style around `…`.
    public var maxElements = 64
    public var theme: Theme = .light
    /// Whether broadcasting is drawn as its own step (as the article draws it: a copy, whose
    /// backward sums).
    public var broadcast: Broadcast = .show
    /// Whether each gradient shows the rule that produced it and its arithmetic
    /// (`∂z/∂x = ∂z/∂z · y = 1 · 3 = 3`).
    public var explain = false
    /// Whether gradients are numbered blanks for an exercise (`∂z/∂x = [3]`).
    public var quiz = false
    /// Whether each leaf's gradient is checked against finite differences and marked ✓ or ✗.
    public var check = false
    /// The pass of a training file to draw, counting from 1; nil draws the last.
    public var pass: Int?
    /// Pixels per inch, for bitmap output only.
    public var dpi: Int?
    public var style: Style = .edges
    public var constants: Constants = .inline
    /// Whether each statement's operations are drawn inside a cluster labelled with its source.
    public var groupStatements = false
    /// Whether each call of a function is drawn as a frame around its operations, labelled
    /// with the call as written (`predict(x)`, with `linear(x, W1, b1)` inside it).
    public var groupCalls = false
    public var collapse: Collapse = .none
    /// Whether hover texts of tensors are brief (shape, mean and range) rather than the whole
    /// tensor as NumPy prints it: for a deck of many frames, each with its own numbers, where
    /// every number's cell still gives its exact value.
    public var briefTooltips = false
    /// Draw only the operations within `depth` steps of the tensor bound to this name.
    public var focus: String?
    public var depth = 2

    public init() {}
}

/// The colours of a theme.
struct Palette {
    var background: String
    var foreground: String
    var backward: String
    var operationFill: String
    var operationBorder: String
    var muted: String
    var tableBorder: String
    var nonFiniteFill: String
    var nonFiniteText: String
    /// What a step highlights: the operation that runs, the gradients that appear.
    var highlight: String
    /// What a step has not reached yet: drawn faintly, so that the graph's shape shows.
    var faint: String
    /// The updates after a pass (`W ← W − lr · ∂L/∂W`): a third colour, and in print a
    /// dashed frame, so that they tell from gradients without colour.
    var update: String
    var dashesUpdates = false
}

extension FigureOptions.Theme {
    /// The theme's colours by what they draw (`gradient`, `#c62828`), for outputs that name
    /// them (TikZ's `\definecolor`); the first role of a colour names it.
    public var colorRoles: [(role: String, color: String)] {
        let palette = Palette(self)
        return [
            ("background", palette.background), ("foreground", palette.foreground),
            ("gradient", palette.backward), ("update", palette.update),
            ("highlight", palette.highlight), ("faint", palette.faint),
            ("operation", palette.operationFill), ("border", palette.operationBorder),
            ("muted", palette.muted), ("table", palette.tableBorder),
            ("nonfinite", palette.nonFiniteFill), ("nonfinitetext", palette.nonFiniteText),
        ]
    }
}

extension Palette {
    init(_ theme: FigureOptions.Theme) {
        switch theme {
        case .light:
            self = Palette(
                background: "white", foreground: "#222222", backward: "#c62828",
                operationFill: "#f3f3f3", operationBorder: "#444444", muted: "#9a9a9a",
                tableBorder: "#b0b0b0", nonFiniteFill: "#ffd6d6", nonFiniteText: "#b00000",
                highlight: "#1565c0", faint: "#dddddd", update: "#2e7d32")
        case .dark:
            self = Palette(
                background: "#1e1e1e", foreground: "#e8e8e8", backward: "#ff7070",
                operationFill: "#2e2e2e", operationBorder: "#bbbbbb", muted: "#8a8a8a",
                tableBorder: "#666666", nonFiniteFill: "#6b1f1f", nonFiniteText: "#ffb0b0",
                highlight: "#64b5f6", faint: "#444444", update: "#81c784")
        case .print:
            // Gradients a dark grey, constants a light one: told apart without colour.
            self = Palette(
                background: "white", foreground: "black", backward: "#505050",
                operationFill: "white", operationBorder: "black", muted: "#a0a0a0",
                tableBorder: "#888888", nonFiniteFill: "#d0d0d0", nonFiniteText: "black",
                highlight: "black", faint: "#cccccc", update: "black", dashesUpdates: true)
        }
    }

    /// Every colour the same: a part drawn in it keeps its place but shows nothing
    /// (`transparent`), or shows only faintly (`faint`).
    func uniform(_ color: String) -> Palette {
        Palette(
            background: background, foreground: color, backward: color,
            operationFill: color == "transparent" ? color : background,
            operationBorder: color, muted: color, tableBorder: color,
            nonFiniteFill: color == "transparent" ? color : background,
            nonFiniteText: color, highlight: color, faint: color, update: color,
            dashesUpdates: dashesUpdates && color != "transparent")
    }
}
