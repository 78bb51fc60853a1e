import ArgumentParser
import Foundation
import GraphvizGrad

extension GraphvizGradTool {
    struct Handout: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write one self-contained page for a lecture: each file's prose, figure, source and numbers.",
            discussion: """
                The page opens with a contents list; then, for each expression file in the order \
                given: its title, its leading comment block as prose (a '#' line alone starts a new \
                paragraph; text in backticks is code), its figure (drawn with the options given), and \
                side by side the file's source and the table 'eval' prints. Printed from a browser, \
                each file starts a new page and its figure fits the page's width.

                --quiz makes an exercise sheet: gradients are numbered blanks and the table shows \
                values only. --quiz --solutions makes the teacher's copy: the same blanks, with each \
                blank's answer and the gradients in the table.

                Examples:
                  graphviz-grad handout samples/mul.txt samples/branch.txt --explain -o handout.html
                  graphviz-grad handout samples/branch.txt --quiz -o sheet.html
                  graphviz-grad handout samples/branch.txt --quiz --solutions -o solutions.html
                """
        )

        @Argument(help: "Expression files, in the order of the handout.")
        var files: [String]

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "The page to write (.html), or '-' for standard output.", valueName: "out"))
        var output: String = "-"

        @OptionGroup(title: "Figure")
        var figure: FigureArguments

        @Flag(
            help:
                "An exercise sheet: every gradient a numbered blank, and no gradients in the tables."
        )
        var quiz = false

        @Flag(help: "With --quiz: the teacher's copy, with every blank's answer.")
        var solutions = false

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one expression file") }
            if solutions, !quiz { throw ValidationError("--solutions goes with --quiz") }
            if files.contains("-") {
                throw ValidationError("the handout reads files, not standard input")
            }
            if output != "-", OutputFormat(fileExtensionOf: output) != .html {
                throw ValidationError("the handout is a web page: write it to an .html file")
            }
            for input in files where output != "-" && OutputFile.wouldOverwrite(input, with: output)
            {
                throw ValidationError(
                    "-o would write '\(output)' over the input '\(input)'; choose another output")
            }
        }

        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            var options = figure.options
            options.quiz = quiz
            let page = try Pipeline(options: options, fitting: figure.fitting).handout(
                files, solutions: solutions)
            if output == "-" {
                FileHandle.standardOutput.write(page)
            } else {
                try OutputFile.writeAtomically(page, to: output)
            }
            return .success
        }
    }
}
