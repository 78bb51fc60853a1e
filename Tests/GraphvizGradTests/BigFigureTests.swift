import Foundation
import GraphvizGrad
import Testing

/// Big figures on one slide: `--group`, `--collapse`, `--focus`, `--style nodes`, and the
/// details a trial lesson found.
@Suite struct BigFigureTests {
    func options(_ change: (inout FigureOptions) -> Void) -> FigureOptions {
        var options = FigureOptions()
        change(&options)
        return options
    }

    /// Rendered as the command-line tool renders it: `--collapse` and `--style nodes` fitted
    /// to a slide.
    func render(_ name: String, _ options: FigureOptions, as format: OutputFormat = .svg) throws
        -> Pipeline.Rendering
    {
        try Pipeline(options: options, fitting: Pipeline.slideFitting(for: options)).render(
            Samples.file(name), as: format)
    }

    /// The message of the diagnostic `body` throws; nil when it throws none.
    func failure(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? Diagnostic)?.message ?? "\(error)"
        }
    }

    func svg(_ name: String, _ options: FigureOptions) throws -> String {
        String(decoding: try render(name, options).data, as: UTF8.self)
    }

    // MARK: On a 1920 × 1080 slide

    @Test(arguments: ["two-layer", "mlp"])
    func aCollapsedNetworkReadsAtTwelvePixels(_ name: String) throws {
        let svg = try svg(name, options { $0.collapse = .statements })
        let pixels = try SlideLegibility(svg: svg).smallestTextPixels()
        #expect(pixels >= 12, "\(name): \(pixels) px")
    }

    @Test(arguments: ["two-layer", "mlp"])
    func theNodesStyleReadsAtNinePixels(_ name: String) throws {
        let svg = try svg(name, options { $0.style = .nodes })
        let pixels = try SlideLegibility(svg: svg).smallestTextPixels()
        #expect(pixels >= 9, "\(name): \(pixels) px")
    }

    @Test func theTwoLayerFigureReadsAtNinePixels() throws {
        let pixels = try SlideLegibility(svg: svg("two-layer", FigureOptions()))
            .smallestTextPixels()
        #expect(pixels >= 9, "\(pixels) px")
    }

    @Test func theMeasureScalesTheFigureToTheSlide() throws {
        let svg =
            "<svg width=\"3840pt\" height=\"100pt\"><g transform=\"scale(1 1)\"><text font-size=\"10.00\">a</text><text font-size=\"14.00\">b</text>"
        // Half the width of the figure fits: 10 points become 5 pixels.
        #expect(try SlideLegibility(svg: svg).smallestTextPixels() == 5)
        let tall = "<svg width=\"100pt\" height=\"2160pt\"><text font-size=\"12.00\">a</text>"
        #expect(try SlideLegibility(svg: tall).smallestTextPixels() == 6)
    }

    // MARK: --group statements

    @Test func eachStatementIsAClusterLabelledWithItsSource() throws {
        let rendering = try render("two-layer", options { $0.groupStatements = true })
        #expect(
            rendering.figure.clusters.map(\.label) == [
                "h = 1 / (1 + exp(-(x @ W1 + b1)))", "y = h @ W2 + b2",
                "L = mean((y - [[1], [0]]) ** 2)",
            ])
        // h's six operations (x@W1, copy(b1), +, −, exp, 1 + □ and 1 ÷ □ are seven).
        #expect(rendering.figure.clusters[0].nodes.count == 7)
        let svg = String(decoding: rendering.data, as: UTF8.self)
        #expect(svg.matches(of: /class="cluster statement"/).count == 3)
        #expect(svg.contains("y = h @ W2 + b2"))
    }

    // MARK: --collapse

    @Test func collapsedStatementsAreOneBoxEach() throws {
        let rendering = try render("two-layer", options { $0.collapse = .statements })
        let figure = rendering.figure
        let boxes = figure.nodes.filter {
            if case .statement = $0.kind { return true } else { return false }
        }
        #expect(
            boxes.map(\.kind) == [
                .statement("h = 1 / (1 + exp(-(x @ W1 + b1)))"), .statement("y = h @ W2 + b2"),
                .statement("L = mean((y - [[1], [0]]) ** 2)"),
            ])
        // Five leaves, three boxes and the output.
        #expect(figure.nodes.count == 9)
        // Each edge into a box carries its input's whole gradient: the same as backward's.
        let backward = try #require(rendering.evaluation.backward)
        for binding in rendering.evaluation.bindings
        where ["x", "W1", "b1", "W2", "b2"].contains(binding.name) {
            let edge = try #require(figure.edges.first { $0.label == binding.name })
            #expect(edge.gradient?.value == backward.gradients.total(binding.variable))
        }
        #expect(
            figure.operations.map(\.forward).first == "h = 1 / (1 + exp(-(x @ W1 + b1))) (2, 3)")
    }

    @Test func namedStatementsCollapseAlone() throws {
        let figure = try render("two-layer", options { $0.collapse = .names(["y"]) }).figure
        let statements = figure.nodes.filter {
            if case .statement = $0.kind { return true } else { return false }
        }
        #expect(statements.count == 1)
        // h's operations are drawn as they are.
        #expect(figure.nodes.contains { $0.kind == .operation(symbol: "1 ÷ □", details: nil) })
    }

    @Test func aCollapsedStatementOfOneOperationKeepsItsRule() throws {
        let source = SourceFile(
            path: "r.txt", text: "x = 2\ny = 3\nz = x * y\nw = z * z + z\nbackward w\n")
        let figure = try Pipeline(
            options: options {
                $0.collapse = .statements
                $0.explain = true
            }
        ).render(source, as: .dot).figure
        let intoZ = try #require(figure.edges.first { $0.label == "x" })
        #expect(intoZ.gradient?.rule == "∂w/∂z · y")
        // Two operations in one box: no rule, but the summed gradient ∂w/∂z = 2z + 1 = 13.
        let intoW = try #require(figure.edges.first { $0.label == "z" && $0.to.hasPrefix("s") })
        #expect(intoW.gradient?.rule == nil)
        #expect(intoW.gradient?.value.scalar == 13)
    }

    @Test func collapseNamesWhatTheFileBinds() throws {
        let pipeline = Pipeline(options: options { $0.collapse = .names(["q"]) })
        #expect(throws: Diagnostic.self) {
            try pipeline.render(Samples.file("two-layer"), as: .dot)
        }
        let leaf = Pipeline(options: options { $0.collapse = .names(["x"]) })
        let message = failure { _ = try leaf.render(Samples.file("two-layer"), as: .dot) }
        #expect(message?.contains("computes nothing to collapse") == true)
    }

    // MARK: --focus

    @Test func focusDrawsTheNeighbourhoodAndMarksTheCuts() throws {
        let one = try render(
            "two-layer",
            options {
                $0.focus = "h"
                $0.depth = 1
            }
        ).figure
        // 1 + □, h's 1 ÷ □, the @ that uses it, its other operand W2, and two cuts.
        #expect(one.nodes.count == 6)
        #expect(one.nodes.filter { $0.kind == .cut }.count == 2)
        #expect(one.operations.count == 3)
        let two = try render(
            "two-layer",
            options {
                $0.focus = "h"
                $0.depth = 2
            }
        ).figure
        #expect(two.nodes.filter { $0.kind == .cut }.count == 3)
        #expect(two.operations.count == 5)
        // A cut edge keeps its numbers.
        let cut = try #require(two.edges.first { $0.from.hasPrefix("cut") })
        #expect(cut.gradient != nil)
    }

    @Test func focusNamesWhatTheFigureDraws() throws {
        let unknown = Pipeline(options: options { $0.focus = "nothing" })
        #expect(throws: Diagnostic.self) { try unknown.render(Samples.file("two-layer"), as: .dot) }
        let offPath = Pipeline(options: options { $0.focus = "unused" })
        let message = failure {
            _ = try offPath.render(
                SourceFile(path: "f.txt", text: "x = 2\nunused = x * 3\nz = x * 2\nbackward z\n"),
                as: .dot)
        }
        #expect(message?.contains("not in the figure") == true)
    }

    // MARK: --style nodes

    @Test func theNodesStyleHasABoxPerTensorAndBareEdges() throws {
        let rendering = try render("branch", options { $0.style = .nodes }, as: .dot)
        let dot = rendering.dot
        // x, y, x×y and z: four boxes; no branch point; no value on an edge.
        #expect(dot.matches(of: /class="[^"]*tensor"/).count == 4)
        #expect(!dot.contains("shape=point, width=0.06"))
        #expect(!dot.contains("dir=both"))
        // The branch's sum shows in x's box.
        #expect(dot.contains("∂z/∂x = 3 + 1 = 4"))
        // A vector is a column beside its gradient's.
        let vector = try Pipeline(options: options { $0.style = .nodes }).render(
            SourceFile(path: "v.txt", text: "x = [1, 2, 3]\ny = sum(x * x)\nbackward y\n"),
            as: .dot
        ).dot
        #expect(vector.contains("TITLE=\"x&#91;2&#93; = 3.0\""))
        #expect(
            vector.firstMatch(of: /ID="v-[^"]*\.2"[^<]*<FONT[^>]*>3<\/FONT><\/TD><TD ID="g-/) != nil
        )
    }

    // MARK: Details from a trial lesson

    @Test func operandsKeepTheirSidesTopToBottom() throws {
        for direction in [FigureOptions.RankDirection.topToBottom, .leftToRight] {
            let json = try render("div", options { $0.rankDirection = direction }, as: .json).data
            let graph = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            let objects = try #require(graph["objects"] as? [[String: Any]])
            func position(_ name: String) throws -> (Double, Double) {
                let object = try #require(objects.first { $0["name"] as? String == name })
                let parts = try #require(object["pos"] as? String).split(separator: ",")
                return (Double(parts[0])!, Double(parts[1])!)
            }
            let first = try position("n0")
            let second = try position("n1")
            if direction == .topToBottom {
                #expect(first.0 < second.0, "① is left of ②")
            } else {
                #expect(first.1 > second.1, "① is above ②")
            }
        }
        // The marks are in the operands' labels, never by an arrowhead.
        let dot = try Samples.dot("div")
        #expect(dot.contains("① x = 6") && dot.contains("② y = 3"))
        #expect(!dot.contains("headlabel"))
    }

    @Test func withoutBackwardTheLastResultIsDrawn() throws {
        let dot = try Samples.dot(source: "x = 2\ny = 3\nz = x * y + x\n")
        #expect(dot.contains(">z = 8</FONT>"))
    }

    @Test func pdfHasTheSVGsSize() throws {
        let svg = try svg("branch", FigureOptions())
        let size = try #require(svg.firstMatch(of: /<svg width="([0-9]+)pt" height="([0-9]+)pt"/))
        let pdf = String(
            decoding: try render("branch", FigureOptions(), as: .pdf).data, as: UTF8.self)
        let box = try #require(pdf.firstMatch(of: /\/MediaBox \[ ?0 0 ([0-9.]+) ([0-9.]+) ?\]/))
        #expect(Double(box.output.1) == Double(size.output.1))
        #expect(Double(box.output.2) == Double(size.output.2))
    }

    @Test func theSVGNamesAGenericFontAfterDejaVu() throws {
        let svg = try svg("two-layer", FigureOptions())
        #expect(svg.contains("font-family=\"DejaVu Sans,sans-serif\""))
        #expect(svg.contains("font-family=\"DejaVu Sans Mono,monospace\""))
        #expect(!svg.contains("font-family=\"DejaVu Sans\""))
    }

    @Test func aLongTitleWrapsAndBreaksWhereTheFileSays() throws {
        let long = String(repeating: "backpropagation ", count: 8)
        let dot = try Samples.dot(source: "title \"\(long)\"\nx = 2\nz = x * 3\nbackward z\n")
        let graph = try #require(dot.firstMatch(of: /\n  graph \[[^\n]*/)).output
        #expect(graph.matches(of: /<BR\/>/).count == 1)
        #expect(graph.contains("backpropagation<BR/>backpropagation"))
        let broken = try Samples.dot(source: "title \"One\\nTwo\"\nx = 2\nz = x * 3\nbackward z\n")
        #expect(broken.contains("label=<One<BR/>Two>"))
    }
}
