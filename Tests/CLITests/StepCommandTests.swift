import Foundation
import GraphvizGrad
import Testing

/// `render --steps` and `handout`, as a user runs them.
@Suite struct StepCommandTests {
    let branch = "title \"branch\"\nx = 2\ny = 3\nz = x * y + x\nbackward z\n"

    @Test func framesGoToAFolderNumberedToOneWidth() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": branch])
        let result = try CommandLineTool.run(
            ["render", "b.txt", "--steps", "-o", "frames/"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let frames = try FileManager.default.contentsOfDirectory(
            atPath: directory.appendingPathComponent("frames").path
        ).sorted()
        #expect(frames == ["b-01.svg", "b-02.svg", "b-03.svg", "b-04.svg", "b-05.svg"])
        let png = try CommandLineTool.run(
            ["render", "b.txt", "--steps", "-o", "png/", "--format", "png"], in: directory)
        #expect(png.status == 0, "\(png.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(
                atPath: directory.appendingPathComponent("png").path
            ).count == 5)
    }

    /// PNG frames are drawn by one process per core, from the same DOT a serial run draws.
    @Test func pngFramesDrawnInParallelAreTheSerialOnes() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": branch])
        let result = try CommandLineTool.run(
            ["render", "b.txt", "--steps", "-o", "png/", "--format", "png"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let serial = try Pipeline(
            options: {
                var o = FigureOptions()
                o.dpi = 192
                return o
            }()
        )
        .renderSteps(SourceFile(path: "b.txt", text: branch), as: .png)
        #expect(serial.frames.count == 5)
        for (index, frame) in serial.frames.enumerated() {
            let written = try Data(
                contentsOf: directory.appendingPathComponent("png/b-0\(index + 1).png"))
            #expect(written == frame, "frame \(index + 1)")
        }
    }

    @Test func aDeckIsOnePage() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": branch])
        let result = try CommandLineTool.run(
            ["render", "b.txt", "--steps", "--explain", "-o", "deck.html"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(
            contentsOf: directory.appendingPathComponent("deck.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("forward: x×y = x × y = 6"))
        let implied = try CommandLineTool.run(
            ["render", "b.txt", "--format", "html"], in: directory)
        #expect(implied.status == 0)
        #expect(implied.stdout.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func stepsNeedAFolderOrADeck() throws {
        let directory = try CommandLineTool.folder(with: [
            "b.txt": branch, "n.txt": "x = 2\ny = x * 3\n",
        ])
        let cases: [([String], String)] = [
            (
                ["render", "b.txt", "--steps", "-o", "one.svg"],
                "frames are one file each: write them with -o DIR/"
            ),
            (
                ["render", "b.txt", "--steps", "--format", "dot", "-o", "d/"],
                "--steps draws a file per frame (svg, png, pdf) or a deck in one file (html, tikz), not dot"
            ),
            (
                ["render", "b.txt", "--steps", "--draw-errors", "-o", "d/"],
                "cannot be combined with --steps"
            ),
            (
                ["handout", "b.txt", "-o", "h.svg"],
                "the handout is a web page: write it to an .html file"
            ),
        ]
        for (arguments, message) in cases {
            let result = try CommandLineTool.run(arguments, in: directory)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let noBackward = try CommandLineTool.run(
            ["render", "n.txt", "--steps", "-o", "d/"], in: directory)
        #expect(noBackward.status == 1)
        #expect(noBackward.stderr.contains("n.txt: error: the file has no 'backward' statement"))
    }

    @Test func aHandoutOfTwoFiles() throws {
        let directory = try CommandLineTool.folder(with: [
            "b.txt": branch, "m.txt": "# Two times three.\nx = 2\nz = x * 3\nbackward z\n",
        ])
        let result = try CommandLineTool.run(
            ["handout", "m.txt", "b.txt", "--explain", "-o", "h.html"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(
            contentsOf: directory.appendingPathComponent("h.html"), encoding: .utf8)
        #expect(page.contains("<p>Two times three.</p>"))
        #expect(page.contains("∂z/∂x = ∂z/∂z · 3 = 1 · 3 = 3"))
        #expect(page.matches(of: /<section class="file"/).count == 2)
    }
}
