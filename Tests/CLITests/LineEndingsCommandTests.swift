import Foundation
import Testing

/// CRLF line endings and a byte-order mark mean in answer sheets, handouts, statement labels and
/// diagnostics what they mean in expression files.
@Suite struct LineEndingsCommandTests {
    let bom = "\u{FEFF}"

    @Test func aCRLFSheetWithAMarkIsGradedLineByLine() throws {
        let directory = try CommandLineTool.folder(with: [
            "m.txt": bom + "x = 2\r\ny = 3\r\nz = x * y\r\nbackward z\r\n",
            "answers.txt": bom + "1: 3\r\n2: 2\r\n",
        ])
        let result = try CommandLineTool.run(["grade", "m.txt", "answers.txt"], in: directory)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("all 2 blanks right\n"))
    }

    @Test func aCRLFHandoutKeepsItsProseApartFromItsSource() throws {
        let directory = try CommandLineTool.folder(with: [
            "h.txt": bom + "# The prose.\r\n# More prose.\r\nx = 2\r\ny = x * 3\r\nbackward y\r\n"
        ])
        let result = try CommandLineTool.run(["handout", "h.txt"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("<p>The prose. More prose.</p>"))
        #expect(!result.stdout.contains("y = x * 3</p>"))
    }

    @Test func statementLabelsAndDiagnosticsHaveNoCarriageReturn() throws {
        let directory = try CommandLineTool.folder(with: [
            "c.txt": bom + "x = [1.0, 2.0]\r\ny = sum(x * 2)\r\nbackward y\r\n",
            "e.txt": bom + "x = 2\r\ny = x +\r\n",
        ])
        let collapsed = try CommandLineTool.run(
            ["render", "c.txt", "--collapse", "statements", "--format", "dot"], in: directory)
        #expect(collapsed.status == 0)
        #expect(collapsed.stdout.contains("y = sum(x * 2)"))
        #expect(!collapsed.stdout.contains("\r") && !collapsed.stdout.contains("\u{FFFD}"))
        let error = try CommandLineTool.run(["eval", "e.txt"], in: directory)
        #expect(
            error.stderr.hasPrefix(
                "e.txt:2:8: error: expected an expression, found the end of the line\ny = x +\n       ^"
            ),
            "\(error.stderr)")
    }
}
