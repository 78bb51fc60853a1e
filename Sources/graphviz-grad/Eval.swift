import ArgumentParser
import GraphvizGrad

extension GraphvizGradTool {
    struct Eval: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate an expression file and print every variable with its gradient.",
            discussion:
                "First what the program prints (print(…)), as Python would; then the names of one pass (the last, or --pass N: a pass ends at each backward) in the order they were first bound, each with its last value, NumPy-style, and ∂L/∂name when the pass has a backward and the name is on a path to its target."
        )

        @Argument(help: "The expression file, or '-' for standard input.")
        var file: String

        @Flag(
            help:
                "Print JSON: {\"target\": …, \"variables\": {NAME: {\"shape\": […], \"value\": …, \"grad\": … or null}}}."
        )
        var json = false

        @Flag(
            help:
                "After the variables, every gradient in the order backward computes it, with the rule that produced it: ∂z/∂x = ∂z/∂z · y = 1 · 3 = 3."
        )
        var explain = false

        @Option(
            help: ArgumentHelp(
                "The pass to report, counting from 1 (a pass ends at each backward); the default is the last.",
                valueName: "N"))
        var pass: Int?

        @Flag(
            help: "Print only what the program prints, as Python would; no report of the variables."
        )
        var outputOnly = false

        func validate() throws {
            if let pass, pass < 1 { throw ValidationError("--pass counts from 1") }
            if json && explain {
                throw ValidationError("--explain prints text; it cannot be combined with --json")
            }
        }

        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            var options = FigureOptions()
            options.pass = pass
            let pipeline = Pipeline(options: options)
            let evaluation = try pipeline.evaluate(pipeline.load(file))
            diagnostics.report(evaluation.run.warnings)
            if !json { print(evaluation.run.output, terminator: "") }
            if outputOnly { return .success }
            if json { try EvalReport.checkJSONSize(evaluation) }
            print(json ? EvalReport.json(evaluation) : EvalReport.text(evaluation), terminator: "")
            diagnostics.report(EvalReport.nonFiniteWarnings(evaluation))
            if explain, evaluation.backward != nil {
                print(DerivationText.text(of: try pipeline.figure(of: evaluation)), terminator: "")
            }
            return .success
        }
    }
}
