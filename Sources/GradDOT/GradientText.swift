import GradCore

/// How a gradient's label reads, as pieces of text and numbers, so that the figure (HTML-like
/// labels, numbers highlighted when not finite) and `eval --explain` (plain text) write the same
/// words: `∂z/∂x = ∂z/∂z · y = 1 · 3 = 3`, `∂z/∂x = 3 + 1 = 4`, `∂z/∂x = [3]` in a quiz.
public enum GradientText {
    public enum Piece: Equatable, Sendable {
        case text(String)
        case number(Double)
        /// A negative number in a sum is bracketed: `3 + (−1)`.
        case term(Double)
    }

    /// The steps of a scalar gradient's label, joined by ` = `. With `explain`, the rule and its
    /// arithmetic come first; in a quiz the result is its blank (`[3]`) and no arithmetic shows.
    public static func scalarSteps(
        _ gradient: Figure.Gradient, explain: Bool, quiz: Bool, numbers: FigureNumbers
    ) -> [[Piece]] {
        var steps: [[Piece]] = [[.text(gradient.label)]]
        if explain, let rule = gradient.rule { steps.append([.text(rule)]) }
        if quiz, let blank = gradient.blank {
            steps.append([.text("[\(blank)]")])
            return steps
        }
        if gradient.parts.count > 1, gradient.parts.allSatisfy({ $0.rank == 0 }) {
            var sum: [Piece] = []
            for (index, part) in gradient.parts.enumerated() {
                if index > 0 { sum.append(.text(" + ")) }
                sum.append(.term(part.scalars[0]))
            }
            steps.append(sum)
        } else if explain, let arithmetic = gradient.arithmetic {
            let value = gradient.value.scalars[0]
            let text = arithmetic.text(numbers: numbers, result: value)
            if text != numbers.format(value) { steps.append([.text(text)]) }
        }
        let value = gradient.value.scalars[0]
        if numbers.isNoise(value, noiseFloor: gradient.noiseFloor) {
            // Noise around a true zero: `∂L/∂b = 0.1 + 0.2 + (−0.3) ≈ 0`.
            steps[steps.count - 1].append(.text(" ≈ 0"))
        } else {
            steps.append([.number(value)])
        }
        return steps
    }

    /// The heading of a tensor gradient's table: `∂L/∂x = ∂L/∂y @ Wᵀ (2, 3)`, and `= sum of 2
    /// paths` at a branch. Without `shape` (under its value's, which has it) no `(2, 3)`.
    public static func tableHeading(_ gradient: Figure.Gradient, explain: Bool, shape: Bool = true)
        -> String
    {
        var heading = gradient.label
        if explain, let rule = gradient.rule { heading += " = " + rule }
        if shape { heading += " " + gradient.value.shape.description }
        if gradient.parts.count > 1 { heading += " = sum of \(gradient.parts.count) paths" }
        return heading
    }

    /// A scalar gradient's label as plain text.
    public static func plain(
        _ gradient: Figure.Gradient, explain: Bool, quiz: Bool, numbers: FigureNumbers
    ) -> String {
        let format: (Double) -> String = { numbers.format($0) }
        return scalarSteps(gradient, explain: explain, quiz: quiz, numbers: numbers).map { step in
            step.map { piece -> String in
                switch piece {
                case .text(let text): return text
                case .number(let value): return format(value)
                case .term(let value): return value < 0 ? "(" + format(value) + ")" : format(value)
                }
            }.joined()
        }.joined(separator: " = ")
    }
}
