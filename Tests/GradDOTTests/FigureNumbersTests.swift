import Testing

@testable import GradDOT

@Suite struct FigureNumbersTests {
    @Test func precisionIsSignificantDigits() {
        let numbers = FigureNumbers(precision: 3)
        #expect(numbers.format(2) == "2")
        #expect(numbers.format(0.5) == "0.5")
        #expect(numbers.format(-1.23456) == "−1.23")
        #expect(numbers.format(-0.377541) == "−0.378")
        #expect(numbers.format(0.000_127_9) == "0.000128")
        #expect(numbers.format(12345.6) == "12346")
        #expect(numbers.format(0.99996) == "1")
        #expect(numbers.format(9.9996) == "10")
        #expect(FigureNumbers(precision: 4).format(1.279e-4) == "0.0001279")
        #expect(FigureNumbers(precision: 6).format(1.0 / 3.0) == "0.333333")
        #expect(FigureNumbers(precision: 6).format(0.123456789) == "0.123457")
        #expect(FigureNumbers(precision: 1).format(2.6) == "3")
    }

    @Test func scientificOnlyWhereFixedPointIsTooLong() {
        let numbers = FigureNumbers(precision: 3)
        #expect(numbers.format(1.5e-5) == "1.5e−05")
        #expect(numbers.format(2.4e7) == "2.4e+07")
        #expect(numbers.format(-0.0001) == "−0.0001")
        #expect(numbers.format(-0.00009) == "−9e−05")
        #expect(numbers.format(.nan) == "nan")
        #expect(numbers.format(-.infinity) == "−inf")
    }

    @Test func noiseReadsAsAboutZero() {
        let numbers = FigureNumbers(precision: 4)
        #expect(numbers.formatGradient(-4.441e-16, noiseFloor: 1e-12) == "≈ 0")
        #expect(numbers.formatGradient(0, noiseFloor: 1e-12) == "0")
        #expect(numbers.formatGradient(3e-12, noiseFloor: 1e-12) == "3e−12")
    }

    @Test func roundedIsWhatTheFigureShows() {
        #expect(FigureNumbers(precision: 3).rounded(-0.377541) == -0.378)
        #expect(FigureNumbers(precision: 2).rounded(1234.6) == 1235)
    }

    @Test func arithmeticIsPrintedSoThatItAddsUp() {
        // 1 − y with y near 1 needs more of y's digits than the figure's three.
        let arithmetic = Figure.Arithmetic(
            template: "{g} · (1 − {y})", values: ["{g}": 2, "{y}": 0.99951])
        let numbers = FigureNumbers(precision: 3)
        let text = arithmetic.text(numbers: numbers, result: 2 * (1 - 0.99951))
        #expect(text == "2 · (1 − 0.99951)")
        #expect(numbers.format(ArithmeticText.evaluate(text)!) == numbers.format(0.00098))
    }

    @Test func arithmeticTextEvaluates() {
        #expect(ArithmeticText.evaluate("1 · 3") == 3)
        #expect(ArithmeticText.evaluate("−1 · 6 / 3²") == -6.0 / 9)
        #expect(ArithmeticText.evaluate("2 · [0 > 0]") == 0)
        #expect(ArithmeticText.evaluate("1 · [−1 ≤ 0.5 ≤ 1]") == 1)
        #expect(ArithmeticText.evaluate("1 · (½[2 = 2] + [3 > 2])") == 1.5)
        #expect(ArithmeticText.evaluate("3 · ln 2 · 8") == 3 * 0.6931471805599453 * 8)
        #expect(ArithmeticText.evaluate("2 · 3 · 1.5e−05**(3 − 1)") == 6 * 1.5e-5 * 1.5e-5)
        #expect(ArithmeticText.evaluate("1 · sign(−2)") == -1)
        #expect(ArithmeticText.evaluate("1 · [x > 0]") == nil)
    }
}
