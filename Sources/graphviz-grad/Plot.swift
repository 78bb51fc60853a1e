import ArgumentParser
import Foundation
import GraphvizGrad

extension GraphvizGradTool {
    struct Plot: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Plot a training file's loss per pass, other scalars it binds, or the optimiser's path on the loss's contours.",
            discussion: """
                Each 'backward' ends a pass. Without --series the plot is the target of each pass's backward \
                (the loss); with it, the scalars the file binds at its top level in each pass. Several files \
                draw one line each, with a legend of their titles. The plot is an SVG drawn by the tool; PNG \
                and PDF go through librsvg (rsvg-convert). Each point carries data-pass and data-value, each \
                line data-series.

                --path A B draws the loss over two scalar parameters (w, b) or elements (W[0, 0]) around the \
                path they took over the passes, every other parameter held at its value in the drawn pass \
                (the last, or --pass N): the pass's recorded operations are replayed on a grid, the file is not \
                run again.

                Examples:
                  graphviz-grad plot samples/train/linear-regression.py -o loss.svg
                  graphviz-grad plot sgd.py momentum.py --log-y -o compare.svg
                  graphviz-grad plot samples/train/rosenbrock.py --path x0 x1 -o path.svg
                """
        )

        @Argument(help: "Training files ('-' for standard input, alone).")
        var files: [String]

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "Output file (.svg, .png, .pdf), or '-' for SVG on standard output.",
                valueName: "out"))
        var output: String?

        /// What a plot can be written as.
        enum PlotFormat: String, ExpressibleByArgument, CaseIterable {
            case svg, png, pdf
            var outputFormat: OutputFormat { OutputFormat(rawValue: rawValue)! }
        }

        @Option(help: "Default: from -o's extension, else svg.")
        var format: PlotFormat?

        @Option(
            parsing: .upToNextOption,
            help: ArgumentHelp(
                "Plot these scalars the file binds in each pass (an accuracy, a gradient norm) instead of the loss.",
                valueName: "name"))
        var series: [String] = []

        @Flag(help: "A logarithmic y axis (a loss that falls over decades, or blows up).")
        var logY = false

        @Option(
            parsing: .upToNextOption,
            help: ArgumentHelp(
                "Two scalar parameters or elements (W[0, 0]): the path over the passes on the loss's contours.",
                valueName: "A B"))
        var path: [String] = []

        @Option(
            help: ArgumentHelp(
                "With --path: the grid's extent, a0:a1,b0:b1. Default: the paths' extent padded by 10 %.",
                valueName: "a0:a1,b0:b1"))
        var range: String?

        @Option(
            help: ArgumentHelp(
                "With --path: the pass whose operations are replayed for the surface. Default: the last.",
                valueName: "N"))
        var pass: Int?

        @Option(help: "With --path: grid points along each axis (10 to 400).")
        var grid = 200

        @Option(help: "Colours: light, dark, or print (black and grey lines told apart by dashes).")
        var theme: FigureOptions.Theme = .light

        @Option(help: "Pixels per inch for PNG.")
        var dpi: Int = 192

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one training file") }
            if files.count > 1, files.contains("-") {
                throw ValidationError("'-' (standard input) can only be plotted alone")
            }
            guard [.svg, .png, .pdf].contains(resolvedFormat) else {
                throw ValidationError(
                    "a plot is svg, png or pdf, not \(resolvedFormat.rawValue)")
            }
            if let output, output != "-", let fromExtension = OutputFormat(fileExtensionOf: output),
                let format, fromExtension != format.outputFormat
            {
                throw ValidationError(
                    "-o '\(output)' says \(fromExtension.rawValue) but --format says \(format.rawValue)"
                )
            }
            if let output, output != "-", format == nil,
                OutputFormat(fileExtensionOf: output) == nil
            {
                throw ValidationError(
                    "cannot tell the format of '\(output)': use a name ending in .svg, .png or .pdf, or --format"
                )
            }
            if output == nil || output == "-", resolvedFormat.isBinary {
                throw ValidationError(
                    "\(resolvedFormat.rawValue.uppercased()) is binary: write it to a file with -o FILE.\(resolvedFormat.rawValue)"
                )
            }
            if !path.isEmpty {
                guard path.count == 2 else {
                    throw ValidationError(
                        "--path takes two names, A and B (w b, or W[0, 0] b[0]); got \(path.count)")
                }
                guard path[0] != path[1] else {
                    throw ValidationError("--path takes two different coordinates, A and B")
                }
                guard series.isEmpty else {
                    throw ValidationError(
                        "--path draws the loss's contours; it cannot take --series")
                }
                guard !logY else {
                    throw ValidationError("--log-y is for a loss curve; --path draws contours")
                }
            } else {
                if range != nil { throw ValidationError("--range needs --path A B") }
                if pass != nil { throw ValidationError("--pass needs --path A B") }
            }
            if let range, Plotting.ranges(range) == nil {
                throw ValidationError(
                    "--range takes a0:a1,b0:b1, each range from a smaller number to a larger (-2:2,-1:3)"
                )
            }
            if let pass, pass < 1 { throw ValidationError("--pass counts from 1") }
            guard (10...Plotting.maxGridSide).contains(grid) else {
                throw ValidationError("--grid must be from 10 to \(Plotting.maxGridSide)")
            }
            guard (10...1200).contains(dpi) else {
                throw ValidationError("--dpi must be from 10 to 1200")
            }
            if let output, output != "-" {
                for input in files where OutputFile.wouldOverwrite(input, with: output) {
                    throw ValidationError(
                        "-o would write '\(output)' over the input '\(input)'; choose another output"
                    )
                }
            }
        }

        private var resolvedFormat: OutputFormat {
            if let format { return format.outputFormat }
            if let output, output != "-", let fromExtension = OutputFormat(fileExtensionOf: output)
            {
                return fromExtension
            }
            return .svg
        }

        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            var sources: [SourceFile] = []
            for input in files { sources.append(try SourceFile.load(path: input)) }
            let theme = PlotTheme(named: theme.rawValue)
            let svg: String
            if path.count == 2 {
                let plot = try Plotting.pathPlot(
                    sources, a: path[0], b: path[1], range: range.flatMap(Plotting.ranges),
                    pass: pass, gridSide: grid)
                svg = plot.svg(theme: theme)
            } else {
                let plot = try Plotting.lossPlot(sources, series: series, logY: logY)
                for note in plot.notes {
                    diagnostics.report(Diagnostic(note, path: sources[0].path, severity: .note))
                }
                svg = plot.svg(theme: theme)
            }
            let data = try Plotting.convert(svg: svg, to: resolvedFormat, dpi: dpi)
            if let output, output != "-" {
                try OutputFile.writeAtomically(data, to: output, source: sources[0].path)
            } else {
                FileHandle.standardOutput.write(data)
            }
            return .success
        }
    }
}
