// Written by scripts/update-bundled from Sources/GradServe/Page/; do not edit.

/// The playground's page, served as written in Sources/GradServe/Page/.
enum BundledPage {
    /// `index.html`.
    static let html = ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>graphviz-grad playground</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/playground.css">
        <script src="/playground.js" defer></script>
        </head>
        <body>
        <header>
          <h1>graphviz-grad <span>playground</span></h1>
          <label>Sample <select id="samples"><option value="">(choose a sample)</option></select></label>
          <span class="spacer"></span>
          <button type="button" id="share">Share link</button>
          <span class="downloads">Download
            <button type="button" data-download="svg">SVG</button>
            <button type="button" data-download="png">PNG</button>
            <button type="button" data-download="html">Deck (HTML)</button>
            <button type="button" data-download="tikz">TikZ</button>
          </span>
        </header>
        <nav id="toggles" aria-label="Options">
          <label><input type="checkbox" id="explain"> explain</label>
          <label><input type="checkbox" id="quiz"> quiz</label>
          <label><input type="checkbox" id="steps"> steps</label>
          <label>show <select id="show">
            <option value="both">both</option><option value="forward">forward</option>
            <option value="backward">backward</option><option value="updates">updates</option>
          </select></label>
          <label>theme <select id="theme">
            <option value="light">light</option><option value="dark">dark</option><option value="print">print</option>
          </select></label>
          <label>collapse <select id="collapse">
            <option value="">none</option><option value="statements">statements</option><option value="calls">calls</option>
          </select></label>
          <span id="training" hidden>
            <label>pass <input type="number" id="pass" min="1" step="1" placeholder="last"></label>
            <span id="pass-count"></span>
            <label><input type="checkbox" id="passes"> deck of the run</label>
            <label><input type="checkbox" id="plot"> loss curve</label>
          </span>
        </nav>
        <main>
          <section id="editor-pane" aria-label="Source">
            <div id="editor">
              <pre id="gutter" aria-hidden="true"></pre>
              <div id="code">
                <div id="bands" aria-hidden="true"></div>
                <textarea id="source" spellcheck="false" wrap="off" autocapitalize="off" autocomplete="off" aria-label="The file"></textarea>
                <div id="bubbles" aria-hidden="true"></div>
              </div>
            </div>
            <ul id="diagnostics" aria-live="polite"></ul>
          </section>
          <section id="figure-pane" aria-label="Figure">
            <p id="status" role="status"></p>
            <div id="figure"></div>
            <iframe id="deck" title="The deck" sandbox="allow-scripts" hidden></iframe>
            <div id="plot-view" hidden></div>
            <form id="quiz-panel" hidden>
              <h2>Your answers</h2>
              <p>Fill in the blanks of the figure; a tensor as a nested list (<code>[[1, 2], [3, 4]]</code>).</p>
              <ol id="answers"></ol>
              <button type="submit" id="grade">Grade</button>
              <p id="grade-summary" role="status"></p>
            </form>
          </section>
        </main>
        <div id="share-box" hidden><input id="share-link" readonly aria-label="Share link"> <span id="share-note"></span></div>
        </body>
        </html>

