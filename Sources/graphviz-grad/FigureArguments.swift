import ArgumentParser
import Foundation
import GraphvizGrad

/// How a figure looks: the options `render` and `handout` share.
struct FigureArguments: ParsableArguments {
    @Option(
        help:
            "What to draw: forward (values), backward (gradients), updates (what a training file changes after the pass), or both (all of it); every choice keeps one layout."
    )
    var show: FigureOptions.Show = .both

    @Option(
        help: ArgumentHelp(
            "A training file's pass to draw, counting from 1 (each 'backward' ends one). Default: the last.",
            valueName: "N"))
    var pass: Int?

    @Option(help: "Direction of the forward pass: LR, TB, RL or BT.")
    var rankdir: FigureOptions.RankDirection = .leftToRight

    @Option(
        help:
            "Significant digits of the figure's numbers (trailing zeros are trimmed). Default: the file's 'precision' statement, else 3."
    )
    var precision: Int?

    @Option(
        help:
            "Tensors with more elements are summarised around '…'. Default: 64; with --collapse or --style nodes, fewer where a 1920×1080 slide needs it."
    )
    var maxElements: Int?

    @Option(
        help: ArgumentHelp(
            "Fit a slide of this size: draw the most detailed figure (as asked, tables summarised, or statements collapsed) whose smallest text is at least 16 px, and say which.",
            valueName: "WxH"))
    var fit: String?

    @Option(help: "Colours: light, dark, or print (black and white; the backward arrow grey).")
    var theme: FigureOptions.Theme = .light

    @Option(help: "Broadcasting: show it as its own step (as the article draws it) or hide it.")
    var broadcast: FigureOptions.Broadcast = .show

    @Flag(
        help:
            "Show the rule behind every gradient and its arithmetic: ∂z/∂x = ∂z/∂z · y = 1 · 3 = 3."
    )
    var explain = false

    @Option(
        help:
            "edges: values and gradients on the edges (the article's figures); nodes: a box per tensor with its value and gradient, as micrograd draws."
    )
    var style: FigureOptions.Style = .edges

    @Option(
        help:
            "A scalar constant operand: inline, in its operation's label (× 2, 1 ÷ □), or nodes, a node of its own."
    )
    var constants: FigureOptions.Constants = .inline

    @Option(
        help: ArgumentHelp(
            "'statements': draw each statement's operations in a frame labelled with its source; 'calls': each call of a function in a frame labelled with the call (predict(x), with linear(x, W1, b1) inside it).",
            valueName: "statements|calls"))
    var group: Grouping?

    @Option(
        help: ArgumentHelp(
            "'statements', or names (h,y): draw each statement (or those binding the names) as one box labelled with its source, its edges carrying its inputs and results; 'calls': each call of a function that calls no other as one box.",
            valueName: "statements|calls|names"))
    var collapse: String?

    @Option(
        help: ArgumentHelp(
            "Draw only the part of the graph around this name; edges cut at the border end in '…'.",
            valueName: "name"))
    var focus: String?

    @Option(help: "With --focus: how many steps (operations) around the name to draw. Default: 2.")
    var depth: Int?

    /// The largest table `--max-elements` may ask for.
    static let maxTableElements = 10_000

    /// What `--group` groups by.
    enum Grouping: String, ExpressibleByArgument { case statements, calls }

    func validate() throws {
        if let pass, pass < 1 {
            throw ValidationError("--pass counts from 1 (the first backward ends pass 1)")
        }
        if let precision, !(1...15).contains(precision) {
            throw ValidationError("--precision must be from 1 to 15 (significant digits)")
        }
        if let maxElements, !(1...Self.maxTableElements).contains(maxElements) {
            throw ValidationError(
                "--max-elements must be from 1 to \(Self.maxTableElements): a larger table cannot be read on a figure, and 'eval --json' gives every number"
            )
        }
        if let fit, SlideFit(size: fit, minimumPixels: 16) == nil {
            throw ValidationError(
                "--fit takes a slide's size in pixels, WIDTHxHEIGHT from 100 to 20000 (1920x1080)")
        }
        if let depth {
            guard focus != nil else { throw ValidationError("--depth needs --focus NAME") }
            guard (0...1000).contains(depth) else {
                throw ValidationError("--depth must be from 0 to 1000")
            }
        }
        if let collapse {
            let names = Self.names(collapse)
            guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
                throw ValidationError(
                    "--collapse takes 'statements' or names separated by commas (h,y)")
            }
        }
    }

    /// `h, y` as `["h", "y"]`.
    private static func names(_ list: String) -> [String] {
        list.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    /// How the figure is fitted to a slide: `--fit`, or for `--collapse` and `--style nodes`
    /// when the user chose neither the tables' size nor the digits, their tables summarised as
    /// far as a 1920×1080 slide needs for 12 px (collapsed) or 9 px (boxes) text.
    var fitting: Pipeline.Fitting? {
        if let fit, let slide = SlideFit(size: fit, minimumPixels: 16) { return .ladder(slide) }
        guard maxElements == nil, precision == nil else { return nil }
        return Pipeline.slideFitting(for: options)
    }

    var options: FigureOptions {
        var options = FigureOptions()
        options.show = show
        options.pass = pass
        options.rankDirection = rankdir
        options.precision = precision
        options.maxElements = maxElements ?? options.maxElements
        options.theme = theme
        options.broadcast = broadcast
        options.explain = explain
        options.style = style
        options.constants = constants
        options.groupStatements = group == .statements
        options.groupCalls = group == .calls
        switch collapse {
        case nil: options.collapse = .none
        case "statements": options.collapse = .statements
        case "calls": options.collapse = .calls
        case let list?: options.collapse = .names(Self.names(list))
        }
        options.focus = focus
        options.depth = depth ?? options.depth
        return options
    }
}
