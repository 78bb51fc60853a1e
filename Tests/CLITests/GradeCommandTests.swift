import Foundation
import Testing

/// `grade` marks what a careful student writes: the figure's own rounding, lists over several
/// lines, and, when wrong, which elements or which shape.
@Suite struct GradeCommandTests {
    /// A sigmoid unit whose gradients are not round numbers.
    let unit = "x = 0.5\nw = -1.2\nb = 0.3\np = sigmoid(x * w + b)\nloss = -log(p)\nbackward loss\n"

    @Test func anAnswerRoundedAsTheFigureRoundsItIsRight() throws {
        let directory = try CommandLineTool.folder(with: ["u.txt": unit])
        let quiz = try CommandLineTool.run(
            ["render", "u.txt", "--quiz", "--format", "dot"], in: directory)
        #expect(quiz.status == 0)
        // Every blank answered with the number the (unquizzed) figure prints.
        let solutions = try CommandLineTool.run(
            ["grade", "u.txt", "/dev/null", "--solutions", "--tolerance", "0"], in: directory)
        let figure = try CommandLineTool.run(["render", "u.txt", "--format", "dot"], in: directory)
        #expect(figure.status == 0)
        let rows = solutions.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst().prefix { !$0.isEmpty }
        #expect(rows.count >= 5)
        var sheet = ""
        for row in rows {
            let cells = row.split(separator: " ", omittingEmptySubsequences: true)
            let blank = cells[0]
            let exact = try #require(Double(cells.last!))
            // Three significant digits, as the figure prints them by default.
            sheet += "\(blank): \(String(format: "%.3g", exact))\n"
        }
        try sheet.write(
            to: directory.appendingPathComponent("rounded.txt"), atomically: true, encoding: .utf8)
        let graded = try CommandLineTool.run(
            ["grade", "u.txt", "rounded.txt", "--tolerance", "0"], in: directory)
        #expect(graded.status == 0, "\(sheet)\n\(graded.stdout)")
        let precise = try CommandLineTool.run(
            ["grade", "u.txt", "rounded.txt", "--tolerance", "0", "--precision", "6"], in: directory
        )
        #expect(precise.status == 1, "at 6 digits, 3-digit answers are not the printed rounding")
    }

    @Test func aTensorAnswerMaySpanLinesAndSaysWhereItIsWrong() throws {
        let directory = try CommandLineTool.folder(with: [
            "m.txt":
                "x = [[1, 2, 3], [4, 5, 6]]\nW = [[1, 0, 2], [0, 1, 3]]\ny = sum(x * W)\nbackward y\n",
            "lines.txt":
                "1: [[1, 1, 1], [1, 1, 1]]\n2: [[1, 0, 2],  # the first row\n    [0, 1, 3]]\n3: [[1, 2, 3],\n    [4, 5, 6],\n]\n",
            "wrong.txt": "2: [[1, 0, 9],\n    [0, 7, 3]]\n3: [1, 2, 3]\n",
            "open.txt": "1: [[1, 0, 2],\n",
        ])
        let lines = try CommandLineTool.run(["grade", "m.txt", "lines.txt"], in: directory)
        #expect(lines.status == 0, "\(lines.stdout)\(lines.stderr)")
        let wrong = try CommandLineTool.run(["grade", "m.txt", "wrong.txt"], in: directory)
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("wrong at [0, 2], [1, 1]"), "\(wrong.stdout)")
        #expect(
            wrong.stdout.contains("wrong shape (3,), the gradient's is (2, 3)"), "\(wrong.stdout)")
        let open = try CommandLineTool.run(["grade", "m.txt", "open.txt"], in: directory)
        #expect(open.status == 1)
        #expect(
            open.stderr.hasPrefix(
                "open.txt:1:4: error: this list is not closed: the sheet ends inside it"),
            "\(open.stderr)")
    }

    /// `grade --json`: the table as data, tensors as nested lists, a wrong element named, no
    /// solution unless asked for.
    @Test func gradeJSONIsTheTableAsData() throws {
        let directory = try CommandLineTool.folder(with: [
            "m.txt":
                "x = [[1, 2, 3], [4, 5, 6]]\nW = [[1, 0, 2], [0, 1, 3]]\ny = sum(x * W)\nbackward y\n",
            "wrong.txt": "2: [[1, 0, 9],\n    [0, 7, 3]]\n3: [[1, 2, 3], [4, 5, 6]]\n",
        ])
        let graded = try CommandLineTool.run(
            ["grade", "m.txt", "wrong.txt", "--json"], in: directory)
        #expect(graded.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(graded.stdout.utf8)) as? [String: Any])
        let blanks = try #require(object["blanks"] as? [[String: Any]])
        #expect(blanks.map { $0["blank"] as? Int } == [1, 2, 3])
        #expect(blanks[0]["answer"] is NSNull)
        #expect(blanks[1]["answer"] as? [[Double]] == [[1, 0, 9], [0, 7, 3]])
        #expect(blanks[1]["detail"] as? String == "at [0, 2], [1, 1]")
        #expect(blanks.map { $0["right"] as? Bool } == [false, false, true])
        #expect(blanks.allSatisfy { $0["solution"] == nil })
        #expect(object["right"] as? Int == 1)
        #expect(object["total"] as? Int == 3)
        #expect(object["passed"] as? Bool == false)
        let solved = try CommandLineTool.run(
            ["grade", "m.txt", "wrong.txt", "--json", "--solutions"], in: directory)
        #expect(solved.stdout.contains("\"solution\": [[1.0, 0.0, 2.0], [0.0, 1.0, 3.0]]"))
    }

    /// `grade` numbers blanks as `render --quiz` does under the same figure options.
    @Test func gradeAndRenderNumberTheSameBlanks() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "samples")
        let file = samples.appendingPathComponent("two-layer.txt").path
        for options in [
            [String](), ["--collapse", "statements"], ["--focus", "h"], ["--broadcast", "hide"],
            ["--style", "nodes"],
        ] {
            let quiz = try CommandLineTool.run(
                ["render", file, "--quiz", "--format", "dot"] + options)
            #expect(quiz.status == 0, "\(quiz.stderr)")
            let drawn = Set(quiz.stdout.matches(of: />&#91;(\d+)&#93;</).map { Int($0.output.1)! })
            let graded = try CommandLineTool.run(["grade", file, "/dev/null"] + options)
            let numbered = graded.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                .dropFirst().prefix { !$0.isEmpty }.compactMap { Int($0.split(separator: " ")[0]) }
            #expect(!drawn.isEmpty)
            #expect(
                Set(numbered) == drawn, "\(options): drawn \(drawn.sorted()), graded \(numbered)")
        }
    }

    @Test func aQuizNeedsBackwardLikeGrade() throws {
        let directory = try CommandLineTool.folder(with: ["f.txt": "x = 2\ny = x * 3\n"])
        let render = try CommandLineTool.run(
            ["render", "f.txt", "--quiz", "-o", "q.svg"], in: directory)
        let grade = try CommandLineTool.run(["grade", "f.txt", "/dev/null"], in: directory)
        #expect(render.status == 1)
        #expect(
            render.stderr.hasPrefix(
                "f.txt: error: the file has no 'backward' statement, so its quiz has no blanks"),
            "\(render.stderr)")
        #expect(grade.stderr == render.stderr)
        #expect(
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent("q.svg").path))
    }
}
