import Foundation
import GradRender
import GraphvizGrad
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Renders through libgvc in-process and checks what a reader would see.
@Suite struct RendererTests {
    static func branchFigure(
        title: String? = nil, name: String = "x", options: FigureOptions = FigureOptions()
    ) throws -> String {
        let tape = Tape()
        let x = try tape.leaf(Tensor(2), name: name)
        let y = try tape.leaf(Tensor(3), name: "y")
        let z = try x * y + x
        tape.setName("z", of: z)
        let figure = Figure(
            tape: tape, gradients: try tape.backward(z), targetName: "z", title: title,
            options: options)
        return DOTWriter(options: options).write(figure)
    }

    /// Every piece of text in an SVG, in document order (parsing also proves it is well-formed XML).
    static func texts(inSVG data: Data) throws -> [String] {
        let document = try XMLDocument(data: data)
        return try document.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
    }

    /// Graphviz's own JSON of the laid-out graph: its node and edge objects.
    static func layout(_ dot: String, renderer: GraphvizRenderer) throws -> (
        nodes: [[String: Any]], edges: [[String: Any]], graph: [String: Any]
    ) {
        let data = try renderer.render(dot: dot, format: .json)
        let graph = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (
            (graph["objects"] as? [[String: Any]]) ?? [],
            (graph["edges"] as? [[String: Any]]) ?? [], graph
        )
    }

    @Test func svgShowsValuesGradientsAndTheBranchSum() throws {
        let renderer = try GraphvizRenderer()
        let svg = try renderer.render(dot: Self.branchFigure(title: "x·y + x"), format: .svg)
        let texts = try Self.texts(inSVG: svg)
        for expected in [
            "x = 2", "y = 3", "x×y = 6", "z = 8", "∂z/∂x = 3 + 1 = 4", "∂z/∂x via × = 3",
            "∂z/∂x via + = 1", "∂z/∂y = 2",
            "∂z/∂(x×y) = 1", "∂z/∂z = 1", "×", "+", "x·y + x",
        ] {
            #expect(texts.contains(expected), "missing '\(expected)' in \(texts)")
        }
    }

    /// A renderer made after another was released renders as the first did. With a context per
    /// renderer, freeing one left Graphviz's pango plugin pointing at freed memory
    /// (AddressSanitizer's heap-use-after-free in `scripts/sanitize address`); now they share one.
    @Test func renderersMadeOneAfterAnotherShareTheirContext() throws {
        let dot = try Self.branchFigure(title: "again")
        var first: GraphvizRenderer? = try GraphvizRenderer()
        let before = try first!.render(dot: dot, format: .svg)
        first = nil
        let second = try GraphvizRenderer()
        #expect(try second.render(dot: dot, format: .svg) == before)
    }

