import ArgumentParser
import Foundation
import GraphvizGrad

extension FigureOptions.Show: ExpressibleByArgument {}
extension FigureOptions.RankDirection: ExpressibleByArgument {}
extension FigureOptions.Theme: ExpressibleByArgument {}
extension FigureOptions.Broadcast: ExpressibleByArgument {}
extension FigureOptions.Style: ExpressibleByArgument {}
extension FigureOptions.Constants: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { OutputFormats.all.map(\.rawValue) }
}

/// What `--tikz` writes.
enum TikZForm: String, ExpressibleByArgument, CaseIterable {
    /// A `tikzpicture` for `\input` (a deck: a Beamer frame).
    case picture
    /// A whole document that compiles by itself (`standalone`, or Beamer for a deck).
    case standalone
}

extension GraphvizGradTool {
    struct Render: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Draw the computation graph with forward values and backward gradients on every edge.",
            discussion: """
                Renders in-process through Graphviz's library (no 'dot' program is run). The format comes \
                from -o's extension (.svg .png .pdf .dot .json .html .tex) or --format. Without -o, or with '-o -', a text format (SVG, DOT, JSON, HTML, TikZ) \
                goes to standard output. Several files need '-o DIR/' and are each written to \
                DIR/NAME.EXT. Output files are replaced atomically: on any error an existing file is left as it was.

                --steps draws the forward and backward pass one operation at a time (2n + 1 frames for n \
                operations, all with one layout, numbered from 1): '-o DIR/' writes DIR/NAME-01.svg, DIR/NAME-02.svg, \
                … (or .png, .pdf), and '-o deck.html' (or --format html) one self-contained page to click \
                through, its counter and its address's #N numbering the frames the same way.

                A training file (a 'backward' in a loop) has a pass per backward: render draws the last, or \
                --pass N, with the updates after it under each parameter's gradient; --passes draws a deck of \
                the run, a frame per pass in one layout with the loss curve ('-o run.html', or '-o DIR/' for \
                DIR/NAME-pass-NN.svg).

                '-o fig.tex' (or --format tikz) writes a tikzpicture in Graphviz's layout with its text set by \
                LaTeX, for \\input in a document; --tikz standalone a document that compiles by itself. A deck \
                to .tex is one Beamer frame whose overlays step through the frames.

                Examples:
                  graphviz-grad render expr.txt -o out.svg
                  graphviz-grad render samples/*.txt -o figures/ --format png
                  graphviz-grad render expr.txt --explain --steps -o deck.html
                  graphviz-grad render expr.txt --format dot | less
                  graphviz-grad render train.py --pass 1 --explain -o first-pass.svg
                  graphviz-grad render train.py --passes -o run.html
                  graphviz-grad render expr.txt --explain -o figure.tex
                  graphviz-grad render expr.txt --steps --tikz standalone -o slides.tex
                """
        )

        @Argument(help: "Expression files ('-' for standard input).")
        var files: [String]

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "Output file, a directory ending in '/', or '-' for standard output.",
                valueName: "out"))
        var output: String?

        @Option(
            help: ArgumentHelp(
                "Output format: "
                    + OutputFormats.all.map(\.writer.summary).joined(separator: ", ")
                    + ". Default: from -o's extension, else svg."))
        var format: OutputFormat?

        @Option(
            help:
                "TikZ: 'picture' (a tikzpicture to \\input; a deck, a Beamer frame) or 'standalone' (a document that compiles by itself: standalone, or Beamer for a deck)."
        )
        var tikz: TikZForm?

        @OptionGroup(title: "Figure")
        var figure: FigureArguments

        @Option(help: "Pixels per inch for PNG.")
        var dpi: Int = 192

        @Flag(
            help:
                "An exercise: every gradient becomes a numbered blank (values stay). Grade answers with 'graphviz-grad grade'."
        )
        var quiz = false

        @Flag(
            help:
                "Check every leaf's gradient against finite differences (as 'check' does) and mark it ✓, or ✗ with the numeric estimate. The exit status stays 0."
        )
        var check = false

        @Flag(
            help:
                "When a statement fails at run time, still write the figure: what ran before it, the failed operation in red with its inputs' shapes, and the error as the caption. The error is reported and the exit status is 1."
        )
        var drawErrors = false

        @Flag(
            help:
                "Step by step: a frame per operation forward, then per operation backward. Needs -o DIR/ (svg, png or pdf frames) or an .html deck."
        )
        var steps = false

        @Option(
            help: ArgumentHelp(
                "A deck of a training run: a frame per pass (values, gradients, updates) in one layout, with the loss curve. Alone: up to 40 passes spread over the run, always the first and the last; or a list (1,2,5,10,100). Needs -o run.html or -o DIR/.",
                valueName: "list"))
        var passes: String?

        @Option(
            help: ArgumentHelp(
                "With --passes: every K-th pass (1, 1 + K, …) and the last.", valueName: "K"))
        var every: Int?

        /// The value a bare `--passes` gets (see `withPassesValue`).
        static let spreadPasses = "spread"

        /// `arguments` with `spread` after a `--passes` that has no list of its own.
        static func withPassesValue(_ arguments: [String]) -> [String] {
            var out: [String] = []
            for (index, argument) in arguments.enumerated() {
                out.append(argument)
                guard argument == "--passes" else { continue }
                let next = index + 1 < arguments.count ? arguments[index + 1] : nil
                if next.map(Self.isPassList) != true { out.append(spreadPasses) }
            }
            return out
        }

        /// `1,2,5,10`: what a `--passes` list looks like.
        static func isPassList(_ text: String) -> Bool {
            !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "," || $0 == " " }
        }

        /// The passes `--passes` and `--every` choose; nil without `--passes`.
        var passChoice: Pipeline.PassChoice? {
            guard let passes else { return nil }
            if let every { return .every(every) }
            if passes == Self.spreadPasses { return .standard }
            return .list(
                passes.split(separator: ",").compactMap {
                    Int($0.trimmingCharacters(in: .whitespaces))
                })
        }

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one expression file") }
            if let every {
                guard passes == Self.spreadPasses else {
                    throw ValidationError("--every K goes with --passes alone (not a list)")
                }
                guard every >= 1 else { throw ValidationError("--every must be at least 1") }
            }
            if let passes {
                if passes != Self.spreadPasses {
                    let list = passes.split(separator: ",").map {
                        Int($0.trimmingCharacters(in: .whitespaces))
                    }
                    guard !list.isEmpty, list.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                        throw ValidationError(
                            "--passes takes passes counted from 1, separated by commas (1,2,5,10,100), or nothing (up to 40 spread over the run)"
                        )
                    }
                }
                if steps {
                    throw ValidationError("--steps and --passes make different decks; choose one")
                }
                if quiz || check || drawErrors {
                    throw ValidationError(
                        "--passes draws a deck of the run; it cannot be combined with --\(quiz ? "quiz" : check ? "check" : "draw-errors")"
                    )
                }
                if figure.pass != nil {
                    throw ValidationError("--passes chooses the passes; --pass N draws one figure")
                }
                guard resolvedFormat.holdsDeck || (resolvedFormat.holdsFrames && outputIsDirectory)
                else {
                    throw ValidationError(
                        "a deck of passes is one file (-o run.html, -o run.tex) or a file per frame (-o DIR/ with \(Self.frameFormats))"
                    )
                }
            }
            guard (10...1200).contains(dpi) else {
                throw ValidationError("--dpi must be from 10 to 1200")
            }
            if files.count > 1, files.contains("-") {
                throw ValidationError("'-' (standard input) can only be rendered alone")
            }
            if files.count > 1, !outputIsDirectory {
                throw ValidationError("several input files need '-o DIR/' (a directory)")
            }
            if let output, !outputIsDirectory, output != "-" {
                let fromExtension = OutputFormat(fileExtensionOf: output)
                if fromExtension == nil, format == nil {
                    throw ValidationError(
                        "cannot tell the format of '\(output)': use a name ending in \(OutputFormats.extensionList), or --format"
                    )
                }
                if let fromExtension, let format, fromExtension != format {
                    throw ValidationError(
                        "-o '\(output)' says \(fromExtension.rawValue) but --format says \(format.rawValue)"
                    )
                }
            }
            if passes == nil, steps || resolvedFormat.writer.isAlwaysDeck {
                guard resolvedFormat.holdsDeck || resolvedFormat.holdsFrames else {
                    throw ValidationError(
                        "--steps draws a file per frame (\(Self.frameFormats)) or a deck in one file (\(Self.deckFormats)), not \(resolvedFormat.rawValue)"
                    )
                }
                if resolvedFormat.holdsFrames, !outputIsDirectory {
                    throw ValidationError(
                        "frames are one file each: write them with -o DIR/ (DIR/NAME-01.\(resolvedFormat.fileExtension), …), or write a deck with -o deck.html"
                    )
                }
                if drawErrors {
                    throw ValidationError(
                        "--draw-errors draws one figure; it cannot be combined with --steps")
                }
            }
            if tikz != nil, resolvedFormat != OutputFormat(rawValue: "tikz") {
                throw ValidationError("--tikz is for TikZ output (-o FILE.tex or --format tikz)")
            }
            try refuseOverwritingInputs()
            if writesToStandardOutput, resolvedFormat.isBinary {
                throw ValidationError(
                    "\(resolvedFormat.rawValue.uppercased()) is binary: write it to a file with -o FILE.\(resolvedFormat.fileExtension)"
                )
            }
        }

        /// Inputs are never written over, and no two inputs write one output: both refused before
        /// anything runs.
        private func refuseOverwritingInputs() throws {
            let inputs = files.filter { $0 != "-" }
            var writer: [String: String] = [:]
            for input in files {
                guard let destination = destination(for: input) else { continue }
                let frames = steps && resolvedFormat.holdsFrames
                let ext = resolvedFormat.fileExtension
                let written =
                    frames ? "\(destination.dropLast(ext.count + 1))-NN.\(ext)" : destination
                if let other = writer[written] {
                    throw ValidationError(
                        "'\(other)' and '\(input)' would both be written to '\(written)': render them into different folders"
                    )
                }
                writer[written] = input
                for source in inputs {
                    if OutputFile.wouldOverwrite(source, with: destination) {
                        throw ValidationError(
                            "-o would write '\(destination)' over the input '\(source)'; choose another output"
                        )
                    }
                    // The frame that would collide, named as it would be written.
                    if frames, Self.isFrame(source, of: destination, format: resolvedFormat) {
                        throw ValidationError(
                            "-o would write the frame '\(source)' (frames '\(written)') over the input '\(source)'; choose another output"
                        )
                    }
                }
            }
        }

        /// Whether `file` is named like a frame of `destination` (`DIR/NAME-07.svg`).
        private static func isFrame(_ file: String, of destination: String, format: OutputFormat)
            -> Bool
        {
            let base = URL(fileURLWithPath: destination).deletingPathExtension()
            let candidate = URL(fileURLWithPath: file).standardizedFileURL
            guard candidate.pathExtension == format.fileExtension,
                candidate.deletingLastPathComponent().path
                    == base.deletingLastPathComponent().standardizedFileURL.path
            else { return false }
            let name = candidate.deletingPathExtension().lastPathComponent
            let prefix = base.lastPathComponent + "-"
            return name.hasPrefix(prefix) && name.dropFirst(prefix.count).allSatisfy(\.isNumber)
        }

        private var writesToStandardOutput: Bool { output == nil || output == "-" }

        /// `svg, png, pdf`: the formats that write a deck as a file per frame.
        static var frameFormats: String {
            OutputFormats.all.filter(\.holdsFrames).map(\.rawValue).joined(separator: ", ")
        }

        /// `html, tikz`: the formats that write a whole deck in one file.
        static var deckFormats: String {
            OutputFormats.all.filter(\.holdsDeck).map(\.rawValue).joined(separator: ", ")
        }

        private var outputIsDirectory: Bool {
            guard let output, output != "-" else { return false }
            var isDirectory: ObjCBool = false
            return output.hasSuffix("/")
                || (FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
                    && isDirectory.boolValue)
        }

        private var resolvedFormat: OutputFormat {
            if let format { return format }
            if let output, !outputIsDirectory,
                let fromExtension = OutputFormat(fileExtensionOf: output)
            {
                return fromExtension
            }
            return .svg
        }

        private func destination(for input: String) -> String? {
            guard let output, output != "-" else { return nil }
            guard outputIsDirectory else { return output }
            let base =
                input == "-"
                ? "stdin" : URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
            return URL(fileURLWithPath: output).appendingPathComponent(
                base + "." + resolvedFormat.fileExtension
            )
            .path
        }

        private var figureOptions: FigureOptions {
            var options = figure.options
            options.dpi = dpi
            options.quiz = quiz
            options.check = check
            return options
        }

        /// The frames of `--steps`, one file each in the output folder, numbered from 1 as the
        /// deck's counter and hash number them (zero-padded to one width: NAME-01 … NAME-17), or
        /// the deck as one page.
        private func writeSteps(
            of file: SourceFile, input: String, pipeline: Pipeline, diagnostics: DiagnosticLog
        )
            throws(Diagnostic)
        {
            let base =
                input == "-"
                ? "stdin" : URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
            func path(ofFrame index: Int, of count: Int) -> String {
                let digits = max(2, String(count).count)
                let number =
                    String(repeating: "0", count: digits - String(index + 1).count)
                    + String(index + 1)
                return URL(fileURLWithPath: output ?? ".").appendingPathComponent(
                    "\(base)-\(number).\(resolvedFormat.fileExtension)"
                ).path
            }
            var count = 0
            if resolvedFormat.holdsFrames, output != nil {
                count = try pipeline.stepFrameCount(file)
                guard count <= Pipeline.maxFrameFiles else {
                    throw Diagnostic(
                        "--steps would write \(count) frame files; a folder gets at most \(Pipeline.maxFrameFiles) (\(Pipeline.maxFrameFiles / 2) operations): draw a part with --focus NAME, collapse statements with --collapse statements, or write one deck with -o deck.html",
                        path: file.path)
                }
            }
            // Frames to a folder are written all or nothing, and replace an earlier run's.
            let stale: (String) -> Bool = { name in
                let ext = "." + resolvedFormat.fileExtension
                guard name.hasPrefix(base + "-"), name.hasSuffix(ext) else { return false }
                let number = name.dropFirst(base.count + 1).dropLast(ext.count)
                return !number.isEmpty && number.allSatisfy(\.isNumber)
            }
            // Binary frames (PNG, PDF), each a drawing of its DOT: one process per core.
            if resolvedFormat.isBinary, output != nil {
                let (dots, warnings) = try pipeline.stepFrameDOTs(file, for: resolvedFormat)
                diagnostics.report(warnings)
                let paths = dots.indices.map { path(ofFrame: $0, of: dots.count) }
                try OutputFile.writeAll(paths, source: file.path, removingStale: stale) {
                    (staged) throws(Diagnostic) in
                    let workers = FrameWorkers.workers(for: dots.count)
                    if workers > 1 {
                        let jobs = dots.indices.map {
                            FrameWorkers.Job(dot: dots[$0], path: staged[$0])
                        }
                        try FrameWorkers.draw(
                            jobs, format: resolvedFormat, source: file.path, workers: workers)
                        return
                    }
                    for (index, dot) in dots.enumerated() {
                        let data = try pipeline.bytes(of: dot, as: resolvedFormat, path: file.path)
                        try OutputFile.writeAtomically(data, to: staged[index], source: file.path)
                    }
                }
                return
            }
            guard resolvedFormat.holdsFrames, output != nil else {
                let rendering = try pipeline.renderSteps(file, as: resolvedFormat)
                diagnostics.report(rendering.warnings)
                try write(rendering.frames[0], for: input, source: file.path)
                return
            }
            // Other frames (SVG, DOT): written as they are made, one in memory at a time.
            let paths = (0..<count).map { path(ofFrame: $0, of: count) }
            try OutputFile.writeAll(paths, source: file.path, removingStale: stale) {
                (staged) throws(Diagnostic) in
                let warnings = try pipeline.eachStepFrame(file, as: resolvedFormat) {
                    (index, frame) throws(Diagnostic) in
                    try OutputFile.writeAtomically(frame, to: staged[index], source: file.path)
                }
                diagnostics.report(warnings)
            }
        }

        /// A deck of a training run: one page, or a file per frame in the output folder
        /// (`NAME-pass-0003.svg`, numbered by pass), written all or nothing.
        private func writeRun(
            of file: SourceFile, input: String, choice: Pipeline.PassChoice, pipeline: Pipeline,
            diagnostics: DiagnosticLog
        ) throws(Diagnostic) {
            let deck = try pipeline.renderRun(file, passes: choice, as: resolvedFormat)
            diagnostics.report(deck.warnings)
            guard resolvedFormat.holdsFrames, output != nil else {
                try write(deck.files[0], for: input, source: file.path)
                return
            }
            let base =
                input == "-"
                ? "stdin" : URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
            let digits = max(2, String(deck.passes.last ?? 1).count)
            let ext = "." + resolvedFormat.fileExtension
            let paths = deck.passes.map { pass in
                let number = String(pass)
                return URL(fileURLWithPath: output ?? ".").appendingPathComponent(
                    base + "-pass-" + String(repeating: "0", count: digits - number.count) + number
                        + ext
                ).path
            }
            let stale: (String) -> Bool = { name in
                guard name.hasPrefix(base + "-pass-"), name.hasSuffix(ext) else { return false }
                let number = name.dropFirst(base.count + 6).dropLast(ext.count)
                return !number.isEmpty && number.allSatisfy(\.isNumber)
            }
            try OutputFile.writeAll(paths, source: file.path, removingStale: stale) {
                (staged) throws(Diagnostic) in
                for (index, data) in deck.files.enumerated() {
                    try OutputFile.writeAtomically(data, to: staged[index], source: file.path)
                }
            }
        }

        /// Writes a file's output to its destination, or to standard output.
        private func write(_ data: Data, for input: String, source: String) throws(Diagnostic) {
            if let path = destination(for: input) {
                try OutputFile.writeAtomically(data, to: path, source: source)
            } else {
                FileHandle.standardOutput.write(data)
            }
        }

        /// Renders each file in turn; a file that fails is reported and the next one still runs.
        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            if outputIsDirectory, let output { try OutputFile.makeDirectory(output) }
            let pipeline = Pipeline(
                options: figureOptions, fitting: figure.fitting,
                output: OutputOptions(standalone: tikz == .standalone))
            for input in files {
                do throws(Diagnostic) {
                    let file = try pipeline.load(input)
                    if let choice = passChoice {
                        try writeRun(
                            of: file, input: input, choice: choice, pipeline: pipeline,
                            diagnostics: diagnostics)
                        continue
                    }
                    if steps || resolvedFormat.writer.isAlwaysDeck {
                        try writeSteps(
                            of: file, input: input, pipeline: pipeline, diagnostics: diagnostics)
                        continue
                    }
                    let data: Data
                    if drawErrors {
                        switch pipeline.renderDrawingFailure(file, as: resolvedFormat) {
                        case .success(let rendering):
                            diagnostics.report(rendering.warnings)
                            data = rendering.data
                        case .failure(let failure):
                            // The figure of the failure is written, and the error still reported.
                            if let figure = failure.figure {
                                try write(figure, for: input, source: file.path)
                            }
                            throw failure.diagnostic
                        }
                    } else {
                        let rendering = try pipeline.render(file, as: resolvedFormat)
                        diagnostics.report(rendering.warnings)
                        data = rendering.data
                    }
                    try write(data, for: input, source: file.path)
                } catch {
                    diagnostics.report(error)
                }
            }
            return .success
        }
    }
}
