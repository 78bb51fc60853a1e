import Foundation
import GradCore
import GradDOT
import Testing

@testable import GraphvizGrad

/// The figure of a training file's pass: which pass, its updates on the parameters' edges,
/// their blanks in a quiz, the calls as frames and boxes, and the deck of a run.
@Suite struct TrainingFigureTests {
    static let oneStep = """
        W = 2.118
        lr = 0.1
        for i in range(2):
            L = 0.0231 * W
            W.cleargrad()
            L.backward()
            W.data -= lr * W.grad

        """

    static let momentum = """
        W = 1.0
        v = np.zeros(())
        lr = 0.1
        for i in range(3):
            L = W ** 2
            W.cleargrad()
            L.backward()
            v = 0.9 * v - lr * W.grad
            W.data += v

        """

    static func file(_ text: String, _ name: String = "train.py") -> SourceFile {
        SourceFile(path: name, text: text)
    }

    static func dot(_ text: String, _ configure: (inout FigureOptions) -> Void = { _ in })
        throws -> String
    {
        var options = FigureOptions()
        configure(&options)
        return try Pipeline(options: options).render(file(text), as: .dot).dot
    }

    @Test func anUpdateIsWrittenUnderItsGradient() throws {
        let plain = try Self.dot(Self.oneStep) { $0.precision = 4 }
        #expect(plain.contains("W ← W − lr · ∂L/∂W = 2.113"), "\(plain)")
        let explained = try Self.dot(Self.oneStep) {
            $0.precision = 4
            $0.explain = true
        }
        // The pass drawn is the last: W was 2.118 − 0.00231 = 2.11569 when it was read, and
        // written with the digit that makes the arithmetic come out as printed.
        #expect(explained.contains("W ← 2.1157 − 0.1 · 0.0231 = 2.113"), "\(explained)")
        let first = try Self.dot(Self.oneStep) {
            $0.precision = 4
            $0.explain = true
            $0.pass = 1
        }
        #expect(first.contains("W ← 2.118 − 0.1 · 0.0231 = 2.116"))
        #expect(first.contains("pass 1 of 2"))
        #expect(plain.contains("pass 2 of 2"))
    }

    @Test func stateAnUpdateReadsIsShownWithIt() throws {
        let dot = try Self.dot(Self.momentum)
        let velocity = try #require(dot.range(of: "v ← 0.9 · v − lr · ∂L/∂W = "))
        let step = try #require(dot.range(of: "W ← W + v = "))
        #expect(velocity.lowerBound < step.lowerBound)
        // A value computed from a gradient that no update reads (a norm, a check) is not shown.
        let checked = try Self.dot(
            Self.momentum.replacingOccurrences(
                of: "    W.data += v\n", with: "    W.data += v\n    size = abs(W.grad)\n"))
        #expect(checked.contains("W ← W + v = "))
        #expect(!checked.contains("size ←"))
    }

    @Test func updatesHaveTheirOwnColourInEveryTheme() throws {
        for (theme, colour) in [
            (FigureOptions.Theme.light, "#2e7d32"), (.dark, "#81c784"), (.print, "black"),
        ] {
            let dot = try Self.dot(Self.oneStep) { $0.theme = theme }
            #expect(dot.contains("<FONT COLOR=\"\(colour)\">W ← W − lr"), "\(theme)")
        }
        // Print tells updates from gradients by a dashed frame, not by colour alone.
        let print = try Self.dot(Self.oneStep) { $0.theme = .print }
        #expect(print.contains("STYLE=\"dashed\""))
        let light = try Self.dot(Self.oneStep)
        #expect(!light.contains("STYLE=\"dashed\""))
    }

