import Foundation

/// Reads back the arithmetic a figure writes for a scalar rule (`1 · 3`, `0.5 · 0.675 · (1 −
/// 0.675)`, `2 · [3 > 0]`, `ln 2 · 8`) and works it out, so that the figure can check that its
/// printed operands give its printed result, and the tests that every operation's rule text
/// computes what its backward computes.
///
/// The grammar, loosest first (`−` and `·` are the figure's true minus and dot):
///
///     sum        = product (("+" | "−") product)*
///     product    = unary (("·" | "/") unary | bracket)*      a bracket right after ½ multiplies
///     unary      = "−" unary | ("ln" | "cos" | "sin") unary | power
///     power      = postfix ("**" unary)?
///     postfix    = atom ("²" | "³")*
///     atom       = number | "½" | "(" sum ")" | "sign" "(" sum ")" | bracket
///     bracket    = "[" sum (comparison sum)+ "]"            1 when every comparison holds, else 0
///     comparison = ">" | "<" | "=" | "≤" | "≥"
public enum ArithmeticText {
    /// The value of `text`, or nil when it is not arithmetic of this grammar.
    public static func evaluate(_ text: String) -> Double? {
        var reader = Reader(Array(text.unicodeScalars))
        guard let value = reader.sum() else { return nil }
        reader.skipSpace()
        return reader.atEnd ? value : nil
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }

        mutating func skipSpace() {
            while index < scalars.count, scalars[index] == " " { index += 1 }
        }

        mutating func peek() -> Unicode.Scalar? {
            skipSpace()
            return atEnd ? nil : scalars[index]
        }

        mutating func take(_ word: String) -> Bool {
            skipSpace()
            let word = Array(word.unicodeScalars)
            guard index + word.count <= scalars.count,
                Array(scalars[index..<(index + word.count)]) == word
            else { return false }
            index += word.count
            return true
        }

        mutating func sum() -> Double? {
            guard var value = product() else { return nil }
            while true {
                if take("+") {
                    guard let right = product() else { return nil }
                    value += right
                } else if take("−") {
                    guard let right = product() else { return nil }
                    value -= right
                } else {
                    return value
                }
            }
        }

        mutating func product() -> Double? {
            guard var value = unary() else { return nil }
            while true {
                if take("·") {
                    guard let right = unary() else { return nil }
                    value *= right
                } else if take("/") {
                    guard let right = unary() else { return nil }
                    value /= right
                } else if peek() == "[" {
                    guard let right = atom() else { return nil }
                    value *= right
                } else {
                    return value
                }
            }
        }

        mutating func unary() -> Double? {
            if take("−") { return unary().map { -$0 } }
            if take("ln ") { return unary().map { Foundation.log($0) } }
            if take("cos ") { return unary().map { Foundation.cos($0) } }
            if take("sin ") { return unary().map { Foundation.sin($0) } }
            return power()
        }

        mutating func power() -> Double? {
            guard let base = postfix() else { return nil }
            guard take("**") else { return base }
            return unary().map { pow(base, $0) }
        }

        mutating func postfix() -> Double? {
            guard var value = atom() else { return nil }
            while true {
                if take("²") {
                    value *= value
                } else if take("³") {
                    value = value * value * value
                } else {
                    return value
                }
            }
        }

        mutating func atom() -> Double? {
            if take("½") { return 0.5 }
            if take("(") { return closed(by: ")", sum()) }
            if take("sign(") {
                return closed(by: ")", sum()).map { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }
            }
            if take("[") { return bracket() }
            return number()
        }

        mutating func closed(by symbol: String, _ value: Double?) -> Double? {
            guard let value, take(symbol) else { return nil }
            return value
        }

        mutating func bracket() -> Double? {
            guard var left = sum() else { return nil }
            var holds = true
            var comparisons = 0
            while true {
                let comparison: (Double, Double) -> Bool
                if take(">") {
                    comparison = (>)
                } else if take("<") {
                    comparison = (<)
                } else if take("=") {
                    comparison = (==)
                } else if take("≤") {
                    comparison = (<=)
                } else if take("≥") {
                    comparison = (>=)
                } else {
                    break
                }
                guard let right = sum() else { return nil }
                holds = holds && comparison(left, right)
                left = right
                comparisons += 1
            }
            guard comparisons > 0, take("]") else { return nil }
            return holds ? 1 : 0
        }

        mutating func number() -> Double? {
            skipSpace()
            let start = index
            func digits() {
                while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            }
            digits()
            guard index > start else { return nil }
            if index < scalars.count, scalars[index] == "." {
                index += 1
                digits()
            }
            if index < scalars.count, scalars[index] == "e" {
                index += 1
                if index < scalars.count, "−+-".unicodeScalars.contains(scalars[index]) {
                    index += 1
                }
                digits()
            }
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            return Double(text.replacingOccurrences(of: "−", with: "-"))
        }
    }
}
