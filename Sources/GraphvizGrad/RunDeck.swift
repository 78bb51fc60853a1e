import Foundation
import GradCore
import GradDOT
import GradPlot
import GradScript

extension Pipeline {
    /// Which passes a deck of a run shows.
    public enum PassChoice: Sendable, Equatable {
        /// Up to this many, spread evenly over the run, always the first and the last.
        case spread(Int)
        /// Pass 1, 1 + k, 1 + 2k, …, and the last.
        case every(Int)
        /// These passes (from 1).
        case list([Int])

        /// The default: up to 40 passes.
        public static let standard = PassChoice.spread(40)
    }

    /// A deck of a training run: a frame per chosen pass, all in one layout.
    public struct RunDeck {
        /// The page (HTML, Beamer), or one file per frame (SVG, PNG, PDF).
        public let files: [Data]
        public let passes: [Int]
        public let captions: [String]
        public let warnings: [Diagnostic]
    }

    /// The passes of `count` that `choice` picks, in order.
    public static func chosenPasses(_ choice: PassChoice, of count: Int, among kept: [Int]? = nil)
        -> [Int]
    {
        let count = max(count, 1)
        switch choice {
        case .list(let passes):
            return Array(Set(passes)).sorted()
        case .every(let step):
            var passes = Array(stride(from: 1, through: count, by: max(step, 1)))
            if passes.last != count { passes.append(count) }
            return passes
        case .spread(let most):
            // Evenly among the passes kept (all, or every s-th of a long run).
            let candidates = kept ?? Array(1...count)
            guard candidates.count > most, most > 1 else {
                return most == 1 ? [count] : candidates
            }
            var chosen: [Int] = []
            for step in 0..<most {
                let index = Int(
                    (Double(step) * Double(candidates.count - 1) / Double(most - 1)).rounded())
                if chosen.last != candidates[index] { chosen.append(candidates[index]) }
            }
            return chosen
        }
    }

    /// The most frames a deck of a run has.
    public static let maxRunFrames = 400

