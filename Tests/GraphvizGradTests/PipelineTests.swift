import Foundation
import GraphvizGrad
import Testing

/// The pipeline the command-line tool runs: each stage, its limits and its warnings.
@Suite struct PipelineTests {
    let branch = SourceFile(path: "b.txt", text: "x = 2\ny = 3\nz = x * y + x\nbackward z\n")

    @Test func everyFormatFromOneCall() throws {
        let pipeline = Pipeline()
        let dot = try pipeline.render(branch, as: .dot)
        #expect(String(decoding: dot.data, as: UTF8.self) == dot.dot)
        #expect(dot.dot.hasPrefix("digraph figure {"))
        #expect(dot.evaluation.backward?.lossName == "z")
        let svg = try pipeline.render(branch, as: .svg)
        #expect(String(decoding: svg.data, as: UTF8.self).contains("∂z/∂x = 3 + 1 = 4"))
        let png = try pipeline.render(branch, as: .png)
        #expect(Array(png.data.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(svg.warnings.isEmpty)
    }

    @Test func onlyPNGCarriesThePixelDensity() throws {
        var options = FigureOptions()
        options.dpi = 150
        let pipeline = Pipeline(options: options)
        #expect(try pipeline.render(branch, as: .png).dot.contains("dpi=150"))
        #expect(try !pipeline.render(branch, as: .svg).dot.contains("dpi="))
    }

    @Test func warningsAreDiagnosticsAboutTheFile() throws {
        let file = SourceFile(path: "n.txt", text: "x = [0, 1]\ny = log(x)\nbackward y\n")
        let rendering = try Pipeline().render(file, as: .dot)
        #expect(
            rendering.warnings.map(\.description) == [
                "n.txt: warning: ∂L/∂x contains nan or inf",
                "n.txt: warning: y contains nan or inf",
            ])
        #expect(rendering.warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func languageErrorsAndTheNodeLimitAreDiagnostics() throws {
        let bad = SourceFile(path: "bad.txt", text: "x = [1, 2]\ny = x @ [1, 2, 3]\n")
        #expect(throws: Diagnostic.self) { try Pipeline().render(bad, as: .svg) }
        do {
            _ = try Pipeline().render(bad, as: .svg)
        } catch {
            #expect(error.description.hasPrefix("bad.txt:2:7: error: matmul: shapes (2,) and (3,)"))
        }
        let big = SourceFile(
            path: "big.txt",
            text: "y = [1]\n" + String(repeating: "y = y + y\n", count: 2600) + "backward y\n")
        do {
            _ = try Pipeline().render(big, as: .dot)
            Issue.record("a figure over the node limit was drawn")
        } catch {
            #expect(
                error.description.hasPrefix(
                    "big.txt: error: the figure would have 5202 nodes; render draws at most \(Pipeline.maxFigureNodes)"
                ))
        }
    }

    /// Found by fuzzing (issue 13): an empty tensor of 788,888 rows was written out as 788,888
    /// pairs of brackets in every tooltip, a 20 MB DOT that Graphviz read for minutes.
    @Test func anEmptyTensorOfManyRowsStaysSmall() throws {
        let file = SourceFile(
            path: "e.txt",
            text: "x = randn(1, 0)\ny = np.repeat(x, 788888, axis=0)\nz = sum(y) + 1\nbackward z\n")
        let dot = String(decoding: try Pipeline().render(file, as: .dot).data, as: UTF8.self)
        #expect(dot.utf8.count < 20_000, "\(dot.utf8.count) bytes")
        #expect(dot.contains("(788888, 0) =\\n[]"))
    }

    /// `y = x*2 + x*2 + …`: x reaches every term across the whole chain of sums.
    static func fan(_ terms: Int) -> SourceFile {
        SourceFile(
            path: "fan.txt",
            text: "x = 2.0\ny = " + Array(repeating: "x * 2", count: terms).joined(separator: " + ")
                + "\nbackward y\n")
    }

    /// Found while measuring the heaviest legal inputs (issue 13): a 202-node figure (the fan of
    /// 100 terms) took 94 s in Graphviz's positioning and one of 300 terms minutes; a figure's
    /// layout is now estimated first, bounded with `nslimit`, and refused when too tangled.
    @Test func theLayoutIsEstimatedBoundedAndRefusedWhenTooTangled() throws {
        let pipeline = Pipeline()
        let fan = try pipeline.figure(of: pipeline.evaluate(Self.fan(100)))
        let size = fan.layoutSize
        // x's branch point is one rank before the 100 products; the k-th product meets the
        // chain of sums k ranks later, so the spans grow along the chain.
        #expect(size.nodes == fan.nodes.count)
        #expect(size.pieces > 5_000 && size.pieces < 5_300, "\(size)")
        #expect(size.squaredSpans > 300_000 && size.squaredSpans <= Pipeline.maxLayoutSquaredSpans)
        let limit = try #require(size.positionIterationLimit)
        #expect(limit > 1 && limit < 20, "\(limit)")
        #expect(pipeline.dot(of: fan).contains("nslimit=\(limit)"))
        // A sample needs no limit, and its DOT has none.
        let sample = try pipeline.figure(
            of: pipeline.evaluate(
                SourceFile(path: "b.txt", text: "x = 2\ny = 3\nz = x * y + x\nbackward z\n")))
        #expect(sample.layoutSize.positionIterationLimit == nil)
        #expect(!pipeline.dot(of: sample).contains("nslimit"))
        // 300 terms: refused before Graphviz, with what to do instead.
        do {
            _ = try pipeline.render(Self.fan(300), as: .svg)
            Issue.record("a fan of 300 terms was laid out")
        } catch {
            #expect(
                error.description.hasPrefix(
                    "fan.txt: error: the figure is too tangled to lay out in reasonable time"))
            #expect(error.description.hasSuffix("--focus NAME, --collapse statements"))
        }
        // The figure of a failure obeys the same limits: too large, only the error is told.
        let failing = SourceFile(
            path: "f.txt",
            text: "y = [1]\n" + String(repeating: "y = y + y\n", count: 2600) + "z = y @ [1, 2]\n")
        switch pipeline.renderDrawingFailure(failing, as: .svg) {
        case .success: Issue.record("a failing program rendered")
        case .failure(let failure):
            #expect(failure.figure == nil)
            #expect(failure.diagnostic.description.hasPrefix("f.txt:2602:"))
        }
        // Collapsed into its statements it draws.
        var options = FigureOptions()
        options.collapse = .statements
        #expect(try Pipeline(options: options).render(Self.fan(300), as: .dot).data.count > 0)
    }

    @Test func graphvizFailuresAreDiagnosticsAboutTheFile() throws {
        do {
            _ = try Pipeline().bytes(of: "digraph { a -> }", as: .svg, path: "x.txt")
            Issue.record("broken DOT rendered")
        } catch {
            #expect(error.description.hasPrefix("x.txt: error: graphviz could not read the graph"))
        }
    }

    @Test func outputFormatsFromFileNames() {
        #expect(OutputFormat(fileExtensionOf: "a/b.SVG") == .svg)
        #expect(OutputFormat(fileExtensionOf: "figure.png") == .png)
        #expect(OutputFormat(fileExtensionOf: "figure") == nil)
        #expect(OutputFormat(fileExtensionOf: "dir.d/figure") == nil)
        #expect(OutputFormat(fileExtensionOf: "figure.bmp") == nil)
    }
}

