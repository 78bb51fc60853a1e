import Foundation
import GraphvizGrad
import Testing

/// Networks the tool's samples do not have, fitted to a 1920 × 1080 slide: up to three layers,
/// a batch of 8, width 8 (`Fixtures/slides/`). Collapsed, the smallest text is at least 12 px;
/// a box per tensor, at least 9 px; `--fit` finds the most detailed drawing at 16 px where one
/// exists and says what it drew.
@Suite struct SlideFitTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/slides")
    static let networks = ["three-sigmoid-layers", "batch-of-eight", "width-eight"]

    func file(_ name: String) throws -> SourceFile {
        try SourceFile.load(path: Self.directory.appendingPathComponent(name + ".txt").path)
    }

    func pixels(_ rendering: Pipeline.Rendering) -> Double {
        SlideFit(minimumPixels: 0).smallestTextPixels(
            svg: String(decoding: rendering.data, as: UTF8.self))
    }

    @Test(arguments: networks)
    func collapsedReadsAtTwelvePixels(_ name: String) throws {
        var options = FigureOptions()
        options.collapse = .statements
        let rendering = try Pipeline(options: options, fitting: Pipeline.slideFitting(for: options))
            .render(file(name), as: .svg)
        #expect(pixels(rendering) >= 12, "\(name): \(pixels(rendering)) px")
    }

    @Test(arguments: networks)
    func boxesReadAtNinePixels(_ name: String) throws {
        var options = FigureOptions()
        options.style = .nodes
        let rendering = try Pipeline(options: options, fitting: Pipeline.slideFitting(for: options))
            .render(file(name), as: .svg)
        #expect(pixels(rendering) >= 9, "\(name): \(pixels(rendering)) px")
    }

    @Test func theMeasureIsTheSlidesScale() {
        let svg =
            "<svg width=\"3840pt\" height=\"100pt\"><g transform=\"scale(1 1)\"><text font-size=\"10.00\">a</text><text font-size=\"14.00\">b</text>"
        // Half the width of the figure fits: 10 points become 5 pixels.
        #expect(SlideFit(minimumPixels: 0).smallestTextPixels(svg: svg) == 5)
    }

    @Test func fitSaysWhatItDrew() throws {
        let fit = Pipeline.Fitting.ladder(SlideFit(minimumPixels: 16))
        let small = try Pipeline(fitting: fit).render(Samples.file("branch"), as: .svg)
        #expect(
            small.warnings.map(\.message) == [
                "--fit 1920x1080: drew the figure as asked (smallest text \(String(format: "%.1f", pixels(small))) px)"
            ])
        let big = try Pipeline(fitting: fit).render(file("width-eight"), as: .svg)
        let note = try #require(big.warnings.first?.message)
        #expect(note.hasPrefix("--fit 1920x1080: drew --collapse statements"), "\(note)")
        #expect(pixels(big) >= 16)
        // The most detailed that fits: the one before it in the ladder does not.
        let ladder = SlideFit.ladder(from: FigureOptions())
        let chosen = try #require(ladder.firstIndex { note.contains("drew " + $0.0 + " (") })
        #expect(chosen > 0)
        let previous = try Pipeline(options: ladder[chosen - 1].1).render(
            file("width-eight"), as: .svg)
        #expect(pixels(previous) < 16)
    }
}
