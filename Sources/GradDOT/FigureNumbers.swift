import Foundation
import GradCore

/// How numbers are written on a figure: `precision` digits after the point with trailing zeros
/// trimmed (`2`, `0.5`, `−1.235`), scientific notation for magnitudes that fixed point would
/// hide (`1.5e−05`, `2.4e+07`), a true minus sign, and `nan`, `inf`, `−inf` as words.
public struct FigureNumbers: Sendable {
    public let precision: Int

    public init(precision: Int) {
        self.precision = precision
    }

    public func format(_ value: Double) -> String {
        format(value, scientific: needsScientific(value))
    }

    /// How to write the numbers of one table: in one notation, scientific for all of them when
    /// any needs it (`−4.6e−02  1e−01`, never `−4.6e−02  0.1`).
    public func formatter(for values: [Double]) -> (Double) -> String {
        let scientific = values.contains(where: needsScientific)
        return { format($0, scientific: scientific) }
    }

    /// Whether fixed point would hide the value: too large, or rounding it to zero.
    private func needsScientific(_ value: Double) -> Bool {
        guard value.isFinite, value != 0 else { return false }
        let magnitude = abs(value)
        return magnitude >= 1e6 || magnitude < 0.5 * pow(10, -Double(precision))
    }

    private func format(_ value: Double, scientific: Bool) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "−inf" }
        if value == 0 { return "0" }
        let text: String
        if scientific {
            let parts = String(format: "%.\(max(precision, 1))e", value).split(separator: "e")
            text = trimmed(String(parts[0])) + "e" + parts[1]
        } else {
            text = trimmed(String(format: "%.\(precision)f", value))
        }
        return text.replacingEvery("-", with: "−")
    }

    private func trimmed(_ fixed: String) -> String {
        guard fixed.contains(".") else { return fixed }
        var text = fixed
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
