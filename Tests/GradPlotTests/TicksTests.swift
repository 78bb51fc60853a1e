import Foundation
import Testing

@testable import GradPlot

@Suite struct TicksTests {
    @Test func linearTicksAreRoundNumbers() {
        let (ticks, range) = Ticks.linear(0.07, 42.3, count: 5)
        #expect(ticks == [0, 10, 20, 30, 40, 50])
        #expect(range == 0...50)
        #expect(Ticks.linear(1, 100, count: 6).ticks == [0, 20, 40, 60, 80, 100])
        #expect(Ticks.roundStep(0.0031) == 0.005)
        #expect(Ticks.label(0.25, step: 0.05) == "0.25")
        #expect(Ticks.label(-2, step: 1) == "−2")
    }

    @Test func logarithmicTicksArePowersOfTen() {
        let (ticks, range) = Ticks.logarithmic(0.079, 42.3)
        #expect(range == 0.01...100)
        #expect(ticks.first == 0.01 && ticks.contains(1) && ticks.last == 100)
        // Few decades: 2 and 5 times each power too.
        #expect(Ticks.logarithmic(1, 50).ticks == [1, 2, 5, 10, 20, 50, 100])
        // Many decades: every other power or fewer, about eight ticks.
        #expect(Ticks.logarithmic(1e-3, 1e12).ticks.count <= 9)
    }
}

@Suite struct ContourTests {
    /// A bowl `x² + y²` on a grid from −1 to 1.
    static func bowl(side: Int = 41) -> Grid {
        let values = (0..<side).map { row in
            (0..<side).map { column -> Double in
                let x = -1 + 2 * Double(column) / Double(side - 1)
                let y = -1 + 2 * Double(row) / Double(side - 1)
                return x * x + y * y
            }
        }
        return Grid(x: -1...1, y: -1...1, values: values)
    }

    @Test func aContourOfABowlIsACircle() {
        let grid = Self.bowl()
        let lines = Contours.lines(grid, level: 0.3)
        #expect(lines.count == 1)
        let line = lines[0]
        // Closed, and every point at radius 0.5 within the grid's resolution.
        #expect(line.first! == line.last!)
        for (column, row) in line {
            let radius = (grid.xAt(column) * grid.xAt(column) + grid.yAt(row) * grid.yAt(row))
                .squareRoot()
            #expect(abs(radius - 0.3.squareRoot()) < 0.01)
        }
    }

    @Test func levelsAreLogSpacedWhenTheSurfaceSpansDecades() {
        let side = 60
        let values = (0..<side).map { row in
            (0..<side).map { column -> Double in
                let a = -1.5 + 3 * Double(column) / Double(side - 1)
                let b = -0.5 + 3 * Double(row) / Double(side - 1)
                return 100 * (b - a * a) * (b - a * a) + (a - 1) * (a - 1)
            }
        }
        let (rosenbrock, isLog) = Contours.levels(
            for: Grid(x: -1.5...1.5, y: -0.5...2.5, values: values))
        #expect(isLog)
        #expect(
            rosenbrock.allSatisfy { [1.0, 2, 5].contains($0 / pow(10, log10($0).rounded(.down))) })
        #expect(rosenbrock == rosenbrock.sorted() && rosenbrock.count <= 12)
        let (bowl, bowlIsLog) = Contours.levels(for: Self.bowl())
        #expect(!bowlIsLog)
        #expect(bowl.first == 0.2 && bowl.last == 1.8)
    }

    @Test func aPlotCarriesItsNumbers() {
        var plot = LinePlot(series: [
            LinePlot.Series(name: "loss", points: [(1, 4.0), (2, 1.5), (3, 0.25)])
        ])
        plot.title = "a <title> & more"
        let svg = plot.svg(theme: PlotTheme(named: "light"))
        #expect(svg.contains("data-series=\"loss\""))
        #expect(svg.contains("data-pass=\"2\" data-value=\"1.5\""))
        #expect(svg.contains("a &lt;title&gt; &amp; more"))
        #expect(svg == plot.svg(theme: PlotTheme(named: "light")))
        // The last value at the line's end.
        #expect(svg.contains(">0.25</text>"))
    }

    @Test func aLogAxisLeavesOutWhatItCannotShow() {
        var plot = LinePlot(series: [
            LinePlot.Series(name: "loss", points: [(1, 4.0), (2, .infinity), (3, .nan)])
        ])
        plot.logY = true
        #expect(plot.notes == ["loss is inf from pass 2"])
        let svg = plot.svg(theme: PlotTheme(named: "print"))
        #expect(!svg.contains("data-pass=\"2\""))
    }
}
