import ArgumentParser
import GraphvizGrad

/// How a figure looks: the options `render` and `handout` share.
struct FigureArguments: ParsableArguments {
    @Option(help: "Which passes to draw: forward, backward or both (all three keep one layout).")
    var show: FigureOptions.Show = .both

    @Option(help: "Direction of the forward pass: LR, TB, RL or BT.")
    var rankdir: FigureOptions.RankDirection = .leftToRight

    @Option(
        help:
            "Digits after the decimal point (trailing zeros are trimmed). Default: the file's 'precision' statement, else 3."
    )
    var precision: Int?

    @Option(help: "Tensors with more elements are summarised around '…'.")
    var maxElements: Int = 64

    @Option(help: "Colours: light, dark, or print (black and white, backward edges dashed).")
    var theme: FigureOptions.Theme = .light

    @Option(help: "Broadcasting: show it as its own step (as the article draws it) or hide it.")
    var broadcast: FigureOptions.Broadcast = .show

    @Flag(
        help:
            "Show the rule behind every gradient and its arithmetic: ∂z/∂x = ∂z/∂z · y = 1 · 3 = 3."
    )
    var explain = false

    func validate() throws {
        if let precision, !(0...15).contains(precision) {
            throw ValidationError("--precision must be from 0 to 15")
        }
        guard maxElements >= 1 else { throw ValidationError("--max-elements must be at least 1") }
    }

    var options: FigureOptions {
        var options = FigureOptions()
        options.show = show
        options.rankDirection = rankdir
        options.precision = precision
        options.maxElements = maxElements
        options.theme = theme
        options.broadcast = broadcast
        options.explain = explain
        return options
    }
}
