import Foundation
import GradCore
import GradDOT
import GradRender
import GradScript

/// The whole path from an expression file to a figure's bytes, the one the command-line tool
/// and the tests use: load → evaluate → figure (with its limit and its warnings) → DOT → bytes.
///
/// Every failure is a `Diagnostic` about the file; warnings come back with the result. A
/// pipeline renders through one Graphviz context, made when first needed and used behind the
/// renderer's lock, so one pipeline may be shared by several threads.
public final class Pipeline: @unchecked Sendable {
    /// Larger figures are refused: a 5,000-node chain (1,240 steps) takes about a second to lay
    /// out and draw on a 2-core machine, a more tangled graph several, and the time grows faster
    /// than linearly (`docs/performance.md`).
    public static let maxFigureNodes = 5_000

    /// Figures whose edges span more ranks than this (the sum of each edge's span squared,
    /// `Figure.LayoutSize.squaredSpans`) are refused too: `dot` routes an edge through every
    /// rank it crosses, so a name used all along a long chain (`y = x*2 + x*2 + …` with 100
    /// terms: about 330,000) takes seconds however few its nodes; `h = h * x` 300 times (9 million)
    /// took 24 s even with its positioning bounded.
    public static let maxLayoutSquaredSpans = 400_000

    /// The most numbers a figure's tables may show in all: 60,000 (three 100 × 100 tensors with
    /// their gradients at `--max-elements 10000`) take about 3 s and 270 MB to draw.
    public static let maxTableCells = 60_000

    public let options: FigureOptions
    /// How the figure is fitted to a slide, if at all.
    public let fitting: Fitting?
    /// Options of the output file itself (`--tikz standalone`).
    public let output: OutputOptions
    private let rendererLock = NSLock()
    private var renderer: GraphvizRenderer?

    public init(
        options: FigureOptions = FigureOptions(), fitting: Fitting? = nil,
        output: OutputOptions = OutputOptions()
    ) {
        self.options = options
        self.fitting = fitting
        self.output = output
    }

    /// Fitting a figure to a slide.
    public enum Fitting: Sendable {
        /// `--fit`: the most detailed of `SlideFit.ladder`'s drawings whose smallest text is at
        /// least the slide's minimum.
        case ladder(SlideFit)
        /// `--collapse` and `--style nodes` without `--max-elements` or `--precision`: the same
        /// drawing with its tables summarised as far as the slide needs (`SlideFit.tableBudgets`).
        case tables(SlideFit)
    }

    /// The fitting `--collapse` and `--style nodes` get when the user sets neither the tables'
    /// size nor the digits: tables summarised as far as a 1920×1080 slide needs for text of
    /// 12 px (statements collapsed) or 9 px (a box per tensor); nil for other figures.
    public static func slideFitting(for options: FigureOptions) -> Fitting? {
        if options.collapse != .none { return .tables(SlideFit(minimumPixels: 12)) }
        if options.style == .nodes { return .tables(SlideFit(minimumPixels: 9)) }
        return nil
    }

    /// What fitting chose: its options in words (`--collapse statements --max-elements 9`),
    /// empty for the figure as asked, and its smallest text on the slide.
    public struct FitChoice: Sendable {
        public let options: FigureOptions
        public let words: String
        public let smallestTextPixels: Double
        public let slide: SlideFit
        /// Whether it reaches the slide's minimum (else it is the least detailed way tried).
        public var fits: Bool { smallestTextPixels >= slide.minimumPixels }

        /// What `render --fit` says it chose.
        public var note: String {
            let size = "\(slide.width)x\(slide.height)"
            let chosen = words.isEmpty ? "the figure as asked" : words
            let pixels = String(format: "%.1f", smallestTextPixels)
            return fits
                ? "--fit \(size): drew \(chosen) (smallest text \(pixels) px)"
                : "--fit \(size): no drawing keeps its smallest text at \(Int(slide.minimumPixels)) px; drew the smallest, \(chosen) (smallest text \(pixels) px)"
        }
    }

    /// The pipeline that draws `evaluation` as fitting chooses: this one without fitting.
    public func fitted(for evaluation: Evaluation) throws(Diagnostic) -> Pipeline {
        guard let choice = try fitChoice(for: evaluation) else { return self }
        return Pipeline(options: choice.options, output: output)
    }

