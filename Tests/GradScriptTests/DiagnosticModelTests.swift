import Testing

@testable import GradScript

/// One diagnostic type and one printer for every kind of message.
@Suite struct DiagnosticModelTests {
    @Test func locatedUnlocatedAndFilelessForms() {
        let file = SourceFile(path: "e.txt", text: "x = 1\ny = x @ x\n")
        let range = SourceRange(
            SourceLocation(line: 2, column: 5), SourceLocation(line: 2, column: 10))
        let located = Diagnostic(
            file: file, message: "'@' needs tensors", range: range,
            point: SourceLocation(line: 2, column: 7))
        #expect(located.description == "e.txt:2:7: error: '@' needs tensors\ny = x @ x\n    ~~^~~")

        let warning = Diagnostic(
            file: file, message: "x is unused", range: range, severity: .warning)
        #expect(warning.description.hasPrefix("e.txt:2:5: warning: x is unused\n"))

        #expect(
            Diagnostic("no such file", path: "a.txt").description == "a.txt: error: no such file")
        #expect(
            Diagnostic("y contains nan or inf", path: "a.txt", severity: .warning).description
                == "a.txt: warning: y contains nan or inf")
        #expect(
            Diagnostic("over the limit", path: "big.txt", at: SourceLocation(line: 1, column: 1))
                .description == "big.txt:1:1: error: over the limit")
        #expect(
            Diagnostic("see docs/language.md", severity: .note).description
                == "graphviz-grad: note: see docs/language.md")
    }

    @Test func theLogKeepsOrderAndCountsErrors() {
        let seen = Seen()
        let log = DiagnosticLog { seen.add($0.message) }
        log.report(Diagnostic("first", severity: .warning))
        log.report(Diagnostic("second"))
        log.report(Diagnostic("third", severity: .note))
        #expect(log.diagnostics.map(\.message) == ["first", "second", "third"])
        #expect(seen.messages == ["first", "second", "third"])
        #expect(log.errorCount == 1)
    }

    final class Seen: @unchecked Sendable {
        private(set) var messages: [String] = []
        func add(_ message: String) { messages.append(message) }
    }
}
