import ArgumentParser
import Foundation
import GradCore
import GradDOT
import GradRender
import GradScript

extension FigureOptions.Show: ExpressibleByArgument {}
extension FigureOptions.RankDirection: ExpressibleByArgument {}
extension FigureOptions.Theme: ExpressibleByArgument {}
extension FigureOptions.Broadcast: ExpressibleByArgument {}

/// The output formats: Graphviz's (svg, png, pdf, json) and the DOT text itself.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case svg, png, pdf, dot, json

    var isBinary: Bool { self == .png || self == .pdf }

    var renderFormat: RenderFormat? {
        switch self {
        case .svg: return .svg
        case .png: return .png
        case .pdf: return .pdf
        case .json: return .json
        case .dot: return nil
        }
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Draw the computation graph with forward values and backward gradients on every edge.",
        discussion: """
            Renders in-process through Graphviz's library (no 'dot' program is run). The format comes \
            from -o's extension (.svg .png .pdf .dot .json) or --format. Without -o, or with '-o -', SVG, \
            DOT or JSON goes to standard output. Several files need '-o DIR/' and are each written to \
            DIR/NAME.EXT. Output files are replaced atomically: on any error an existing file is left as it was.

            Examples:
              graphviz-grad render expr.txt -o out.svg
              graphviz-grad render samples/*.txt -o figures/ --format png
              graphviz-grad render expr.txt --format dot | less
            """
    )

    /// Larger figures are refused: a 3,000-node graph takes Graphviz 1 to 2 seconds to lay out,
    /// and the time grows faster than linearly.
    static let maxFigureNodes = 5_000

    @Argument(help: "Expression files ('-' for standard input).")
    var files: [String]

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output file, a directory ending in '/', or '-' for standard output.", valueName: "out")
    )
    var output: String?

    @Option(
        help:
            "Output format: svg, png, pdf, dot or json (Graphviz's JSON, with the layout). Default: from -o's extension, else svg."
    )
    var format: OutputFormat?

    @Option(help: "Which passes to draw: forward, backward or both.")
    var show: FigureOptions.Show = .both

    @Option(help: "Direction of the forward pass: LR, TB, RL or BT.")
    var rankdir: FigureOptions.RankDirection = .leftToRight

    @Option(help: "Digits after the decimal point (trailing zeros are trimmed).")
    var precision: Int = 3

    @Option(help: "Tensors with more elements are summarised around '…'.")
    var maxElements: Int = 64

    @Option(help: "Colours: light, dark, or print (black and white, backward edges dashed).")
    var theme: FigureOptions.Theme = .light

    @Option(help: "Broadcasting: show it as its own step (as the article draws it) or hide it.")
    var broadcast: FigureOptions.Broadcast = .show

    @Option(help: "Pixels per inch for PNG.")
    var dpi: Int = 192

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one expression file") }
        guard (0...15).contains(precision) else {
            throw ValidationError("--precision must be from 0 to 15")
        }
        guard maxElements >= 1 else { throw ValidationError("--max-elements must be at least 1") }
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
            let fromExtension = OutputFormat(
                rawValue: URL(fileURLWithPath: output).pathExtension.lowercased())
            if fromExtension == nil, format == nil {
                throw ValidationError(
                    "cannot tell the format of '\(output)': use a .svg, .png, .pdf, .dot or .json name, or --format"
                )
            }
            if let fromExtension, let format, fromExtension != format {
                throw ValidationError(
                    "-o '\(output)' says \(fromExtension.rawValue) but --format says \(format.rawValue)"
                )
            }
        }
        if writesToStandardOutput, resolvedFormat.isBinary {
            throw ValidationError(
                "\(resolvedFormat.rawValue.uppercased()) is binary: write it to a file with -o FILE.\(resolvedFormat.rawValue)"
            )
        }
    }

    private var writesToStandardOutput: Bool { output == nil || output == "-" }

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
            let fromExtension = OutputFormat(
                rawValue: URL(fileURLWithPath: output).pathExtension.lowercased())
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
            base + "." + resolvedFormat.rawValue
        ).path
    }

    func run() throws {
        var options = FigureOptions()
        options.show = show
        options.rankDirection = rankdir
        options.precision = precision
        options.maxElements = maxElements
        options.theme = theme
        options.broadcast = broadcast
        options.dpi = resolvedFormat == .png ? dpi : nil
        let format = resolvedFormat

        if outputIsDirectory, let output {
            try FileManager.default.createDirectory(
                atPath: output, withIntermediateDirectories: true)
        }
        // One Graphviz context for every file, made only when something needs Graphviz.
        var renderer: GraphvizRenderer?
        var failures = 0
        for input in files {
            let evaluation: Evaluation
            do {
                evaluation = try Interpreter.run(try SourceFile.load(path: input))
            } catch {
                printError("\(error)")
                failures += 1
                continue
            }
            let figure = Figure(
                tape: evaluation.tape, gradients: evaluation.backward?.gradients,
                targetName: evaluation.backward.flatMap {
                    $0.hasExplicitUpstream ? nil : $0.targetName
                }, title: evaluation.title, options: options)
            guard figure.nodes.count <= Self.maxFigureNodes else {
                printError(
                    "\(input == "-" ? "<stdin>" : input): error: the figure would have \(figure.nodes.count) nodes; "
                        + "render draws at most \(Self.maxFigureNodes) (Graphviz's layout grows faster than linearly). "
                        + "Use 'graphviz-grad eval' for the numbers, or draw a smaller part")
                failures += 1
                continue
            }
            for warning in figure.nonFiniteWarnings {
                printError("\(input == "-" ? "<stdin>" : input): warning: \(warning)")
            }
            let dot = DOTWriter(options: options).write(figure)
            do {
                let data: Data
                if let renderFormat = format.renderFormat {
                    if renderer == nil { renderer = try GraphvizRenderer() }
                    data = try renderer!.render(dot: dot, format: renderFormat)
                } else {
                    data = Data(dot.utf8)
                }
                if let path = destination(for: input) {
                    try writeAtomically(data, to: path)
                } else {
                    FileHandle.standardOutput.write(data)
                }
            } catch {
                printError("\(input == "-" ? "<stdin>" : input): error: \(error)")
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

struct OutputError: Error, CustomStringConvertible {
    let description: String
}

/// Writes `data` to a temporary file beside `path` and renames it over `path`, so `path` is
/// either its old self or complete; the temporary file never outlives a failure.
func writeAtomically(_ data: Data, to path: String) throws {
    let target = URL(fileURLWithPath: path)
    let temporary = target.deletingLastPathComponent()
        .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
    guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
        throw OutputError(
            description: "cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    if rename(temporary.path, target.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw OutputError(description: "cannot write '\(path)': \(reason)")
    }
}
