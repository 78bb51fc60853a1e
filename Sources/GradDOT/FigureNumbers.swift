import Foundation
import GradCore

/// How numbers are written on a figure: `precision` significant digits with trailing zeros
/// trimmed (`2`, `0.5`, `−1.23`, `0.000128`), the whole integer part of a large number
/// (`12346`, never `1.23e+04` below a million), scientific notation where fixed point would need
/// more than four zeros after the point or seven digits before it (`1.5e−05`, `2.4e+07`), a true
/// minus sign, and `nan`, `inf`, `−inf` as words.
///
/// One formatter serves a whole figure: it is resolved once (from `--precision`, the file's
/// `precision` statement, or the default) and carried by the `Figure`, so that edge tables, node
/// labels, captions, `--explain` arithmetic, the grader and `eval --explain` agree.
public struct FigureNumbers: Sendable, Equatable {
    /// Significant digits, 1 or more.
    public let precision: Int

    public init(precision: Int) {
        self.precision = max(1, precision)
    }

    /// The formatter of a figure: the option when given, else the file's, else the default.
    public init(option: Int?, file: Int?) {
        self.init(precision: option ?? file ?? FigureOptions.defaultPrecision)
    }

    /// `value` in `precision` significant digits. Each number chooses its own notation, so a
    /// table keeps `0.0757` beside `8.52e−06`.
    public func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "−inf" }
        if value == 0 { return "0" }
        let text: String
        if needsScientific(value) {
            let parts = String(format: "%.\(precision - 1)e", value).split(separator: "e")
            text = trimmed(String(parts[0])) + "e" + parts[1]
        } else {
            text = trimmed(String(format: "%.\(decimals(value))f", value))
        }
        return text.replacingEvery("-", with: "−")
    }

    /// A gradient's number: `≈ 0` where it is floating-point noise (nonzero, yet at most
    /// `noiseFloor` in magnitude: see `Figure.Gradient.noiseFloor`).
    public func formatGradient(_ value: Double, noiseFloor: Double) -> String {
        isNoise(value, noiseFloor: noiseFloor) ? "≈ 0" : format(value)
    }

    /// Whether a gradient's element is noise around zero.
    public func isNoise(_ value: Double, noiseFloor: Double) -> Bool {
        value != 0 && value.isFinite && abs(value) <= noiseFloor
    }

    /// The value as the figure shows it, read back: what a student copies from the figure.
    public func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return Double(format(value).replacingEvery("−", with: "-")) ?? value
    }

    /// The same formatter with more digits.
    public func adding(_ digits: Int) -> FigureNumbers {
        FigureNumbers(precision: precision + digits)
    }

    /// Whether fixed point would hide the value or spell it out too long.
    private func needsScientific(_ value: Double) -> Bool {
        let magnitude = abs(value)
        return magnitude >= 1e6 || magnitude < 1e-4
    }

    /// The digits after the point that give `precision` significant digits (none for the
    /// integer part of a large number).
    private func decimals(_ value: Double) -> Int {
        let exponent = Int(floor(log10(abs(value))))
        var decimals = max(0, precision - 1 - exponent)
        // Rounding may carry into a new leading digit (0.9996 → 1.000): one digit fewer.
        let rounded = abs((value * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals)))
        if decimals > 0, rounded >= pow(10, Double(exponent + 1)) { decimals -= 1 }
        return decimals
    }

    private func trimmed(_ fixed: String) -> String {
        guard fixed.contains(".") else { return fixed == "-0" ? "0" : fixed }
        var text = fixed
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
