import ArgumentParser
import Foundation
import GradServe
import GraphvizGrad

#if canImport(Glibc)
    import Glibc
#endif

extension GraphvizGradTool {
    /// A worker of `graphviz-grad serve`: reads requests from standard input, one JSON line
    /// each (`WorkerRequest`), runs each as the command line would (the same parsing, checks
    /// and diagnostics), and answers each with one JSON line (`WorkerReply`) on standard
    /// output. Each request has a fresh folder of its own, removed after it; what a command
    /// prints is captured, never mixed into the answers. Not for users; hidden from help.
    struct ServeWorker: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve-worker",
            abstract: "Run requests of 'graphviz-grad serve' handed over by the server.",
            shouldDisplay: false)

        @Option(help: "The worker's address space, in MiB (a request that needs more fails).")
        var memoryMib = 4096

        @Option(help: "CPU seconds one request may use before the worker is stopped.")
        var cpuSeconds = 30

        @Option(help: "The largest file a request may write, in MiB.")
        var outputMib = 64

        func run() throws {
            Self.limit(Resource.addressSpace, to: UInt64(memoryMib) << 20)
            Self.limit(Resource.fileSize, to: UInt64(outputMib) << 20)
            // The answers' channel: the real standard output, kept aside, while each command's
            // own printing goes to a file.
            let channel = dup(STDOUT_FILENO)
            guard channel >= 0 else { throw ExitCode.failure }
            let output = FileHandle(fileDescriptor: channel, closeOnDealloc: true)
            while let line = readLine(strippingNewline: true) {
                let reply: WorkerReply
                if let request = try? JSONDecoder().decode(
                    WorkerRequest.self, from: Data(line.utf8))
                {
                    // Each request its own CPU seconds: past them the kernel stops the worker.
                    Self.limit(Resource.cpu, to: Self.cpuSecondsUsed() + UInt64(cpuSeconds))
                    reply = Self.handle(request)
                } else {
                    reply = WorkerReply(id: 0, status: .usage, message: "the request is not JSON")
                }
                var data = (try? JSONEncoder().encode(reply)) ?? Data("{}".utf8)
                data.append(UInt8(ascii: "\n"))
                try? output.write(contentsOf: data)
            }
        }

        /// One request: a folder of its own with the source (and the answers) in it, the command
        /// line run there, its output read back.
        static func handle(_ request: WorkerRequest) -> WorkerReply {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent(
                "gg-request-\(UUID().uuidString.prefix(12))")
            defer { try? FileManager.default.removeItem(at: base) }
            do {
                try FileManager.default.createDirectory(
                    at: base, withIntermediateDirectories: false,
                    attributes: [.posixPermissions: 0o700])
                try Data(request.source.utf8).write(
                    to: base.appendingPathComponent(WorkerRequest.sourceName))
                if let answers = request.answers {
                    try Data(answers.utf8).write(
                        to: base.appendingPathComponent(WorkerRequest.answersName))
                }
            } catch {
                return WorkerReply(
                    id: request.id, status: .failed, message: "cannot stage the request: \(error)")
            }
            let arguments = request.commandLine(outputName: WorkerRequest.outputName)
            let command: ParsableCommand
            do {
                command = try GraphvizGradTool.parseAsRoot(Render.withPassesValue(arguments))
            } catch {
                return WorkerReply(
                    id: request.id, status: .usage,
                    message: GraphvizGradTool.message(for: error))
            }
            guard let tool = command as? any ToolCommand else {
                return WorkerReply(
                    id: request.id, status: .usage, message: "not a command the server runs")
            }
            let previous = FileManager.default.currentDirectoryPath
            FileManager.default.changeCurrentDirectoryPath(base.path)
            defer { FileManager.default.changeCurrentDirectoryPath(previous) }
            let log = DiagnosticLog()
            var outcome = Outcome.failure
            let printed = Self.capturingStandardOutput(in: base) {
                do throws(Diagnostic) {
                    outcome = try tool.execute(log)
                } catch {
                    log.report(error)
                }
            }
            let file = base.appendingPathComponent(WorkerRequest.outputName)
            let data = try? Data(contentsOf: file)
            let diagnostics = log.diagnostics.map(WorkerReply.Diagnostic.init)
            let failed = outcome == .failure || log.errorCount > 0
            return WorkerReply(
                id: request.id,
                status: log.errorCount > 0 ? .refused : failed ? .failed : .ok,
                output: data?.base64EncodedString(), text: printed, diagnostics: diagnostics)
        }

        /// Sets a soft resource limit (never above the hard one).
        /// The limits a worker sets, as its C library names them.
        enum Resource {
            #if os(Linux)
                static let addressSpace = __rlimit_resource_t(RLIMIT_AS.rawValue)
                static let fileSize = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
                static let cpu = __rlimit_resource_t(RLIMIT_CPU.rawValue)
                static let ownUsage = __rusage_who_t(RUSAGE_SELF.rawValue)
            #else
                static let addressSpace = RLIMIT_AS
                static let fileSize = RLIMIT_FSIZE
                static let cpu = RLIMIT_CPU
                static let ownUsage = RUSAGE_SELF
            #endif
        }

        static func limit(_ resource: some BinaryInteger, to value: UInt64) {
            var current = rlimit()
            #if os(Linux)
                let kind = __rlimit_resource_t(resource)
            #else
                let kind = Int32(resource)
            #endif
            guard getrlimit(kind, &current) == 0 else { return }
            current.rlim_cur = min(rlim_t(value), current.rlim_max)
            _ = setrlimit(kind, &current)
        }

        /// The CPU seconds this process has used, user and system, rounded up.
        static func cpuSecondsUsed() -> UInt64 {
            var usage = rusage()
            guard getrusage(Resource.ownUsage, &usage) == 0 else { return 0 }
            return UInt64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1
        }

        /// What `body` prints to standard output, which goes to a file in `folder` meanwhile.
        static func capturingStandardOutput(in folder: URL, _ body: () -> Void) -> String {
            let path = folder.appendingPathComponent(".stdout").path
            fflush(nil)
            let saved = dup(STDOUT_FILENO)
            let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard saved >= 0, file >= 0 else {
                body()
                return ""
            }
            dup2(file, STDOUT_FILENO)
            close(file)
            body()
            fflush(nil)
            dup2(saved, STDOUT_FILENO)
            close(saved)
            return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
    }
}

extension WorkerReply.Diagnostic {
    init(_ diagnostic: Diagnostic) {
        let range = diagnostic.location?.range
        let file: String? =
            switch diagnostic.path.map({ ($0 as NSString).lastPathComponent }) {
            case WorkerRequest.sourceName?: "source"
            case WorkerRequest.answersName?: "answers"
            default: nil
            }
        self.init(
            file: file, severity: diagnostic.severity.rawValue, line: range?.start.line,
            column: range?.start.column,
            endColumn: range.flatMap { $0.end.line == $0.start.line ? $0.end.column : nil },
            message: diagnostic.message)
    }
}
