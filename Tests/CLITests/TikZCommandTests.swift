import Foundation
import Testing

/// `render` to TikZ from the command line: `-o fig.tex`, `--format tikz`, `--tikz standalone`,
/// decks to `.tex`, and the refusals.
@Suite struct TikZCommandTests {
    static let branch = "x = 2\ny = 3\nz = x * y + x\nbackward z\n"

    @Test func aTexFileIsATikZPictureOrADocument() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": Self.branch])
        let picture = try CommandLineTool.run(["render", "b.txt", "-o", "b.tex"], in: directory)
        #expect(picture.status == 0, "\(picture.stderr)")
        let tex = try String(
            contentsOf: directory.appendingPathComponent("b.tex"), encoding: .utf8)
        #expect(tex.contains("\\begin{tikzpicture}") && !tex.contains("\\documentclass"))
        let standalone = try CommandLineTool.run(
            ["render", "b.txt", "--format", "tikz", "--tikz", "standalone"], in: directory)
        #expect(standalone.status == 0)
        #expect(standalone.stdout.contains("\\documentclass[border=4pt]{standalone}"))
        #expect(standalone.stdout.hasSuffix("\\end{document}\n"))
        // Several files to a folder: NAME.tex each.
        let folder = try CommandLineTool.run(
            ["render", "b.txt", "b.txt", "--format", "tikz", "-o", "out/"], in: directory)
        #expect(folder.status == 64)
        let both = try CommandLineTool.folder(with: ["a.txt": Self.branch, "b.txt": Self.branch])
        let written = try CommandLineTool.run(
            ["render", "a.txt", "b.txt", "--format", "tikz", "-o", "out/"], in: both)
        #expect(written.status == 0, "\(written.stderr)")
        for name in ["a.tex", "b.tex"] {
            #expect(
                FileManager.default.fileExists(
                    atPath: both.appendingPathComponent("out/" + name).path))
        }
    }

    @Test func aDeckToTexIsOneBeamerFrame() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": Self.branch])
        let deck = try CommandLineTool.run(
            ["render", "b.txt", "--steps", "--tikz", "standalone", "-o", "deck.tex"],
            in: directory)
        #expect(deck.status == 0, "\(deck.stderr)")
        let tex = try String(
            contentsOf: directory.appendingPathComponent("deck.tex"), encoding: .utf8)
        #expect(tex.contains("\\documentclass[aspectratio=169]{beamer}"))
        #expect(tex.components(separatedBy: "\\begin{frame}").count == 2)
        // 2 operations: 5 frames, each with its caption.
        for frame in 1...5 { #expect(tex.contains("\\only<\(frame)>{")) }
        #expect(!tex.contains("\\only<6>"))
    }

    @Test func tikzOptionsAreRefusedElsewhere() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": Self.branch])
        for (arguments, message) in [
            (
                ["render", "b.txt", "--tikz", "standalone", "-o", "b.svg"],
                "--tikz is for TikZ output"
            ),
            (["render", "b.txt", "--tikz", "poster", "-o", "b.tex"], "--tikz"),
            (
                ["render", "b.txt", "-o", "b.txt.tex", "--format", "svg"],
                "says tikz but --format says svg"
            ),
        ] {
            let result = try CommandLineTool.run(arguments, in: directory)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        // The input is never written over, even when it ends in .tex.
        let input = try CommandLineTool.folder(with: ["b.tex": Self.branch])
        let refused = try CommandLineTool.run(["render", "b.tex", "-o", "b.tex"], in: input)
        #expect(refused.status == 64)
        #expect(
            try String(contentsOf: input.appendingPathComponent("b.tex"), encoding: .utf8)
                == Self.branch)
    }
}
