import GradCore
import GradDOT
import GradScript

/// `eval --explain`: the figure's derivation as text, one gradient after another in the order
/// backward computes them, each with its rule and, for numbers, its arithmetic: the same lines
/// `render --explain` draws on the edges.
public enum DerivationText {
    public static func text(of figure: Figure) -> String {
        let numbers = figure.numbers
        let seed = figure.edges.filter { $0.to == "out" }.compactMap(\.gradient)
        let steps = figure.edges.compactMap(\.gradient).filter { $0.blank != nil }
            .sorted { $0.blank! < $1.blank! }
        var out = "backward, step by step:\n"
        for gradient in seed + steps {
            if gradient.value.rank == 0 {
                out +=
                    GradientText.plain(gradient, explain: true, quiz: false, numbers: numbers)
                    + "\n"
            } else {
                out += GradientText.tableHeading(gradient, explain: true) + " =\n"
                out += NumPyText.format(gradient.value) + "\n"
            }
        }
        return out
    }
}
