import Foundation
import GradCore
import GradPlot
import GradScript

/// `graphviz-grad plot`: the loss of each pass of one or more training files, other scalars
/// they bind, and the optimiser's path over two parameters on the contours of the loss.
public enum Plotting {
    /// A line's or a path's name in a legend: the file's title, else its name without the
    /// folder and extension.
    static func legendName(of evaluation: Evaluation) -> String {
        if let title = evaluation.title { return title }
        let path = evaluation.file.path
        return path == "-"
            ? "stdin"
            : URL(fileURLWithPath: path).deletingPathExtension()
                .lastPathComponent
    }

    /// Runs each file once, noting `series` (or, without it, each pass's loss).
    static func evaluateAll(_ files: [SourceFile], options: Interpreter.Options) throws(Diagnostic)
        -> [Evaluation]
    {
        var evaluations: [Evaluation] = []
        for file in files {
            let evaluation = try Interpreter.run(file, options: options)
            guard !evaluation.run.passes.isEmpty else {
                throw Diagnostic(
                    "the file has no 'backward' statement, so it has no passes to plot",
                    path: file.path)
            }
            evaluations.append(evaluation)
        }
        return evaluations
    }

    /// The loss curve of every file (the target of each pass's `backward`), or the scalars
    /// `series` names, one line each.
    public static func lossPlot(_ files: [SourceFile], series: [String], logY: Bool)
        throws(Diagnostic) -> LinePlot
    {
        var options = Interpreter.Options()
        options.series = series
        let evaluations = try evaluateAll(files, options: options)
        var lines: [LinePlot.Series] = []
        for evaluation in evaluations {
            let passes = evaluation.run.passes
            let fileName = legendName(of: evaluation)
            if series.isEmpty {
                let points = passes.compactMap { pass in
                    pass.loss.map { (pass: pass.number, value: $0) }
                }
                guard !points.isEmpty else {
                    throw Diagnostic(
                        "the target of 'backward' is a tensor, not a scalar loss; plot a scalar the file binds with --series NAME",
                        path: evaluation.file.path)
                }
                lines.append(
                    LinePlot.Series(
                        name: evaluations.count > 1
                            ? fileName : evaluation.backward?.lossName ?? "loss",
                        points: points))
                continue
            }
            for name in series {
                let points = passes.compactMap { pass in
                    pass.series[name].map { (pass: pass.number, value: $0) }
                }
                guard !points.isEmpty else {
                    throw Diagnostic(
                        "--series \(name): the file binds no scalar '\(name)' at its top level in any pass",
                        path: evaluation.file.path)
                }
                let lineName =
                    evaluations.count == 1
                    ? name : series.count == 1 ? fileName : fileName + " · " + name
                lines.append(LinePlot.Series(name: lineName, points: points))
            }
        }
        var plot = LinePlot(series: lines)
        plot.logY = logY
        plot.yLabel = series.count == 1 ? series[0] : series.isEmpty ? "loss" : "value"
        let what = series.isEmpty ? "loss" : series.joined(separator: ", ")
        plot.title =
            evaluations.count == 1
            ? evaluations[0].title ?? legendName(of: evaluations[0]) + ": " + what + " per pass"
            : what + " per pass"
        return plot
    }

    /// A parameter, or one element of it, as `--path` names it: `w`, `W[0, 0]`, `b[1]`.
    public static func element(_ text: String) -> Interpreter.TrackedElement? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.firstIndex(of: "[") else {
            return isName(trimmed) ? Interpreter.TrackedElement(name: trimmed, index: []) : nil
        }
        guard trimmed.hasSuffix("]") else { return nil }
        let name = String(trimmed[..<open])
        let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        var index: [Int] = []
        for part in inside.split(separator: ",", omittingEmptySubsequences: false) {
            guard let number = Int(part.trimmingCharacters(in: .whitespaces)), number >= 0 else {
                return nil
            }
            index.append(number)
        }
        return isName(name) && !index.isEmpty
            ? Interpreter.TrackedElement(name: name, index: index) : nil
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The most grid points a side of the surface may have.
    public static let maxGridSide = 400

