import Foundation
import Testing

/// Runs the built `graphviz-grad` binary (built next to the test bundle by `swift build`).
struct CommandLineTool {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        let stdoutData: Data
    }

    static var executable: URL? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("graphviz-grad"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(
                "graphviz-grad"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("graphviz-grad"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// With `killAfter`, a run still going after that many seconds is killed (a hang guard).
    static func run(
        _ arguments: [String], stdin: String? = nil, in directory: URL? = nil,
        environment: [String: String] = [:], executable: URL? = Self.executable,
        killAfter: Double? = nil
    ) throws -> Result {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        guard let executable else { throw MissingExecutable() }
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let killAfter {
            DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) {
                if process.isRunning { process.terminate() }
            }
        }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes at once before waiting, so that neither can fill up and block.
        nonisolated(unsafe) var errData = Data()
        let errors = DispatchGroup()
        errors.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            errors.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errors.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    struct MissingExecutable: Error, CustomStringConvertible {
        var description: String {
            "graphviz-grad was not built next to the tests; run 'swift build' first"
        }
    }

    /// A fresh directory holding `files` (name → text).
    static func folder(with files: [String: String]) throws -> URL {
        let directory = try temporaryDirectory()
        for (name, text) in files {
            let file = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        return directory
    }

    /// A fresh directory for one test's files.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "graphviz-grad-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
