import Foundation
import GraphvizGrad
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The derivation on the figure: the rule behind every gradient, names that never mislead, the
/// quiz's blanks and the finite-difference marks.
@Suite struct DerivationTests {
    func dot(_ source: String, explain: Bool = true, quiz: Bool = false, hide: Bool = false) throws
        -> String
    {
        var options = FigureOptions()
        options.explain = explain
        options.quiz = quiz
        options.broadcast = hide ? .hide : .show
        return try Samples.dot(source: source, options: options)
    }

    @Test func theArticlesRulesOnScalarEdges() throws {
        let mul = try dot("x = 2\ny = 3\nz = x * y\nbackward z\n")
        #expect(mul.contains("∂z/∂x = ∂z/∂z · y = 1 · 3 = 3"))
        #expect(mul.contains("∂z/∂y = ∂z/∂z · x = 1 · 2 = 2"))
        let div = try dot("x = 6\ny = 3\nz = x / y\nbackward z\n")
        #expect(div.contains("∂z/∂x = ∂z/∂z / y = 1 / 3 = 0.333"))
        #expect(div.contains("∂z/∂y = −∂z/∂z · x / y² = −1 · 6 / 3² = −0.667"))
        let branch = try dot("x = 2\ny = 3\nz = x * y + x\nbackward z\n")
        #expect(branch.contains("∂z/∂x = 3 + 1 = 4"))
        #expect(branch.contains("∂z/∂x via × = ∂z/∂(x×y) · y = 1 · 3 = 3"))
        #expect(branch.contains("∂z/∂x via + = ∂z/∂z = 1"))
        let kink = try texts("x = 0\ny = relu(x)\nbackward y\n")
        #expect(kink.contains("∂y/∂x = ∂y/∂y · [x > 0] = 1 · [0 > 0] = 0"))
        let tanh = try dot("x = 0.5\ny = tanh(x)\nbackward y, 2\n")
        #expect(tanh.contains("∂L/∂x = ∂L/∂y · (1 − y²) = 2 · (1 − 0.462²) = 1.57"))
    }

