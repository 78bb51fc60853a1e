import Testing

@testable import GradPlot

@Suite struct TicksTests {
    @Test func linearTicksAreRoundNumbers() {
        let (ticks, range) = Ticks.linear(0.07, 42.3, count: 5)
        #expect(ticks == [0, 10, 20, 30, 40, 50])
        #expect(range == 0...50)
    }
}
