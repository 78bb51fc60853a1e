import Foundation
import GradCore
import GradDOT
import GradScript
import GraphvizGrad
import Testing

/// Names the reader can follow: sizes are whole numbers, rebound names keep their gradients,
/// numbered names can be focused, paths through a minus read unambiguously.
@Suite struct NamesTests {
    func file(_ text: String) -> SourceFile { SourceFile(path: "n.txt", text: text) }

    @Test func aNameUsedAsASizeIsAWholeNumber() throws {
        let source = """
            seed 0
            N = 4
            D = 2
            M = D * 1
            x = randn(N, M)
            w = randn(D)
            loss = sum(x @ w) / N
            backward loss

            """
        // check perturbs neither N nor D (today: "'shape' of 'randn' must be an integer, not 4.00002…").
        let rows = try GradientCheck.run(file(source), tolerance: 1e-5)
        let evaluation = try Interpreter.run(file(source))
        let checked = Set(rows.map { row in evaluation.tape.nodes[row.leaf].name ?? "" })
        #expect(checked == ["x", "w"])
        #expect(rows.allSatisfy { $0.passed })
        // The figure draws N as data: no ∂loss/∂N.
        let dot = try Samples.dot(source: source)
        #expect(!dot.contains("∂loss/∂N"))
        #expect(dot.contains("N = 4"))
        var options = FigureOptions()
        options.check = true
        #expect(throws: Never.self) { try Samples.dot(source: source, options: options) }
    }

    @Test func aNameReboundAfterBackwardKeepsItsGradient() throws {
        let source = "w = 2\nL = w * 3\nbackward L\nw = w - 0.3\n"
        let evaluation = try Interpreter.run(file(source))
        let text = EvalReport.text(evaluation)
        #expect(text.contains("w₁ () =\n2.\n∂L/∂w₁ =\n3.\n"))
        #expect(text.contains("w₂ () =\n1.7\n"))
        let json = EvalReport.json(evaluation)
        #expect(json.contains("\"w\": {\"shape\": [], \"value\": 1.7, \"grad\": 3.0"))
        #expect(json.contains("{\"name\": \"w₁\", \"shape\": [], \"value\": 2.0, \"grad\": 3.0}"))
    }

    @Test func reboundChainsListEveryBinding() throws {
        var source = "h = 0.5\n"
        for _ in 0..<7 { source += "h = h * 2 + 1\n" }
        source += "backward h\n"
        let json = EvalReport.json(try Interpreter.run(file(source)))
        for version in 1...8 {
            let name =
                "h"
                + String(version).map { "₀₁₂₃₄₅₆₇₈₉".map(String.init)[Int(String($0))!] }.joined()
            #expect(json.contains("{\"name\": \"\(name)\""), "\(name)")
        }
        #expect(!json.contains("\"grad\": null"))
        // --focus takes the numbered name the figure shows.
        var options = FigureOptions()
        options.focus = "h₃"
        options.depth = 1
        let figure = try Samples.figure(source: source, options: options)
        #expect(figure.edges.contains { $0.label == "h₃" })
        #expect(!figure.edges.contains { $0.label == "h₆" })
    }

    @Test func everyNameOnThePathHasAGradient() throws {
        let source = """
            x = 2
            loss0 = x * 3
            loss1 = loss0.detach() * 2
            loss2 = constant(5) + loss0.detach()
            total = loss0 + loss1 + loss2
            backward total

            """
        let json = EvalReport.json(try Interpreter.run(file(source)))
        #expect(!json.contains("null"), "\(json)")
        #expect(json.contains("\"loss1\": {\"shape\": [], \"value\": 12.0, \"grad\": 1.0}"))
    }

    @Test func aPathThroughAMinusIsNamedByWhatItComputes() throws {
        let dot = try Samples.dot(source: "p = 0.3\nL = p * (1 - p)\nbackward L\n")
        #expect(dot.contains("∂L/∂p via 1 − p"))
        #expect(!dot.contains("via − ="))
    }

    @Test func aFailureFigureDrawsNoUnusedLeaf() throws {
        let source = "x = [1, 2, 3]\nunused = 5\nw = [1, 2]\ny = x + w\nbackward y\n"
        let outcome = Pipeline().renderDrawingFailure(file(source), as: .dot)
        guard case .failure(let failure) = outcome, let data = failure.figure else {
            Issue.record("expected the figure of a failure")
            return
        }
        let dot = String(decoding: data, as: UTF8.self)
        #expect(dot.matches(of: /shape=point/).count == 2)
        #expect(!dot.contains("unused"))
    }
}
