import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GradServe

/// The playground's API through Hummingbird's router tests (no sockets), with real worker
/// processes: every endpoint, every status code, options checked, diagnostics as data, the
/// security headers, and a log that never holds the source.
@Suite(.serialized) struct APIRouteTests {
    static var executable: String {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("graphviz-grad"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(
                "graphviz-grad"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("graphviz-grad"),
        ]
        return
            (candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? candidates[0]).path
    }

    static let branch = "x = 2\ny = 3\nz = x * y + x\nbackward z\n"

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func add(_ line: String) {
            lock.lock()
            stored.append(line)
            lock.unlock()
        }
        var all: [String] {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
    }

    static func withApp(
        workers: Int = 2, timeout: Double = 10, maxSource: Int = 256 * 1024,
        queueLimit: Int? = nil, log: Lines? = nil,
        _ test: @Sendable (any TestClientProtocol, WorkerPool) async throws -> Void
    ) async throws {
        var configuration = ServeConfiguration(workerExecutable: executable)
        configuration.workers = workers
        configuration.timeout = timeout
        configuration.maxSource = maxSource
        let pool = WorkerPool(configuration: configuration, queueLimit: queueLimit)
        defer { pool.shutdown() }
        var write: (@Sendable (String) -> Void)?
        if let log { write = { line in log.add(line) } }
        let router = PlaygroundServer.router(configuration: configuration, pool: pool, log: write)
        let app = Application(router: router)
        try await app.test(.router) { client in try await test(client, pool) }
    }

    /// Waits (up to 20 s) until `count` requests run on workers: a slow request has its worker.
    static func waitUntilRunning(_ pool: WorkerPool, _ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while pool.running < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("the slow request never started")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func body(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                as? [String: Any])
    }

    @Test func renderGivesTheFigureWithItsNumbers() async throws {
        let lines = Lines()
        try await Self.withApp(log: lines) { client, _ in
            try await client.execute(
                uri: "/api/render", method: .post,
                body: Self.body(["source": Self.branch, "options": ["explain": true]])
            ) { response in
                #expect(response.status == .ok)
                let reply = try Self.json(response)
                #expect(reply["format"] as? String == "svg")
                let svg = try #require(reply["output"] as? String)
                #expect(svg.contains("∂z/∂x = 3 + 1 = 4"))
                #expect(
                    response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
            // A binary format comes as base64.
            try await client.execute(
                uri: "/api/render", method: .post,
                body: Self.body(["source": Self.branch, "format": "png"])
            ) { response in
                #expect(response.status == .ok)
                let output = try #require(try Self.json(response)["output"] as? String)
                let png = try #require(Data(base64Encoded: output))
                #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
            }
            // A deck, and TikZ.
            try await client.execute(
                uri: "/api/render", method: .post,
                body: Self.body([
                    "source": Self.branch, "format": "html", "options": ["steps": true],
                ])
            ) { response in
                #expect(response.status == .ok)
                let page = try Self.json(response)["output"] as? String
                #expect(page?.contains("gg-counter") == true)
            }
            try await client.execute(
                uri: "/api/render", method: .post,
                body: Self.body(["source": Self.branch, "format": "tikz"])
            ) { response in
                let tikz = try Self.json(response)["output"] as? String
                #expect(tikz?.contains("tikzpicture") == true)
            }
        }
        let log = lines.all
        #expect(log.count == 4)
        #expect(log.allSatisfy { $0.hasPrefix("POST /api/render 200 ") && $0.hasSuffix(" B") })
        #expect(!log.joined().contains("backward"))
    }

    @Test func aFileWithErrorsIs422WithItsDiagnostics() async throws {
        try await Self.withApp { client, _ in
            try await client.execute(
                uri: "/api/render", method: .post,
                body: Self.body(["source": "x = 2\ny = x +\n"])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let diagnostics = try #require(
                    try Self.json(response)["diagnostics"] as? [[String: Any]])
                #expect(diagnostics.count == 1)
                #expect(diagnostics[0]["severity"] as? String == "error")
                #expect(diagnostics[0]["line"] as? Int == 2)
                #expect(diagnostics[0]["column"] as? Int == 8)
                #expect(
                    (diagnostics[0]["message"] as? String)?.hasPrefix("expected an expression")
                        == true)
            }
        }
    }

