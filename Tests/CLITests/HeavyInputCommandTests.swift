import Foundation
import Testing

/// Heavy inputs finish or are refused, under a 1 GiB address-space limit the test sets with
/// `prlimit` (a process over it fails to allocate and the test sees the failure). A run that does
/// not end in 60 s is killed and fails the test: a hang guard, not a speed goal (those are
/// measured by `scripts/bench` and `scripts/heaviest`).
@Suite struct HeavyInputCommandTests {
    static let prlimit = "/usr/bin/prlimit"

    func runBounded(_ arguments: [String], files: [String: String]) throws -> CommandLineTool.Result
    {
        let directory = try CommandLineTool.folder(with: files)
        guard let tool = CommandLineTool.executable,
            FileManager.default.isExecutableFile(atPath: Self.prlimit)
        else { throw CommandLineTool.MissingExecutable() }
        return try CommandLineTool.run(
            ["--as=\(1 << 30)", tool.path] + arguments, in: directory,
            executable: URL(fileURLWithPath: Self.prlimit), killAfter: 60)
    }

    @Test func aHugeUnknownNameIsRefusedWithoutASuggestionsCost() throws {
        let name = String(repeating: "a", count: 30_000)
        let result = try runBounded(
            ["eval", "f.txt"], files: ["f.txt": "x = 1\ny = \(name) + x\n"])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix("f.txt:2:5: error: a name has at most 200 characters"),
            "\(result.stderr.prefix(200))")
        #expect(result.stderr.count < 1_000)
    }

    @Test func anAnswerNestedTwentyThousandDeepIsRefused() throws {
        let sheet =
            "1: " + String(repeating: "[", count: 20_000) + "1"
            + String(repeating: "]", count: 20_000) + "\n"
        let result = try runBounded(
            ["grade", "f.txt", "answers.txt"],
            files: ["f.txt": "x = 2\ny = x * 3\nbackward y\n", "answers.txt": sheet])
        #expect(result.status == 1)
        #expect(result.stderr.contains("lists in an answer nest at most 256 deep"))
    }

    @Test func statementsOnOneLineAreLinear() throws {
        let line = (0..<20_000).map { "a\($0) = 1" }.joined(separator: "; ")
        let result = try runBounded(["eval", "f.txt", "--json"], files: ["f.txt": line + "\n"])
        #expect(result.status == 0, "\(result.stderr.prefix(200))")
        #expect(result.stdout.contains("\"a19999\""))
    }

    @Test func checkIsBudgetedAsAWhole() throws {
        // 20,000 leaves: replaying the pass is cheap, but 40,000 replays are not.
        var lines = (0..<20_000).map { "a\($0) = \($0 % 7).5" }
        lines.append("total = " + (0..<1_000).map { "a\($0)" }.joined(separator: " + "))
        for chunk in 1..<20 {
            lines.append(
                "total = total + "
                    + (chunk * 1_000..<(chunk + 1) * 1_000).map { "a\($0)" }.joined(
                        separator: " + "))
        }
        lines.append("backward total")
        let result = try runBounded(
            ["check", "f.txt"], files: ["f.txt": lines.joined(separator: "\n") + "\n"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("more than the work budget allows"),
            "\(result.stderr.prefix(300))")
    }

    @Test func checkScalesItsToleranceToTheLoss() throws {
        let result = try runBounded(
            ["check", "f.txt"],
            files: [
                "f.txt":
                    "x = [1000.0, 2000.0, 3000.0]\nw = 3000.0\nloss = sum((x * w) ** 2)\nbackward loss\n"
            ])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all 2 leaves match"))
    }

    @Test func outputsAndTablesHaveCaps() throws {
        let json = try runBounded(
            ["eval", "f.txt", "--json"],
            files: ["f.txt": "x = zeros(3000, 3000)\ny = sum(x)\nbackward y\n"])
        #expect(json.status == 1)
        #expect(json.stderr.contains("eval --json would write 18000002 numbers"), "\(json.stderr)")
        #expect(json.stdout.isEmpty)
        let table = try runBounded(
            ["render", "f.txt", "--max-elements", "1000000"], files: ["f.txt": "x = 1\n"])
        #expect(table.status == 64)
        #expect(table.stderr.contains("--max-elements must be from 1 to 10000"))
    }

    @Test func aFolderGetsABoundedNumberOfFrames() throws {
        let chain =
            "x = 0.5\ny = x\n" + String(repeating: "y = y * 1.01 + 0.1\n", count: 300)
            + "backward y\n"
        let result = try runBounded(
            ["render", "c.txt", "--steps", "-o", "frames/"], files: ["c.txt": chain])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "--steps would write 1201 frame files; a folder gets at most 401"))
        #expect(result.stderr.contains("--focus NAME"))
    }

    @Test func aFiguresTablesHaveABudget() throws {
        var program = "seed 0\n"
        for index in 0..<6 { program += "x\(index) = randn(100, 100)\n" }
        program +=
            "y = sum(" + (0..<6).map { "x\($0)" }.joined(separator: " * ") + ")\nbackward y\n"
        let result = try runBounded(
            ["render", "f.txt", "--max-elements", "10000", "-o", "f.svg"], files: ["f.txt": program]
        )
        #expect(result.status == 1)
        #expect(result.stderr.contains("render draws at most 60000"), "\(result.stderr)")
    }
}
