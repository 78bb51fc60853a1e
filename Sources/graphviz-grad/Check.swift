import ArgumentParser
import GraphvizGrad

extension GraphvizGradTool {
    struct Check: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare every leaf's gradient with central finite differences.",
            discussion:
                "Checks one pass (the last, or --pass N) by replaying its recorded operations with each leaf perturbed. Exits with status 0 when every leaf matches within the tolerance, 1 otherwise. An element passes when |backward − finite difference| ≤ T · (1 + |finite difference|)."
        )

        @Argument(
            help: "The expression file, or '-' for standard input. It needs a 'backward' statement."
        )
        var file: String

        @Option(help: ArgumentHelp("The tolerance T.", valueName: "T"))
        var tolerance: Double = 1e-5

        @Option(
            help: ArgumentHelp(
                "The pass to check, counting from 1 (a pass ends at each backward); the default is the last. The pass's recorded operations are replayed with each leaf perturbed.",
                valueName: "N"))
        var pass: Int?

        func validate() throws {
            if let pass, pass < 1 { throw ValidationError("--pass counts from 1") }
            guard tolerance > 0, tolerance.isFinite else {
                throw ValidationError("--tolerance must be a positive number")
            }
        }

        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            var options = FigureOptions()
            options.pass = pass
            let pipeline = Pipeline(options: options)
            let evaluation = try pipeline.evaluate(pipeline.load(file))
            diagnostics.report(evaluation.run.warnings)
            let rows = try GradientCheck.run(evaluation, tolerance: tolerance)
            print(GradientCheck.table(rows, tolerance: tolerance), terminator: "")
            return rows.allSatisfy(\.passed) ? .success : .failure
        }
    }
}
