import Foundation
import Testing

/// `render --explain --quiz --check --draw-errors`, `eval --explain` and `grade`, as a user runs them.
@Suite struct DerivationCommandTests {
    let branch = "x = 2\ny = 3\nz = x * y + x\nbackward z\n"

    @Test func gradeRightWrongAndMissing() throws {
        let directory = try CommandLineTool.folder(with: [
            "b.txt": branch,
            "right.txt": "# every blank\n1: 1\n2: 1\n3: 3\n4: 2\n5: 4.0001\n",
            "wrong.txt": "1: 1\n2: 1\n3: 3\n4: 2.5\n",
        ])
        let right = try CommandLineTool.run(["grade", "b.txt", "right.txt"], in: directory)
        #expect(right.status == 0, "\(right.stderr)")
        #expect(
            right.stdout.hasPrefix(
                "blank  gradient     your answer  result\n1      ∂z/∂(x×y)    1            right\n")
        )
        #expect(right.stdout.hasSuffix("\nall 5 blanks right\n"))
        let wrong = try CommandLineTool.run(
            ["grade", "b.txt", "wrong.txt", "--solutions"], in: directory)
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("4      ∂z/∂y        2.5          wrong   2"))
        #expect(wrong.stdout.contains("5      ∂z/∂x        (missing)    wrong   4"))
        #expect(wrong.stdout.hasSuffix("\n3 of 5 blanks right\n"))
        #expect(wrong.stderr.isEmpty)
        let strict = try CommandLineTool.run(
            ["grade", "b.txt", "right.txt", "--tolerance", "1e-6"], in: directory)
        #expect(strict.status == 1)
    }

    @Test func gradeTensorsAndMalformedSheets() throws {
        let directory = try CommandLineTool.folder(with: [
            "m.txt": "x = [[1, 2]]\nW = [[1], [2]]\ny = x @ W\nbackward y\n",
            "tensors.txt": "1: [[1, 2]]\n2: [[1], [2]]\n",
            "ragged.txt": "1: [[1], [2, 3]]\n",
            "syntax.txt": "1: 1\n2 [1, 2]\n",
            "unknown.txt": "7: 1\n",
            "twice.txt": "1: [[1, 2]]\n1: [[1, 2]]\n",
        ])
        let good = try CommandLineTool.run(["grade", "m.txt", "tensors.txt"], in: directory)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        let cases: [(String, String)] = [
            ("ragged.txt", "ragged.txt:1:4: error: ragged list"),
            (
                "syntax.txt",
                "syntax.txt:2:3: error: expected ':' after the blank's number\n2 [1, 2]\n  ^"
            ),
            (
                "unknown.txt",
                "unknown.txt:1:1: error: there is no blank 7; the quiz has blanks 1 to 2"
            ),
            ("twice.txt", "twice.txt:2:1: error: blank 1 is answered twice (first on line 1)"),
        ]
        for (sheet, message) in cases {
            let result = try CommandLineTool.run(["grade", "m.txt", sheet], in: directory)
            #expect(result.status == 1, "\(sheet)")
            #expect(result.stderr.hasPrefix(message), "\(sheet): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func checkMarksTheKinkButExitsZero() throws {
        let directory = try CommandLineTool.folder(with: [
            "k.txt": "x = 0\ny = relu(x)\nbackward y\n"
        ])
        let result = try CommandLineTool.run(
            ["render", "k.txt", "--check", "--format", "dot"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("✗"))
        #expect(result.stdout.contains("numeric 0.5"))
    }

    @Test func drawErrorsWritesTheFigureAndStillFails() throws {
        let source = "x = [[1, 2, 3], [4, 5, 6]]\ny = [1, 2, 3, 4]\nz = x + y\nbackward z\n"
        let directory = try CommandLineTool.folder(with: ["e.txt": source])
        let plain = try CommandLineTool.run(["render", "e.txt", "-o", "e.svg"], in: directory)
        #expect(plain.status == 1)
        #expect(
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent("e.svg").path))
        let drawn = try CommandLineTool.run(
            ["render", "e.txt", "-o", "e.svg", "--draw-errors"], in: directory)
        #expect(drawn.status == 1)
        #expect(
            drawn.stderr.hasPrefix(
                "e.txt:3:7: error: cannot broadcast shapes (2, 3) and (4,) in '+'"))
        let svg = try String(contentsOf: directory.appendingPathComponent("e.svg"), encoding: .utf8)
        #expect(svg.contains("failed"))
        #expect(svg.contains("cannot broadcast shapes (2, 3) and (4,) in &#39;+&#39;"))
    }

    @Test func evalExplain() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": branch])
        let result = try CommandLineTool.run(["eval", "b.txt", "--explain"], in: directory)
        #expect(result.status == 0)
        #expect(
            result.stdout.hasSuffix(
                "\nbackward, step by step:\n∂z/∂z = 1\n∂z/∂(x×y) = ∂z/∂z = 1\n∂z/∂x via + = ∂z/∂z = 1\n∂z/∂x via × = ∂z/∂(x×y) · y = 1 · 3 = 3\n∂z/∂y = ∂z/∂(x×y) · x = 1 · 2 = 2\n∂z/∂x = 3 + 1 = 4\n"
            ))
        let both = try CommandLineTool.run(["eval", "b.txt", "--explain", "--json"], in: directory)
        #expect(both.status == 64)
    }
}
