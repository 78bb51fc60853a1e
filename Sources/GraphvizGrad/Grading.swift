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
        /// What is wrong with a wrong answer, when more can be said: `at [0, 2], [1, 1]`, or
        /// `shape (3,), the gradient's is (2, 3)`.
        public let detail: String?
    }

    /// Reads an answer sheet: `N: VALUE` per blank (a number, or a nested list for a tensor that
    /// may go on over several lines while its brackets are open, as a list may in the language),
    /// `#` comments and blank lines. A malformed answer, a blank answered twice and a blank the
    /// quiz does not have are located errors in the sheet.
    public static func answers(in sheet: SourceFile, blanks: Int) throws(Diagnostic) -> [Answer] {
        var answers: [Answer] = []
        var reader = SheetReader(file: sheet)
        while let (blank, blankColumn) = try reader.nextBlankNumber() {
            let line = reader.line
            try reader.expect(":")
            let value = try reader.value()
            try reader.expectEndOfLine()
            if let first = answers.first(where: { $0.blank == blank }) {
                throw reader.error(
                    "blank \(blank) is answered twice (first on line \(first.line))",
                    line: line, column: blankColumn)
            }
            guard (1...max(blanks, 1)).contains(blank), blanks > 0 else {
                let range =
                    blanks == 0 ? "the quiz has no blanks" : "the quiz has blanks 1 to \(blanks)"
                throw reader.error(
                    "there is no blank \(blank); \(range)", line: line, column: blankColumn)
            }
            answers.append(Answer(blank: blank, value: value, line: line))
        }
        return answers
    }

    /// Every blank of the figure, in order, marked against its answer (a missing answer is
    /// wrong). An element is right when it is the gradient as the figure would print it
    /// (rounded to the figure's significant digits, `numbers`), within `tolerance` of it
    /// relatively, or 0 where the gradient is floating-point noise (`≈ 0`).
    public static func marks(
        for figure: Figure, answers: [Answer], tolerance: Double, numbers: FigureNumbers? = nil
    ) -> [Mark] {
        let numbers = numbers ?? figure.numbers
        let noiseFloors = Dictionary(
            figure.edges.compactMap { edge in
                edge.gradient.flatMap { gradient in gradient.blank.map { ($0, gradient.noiseFloor) }
                }
            }, uniquingKeysWith: { first, _ in first })
        return figure.blanks.map { blank in
            let answer = answers.first { $0.blank == blank.number }?.value
            let verdict = answer.map {
                judge(
                    $0, against: blank.value, tolerance: tolerance, numbers: numbers,
                    noiseFloor: noiseFloors[blank.number] ?? 0)
            }
            return Mark(
                blank: blank.number, label: blank.label, answer: answer, solution: blank.value,
                isRight: verdict == .right, detail: verdict?.detail)
        }
    }

    /// How an answer compares with its gradient.
    enum Verdict: Equatable {
        case right
        case wrongShape(given: Shape, expected: Shape)
        /// The indices of the wrong elements of a tensor.
        case wrongAt([String])
        case wrong

        var detail: String? {
            switch self {
            case .right, .wrong: return nil
            case .wrongShape(let given, let expected):
                return "shape \(given), the gradient's is \(expected)"
            case .wrongAt(let indices):
                let listed = indices.prefix(6).joined(separator: ", ")
                return "at " + listed + (indices.count > 6 ? " and \(indices.count - 6) more" : "")
            }
        }
    }

    static func judge(
        _ answer: Tensor, against solution: Tensor, tolerance: Double, numbers: FigureNumbers,
        noiseFloor: Double
    ) -> Verdict {
        guard answer.shape == solution.shape else {
            return .wrongShape(given: answer.shape, expected: solution.shape)
        }
        var wrong: [String] = []
        for (offset, (given, right)) in zip(answer.scalars, solution.scalars).enumerated()
        where !isRight(given, right, tolerance: tolerance, numbers: numbers, noiseFloor: noiseFloor)
        {
            wrong.append(solution.shape.indexText(ofOffset: offset))
        }
        if wrong.isEmpty { return .right }
        return solution.rank == 0 ? .wrong : .wrongAt(wrong)
    }

    static func isRight(
        _ given: Double, _ right: Double, tolerance: Double, numbers: FigureNumbers,
        noiseFloor: Double
    ) -> Bool {
        if given == right || abs(given - right) <= tolerance * max(abs(right), 1e-12) {
            return true
        }
        if numbers.isNoise(right, noiseFloor: noiseFloor) { return given == 0 }
        let printed = numbers.rounded(right)
        return abs(given - printed) <= 1e-9 * max(abs(printed), 1e-300)
    }

    /// The table `grade` prints, and a closing line.
    public static func table(_ marks: [Mark], showSolutions: Bool) -> String {
        var header = ["blank", "gradient", "your answer", "result"]
        if showSolutions { header.append("right answer") }
        let rows = marks.map { mark -> [String] in
            var row = [
                String(mark.blank), mark.label, mark.answer.map(text) ?? "(missing)",
                mark.isRight ? "right" : "wrong" + (mark.detail.map { " " + $0 } ?? ""),
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

    /// The grade as JSON (`grade --json`, the playground's `POST /api/grade`): `{"blanks": [{"blank",
    /// "gradient", "answer", "right", "detail"}, …], "right", "total", "passed"}`; an answer is
    /// a number or nested lists (`null` when missing); `"solution"` only when asked for.
    public static func json(_ marks: [Mark], showSolutions: Bool) -> String {
        let rows = marks.map { mark -> String in
            var fields = [
                "\"blank\": \(mark.blank)",
                "\"gradient\": \(EvalReport.jsonString(mark.label))",
                "\"answer\": \(mark.answer.map(EvalReport.jsonTensor) ?? "null")",
                "\"right\": \(mark.isRight)",
                "\"detail\": \(mark.detail.map(EvalReport.jsonString) ?? "null")",
            ]
            if showSolutions {
                fields.append("\"solution\": \(EvalReport.jsonTensor(mark.solution))")
            }
            return "    {" + fields.joined(separator: ", ") + "}"
        }
        let right = marks.filter(\.isRight).count
        return "{\n  \"blanks\": [\n" + rows.joined(separator: ",\n")
            + (rows.isEmpty ? "" : "\n")
            + "  ],\n  \"right\": \(right),\n  \"total\": \(marks.count),\n"
            + "  \"passed\": \(right == marks.count)\n}\n"
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

/// Reads an answer sheet, keeping lines and columns for errors. An answer's list may go on over
/// the next lines while a bracket is open (comments there end at the line's end).
private struct SheetReader {
    let file: SourceFile
    /// The sheet's lines, as scalars.
    let lines: [[Unicode.Scalar]]
    /// Where reading is: the line (from 0) and the scalar in it.
    var row = 0
    var index = 0
    /// How many brackets are open: while any is, line ends are white space.
    var depth = 0

    init(file: SourceFile) {
        self.file = file
        self.lines = file.lines.map { Array($0.unicodeScalars) }
    }

    /// The line being read, counted from 1.
    var line: Int { row + 1 }

    func error(_ message: String, line: Int? = nil, column: Int? = nil) -> Diagnostic {
        let start = SourceLocation(line: line ?? self.line, column: (column ?? index) + 1)
        return Diagnostic(
            file: file, message: message,
            range: SourceRange(start, SourceLocation(line: start.line, column: start.column + 1)))
    }

    private var current: Unicode.Scalar? {
        guard row < lines.count else { return nil }
        return index < lines[row].count ? lines[row][index] : nil
    }

    private mutating func skipSpace() {
        while true {
            while let c = current, c == " " || c == "\t" || c == "\r" { index += 1 }
            guard depth > 0, row < lines.count, current == nil || current == "#" else { return }
            guard row + 1 < lines.count else { return }
            row += 1
            index = 0
        }
    }

    /// The next answer's blank number and its column, past blank and comment lines; nil at the
    /// end of the sheet.
    mutating func nextBlankNumber() throws(Diagnostic) -> (Int, Int)? {
        while row < lines.count {
            skipSpace()
            if let c = current, c != "#" { break }
            row += 1
            index = 0
        }
        guard row < lines.count else { return nil }
        let start = index
        while let c = current, c.properties.numericType == .decimal, c.isASCII { index += 1 }
        guard index > start,
            let number = Int(String(String.UnicodeScalarView(lines[row][start..<index])))
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

    /// The rest of the line holds nothing but a comment; reading goes on at the next line.
    mutating func expectEndOfLine() throws(Diagnostic) {
        skipSpace()
        guard current == nil || current == "#" else {
            throw error("unexpected text after the answer")
        }
        row += 1
        index = 0
    }

    /// A number or a rectangular nested list of numbers.
    mutating func value() throws(Diagnostic) -> Tensor {
        skipSpace()
        let (line, start) = (self.line, index)
        let nested = try element()
        do {
            return try Tensor(nested: nested)
        } catch {
            throw self.error(error.description, line: line, column: start)
        }
    }

    private mutating func element() throws(Diagnostic) -> NestedList {
        skipSpace()
        if current == "[" {
            // As deep as the language's lists, and no deeper: the reader recurses.
            guard depth < Parser.maxDepth else {
                throw error("lists in an answer nest at most \(Parser.maxDepth) deep")
            }
            let (opened, openedColumn) = (line, index)
            func unclosed() -> Diagnostic {
                error(
                    "this list is not closed: the sheet ends inside it", line: opened,
                    column: openedColumn)
            }
            index += 1
            depth += 1
            defer { depth -= 1 }
            var items: [NestedList] = []
            skipSpace()
            if current == "]" {
                index += 1
                return .list(items)
            }
            while true {
                skipSpace()
                if current == nil { throw unclosed() }
                items.append(try element())
                skipSpace()
                if current == "," {
                    index += 1
                    skipSpace()
                    // A trailing comma before the closing bracket, as Python allows.
                    if current == "]" {
                        index += 1
                        return .list(items)
                    }
                    continue
                }
                guard current == "]" else {
                    if current == nil { throw unclosed() }
                    throw error("expected ',' or ']' in the list")
                }
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