    /// The options fitting chooses for `evaluation`; nil without fitting. Each way tried is laid
    /// out and measured, most detailed first, until one fits.
    public func fitChoice(for evaluation: Evaluation) throws(Diagnostic) -> FitChoice? {
        guard let fitting else { return nil }
        let (slide, candidates): (SlideFit, [(String, FigureOptions)])
        switch fitting {
        case .ladder(let fit): (slide, candidates) = (fit, SlideFit.ladder(from: options))
        case .tables(let fit):
            (slide, candidates) = (fit, SlideFit.tableBudgets(from: options, keeping: []))
        }
        var last: FitChoice?
        for (words, candidate) in candidates {
            let trial = Pipeline(options: candidate)
            let figure = try trial.figure(of: evaluation)
            let svg = try trial.graphviz(trial.dotWriter(for: .svg).write(figure), as: .svg)
            let choice = FitChoice(
                options: candidate, words: words,
                smallestTextPixels: slide.smallestTextPixels(
                    svg: String(decoding: svg, as: UTF8.self)),
                slide: slide)
            if choice.fits { return choice }
            last = choice
        }
        return last
    }

    /// What rendering one file gives.
    public struct Rendering {
        public let evaluation: Evaluation
        public let figure: Figure
        public let dot: String
        public let data: Data
        /// Warnings about the figure's numbers (nan or inf), about the file.
        public let warnings: [Diagnostic]
    }

    // MARK: The stages

    /// Reads an expression file, or standard input for `-`.
    public func load(_ path: String) throws(Diagnostic) -> SourceFile {
        try SourceFile.load(path: path)
    }

    /// Parses and runs a program.
    public func evaluate(_ file: SourceFile) throws(Diagnostic) -> Evaluation {
        var run = Interpreter.Options()
        run.pass = options.pass
        return try Interpreter.run(file, options: run)
    }

    /// The figure of an evaluation, refused over `maxFigureNodes` nodes. `--collapse` and
    /// `--focus` must name what the file binds.
    public func figure(of evaluation: Evaluation) throws(Diagnostic) -> Figure {
        let backward = evaluation.backward
        let path = evaluation.file.path
        if options.quiz {
            guard backward != nil else {
                throw Diagnostic(
                    "the file has no 'backward' statement, so its quiz has no blanks", path: path)
            }
            guard !options.check else {
                throw Diagnostic(
                    "--check shows the numeric gradients that --quiz blanks: use one or the other",
                    path: path)
            }
        }
        if case .names(let names) = options.collapse {
            let tape = evaluation.tape
            let computing = evaluation.statements.filter { statement in
                statement.nodes.contains { tape.nodes[$0].kind.operation != nil }
            }
            for name in names where !computing.contains(where: { $0.names.contains(name) }) {
                let bound = evaluation.bindings.contains { $0.name == name }
                throw Diagnostic(
                    bound
                        ? "--collapse \(name): the statement that binds '\(name)' computes nothing to collapse"
                        : "--collapse \(name): the file binds no name '\(name)'",
                    path: path)
            }
        }
        var figure = Figure(
            tape: evaluation.tape, gradients: backward?.gradients, targetName: backward?.lossName,
            title: evaluation.title, options: options, loss: backward?.lossDefinition,
            statements: evaluation.statements.map {
                Figure.Statement(text: $0.text, names: $0.names, nodes: $0.nodes)
            }, precision: evaluation.precision,
            updates: evaluation.run.updates.map { update in
                Figure.Update(
                    parameter: update.parameter, assigned: update.assigned,
                    formula: update.formula,
                    arithmetic: update.template.map {
                        Figure.Arithmetic(template: $0, values: update.values)
                    }, value: update.value)
            },
            calls: evaluation.run.calls.map { Figure.Call(text: $0.text, nodes: $0.nodes) })
        if evaluation.run.passCount > 1 {
            figure.passLine = "pass \(evaluation.run.passNumber) of \(evaluation.run.passCount)"
        }
        if let name = options.focus {
            guard let binding = evaluation.binding(named: name) else {
                throw Diagnostic("--focus \(name): the file binds no name '\(name)'", path: path)
            }
            guard figure.focus(onTapeID: binding.variable.id, depth: options.depth) else {
                throw Diagnostic(
                    "--focus \(name): '\(name)' is not in the figure (the target does not depend on it)",
                    path: path)
            }
        }
        try checkDrawable(figure, path: evaluation.file.path)
        return figure
    }

