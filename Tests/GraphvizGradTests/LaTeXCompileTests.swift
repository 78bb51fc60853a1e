import Foundation
import GradCore
import Testing

@testable import GraphvizGrad

/// TikZ figures and Beamer decks compiled by LaTeX, as a teacher would: every sample's figure
/// with `pdflatex`, a deck's pages read back with `pdftotext` (page k shows what frame k shows,
/// and nothing it hides), hostile titles, the docs' example document, a Chinese figure with
/// `xelatex`. `scripts/test` installs TeX Live and sets `GRAPHVIZ_GRAD_REQUIRE_LATEX`, so there
/// a missing `pdflatex` fails; elsewhere these tests wait for it.
@Suite(.enabled(if: LaTeX.isAvailable || LaTeX.isRequired)) struct LaTeXCompileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every sample, its TikZ document compiled by pdfLaTeX: one page, with the target's own
    /// gradient (`∂L/∂L = 1`) and the title's words in its text.
    @Test func everySampleCompiles() throws {
        let samples =
            Samples.names.map { "samples/\($0).txt" }
            + ((try? FileManager.default.contentsOfDirectory(
                atPath: Self.repository.appendingPathComponent("samples/train").path)) ?? [])
            .filter { $0.hasSuffix(".py") }.sorted().map { "samples/train/\($0)" }
        #expect(samples.count >= 20)
        let pipeline = Pipeline(output: OutputOptions(standalone: true))
        var jobs: [(name: String, tex: Data, expected: [String])] = []
        for sample in samples {
            let file = try SourceFile.load(
                path: Self.repository.appendingPathComponent(sample).path)
            guard let rendering = try? pipeline.render(file, as: .tikz) else { continue }
            // The headings of its first few value and gradient cells (names, or a number).
            let cells = DOTWriter(options: pipeline.options).cellTexts(of: rendering.figure)
            var expected = cells.filter { !$0.key.contains(".") }.sorted { $0.key < $1.key }
                .prefix(4).map { LaTeX.asExtracted($0.value.lines.joined()) }
                .filter { piece in
                    !piece.contains("via")
                        && piece.unicodeScalars.allSatisfy {
                            LaTeXText.pdfLaTeXSets(Character($0))
                                || "∂·×−←→Σ".unicodeScalars.contains($0)
                        }
                }
            if let title = rendering.figure.title {
                expected += title.split(separator: " ").filter {
                    $0.count > 3 && $0.allSatisfy { $0.isLetter && $0.isASCII }
                }.prefix(2).map(String.init)
            }
            jobs.append((sample, rendering.data, expected))
        }
        let results = try LaTeX.compileAll(jobs.map { ($0.name, $0.tex) }, engine: "pdflatex")
        for (job, result) in zip(jobs, results) {
            guard case .success(let pdf) = result else {
                if case .failure(let log) = result { Issue.record("\(job.name): \(log)") }
                continue
            }
            #expect(try LaTeX.pageCount(pdf) == 1, "\(job.name)")
            let text = try LaTeX.text(pdf, page: 1)
            for piece in job.expected {
                #expect(text.contains(piece), "\(job.name): no \(piece) in \(text.prefix(300))")
            }
        }
    }

    /// `render --steps -o deck.tex --tikz standalone`: a page per frame; on each page every cell
    /// the frame shows is in the text and every cell it hides is not (the leaves-only page has
    /// no gradient).
    @Test func aStepDeckHasAPagePerFrameShowingWhatTheFrameShows() throws {
        var options = FigureOptions()
        options.explain = true
        let pipeline = Pipeline(options: options, output: OutputOptions(standalone: true))
        let file = try Samples.file("branch")
        let deck = try pipeline.renderSteps(file, as: .tikz)
        let pdf = try LaTeX.compile(deck.frames[0], name: "deck", engine: "pdflatex")
        let figure = deck.figure
        let timeline = Steps.timeline(of: figure, explain: true)
        #expect(try LaTeX.pageCount(pdf) == timeline.count)
        let cells = DOTWriter(options: options).cellTexts(of: figure, frame: Frame())
        for page in 1...timeline.count {
            let frame = timeline.frame(page - 1)
            let text = try LaTeX.text(pdf, page: page)
            var shown: Set<String> = []
            var hidden: Set<String> = []
            for (id, cell) in cells {
                let edge = String(id.dropFirst(2).prefix { $0 != "." })
                let visible =
                    id.hasPrefix("v-")
                    ? frame.showsValue(edge)
                    : id.hasPrefix("g-") ? frame.showsGradient(edge) : frame.showsUpdates(edge)
                let line = LaTeX.stripped(cell.lines.joined())
                if visible { shown.insert(line) } else { hidden.insert(line) }
            }
            for line in shown {
                #expect(text.contains(line), "page \(page): \(line) missing from \(text)")
            }
            for line in hidden where !shown.contains(where: { $0.contains(line) }) {
                #expect(!text.contains(line), "page \(page) shows \(line), which its frame hides")
            }
            #expect(text.contains(LaTeX.stripped(timeline.captions[page - 1])), "page \(page)")
            if page == 1 { #expect(!text.contains("∂"), "the leaves' page shows a gradient") }
        }
    }

    /// A deck of a run: a page per chosen pass, each with its own caption and numbers.
    @Test func aRunDeckHasAPagePerPass() throws {
        let pipeline = Pipeline(output: OutputOptions(standalone: true))
        let file = try SourceFile.load(
            path: Self.repository.appendingPathComponent("samples/train/sgd.py").path)
        let deck = try pipeline.renderRun(file, passes: .list([1, 2, 5, 100]), as: .tikz)
        let pdf = try LaTeX.compile(deck.files[0], name: "run", engine: "pdflatex")
        #expect(try LaTeX.pageCount(pdf) == 4)
        for (index, caption) in deck.captions.enumerated() {
            let text = try LaTeX.text(pdf, page: index + 1)
            #expect(text.contains(LaTeX.stripped(caption)), "page \(index + 1): \(text)")
            for other in deck.captions where other != caption {
                #expect(!text.contains(LaTeX.stripped(other)), "page \(index + 1)")
            }
        }
        // The first pass's update of x and the last's differ, each on its own page.
        #expect(try LaTeX.text(pdf, page: 1) != LaTeX.text(pdf, page: 4))
    }

    /// Hostile titles compile, and TeX's own commands in them are printed, not run.
    @Test func hostileTitlesCompileAsText() throws {
        let titles = [
            "\\input{/etc/passwd} 50% & #1 $x$ ^^5c ~_{}", "}{\\end{document}", "\\write18{ls}",
            "x_1^2 \\\\ \\par", "输入 <BR/> ∂",
        ]
        let pipeline = Pipeline(output: OutputOptions(standalone: true))
        var jobs: [(String, Data)] = []
        for (index, title) in titles.enumerated() {
            let source = PropertyTests.program(title: title, names: ("a", "b"))
            jobs.append(
                (
                    "hostile\(index)",
                    try pipeline.render(SourceFile(path: "h.txt", text: source), as: .tikz).data
                ))
        }
        let results = try LaTeX.compileAll(jobs, engine: "pdflatex")
        for (index, result) in results.enumerated() {
            guard case .success(let pdf) = result else {
                Issue.record("title \(titles[index].debugDescription) does not compile")
                continue
            }
            let text = try LaTeX.text(pdf, page: 1)
            #expect(try LaTeX.pageCount(pdf) == 1)
            if index == 0 {
                #expect(text.contains("\\input{/etc/passwd}50%&#1"), "\(text)")
                #expect(!text.contains("root:"))
            }
            if index == 2 { #expect(text.contains("\\write18{ls}")) }
        }
    }

    /// The complete document of docs/formats.md, with a figure written beside it, compiles.
    @Test func theDocsExampleDocumentCompiles() throws {
        let docs = try String(
            contentsOf: Self.repository.appendingPathComponent("docs/formats.md"), encoding: .utf8)
        let start = try #require(docs.range(of: "```latex\n"))
        let end = try #require(docs[start.upperBound...].range(of: "```"))
        let document = String(docs[start.upperBound..<end.lowerBound])
        #expect(document.contains("\\input{branch.tex}"))
        let figure = try Pipeline().render(try Samples.file("branch"), as: .tikz).data
        let pdf = try LaTeX.compile(
            Data(document.utf8), name: "notes", engine: "pdflatex",
            besides: ["branch.tex": figure])
        let text = try LaTeX.text(pdf, page: 1)
        #expect(text.contains("∂z/∂x=3+1=4"), "\(text)")
    }

    /// A figure with Chinese names, compiled by XeLaTeX (when Debian's texlive-xetex and
    /// texlive-lang-chinese are installed): the names are in its text.
    @Test(.enabled(if: LaTeX.has("xelatex") && LaTeX.has("kpsewhich")))
    func chineseNamesCompileWithXeLaTeX() throws {
        let source = "输入 = 2\n权重 = 3\n输出 = 输入 * 权重\nbackward 输出\n"
        let tex = try Pipeline(output: OutputOptions(standalone: true)).render(
            SourceFile(path: "c.txt", text: source), as: .tikz
        ).data
        let pdf = try LaTeX.compile(tex, name: "chinese", engine: "xelatex")
        let text = try LaTeX.text(pdf, page: 1)
        #expect(text.contains("输入=2"), "\(text)")
        #expect(text.contains("∂输出/∂权重=2"), "\(text)")
    }
}

/// Running LaTeX and Poppler's tools.
enum LaTeX {
    static var isAvailable: Bool { has("pdflatex") && has("pdftotext") && has("pdfinfo") }
    static var isRequired: Bool {
        ProcessInfo.processInfo.environment["GRAPHVIZ_GRAD_REQUIRE_LATEX"] != nil
    }

    static func has(_ tool: String) -> Bool { path(of: tool) != nil }

    static func path(of tool: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { String($0) + "/" + tool }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    enum Outcome {
        case success(URL)
        case failure(String)
    }

    /// Runs `tool` with `arguments` in `directory`; its standard output and status.
    static func run(_ tool: String, _ arguments: [String], in directory: URL) throws -> (
        Int32, String
    ) {
        guard let executable = path(of: tool) else {
            throw LaTeXError("\(tool) is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    struct LaTeXError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Compiles `tex` (with `besides` written next to it) in a fresh folder; the PDF's URL.
    static func compile(
        _ tex: Data, name: String, engine: String, besides: [String: Data] = [:]
    ) throws -> URL {
        switch try compileOne(name, tex, engine: engine, besides: besides) {
        case .success(let pdf): return pdf
        case .failure(let log): throw LaTeXError("\(name) does not compile: \(log)")
        }
    }

    static func compileOne(
        _ name: String, _ tex: Data, engine: String, besides: [String: Data] = [:]
    ) throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gg-latex-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (file, data) in besides { try data.write(to: folder.appendingPathComponent(file)) }
        let file = name.replacingOccurrences(of: "/", with: "-") + ".tex"
        try tex.write(to: folder.appendingPathComponent(file))
        let (status, output) = try run(
            engine, ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", file],
            in: folder)
        let pdf = folder.appendingPathComponent(
            String(file.dropLast(4)) + ".pdf")
        guard status == 0, FileManager.default.fileExists(atPath: pdf.path) else {
            let errors = output.split(separator: "\n").filter { $0.hasPrefix("!") }
            return .failure(errors.prefix(3).joined(separator: " / "))
        }
        return .success(pdf)
    }

    /// Compiles each document, two at a time (one a core).
    static func compileAll(_ jobs: [(String, Data)], engine: String) throws -> [Outcome] {
        final class Slots: @unchecked Sendable {
            var results: [Outcome?]
            let lock = NSLock()
            init(_ count: Int) { results = Array(repeating: nil, count: count) }
        }
        let slots = Slots(jobs.count)
        let inputs = jobs
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            for index in stride(from: part, to: inputs.count, by: 2) {
                let outcome =
                    (try? compileOne(inputs[index].0, inputs[index].1, engine: engine))
                    ?? .failure("could not run \(engine)")
                slots.lock.lock()
                slots.results[index] = outcome
                slots.lock.unlock()
            }
        }
        return slots.results.map { $0 ?? .failure("not compiled") }
    }

    static func pageCount(_ pdf: URL) throws -> Int {
        let (_, info) = try run("pdfinfo", [pdf.path], in: pdf.deletingLastPathComponent())
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
    }

    /// A page's text with every space and line break taken out (LaTeX spaces formulas its own
    /// way).
    static func text(_ pdf: URL, page: Int) throws -> String {
        let (_, text) = try run(
            "pdftotext", ["-f", "\(page)", "-l", "\(page)", pdf.path, "-"],
            in: pdf.deletingLastPathComponent())
        return stripped(text)
    }

    /// A figure's text as `pdftotext` gives it back from LaTeX's: without spaces, a sub- or
    /// superscript's digit as a digit, `_` (a rule in LaTeX's fonts) gone.
    static func asExtracted(_ text: String) -> String {
        let digits: [Character: Character] = [
            "⁰": "0", "¹": "1", "²": "2", "³": "3", "₀": "0", "₁": "1", "₂": "2", "₃": "3",
        ]
        return String(stripped(text).compactMap { $0 == "_" ? nil : digits[$0] ?? $0 })
    }

    static func stripped(_ text: String) -> String {
        String(
            text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }
                .map(Character.init))
    }
}
