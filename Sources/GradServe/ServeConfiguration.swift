import Foundation

/// How `graphviz-grad serve` runs: where it listens, how many worker processes it keeps, how
/// long a request may take and how large a source may be.
public struct ServeConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Worker processes, each running one request at a time.
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Seconds a request may run before its worker is killed (504).
    public var timeout: Double = 10
    /// The largest source accepted, in bytes (413 above it).
    public var maxSource = 256 * 1024
    /// The program the workers run (`graphviz-grad serve-worker`).
    public var workerExecutable: String

    public init(workerExecutable: String) { self.workerExecutable = workerExecutable }
}
