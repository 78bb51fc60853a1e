import Foundation
import Testing

/// `--group`, `--collapse`, `--focus`, `--style` and `--constants`, as a user types them.
@Suite struct BigFigureCommandTests {
    let network =
        "x = [1, 2]\nW = [[1, 0], [0, 1]]\nh = np.tanh(x @ W)\ny = sum(h * 2)\nbackward y\n"

    @Test func theOptionsDrawWhatTheySay() throws {
        let directory = try CommandLineTool.folder(with: ["n.txt": network])
        let grouped = try CommandLineTool.run(
            ["render", "n.txt", "--group", "statements", "--format", "dot"], in: directory)
        #expect(grouped.status == 0, "\(grouped.stderr)")
        #expect(grouped.stdout.matches(of: /subgraph cluster_/).count == 2)
        let collapsed = try CommandLineTool.run(
            ["render", "n.txt", "--collapse", "h", "--format", "dot"], in: directory)
        #expect(collapsed.status == 0, "\(collapsed.stderr)")
        #expect(collapsed.stdout.contains("label=<h = np.tanh(x @ W)>"))
        let focused = try CommandLineTool.run(
            ["render", "n.txt", "--focus", "h", "--depth", "0", "--format", "dot"], in: directory)
        #expect(focused.status == 0, "\(focused.stderr)")
        #expect(focused.stdout.contains("label=<…>"))
        let nodes = try CommandLineTool.run(
            ["render", "n.txt", "--style", "nodes", "--format", "dot"], in: directory)
        #expect(nodes.stdout.contains("class=\"tensor\""))
        let constants = try CommandLineTool.run(
            ["render", "n.txt", "--constants", "nodes", "--format", "dot"], in: directory)
        #expect(constants.stdout.contains("class=\"constant\""))
        let inline = try CommandLineTool.run(["render", "n.txt", "--format", "dot"], in: directory)
        #expect(inline.stdout.contains("label=<× 2>"))
    }

    @Test func badOptionsAreRefusedAndWriteNothing() throws {
        let directory = try CommandLineTool.folder(with: ["n.txt": network])
        for (arguments, message) in [
            (["--collapse", ","], "--collapse takes 'statements' or names"),
            (["--focus", "h", "--depth=-1"], "--depth must be from 0 to 1000"),
            (["--depth", "3"], "--depth needs --focus NAME"),
            (["--group", "layers"], "--group"),
            (["--style", "boxes"], "--style"),
            (["--focus", "q"], "n.txt: error: --focus q: the file binds no name 'q'"),
            (["--collapse", "q"], "n.txt: error: --collapse q: the file binds no name 'q'"),
            (
                ["--collapse", "x"],
                "n.txt: error: --collapse x: the statement that binds 'x' computes nothing to collapse"
            ),
        ] {
            let result = try CommandLineTool.run(
                ["render", "n.txt", "-o", "out.svg"] + arguments, in: directory)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(
                !FileManager.default.fileExists(
                    atPath: directory.appendingPathComponent("out.svg").path))
        }
    }
}
