import ArgumentParser
import GraphvizGrad

extension GraphvizGradTool {
    struct Check: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare every leaf's gradient with central finite differences.",
            discussion:
                "Exits with status 0 when every leaf matches within the tolerance, 1 otherwise. An element passes when |backward − finite difference| ≤ T · (1 + |finite difference|)."
        )

        @Argument(
            help: "The expression file, or '-' for standard input. It needs a 'backward' statement."
        )
        var file: String

        @Option(help: ArgumentHelp("The tolerance T.", valueName: "T"))
        var tolerance: Double = 1e-5

        func validate() throws {
            guard tolerance > 0, tolerance.isFinite else {
                throw ValidationError("--tolerance must be a positive number")
            }
        }

        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            let rows = try GradientCheck.run(Pipeline().load(file), tolerance: tolerance)
            print(GradientCheck.table(rows, tolerance: tolerance), terminator: "")
            return rows.allSatisfy(\.passed) ? .success : .failure
        }
    }
}
