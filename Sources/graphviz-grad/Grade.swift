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
                every blank is right, 1 otherwise. An answer is right when it is the gradient as \
                the figure prints it (rounded to its significant digits) or within --tolerance of \
                it; a list may go on over several lines while a bracket is open, and a wrong \
                tensor says which elements are wrong. A missing answer is wrong; a malformed sheet \
                or a blank the quiz does not have is an error.

                Give the figure options the quiz was drawn with (--collapse, --focus, --broadcast, \
                --precision …): they decide which gradients are blanks and how they are numbered.

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

        @Flag(
            help:
                "Print JSON: {\"blanks\": [{\"blank\", \"gradient\", \"answer\", \"right\", \"detail\"}, …], \"right\", \"total\", \"passed\"}."
        )
        var json = false

        @Option(
            help: ArgumentHelp(
                "An answer is also right within this relative difference (0 for only the printed rounding).",
                valueName: "T"))
        var tolerance: Double = 1e-3

        @OptionGroup(title: "Figure (as the quiz was drawn)")
        var figure: FigureArguments

        func validate() throws {
            guard tolerance >= 0, tolerance.isFinite else {
                throw ValidationError("--tolerance must be a number, 0 or more")
            }
            if file == "-", answers == "-" {
                throw ValidationError(
                    "the expression file and the answer sheet cannot both be standard input ('-')")
            }
        }

        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            var options = figure.options
            options.quiz = true
            let pipeline = Pipeline(options: options, fitting: figure.fitting)
            let evaluation = try pipeline.evaluate(pipeline.load(file))
            // The figure as the quiz drew it, fitted to the slide alike: its blanks and digits.
            let figure = try pipeline.fitted(for: evaluation).figure(of: evaluation)
            let sheet = try SourceFile.load(path: answers, kind: "an answer sheet")
            let marks = Grading.marks(
                for: figure, answers: try Grading.answers(in: sheet, blanks: figure.blanks.count),
                tolerance: tolerance)
            print(
                json
                    ? Grading.json(marks, showSolutions: solutions)
                    : Grading.table(marks, showSolutions: solutions), terminator: "")
            return marks.allSatisfy(\.isRight) ? .success : .failure
        }
    }
}
