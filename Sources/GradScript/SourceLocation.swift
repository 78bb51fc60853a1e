import Foundation

/// A place in a source file: 1-based line and column, the column counted in Unicode scalars
/// (so `θ` and `输` are one column each).
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open stretch of source, from `start` up to (not including) `end`.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public let start: SourceLocation
    public let end: SourceLocation

    public init(_ start: SourceLocation, _ end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    public var description: String { "\(start)-\(end)" }
}

/// The text of a program and its lines, for diagnostics.
public struct SourceFile: Sendable {
    /// The path as the user gave it (`<stdin>` for standard input).
    public let path: String
    public let text: String
    public let lines: [String]
    /// Each line's scalars, split once: statements name their text by columns, and splitting a
    /// line for each of the statements on it would cost the square of its length.
    private let lineScalars: [[Unicode.Scalar]]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        // Split on scalars: "\r\n" is one Character, so splitting the String on "\n" would
        // keep a CRLF file whole. A byte-order mark starts no line.
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        self.lines = scalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            var line = String(String.UnicodeScalarView($0))
            if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
            return line
        }
        self.lineScalars = lines.map { Array($0.unicodeScalars) }
    }

    /// The source text of a range, lines joined by spaces (for naming what a file wrote).
    public func text(of range: SourceRange) -> String {
        var pieces: [String] = []
        for line in range.start.line...range.end.line where lines.indices.contains(line - 1) {
            let scalars = lineScalars[line - 1]
            let from = line == range.start.line ? range.start.column - 1 : 0
            let to =
                line == range.end.line ? min(range.end.column - 1, scalars.count) : scalars.count
            guard from < to else { continue }
            pieces.append(
                String(String.UnicodeScalarView(scalars[from..<to])).trimmingCharacters(
                    in: .whitespaces))
        }
        return pieces.joined(separator: " ")
    }

    /// Decodes `bytes` as UTF-8, or throws a diagnostic at the first invalid byte.
    public static func decode(_ bytes: [UInt8], path: String) throws(Diagnostic) -> SourceFile {
        if let text = String(validating: bytes, as: UTF8.self) {
            return SourceFile(path: path, text: text)
        }
        // Find the first invalid sequence by decoding ever longer valid prefixes.
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var column = 1
        var offset = 0
        var lineStart = 0
        decoding: while true {
            let before = offset
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                    lineStart = offset
                } else {
                    column += 1
                }
            case .emptyInput:
                break decoding
            case .error:
                offset = before
                break decoding
            }
        }
        let lineEnd = bytes[lineStart...].firstIndex(of: 10) ?? bytes.count
        let shownLine = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        let file = SourceFile(
            path: path, text: String(repeating: "\n", count: line - 1) + shownLine)
        let location = SourceLocation(line: line, column: column)
        throw Diagnostic(
            file: file,
            message: String(
                format: "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", bytes[offset]),
            range: SourceRange(location, SourceLocation(line: line, column: column + 1)))
    }
}