    @Test func theRuleHeadsATensorsTable() throws {
        let matmul = try Samples.dot("matmul", options: explaining())
        // Under its value's table, which gives the shape; the rule under the label when the
        // heading is wider than the table.
        #expect(matmul.contains(">∂L/∂x = ∂L/∂y @ Wᵀ<"))
        #expect(matmul.contains(">∂L/∂W = xᵀ @ ∂L/∂y<"))
        #expect(
            try Samples.dot("sum", options: explaining()).contains(
                ">∂L/∂x = repeat(∂L/∂y, 7, axis=0)<"))
        let source =
            "x = [[1, 2], [3, 4], [5, 6]]\nb = [10, 20]\ny = x + b\nL = sum(y * y)\nbackward L\n"
        #expect(try dot(source, hide: true).contains(">∂L/∂b =<BR/>sum(∂L/∂y, axis=0)<"))
        // Shown, the copy has its own name: it is not b.
        let shown = try dot(source)
        #expect(shown.contains(">∂L/∂b =<BR/>sum(∂L/∂copy(b), axis=0)<"))
        #expect(shown.contains("copy(b) (3, 2)"))
        #expect(!shown.contains(">∂L/∂b<"))
    }

    /// Every piece of text of the figure's SVG: what a reader sees, entities decoded.
    func texts(_ source: String, explain: Bool = true, quiz: Bool = false) throws -> [String] {
        var options = FigureOptions()
        options.explain = explain
        options.quiz = quiz
        let svg = try Pipeline(options: options).render(
            SourceFile(path: "t.txt", text: source), as: .svg
        ).data
        return try XMLDocument(data: svg).nodes(forXPath: "//*[local-name()='text']").compactMap(
            \.stringValue)
    }

    func explaining() -> FigureOptions {
        var options = FigureOptions()
        options.explain = true
        return options
    }

    @Test func unnamedIntermediatesAreToldApart() throws {
        let neuron = try dot(
            "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3\nf = 1 / (1 + exp(-(w0 * x0 + w1 * x1 + w2)))\nbackward f\n",
            explain: false)
        let labels = neuron.matches(of: /∂f\/∂([^ <]+(?: [+−] [^ <]+)*)/).map {
            String($0.output.1)
        }
        let unnamed = Set(labels.filter { $0.hasPrefix("(") || $0.hasPrefix("exp") })
        #expect(unnamed.count >= 6, "\(unnamed)")
        #expect(!neuron.contains("∂f/∂(·)"))
        #expect(neuron.contains("∂f/∂(1 + exp(−(… + w2)))"))
        // A value table is headed by its expression too.
        #expect(try Samples.dot("broadcast").contains("x@W (3, 2)"))
    }

    /// Found by fuzzing (issue 13): `y = ------…- x` with 160 minus signs took 20 s to name its
    /// intermediates (each step rewrote the whole expression), and since every shortened name
    /// read alike, each edge was labelled with its whole expression, up to 400 characters.
    @Test func aLongChainIsShortenedAndNumbered() throws {
        let chain = try dot(
            "x = 2\ny = " + String(repeating: "-", count: 200) + " x\nbackward y\n", explain: false)
        let gradients = chain.matches(of: #/∂y/∂([^ <"]+) = /#).map { String($0.output.1) }
        #expect(Set(gradients).count >= 200, "every intermediate has a name of its own")
        #expect(
            gradients.allSatisfy { $0.count <= 26 }, "\(gradients.max { $0.count < $1.count }!)")
        #expect(gradients.contains("(−(−(−(−(−(−…))))))₁₉₃"))
        #expect(gradients.contains("(−(−(−(−(−(−x))))))"))
        #expect(gradients.contains("(−x)"))
        // Two that shorten alike but are short when whole stay whole.
        let short = try dot("x = 2\ny = ----x\nbackward y\n", explain: false)
        #expect(short.contains("∂y/∂(−(−(−x))) = "))
    }

    @Test func symbolsShowOnlyTheirOperands() throws {
        let figure = try Samples.figure(
            source:
                "s = [1., 2.]\nt = -s\nu = (s - 1) ** 2\nv = u.T\nw = -(s * 2)\nL = sum(t + v + w)\nbackward L\n"
        )
        let symbols = figure.nodes.compactMap { node -> String? in
            if case .operation(let symbol, _) = node.kind { return symbol }
            return nil
        }
        #expect(symbols.contains("−s"))
        #expect(symbols.contains("(·)²"))
        #expect(symbols.contains("uᵀ"))
        #expect(symbols.contains("−(·)"))
        #expect(!symbols.contains { $0.contains("x") })
    }

    @Test func shortExpressionsDropRedundantBrackets() throws {
        let text = try dot("s = 0.5\nf = 1 / (1 + exp(-s))\nbackward f\n", explain: false)
        #expect(text.contains("∂f/∂(1 + exp(−s))"))
        #expect(text.contains("∂f/∂exp(−s)"))
    }

    @Test func reboundNamesAreNumbered() throws {
        let text = try dot(
            "h = 1\nh = h * 2 + 1\nh = h * 2 + 1\nh = h * 2 + 1\nbackward h\n", explain: false)
        for label in [
            "h₁ = 1", "h₂ = 3", "h₃ = 7", "h₄ = 15", "∂h₄/∂h₁ = 8", "∂h₄/∂h₂ = 4", "∂h₄/∂h₃ = 2",
        ] {
            #expect(text.contains(label), "missing \(label)")
        }
        #expect(!text.contains("∂h/∂h"))
    }

    @Test func aTensorTargetSaysWhatWasDifferentiated() throws {
        let source = SourceFile(path: "t.txt", text: "x = [1., 2.]\ny = x * x\nbackward y\n")
        let rendering = try Pipeline().render(source, as: .dot)
        #expect(rendering.dot.contains("label=<L = Σ y>"))
        #expect(rendering.dot.contains("∂L/∂x (2,)"))
        #expect(EvalReport.text(rendering.evaluation).hasPrefix("L = Σ y\n\n"))
        let weighted = try Pipeline().render(
            SourceFile(path: "w.txt", text: "x = 2\nz = x * x\nbackward z, 5\n"), as: .dot)
        #expect(weighted.dot.contains("label=<L = 5 · z>"))
    }

    @Test func quizBlanksAreNumberedFromTheTarget() throws {
        let figure = try Samples.figure(source: "x = 2\ny = 3\nz = x * y + x\nbackward z\n")
        #expect(
            figure.blanks.map(\.label) == [
                "∂z/∂(x×y)", "∂z/∂x via +", "∂z/∂x via ×", "∂z/∂y", "∂z/∂x",
            ])
        #expect(figure.blanks.map(\.value.scalar) == [1, 1, 3, 2, 4])
        let quiz = try texts(
            "x = 2\ny = 3\nz = x * y + x\nbackward z\n", explain: false, quiz: true)
        #expect(quiz.contains("∂z/∂x = [5]"))
        #expect(quiz.contains("∂z/∂(x×y) = [1]"))
        #expect(quiz.contains("x = 2"))  // values stay
        #expect(!quiz.contains { $0.hasSuffix("= 4") })
        let explained = try texts("x = 2\ny = 3\nz = x * y + x\nbackward z\n", quiz: true)
        #expect(explained.contains("∂z/∂x via × = ∂z/∂(x×y) · y = [3]"))
    }

    @Test(arguments: Samples.names)
    func everySampleRendersExplainedAndAsAQuiz(_ name: String) throws {
        var options = FigureOptions()
        options.explain = true
        options.quiz = true
        let rendering = try Pipeline(options: options).render(Samples.file(name), as: .svg)
        let svg = String(decoding: rendering.data, as: UTF8.self)
        #expect(svg.contains("[1]"))
        #expect(rendering.figure.blanks.map(\.number) == Array(1...rendering.figure.blanks.count))
    }

    @Test func theKinkDisagreesWithFiniteDifferences() throws {
        var options = FigureOptions()
        options.check = true
        let kink = try Pipeline(options: options).render(
            SourceFile(path: "k.txt", text: "x = 0\ny = relu(x)\nbackward y\n"), as: .dot)
        #expect(kink.dot.contains("✗"))
        #expect(kink.dot.contains("numeric 0.5"))
        let smooth = try Pipeline(options: options).render(Samples.file("branch"), as: .dot)
        #expect(smooth.dot.contains("∂z/∂x = 3 + 1 = 4 ✓"))
        #expect(smooth.dot.contains("∂z/∂y = 2 ✓"))
        #expect(!smooth.dot.contains("✗"))
    }

    @Test func aFailureIsDrawnWithWhatRanBeforeIt() throws {
        let file = SourceFile(
            path: "e.txt",
            text: "x = [[1, 2, 3], [4, 5, 6]]\ny = [1, 2, 3, 4]\nw = x * 2\nz = w + y\nbackward z\n"
        )
        guard case .failure(let failure) = Pipeline().renderDrawingFailure(file, as: .dot) else {
            Issue.record("the program ran")
            return
        }
        #expect(
            failure.diagnostic.description.hasPrefix(
                "e.txt:4:7: error: cannot broadcast shapes (2, 3) and (4,) in '+'"))
        let dot = String(decoding: try #require(failure.figure), as: UTF8.self)
        #expect(dot.contains("cannot broadcast shapes (2, 3) and (4,) in &#39;+&#39;"))
        #expect(dot.contains("failed [shape=box"))
        #expect(dot.contains("w (2, 3)"))
        #expect(dot.contains("y (4,)"))
        // A parse error draws nothing.
        guard
            case .failure(let parse) = Pipeline().renderDrawingFailure(
                SourceFile(path: "p.txt", text: "x = (1"), as: .dot)
        else { return }
        #expect(parse.figure == nil)
    }

    @Test func evalExplainPrintsTheSameLines() throws {
        let rendering = try Pipeline().render(Samples.file("branch"), as: .dot)
        let text = DerivationText.text(of: rendering.figure)
        #expect(
            text == """
                backward, step by step:
                ∂z/∂z = 1
                ∂z/∂(x×y) = ∂z/∂z = 1
                ∂z/∂x via + = ∂z/∂z = 1
                ∂z/∂x via × = ∂z/∂(x×y) · y = 1 · 3 = 3
                ∂z/∂y = ∂z/∂(x×y) · x = 1 · 2 = 2
                ∂z/∂x = 3 + 1 = 4

                """)
    }
}