    @Test func aPassPastTheRunIsRefused() throws {
        var options = FigureOptions()
        options.pass = 3
        #expect(throws: Diagnostic.self) {
            try Pipeline(options: options).render(Self.file(Self.oneStep), as: .dot)
        }
        do {
            _ = try Pipeline(options: options).render(Self.file(Self.oneStep), as: .dot)
        } catch {
            #expect(error.message == "--pass 3: the file has 2 passes, counted from 1")
        }
    }

    @Test func showUpdatesKeepsTheLayoutAndShowsOnlyUpdates() throws {
        var options = FigureOptions()
        options.show = .updates
        let pipeline = Pipeline(options: options)
        let updates = try pipeline.render(Self.file(Self.oneStep), as: .svg)
        let both = try Pipeline().render(Self.file(Self.oneStep), as: .svg)
        func size(_ data: Data) -> String {
            let svg = String(decoding: data, as: UTF8.self)
            return String(svg[svg.range(of: "<svg width=")!.lowerBound...].prefix(60))
        }
        #expect(size(updates.data) == size(both.data))
        #expect(updates.dot.contains("<FONT COLOR=\"#2e7d32\">W ← W − lr"))
        // Values and gradients are there, transparent, keeping their room.
        #expect(updates.dot.contains("<FONT COLOR=\"transparent\">∂L/∂W"))
        var forward = FigureOptions()
        forward.show = .forward
        let forwardDOT = try Pipeline(options: forward).render(Self.file(Self.oneStep), as: .dot)
            .dot
        #expect(forwardDOT.contains("<FONT COLOR=\"transparent\">W ← W − lr"))
    }

    @Test func aQuizBlanksUpdatesAfterTheGradientsAndGradeMarksThem() throws {
        var options = FigureOptions()
        options.quiz = true
        let rendering = try Pipeline(options: options).render(Self.file(Self.oneStep), as: .svg)
        let figure = rendering.figure
        let blanks = figure.blanks
        let gradientBlanks = figure.edges.compactMap { $0.gradient?.blank }
        let update = try #require(blanks.last)
        #expect(update.number == gradientBlanks.count + 1)
        #expect(update.label == "W ← W − lr · ∂L/∂W")
        // Neither the figure nor its tooltips hold the new value.
        let svg = String(decoding: rendering.data, as: UTF8.self)
        #expect(svg.contains("[\(update.number)]"))
        for form in ["2.11338", "\(update.value.scalars[0])"] { #expect(!svg.contains(form)) }
        // Nor does the exercise sheet, whose table of passes has their losses only.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gg-quiz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("train.py").path
        try Self.oneStep.write(toFile: path, atomically: true, encoding: .utf8)
        let sheet = String(
            decoding: try Pipeline(options: options).handout([path]), as: UTF8.self)
        #expect(sheet.contains("<th>pass</th><th>loss</th></tr>"))
        for form in ["2.11338", "2.113"] { #expect(!sheet.contains(form)) }
        let right = update.value.scalars[0]
        let answers = blanks.map {
            Grading.Answer(blank: $0.number, value: $0.value, line: $0.number)
        }
        var marks = Grading.marks(for: figure, answers: answers, tolerance: 1e-6)
        #expect(marks.allSatisfy { $0.isRight })
        var wrong = answers
        wrong[wrong.count - 1] = Grading.Answer(
            blank: update.number, value: Tensor(right + 1), line: 9)
        marks = Grading.marks(for: figure, answers: wrong, tolerance: 1e-6)
        #expect(marks.filter { !$0.isRight }.map(\.blank) == [update.number])
    }

    @Test func theStepsOfAPassEndWithItsUpdates() throws {
        let pipeline = Pipeline()
        let steps = try pipeline.renderSteps(Self.file(Self.oneStep), as: .svg)
        let last = try #require(steps.captions.last)
        #expect(last.hasPrefix("update: W ← W − lr · ∂L/∂W = "))
        // The frame before the updates hides them; the last shows them.
        let before = String(decoding: steps.frames[steps.frames.count - 2], as: UTF8.self)
        let after = String(decoding: steps.frames[steps.frames.count - 1], as: UTF8.self)
        #expect(!before.contains(">W ← W − lr"))
        #expect(after.contains(">W ← W − lr"))
    }

    static let network = """
        np.random.seed(0)
        x = np.random.rand(5, 1)
        y = 2 * x
        W1 = np.random.randn(1, 3)
        b1 = np.zeros(3)
        W2 = np.random.randn(3, 1)

        def layer(inputs, W, b):
            return inputs @ W + b

        def predict(inputs):
            h = sigmoid(layer(inputs, W1, b1))
            return h @ W2

        for i in range(2):
            loss = sum((predict(x) - y) ** 2)
            for p in [W1, b1, W2]:
                p.cleargrad()
            loss.backward()
            for p in [W1, b1, W2]:
                p.data -= 0.1 * p.grad

        """

    @Test func callsAreFramesInsideTheirCallers() throws {
        var options = FigureOptions()
        options.groupCalls = true
        let figure = try Pipeline(options: options).figure(
            of: Pipeline(options: options).evaluate(Self.file(Self.network)))
        let labels = figure.clusters.map(\.label)
        #expect(labels == ["predict(x)", "layer(inputs, W1, b1)"])
        #expect(figure.clusters[1].parent == 0)
        #expect(figure.clusters[0].parent == nil)
        let dot = DOTWriter(options: options).write(figure)
        // Nested as subgraphs: the inner cluster opens before the outer one closes.
        let outer = try #require(dot.range(of: "subgraph cluster_0"))
        let inner = try #require(dot.range(of: "subgraph cluster_1"))
        #expect(outer.lowerBound < inner.lowerBound)
        // The same bytes every time (Graphviz emits nested clusters in an order of its own),
        // the outer frame painted first.
        let pipeline = Pipeline(options: options)
        let svgs = try (0..<4).map { _ in
            String(
                decoding: try pipeline.render(Self.file(Self.network), as: .svg).data, as: UTF8.self
            )
        }
        #expect(Set(svgs).count == 1)
        let first = try #require(svgs[0].range(of: "<title>cluster_0</title>"))
        let second = try #require(svgs[0].range(of: "<title>cluster_1</title>"))
        #expect(first.lowerBound < second.lowerBound)
    }

    @Test func collapsedCallsAreBoxesOfTheInnermostCalls() throws {
        var options = FigureOptions()
        options.collapse = .calls
        let figure = try Pipeline(options: options).figure(
            of: Pipeline(options: options).evaluate(Self.file(Self.network)))
        let boxes = figure.nodes.compactMap { node -> String? in
            if case .statement(let text) = node.kind { return text }
            return nil
        }
        #expect(boxes == ["layer(inputs, W1, b1)"])
        // The rest of predict is drawn as operations.
        #expect(
            figure.nodes.contains {
                if case .operation(let symbol, _) = $0.kind { return symbol == "σ" }
                return false
            })
    }

    @Test func evalListsThePassesAndTheirUpdates() throws {
        let evaluation = try Interpreter.run(Self.file(Self.oneStep))
        let json = EvalReport.json(evaluation)
        #expect(json.contains("\"pass\": 2, \"passes\": ["))
        #expect(json.contains("{\"pass\": 1, \"loss\": 0.0489258, \"updates\": {\"W\": 2.11569}}"))
        let text = EvalReport.text(evaluation)
        #expect(text.hasPrefix("passes:\npass  loss        W after\n1     0.0489258   2.11569\n"))
        #expect(text.contains("\npass 2 of 2:\n"))
    }

    @Test func aLongRunsTableShowsTwentyPassesAndTheLast() {
        #expect(EvalReport.shownPasses(of: 5) == [1, 2, 3, 4, 5])
        let shown = EvalReport.shownPasses(of: 1000)
        #expect(shown.count == 20 && shown.first == 1 && shown.last == 1000)
        #expect(shown == shown.sorted())
    }

    @Test func dataBeforeTheLoopIsNotPartOfPassOne() throws {
        var options = FigureOptions()
        options.pass = 1
        let firstPass = Pipeline(options: options)
        let first = try firstPass.figure(of: firstPass.evaluate(Self.file(Self.network)))
        let last = try Pipeline().figure(of: Pipeline().evaluate(Self.file(Self.network)))
        #expect(first.hasSameStructure(as: last))
        // Data bound before the loop without any operation (arrays of ones and zeros) is
        // read where the pass reads it, as in every later pass.
        let literal = """
            t = np.concatenate([np.ones((3, 1)), np.zeros((3, 1))])
            x = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]])
            w = np.zeros((1, 1))
            for i in range(3):
                loss = np.mean((x @ w - t) ** 2)
                w.grad = None
                loss.backward()
                w.data -= 0.1 * w.grad

            """
        let one = try firstPass.figure(of: firstPass.evaluate(Self.file(literal)))
        let three = try Pipeline().figure(of: Pipeline().evaluate(Self.file(literal)))
        #expect(one.hasSameStructure(as: three))
        #expect(one.edges.map(\.elementID) == three.edges.map(\.elementID))
    }
}
