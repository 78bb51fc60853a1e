import Foundation

/// Where an axis puts its ticks: at round numbers (1, 2 or 5 times a power of ten) for a linear
/// axis, at powers of ten (and 2 and 5 times them when few decades show) for a logarithmic one.
public enum Ticks {
    /// About `count` round ticks covering `low…high`, and the axis's range widened to the
    /// outer ticks.
    public static func linear(_ low: Double, _ high: Double, count: Int = 5) -> (
        ticks: [Double], range: ClosedRange<Double>
    ) {
        var (low, high) = (low, high)
        if !(high > low) {
            // One value: a range around it.
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let step = roundStep((high - low) / Double(max(count, 1)))
        let first = (low / step).rounded(.down) * step
        let last = (high / step).rounded(.up) * step
        var ticks: [Double] = []
        var index = 0.0
        while first + index * step <= last + step * 1e-9, ticks.count < 50 {
            let tick = first + index * step
            ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
            index += 1
        }
        return (ticks, first...last)
    }

    /// The round step nearest above `raw`: 1, 2 or 5 times a power of ten.
    public static func roundStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw * (1 - 1e-9) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// Ticks of a logarithmic axis over `low…high` (both positive): the powers of ten, with 2
    /// and 5 times each when the range spans under three decades; the range widened to them.
    public static func logarithmic(_ low: Double, _ high: Double) -> (
        ticks: [Double], range: ClosedRange<Double>
    ) {
        var lowPower = log10(low).rounded(.down)
        var highPower = log10(high).rounded(.up)
        if highPower <= lowPower { (lowPower, highPower) = (lowPower, lowPower + 1) }
        // Very many decades: every k-th power, about eight ticks.
        let stride = max(1, Int(((highPower - lowPower) / 8).rounded(.up)))
        var ticks: [Double] = []
        var power = lowPower
        while power <= highPower {
            let decade = pow(10, power)
            ticks.append(decade)
            if highPower - lowPower < 3, power < highPower {
                ticks += [2 * decade, 5 * decade]
            }
            power += Double(stride)
        }
        return (ticks, pow(10, lowPower)...pow(10, highPower))
    }

    /// A tick's text: as few digits as the step between ticks needs (`0.25`, `1000`, `1e-06`).
    public static func label(_ value: Double, step: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return scientific(value) }
        let decimals = max(0, min(10, Int((-log10(step)).rounded(.up))))
        return fixed(value, decimals: decimals)
    }

    /// A number written with `decimals` digits after the point, trailing zeros trimmed.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text.replacingOccurrences(of: "-", with: "−")
    }

    /// `1e-06` as `1e−6`, `2.5e+07` as `2.5e7`.
    public static func scientific(_ value: Double) -> String {
        let text = String(format: "%.3g", value)
        guard let e = text.firstIndex(of: "e") else { return text }
        let mantissa = String(text[..<e])
        var exponent = String(text[text.index(after: e)...])
        let negative = exponent.hasPrefix("-")
        exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
        return (mantissa + "e" + (negative ? "−" : "") + (exponent.isEmpty ? "0" : exponent))
            .replacingOccurrences(of: "-", with: "−")
    }

    /// A value at the end of a line: four significant digits.
    public static func short(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "−inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-3 { return scientific(value) }
        let decimals = max(0, 3 - Int(log10(magnitude).rounded(.down)))
        return fixed(value, decimals: decimals)
    }
}
