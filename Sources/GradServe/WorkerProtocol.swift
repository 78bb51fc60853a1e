import Foundation

/// One request to a worker process (`graphviz-grad serve-worker`), a JSON line on its standard
/// input: a command of the tool, the file's source, and the command line's options.
public struct WorkerRequest: Codable, Sendable, Equatable {
    /// What the source is called in the worker's folder, and so in its diagnostics and in a
    /// plot's title when the file has none (`playground: loss per pass`).
    public static let sourceName = "playground.py"
    public static let answersName = "answers.txt"
    /// What `render` writes (its format given by `--format`, not by this name).
    public static let outputName = "output.out"

    public enum Command: String, Codable, Sendable {
        case render, eval, check, grade, plot
    }

    public var id: Int
    public var command: Command
    public var source: String
    /// Validated options as the command line's arguments (`--explain`, `--show`, `both`).
    public var arguments: [String]
    /// `render`'s and `plot`'s output format (`svg`, `html`, `tikz`, …).
    public var format: String?
    /// `grade`'s answer sheet.
    public var answers: String?

    public init(
        id: Int, command: Command, source: String, arguments: [String] = [],
        format: String? = nil, answers: String? = nil
    ) {
        self.id = id
        self.command = command
        self.source = source
        self.arguments = arguments
        self.format = format
        self.answers = answers
    }

    /// The tool's command line for this request, run in the request's folder.
    public func commandLine(outputName: String = WorkerRequest.outputName) -> [String] {
        switch command {
        case .render:
            return ["render", Self.sourceName] + arguments + [
                "--format", format ?? "svg", "-o", outputName,
            ]
        case .eval: return ["eval", "--json", Self.sourceName] + arguments
        case .check: return ["check", Self.sourceName] + arguments
        case .grade: return ["grade", Self.sourceName, Self.answersName, "--json"] + arguments
        case .plot:
            return ["plot", Self.sourceName] + arguments + [
                "--format", format ?? "svg", "-o", outputName,
            ]
        }
    }
}

/// A worker's answer to one request, a JSON line on its standard output.
public struct WorkerReply: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// It ran and succeeded.
        case ok
        /// It ran; the result is a failure with nothing wrong in the file (a gradient check that
        /// differs, a wrong answer).
        case failed
        /// The file has errors: see the diagnostics.
        case refused
        /// The options were refused before anything ran: see the message.
        case usage
    }

    /// A diagnostic as data: the same the command line prints.
    public struct Diagnostic: Codable, Sendable, Equatable {
        /// Which text it is about: `"source"`, or `"answers"` (grade's answer sheet); absent
        /// when it is about neither.
        public var file: String?
        public var severity: String
        public var line: Int?
        public var column: Int?
        public var endColumn: Int?
        public var message: String

        public init(
            file: String? = nil, severity: String, line: Int?, column: Int?, endColumn: Int?,
            message: String
        ) {
            self.file = file
            self.severity = severity
            self.line = line
            self.column = column
            self.endColumn = endColumn
            self.message = message
        }
    }

    public var id: Int
    public var status: Status
    /// What `render` wrote, base64.
    public var output: String?
    /// What the command printed (`eval --json`'s and `grade --json`'s JSON, `check`'s table).
    public var text: String?
    public var diagnostics: [Diagnostic]
    /// Why the options were refused.
    public var message: String?

    public init(
        id: Int, status: Status, output: String? = nil, text: String? = nil,
        diagnostics: [Diagnostic] = [], message: String? = nil
    ) {
        self.id = id
        self.status = status
        self.output = output
        self.text = text
        self.diagnostics = diagnostics
        self.message = message
    }
}
