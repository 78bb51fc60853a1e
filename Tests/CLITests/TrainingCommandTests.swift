import Foundation
import GraphvizGrad
import Testing

/// `plot`, `render --pass`, `render --passes` and the calls options, run as a teacher runs them.
@Suite struct TrainingCommandTests {
    let training =
        "# A step down a parabola\nw = 3.0\nfor i in range(5):\n    loss = w * w\n    w.cleargrad()\n    loss.backward()\n    w.data -= 0.25 * w.grad\n"

    func write(_ text: String, _ name: String = "train.py") throws -> (URL, String) {
        let directory = try CommandLineTool.temporaryDirectory()
        let file = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return (directory, file.path)
    }

    @Test func plotWritesSVGAndPNGAndSaysWhatIsWrong() throws {
        let (directory, path) = try write(training)
        let svg = directory.appendingPathComponent("loss.svg").path
        let plot = try CommandLineTool.run(["plot", path, "-o", svg])
        #expect(plot.status == 0, "\(plot.stderr)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("data-pass=\"5\" data-value=\"0.03515625\""))
        let png = directory.appendingPathComponent("loss.png").path
        let bitmap = try CommandLineTool.run(["plot", path, "--log-y", "-o", png])
        #expect(bitmap.status == 0, "\(bitmap.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // Usage errors name the option; a file's error names the file.
        let cases: [([String], String)] = [
            (["plot", path, "--path", "w"], "--path takes two names"),
            (["plot", path, "--range", "0:1,0:1"], "--range needs --path A B"),
            (["plot", path, "--format", "svg", "-o", path], "over the input"),
            (["plot", path, "--path", "w", "w"], "two different"),
            (["plot", path, "--format", "dot"], "The value 'dot' is invalid for '--format"),
            (["plot", path, "-o", "x.dot"], "a plot is svg, png or pdf"),
            (["plot", path, "--format", "png"], "PNG is binary"),
        ]
        for (arguments, message) in cases {
            let result = try CommandLineTool.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let (_, single) = try write("x = 2\ny = x * x\nbackward y\n", "one.txt")
        let none = try CommandLineTool.run(["plot", single, "--path", "x", "y"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("the pass does not read a parameter 'y'"), "\(none.stderr)")
        let (_, untrained) = try write("x = 2\ny = x * x\n", "untrained.txt")
        let empty = try CommandLineTool.run(["plot", untrained])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("has no 'backward' statement, so it has no passes to plot"))
        // Nothing was written over on failure.
        #expect(try String(contentsOfFile: svg, encoding: .utf8) == text)
    }

    @Test func renderDrawsThePassAskedFor() throws {
        let (directory, path) = try write(training)
        let dot = directory.appendingPathComponent("pass.dot").path
        let second = try CommandLineTool.run(["render", path, "--pass", "2", "-o", dot])
        #expect(second.status == 0)
        let text = try String(contentsOfFile: dot, encoding: .utf8)
        #expect(text.contains("pass 2 of 5"))
        #expect(text.contains("w ← w − 0.25 · ∂loss/∂w = 0.75"))
        let beyond = try CommandLineTool.run(["render", path, "--pass", "6", "-o", dot])
        #expect(beyond.status == 1)
        #expect(beyond.stderr.contains("--pass 6: the file has 5 passes, counted from 1"))
        let zero = try CommandLineTool.run(["render", path, "--pass", "0"])
        #expect(zero.status == 64)
    }

    @Test func renderPassesWritesADeckOrFrames() throws {
        let (directory, path) = try write(training)
        let deck = directory.appendingPathComponent("run.html").path
        let page = try CommandLineTool.run(["render", path, "--passes", "-o", deck])
        #expect(page.status == 0, "\(page.stderr)")
        let html = try String(contentsOfFile: deck, encoding: .utf8)
        #expect(html.components(separatedBy: "<section class=\"frame\"").count == 6)
        #expect(html.contains("pass 3 of 5: loss = 0.562"))
        let frames = directory.appendingPathComponent("frames").path + "/"
        let listed = try CommandLineTool.run(["render", path, "--passes", "1,3", "-o", frames])
        #expect(listed.status == 0, "\(listed.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: frames).sorted()
        #expect(files == ["train-pass-01.svg", "train-pass-03.svg"])
        let every = try CommandLineTool.run([
            "render", path, "--passes", "--every", "2", "-o", frames, "--format", "png",
        ])
        #expect(every.status == 0, "\(every.stderr)")
        let pngs = try FileManager.default.contentsOfDirectory(atPath: frames).filter {
            $0.hasSuffix(".png")
        }.sorted()
        #expect(pngs == ["train-pass-01.png", "train-pass-03.png", "train-pass-05.png"])
        for (arguments, message) in [
            (
                ["render", path, "--passes", "-o", "x.svg"],
                "a deck of passes is one file (-o run.html, -o run.tex) or a file per frame (-o DIR/ with svg, png, pdf)"
            ),
            (
                ["render", path, "--passes", "0,1", "-o", deck],
                "--passes takes passes counted from 1"
            ),
            (["render", path, "--passes", "--steps", "-o", deck], "choose one"),
            (["render", path, "--passes", "1", "--every", "2", "-o", deck], "--every K goes with"),
            (["render", path, "--passes", "--quiz", "-o", deck], "cannot be combined with --quiz"),
        ] {
            let result = try CommandLineTool.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    @Test func callsGroupAndCollapse() throws {
        let source =
            "def affine(x, w, b):\n    return x * w + b\n\nw = 2.0\nb = 1.0\nfor i in range(2):\n    loss = affine(3.0, w, b) ** 2\n    w.cleargrad()\n    b.cleargrad()\n    loss.backward()\n    w.data -= 0.01 * w.grad\n    b.data -= 0.01 * b.grad\n"
        let (directory, path) = try write(source)
        let dot = directory.appendingPathComponent("calls.dot").path
        let grouped = try CommandLineTool.run(["render", path, "--group", "calls", "-o", dot])
        #expect(grouped.status == 0, "\(grouped.stderr)")
        #expect(try String(contentsOfFile: dot, encoding: .utf8).contains("affine(3.0, w, b)"))
        let collapsed = try CommandLineTool.run(["render", path, "--collapse", "calls", "-o", dot])
        #expect(collapsed.status == 0)
        let text = try String(contentsOfFile: dot, encoding: .utf8)
        #expect(text.contains("shape=box"))
        #expect(text.contains("affine(3.0, w, b)"))
    }
}