    @Test func pngAndPDFAreRealFiles() throws {
        let renderer = try GraphvizRenderer()
        var options = FigureOptions()
        options.dpi = 192
        let png = try renderer.render(dot: Self.branchFigure(options: options), format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        #expect(width > 1000, "a slide needs a crisp bitmap; got \(width) px")
        let pdf = try renderer.render(dot: Self.branchFigure(), format: .pdf)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
        #expect(pdf.count > 2000)
    }

    @Test func chineseAndMathsTextSurvive() throws {
        let file = SourceFile(
            path: "c.txt", text: "title \"反向传播 ∂L/∂x\"\n输入 = 2\nz = 输入 ** 2\nbackward z\n")
        let texts = try Self.texts(inSVG: Pipeline().render(file, as: .svg).data)
        #expect(texts.contains("反向传播 ∂L/∂x"))
        #expect(texts.contains("输入 = 2"))
        #expect(texts.contains("∂z/∂输入 = 4"))
        #expect(texts.contains("输入²"))
    }

    static let hostileTexts = [
        "\"quoted\"", "back\\slash", "trailing \\", "<b>bold</b>", "a & b", "]", "// comment",
        "/* c */", "two\nlines",
        "bell\u{7}and\u{1}", "\\N \\G \\L \\E \\T \\H",
        "\", shape=doublecircle, color=red, label=owned]; //",
        "<IMG SRC=\"/etc/passwd\"/>", "image=\"/etc/passwd\"", "} digraph { a -> b", "n0 -> n1",
        "&#92;N", "'single'", "]]>", "[x]",
    ]

    @Test(arguments: hostileTexts)
    func hostileTextCannotChangeTheGraph(_ text: String) throws {
        let renderer = try GraphvizRenderer()
        let baseline = try Self.layout(
            Self.branchFigure(title: "plain", name: "x"), renderer: renderer)
        let dot = try Self.branchFigure(title: text, name: text)
        let hostile = try Self.layout(dot, renderer: renderer)
        #expect(hostile.nodes.count == baseline.nodes.count)
        #expect(hostile.edges.count == baseline.edges.count)
        #expect(
            hostile.nodes.map { $0["shape"] as? String }
                == baseline.nodes.map { $0["shape"] as? String })
        // No attribute that reads files, anywhere.
        let forbidden = ["image", "shapefile", "fontpath", "imagepath"]
        for object in hostile.nodes + hostile.edges + [hostile.graph] {
            #expect(forbidden.allSatisfy { object[$0] == nil })
        }
        // Not in any label: a tooltip is a plain quoted string, which Graphviz never reads as HTML.
        let labels = dot.replacing(/tooltip="(?:[^"\\]|\\.)*"/, with: "")
        #expect(!labels.uppercased().contains("<IMG"))
        // The text appears literally (control characters as U+FFFD, a newline as a line break).
        let texts = try Self.texts(inSVG: renderer.render(dot: dot, format: .svg))
        let shown = text.replacingOccurrences(of: "\u{7}", with: "\u{FFFD}").replacingOccurrences(
            of: "\u{1}", with: "\u{FFFD}")
        for line in shown.split(separator: "\n") {
            #expect(texts.contains(String(line)), "'\(line)' not in \(texts)")
        }
        #expect(texts.contains("\(shown.split(separator: "\n").last!) = 2") || shown.contains("\n"))
    }

    @Test func graphvizErrorsBecomeSwiftErrors() throws {
        let renderer = try GraphvizRenderer()
        #expect(throws: RenderError.self) {
            try renderer.render(dot: "digraph { a -> }", format: .svg)
        }
        do {
            _ = try renderer.render(
                dot: "digraph { a [label=<<TABLE><TR>broken</TABLE>>] }", format: .svg)
            Issue.record("a broken HTML label rendered")
        } catch let error as RenderError {
            #expect(error.message.hasPrefix("graphviz could not"))
        }
        // The renderer still works after an error.
        #expect(try renderer.render(dot: "digraph { a -> b }", format: .svg).count > 100)
        #expect(renderer.graphvizVersion.first?.isNumber == true)
    }

    /// What the DOT fuzz target compares: the graph Graphviz reads, without a layout.
    @Test func countsWhatGraphvizReads() throws {
        let renderer = try GraphvizRenderer()
        let counts = try renderer.count(dot: "digraph { a -> b; b -> c; a -> c; d }")
        #expect(counts == (nodes: 4, edges: 3))
        // The branch figure: x, y, ×, +, the output point and a branch point for x.
        let figure = try renderer.count(dot: Self.branchFigure())
        #expect(figure.nodes == 6 && figure.edges == 6, "\(figure)")
        #expect(throws: RenderError.self) { try renderer.count(dot: "digraph { a -> }") }
        #expect(try renderer.count(dot: "graph { }") == (nodes: 0, edges: 0))
    }

    @Test func concurrentRendersAreSerialised() throws {
        let dot = try Self.branchFigure()
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            guard let renderer = try? GraphvizRenderer() else { return results.add(false) }
            for _ in 0..<5 {
                results.add(((try? renderer.render(dot: dot, format: .svg))?.count ?? 0) > 1000)
            }
        }
        #expect(results.values.count == 20)
        #expect(results.values.allSatisfy { $0 })
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Bool] = []
        func add(_ value: Bool) {
            lock.lock()
            values.append(value)
            lock.unlock()
        }
    }
}
