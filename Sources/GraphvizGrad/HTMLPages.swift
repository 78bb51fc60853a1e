import Foundation
import GradCore
import GradDOT
import GradPlot
import GradScript

/// The two pages graphviz-grad writes: the step-by-step deck (`render --steps -o deck.html`) and
/// the handout (`graphviz-grad handout`). Each is one self-contained file: SVG inline, its own
/// CSS and script, nothing fetched, so it works from `file://` and prints.
extension Pipeline {
    /// User text (titles, names, captions, file names) sits in `<bdi>`, so that right-to-left
    /// text cannot reorder what is around it.
    ///
    /// Every id the pages give their own elements starts `gg-` (`gg-counter`, `gg-frame-3`):
    /// a figure's ids come from the file's names, which have no `-`, so no name can take one.
    ///
    /// The deck: one frame visible at a time, a counter (`3 / 17`), the caption, keys (→ or
    /// space: next; ←: back; Home, End), buttons for the same, and the frame in the URL's hash.
    /// The page holds the figure's SVG once, each part marked with the frame it appears at
    /// (`FrameSVG.deckDrawing`); the script reveals a frame by those numbers, and each frame adds
    /// only its caption and its highlights, so a deck costs its figure plus its frames. Without
    /// script it shows its first frame.
    func deck(figure: Figure, timeline: StepTimeline, path: String) throws(Diagnostic) -> Data {
        let drawing = FrameSVG(
            svg: Self.inlineSVG(try finishedSVG(of: figure, frame: Frame(), path: path)),
            theme: options.theme)
        let svg = drawing.deckDrawing(timeline)
        var sections = ""
        var frameCSS = FrameCSS.deckRules(theme: options.theme)
        for index in 0..<timeline.count {
            frameCSS += FrameCSS.highlightRules(
                timeline, frame: index, figure: figure, theme: options.theme,
                scope: "body[data-frame=\"\(index + 1)\"] ")
            sections += """
                <section class="frame" id="gg-frame-\(index + 1)"\(index == 0 ? "" : " hidden")>\
                <p class="caption"><bdi>\(Self.xmlEscaped(timeline.captions[index]))</bdi></p></section>

                """
        }
        let frames = timeline.captions
        let title = Self.xmlEscaped(figure.title ?? "Backpropagation, step by step")
        let body = """
            <main>
            <figure>
            \(svg)
            </figure>
            \(sections)</main>
            <nav aria-label="frames">
            <button type="button" id="gg-first" title="First frame (Home)">⇤</button>
            <button type="button" id="gg-back" title="Back (←)">◀</button>
            <span id="gg-counter" aria-live="polite">1 / \(frames.count)</span>
            <button type="button" id="gg-next" title="Next (→ or space)">▶</button>
            <button type="button" id="gg-last" title="Last frame (End)">⇥</button>
            </nav>
            """
        return Data(
            Self.page(
                title: title, css: Self.deckCSS(options.theme) + frameCSS, body: body,
                script: Self.deckScript, bodyAttributes: " data-frame=\"1\""
            ).utf8)
    }

    /// The handout: a contents list, then one section per file with its title, its leading
    /// comments as prose, its source, its figure and the table `eval` prints. Printed, each file
    /// starts a new page and its figure fits the page's width.
    ///
    /// With `options.quiz` it is an exercise sheet: the figures' gradients are numbered blanks
    /// and the numbers table has no gradients; with `solutions` too, the teacher's copy: the
    /// same figures, each followed by its blanks' answers and the whole numbers table.
    public func handout(_ paths: [String], solutions: Bool = false) throws(Diagnostic) -> Data {
        var contents = ""
        var sections = ""
        for (index, path) in paths.enumerated() {
            let file = try load(path)
            let evaluation = try evaluate(file)
            let drawing = try fitted(for: evaluation)
            let figure = try drawing.figure(of: evaluation)
            let numbers =
                options.quiz && !solutions
                ? Self.numbersTable(evaluation, drawnIn: figure)
                : (options.quiz ? Self.answersTable(figure) : "") + Self.numbersTable(evaluation)
            var svg = Self.inlineSVG(
                try drawing.finishedSVG(
                    of: figure, frame: Frame(show: options.show), path: file.path))
            svg = UTF8Editing.replacing(" id=\"", with: " id=\"h\(index + 1)-", in: svg)
            let training = Self.trainingSection(
                evaluation, theme: options.theme, exercise: options.quiz && !solutions)
            let name = URL(fileURLWithPath: file.path).lastPathComponent
            let title = Self.xmlEscaped(evaluation.title ?? name)
            let anchor = "gg-file-\(index + 1)"
            contents +=
                "<li><a href=\"#\(anchor)\"><bdi>\(title)</bdi></a> <span class=\"filename\"><bdi>\(Self.xmlEscaped(name))</bdi></span></li>\n"
            sections += """
                <section class="file" id="\(anchor)">
                <h2><bdi>\(title)</bdi></h2>
                \(Self.prose(file.text))
                \(training.curve)<figure>\(svg)</figure>
                <div class="columns">
                <div><h3>The file <span class="filename">\(Self.xmlEscaped(name))</span></h3>
                <pre class="source"><code>\(Self.xmlEscaped(file.text))</code></pre></div>
                <div><h3>The numbers (<code>graphviz-grad eval</code>)</h3>
                \(training.passes)\(numbers)</div>
                </div>
                </section>

                """
        }
        let heading = options.quiz ? (solutions ? "Exercises: solutions" : "Exercises") : "Handout"
        let body = """
            <header><h1>\(heading)</h1>
            <nav class="contents"><h2>Contents</h2><ol>
            \(contents)</ol></nav></header>
            <main>
            \(sections)</main>
            """
        return Data(
            Self.page(
                title: heading, css: Self.handoutCSS(options.theme), body: body, script: nil
            ).utf8)
    }

