import Foundation
import Testing

/// Inputs are sacred and outputs never collide (issue 13).
@Suite struct HardeningCommandTests {
    let source = "x = 2\ny = 3\nz = x * y\nbackward z\n"

    @Test func anOutputOverAnInputIsRefused() throws {
        let directory = try CommandLineTool.folder(with: ["a.txt": source, "b.txt": source])
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("link.svg").path, withDestinationPath: "a.txt")
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("page.html").path, withDestinationPath: "a.txt"
        )
        try FileManager.default.linkItem(
            at: directory.appendingPathComponent("a.txt"),
            to: directory.appendingPathComponent("hard.svg"))
        for arguments in [
            ["render", "a.txt", "-o", "a.txt", "--format", "svg"],
            ["render", "a.txt", "-o", "./a.txt", "--format", "svg"],
            [
                "render", "a.txt", "-o", "../\(directory.lastPathComponent)/a.txt", "--format",
                "svg",
            ],
            ["render", "a.txt", "-o", "link.svg"],
            ["render", "a.txt", "-o", "hard.svg"],
            ["handout", "a.txt", "-o", "page.html"],
        ] {
            let result = try CommandLineTool.run(arguments, in: directory)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("over the input"), "\(arguments): \(result.stderr)")
            let text = try String(
                contentsOf: directory.appendingPathComponent("a.txt"), encoding: .utf8)
            #expect(text == source, "\(arguments) changed the input")
        }
        // The link itself is untouched too.
        let target = try FileManager.default.destinationOfSymbolicLink(
            atPath: directory.appendingPathComponent("link.svg").path)
        #expect(target == "a.txt")
    }

    @Test func inputsThatWouldShareAnOutputAreRefusedBeforeAnythingIsWritten() throws {
        let directory = try CommandLineTool.temporaryDirectory()
        for folder in ["one", "two"] {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
            try Data(source.utf8).write(
                to: directory.appendingPathComponent("\(folder)/x.txt"))
        }
        let result = try CommandLineTool.run(
            ["render", "one/x.txt", "two/x.txt", "-o", "out/"], in: directory)
        #expect(result.status == 64)
        #expect(result.stderr.contains("'one/x.txt' and 'two/x.txt' would both be written to"))
        #expect(
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
        let steps = try CommandLineTool.run(
            ["render", "one/x.txt", "two/x.txt", "--steps", "-o", "frames/"], in: directory)
        #expect(steps.status == 64)
        #expect(steps.stderr.contains("x-NN.svg"))
    }

    @Test func numericTroubleIsReported() throws {
        let directory = try CommandLineTool.folder(with: [
            "nan.txt": "x = -1\ny = log(x)\nbackward y\n",
            "inf.txt": "x = 0\ny = log(x)\nbackward y\n",
            "plain.txt": "x = 2\ny = x * 3\n",
        ])
        let eval = try CommandLineTool.run(["eval", "nan.txt"], in: directory)
        #expect(eval.status == 0)
        #expect(eval.stderr.contains("nan.txt: warning: y contains nan or inf"))
        let check = try CommandLineTool.run(["check", "inf.txt"], in: directory)
        #expect(check.status == 1)
        #expect(
            check.stderr.contains("inf.txt: error: 'y' is already nan or inf before any change"))
        #expect(!check.stdout.contains("FAIL"))
        let noBackward = try CommandLineTool.run(["check", "plain.txt"], in: directory)
        #expect(noBackward.status == 1)
        #expect(
            noBackward.stderr.contains(
                "plain.txt: error: the file has no 'backward' statement, so there is no gradient to check"
            ))
        #expect(!noBackward.stderr.contains("plain.txt:1:1"))
    }
}