/// The layering the code promises, checked on the source itself so that it cannot drift: the
/// figure names no operation, the core has no `try!`, and nothing exits the process behind the
/// root command's back.
@Suite struct ArchitectureTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    static func swiftFiles(under folder: String) throws -> [(name: String, text: String)] {
        let root = sources.appendingPathComponent(folder)
        let paths =
            FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return try paths.filter { $0.hasSuffix(".swift") }.sorted().map {
            ($0, try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// The operation types the core declares (`public struct Add: ElementwiseBinaryOperation`).
    static func operationTypeNames() throws -> [String] {
        let declaration = /public struct (\w+): \w*Operation/
        return try swiftFiles(under: "GradCore/Ops").flatMap { file in
            file.text.matches(of: declaration).map { String($0.output.1) }
        }
    }

    @Test func theFigureNamesNoOperation() throws {
        let names = try Self.operationTypeNames()
        #expect(names.contains("Add") && names.contains("BroadcastTo"))
        for file in try Self.swiftFiles(under: "GradDOT") {
            for name in names {
                #expect(
                    file.text.firstMatch(of: try Regex("\\b\(name)\\b")) == nil,
                    "GradDOT/\(file.name) names the operation type \(name)")
            }
        }
    }

    @Test func theCoreHasNoForcedTry() throws {
        for file in try Self.swiftFiles(under: "GradCore") {
            #expect(!file.text.contains("try!"), "GradCore/\(file.name) has a try!")
        }
    }

    @Test func nothingExitsTheProcess() throws {
        for file in try Self.swiftFiles(under: ".") {
            #expect(!file.text.contains("exit("), "\(file.name) calls exit(")
        }
    }
}