    /// `render --passes`: one frame per chosen pass of a training file, each showing that
    /// pass's values, gradients and updates in one layout (the graph of every pass is the same;
    /// a deck whose passes differ is refused, naming them), captioned `pass 3 of 100: loss =
    /// 12.3`. HTML is one page with the loss curve beside the figure; SVG, PNG and PDF are a
    /// file per frame.
    public func renderRun(_ file: SourceFile, passes choice: PassChoice, as format: OutputFormat)
        throws(Diagnostic) -> RunDeck
    {
        var options = Interpreter.Options()
        var requested: Set<Int> = []
        switch choice {
        case .spread(let most): options.keptSpread = most
        case .every(let step):
            // Pass 1, 1 + k, …: as many as a deck may have (the last is always drawn).
            requested = Set(stride(from: 1, through: 1 + step * Self.maxRunFrames, by: step))
        case .list(let passes): requested = Set(passes)
        }
        let run = try Interpreter.runKeeping(file, passes: requested, options: options)
        let drawn = run.drawn
        let count = drawn.run.passCount
        guard drawn.backward != nil || count > 1 else {
            throw Diagnostic(
                "the file has no 'backward' statement, so it has no passes to step through",
                path: file.path)
        }
        if case .list(let passes) = choice {
            for pass in passes where pass > count || pass < 1 {
                throw Diagnostic(
                    "--passes \(pass): the file has \(count) \(count == 1 ? "pass" : "passes"), counted from 1",
                    path: file.path)
            }
        }
        let keptPasses = Set(run.passes)
        let passes = Self.chosenPasses(choice, of: count, among: run.passes)
            .filter(keptPasses.contains)
        guard passes.count <= Self.maxRunFrames else {
            throw Diagnostic(
                "the deck would have \(passes.count) frames; it has at most \(Self.maxRunFrames): choose fewer passes (--every K, or --passes 1,10,100)",
                path: file.path)
        }
        // Every frame's numbers in its cells, each exact in its tooltip; a tensor's tooltip
        // brief (40 frames of whole tensors as NumPy prints them would cost most of the deck).
        var briefly = self.options
        briefly.briefTooltips = true
        let framing = Pipeline(options: briefly)
        var figures: [Figure] = []
        for pass in passes {
            guard let evaluation = run.evaluation(of: pass) else { continue }
            var figure = try framing.figure(of: evaluation)
            figure.passLine = nil
            figures.append(figure)
        }
        let last = figures[figures.count - 1]
        let differing = zip(passes, figures).filter { !$0.1.hasSameStructure(as: last) }.map(\.0)
        let captions = zip(passes, figures).map { pass, figure -> String in
            let loss = drawn.run.passes.first { $0.number == pass }?.loss
            return "pass \(pass) of \(count)"
                + (loss.map { ": loss = " + figure.numbers.format($0) } ?? "")
        }
        // One layout, with room for every frame's numbers.
        // One layout, with room for every frame's numbers: the last pass's graph, or, when some
        // passes' graphs differ, the union of them all, each frame hiding what its pass lacks.
        let layout: Figure
        let renames: [[String: String]]
        var hidden: [Set<String>] = Array(repeating: [], count: figures.count)
        var notes: [Diagnostic] = []
        if differing.isEmpty {
            layout = last.widened(
                with: Array(figures.dropLast()), maxElements: self.options.maxElements)
            renames = figures.map { $0.elementIDs(in: layout) }
        } else {
            let union = FigureUnion(figures)
            layout = union.figure.widened(
                byElement: figures, ids: union.elementIDs, maxElements: self.options.maxElements)
            renames = union.elementIDs
            let everything = Set(layout.nodes.map(\.elementID) + layout.edges.map(\.elementID))
            hidden = renames.map { everything.subtracting($0.values) }
            let listed =
                differing.prefix(5).map(String.init).joined(separator: ", ")
                + (differing.count > 5 ? ", …" : "")
            notes.append(
                Diagnostic(
                    "the graphs of passes \(listed) differ from that of pass \(passes.last!) (a branch of an 'if', or a loop of another length): the deck draws the union of its passes' graphs, and each frame hides what its pass did not compute",
                    path: file.path, severity: .note))
        }
        var base = Frame(show: self.options.show)
        base.captionWidth = Self.captionWidth(captions)
        let dot = dotWriter(for: .svg).write(layout, frame: base)
        let rendered = try graphviz(dot, as: [.svg, .json], path: file.path)
        let svg = SVGFinishing.finish(String(decoding: rendered[0], as: UTF8.self), figure: layout)
        let writer = dotWriter(for: .svg)
        // Each frame's cells and tooltips by the drawing's ids (a frame's tape may number its
        // nodes otherwise).
        // Each frame's texts are its own work: two at a time, one a core.
        let show = Frame(show: self.options.show)
        let texts = Self.inParallel(
            figures.indices.map { index in (figures[index], renames[index]) }
        ) {
            figure, rename in Self.renamed(writer.cellTexts(of: figure, frame: show), rename)
        }
        let tooltips = zip(figures, renames).map { figure, rename in
            Dictionary(
                figure.edges.map { (rename[$0.elementID] ?? $0.elementID, DOTWriter.tooltip($0)) }
                    + figure.nodes.map { (rename[$0.elementID] ?? $0.elementID, $0.tooltip) },
                uniquingKeysWith: { first, _ in first })
        }
        var warnings = drawn.run.warnings + notes
        for figure in figures { warnings += self.warnings(for: figure, in: file) }
        let deck = RunDeckDrawing(
            layout: layout, svg: svg, layoutJSON: rendered[1], texts: texts, tooltips: tooltips,
            hidden: hidden, captions: captions, passes: passes, evaluation: drawn,
            title: last.title, format: format, pipeline: self, path: file.path)
        return RunDeck(
            files: try format.writer.writeRun(deck), passes: passes, captions: captions,
            warnings: warnings)
    }

