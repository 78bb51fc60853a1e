import ArgumentParser
import Foundation
import GraphvizGrad

extension GraphvizGradTool {
    struct Handout: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write one self-contained page for a lecture: each file's prose, source, figure and numbers.",
            discussion: """
                For each expression file, in the order given: its title, its leading comment block as \\
                prose (a '#' line alone starts a new paragraph; text in backticks is code), the source, the \\
                figure (drawn with the options given) and the table 'eval' prints, after a contents list. \\
                Printed from a browser, each file starts a new page and its figure fits the page's width.

                Example:
                  graphviz-grad handout samples/mul.txt samples/branch.txt --explain -o handout.html
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

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one expression file") }
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
            let page = try Pipeline(options: figure.options).handout(files)
            if output == "-" {
                FileHandle.standardOutput.write(page)
            } else {
                try OutputFile.writeAtomically(page, to: output)
            }
            return .success
        }
    }
}
