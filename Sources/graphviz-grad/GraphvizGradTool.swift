import ArgumentParser
import GraphvizGrad

@main
struct GraphvizGradTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graphviz-grad",
        abstract:
            "Draw how backpropagation works: values and gradients on every edge of a computation graph.",
        discussion: """
            Write a computation in a small expression file (see docs/language.md):

                x = [[1, 2, 3]]
                W = randn(3, 2)
                y = sum(x @ W)
                backward y

            then evaluate it, check its gradients, or render its figure.
            """,
        version: "0.1.0",
        subcommands: [
            Render.self, Plot.self, Eval.self, Check.self, Grade.self, Handout.self, Ops.self,
            Prelude.self, Serve.self,
            DrawFrames.self, ServeWorker.self,
        ]
    )
}

/// A subcommand of the tool. It parses its options, does its work through the pipeline and
/// prints; what goes wrong it throws (or reports, when it goes on with the next file) as
/// diagnostics. The root command prints them and decides the exit status.
protocol ToolCommand: ParsableCommand {
    /// Does the work. Returns `.failure` when the result itself is a failure (a gradient that
    /// differs), with nothing wrong in the input.
    func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome
}

enum Outcome {
    case success, failure
}

extension GraphvizGradTool {
    /// The command line as the parser reads it: `render --passes` may stand alone (up to 40
    /// passes, spread over the run), which the parser's options cannot, so a bare `--passes`
    /// gets the value `spread`.
    static func main() async {
        await main(Render.withPassesValue(Array(CommandLine.arguments.dropFirst())))
    }
}

extension ToolCommand {
    func run() throws {
        try GraphvizGradTool.run(self)
    }
}

extension GraphvizGradTool {
    /// Runs a subcommand with its diagnostics printed to standard error as they come. The exit
    /// status is 0 when the command succeeded and reported no error, 1 otherwise; usage errors
    /// are the argument parser's (64).
    static func run(_ command: some ToolCommand) throws {
        let diagnostics = DiagnosticLog(consumer: DiagnosticPrinter.printToStandardError)
        var outcome = Outcome.failure
        do {
            outcome = try command.execute(diagnostics)
        } catch {
            diagnostics.report(error)
        }
        if outcome == .failure || diagnostics.errorCount > 0 { throw ExitCode.failure }
    }
}