    /// Refuses a figure Graphviz could not lay out in reasonable time: too many nodes, or edges
    /// that span too many ranks.
    private func checkDrawable(_ figure: Figure, path: String) throws(Diagnostic) {
        guard figure.nodes.count <= Self.maxFigureNodes else {
            throw Diagnostic(
                "the figure would have \(figure.nodes.count) nodes; render draws at most \(Self.maxFigureNodes), which take about a second or more to lay out (and the time grows faster than linearly). Use 'graphviz-grad eval' for the numbers, or draw a smaller part: --focus NAME, --collapse statements",
                path: path)
        }
        let cells = figure.edges.reduce(0) { total, edge in
            let shown = min(edge.value.count, options.maxElements)
            return total + shown * (edge.gradient == nil ? 1 : 2)
        }
        guard cells <= Self.maxTableCells else {
            throw Diagnostic(
                "the figure's tables would show \(cells) numbers; render draws at most \(Self.maxTableCells) (about 3 s). Use a smaller --max-elements (now \(options.maxElements)), 'graphviz-grad eval' for every number, or draw a part: --focus NAME, --collapse statements",
                path: path)
        }
        let size = figure.layoutSize
        guard size.squaredSpans <= Self.maxLayoutSquaredSpans else {
            throw Diagnostic(
                "the figure is too tangled to lay out in reasonable time: its edges cross \(size.pieces) ranks in all, many of them far (a name used all along a long computation). Use 'graphviz-grad eval' for the numbers, or draw a smaller part: --focus NAME, --collapse statements",
                path: path)
        }
    }

    /// The figure's warnings (a value or gradient that is nan or inf), about `file`.
    public func warnings(for figure: Figure, in file: SourceFile) -> [Diagnostic] {
        figure.nonFiniteWarnings.map { Diagnostic($0, path: file.path, severity: .warning) }
    }

    /// The figure as DOT for `format`: a raster format's carries the pixel density.
    public func dot(of figure: Figure, for format: OutputFormat = .dot) -> String {
        dotWriter(for: format).write(figure)
    }

    /// DOT text drawn as `format` (SVG, PNG, PDF, JSON; DOT is itself). A failure inside
    /// Graphviz is a diagnostic about `path`; a format that is more than a drawing of DOT (a
    /// page, a TikZ picture) is refused.
    public func bytes(of dot: String, as format: OutputFormat, path: String? = nil)
        throws(Diagnostic) -> Data
    {
        guard let data = try format.writer.drawing(ofDOT: dot, through: self, path: path) else {
            throw Diagnostic("\(format.rawValue) is not a drawing of DOT alone", path: path)
        }
        return data
    }

    /// DOT text laid out and drawn by Graphviz as `format`.
    func graphviz(_ dot: String, as format: RenderFormat, path: String? = nil) throws(Diagnostic)
        -> Data
    {
        do {
            return try sharedRenderer().render(dot: dot, format: format)
        } catch {
            throw Diagnostic("\(error)", path: path)
        }
    }

    /// One layout of `dot` in several formats (an SVG and the JSON that measures its texts).
    func graphviz(_ dot: String, as formats: [RenderFormat], path: String?) throws(Diagnostic)
        -> [Data]
    {
        do {
            return try sharedRenderer().render(dot: dot, formats: formats)
        } catch {
            throw Diagnostic("\(error)", path: path)
        }
    }

    /// How many nodes and edges Graphviz reads in `dot` (no layout): for checking that no text
    /// in a figure changed its structure.
    public func graphvizCounts(of dot: String) throws(Diagnostic) -> (nodes: Int, edges: Int) {
        do {
            return try sharedRenderer().count(dot: dot)
        } catch {
            throw Diagnostic("\(error)")
        }
    }

    // MARK: All of it

