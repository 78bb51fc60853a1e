import Foundation
import Hummingbird

/// The playground's HTTP API, JSON in and out, each request run by a worker of the pool:
///
/// - `POST /api/render` `{"source", "options", "format"}` → `{"format", "output",
///   "diagnostics"}` (a binary format's output in base64);
/// - `POST /api/eval` → what `eval --json` prints; `POST /api/check`, `POST /api/grade`
///   `{"source", "answers", "options"}` → `{"output", "passed", "diagnostics"}`.
///
/// Status codes: 422 for a file with errors (its diagnostics in the body), 413 for a source
/// over `maxSource`, 400 for malformed JSON or refused options (named), 503 with `Retry-After`
/// when every worker is busy and the queue is full, 504 past the timeout. Every response
/// carries the security headers; nothing of a request's source reaches the log.
public enum PlaygroundServer {
    /// The router of the API on `pool`.
    public static func router(
        configuration: ServeConfiguration, pool: WorkerPool,
        log: (@Sendable (String) -> Void)? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeaders())
        router.add(middleware: AccessLog(write: log))
        let api = API(configuration: configuration, pool: pool)
        router.post("api/render") { request, _ in await api.render(request) }
        router.post("api/eval") { request, _ in await api.run(request, .eval) }
        router.post("api/check") { request, _ in await api.run(request, .check) }
        router.post("api/grade") { request, _ in await api.run(request, .grade) }
        router.post("api/plot") { request, _ in await api.render(request, .plot) }
        router.get("api/samples") { _, _ in API.samples() }
        router.get("/") { _, _ in Page.index() }
        router.get("playground.js") { _, _ in
            Page.asset(BundledPage.script, type: "text/javascript; charset=utf-8")
        }
        router.get("playground.css") { _, _ in
            Page.asset(BundledPage.styleSheet, type: "text/css; charset=utf-8")
        }
        // Anything else: a 404 in JSON, with the same headers.
        router.get("**") { _, _ in Refusal(.notFound, "no such page").response }
        router.post("**") { _, _ in Refusal(.notFound, "no such endpoint").response }
        return router
    }

    /// Runs the server until it is stopped.
    public static func run(configuration: ServeConfiguration) async throws {
        let pool = WorkerPool(configuration: configuration)
        let app = Application(
            router: router(
                configuration: configuration, pool: pool,
                log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "graphviz-grad"))
        try await app.runService()
        pool.shutdown()
    }
}

/// A request's body as JSON.
struct APIRequest: Decodable {
    var source: String
    var options: [String: JSONValue]?
    var format: String?
    var answers: String?
}

/// What the API answers, as JSON.
struct APIReply: Encodable {
    var format: String?
    var output: String?
    var passed: Bool?
    var diagnostics: [WorkerReply.Diagnostic]?
    var error: String?
}

struct API: Sendable {
    let configuration: ServeConfiguration
    let pool: WorkerPool

    /// Formats written as text in `output`; any other is base64.
    static let textFormats: Set<String> = ["svg", "dot", "json", "html", "tikz"]

    /// What became of a request: the worker's reply, or the response that refused it.
    enum Outcome {
        case reply(WorkerReply, format: String?)
        case refused(Response)
    }

    /// The body read and checked, its options made the command line's arguments, and the
    /// request run on a worker; `takesFormat` for the commands that write a file.
    func perform(_ request: Request, _ command: WorkerRequest.Command, takesFormat: Bool) async
        -> Outcome
    {
        let body: APIRequest
        do { body = try await decode(request) } catch let refusal as Refusal {
            return .refused(refusal.response)
        } catch {
            return .refused(Refusal(.badRequest, "the body cannot be read").response)
        }
        let format = takesFormat ? body.format ?? "svg" : nil
        if let format, format.count > 12 || !format.allSatisfy({ $0.isLetter || $0.isNumber }) {
            return .refused(Refusal(.badRequest, "unknown format '\(format.prefix(12))'").response)
        }
        if command == .grade, body.answers == nil {
            return .refused(
                Refusal(.badRequest, "grade needs \"answers\", the answer sheet").response)
        }
        let arguments: [String]
        do {
            arguments = try RequestOptions.arguments(from: body.options ?? [:])
        } catch {
            return .refused(Refusal(.badRequest, error.description).response)
        }
        let reply: WorkerReply
        do {
            reply = try await pool.run(
                WorkerRequest(
                    id: 0, command: command, source: body.source, arguments: arguments,
                    format: format, answers: body.answers))
        } catch {
            return .refused(Self.response(for: error, timeout: configuration.timeout))
        }
        switch reply.status {
        case .usage:
            return .refused(
                Refusal(.badRequest, reply.message ?? "the options were refused").response)
        case .refused:
            return .refused(
                Self.json(
                    .unprocessableContent, APIReply(format: format, diagnostics: reply.diagnostics))
            )
        case .ok, .failed:
            return .reply(reply, format: format)
        }
    }

