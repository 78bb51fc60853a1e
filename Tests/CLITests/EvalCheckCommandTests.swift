import Foundation
import GraphvizGrad
import Testing

@Suite struct EvalCheckCommandTests {
    let branch = "# the article's branch\nx = 2\ny = 3\nz = x * y + x\nbackward z\n"

    func write(_ text: String, _ name: String = "expr.txt") throws -> (URL, String) {
        let directory = try CommandLineTool.temporaryDirectory()
        let file = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return (directory, file.path)
    }

    @Test func evalPrintsValuesAndGradients() throws {
        let (_, path) = try write(branch)
        let result = try CommandLineTool.run(["eval", path])
        #expect(result.status == 0)
        #expect(
            result.stdout
                == "x () =\n2.\n∂z/∂x =\n4.\n\ny () =\n3.\n∂z/∂y =\n2.\n\nz () =\n8.\n∂z/∂z =\n1.\n\n"
        )
        #expect(result.stderr.isEmpty)
    }

    /// A training file: `eval` prints what it prints, then its last pass; `--output-only` only
    /// the first; `render` and `check` never print the program's output; `--pass` chooses.
    @Test func aTrainingFilesOutputGoesToEvalOnly() throws {
        let (directory, path) = try write(
            "w = 3.0\nfor i in range(3):\n    loss = w * w\n    w.cleargrad()\n    loss.backward()\n    w.data -= 0.25 * w.grad\n    print('step', i, loss)\n",
            "train.py")
        let eval = try CommandLineTool.run(["eval", path])
        #expect(eval.status == 0)
        #expect(
            eval.stdout.hasPrefix(
                "step 0 9.0\nstep 1 2.25\nstep 2 0.5625\npasses:\npass  loss    w after\n1     9.      1.5\n2     2.25    0.75\n3     0.5625  0.375\n\npass 3 of 3:\nw () =\n0.75\n"
            ), "\(eval.stdout)")
        let only = try CommandLineTool.run(["eval", path, "--output-only"])
        #expect(only.stdout == "step 0 9.0\nstep 1 2.25\nstep 2 0.5625\n")
        let first = try CommandLineTool.run(["eval", path, "--pass", "1", "--output-only"])
        #expect(first.stdout == only.stdout)
        let firstReport = try CommandLineTool.run(["eval", path, "--pass", "1"])
        #expect(firstReport.stdout.contains("w () =\n3.\n∂loss/∂w =\n6.\n"))
        let svg = directory.appendingPathComponent("train.svg").path
        let render = try CommandLineTool.run(["render", path, "-o", svg])
        #expect(render.status == 0 && render.stdout.isEmpty && !render.stderr.contains("step"))
        let check = try CommandLineTool.run(["check", path, "--pass", "2"])
        #expect(check.status == 0 && !check.stdout.contains("step 0"))
        #expect(check.stdout.contains("the leaf matches finite differences"))
        let beyond = try CommandLineTool.run(["eval", path, "--pass", "4"])
        #expect(beyond.status == 1)
        #expect(beyond.stderr.contains("--pass 4: the file has 3 passes, counted from 1"))
    }

    @Test func evalJSONParsesBack() throws {
        let (_, path) = try write(
            "seed 0\nx = [[1, 2, 3], [4, 5, 6]]\nb = [0.5, 0, -1]\ny = sum(x * b, axis=1)\nunused = 7\nbackward y\n"
        )
        let result = try CommandLineTool.run(["eval", path, "--json"])
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(object["target"] as? String == "y")
        let variables = try #require(object["variables"] as? [String: [String: Any]])
        #expect(variables["x"]?["shape"] as? [Int] == [2, 3])
        #expect(variables["x"]?["grad"] as? [[Double]] == [[0.5, 0, -1], [0.5, 0, -1]])
        #expect(variables["b"]?["grad"] as? [Double] == [5, 7, 9])
        #expect(variables["y"]?["value"] as? [Double] == [-2.5, -4])
        #expect(variables["unused"]?["value"] as? Double == 7)
        #expect(variables["unused"]?["grad"] is NSNull)
    }

    @Test func evalReadsStandardInput() throws {
        let result = try CommandLineTool.run(["eval", "-", "--json"], stdin: "a = [1, 2]\n")
        #expect(result.status == 0)
        #expect(
            result.stdout
                == "{\"target\": null, \"variables\": {\n  \"a\": {\"shape\": [2], \"value\": [1.0, 2.0], \"grad\": null}\n}}\n"
        )
    }

    @Test func inputErrorsGoToStderrWithStatusOne() throws {
        let (_, path) = try write("x = zeros(2, 3)\ny = [1, 2, 3, 4]\nz = x + y\n")
        let result = try CommandLineTool.run(["eval", path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "\(path):3:7: error: cannot broadcast shapes (2, 3) and (4,) in '+'\nz = x + y\n    ~~^~~\n"
        )
        let stdin = try CommandLineTool.run(["eval", "-"], stdin: "y = q\n")
        #expect(stdin.stderr == "<stdin>:1:5: error: unknown name 'q'\ny = q\n    ^\n")
    }

    @Test func unreadableFiles() throws {
        let missing = try CommandLineTool.run(["eval", "no-such-file.txt"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "no-such-file.txt: error: no such file\n")
        let (directory, _) = try write("x = 1\n")
        let folder = try CommandLineTool.run(["eval", directory.path])
        #expect(folder.status == 1)
        #expect(folder.stderr.hasSuffix("error: is a directory, not an expression file\n"))
        let invalid = directory.appendingPathComponent("latin1.txt")
        try Data([0x78, 0x20, 0x3D, 0x20, 0xE9, 0x0A]).write(to: invalid)
        let bytes = try CommandLineTool.run(["eval", invalid.path])
        #expect(bytes.status == 1)
        #expect(bytes.stderr.hasPrefix("\(invalid.path):1:5: error: invalid UTF-8 (byte 0xE9)"))
    }

    @Test func fileOverTheSizeLimit() throws {
        let (directory, _) = try write("x = 1\n")
        let big = directory.appendingPathComponent("big.txt")
        try Data(repeating: 0x20, count: 10 * 1024 * 1024 + 1).write(to: big)
        let result = try CommandLineTool.run(["eval", big.path])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "\(big.path):1:1: error: the file is over the limit of 10 MiB for an expression file\n"
        )
    }

    @Test func checkPassesAndFails() throws {
        let (_, good) = try write(branch)
        let pass = try CommandLineTool.run(["check", good])
        #expect(pass.status == 0)
        #expect(pass.stdout.hasPrefix("leaf  shape  max abs error  max rel error  ok\nx     ()"))
        #expect(pass.stdout.hasSuffix("all 2 leaves match finite differences (tolerance 1e-05)\n"))

        let (_, kink) = try write("x = [0, 1]\nL = sum((x ** 2) ** 0.5)\nbackward L\n")
        let fail = try CommandLineTool.run(["check", kink])
        #expect(fail.status == 1)
        #expect(fail.stdout.contains("FAIL"))
        #expect(
            fail.stdout.hasSuffix("1 of 1 leaf differs from finite differences (tolerance 1e-05)\n")
        )

        let (_, noBackward) = try write("x = 1\n")
        let none = try CommandLineTool.run(["check", noBackward])
        #expect(none.status == 1)
        #expect(none.stderr.contains("error: the file has no 'backward' statement"))
    }

    @Test func commandLineMisuseIsAUsageError() throws {
        let noFile = try CommandLineTool.run(["eval"])
        #expect(noFile.status == 64)
        #expect(noFile.stderr.contains("Missing expected argument '<file>'"))
        let badTolerance = try CommandLineTool.run(["check", "x.txt", "--tolerance=-1"])
        #expect(badTolerance.status == 64)
        #expect(badTolerance.stderr.contains("--tolerance must be a positive number"))
        let unknown = try CommandLineTool.run(["frobnicate"])
        #expect(unknown.status == 64)
    }

    @Test func helpListsTheCommands() throws {
        let help = try CommandLineTool.run(["--help"])
        #expect(help.status == 0)
        for command in ["eval", "check", "ops"] { #expect(help.stdout.contains("  \(command) ")) }
        let evalHelp = try CommandLineTool.run(["eval", "--help"])
        #expect(evalHelp.stdout.contains("--json"))
        #expect(evalHelp.stdout.contains("'-' for standard input"))
    }

    @Test func opsListsEveryRegisteredFunction() throws {
        let ops = try CommandLineTool.run(["ops"])
        #expect(ops.status == 0)
        let lines = ops.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        // Sections (operations, constructors, constants), each a heading and indented entries.
        let headings = lines.filter { $0.hasSuffix(":") }
        #expect(headings.count == 3)
        let listed = lines.filter { $0.hasPrefix("  ") }.map {
            String($0.dropFirst(2).prefix { $0 != "(" })
        }
        let registry =
            OpRegistry.functions.filter(\.isOperation).map(\.name)
            + OpRegistry.functions.filter(\.isConstructor).map(\.name)
            + OpRegistry.functions.filter(\.isConstant).map(\.name)
        #expect(listed == registry)
        #expect(ops.stdout.contains("subtract → sub"))
        #expect(ops.stdout.contains(".sum()"))
        for function in OpRegistry.functions {
            #expect(ops.stdout.contains(function.summary), "\(function.name)'s summary is missing")
        }
    }
}