    /// `transform` of each frame (a figure and its renaming), in order, the work shared
    /// between two threads: each frame's is independent (it reads its own figure and writes
    /// its own slot).
    static func inParallel(
        _ items: [(Figure, [String: String])],
        _ transform: @escaping @Sendable (Figure, [String: String]) -> [String: CellText]
    ) -> [[String: CellText]] {
        let slots = FrameSlots(items.count)
        let inputs = items
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            for index in stride(from: part, to: inputs.count, by: 2) {
                slots.set(index, transform(inputs[index].0, inputs[index].1))
            }
        }
        return slots.results.map { $0 ?? [:] }
    }

    /// Cell ids (`v-ID`, `g-ID.3`, `u-ID.explain`) with their element's id as `rename` names it.
    static func renamed(_ texts: [String: CellText], _ rename: [String: String]) -> [String:
        CellText]
    {
        var out: [String: CellText] = [:]
        for (id, text) in texts {
            guard let dash = id.firstIndex(of: "-") else {
                out[id] = text
                continue
            }
            let prefix = id[...dash]
            let rest = id[id.index(after: dash)...]
            // The element id runs to the first `.` (element ids have none).
            let element = String(rest.prefix { $0 != "." })
            let suffix = rest.dropFirst(element.count)
            out[prefix + (rename[element] ?? element) + suffix] = text
        }
        return out
    }

    /// The page of a run's deck: the figure (its texts changed frame by frame from the data
    /// the page holds), the loss curve beside it with the frame's pass marked, the caption,
    /// and the step deck's counter, buttons, keys and hash.
    func runDeckPage(_ deck: RunDeckDrawing) -> String {
        let (texts, tooltips, hidden) = (deck.texts, deck.tooltips, deck.hidden)
        let (captions, passes, evaluation, title) = (
            deck.captions, deck.passes, deck.evaluation, deck.title
        )
        let varying = RetextableSVG.varyingCells(texts)
        let drawing = RetextableSVG(
            svg: Self.inlineSVG(deck.svg), layout: deck.layoutJSON, varying: varying)
        // The first frame's texts in the drawing, so that the page without script shows it.
        let first = drawing.frame(texts[0], tooltips: tooltips[0], hidden: hidden[0])
            .replacingOccurrences(
                of: DOTWriter.captionPlaceholder, with: "")
        var plot = LinePlot(
            series: [
                LinePlot.Series(
                    name: evaluation.backward?.lossName ?? "loss",
                    points: evaluation.run.passes.compactMap { pass in
                        pass.loss.map { (pass: pass.number, value: $0) }
                    })
            ])
        plot.pointPasses = Set(passes)
        plot.marked = nil
        plot.width = 460
        plot.height = 320
        plot.yLabel = evaluation.backward?.lossName ?? "loss"
        let plotSVG =
            plot.series[0].points.isEmpty
            ? "" : plot.svg(theme: PlotTheme(named: options.theme.rawValue))
        var data = "["
        for index in passes.indices {
            var cells: [String] = []
            for id in varying.sorted() {
                guard let text = texts[index][id] else { continue }
                cells.append(
                    EvalReport.jsonString(id) + ": ["
                        + text.lines.map(EvalReport.jsonString).joined(separator: ", ") + ", "
                        + EvalReport.jsonString(text.title) + "]")
            }
            let gone = hidden[index].sorted().map(EvalReport.jsonString).joined(separator: ", ")
            data +=
                (index == 0 ? "" : ",")
                + "\n{\"pass\": \(passes[index]), \"hidden\": [\(gone)], \"cells\": {"
                + cells.joined(separator: ", ") + "}}"
        }
        data += "\n]"
        // `</` cannot end the data's script element early.
        data = data.replacingOccurrences(of: "</", with: "<\\/")
        var sections = ""
        for index in passes.indices {
            sections += """
                <section class="frame" id="gg-frame-\(index + 1)" data-pass="\(passes[index])"\(index == 0 ? "" : " hidden")>\
                <p class="caption"><bdi>\(Self.xmlEscaped(captions[index]))</bdi></p></section>

                """
        }
        let body = """
            <main class="run">
            <div class="run-views">
            <figure class="run-figure">
            \(first)
            </figure>
            <figure class="run-plot">
            \(plotSVG)
            </figure>
            </div>
            \(sections)\(hidden.contains { !$0.isEmpty } ? "<p class=\"note\">The passes' graphs differ (a branch of an <code>if</code>, or a loop of another length): this deck draws their union, and each frame hides what its pass did not compute.</p>\n" : "")</main>
            <nav aria-label="frames">
            <button type="button" id="gg-first" title="First frame (Home)">⇤</button>
            <button type="button" id="gg-back" title="Back (←)">◀</button>
            <span id="gg-counter" aria-live="polite">1 / \(passes.count)</span>
            <button type="button" id="gg-next" title="Next (→ or space)">▶</button>
            <button type="button" id="gg-last" title="Last frame (End)">⇥</button>
            </nav>
            <script type="application/json" id="gg-run-data">\(data)</script>
            """
        let css =
            Self.deckCSS(options.theme) + """
                .run-views { display: flex; gap: 1rem; align-items: center; justify-content: center; flex-wrap: wrap; }
                .run-figure svg { max-width: 68vw; max-height: 78vh; height: auto; }
                .run-plot svg { max-width: 28vw; height: auto; }
                .note { color: \(Self.colours(self.options.theme).muted); font-size: 0.9rem; margin: 0.2rem 1rem; }
                .run-plot circle.marker { fill: \(PlotTheme(named: options.theme.rawValue).highlight); }

                """
        return Self.page(
            title: Self.xmlEscaped(title ?? "A training run, pass by pass"), css: css,
            body: body, script: Self.deckScript(reveal: Self.runReveal),
            bodyAttributes: " data-frame=\"1\"")
    }

    /// Shows frame k of a run's deck: each changing cell's lines and tooltip, and the pass's
    /// point marked on the loss curve.
    static let runReveal = """
          var runData = JSON.parse(document.getElementById("gg-run-data").textContent);
          var xlink = "http://www.w3.org/1999/xlink";
          var points = Array.prototype.slice.call(document.querySelectorAll(".run-plot circle.point"));
          // What some frame hides (a union of the passes' graphs): each frame hides its own.
          var hideable = {};
          runData.forEach(function (frame) { frame.hidden.forEach(function (id) { hideable[id] = true; }); });
          function reveal(k) {
            var hidden = {};
            runData[k].hidden.forEach(function (id) { hidden[id] = true; });
            Object.keys(hideable).forEach(function (id) {
              var element = document.getElementById(id);
              if (element) { element.style.visibility = hidden[id] ? "hidden" : ""; }
            });
            var cells = runData[k].cells;
            Object.keys(cells).forEach(function (id) {
              var group = document.getElementById("a_" + id);
              if (!group) { return; }
              var lines = cells[id];
              var texts = group.querySelectorAll("text");
              var shown = lines.length - 1;
              for (var i = 0; i < texts.length; i++) {
                var line = i < shown ? lines[i] : "";
                if (i === texts.length - 1 && shown > texts.length) {
                  line = lines.slice(i, shown).join(" ");
                }
                texts[i].textContent = line;
              }
              var link = group.querySelector("a");
              if (link) { link.setAttributeNS(xlink, "title", lines[lines.length - 1]); }
            });
            var pass = String(runData[k].pass);
            points.forEach(function (point) {
              var marked = point.getAttribute("data-pass") === pass;
              if (!point.hasAttribute("data-r")) { point.setAttribute("data-r", point.getAttribute("r")); }
              point.classList.toggle("marker", marked);
              point.setAttribute("r", marked ? "6" : point.getAttribute("data-r"));
            });
          }

        """
}

