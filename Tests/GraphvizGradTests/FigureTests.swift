import GraphvizGrad
import Testing

@Suite struct FigureTests {
    let branch = "x = 2\ny = 3\nz = x * y + x\nbackward z\n"

    @Test func branchPointCarriesTheSumOfItsUses() throws {
        let figure = try Samples.figure(source: branch)
        #expect(figure.nodes.map(\.id) == ["n0", "n1", "n2", "n3", "b0", "out"])
        #expect(
            figure.edges.map { "\($0.from)->\($0.to)" } == [
                "n0->b0", "b0->n2", "b0->n3", "n1->n2", "n2->n3", "n3->out",
            ])
        let trunk = figure.edges[0]
        #expect(trunk.gradient?.parts.map(\.scalar) == [3, 1])
        #expect(trunk.gradient?.value.scalar == 4)
        let dot = DOTWriter(options: FigureOptions()).write(figure)
        #expect(dot.contains(">x = 2</FONT></TD>"))
        #expect(dot.contains("∂z/∂x = 3 + 1 = 4"))
        #expect(dot.contains("∂z/∂(x×y) = 1"))
        #expect(dot.contains("z = 8"))
    }

    @Test func xPlusXShowsTwoContributions() throws {
        let dot = try Samples.dot(source: "x = 3\nz = x + x\nbackward z\n")
        #expect(dot.contains("∂z/∂x = 1 + 1 = 2"))
        #expect(dot.components(separatedBy: "b0 -> n1").count - 1 == 2)
    }

    @Test func broadcastIsAStepUnlessHidden() throws {
        let source = "x = [[1, 2], [3, 4]]\nb = [10, 20]\ny = x + b\nbackward y\n"
        let shown = try Samples.figure(source: source)
        #expect(
            shown.nodes.contains {
                $0.kind == .operation(symbol: "broadcast", details: "(2,) → (2, 2)")
            })
        var options = FigureOptions()
        options.broadcast = .hide
        let hidden = try Samples.figure(source: source, options: options)
        #expect(
            !hidden.nodes.contains {
                if case .operation("broadcast", _) = $0.kind { return true } else { return false }
            })
        // The folded edge carries b's own value and its summed gradient.
        let bEdge = try #require(hidden.edges.first { $0.from == "n1" })
        #expect(bEdge.value.shape == [2])
        #expect(bEdge.gradient?.value == Tensor(shape: [2], scalars: [2, 2]))
    }

    @Test func scalarConstantsAreWrittenIntoTheirOperations() throws {
        let source = "x = 2\ny = 1 / (x * 1.01 + 0.1) - x ** 2\nbackward y\n"
        let figure = try Samples.figure(source: source)
        #expect(figure.edges.filter(\.fromConstant).isEmpty)
        let symbols = figure.nodes.compactMap { node -> String? in
            if case .operation(let symbol, _) = node.kind { return symbol }
            return nil
        }
        #expect(symbols == ["× 1.01", "+ 0.1", "1 ÷ □", "x²", "−"])
        // Where a constant stands, no ① or ② is needed: the label shows the order.
        #expect(figure.edges.filter { $0.operandMark != nil }.count == 2)
    }

    @Test func constantsAreMutedWithoutGradient() throws {
        var options = FigureOptions()
        options.constants = .nodes
        let figure = try Samples.figure(
            source: "x = [1, 2]\ny = x * 2 + 1\nbackward y\n", options: options)
        let constantEdges = figure.edges.filter(\.fromConstant)
        #expect(constantEdges.count == 2)
        #expect(constantEdges.allSatisfy { $0.gradient == nil })
        // Broadcasting a constant is not drawn.
        #expect(
            !figure.nodes.contains {
                if case .operation("broadcast", _) = $0.kind { return true } else { return false }
            })
        let dot = DOTWriter(options: options).write(figure)
        #expect(dot.contains("style=dashed, color=\"#9a9a9a\""))
    }

    @Test func operandOrderIsMarked() throws {
        let figure = try Samples.figure(source: "a = 5\nb = 3\nc = a - b\nd = c / a\nbackward d\n")
        let marks = figure.edges.compactMap { edge in
            edge.operandMark.map { "\(edge.from)->\(edge.to)\($0)" }
        }
        #expect(marks == ["b0->n2①", "b0->n3②", "n1->n2②", "n2->n3①"])
    }

    @Test func showModesAndThemes() throws {
        var options = FigureOptions()
        options.show = .forward
        // A pass not shown keeps its place, transparent, so the three have one layout.
        let forward = try Samples.dot(source: branch, options: options)
        #expect(forward.contains("<FONT COLOR=\"transparent\">∂z/∂x = 3 + 1 = 4"))
        #expect(forward.contains("color=\"#222222:transparent\""))
        #expect(!forward.contains("<FONT COLOR=\"#c62828\">∂"))
        options.show = .backward
        let backward = try Samples.dot(source: branch, options: options)
        #expect(backward.contains("<FONT COLOR=\"transparent\">x = 2</FONT>"))
        #expect(backward.contains("color=\"transparent:#c62828\""))
        #expect(backward.contains("<FONT COLOR=\"#c62828\">∂z/∂x = 3 + 1 = 4"))
        options.show = .both
        options.theme = .print
        // In print, the backward edge is a grey line beside the black one, in one edge with
        // one label: no label strays from its edge.
        let print = try Samples.dot(source: branch, options: options)
        #expect(print.contains("color=\"black:#505050\""))
        #expect(!print.contains("#c62828"))
        #expect(!print.contains("dir=back"))
        options.theme = .dark
        #expect(try Samples.dot(source: branch, options: options).contains("bgcolor=\"#1e1e1e\""))
        options.rankDirection = .topToBottom
        #expect(try Samples.dot(source: branch, options: options).contains("rankdir=TB"))
    }

    @Test func unnamedIntermediatesAreWrittenAsExpressions() throws {
        let dot = try Samples.dot(
            source:
                "a = [1, 2]\nb = [3, 4]\ns = sum(a * b) + sum(transpose(a + b)) + mean(exp(a))\nbackward s\n"
        )
        for name in [
            "∂s/∂(Σ(a×b))", "∂s/∂(a×b)", "∂s/∂((a + b)ᵀ)", "∂s/∂mean(exp(a))", "∂s/∂exp(a)",
        ] {
            #expect(dot.contains(name), "missing \(name)")
        }
    }

    @Test func onlyTheTargetsAncestorsAreDrawn() throws {
        let figure = try Samples.figure(
            source: "x = 2\nunused = 5\nz = x * 3\nw = unused * 2\nbackward z\n")
        #expect(figure.nodes.map(\.id) == ["n0", "n3", "out"])
        #expect(figure.nodes[1].kind == .operation(symbol: "× 3", details: nil))
    }

    @Test func largeTensorsAreSummarised() throws {
        var options = FigureOptions()
        options.maxElements = 10
        let dot = try Samples.dot(
            source: "x = ones(8, 9)\ny = sum(x)\nbackward y\n", options: options)
        #expect(dot.contains("x (8, 9)"))
        #expect(dot.contains(">…<"))
        #expect(dot.contains(">⋮<"))
        // About √10 = 3 rows and columns each (2 + … + 1), for x and for its gradient.
        #expect(dot.matches(of: /ALIGN="RIGHT"/).count == 2 * 3 * 3)
        options.maxElements = 1
        let smallest = try Samples.dot(
            source: "x = ones(6, 6)\ny = sum(x)\nbackward y\n", options: options)
        // One number and its gradient: x[0, 0] with … and ⋮ for the rest.
        #expect(smallest.matches(of: /ALIGN="RIGHT"/).count == 2)
        options.maxElements = 64
        let unsummarised = try Samples.dot(
            source: "x = ones(8, 8)\ny = sum(x)\nbackward y\n", options: options)
        #expect(unsummarised.matches(of: /ALIGN="RIGHT"/).count == 2 * 64)
    }

    @Test func eachNumberOfATableChoosesItsNotation() throws {
        let dot = try Samples.dot(
            source: "x = [0.0757, 0.00000852, 0.1]\ny = sum(x * 2)\nbackward y\n")
        // One tiny element does not switch its neighbours to scientific notation.
        #expect(dot.contains(">0.0757<") && dot.contains(">8.52e−06<") && dot.contains(">0.1<"))
        // The gradient's numbers are a table of their own: 2, 2, 2.
        #expect(dot.matches(of: />2</).count == 3)
    }

    /// One formatter for the whole figure: the file's `precision 6` reaches edges, node labels,
    /// step captions and explained arithmetic alike.
    @Test func oneFormatterServesEveryWriter() throws {
        let source = "precision 6\nx = 0.123456789\ny = x * 0.98765432\nbackward y\n"
        var options = FigureOptions()
        options.explain = true
        let dot = try Samples.dot(source: source, options: options)
        #expect(dot.contains("x = 0.123457"))
        #expect(dot.contains("× 0.987654"))
        #expect(dot.contains("∂y/∂x = ∂y/∂y · 0.987654 = 1 · 0.987654 = 0.987654"))
        let captions = try Pipeline(options: options).renderSteps(
            SourceFile(path: "p.txt", text: source), as: .svg
        ).captions
        #expect(captions.contains("forward: y = x × 0.987654 = 0.121933"), "\(captions)")
    }

    @Test func floatingPointNoiseReadsAsAboutZero() throws {
        // 0.1 + 0.2 − 0.3 is 5.55e−17, not 0: b's gradient is noise around a true zero.
        let dot = try Samples.dot(
            source: "b = 1\nloss = b * 0.1 + b * 0.2 - b * 0.3 + 1\nbackward loss\n")
        #expect(dot.contains("∂loss/∂b = 0.1 + 0.2 + (−0.3) ≈ 0<"))
        #expect(!dot.contains("2.78e−17"))
        // Its exact value stays in the tooltip.
        #expect(dot.contains("∂loss/∂b = 2.7755575615628914e-17"))
    }

    @Test func aValueStandsOverItsGradient() throws {
        // One table for both, so their columns are the same.
        let dot = try Samples.dot(source: "x = [1, 2, 3]\ny = sum(x * x)\nbackward y\n")
        let label = try #require(dot.firstMatch(of: /n0 -> b0 \[[^\n]*/)).output
        #expect(label.matches(of: /<TABLE/).count == 1)
        #expect(
            label.contains("ID=\"v-x--branch-x.2\"") && label.contains("ID=\"g-x--branch-x.2\""))
        #expect(label.contains("TITLE=\"∂y/∂x&#91;2&#93; = 6.0\""))
    }

    @Test func nonFiniteValuesStandOut() throws {
        let figure = try Samples.figure(source: "x = [0, 1]\ny = log(x)\nbackward y\n")
        #expect(figure.nonFiniteWarnings == ["∂L/∂x contains nan or inf", "y contains nan or inf"])
        let dot = DOTWriter(options: FigureOptions()).write(figure)
        #expect(dot.contains("BGCOLOR=\"#ffd6d6\""))
        #expect(dot.contains("−inf"))
    }
}
