import ArgumentParser
import Foundation
import GradServe

extension GraphvizGradTool {
    /// `graphviz-grad serve`: the classroom playground's server.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Serve the playground: students type a file and see its figure (docs/serve.md).",
            discussion: """
                An HTTP server: the playground's page at / (an editor, the figure drawn as you \
                type, a quiz with a Grade button, share links, downloads) and its JSON API (POST \
                /api/render, /api/eval, /api/check, /api/grade, /api/plot; GET /api/samples). Each \
                request runs in a worker process from a pool, with a time limit; the server stores \
                nothing and keeps no session, so several can run behind a reverse proxy.

                Examples:
                  graphviz-grad serve
                  graphviz-grad serve --host 0.0.0.0 --port 8080 --workers 4
                """)

        @Option(help: "The address to listen on (0.0.0.0 for a classroom's LAN).")
        var host = "127.0.0.1"

        @Option(help: "The port to listen on.")
        var port = 8080

        @Option(help: "Worker processes, each running one request at a time. Default: one a core.")
        var workers: Int?

        @Option(
            help: ArgumentHelp(
                "Seconds a request may run before it is stopped (504).", valueName: "seconds"))
        var timeout: Double = 10

        @Option(
            help: ArgumentHelp(
                "The largest source accepted, in bytes (413 above it).", valueName: "bytes"))
        var maxSource = 256 * 1024

        func validate() throws {
            guard (1...65535).contains(port) else {
                throw ValidationError("--port must be from 1 to 65535")
            }
            if let workers, !(1...64).contains(workers) {
                throw ValidationError("--workers must be from 1 to 64")
            }
            guard timeout >= 0.1, timeout <= 600 else {
                throw ValidationError("--timeout must be from 0.1 to 600 seconds")
            }
            guard (1024...16 * 1024 * 1024).contains(maxSource) else {
                throw ValidationError("--max-source must be from 1024 bytes to 16 MiB")
            }
        }

        func run() async throws {
            guard let executable = Bundle.main.executableURL?.path else {
                throw ValidationError("cannot find this program to start its workers")
            }
            var configuration = ServeConfiguration(workerExecutable: executable)
            configuration.host = host
            configuration.port = port
            if let workers { configuration.workers = workers }
            configuration.timeout = timeout
            configuration.maxSource = maxSource
            let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
            let everywhere = shown == host ? "" : " (listening on every address of this machine)"
            FileHandle.standardError.write(
                Data(
                    "serve: open http://\(shown):\(port)/\(everywhere); \(configuration.workers) \(configuration.workers == 1 ? "worker" : "workers")\n"
                        .utf8))
            try await PlaygroundServer.run(configuration: configuration)
        }
    }
}
