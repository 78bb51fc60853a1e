import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The worker processes that run requests: `graphviz-grad serve-worker`, each one request at a
/// time over a pipe. A request waits for an idle worker in a queue of bounded length; a full
/// queue is refused at once (`busy`, 503). A request past the timeout kills its worker
/// (`timedOut`, 504) and a new one takes its place, as does a worker that dies.
///
/// Workers run with Graphviz's file access off (`GV_FILE_PATH` unset, `SERVER_NAME` set:
/// Graphviz's own server mode) and a minimal environment; each request has a fresh folder of
/// its own in the worker, so no request sees another's data.
public final class WorkerPool: @unchecked Sendable {
    public enum PoolError: Error, Equatable {
        /// Every worker is busy and the queue is full.
        case busy
        /// The request ran past the timeout; its worker was killed.
        case timedOut
        /// The worker died or answered nonsense (it is replaced).
        case workerFailed(String)
    }

    let configuration: ServeConfiguration
    /// Requests that may wait for a worker beyond those running.
    public let queueLimit: Int
    private let lock = NSLock()
    private var idle: [Worker] = []
    private var waiting: [CheckedContinuation<Result<Worker, PoolError>, Never>] = []
    private var started = 0
    private var nextID = 0
    private var runningWorkers: [Int: Int32] = [:]

    /// How many requests are running on workers now.
    public var running: Int { lock.withLock { runningWorkers.count } }

    /// The process ids of the workers running a request now (for tests that kill one).
    public var runningProcessIdentifiers: [Int32] {
        lock.withLock { runningWorkers.keys.sorted().compactMap { runningWorkers[$0] } }
    }

    public init(configuration: ServeConfiguration, queueLimit: Int? = nil) {
        self.configuration = configuration
        self.queueLimit = queueLimit ?? configuration.workers * 4
        // A worker that dies while its pipe is written must not take its server with it: the
        // write fails instead, and the pool replaces the worker.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Stops every idle worker (running ones stop when their request ends).
    public func shutdown() {
        lock.lock()
        let workers = idle
        idle = []
        lock.unlock()
        for worker in workers { worker.stop() }
    }

    /// Runs `request` on a worker, waiting for one if all are busy.
    public func run(_ request: WorkerRequest) async throws(PoolError) -> WorkerReply {
        let worker = try await acquire().get()
        var request = request
        request.id = lock.withLock {
            nextID += 1
            runningWorkers[nextID] = worker.processIdentifier
            return nextID
        }
        let outcome = await worker.exchange(request, timeout: configuration.timeout)
        lock.withLock { runningWorkers[request.id] = nil }
        switch outcome {
        case .success(let reply):
            release(worker)
            return reply
        case .failure(let error):
            // A worker that timed out was killed; one that failed is not trusted again.
            worker.stop()
            replace()
            throw error
        }
    }

    /// An idle worker, a new one while fewer than `workers` run, or a place in the queue; the
    /// choice made under the lock, so that a worker released meanwhile is never missed.
    private func acquire() async -> Result<Worker, PoolError> {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let worker = idle.popLast() {
                lock.unlock()
                continuation.resume(returning: .success(worker))
                return
            }
            if started < configuration.workers {
                started += 1
                lock.unlock()
                continuation.resume(returning: .success(Worker(configuration: configuration)))
                return
            }
            guard waiting.count < queueLimit else {
                lock.unlock()
                continuation.resume(returning: .failure(.busy))
                return
            }
            waiting.append(continuation)
            lock.unlock()
        }
    }

    private func release(_ worker: Worker) {
        lock.lock()
        if !waiting.isEmpty {
            let next = waiting.removeFirst()
            lock.unlock()
            next.resume(returning: .success(worker))
            return
        }
        idle.append(worker)
        lock.unlock()
    }

    /// A worker's place handed to a new worker (the next waiting request gets it).
    private func replace() {
        lock.lock()
        if !waiting.isEmpty {
            let next = waiting.removeFirst()
            lock.unlock()
            next.resume(returning: .success(Worker(configuration: configuration)))
            return
        }
        started -= 1
        lock.unlock()
    }
}

/// One worker process and its pipes.
final class Worker: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()
    private let launchError: String?

    init(configuration: ServeConfiguration) {
        process.executableURL = URL(fileURLWithPath: configuration.workerExecutable)
        // CPU seconds a little beyond the timeout: a worker the pool failed to stop stops itself.
        process.arguments = [
            "serve-worker", "--cpu-seconds", String(Int(configuration.timeout.rounded(.up)) + 5),
        ]
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "FONTCONFIG_PATH", "GVBINDIR"].contains(
                key)
        }
        // Graphviz's server mode: no file is read through an attribute (image, shapefile).
        environment["SERVER_NAME"] = "graphviz-grad"
        environment.removeValue(forKey: "GV_FILE_PATH")
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            launchError = nil
        } catch {
            launchError = "cannot start a worker: \(error.localizedDescription)"
        }
    }

    /// The worker's process id (for tests that kill it).
    var processIdentifier: Int32 { process.processIdentifier }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? input.fileHandleForWriting.close()
    }

    /// Sends `request` and waits for its answer, at most `timeout` seconds.
    func exchange(_ request: WorkerRequest, timeout: Double) async -> Result<
        WorkerReply, WorkerPool.PoolError
    > {
        if let launchError { return .failure(.workerFailed(launchError)) }
        return await withCheckedContinuation { continuation in
            let finished = DispatchSemaphore(value: 0)
            let box = ResultBox()
            Thread.detachNewThread {
                box.result = self.roundTrip(request)
                finished.signal()
            }
            DispatchQueue.global().async {
                if finished.wait(timeout: .now() + timeout) == .timedOut {
                    self.stop()
                    finished.wait()
                    continuation.resume(returning: .failure(.timedOut))
                } else {
                    continuation.resume(
                        returning: box.result ?? .failure(.workerFailed("no answer")))
                }
            }
        }
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Result<WorkerReply, WorkerPool.PoolError>?
    }

    /// Writes the request's line and reads the answer's.
    private func roundTrip(_ request: WorkerRequest) -> Result<WorkerReply, WorkerPool.PoolError> {
        guard var line = try? JSONEncoder().encode(request) else {
            return .failure(.workerFailed("cannot encode the request"))
        }
        line.append(UInt8(ascii: "\n"))
        do {
            try input.fileHandleForWriting.write(contentsOf: line)
        } catch {
            return .failure(.workerFailed("the worker is gone"))
        }
        let reader = output.fileHandleForReading
        // Look for the line's end only in what is new, through the raw bytes: an answer of a
        // megabyte comes in many chunks, and Data's own subscript pays an exclusivity check per
        // byte.
        var received = buffer
        buffer = Data()
        var unsearched = 0
        while true {
            let newline = received.withUnsafeBytes { bytes in
                bytes[unsearched...].firstIndex(of: UInt8(ascii: "\n"))
            }
            if let newline {
                let start = received.startIndex
                buffer = Data(received[(start + newline + 1)...])
                guard
                    let reply = try? JSONDecoder().decode(
                        WorkerReply.self, from: received[start..<(start + newline)]),
                    reply.id == request.id
                else {
                    return .failure(.workerFailed("the worker answered nonsense"))
                }
                return .success(reply)
            }
            unsearched = received.count
            let chunk = reader.availableData
            if chunk.isEmpty { return .failure(.workerFailed("the worker stopped")) }
            received.append(chunk)
        }
    }
}