    /// Renders a program to `format`; with `options.check`, each leaf's gradient is marked
    /// with its finite-difference check.
    public func render(_ file: SourceFile, as format: OutputFormat) throws(Diagnostic) -> Rendering
    {
        let evaluation = try evaluate(file)
        if let choice = try fitChoice(for: evaluation) {
            let fitted = try Pipeline(options: choice.options, output: output).render(
                evaluation, as: format)
            guard case .ladder = fitting else { return fitted }
            return Rendering(
                evaluation: fitted.evaluation, figure: fitted.figure, dot: fitted.dot,
                data: fitted.data,
                warnings: [Diagnostic(choice.note, path: file.path, severity: .note)]
                    + fitted.warnings)
        }
        return try render(evaluation, as: format)
    }

    /// Renders an evaluated program to `format`.
    func render(_ evaluation: Evaluation, as format: OutputFormat) throws(Diagnostic) -> Rendering {
        let file = evaluation.file
        var figure = try figure(of: evaluation)
        if options.check, evaluation.backward != nil { figure.mark(try checks(of: evaluation)) }
        let dot = dot(of: figure, for: format)
        let data = try format.writer.write(
            FigureDrawing(figure: figure, format: format, pipeline: self, path: file.path))
        return Rendering(
            evaluation: evaluation, figure: figure, dot: dot, data: data,
            warnings: evaluation.run.warnings + warnings(for: figure, in: file))
    }

    /// Why a program could not be rendered, and, for a run-time error, the figure of what ran
    /// before it (`render --draw-errors`): the failed operation in the error colour, with its
    /// inputs and their shapes, captioned with the error's message.
    public struct Failure: Error {
        public let diagnostic: Diagnostic
        /// Nil for an error before anything ran (a parse error, an unreadable file).
        public let figure: Data?
    }

    /// Renders a program, or when it fails at run time, draws the failure.
    public func renderDrawingFailure(_ file: SourceFile, as format: OutputFormat) -> Result<
        Rendering, Failure
    > {
        switch Interpreter.runUntilFailure(file) {
        case .finished:
            do {
                return .success(try render(file, as: format))
            } catch {
                return .failure(Failure(diagnostic: error, figure: nil))
            }
        case .failed(let diagnostic, nil):
            return .failure(Failure(diagnostic: diagnostic, figure: nil))
        case .failed(let diagnostic, let stopped?):
            let figure = Figure(
                tape: stopped.tape, failedOperation: stopped.operation?.symbol,
                inputs: stopped.operation?.inputs ?? [], message: diagnostic.message,
                title: stopped.title, options: options, precision: stopped.precision)
            // What ran may be too large to draw; then only the error is told.
            guard (try? checkDrawable(figure, path: file.path)) != nil else {
                return .failure(Failure(diagnostic: diagnostic, figure: nil))
            }
            let data = try? format.writer.write(
                FigureDrawing(figure: figure, format: format, pipeline: self, path: file.path))
            return .failure(Failure(diagnostic: diagnostic, figure: data))
        }
    }

    /// The finite-difference check of every leaf that has a gradient, by the leaf's tape ID:
    /// the same differences as `graphviz-grad check` (tolerance 1e-5).
    public func checks(of evaluation: Evaluation) throws(Diagnostic) -> [Int: Figure.Check] {
        var checks: [Int: Figure.Check] = [:]
        for row in try GradientCheck.run(evaluation, tolerance: Figure.Check.tolerance) {
            if row.passed {
                checks[row.leaf] = .agrees
                continue
            }
            // The estimate of each checked element; an unchecked one (beyond 500) shows the
            // backward's value.
            var scalars = row.analytic.scalars
            for (element, derivative) in row.numeric { scalars[element] = derivative }
            checks[row.leaf] = .differs(numeric: Tensor(shape: row.shape, scalars: scalars))
        }
        return checks
    }

    /// Renders the file at `path` (`-` for standard input) to `format`.
    public func render(path: String, as format: OutputFormat) throws(Diagnostic) -> Rendering {
        try render(load(path), as: format)
    }

    private func sharedRenderer() throws -> GraphvizRenderer {
        rendererLock.lock()
        defer { rendererLock.unlock() }
        if let renderer { return renderer }
        let made = try GraphvizRenderer()
        renderer = made
        return made
    }
}