    /// A training file's loss curve (before the figure of its last pass) and its table of
    /// passes (before the numbers of that pass), as `plot` and `eval` give them; empty for a
    /// file of one pass.
    /// On an exercise sheet the table has each pass's loss only: the parameters' values after
    /// a pass are the answers of its updates' blanks.
    static func trainingSection(
        _ evaluation: Evaluation, theme: FigureOptions.Theme, exercise: Bool
    ) -> (curve: String, passes: String) {
        let run = evaluation.run
        guard run.passCount > 1 else { return ("", "") }
        let loss = evaluation.backward?.lossName ?? "loss"
        let points = run.passes.compactMap { pass in
            pass.loss.map { (pass: pass.number, value: $0) }
        }
        var curve = ""
        if !points.isEmpty {
            var plot = LinePlot(series: [LinePlot.Series(name: loss, points: points)])
            plot.yLabel = loss
            plot.width = 620
            plot.height = 300
            curve =
                "<figure class=\"loss-curve\">" + plot.svg(theme: PlotTheme(named: theme.rawValue))
                + "<figcaption>\(xmlEscaped(loss)) per pass (<code>graphviz-grad plot</code>); the figure below is pass \(run.passNumber) of \(run.passCount)</figcaption></figure>\n"
        }
        var (header, rows, shown) = EvalReport.passRows(run)
        if exercise {
            header = Array(header.prefix(2))
            rows = rows.map { Array($0.prefix(2)) }
        }
        let cells = rows.map { row in
            "<tr>" + row.map { "<td>" + xmlEscaped($0) + "</td>" }.joined() + "</tr>"
        }
        let table =
            "<p>Passes\(xmlEscaped(shown)):</p><table class=\"numbers passes\"><tr>"
            + header.map { "<th>" + xmlEscaped($0) + "</th>" }.joined() + "</tr>"
            + cells.joined(separator: "\n")
            + "</table><p>Pass \(run.passNumber) of \(run.passCount):</p>"
        return (curve, table)
    }

    /// What `eval` prints, as a table: a row per name with its shape, value and gradient (NumPy's
    /// text), and what L is when it is not the target.
    /// With `figure` (an exercise sheet), the values alone, of the names the figure draws: a
    /// name the exercise does not draw may be the file's own working of an answer.
    static func numbersTable(_ evaluation: Evaluation, drawnIn figure: Figure? = nil) -> String {
        let loss = evaluation.backward?.lossName ?? "L"
        let gradients = figure == nil
        let drawn = figure.map { Set($0.edges.map(\.source)) }
        // Every binding of a rebound name, numbered as the figure numbers it (`h₁`, `h₂`).
        let bindings = evaluation.bindings.flatMap { evaluation.versions(of: $0.name) }
            .filter { drawn?.contains($0.variable.id) ?? true }
        var rows = bindings.map { binding -> String in
            let value = binding.variable.value
            let name = evaluation.numberedName(of: binding)
            var row =
                "<tr><th><bdi>\(xmlEscaped(name))</bdi></th><td>\(value.shape)</td><td><pre>"
                + xmlEscaped(NumPyText.format(value)) + "</pre></td>"
            if gradients {
                let gradient = evaluation.gradient(of: binding).map { NumPyText.format($0) } ?? "—"
                row += "<td><pre>" + xmlEscaped(gradient) + "</pre></td>"
            }
            return row + "</tr>"
        }
        rows.insert(
            "<tr><th>name</th><th>shape</th><th>value</th>"
                + (gradients ? "<th>∂\(xmlEscaped(loss))/∂name</th>" : "") + "</tr>",
            at: 0)
        let definition =
            evaluation.backward?.lossDefinition.map { "<p>\(xmlEscaped($0))</p>" } ?? ""
        return definition + "<table class=\"numbers\">" + rows.joined(separator: "\n") + "</table>"
    }