    /// The loss over a grid of (A, B) around the paths of every file, computed by replaying the
    /// first file's drawn pass (`pass`, or the last) with the two values changed, and each
    /// file's path of (A, B) over its passes.
    public static func pathPlot(
        _ files: [SourceFile], a aText: String, b bText: String,
        range: (ClosedRange<Double>, ClosedRange<Double>)?, pass: Int?, gridSide: Int = 200
    ) throws(Diagnostic) -> ContourPlot {
        guard let a = element(aText), let b = element(bText) else {
            let bad = element(aText) == nil ? aText : bText
            throw Diagnostic(
                "--path \(bad): name a scalar parameter (w) or one element of one (W[0, 0])")
        }
        var options = Interpreter.Options()
        options.tracked = [a, b]
        options.pass = pass
        let evaluations = try evaluateAll(files, options: options)
        var paths: [ContourPlot.Path] = []
        for evaluation in evaluations {
            var points: [(pass: Int, x: Double, y: Double)] = []
            for summary in evaluation.run.passes {
                guard summary.tracked.count == 2, let x = summary.tracked[0],
                    let y = summary.tracked[1]
                else { continue }
                points.append((summary.number, x, y))
            }
            guard !points.isEmpty else {
                let tracked = evaluation.run.passes.first?.tracked ?? []
                let missing = tracked.count == 2 && tracked[0] != nil ? bText : aText
                throw Diagnostic(
                    "--path: '\(missing)' is not a scalar parameter or an element of one when the file's backward runs",
                    path: evaluation.file.path)
            }
            paths.append(ContourPlot.Path(name: legendName(of: evaluation), points: points))
        }
        let surface = try Surface(evaluations[0], a: a, b: b, aText: aText, bText: bText)
        let ranges = range ?? paddedRanges(paths)
        let grid = surface.grid(x: ranges.0, y: ranges.1, side: gridSide)
        guard grid.finiteRange != nil else {
            throw Diagnostic(
                "the loss is nan or inf everywhere on the grid; choose another --range",
                path: evaluations[0].file.path)
        }
        let (levels, isLogarithmic) = Contours.levels(for: grid)
        var plot = ContourPlot(
            xLabel: aText, yLabel: bText, grid: grid, levels: levels,
            isLogarithmic: isLogarithmic, paths: paths)
        plot.title =
            evaluations.count == 1
            ? evaluations[0].title
                ?? legendName(of: evaluations[0])
                + ": the path of (\(aText), \(bText)) over the loss"
            : "the paths of (\(aText), \(bText)) over the loss of " + legendName(of: evaluations[0])
        return plot
    }

    /// The paths' extent in each coordinate, padded by 10 % (by 1, or 10 % of the value, when
    /// a coordinate does not move).
    static func paddedRanges(_ paths: [ContourPlot.Path]) -> (
        ClosedRange<Double>, ClosedRange<Double>
    ) {
        func padded(_ values: [Double]) -> ClosedRange<Double> {
            let low = values.min() ?? 0
            let high = values.max() ?? 0
            let span = high - low
            let pad = span > 0 ? span * 0.1 : max(abs(low) * 0.1, 1)
            return (low - pad)...(high + pad)
        }
        let points = paths.flatMap(\.points)
        return (padded(points.map(\.x)), padded(points.map(\.y)))
    }

    /// The loss of one pass as a function of two of its leaves' elements, by replaying the
    /// pass's recorded operations.
    struct Surface {
        let tape: Tape
        let target: Int
        let upstream: Tensor
        let leaves: [(id: Int, offset: Int)]

        init(
            _ evaluation: Evaluation, a: Interpreter.TrackedElement, b: Interpreter.TrackedElement,
            aText: String, bText: String
        ) throws(Diagnostic) {
            guard let backward = evaluation.backward else {
                throw Diagnostic(
                    "the drawn pass has no backward, so it has no loss to plot",
                    path: evaluation.file.path)
            }
            let tape = evaluation.tape
            self.tape = tape
            target = backward.target.id
            upstream = backward.gradients.upstream
            var leaves: [(Int, Int)] = []
            for (element, text) in [(a, aText), (b, bText)] {
                guard
                    let id = tape.nodes.indices.first(where: { id in
                        if case .leaf = tape.nodes[id].kind {
                            return tape.nodes[id].name == element.name
                        }
                        return false
                    })
                else {
                    throw Diagnostic(
                        "--path \(text): the pass does not read a parameter '\(element.name)' (the loss does not depend on it)",
                        path: evaluation.file.path)
                }
                let shape = tape.nodes[id].value.shape
                guard let offset = Self.offset(of: element.index, in: shape) else {
                    throw Diagnostic(
                        "--path \(text): '\(element.name)' has shape \(shape); name one element of it, as in \(element.name)[\(Array(repeating: "0", count: max(shape.rank, 1)).joined(separator: ", "))]",
                        path: evaluation.file.path)
                }
                leaves.append((id, offset))
            }
            self.leaves = leaves
        }

