import ArgumentParser
import GraphvizGrad

extension GraphvizGradTool {
    struct Grade: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grade answers to the blanks of 'render --quiz'.",
            discussion: """
                The answer sheet has one line per blank, 'N: VALUE', where VALUE is a number or a \
                nested list for a tensor ('4: [[0.5, 1], [2, -1]]'); '#' starts a comment. Prints \
                every blank with the answer and whether it is right, and exits with status 0 when \
                every blank is right, 1 otherwise. A missing answer is wrong; a malformed sheet or a \
                blank the quiz does not have is an error.

                Examples:
                  graphviz-grad render expr.txt --quiz -o quiz.svg
                  graphviz-grad grade expr.txt answers.txt --solutions
                """
        )

        @Argument(help: "The expression file the quiz was drawn from.")
        var file: String

        @Argument(help: "The answer sheet.")
        var answers: String

        @Flag(help: "Also print the right answer of every blank.")
        var solutions = false

        @Option(
            help: ArgumentHelp(
                "An answer is right within this relative difference.", valueName: "T"))
        var tolerance: Double = 1e-3

        @Option(
            help:
                "Broadcasting as the quiz drew it: show or hide (the blanks' numbering follows it)."
        )
        var broadcast: FigureOptions.Broadcast = .show

        func validate() throws {
            guard tolerance >= 0, tolerance.isFinite else {
                throw ValidationError("--tolerance must be a number, 0 or more")
            }
        }

        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            var options = FigureOptions()
            options.broadcast = broadcast
            let pipeline = Pipeline(options: options)
            let evaluation = try pipeline.evaluate(pipeline.load(file))
            guard evaluation.backward != nil else {
                throw Diagnostic(
                    "the file has no 'backward' statement, so its quiz has no blanks",
                    path: evaluation.file.path)
            }
            let figure = try pipeline.figure(of: evaluation)
            let sheet = try pipeline.load(answers)
            let marks = Grading.marks(
                for: figure, answers: try Grading.answers(in: sheet, blanks: figure.blanks.count),
                tolerance: tolerance)
            print(Grading.table(marks, showSolutions: solutions), terminator: "")
            return marks.allSatisfy(\.isRight) ? .success : .failure
        }
    }
}
