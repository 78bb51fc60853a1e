import Foundation
import GradCore
import GraphvizGrad
import Testing

/// `graphviz-grad plot`: its points are the passes' numbers, its surface is the loss replayed,
/// and its bytes are the same every time.
@Suite struct PlotTests {
    static let samples = Samples.directory.appendingPathComponent("train")

    static func sample(_ name: String) throws -> SourceFile {
        try SourceFile.load(path: samples.appendingPathComponent(name + ".py").path)
    }

    /// Each `data-pass`/`data-value` pair of an SVG.
    static func points(_ svg: String) -> [(Int, Double)] {
        svg.matches(of: #/data-pass="(\d+)" data-value="([^"]+)"/#).map {
            (Int($0.output.1)!, Double(String($0.output.2))!)
        }
    }

    @Test func thePointsAreEachPassesLoss() throws {
        let file = try Self.sample("linear-regression")
        let plot = try Plotting.lossPlot([file], series: [], logY: false)
        let svg = plot.svg(theme: PlotTheme(named: "light"))
        let evaluation = try Interpreter.run(file)
        let points = Self.points(svg)
        #expect(points.count == 100)
        for (pass, value) in points {
            #expect(evaluation.run.passes[pass - 1].loss == value)
        }
        #expect(
            svg
                == (try Plotting.lossPlot([file], series: [], logY: false)).svg(
                    theme: PlotTheme(named: "light")))
    }

    @Test func seriesAreTheScalarsAFileBindsInEachPass() throws {
        let source = """
            w = 3.0
            for i in range(4):
                loss = w * w
                w.cleargrad()
                loss.backward()
                size = abs(w.grad)
                w.data -= 0.25 * w.grad

            """
        let file = SourceFile(path: "t.py", text: source)
        let plot = try Plotting.lossPlot([file], series: ["size"], logY: true)
        #expect(plot.series.map(\.name) == ["size"])
        // |∂loss/∂w| = 2w: 6, 3, 1.5, 0.75, computed after each pass's backward.
        #expect(plot.series[0].points.map(\.value) == [6, 3, 1.5, 0.75])
        #expect(plot.series[0].points.map(\.pass) == [1, 2, 3, 4])
        do {
            _ = try Plotting.lossPlot([file], series: ["missing"], logY: false)
            Issue.record("a series the file never binds")
        } catch {
            #expect(
                error.message
                    == "--series missing: the file binds no scalar 'missing' at its top level in any pass"
            )
        }
    }

    @Test func severalFilesAreLinesWithTheirNames() throws {
        let files = try ["linear-regression", "forgotten-cleargrad"].map(Self.sample)
        let plot = try Plotting.lossPlot(files, series: [], logY: false)
        #expect(plot.series.map(\.name) == ["linear-regression", "forgotten-cleargrad"])
        let svg = plot.svg(theme: PlotTheme(named: "dark"))
        #expect(svg.contains("data-series=\"forgotten-cleargrad\""))
    }

    @Test func theSurfaceIsTheLossReplayedAtEachPoint() throws {
        let file = try Self.sample("rosenbrock")
        let plot = try Plotting.pathPlot(
            [file], a: "x0", b: "x1", range: (-1...1.5, -0.5...2.5), pass: nil, gridSide: 12)
        // Re-running the function at a few grid points gives the same loss.
        for (row, column) in [(0, 0), (3, 7), (11, 11), (6, 2)] {
            let a = plot.grid.xAt(Double(column))
            let b = plot.grid.yAt(Double(row))
            let rerun = try Interpreter.run(
                SourceFile(
                    path: "r.py",
                    text:
                        "a = \(a)\nb = \(b)\ny = 100 * (b - a ** 2) ** 2 + (a - 1) ** 2\nbackward y\n"
                ))
            let expected = rerun.backward!.target.value.scalars[0]
            #expect(abs(plot.grid.values[row][column] - expected) <= 1e-9 * max(1, expected))
        }
        #expect(plot.isLogarithmic)
        // The path: a point per pass, where the parameters were when backward ran.
        let evaluation = try Interpreter.run(file)
        #expect(plot.paths[0].points.count == evaluation.run.passCount)
        #expect(plot.paths[0].points[0].x == 0 && plot.paths[0].points[0].y == 2)
    }

    @Test func aPathNamesElements() throws {
        let file = try Self.sample("linear-regression")
        let plot = try Plotting.pathPlot(
            [file], a: "W[0, 0]", b: "b[0]", range: nil, pass: nil, gridSide: 10)
        let last = try #require(plot.paths[0].points.last)
        let evaluation = try Interpreter.run(file)
        let weight = try #require(evaluation.bindings.first { $0.name == "W" })
        #expect(last.x == weight.variable.value.scalars[0])
        // x holds 100 numbers: a path needs one of them.
        do {
            _ = try Plotting.pathPlot([file], a: "x", b: "b[0]", range: nil, pass: nil)
            Issue.record("a tensor of 100 elements is not a coordinate")
        } catch {
            #expect(error.message.contains("'x' is not a scalar parameter or an element"))
        }
        #expect(
            Plotting.element("W[0, 1]") == Interpreter.TrackedElement(name: "W", index: [0, 1]))
        #expect(Plotting.element("W[") == nil)
        #expect(Plotting.ranges("-2:2,-1:3")!.0 == -2...2)
        #expect(Plotting.ranges("2:1,0:1") == nil)
    }

    @Test func theRunDeckHasAFramePerChosenPass() throws {
        let file = try Self.sample("linear-regression")
        let pipeline = Pipeline()
        let deck = try pipeline.renderRun(file, passes: .standard, as: .html)
        #expect(deck.passes.count == 40)
        #expect(deck.passes.first == 1 && deck.passes.last == 100)
        #expect(deck.captions[0].hasPrefix("pass 1 of 100: loss = 42.3"))
        let page = String(decoding: deck.files[0], as: UTF8.self)
        #expect(page.components(separatedBy: "<section class=\"frame\"").count == 41)
        // One drawing of the figure, and the loss curve with a point for every frame.
        #expect(page.components(separatedBy: "class=\"gg-plot\"").count == 2)
        for pass in deck.passes { #expect(page.contains("data-pass=\"\(pass)\" data-value=")) }
        let again = try pipeline.renderRun(file, passes: .standard, as: .html)
        #expect(again.files == deck.files)
        let every = try pipeline.renderRun(file, passes: .every(25), as: .svg)
        #expect(every.passes == [1, 26, 51, 76, 100])
        // Each frame its own numbers: W's value in pass 1 is 0, in the last 2.12.
        let first = String(decoding: every.files[0], as: UTF8.self)
        let lastFrame = String(decoding: every.files[4], as: UTF8.self)
        #expect(first.contains("pass 1 of 100: loss = 42.3"))
        #expect(lastFrame.contains("pass 100 of 100: loss = 0.0791"))
        #expect(first != lastFrame)
        #expect(!first.contains("<script"))
        let listed = try pipeline.renderRun(file, passes: .list([2, 5]), as: .svg)
        #expect(listed.passes == [2, 5])
        do {
            _ = try pipeline.renderRun(file, passes: .list([101]), as: .svg)
            Issue.record("pass 101 of 100")
        } catch {
            #expect(error.message == "--passes 101: the file has 100 passes, counted from 1")
        }
    }

    @Test func aDeckOfPassesWhoseGraphsDifferDrawsTheirUnion() throws {
        let file = SourceFile(
            path: "branchy.py",
            text: """
                w = 3.0
                for i in range(6):
                    loss = w * w
                    if i >= 3:
                        loss = loss + 0.5 * w
                    w.cleargrad()
                    loss.backward()
                    w.data -= 0.1 * w.grad

                """)
        let deck = try Pipeline().renderRun(file, passes: .standard, as: .svg)
        #expect(deck.passes == [1, 2, 3, 4, 5, 6])
        #expect(deck.warnings.contains { $0.message.contains("the deck draws the union") })
        let first = String(decoding: deck.files[0], as: UTF8.self)
        let last = String(decoding: deck.files[5], as: UTF8.self)
        // Pass 1 hides the `+ 0.5 · w` it did not compute; both frames are one drawing.
        #expect(first.contains("<g visibility=\"hidden\" id=\"op&#45;mul&#45;3\""))
        #expect(!last.contains("visibility=\"hidden\" id=\"op&#45;mul"))
        #expect(first.contains(">loss = 9</text>") && last.contains(">loss₂ = 1.24</text>"))
        func size(_ svg: String) -> Substring {
            svg[svg.range(of: "<svg width=")!.lowerBound...].prefix(40)
        }
        #expect(size(first) == size(last))
        let page = String(
            decoding: try Pipeline().renderRun(file, passes: .standard, as: .html).files[0],
            as: UTF8.self)
        #expect(page.contains("this deck draws their union"))
    }

    @Test func passChoicesSpreadOverTheRun() {
        #expect(Pipeline.chosenPasses(.spread(40), of: 10) == Array(1...10))
        let spread = Pipeline.chosenPasses(.spread(4), of: 10)
        #expect(spread == [1, 4, 7, 10])
        #expect(Pipeline.chosenPasses(.every(4), of: 10) == [1, 5, 9, 10])
    }
}
