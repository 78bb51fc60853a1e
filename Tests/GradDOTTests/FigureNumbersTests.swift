import Testing

@testable import GradDOT

@Suite struct FigureNumbersTests {
    @Test func precisionTrimsAndSwitchesToScientific() {
        let numbers = FigureNumbers(precision: 3)
        #expect(numbers.format(2) == "2")
        #expect(numbers.format(0.5) == "0.5")
        #expect(numbers.format(-1.23456) == "−1.235")
        #expect(numbers.format(1.5e-5) == "1.5e−05")
        #expect(numbers.format(2.4e7) == "2.4e+07")
        #expect(numbers.format(-0.0001) == "−1e−04")
        #expect(numbers.format(.nan) == "nan")
        #expect(numbers.format(-.infinity) == "−inf")
        #expect(FigureNumbers(precision: 0).format(2.6) == "3")
        #expect(FigureNumbers(precision: 6).format(1.0 / 3.0) == "0.333333")
    }
}
