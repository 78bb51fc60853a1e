import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct RenderCommandTests {
    let branch = "title \"branch\"\nx = 2\ny = 3\nz = x * y + x\nbackward z\n"

    func contents(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test func svgGoesToStandardOutputByDefault() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": branch])
        let result = try CommandLineTool.run(["render", "b.txt"], in: directory)
        #expect(result.status == 0)
        let document = try XMLDocument(data: result.stdoutData)
        let texts = try document.nodes(forXPath: "//*[local-name()='text']").compactMap(
            \.stringValue)
        #expect(texts.contains("∂z/∂x = 3 + 1 = 4"))
        #expect(texts.contains("z = 8"))
        #expect(try contents(directory) == ["b.txt"])
    }

    @Test func formatsFromTheExtension() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": branch])
        for (name, check) in [
            ("f.png", { (d: Data) in Array(d.prefix(4)) == [0x89, 0x50, 0x4E, 0x47] }),
            ("f.pdf", { (d: Data) in d.starts(with: Data("%PDF-".utf8)) }),
            ("f.svg", { (d: Data) in String(decoding: d, as: UTF8.self).contains("<svg") }),
            ("f.dot", { (d: Data) in d.starts(with: Data("digraph figure {".utf8)) }),
            ("f.json", { (d: Data) in (try? JSONSerialization.jsonObject(with: d)) != nil }),
        ] {
            let result = try CommandLineTool.run(["render", "b.txt", "-o", name], in: directory)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            #expect(check(data), "\(name) is not what its extension says")
        }
        let dotOut = try CommandLineTool.run(
            ["render", "b.txt", "--format", "dot", "-o", "-"], in: directory)
        #expect(
            dotOut.stdout
                == String(
                    decoding: try Data(contentsOf: directory.appendingPathComponent("f.dot")),
                    as: UTF8.self))
    }

    @Test func severalInputsIntoADirectory() throws {
        let directory = try CommandLineTool.folder(with: [
            "a.txt": "x = 2\ny = x * x\nbackward y\n", "b.txt": branch,
        ])
        let result = try CommandLineTool.run(
            ["render", "a.txt", "b.txt", "-o", "out/", "--format", "png"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try contents(directory.appendingPathComponent("out")) == ["a.png", "b.png"])
    }

    @Test func aFailedRenderLeavesTheOldFileAndNoStrayFiles() throws {
        let directory = try CommandLineTool.folder(with: [
            "bad.txt": "x = [1, 2]\ny = x @ [1, 2, 3]\n", "b.txt": branch,
        ])
        let target = directory.appendingPathComponent("figure.svg")
        try Data("OLD CONTENTS".utf8).write(to: target)
        let result = try CommandLineTool.run(
            ["render", "bad.txt", "-o", "figure.svg"], in: directory)
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "bad.txt:2:7: error: matmul: shapes (2,) and (3,) are not aligned"))
        #expect(try Data(contentsOf: target) == Data("OLD CONTENTS".utf8))
        #expect(try contents(directory) == ["b.txt", "bad.txt", "figure.svg"])

        // Graphviz failing (no plugins) leaves the file too.
        let plugins = directory.appendingPathComponent("no-plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let noPlugins = try CommandLineTool.run(
            ["render", "b.txt", "-o", "figure.svg"], in: directory,
            environment: ["GVBINDIR": plugins.path])
        #expect(noPlugins.status == 1)
        #expect(noPlugins.stderr.contains("Graphviz's plugins are not configured"))
        #expect(noPlugins.stderr.contains("dot -c"))
        #expect(try Data(contentsOf: target) == Data("OLD CONTENTS".utf8))
        #expect(try contents(directory) == ["b.txt", "bad.txt", "figure.svg", "no-plugins"])
        // DOT needs no Graphviz at run time.
        let dot = try CommandLineTool.run(
            ["render", "b.txt", "--format", "dot"], in: directory,
            environment: ["GVBINDIR": plugins.path])
        #expect(dot.status == 0)

        // A successful render replaces it.
        let good = try CommandLineTool.run(["render", "b.txt", "-o", "figure.svg"], in: directory)
        #expect(good.status == 0)
        #expect(String(decoding: try Data(contentsOf: target), as: UTF8.self).contains("<svg"))
        #expect(try contents(directory) == ["b.txt", "bad.txt", "figure.svg", "no-plugins"])
    }

    @Test func writingIntoAMissingFolderFailsCleanly() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": branch])
        let result = try CommandLineTool.run(
            ["render", "b.txt", "-o", "missing/f.svg"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write 'missing/f.svg'"))
        #expect(try contents(directory) == ["b.txt"])
    }

    @Test func misuseIsAUsageError() throws {
        let directory = try CommandLineTool.folder(with: ["a.txt": "x = 1\n", "b.txt": branch])
        let cases: [([String], String)] = [
            (
                ["render", "b.txt", "--format", "png"],
                "PNG is binary: write it to a file with -o FILE.png"
            ),
            (
                ["render", "b.txt", "-o", "f.png", "--format", "svg"],
                "-o 'f.png' says png but --format says svg"
            ),
            (
                ["render", "a.txt", "b.txt", "-o", "one.svg"],
                "several input files need '-o DIR/' (a directory)"
            ),
            (["render", "b.txt", "-o", "figure.bmp"], "cannot tell the format of 'figure.bmp'"),
            (
                ["render", "b.txt", "--precision", "40"],
                "--precision must be from 1 to 15 (significant digits)"
            ),
            (["render", "b.txt", "--theme", "neon"], "neon"),
            (["render"], "Missing expected argument"),
        ]
        for (arguments, message) in cases {
            let result = try CommandLineTool.run(arguments, in: directory)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(try contents(directory) == ["a.txt", "b.txt"])
    }

    @Test func nonFiniteValuesWarnButRender() throws {
        let directory = try CommandLineTool.folder(with: [
            "n.txt": "x = [0, 1]\ny = log(x)\nbackward y\n"
        ])
        let result = try CommandLineTool.run(["render", "n.txt", "-o", "n.svg"], in: directory)
        #expect(result.status == 0)
        #expect(
            result.stderr
                == "n.txt: warning: ∂L/∂x contains nan or inf\nn.txt: warning: y contains nan or inf\n"
        )
        #expect(
            String(
                decoding: try Data(contentsOf: directory.appendingPathComponent("n.svg")),
                as: UTF8.self
            ).contains("−inf"))
    }

    @Test func figuresOverTheNodeLimitAreRefused() throws {
        // Each line adds an operation and a branch point: about 5,200 nodes.
        let source = "y = [1]\n" + String(repeating: "y = y + y\n", count: 2600) + "backward y\n"
        let directory = try CommandLineTool.folder(with: ["big.txt": source])
        let result = try CommandLineTool.run(["render", "big.txt", "-o", "big.svg"], in: directory)
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "big.txt: error: the figure would have 5202 nodes; render draws at most 5000"))
        #expect(try contents(directory) == ["big.txt"])
    }

    @Test func helpDescribesEveryOption() throws {
        let help = try CommandLineTool.run(["render", "--help"])
        #expect(help.status == 0)
        for option in [
            "--output", "--format", "--show", "--rankdir", "--precision", "--max-elements",
            "--theme", "--broadcast", "--dpi",
        ] {
            #expect(help.stdout.contains(option), "\(option) missing from help")
        }
        #expect(help.stdout.contains("graphviz-grad render expr.txt -o out.svg"))
    }
}