    /// `render` and `plot`: the file written, as text or base64.
    func render(_ request: Request, _ command: WorkerRequest.Command = .render) async -> Response {
        switch await perform(request, command, takesFormat: true) {
        case .refused(let response): return response
        case .reply(let reply, let format):
            var output = reply.output
            if let format, Self.textFormats.contains(format), let base64 = output,
                let data = Data(base64Encoded: base64)
            {
                output = String(decoding: data, as: UTF8.self)
            }
            return Self.json(
                .ok, APIReply(format: format, output: output, diagnostics: reply.diagnostics))
        }
    }

    /// `eval`, `check` and `grade`: what the command printed.
    func run(_ request: Request, _ command: WorkerRequest.Command) async -> Response {
        switch await perform(request, command, takesFormat: false) {
        case .refused(let response): return response
        case .reply(let reply, _):
            // eval and grade answer with what `eval --json` and `grade --json` print.
            if command == .eval || command == .grade, let text = reply.text {
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: text)))
            }
            return Self.json(
                .ok,
                APIReply(
                    output: reply.text, passed: reply.status == .ok,
                    diagnostics: reply.diagnostics))
        }
    }

    /// The body as JSON, refused when too large (413) or not the API's JSON (400).
    private func decode(_ request: Request) async throws -> APIRequest {
        var request = request
        let limit = configuration.maxSource + 64 * 1024
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw Refusal(
                .contentTooLarge, "the request is larger than \(configuration.maxSource) bytes")
        }
        let body: APIRequest
        do {
            body = try JSONDecoder().decode(APIRequest.self, from: Data(buffer.readableBytesView))
        } catch {
            throw Refusal(
                .badRequest,
                "the body is not the API's JSON: it is an object with \"source\" (a string), and \"options\", \"format\", \"answers\" as the endpoint takes them"
            )
        }
        guard body.source.utf8.count <= configuration.maxSource else {
            throw Refusal(
                .contentTooLarge,
                "the source is \(body.source.utf8.count) bytes; the server takes at most \(configuration.maxSource)"
            )
        }
        return body
    }

    /// `{"samples": [{"name": "branch", "source": "…"}, …]}`: the repository's samples.
    static func samples() -> Response {
        struct Sample: Encodable {
            let name: String
            let source: String
        }
        struct Samples: Encodable { let samples: [Sample] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Samples(
            samples: BundledSamples.all.map { Sample(name: $0.name, source: $0.source + "\n") })
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func response(for error: any Error, timeout: Double) -> Response {
        switch error as? WorkerPool.PoolError {
        case .busy?:
            var response = Refusal(
                .serviceUnavailable, "every worker is busy; try again in a moment"
            )
            .response
            response.headers[.retryAfter] = "1"
            return response
        case .timedOut?:
            return Refusal(
                .gatewayTimeout,
                "the file ran longer than \(TimeFormatting.seconds(timeout)) s and was stopped"
            )
            .response
        default:
            return Refusal(
                .internalServerError, "the worker running this request stopped; try again"
            ).response
        }
    }

    static func json(_ status: HTTPResponse.Status, _ reply: APIReply) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(reply)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A request refused with a status and a message, as JSON `{"error": "…"}`.
struct Refusal: Error {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    var response: Response { API.json(status, APIReply(error: message)) }
}

enum TimeFormatting {
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// The headers every response carries: only the page's own scripts and styles, no sniffing,
/// no referrer.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        // The page sets its own, with its nonce; everything else is data.
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Page.policy(nonce: nil)
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        return response
    }
}

/// One line per request: method, path, status, duration and size; never the body.
struct AccessLog<Context: RequestContext>: RouterMiddleware {
    let write: (@Sendable (String) -> Void)?

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        if let write {
            let elapsed = ContinuousClock.now - start
            let milliseconds =
                Double(elapsed.components.seconds) * 1000
                + Double(elapsed.components.attoseconds) / 1e15
            let size = response.body.contentLength.map(String.init) ?? "-"
            // The path without its query: a query may hold what a user typed.
            let path = request.uri.path
            write(
                "\(request.method) \(path) \(response.status.code) \(String(format: "%.1f", milliseconds)) ms \(size) B"
            )
        }
        return response
    }
}

/// The page (`GET /`), its script and its style sheet, as `Sources/GradServe/Page/` has them.
enum Page {
    /// Only the page's own scripts and styles (and, with a nonce, a deck in the sandboxed frame,
    /// whose one script and style sheet the page gives that nonce); data only from the server.
    static func policy(nonce: String?) -> String {
        let own = "'self'" + (nonce.map { " 'nonce-\($0)'" } ?? "")
        return
            "default-src 'none'; script-src \(own); style-src \(own); img-src 'self' data: blob:; "
            + "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'"
    }

    /// A new nonce for each page served: 16 random bytes, base64.
    static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
    }

    static func index() -> Response {
        let nonce = nonce()
        let html = BundledPage.html.replacingOccurrences(
            of: "<script src=", with: "<script nonce=\"\(nonce)\" src=")
        var response = asset(html, type: "text/html; charset=utf-8")
        response.headers[.contentSecurityPolicy] = policy(nonce: nonce)
        return response
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