/// The results of frames worked out on two threads, each written once, behind a lock.
private final class FrameSlots: @unchecked Sendable {
    private(set) var results: [[String: CellText]?]
    private let lock = NSLock()

    init(_ count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: [String: CellText]) {
        lock.lock()
        results[index] = value
        lock.unlock()
    }
}

/// What a format gets to write the deck of a run: one layout (the figure `layout`, drawn once
/// as `svg`, measured in Graphviz's JSON `layoutJSON`) and, per frame, the texts of its cells,
/// its tooltips and what it hides, by the layout's element ids.
public struct RunDeckDrawing {
    public let layout: Figure
    public let svg: String
    public let layoutJSON: Data
    public let texts: [[String: CellText]]
    public let tooltips: [[String: String]]
    public let hidden: [Set<String>]
    public let captions: [String]
    public let passes: [Int]
    /// The run, with the drawn pass.
    public let evaluation: Evaluation
    public let title: String?
    public let format: OutputFormat
    public let pipeline: Pipeline
    public let path: String?

    public var output: OutputOptions { pipeline.output }

    /// Each frame as plain SVG: no script, no data attributes, its caption in place.
    public func plainSVGFrames() -> [String] {
        let drawing = RetextableSVG(
            svg: svg, layout: layoutJSON, varying: RetextableSVG.varyingCells(texts))
        return passes.indices.map { index in
            drawing.frame(texts[index], tooltips: tooltips[index], hidden: hidden[index])
                .replacingOccurrences(
                    of: DOTWriter.captionPlaceholder, with: Pipeline.xmlEscaped(captions[index]))
        }
    }
}
