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