        """####

    /// `playground.js`.
    static let script = ####"""
        // The playground's page: an editor, the figure drawn by the server as the student types, a quiz
        // with a Grade button, share links that carry the file in the URL's fragment, and downloads.
        // Everything goes to this page's own server; nothing is stored there.
        "use strict";
        (() => {
          const $ = (id) => document.getElementById(id);
          const editor = $("source");
          const gutter = $("gutter");
          const bands = $("bands");
          const bubbles = $("bubbles");
          const figure = $("figure");
          const deck = $("deck");
          const plotView = $("plot-view");
          const statusLine = $("status");
          const diagnosticsList = $("diagnostics");
          const quizPanel = $("quiz-panel");
          const answersList = $("answers");
          const gradeSummary = $("grade-summary");
          const lineHeight = 20;
          const padding = 8;
          const debounceMilliseconds = 350;
          // The nonce of this page's scripts and styles: a deck shown in the frame carries it, since a
          // frame's document keeps the page's Content-Security-Policy.
          const nonce = document.currentScript ? document.currentScript.nonce : "";

          let renderTimer = null;
          let sequence = 0;
          let inFlight = null;
          let diagnostics = [];
          let passCount = 0;

          // ---- Options ----------------------------------------------------------------------------

          /** The toggles as the API's options (only what differs from the defaults). */
          function figureOptions() {
            const options = {};
            if ($("explain").checked) options.explain = true;
            if ($("quiz").checked) options.quiz = true;
            if ($("show").value !== "both") options.show = $("show").value;
            if ($("theme").value !== "light") options.theme = $("theme").value;
            if ($("collapse").value) options.collapse = $("collapse").value;
            const pass = parseInt($("pass").value, 10);
            if (passCount > 0 && pass >= 1) options.pass = Math.min(pass, passCount);
            return options;
          }

          /** What the figure pane shows: a figure, a deck of steps, a deck of the run, or the plot. */
          function view() {
            if (passCount > 0 && $("plot").checked) return "plot";
            if (passCount > 0 && $("passes").checked) return "passes";
            if ($("steps").checked) return "steps";
            return "figure";
          }

          function renderRequest(format) {
            const options = figureOptions();
            const mode = view();
            if (mode === "steps" || (format === "html" && mode !== "passes")) options.steps = true;
            if (mode === "passes") {
              delete options.pass;
              options.passes = true;
            }
            return { source: editor.value, options, format };
          }

          // ---- Talking to the server -------------------------------------------------------------

          async function post(path, body, signal) {
            const response = await fetch(path, {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify(body),
              signal,
            });
            let reply = {};
            try {
              reply = await response.json();
            } catch (_) {
              reply = { error: "the server's answer was not JSON" };
            }
            return { status: response.status, reply };
          }

          function scheduleRender() {
            clearTimeout(renderTimer);
            renderTimer = setTimeout(render, debounceMilliseconds);
          }

          async function render() {
            const mine = ++sequence;
            if (inFlight) inFlight.abort();
            inFlight = new AbortController();
            const mode = view();
            statusLine.textContent = "drawing…";
            let result;
            try {
              if (mode === "plot") {
                const options = $("theme").value === "light" ? {} : { theme: $("theme").value };
                result = await post("/api/plot", { source: editor.value, options, format: "svg" }, inFlight.signal);
              } else {
                result = await post(
                  "/api/render", renderRequest(mode === "figure" ? "svg" : "html"), inFlight.signal);
              }
            } catch (error) {
              if (error.name === "AbortError") return;
              if (mine === sequence) showStale("the server cannot be reached");
              return;
            }
            if (mine !== sequence) return;
            const { status, reply } = result;
            showDiagnostics(reply.diagnostics || []);
            if (status === 200) {
              showOutput(mode, reply.output || "");
              statusLine.className = "";
              statusLine.textContent = describe(mode);
            } else if (status === 422) {
              const count = (reply.diagnostics || []).filter((d) => d.severity === "error").length;
              showStale(count === 1 ? "the file has an error" : `the file has ${count} errors`);
            } else if (status === 503 || status === 504) {
              showStale(reply.error || "the server is busy");
              if (status === 503) setTimeout(scheduleRender, 1000);
            } else {
              showStale(reply.error || `the server answered ${status}`);
            }
          }

          function describe(mode) {
            const pass = figureOptions().pass;
            switch (mode) {
              case "steps": return "the steps of the backward pass: use the deck's buttons or arrow keys";
              case "passes": return `a deck of the run's ${passCount} passes`;
              case "plot": return `the loss over ${passCount} passes`;
              default:
                if ($("quiz").checked) return "quiz: fill in the blanks below, then Grade";
                return passCount > 0 ? `pass ${pass || passCount} of ${passCount}` : "the figure of the file as typed";
            }
          }

          function showStale(message) {
            statusLine.className = "stale";
            statusLine.textContent = message + (figure.firstChild || !deck.hidden
              ? ": showing the last figure that worked" : "");
            figure.classList.add("stale");
          }

          // ---- The figure --------------------------------------------------------------------------

          /** An SVG from the server as a DOM node, with anything active taken out (defence in depth:
           *  the server escapes every text, and the page's policy runs no inline script). */
          function parseSVG(text) {
            const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
            const root = parsed.documentElement;
            if (!root || root.nodeName !== "svg") return null;
            for (const node of root.querySelectorAll("script, foreignObject, iframe, image, use")) {
              node.remove();
            }
            for (const node of root.querySelectorAll("*")) {
              for (const attribute of Array.from(node.attributes)) {
                const name = attribute.name.toLowerCase();
                const isLink = name === "href" || name === "xlink:href";
                if (name.startsWith("on") || (isLink && !attribute.value.startsWith("#"))) {
                  node.removeAttribute(attribute.name);
                }
              }
            }
            return document.importNode(root, true);
          }

          function showOutput(mode, output) {
            figure.classList.remove("stale");
            if (mode === "figure") {
              const svg = parseSVG(output);
              if (!svg) return showStale("the server's figure could not be read");
              figure.replaceChildren(svg);
              figure.hidden = false;
              deck.hidden = true;
              plotView.hidden = true;
              notePasses(svg);
              updateQuiz(svg);
            } else if (mode === "plot") {
              const svg = parseSVG(output);
              if (!svg) return showStale("the server's plot could not be read");
              plotView.replaceChildren(svg);
              plotView.hidden = false;
              figure.hidden = true;
              deck.hidden = true;
              quizPanel.hidden = true;
            } else {
              // A deck is a page of its own: in a sandboxed frame (no access to this page), its one
              // script and style sheet given this page's nonce.
              deck.srcdoc = output
                .replace(/<script>/g, `<script nonce="${nonce}">`)
                .replace(/<style>/g, `<style nonce="${nonce}">`);
              deck.hidden = false;
              figure.hidden = true;
              plotView.hidden = true;
              quizPanel.hidden = true;
            }
          }

          /** A training file's figure says `pass N of M` under its title: the pass controls appear. */
          function notePasses(svg) {
            let count = 0;
            for (const text of svg.querySelectorAll("text")) {
              const match = /^pass (\d+) of (\d+)$/.exec(text.textContent.trim());
              if (match) {
                count = parseInt(match[2], 10);
                break;
              }
            }
            passCount = count;
            $("training").hidden = count === 0;
            $("pass-count").textContent = count ? `of ${count}` : "";
            $("pass").max = String(count || 1);
          }

          // ---- The quiz ----------------------------------------------------------------------------

          /** The figure's blanks (`…: blank 3` in their tooltips), one answer box each; answers typed
           *  so far are kept when the same blank is there again. */
          function updateQuiz(svg) {
            if (!$("quiz").checked) {
              quizPanel.hidden = true;
              return;
            }
            const blanks = new Map();
            const titles = [
              ...Array.from(svg.querySelectorAll("title"), (t) => t.textContent),
              ...Array.from(svg.querySelectorAll("a"), (a) => a.getAttribute("xlink:title") || ""),
            ];
            for (const title of titles) {
              for (const line of title.split("\n")) {
                const match = /^(.*): blank (\d+)$/.exec(line.trim());
                if (match && !blanks.has(+match[2])) blanks.set(+match[2], match[1]);
              }
            }
            const typed = new Map(
              Array.from(answersList.querySelectorAll("input"), (input) => [input.dataset.blank, input.value]));
            answersList.replaceChildren();
            for (const number of Array.from(blanks.keys()).sort((a, b) => a - b)) {
              const item = document.createElement("li");
              const tag = document.createElement("span");
              tag.className = "number";
              tag.textContent = `[${number}]`;
              const label = document.createElement("span");
              label.className = "label";
              label.textContent = blanks.get(number);
              const input = document.createElement("input");
              input.dataset.blank = String(number);
              input.setAttribute("aria-label", `blank ${number}`);
              input.value = typed.get(String(number)) || "";
              input.addEventListener("input", () => item.classList.remove("right", "wrong"));
              const mark = document.createElement("span");
              mark.className = "mark";
              item.append(tag, label, input, mark);
              answersList.append(item);
            }
            gradeSummary.textContent = blanks.size ? "" : "this figure has no blanks";
            quizPanel.hidden = false;
          }

          async function grade(event) {
            event.preventDefault();
            const inputs = Array.from(answersList.querySelectorAll("input"));
            const sheet = inputs
              .filter((input) => input.value.trim() !== "")
              .map((input) => `${input.dataset.blank}: ${input.value.trim().replace(/\s+/g, " ")}`)
              .join("\n");
            const options = figureOptions();
            delete options.quiz;
            gradeSummary.textContent = "grading…";
            let result;
            try {
              result = await post("/api/grade", { source: editor.value, answers: sheet + "\n", options });
            } catch (_) {
              gradeSummary.textContent = "the server cannot be reached";
              return;
            }
            const { status, reply } = result;
            if (status !== 200 || !Array.isArray(reply.blanks)) {
              const first = (reply.diagnostics || [])[0];
              gradeSummary.textContent = first
                ? `${first.file === "answers" ? "answer" : "line"} ${first.line || ""}: ${first.message}`
                : reply.error || `the server answered ${status}`;
              return;
            }
            for (const mark of reply.blanks) {
              const input = answersList.querySelector(`input[data-blank="${mark.blank}"]`);
              if (!input) continue;
              const item = input.parentElement;
              item.classList.toggle("right", mark.right);
              item.classList.toggle("wrong", !mark.right);
              item.querySelector(".mark").textContent = mark.right
                ? "right" : mark.answer === null ? "missing" : "wrong" + (mark.detail ? " " + mark.detail : "");
            }
            gradeSummary.textContent = `${reply.right} of ${reply.total} right`;
          }

          // ---- The editor --------------------------------------------------------------------------

          function updateGutter() {
            const lines = editor.value.split("\n").length;
            const marked = new Map();
            for (const d of diagnostics) {
              if (d.line && d.file !== "answers" && (d.severity === "error" || !marked.has(d.line))) {
                marked.set(d.line, d.severity);
              }
            }
            const fragment = document.createDocumentFragment();
            for (let line = 1; line <= lines; line++) {
              const number = document.createElement("span");
              number.textContent = String(line);
              if (marked.has(line)) number.className = marked.get(line);
              fragment.append(number, "\n");
            }
            gutter.replaceChildren(fragment);
            gutter.scrollTop = editor.scrollTop;
          }

          function showDiagnostics(list) {
            diagnostics = list.filter((d) => d.severity === "error" || d.severity === "warning");
            diagnosticsList.replaceChildren();
            for (const d of diagnostics) {
              const item = document.createElement("li");
              item.className = d.severity;
              if (d.line) {
                const where = document.createElement("span");
                where.className = "where";
                where.textContent = `line ${d.line}${d.column ? ", column " + d.column : ""}`;
                item.append(where);
              }
              item.append(d.message);
              item.addEventListener("click", () => goTo(d));
              diagnosticsList.append(item);
            }
            updateGutter();
            placeMarks();
          }

          /** A band across each marked line and its message beside it, moved with the scrolling. */
          function placeMarks() {
            bands.replaceChildren();
            bubbles.replaceChildren();
            const seen = new Set();
            for (const d of diagnostics) {
              if (!d.line || seen.has(d.line) || d.file === "answers") continue;
              seen.add(d.line);
              const top = padding + (d.line - 1) * lineHeight - editor.scrollTop;
              const band = document.createElement("div");
              band.className = "band " + d.severity;
              band.style.top = `${top}px`;
              const bubble = document.createElement("div");
              bubble.className = "bubble " + d.severity;
              bubble.style.top = `${top + 1}px`;
              bubble.textContent = d.message;
              bubble.title = d.message;
              bands.append(band);
              bubbles.append(bubble);
            }
          }

          function goTo(d) {
            const lines = editor.value.split("\n");
            let offset = 0;
            for (let i = 0; i < d.line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
            offset += Math.max((d.column || 1) - 1, 0);
            editor.focus();
            editor.setSelectionRange(offset, offset);
          }

          editor.addEventListener("input", () => {
            // The menu names a sample only while the editor holds it as it came.
            const chosen = $("samples").selectedOptions[0];
            if (chosen && chosen.value && chosen.dataset.source !== editor.value) $("samples").value = "";
            updateGutter();
            scheduleRender();
          });
          editor.addEventListener("scroll", () => {
            gutter.scrollTop = editor.scrollTop;
            placeMarks();
          });
          editor.addEventListener("keydown", (event) => {
            if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.metaKey) {
              event.preventDefault();
              editor.setRangeText("    ", editor.selectionStart, editor.selectionEnd, "end");
              editor.dispatchEvent(new Event("input"));
            }
          });

          // ---- Samples, share links and downloads ---------------------------------------------------

          async function loadSamples() {
            try {
              const response = await fetch("/api/samples");
              const { samples } = await response.json();
              for (const sample of samples) {
                const option = document.createElement("option");
                option.value = sample.name;
                option.textContent = sample.name;
                option.dataset.source = sample.source;
                $("samples").append(option);
              }
            } catch (_) {
              statusLine.textContent = "the samples could not be loaded";
            }
          }

          function setSource(text) {
            editor.value = text;
            editor.scrollTop = 0;
            updateGutter();
            render();
          }

          function base64url(bytes) {
            let binary = "";
            for (const byte of bytes) binary += String.fromCharCode(byte);
            return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
          }

          /** Bytes from base64, standard or URL-safe. */
          function fromBase64(text) {
            const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
            return Uint8Array.from(binary, (c) => c.charCodeAt(0));
          }

          async function transform(bytes, stream) {
            const piped = new Blob([bytes]).stream().pipeThrough(stream);
            return new Uint8Array(await new Response(piped).arrayBuffer());
          }

          /** `#v1.` and the file with the toggles, as JSON compressed with raw deflate, in base64url. */
          async function shareLink() {
            const state = JSON.stringify({ source: editor.value, options: figureOptions(), view: view() });
            const packed = await transform(new TextEncoder().encode(state), new CompressionStream("deflate-raw"));
            const link = `${location.origin}${location.pathname}#v1.${base64url(packed)}`;
            history.replaceState(null, "", link);
            $("share-link").value = link;
            $("share-box").hidden = false;
            $("share-link").select();
            try {
              await navigator.clipboard.writeText(link);
              $("share-note").textContent = "copied";
            } catch (_) {
              $("share-note").textContent = "copy it from here";
            }
          }

          async function readShareLink() {
            const match = /^#v1\.([A-Za-z0-9_-]+)$/.exec(location.hash);
            if (!match) return false;
            try {
              const bytes = await transform(fromBase64(match[1]), new DecompressionStream("deflate-raw"));
              const state = JSON.parse(new TextDecoder().decode(bytes));
              if (typeof state.source !== "string") return false;
              const options = state.options || {};
              $("explain").checked = options.explain === true;
              $("quiz").checked = options.quiz === true;
              $("steps").checked = state.view === "steps";
              for (const name of ["show", "theme", "collapse"]) {
                const select = $(name);
                if (Array.from(select.options).some((o) => o.value === options[name])) select.value = options[name];
              }
              if (Number.isInteger(options.pass)) $("pass").value = String(options.pass);
              editor.value = state.source;
              return true;
            } catch (_) {
              statusLine.textContent = "this share link is damaged";
              return false;
            }
          }

          const downloads = {
            svg: { type: "image/svg+xml", extension: "svg" },
            png: { type: "image/png", extension: "png", binary: true },
            html: { type: "text/html", extension: "html" },
            tikz: { type: "application/x-tex", extension: "tex" },
          };

          async function download(format) {
            const kind = downloads[format];
            const request = renderRequest(format);
            if (format !== "html") delete request.options.steps;
            const { status, reply } = await post("/api/render", request);
            if (status !== 200) {
              statusLine.className = "stale";
              statusLine.textContent = reply.error || "fix the file's errors to download it";
              return;
            }
            const data = kind.binary ? fromBase64(reply.output) : reply.output;
            const link = document.createElement("a");
            link.href = URL.createObjectURL(new Blob([data], { type: kind.type }));
            const sample = $("samples").value;
            link.download = `${sample ? sample.replace(/\W+/g, "-") : "figure"}.${kind.extension}`;
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(link.href), 10000);
          }

          // ---- Wiring ------------------------------------------------------------------------------

          for (const id of ["explain", "quiz", "steps", "show", "theme", "collapse", "pass", "passes", "plot"]) {
            $(id).addEventListener("change", render);
          }
          $("samples").addEventListener("change", () => {
            const option = $("samples").selectedOptions[0];
            if (option && option.dataset.source !== undefined) setSource(option.dataset.source);
          });
          $("share").addEventListener("click", shareLink);
          for (const button of document.querySelectorAll("[data-download]")) {
            button.addEventListener("click", () => download(button.dataset.download));
          }
          quizPanel.addEventListener("submit", grade);
          // A wide figure is fitted to the pane; a click shows it at its own size (and back).
          figure.addEventListener("click", () => figure.classList.toggle("actual-size"));
          window.addEventListener("hashchange", async () => {
            if (await readShareLink()) setSource(editor.value);
          });

          (async () => {
            const shared = await readShareLink();
            await loadSamples();
            if (!shared) {
              const first = Array.from($("samples").options).find((o) => o.value === "branch");
              if (first) {
                $("samples").value = "branch";
                editor.value = first.dataset.source;
              }
            }
            updateGutter();
            render();
          })();
        })();

        """####

    /// `playground.css`.
    static let styleSheet = ####"""
        /* The playground's one style sheet: an editor on the left, the figure on the right. */
        * { box-sizing: border-box; }
        html, body { margin: 0; height: 100%; }
        body { display: flex; flex-direction: column; font: 14px/1.4 "DejaVu Sans", system-ui, sans-serif;
          color: #222; background: #fafafa; }
        header, nav { display: flex; align-items: center; gap: 12px; padding: 6px 12px; flex-wrap: wrap; }
        header { background: #263238; color: #eceff1; }
        header h1 { font-size: 17px; margin: 0 12px 0 0; font-weight: 600; }
        header h1 span { font-weight: 400; color: #b0bec5; }
        header .spacer { flex: 1; }
        header select, header button { font: inherit; }
        nav { border-bottom: 1px solid #ddd; background: #fff; }
        nav label { white-space: nowrap; }
        #training { display: inline-flex; gap: 12px; align-items: center; padding-left: 12px;
          border-left: 1px solid #ddd; }
        #training[hidden] { display: none; }
        #pass { width: 5em; }
        #pass-count { color: #666; }
        main { flex: 1; display: flex; min-height: 0; }
        #editor-pane { width: 44%; min-width: 320px; display: flex; flex-direction: column;
          border-right: 1px solid #ddd; }
        #editor { flex: 1; display: flex; min-height: 0; background: #fff;
          font: 13px/20px "DejaVu Sans Mono", ui-monospace, monospace; }
        #gutter { margin: 0; padding: 8px 6px 8px 4px; min-width: 3.2em; text-align: right; color: #999;
          background: #f3f3f3; border-right: 1px solid #e3e3e3; overflow: hidden; font: inherit;
          user-select: none; }
        #gutter .error { color: #fff; background: #c62828; border-radius: 3px; }
        #gutter .warning { color: #000; background: #ffca28; border-radius: 3px; }
        #code { position: relative; flex: 1; min-width: 0; overflow: hidden; }
        #source { position: absolute; inset: 0; width: 100%; height: 100%; margin: 0; border: 0;
          padding: 8px; resize: none; outline: none; font: inherit; white-space: pre; overflow: auto;
          background: transparent; color: #111; tab-size: 4; }
        #bands, #bubbles { position: absolute; inset: 0; pointer-events: none; overflow: hidden; }
        .band { position: absolute; left: 0; right: 0; height: 20px; background: rgba(198, 40, 40, 0.12);
          border-left: 3px solid #c62828; }
        .band.warning { background: rgba(255, 202, 40, 0.18); border-left-color: #f9a825; }
        .bubble { position: absolute; right: 8px; max-width: 60%; padding: 1px 8px; border-radius: 4px;
          background: #c62828; color: #fff; font: 12px/18px "DejaVu Sans", sans-serif; white-space: nowrap;
          overflow: hidden; text-overflow: ellipsis; }
        .bubble.warning { background: #f9a825; color: #000; }
        #diagnostics { margin: 0; padding: 6px 12px; list-style: none; max-height: 30%; overflow: auto;
          background: #fff; border-top: 1px solid #ddd; font-size: 13px; }
        #diagnostics:empty { display: none; }
        #diagnostics li { padding: 2px 0; }
        #diagnostics .error::before { content: "error: "; color: #c62828; font-weight: 600; }
        #diagnostics .warning::before { content: "warning: "; color: #b26a00; font-weight: 600; }
        #diagnostics .where { color: #555; margin-right: 6px; }
        #figure-pane { flex: 1; min-width: 0; display: flex; flex-direction: column; overflow: auto;
          padding: 8px 12px; }
        #status { margin: 0 0 6px; color: #555; min-height: 1.4em; }
        #status.stale { color: #b71c1c; }
        #figure { flex: none; cursor: zoom-in; }
        #figure svg { max-width: 100%; height: auto; }
        #figure.actual-size { cursor: zoom-out; }
        #figure.actual-size svg { max-width: none; }
        #figure.stale svg { opacity: 0.45; }
        #deck { flex: 1; width: 100%; min-height: 480px; border: 1px solid #ddd; background: #fff; }
        #deck[hidden], #plot-view[hidden], #quiz-panel[hidden], #share-box[hidden] { display: none; }
        #plot-view svg { max-width: 100%; height: auto; }
        #quiz-panel { margin-top: 12px; padding: 8px 12px; background: #fff; border: 1px solid #ddd; }
        #quiz-panel h2 { font-size: 15px; margin: 0 0 4px; }
        #answers { padding-left: 0; list-style: none; display: grid;
          grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 6px 16px; }
        #answers li { display: flex; align-items: center; gap: 6px; }
        #answers .number { min-width: 2.4em; font-weight: 600; }
        #answers .label { min-width: 8em; color: #444; }
        #answers input { width: 9em; font: 13px "DejaVu Sans Mono", monospace; }
        #answers .right input { border-color: #2e7d32; background: #e8f5e9; }
        #answers .wrong input { border-color: #c62828; background: #ffebee; }
        #answers .mark { font-weight: 600; }
        #answers .right .mark { color: #2e7d32; }
        #answers .wrong .mark { color: #c62828; }
        #share-box { position: fixed; top: 44px; right: 12px; padding: 8px; background: #fff;
          border: 1px solid #bbb; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.2); }
        #share-link { width: 36em; font: 12px monospace; }

        """####
}
