import Foundation

/// An error in a program, at the place that caused it, printed the way compilers print them:
///
///     expr.txt:3:7: error: cannot broadcast shapes (2, 3) and (4,) in '+'
///     z = x + y
///         ~~^~~
///
/// Messages are lowercase, name code in single quotes, and end without a period.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String
    /// The culprit: underlined with `~`.
    public let range: SourceRange
    /// The exact point (an operator, a function name): marked with `^`. Defaults to the range's start.
    public let point: SourceLocation
    /// The source line the diagnostic is on, as written.
    public let sourceLine: String?

    public init(file: SourceFile, message: String, range: SourceRange, point: SourceLocation? = nil)
    {
        self.path = file.path
        self.message = message
        self.range = range
        self.point = point ?? range.start
        let index = self.point.line - 1
        self.sourceLine = file.lines.indices.contains(index) ? file.lines[index] : nil
    }

    /// `PATH:LINE:COL: error: MESSAGE`, the source line, and the marker line.
    public var description: String {
        var text = "\(path):\(point.line):\(point.column): error: \(message)"
        if let sourceLine {
            // Tabs become spaces and other control characters U+FFFD, one cell each, so the
            // marker stays aligned and nothing in the line can steer the terminal.
            var shown = ""
            for scalar in sourceLine.unicodeScalars {
                shown.unicodeScalars.append(
                    scalar == "\t"
                        ? " "
                        : (scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar))
            }
            text += "\n" + shown
            text += "\n" + markerLine(for: sourceLine)
        }
        return text
    }

    /// Spaces up to the range, `~` under it and `^` at the point, measured in terminal cells
    /// (a CJK character takes two).
    private func markerLine(for line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        let first = range.start.line == point.line ? range.start.column : point.column
        let last =
            range.end.line == point.line
            ? max(range.end.column - 1, point.column) : max(scalars.count, point.column)
        var marker = ""
        for column in 1...last {
            let mark: Character = column == point.column ? "^" : (column >= first ? "~" : " ")
            marker.append(mark)
            // A wide character takes two cells: keep the marker under the whole of it.
            if column <= scalars.count, cellWidth(scalars[column - 1]) == 2 {
                marker.append(mark == "^" ? "~" : mark)
            }
        }
        while marker.hasSuffix(" ") { marker.removeLast() }
        return marker
    }
}

/// 2 for East Asian wide characters, which terminals draw in two cells; 1 otherwise.
func cellWidth(_ scalar: Unicode.Scalar) -> Int {
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x20000...0x3FFFD:
        return 2
    default:
        return 1
    }
}
