import Foundation
import GradCore
import GradDOT
import GradScript

/// `graphviz-grad grade`: a student's answers to the blanks of `render --quiz`, checked against
/// the gradients.
public enum Grading {
    /// One answer from the sheet: `3: 1.5` or `4: [[1, 2], [3, 4]]`.
    public struct Answer: Sendable {
        public let blank: Int
        public let value: Tensor
        public let line: Int
    }

    /// How one blank went.
    public struct Mark: Sendable {
        public let blank: Int
        /// The gradient's label: `∂z/∂x via ×`.
        public let label: String
        public let answer: Tensor?
        public let solution: Tensor
        public let isRight: Bool
    }

    /// Reads an answer sheet: one line per blank, `N: VALUE` (a number or a nested list for a
    /// tensor), `#` comments and blank lines. A malformed line, a blank answered twice and a blank
    /// the quiz does not have are located errors in the sheet.
    public static func answers(in sheet: SourceFile, blanks: Int) throws(Diagnostic) -> [Answer] {
        var answers: [Answer] = []
        for (index, line) in sheet.lines.enumerated() {
            var reader = SheetLine(file: sheet, line: index + 1, text: line)
            guard let (blank, blankColumn) = try reader.blankNumber() else { continue }
            try reader.expect(":")
            let value = try reader.value()
            try reader.expectEnd()
            if let first = answers.first(where: { $0.blank == blank }) {
                throw reader.error(
                    "blank \(blank) is answered twice (first on line \(first.line))",
                    at: blankColumn)
            }
            guard (1...max(blanks, 1)).contains(blank), blanks > 0 else {
                let range =
                    blanks == 0 ? "the quiz has no blanks" : "the quiz has blanks 1 to \(blanks)"
                throw reader.error("there is no blank \(blank); \(range)", at: blankColumn)
            }
            answers.append(Answer(blank: blank, value: value, line: index + 1))
        }
        return answers
    }

    /// Every blank of the figure, in order, marked against its answer (a missing answer is wrong).
    /// An answer is right when it has the gradient's shape and each element is within
    /// `tolerance` of it, relatively.
    public static func marks(for figure: Figure, answers: [Answer], tolerance: Double) -> [Mark] {
        figure.blanks.map { blank in
            let answer = answers.first { $0.blank == blank.number }?.value
            let isRight = answer.map { isClose($0, blank.value, tolerance: tolerance) } ?? false
            return Mark(
                blank: blank.number, label: blank.label, answer: answer, solution: blank.value,
                isRight: isRight)
        }
    }

    static func isClose(_ answer: Tensor, _ solution: Tensor, tolerance: Double) -> Bool {
        answer.shape == solution.shape
            && zip(answer.scalars, solution.scalars).allSatisfy { given, right in
                given == right || abs(given - right) <= tolerance * max(abs(right), 1e-12)
            }
    }

    /// The table `grade` prints, and a closing line.
    public static func table(_ marks: [Mark], showSolutions: Bool) -> String {
        var header = ["blank", "gradient", "your answer", "result"]
        if showSolutions { header.append("right answer") }
        let rows = marks.map { mark -> [String] in
            var row = [
                String(mark.blank), mark.label, mark.answer.map(text) ?? "(missing)",
                mark.isRight ? "right" : "wrong",
            ]
            if showSolutions { row.append(text(mark.solution)) }
            return row
        }
        let right = marks.filter(\.isRight).count
        let summary =
            right == marks.count
            ? "all \(marks.count) \(marks.count == 1 ? "blank" : "blanks") right"
            : "\(right) of \(marks.count) blanks right"
        return TextTable.render(header: header, rows: rows) + "\n\n" + summary + "\n"
    }

    /// A tensor as an answer is written: `1.5`, `[[1, 2], [3, 4]]`, shortened past 40 characters.
    static func text(_ tensor: Tensor) -> String {
        let numbers = FigureNumbers(precision: 6)
        func nested(_ offset: Int, _ dims: ArraySlice<Int>) -> String {
            guard let length = dims.first else {
                return numbers.format(tensor.scalars[offset]).replacingEvery(
                    "−", with: "-")
            }
            let stride = dims.dropFirst().reduce(1, *)
            return "["
                + (0..<length).map { nested(offset + $0 * stride, dims.dropFirst()) }.joined(
                    separator: ", ") + "]"
        }
        let text = nested(0, tensor.shape.dims[...])
        return text.count > 40 ? String(text.prefix(39)) + "…" : text
    }
}

/// Reads one line of an answer sheet, keeping the column for errors.
private struct SheetLine {
    let file: SourceFile
    let line: Int
    let scalars: [Unicode.Scalar]
    var index = 0

    init(file: SourceFile, line: Int, text: String) {
        self.file = file
        self.line = line
        self.scalars = Array(text.unicodeScalars)
    }

    func error(_ message: String, at column: Int? = nil) -> Diagnostic {
        let start = SourceLocation(line: line, column: (column ?? index) + 1)
        return Diagnostic(
            file: file, message: message,
            range: SourceRange(start, SourceLocation(line: line, column: start.column + 1)))
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func skipSpace() {
        while let c = current, c == " " || c == "\t" || c == "\r" { index += 1 }
    }

    /// The blank's number and its column, or nil for a blank or comment line.
    mutating func blankNumber() throws(Diagnostic) -> (Int, Int)? {
        skipSpace()
        guard let c = current, c != "#" else { return nil }
        let start = index
        while let c = current, c.properties.numericType == .decimal, c.isASCII { index += 1 }
        guard index > start,
            let number = Int(String(String.UnicodeScalarView(scalars[start..<index])))
        else {
            throw error("expected a blank's number, like '3: 1.5'")
        }
        return (number, start)
    }

    mutating func expect(_ symbol: Unicode.Scalar) throws(Diagnostic) {
        skipSpace()
        guard current == symbol else {
            throw error("expected '\(symbol)' after the blank's number")
        }
        index += 1
    }

    mutating func expectEnd() throws(Diagnostic) {
        skipSpace()
        guard current == nil || current == "#" else {
            throw error("unexpected text after the answer")
        }
    }

    /// A number or a rectangular nested list of numbers.
    mutating func value() throws(Diagnostic) -> Tensor {
        skipSpace()
        let start = index
        let nested = try element()
        do {
            return try Tensor(nested: nested)
        } catch {
            throw self.error(error.description, at: start)
        }
    }

    private mutating func element() throws(Diagnostic) -> NestedList {
        skipSpace()
        if current == "[" {
            index += 1
            var items: [NestedList] = []
            skipSpace()
            if current == "]" {
                index += 1
                return .list(items)
            }
            while true {
                items.append(try element())
                skipSpace()
                if current == "," {
                    index += 1
                    continue
                }
                guard current == "]" else { throw error("expected ',' or ']' in the list") }
                index += 1
                return .list(items)
            }
        }
        return .number(try number())
    }

    private mutating func number() throws(Diagnostic) -> Double {
        let start = index
        var text = ""
        while let c = current,
            c.properties.numericType == .decimal || "+-.eE−".unicodeScalars.contains(c)
        {
            text.unicodeScalars.append(c == "−" ? "-" : c)
            index += 1
        }
        guard !text.isEmpty, let value = Double(text), value.isFinite else {
            index = start
            throw error("expected a number or a list of numbers, like 1.5 or [[1, 2], [3, 4]]")
        }
        return value
    }
}