    @Test func badRequestsAre400NamingWhatIsWrong() async throws {
        try await Self.withApp { client, _ in
            for (body, message) in [
                (ByteBuffer(string: "{not json"), "not the API's JSON"),
                (Self.body(["options": ["explain": true]]), "not the API's JSON"),
                (Self.body(["source": Self.branch, "options": ["bogus": true]]), "bogus"),
                (
                    Self.body(["source": Self.branch, "options": ["output": "/etc/passwd"]]),
                    "not one a request may set"
                ),
                (
                    Self.body(["source": Self.branch, "options": ["show": "--output=/tmp/x"]]),
                    "may not start with '-'"
                ),
                (Self.body(["source": Self.branch, "options": ["show": "sideways"]]), "sideways"),
                (Self.body(["source": Self.branch, "format": "exe"]), "exe"),
                (Self.body(["source": Self.branch, "format": "../x"]), "unknown format"),
            ] {
                try await client.execute(uri: "/api/render", method: .post, body: body) {
                    response in
                    #expect(response.status == .badRequest)
                    let error = try Self.json(response)["error"] as? String ?? ""
                    #expect(error.contains(message), "\(error)")
                }
            }
            try await client.execute(
                uri: "/api/grade", method: .post, body: Self.body(["source": Self.branch])
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func aSourceOverTheLimitIs413() async throws {
        try await Self.withApp(maxSource: 2048) { client, _ in
            let big = String(repeating: "x = 1\n", count: 1000)
            try await client.execute(
                uri: "/api/render", method: .post, body: Self.body(["source": big])
            ) { response in
                #expect(response.status == .contentTooLarge)
                let error = try Self.json(response)["error"] as? String
                #expect(error?.contains("2048") == true)
            }
        }
    }

    @Test func evalCheckAndGradeAnswerAsTheCommandsDo() async throws {
        try await Self.withApp { client, _ in
            try await client.execute(
                uri: "/api/eval", method: .post, body: Self.body(["source": Self.branch])
            ) { response in
                #expect(response.status == .ok)
                let variables = try #require(try Self.json(response)["variables"] as? [String: Any])
                let x = try #require(variables["x"] as? [String: Any])
                #expect(x["grad"] as? Double == 4)
            }
            try await client.execute(
                uri: "/api/check", method: .post, body: Self.body(["source": Self.branch])
            ) { response in
                #expect(response.status == .ok)
                let reply = try Self.json(response)
                #expect(reply["passed"] as? Bool == true)
                #expect((reply["output"] as? String)?.contains("x") == true)
            }
            try await client.execute(
                uri: "/api/grade", method: .post,
                body: Self.body(["source": Self.branch, "answers": "1: 1\n2: 1\n3: 3\n"])
            ) { response in
                // The grade table as JSON: blanks 1–3 right, 4 and 5 missing.
                #expect(response.status == .ok)
                let reply = try Self.json(response)
                let blanks = try #require(reply["blanks"] as? [[String: Any]])
                #expect(blanks.map { $0["blank"] as? Int } == [1, 2, 3, 4, 5])
                #expect(blanks.map { $0["right"] as? Bool } == [true, true, true, false, false])
                #expect(blanks[3]["answer"] is NSNull)
                #expect(blanks[2]["gradient"] as? String == "∂z/∂x via ×")
                #expect(reply["right"] as? Int == 3)
                #expect(reply["total"] as? Int == 5)
                #expect(reply["passed"] as? Bool == false)
                // No right answer unless asked for.
                #expect(blanks.allSatisfy { $0["solution"] == nil })
            }
            try await client.execute(
                uri: "/api/grade", method: .post,
                body: Self.body(["source": Self.branch, "answers": "1: 1\n9: 2\n"])
            ) { response in
                // A blank the quiz does not have: a diagnostic about the answer sheet.
                #expect(response.status == .unprocessableContent)
                let diagnostics = try #require(
                    try Self.json(response)["diagnostics"] as? [[String: Any]])
                #expect(diagnostics.first?["file"] as? String == "answers")
                #expect(diagnostics.first?["line"] as? Int == 2)
            }
        }
    }

    @Test func plotDrawsTheLossOfATrainingFile() async throws {
        let training = """
            w = Variable(np.array(0.0))
            for i in range(5):
                loss = (w - 3) ** 2
                w.cleargrad()
                loss.backward()
                w.data -= 0.1 * w.grad.data

            """
        try await Self.withApp { client, _ in
            try await client.execute(
                uri: "/api/plot", method: .post, body: Self.body(["source": training])
            ) { response in
                #expect(response.status == .ok)
                let reply = try Self.json(response)
                #expect(reply["format"] as? String == "svg")
                let svg = try #require(reply["output"] as? String)
                // One point per pass; the first pass's loss is (0 − 3)² = 9.
                #expect(svg.components(separatedBy: "data-pass=").count - 1 == 5)
                #expect(svg.contains("data-value=\"9.0\""))
            }
            try await client.execute(
                uri: "/api/plot", method: .post,
                body: Self.body(["source": training, "options": ["logY": true], "format": "png"])
            ) { response in
                #expect(response.status == .ok)
                let output = try #require(try Self.json(response)["output"] as? String)
                let png = try #require(Data(base64Encoded: output))
                #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
            }
        }
    }

    /// `GET /` is the page: its own script and style sheet only, a fresh nonce per page for the
    /// deck it shows in a sandboxed frame, nothing from elsewhere.
    @Test func thePageAndItsAssetsAreServedUnderTheirPolicy() async throws {
        try await Self.withApp { client, _ in
            var nonces: [String] = []
            for _ in 0..<2 {
                try await client.execute(uri: "/", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    let html = String(buffer: response.body)
                    let policy = try #require(response.headers[.contentSecurityPolicy])
                    let nonce = try #require(
                        policy.firstMatch(of: /script-src 'self' 'nonce-([A-Za-z0-9+\/=]+)'/)?.1)
                    #expect(html.contains("<script nonce=\"\(nonce)\" src=\"/playground.js\""))
                    #expect(policy.contains("default-src 'none'"))
                    #expect(!policy.contains("unsafe-inline"))
                    // No inline script, nothing from another origin.
                    #expect(html.components(separatedBy: "<script").count == 2)
                    #expect(!html.contains("http://") && !html.contains("https://"))
                    nonces.append(String(nonce))
                }
            }
            #expect(nonces[0] != nonces[1])
            for (path, type) in [
                ("/playground.js", "text/javascript"), ("/playground.css", "text/css"),
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix(type) == true)
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
                    #expect(
                        response.headers[.contentSecurityPolicy]?.contains("nonce") == false)
                    #expect(response.body.readableBytes > 1000)
                }
            }
        }
    }

    /// The page the binary carries is the one in Sources/GradServe/Page/.
    @Test func theBundledPageIsThePagesSources() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "Sources/GradServe/Page")
        for (name, text) in [
            ("index.html", BundledPage.html), ("playground.js", BundledPage.script),
            ("playground.css", BundledPage.styleSheet),
        ] {
            let file = try String(
                contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(file == text, "\(name) differs from BundledPage: run scripts/update-bundled")
        }
    }

    @Test func aFullQueueIs503AndALongFileIs504() async throws {
        // Fifty products of 1000 × 1000 matrices: about 10 s of work.
        let spin = "a = np.ones((1000, 1000))\nfor i in range(50):\n    a = a @ a * 0.001\n"
        try await Self.withApp(workers: 1, timeout: 1, queueLimit: 0) { client, pool in
            async let slow = client.execute(
                uri: "/api/eval", method: .post, body: Self.body(["source": spin])
            ) { $0.status }
            try await Self.waitUntilRunning(pool, 1)
            let start = ContinuousClock.now
            try await client.execute(
                uri: "/api/eval", method: .post, body: Self.body(["source": Self.branch])
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
            }
            let status = try await slow
            #expect(status == .gatewayTimeout)
            #expect(ContinuousClock.now - start < .seconds(2))
            // The killed worker is replaced: the next request runs.
            try await client.execute(
                uri: "/api/eval", method: .post, body: Self.body(["source": Self.branch])
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// A worker killed with SIGKILL mid-request: that request gets a clear error, the next ones
    /// succeed on a new worker.
    @Test func aKilledWorkerGivesAClearErrorAndIsReplaced() async throws {
        let slow = "a = np.ones((1000, 1000))\nfor i in range(50):\n    a = a @ a * 0.001\n"
        try await Self.withApp(workers: 1, timeout: 30) { client, pool in
            async let killed = client.execute(
                uri: "/api/eval", method: .post, body: Self.body(["source": slow])
            ) { response in (response.status, try Self.json(response)["error"] as? String) }
            try await Self.waitUntilRunning(pool, 1)
            // This pool's worker only: other suites' servers run beside this one.
            for worker in pool.runningProcessIdentifiers { kill(worker, SIGKILL) }
            let (status, error) = try await killed
            #expect(status == .internalServerError)
            #expect(error == "the worker running this request stopped; try again")
            for _ in 0..<3 {
                try await client.execute(
                    uri: "/api/eval", method: .post, body: Self.body(["source": Self.branch])
                ) { response in #expect(response.status == .ok) }
            }
        }
    }

    @Test func anUnknownPathIs404WithTheHeaders() async throws {
        try await Self.withApp { client, _ in
            try await client.execute(uri: "/etc/passwd", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }

    /// The samples the server carries are the repository's (`scripts/update-bundled` writes
    /// them).
    @Test func samplesAreTheRepositorysSamples() async throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "samples")
        try await Self.withApp { client, _ in
            try await client.execute(uri: "/api/samples", method: .get) { response in
                #expect(response.status == .ok)
                let samples = try #require(
                    try Self.json(response)["samples"] as? [[String: String]])
                #expect(samples.count >= 25)
                for sample in samples {
                    let name = try #require(sample["name"])
                    let file = ["txt", "py"].map {
                        folder.appendingPathComponent(name + "." + $0)
                    }.first { FileManager.default.fileExists(atPath: $0.path) }
                    let path = try #require(file, "\(name) is not in samples/")
                    let text = try String(contentsOf: path, encoding: .utf8)
                    #expect(
                        sample["source"] == text,
                        "\(name) differs from samples/: run scripts/update-bundled")
                }
                #expect(samples.contains { $0["name"] == "branch" })
                #expect(samples.contains { $0["name"] == "train/sgd" })
            }
        }
    }
}