        static func offset(of index: [Int], in shape: Shape) -> Int? {
            if index.isEmpty { return shape.count == 1 ? 0 : nil }
            guard index.count == shape.rank else { return nil }
            var offset = 0
            for (axis, position) in index.enumerated() {
                guard (0..<shape.dims[axis]).contains(position) else { return nil }
                offset = offset * shape.dims[axis] + position
            }
            return offset
        }

        /// L at (a, b): Σ upstream · target, the target alone for a scalar loss.
        func loss(_ a: Double, _ b: Double) -> Double {
            var replaced: [Int: Tensor] = [:]
            for ((id, offset), value) in zip(leaves, [a, b]) {
                var scalars = (replaced[id] ?? tape.nodes[id].value).scalars
                scalars[offset] = value
                replaced[id] = Tensor(shape: tape.nodes[id].value.shape, scalars: scalars)
            }
            let value = tape.replayValue(of: target, replacing: replaced)
            return zip(value.scalars, upstream.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        }

        func grid(x: ClosedRange<Double>, y: ClosedRange<Double>, side: Int) -> Grid {
            let side = max(2, side)
            let step = (x.upperBound - x.lowerBound) / Double(side - 1)
            let rowStep = (y.upperBound - y.lowerBound) / Double(side - 1)
            let values = (0..<side).map { row in
                (0..<side).map { column in
                    loss(
                        x.lowerBound + Double(column) * step, y.lowerBound + Double(row) * rowStep)
                }
            }
            return Grid(x: x, y: y, values: values)
        }
    }

    /// `a0:a1,b0:b1` as two ranges.
    public static func ranges(_ text: String) -> (ClosedRange<Double>, ClosedRange<Double>)? {
        let parts = text.split(separator: ",")
        guard parts.count == 2 else { return nil }
        var ranges: [ClosedRange<Double>] = []
        for part in parts {
            let ends = part.split(separator: ":", omittingEmptySubsequences: false)
            guard ends.count == 2,
                let low = Double(ends[0].trimmingCharacters(in: .whitespaces)),
                let high = Double(ends[1].trimmingCharacters(in: .whitespaces)),
                low.isFinite, high.isFinite, low < high
            else { return nil }
            ranges.append(low...high)
        }
        return (ranges[0], ranges[1])
    }

    /// An SVG as PNG or PDF, through librsvg (`rsvg-convert`): a plot is drawn by the tool as
    /// SVG, and only a well-kept renderer turns it into pixels or pages.
    public static func convert(svg: String, to format: OutputFormat, dpi: Int) throws(Diagnostic)
        -> Data
    {
        guard format == .png || format == .pdf else { return Data(svg.utf8) }
        let search = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            .split(separator: ":").map { String($0) + "/rsvg-convert" }
        guard let tool = search.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            throw Diagnostic(
                "a plot as \(format.rawValue.uppercased()) needs librsvg's rsvg-convert (Debian: apt-get install librsvg2-bin; Homebrew: brew install librsvg); SVG needs nothing"
            )
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        // A PNG has `dpi` pixels per inch of the plot's size (its SVG pixels are 1/96 inch);
        // a PDF keeps the size.
        process.arguments =
            format == .png
            ? ["--format", "png", "--zoom", String(format: "%.4f", Double(dpi) / 96)]
            : ["--format", "pdf"]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Diagnostic("could not run \(tool): \(error.localizedDescription)")
        }
        // The SVG is written from another thread while this one reads, so neither pipe fills.
        let writer = input.fileHandleForWriting
        let bytes = Data(svg.utf8)
        let writing = Thread {
            writer.write(bytes)
            try? writer.close()
        }
        writing.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !data.isEmpty else {
            throw Diagnostic(
                "rsvg-convert failed: "
                    + String(decoding: message, as: UTF8.self).trimmingCharacters(
                        in: .whitespacesAndNewlines))
        }
        return data
    }
}
