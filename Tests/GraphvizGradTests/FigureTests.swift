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
        #expect(dot.contains(">x = 2</TD>"))
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

    @Test func constantsAreMutedWithoutGradient() throws {
        let figure = try Samples.figure(source: "x = [1, 2]\ny = x * 2 + 1\nbackward y\n")
        let constantEdges = figure.edges.filter(\.fromConstant)
        #expect(constantEdges.count == 2)
        #expect(constantEdges.allSatisfy { $0.gradient == nil })
        // Broadcasting a constant is not drawn.
        #expect(
            !figure.nodes.contains {
                if case .operation("broadcast", _) = $0.kind { return true } else { return false }
            })
        let dot = DOTWriter(options: FigureOptions()).write(figure)
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
        let print = try Samples.dot(source: branch, options: options)
        #expect(print.contains("style=dashed"))
        #expect(!print.contains("#c62828"))
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
        #expect(figure.nodes.map(\.id) == ["n0", "n2", "n3", "out"])
    }

    @Test func largeTensorsAreSummarised() throws {
        var options = FigureOptions()
        options.maxElements = 10
        let dot = try Samples.dot(
            source: "x = ones(8, 9)\ny = sum(x)\nbackward y\n", options: options)
        #expect(dot.contains("x (8, 9)"))
        #expect(dot.contains(">…<"))
        #expect(dot.contains(">⋮<"))
        // 6 shown rows of 6 numbers for x and for its gradient, instead of 8 × 9.
        #expect(dot.components(separatedBy: "<TD ALIGN=\"RIGHT\">").count - 1 == 2 * 6 * 6)
    }

    @Test func nonFiniteValuesStandOut() throws {
        let figure = try Samples.figure(source: "x = [0, 1]\ny = log(x)\nbackward y\n")
        #expect(figure.nonFiniteWarnings == ["∂L/∂x contains nan or inf", "y contains nan or inf"])
        let dot = DOTWriter(options: FigureOptions()).write(figure)
        #expect(dot.contains("BGCOLOR=\"#ffd6d6\""))
        #expect(dot.contains("−inf"))
    }
}
