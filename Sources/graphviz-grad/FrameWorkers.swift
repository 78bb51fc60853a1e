import ArgumentParser
import Foundation
import GraphvizGrad

/// PNG and PDF step frames drawn on every core. Graphviz draws behind one lock per process, and
/// rasterising a frame costs ten times its layout, so `render --steps` hands its frames' DOT to
/// worker processes (this same program, `graphviz-grad draw-frames`), one per core, each drawing
/// and writing its share.
enum FrameWorkers {
    /// One frame to draw: its DOT and the file it goes to.
    struct Job: Codable {
        let dot: String
        let path: String
    }

    struct Batch: Codable {
        let format: String
        /// The input the frames were made from, for messages.
        let source: String
        let jobs: [Job]
    }

    /// How many processes draw `count` frames: one per core, each with two frames at least; 1
    /// means drawing them here.
    static func workers(for count: Int) -> Int {
        min(ProcessInfo.processInfo.activeProcessorCount, 8, count / 2)
    }

    /// Draws `jobs` in `workers` processes at once (frame k in process k mod workers); a worker's
    /// failure is a diagnostic about `source`, after every worker has finished.
    static func draw(_ jobs: [Job], format: OutputFormat, source: String, workers: Int)
        throws(Diagnostic)
    {
        guard let executable = Bundle.main.executableURL else {
            throw Diagnostic("cannot find this program to draw frames in parallel", path: source)
        }
        var running: [(Process, Pipe)] = []
        do {
            for worker in 0..<workers {
                let share = stride(from: worker, to: jobs.count, by: workers).map { jobs[$0] }
                let batch = Batch(format: format.rawValue, source: source, jobs: share)
                let process = Process()
                process.executableURL = executable
                process.arguments = ["draw-frames"]
                let input = Pipe()
                let errors = Pipe()
                process.standardInput = input
                process.standardError = errors
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                try input.fileHandleForWriting.write(contentsOf: JSONEncoder().encode(batch))
                try input.fileHandleForWriting.close()
                running.append((process, errors))
            }
        } catch {
            for (process, _) in running { process.terminate() }
            throw Diagnostic("cannot start the processes that draw frames: \(error)", path: source)
        }
        var failure: String?
        for (process, errors) in running {
            let message = String(
                decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus != 0, failure == nil {
                failure =
                    message.split(separator: "\n").first.map(String.init)
                    ?? "a process drawing frames failed (status \(process.terminationStatus))"
            }
        }
        if let failure { throw Diagnostic(failure) }
    }
}

extension GraphvizGradTool {
    /// The worker of `FrameWorkers`: reads a batch of frames from standard input, draws each
    /// through Graphviz and writes it atomically. Not for users; hidden from help.
    struct DrawFrames: ToolCommand {
        static let configuration = CommandConfiguration(
            commandName: "draw-frames",
            abstract: "Draw frames of 'render --steps' handed over by another process.",
            shouldDisplay: false)

        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            let input = FileHandle.standardInput.readDataToEndOfFile()
            guard let batch = try? JSONDecoder().decode(FrameWorkers.Batch.self, from: input),
                let format = OutputFormat(rawValue: batch.format)
            else {
                throw Diagnostic("draw-frames reads a batch of frames from another graphviz-grad")
            }
            let pipeline = Pipeline()
            for job in batch.jobs {
                let data = try pipeline.bytes(of: job.dot, as: format, path: batch.source)
                try OutputFile.writeAtomically(data, to: job.path, source: batch.source)
            }
            return .success
        }
    }
}
