import GradCore
import Testing

@testable import GradDOT

/// A figure asks each operation how to draw it, so an operation the figure code has never heard
/// of draws correctly: here, one defined only in this test.
@Suite struct OperationDescribesItselfTests {
    /// z = x ⊕ y := 2x + y, with a made-up notation, ordered operands, a parameter and a rule.
    struct Oplus: ElementwiseBinaryOperation {
        static let name = "oplus"
        var symbol: String { "⊕" }
        var notation: Notation { .infix("⊕", .additive) }
        var operandOrderMatters: Bool { true }
        var parameters: [OperationParameter] { [OperationParameter("weight", "2")] }

        func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
            GradientRule(["2 · {g}", "{g}"])
        }

        func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
            Tensor(
                shape: outputShape,
                scalars: zip(inputs[0].scalars, inputs[1].scalars).map { 2 * $0 + $1 })
        }

        func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
            [upstream.map { 2 * $0 }, upstream]
        }
    }

    /// y = wiggle(x) := x, written as a function and showing its operand in its node.
    struct Wiggle: ElementwiseUnaryOperation {
        static let name = "wiggle"
        var symbol: String { "~(·)" }
        var symbolShowsOperand: Bool { true }
        var notation: Notation { .prefix("~", operand: .postfix) }
        func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
            GradientRule(["{g}"])
        }
        func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor { inputs[0] }
        func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
            [upstream]
        }
    }

    func figure(options: FigureOptions = FigureOptions()) throws -> Figure {
        let tape = Tape()
        let a = try tape.leaf(Tensor(1), name: "a")
        let b = try tape.leaf(Tensor(3), name: "b")
        let sum = try tape.record(Oplus(), [a, b])
        let wiggled = try tape.record(Wiggle(), [sum])
        let total = try tape.record(Wiggle(), [a])
        let result = try wiggled + total
        tape.setName("t", of: result)
        return Figure(
            tape: tape, gradients: try tape.backward(result), targetName: "t", title: nil,
            options: options)
    }

    @Test func symbolDetailsMarksNamesAndRulesComeFromTheOperation() throws {
        let figure = try figure()
        #expect(figure.nodes.contains { $0.kind == .operation(symbol: "⊕", details: "weight=2") })
        // The node writes its operand by name, or (·) for an unnamed one.
        #expect(figure.nodes.contains { $0.kind == .operation(symbol: "~a", details: nil) })
        #expect(figure.nodes.contains { $0.kind == .operation(symbol: "~(·)", details: nil) })
        #expect(figure.edges.compactMap(\.operandMark).sorted() == ["①", "②"])
        let labels = figure.edges.compactMap(\.gradient?.label)
        #expect(labels.contains("∂t/∂(a ⊕ b)"))
        #expect(labels.contains("∂t/∂a via ⊕"))
        #expect(labels.contains("∂t/∂a via ~·"))
        let aThroughOplus = try #require(figure.edges.first { $0.gradient?.label == "∂t/∂a via ⊕" })
        #expect(aThroughOplus.gradient?.rule == "2 · ∂t/∂(a ⊕ b)")
        var options = FigureOptions()
        options.explain = true
        let dot = DOTWriter(options: options).write(figure)
        #expect(dot.contains("∂t/∂a via ⊕ = 2 · ∂t/∂(a ⊕ b) = 2 · 1 = 2"))
        #expect(dot.contains("weight=2"))
    }

    @Test func notationsBracketOnlyWhereTheyMust() {
        let x = Written("x", .atom)
        let sum = Written("y + z", .additive)
        let product = Written("x×y", .multiplicative)
        #expect(Notation.infix("×", .multiplicative).write([x, sum]).text == "x×(y + z)")
        #expect(Notation.infix("+", .additive).write([x, product]).text == "x + x×y")
        #expect(Notation.infix("−", .additive).write([x, sum]).text == "x − (y + z)")
        #expect(Notation.infix("+", .additive).write([sum, x]).text == "y + z + x")
        #expect(Notation.prefix("Σ", operand: .postfix).write([product]).text == "Σ(x×y)")
        #expect(Notation.prefix("−", operand: .power).write([Written("x²", .power)]).text == "−x²")
        #expect(Notation.postfix("ᵀ").write([x]).text == "xᵀ")
        #expect(Notation.power(2).write([sum]).text == "(y + z)²")
        #expect(Notation.power(0.5).write([x]).text == "x**0.5")
        #expect(Notation.power(-1).write([x]).text == "x**−1")
        #expect(Notation.function("exp").write([sum]).text == "exp(y + z)")
        #expect(Notation.transparent.write([x]).text == "x")
    }
}