    /// The answers of a quiz's blanks, in order: the teacher's copy of an exercise sheet.
    static func answersTable(_ figure: Figure) -> String {
        let rows = figure.blanks.map { blank in
            "<tr><th>\(blank.number)</th><td>\(xmlEscaped(blank.label))</td><td><pre>"
                + xmlEscaped(
                    blank.value.rank == 0
                        ? figure.numbers.format(blank.value.scalars[0])
                        : NumPyText.format(blank.value)) + "</pre></td></tr>"
        }
        return
            "<table class=\"numbers answers\"><tr><th>blank</th><th>gradient</th><th>answer</th></tr>"
            + rows.joined(separator: "\n") + "</table>"
    }

    /// The comment block a file starts with, as paragraphs (a `#` line alone separates them);
    /// text in backticks is code.
    static func prose(_ source: String) -> String {
        var paragraphs: [[String]] = [[]]
        for line in SourceFile(path: "", text: source).lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("#") else {
                if trimmed.isEmpty, paragraphs.joined().isEmpty { continue }
                break
            }
            let text = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                paragraphs.append([])
            } else {
                paragraphs[paragraphs.count - 1].append(text)
            }
        }
        return paragraphs.filter { !$0.isEmpty }.map { lines in
            let text = xmlEscaped(lines.joined(separator: " "))
            return "<p>" + text.replacing(/`([^`]+)`/) { "<code>" + $0.output.1 + "</code>" }
                + "</p>"
        }.joined(separator: "\n")
    }

    static func page(
        title: String, css: String, body: String, script: String?, bodyAttributes: String = ""
    ) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="graphviz-grad">
        <title>\(title)</title>
        <style>
        \(css)</style>
        </head>
        <body\(bodyAttributes)>
        \(body)
        \(script.map { "<script>\n" + $0 + "</script>" } ?? "")
        </body>
        </html>

        """
    }

    /// Page colours for a figure's theme.
    static func colours(_ theme: FigureOptions.Theme) -> (
        background: String, text: String, muted: String
    ) {
        switch theme {
        case .light, .print: return ("#ffffff", "#222222", "#666666")
        case .dark: return ("#1e1e1e", "#e8e8e8", "#a0a0a0")
        }
    }

    static func deckCSS(_ theme: FigureOptions.Theme) -> String {
        let colours = colours(theme)
        return """
            html, body { margin: 0; background: \(colours.background); color: \(colours.text);
              font-family: "DejaVu Sans", sans-serif; }
            body { display: flex; flex-direction: column; min-height: 100vh; }
            header h1 { font-size: 1.3rem; font-weight: normal; margin: 0.6rem 1rem; }
            main { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; }
            main figure { margin: 0; text-align: center; }
            main svg { max-width: 96vw; max-height: 78vh; height: auto; }
            .caption { font-size: 1.2rem; margin: 0.6rem 1rem; min-height: 1.5em; text-align: center; }
            nav { display: flex; gap: 0.5rem; align-items: center; justify-content: center; padding: 0.6rem; }
            nav button { font-size: 1.1rem; padding: 0.2rem 0.8rem; background: transparent;
              color: \(colours.text); border: 1px solid \(colours.muted); border-radius: 4px; cursor: pointer; }
            #gg-counter { min-width: 5em; text-align: center; font-variant-numeric: tabular-nums; }
            @media print { nav { display: none; } }

            """
    }

    /// The deck's few lines of script: frames shown one at a time, keys, buttons and the hash.
    static let deckScript = deckScript(reveal: stepReveal)

    /// A deck's script around `reveal`, the code that defines `reveal(k)`: what frame k (from
    /// 0) shows in the drawing.
    static func deckScript(reveal: String) -> String {
        """
        (function () {
          "use strict";
          var frames = Array.prototype.slice.call(document.querySelectorAll(".frame"));
          var counter = document.getElementById("gg-counter");
          var current = 0;
          function fromHash() {
            var n = parseInt(window.location.hash.slice(1), 10);
            return isNaN(n) ? 0 : n - 1;
          }
        \(reveal)
          function show(index, remember) {
            current = Math.max(0, Math.min(frames.length - 1, index));
            reveal(current);
            frames.forEach(function (frame, i) { frame.hidden = i !== current; });
            document.body.setAttribute("data-frame", String(current + 1));
            counter.textContent = (current + 1) + " / " + frames.length;
            // A hash out of range (#0, #99) is corrected, so hash, counter and files agree.
            var hash = window.location.hash;
            if (remember || (hash && hash !== "#" + (current + 1))) {
              try { window.history.replaceState(null, "", "#" + (current + 1)); }
              catch (e) { window.location.hash = String(current + 1); }
            }
          }
          document.addEventListener("keydown", function (event) {
            if (event.altKey || event.ctrlKey || event.metaKey) { return; }
            switch (event.key) {
              case "ArrowRight": case " ": case "PageDown": show(current + 1, true); break;
              case "ArrowLeft": case "PageUp": show(current - 1, true); break;
              case "Home": show(0, true); break;
              case "End": show(frames.length - 1, true); break;
              default: return;
            }
            event.preventDefault();
          });
          document.getElementById("gg-first").addEventListener("click", function () { show(0, true); });
          document.getElementById("gg-back").addEventListener("click", function () { show(current - 1, true); });
          document.getElementById("gg-next").addEventListener("click", function () { show(current + 1, true); });
          document.getElementById("gg-last").addEventListener("click", function () { show(frames.length - 1, true); });
          window.addEventListener("hashchange", function () { show(fromHash(), false); });
          show(fromHash(), false);
        })();

        """
    }

    /// What a step deck's frame k shows: each part marked with the frame it appears at.
    static let stepReveal = """
          var parts = document.querySelectorAll("[data-gg-a]");
          var arrows = document.querySelectorAll("[data-gg-ev], [data-gg-eg]");
          var operations = document.querySelectorAll("[data-gg-r]");
          // Marks every part of the drawing as frame k (from 0) shows it.
          function reveal(k) {
            function after(element, name) {
              var at = element.getAttribute(name);
              return at !== null && Number(at) > k;
            }
            parts.forEach(function (part) {
              part.classList.toggle("gg-hidden", after(part, "data-gg-a"));
              var shift = part.getAttribute("data-gg-shift");
              if (shift !== null) {
                if (!after(part, "data-gg-a") && after(part, "data-gg-eg")) {
                  part.setAttribute("transform", "translate(0," + shift + ")");
                } else {
                  part.removeAttribute("transform");
                }
              }
            });
            arrows.forEach(function (arrow) {
              arrow.classList.toggle("gg-faint", after(arrow, "data-gg-ev"));
              arrow.classList.toggle("gg-noback", after(arrow, "data-gg-eg"));
            });
            operations.forEach(function (operation) {
              operation.classList.toggle("gg-pending", after(operation, "data-gg-r"));
            });
          }
        """

    static func handoutCSS(_ theme: FigureOptions.Theme) -> String {
        let colours = colours(theme)
        return """
            html, body { background: \(colours.background); color: \(colours.text); }
            body { font-family: "DejaVu Sans", sans-serif; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem;
              line-height: 1.45; }
            h1, h2, h3 { font-family: "DejaVu Sans", sans-serif; font-weight: normal; }
            h3 { font-size: 1rem; color: \(colours.muted); margin-bottom: 0.3rem; }
            .filename { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; color: \(colours.muted); }
            code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85rem; }
            pre code { font-size: inherit; }
            pre { background: rgba(127, 127, 127, 0.08); padding: 0.6rem; overflow-x: auto; }
            figure { margin: 0.5rem 0; }
            figure svg { max-width: 100%; height: auto; }
            section.file { margin-top: 2.5rem; }
            .columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
            table.numbers { border-collapse: collapse; font-size: 0.85rem; }
            table.numbers th, table.numbers td { text-align: left; vertical-align: top; padding: 0.15rem 0.5rem;
              border-bottom: 1px solid rgba(127, 127, 127, 0.3); }
            table.numbers pre { margin: 0; padding: 0; background: none; }
            @media print {
              @page { margin: 1.2cm; }
              body { max-width: none; margin: 0; font-size: 10pt; }
              section.file { margin-top: 0; }
              section.file + section.file { break-before: page; }
              figure svg { max-height: 45vh; }
              pre, table.numbers { font-size: 7pt; }
              pre { white-space: pre-wrap; }
            }

            """
    }
}
