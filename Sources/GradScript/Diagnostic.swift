import Foundation
import GradCore

/// Something graphviz-grad tells its user: an error, a warning or a note, about a file, about a
/// place in a file, or about nothing in particular. Language errors, unreadable files, Graphviz's
/// failures, outputs that cannot be written and warnings such as `contains nan or inf` are all
/// diagnostics, printed by one printer the way compilers print them:
///
///     expr.txt:3:7: error: cannot broadcast shapes (2, 3) and (4,) in '+'
///     z = x + y
///         ~~^~~
///
/// Messages are lowercase, name code in single quotes, and end without a period.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning, note
    }

    /// A place in a source file.
    public struct Location: Sendable {
        /// The culprit: underlined with `~`.
        public let range: SourceRange
        /// The exact point (an operator, a function name): marked with `^`.
        public let point: SourceLocation
        /// The source line the point is on, as written; nil prints no source line.
        public let sourceLine: String?
    }

    public let severity: Severity
    public let message: String
    /// The file it concerns, as the user named it (`<stdin>` for standard input), or nil.
    public let path: String?
    public let location: Location?

    /// A diagnostic about `range` in `file`, with the caret at `point` (the range's start by
    /// default).
    public init(
        file: SourceFile, message: String, range: SourceRange, point: SourceLocation? = nil,
        severity: Severity = .error
    ) {
        let point = point ?? range.start
        let index = point.line - 1
        self.severity = severity
        self.message = message
        self.path = file.path
        self.location = Location(
            range: range, point: point,
            sourceLine: file.lines.indices.contains(index) ? file.lines[index] : nil)
    }

    /// A diagnostic about a whole file (`path`), or about nothing in particular (nil), or at a
    /// point of a file whose text is not at hand.
    public init(
        _ message: String, path: String? = nil, at point: SourceLocation? = nil,
        severity: Severity = .error
    ) {
        self.severity = severity
        self.message = message
        self.path = path
        self.location = point.map {
            Location(range: SourceRange($0, $0), point: $0, sourceLine: nil)
        }
    }

    public var description: String { DiagnosticPrinter.text(of: self) }
}

/// The one printer: `PATH:LINE:COL: SEVERITY: MESSAGE`, the source line and a marker line;
/// `PATH: SEVERITY: MESSAGE` without a location, `graphviz-grad: SEVERITY: MESSAGE` without a
/// file.
public enum DiagnosticPrinter {
    public static func text(of diagnostic: Diagnostic) -> String {
        // A file's name is shown as a source line is: nothing in it can steer the terminal.
        var prefix = diagnostic.path.map(shown) ?? "graphviz-grad"
        if let point = diagnostic.location?.point {
            prefix += ":\(point.line):\(point.column)"
        }
        var text = "\(prefix): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        if let location = diagnostic.location, let sourceLine = location.sourceLine {
            let (line, shifted) = window(sourceLine, around: location)
            text += "\n" + shown(line)
            text += "\n" + markerLine(for: line, location: shifted)
        }
        return text
    }

    /// Source lines longer than this are shown as a window of it around the error.
    static let shownLineLength = 160

    /// A long line cut to `shownLineLength` characters around the error's point, `…` where it
    /// was cut, and the location moved to match; a short line as it is.
    private static func window(_ line: String, around location: Diagnostic.Location) -> (
        String, Diagnostic.Location
    ) {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > shownLineLength else { return (line, location) }
        let pointLine = location.point.line
        let start = max(
            0, min(location.point.column - 1 - shownLineLength / 2, scalars.count - shownLineLength)
        )
        let end = min(scalars.count, start + shownLineLength)
        var shown = String(String.UnicodeScalarView(scalars[start..<end]))
        let offset = start > 0 ? start - 1 : 0
        if start > 0 { shown = "…" + shown }
        if end < scalars.count { shown += "…" }
        func moved(_ place: SourceLocation) -> SourceLocation {
            guard place.line == pointLine else { return place }
            return SourceLocation(
                line: place.line,
                column: max(1, min(place.column - offset, shown.unicodeScalars.count + 1)))
        }
        let range = SourceRange(moved(location.range.start), moved(location.range.end))
        return (
            shown,
            Diagnostic.Location(range: range, point: moved(location.point), sourceLine: shown)
        )
    }

    /// Writes each diagnostic, then a newline, to standard error.
    public static func printToStandardError(_ diagnostic: Diagnostic) {
        FileHandle.standardError.write(Data((text(of: diagnostic) + "\n").utf8))
    }

    /// Tabs become spaces and other control characters U+FFFD, one cell each, so the marker stays
    /// aligned and nothing in the line can steer the terminal.
    private static func shown(_ line: String) -> String {
        var shown = ""
        for scalar in line.unicodeScalars {
            shown.unicodeScalars.append(
                scalar == "\t"
                    ? " "
                    : (scalar.properties.generalCategory == .control
                        || TextSafety.isBidiControl(scalar) || TextSafety.isNoncharacter(scalar)
                        ? "\u{FFFD}" : scalar))
        }
        return shown
    }

    /// Spaces up to the range, `~` under it and `^` at the point, measured in terminal cells
    /// (a CJK character takes two).
    private static func markerLine(for line: String, location: Diagnostic.Location) -> String {
        let (range, point) = (location.range, location.point)
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

/// Collects the diagnostics of one run in order and hands each to a consumer as it comes (the
/// command-line tool prints them at once, so warnings appear beside the work they concern).
public final class DiagnosticLog: @unchecked Sendable {
    private let lock = NSLock()
    private let consumer: @Sendable (Diagnostic) -> Void
    private var collected: [Diagnostic] = []

    public init(consumer: @escaping @Sendable (Diagnostic) -> Void = { _ in }) {
        self.consumer = consumer
    }

    public func report(_ diagnostic: Diagnostic) {
        lock.lock()
        collected.append(diagnostic)
        lock.unlock()
        consumer(diagnostic)
    }

    public func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { report(diagnostic) }
    }

    public var diagnostics: [Diagnostic] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
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
