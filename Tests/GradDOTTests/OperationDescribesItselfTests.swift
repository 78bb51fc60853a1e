import GradCore
import Testing

@testable import GradDOT

/// A figure asks each operation how to draw it, so an operation the figure code has never heard
/// of draws correctly: here, one defined only in this test.
@Suite struct OperationDescribesItselfTests {
    /// z = x ⊕ y := 2x + y, with a made-up notation, ordered operands and one parameter.
    struct Oplus: ElementwiseBinaryOperation {
        static let name = "oplus"
        var symbol: String { "⊕" }
        var notation: Notation { .infix("⊕") }
        var operandOrderMatters: Bool { true }
        var parameters: [OperationParameter] { [OperationParameter("weight", "2")] }

        func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
            Tensor(
                shape: outputShape,
                scalars: zip(inputs[0].scalars, inputs[1].scalars).map { 2 * $0 + $1 })
        }

        func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
            [upstream.map { 2 * $0 }, upstream]
        }
    }

    /// y = wiggle(x) := x, written as a function; not registered anywhere.
    struct Wiggle: ElementwiseUnaryOperation {
        static let name = "wiggle"
        var symbol: String { "wiggle" }
        func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor { inputs[0] }
        func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
            [upstream]
        }
    }

    func figure() throws -> Figure {
        let tape = Tape()
        let a = try tape.leaf(Tensor(1), name: "a")
        let b = try tape.leaf(Tensor(shape: [2], scalars: [3, 4]), name: "b")
        let sum = try tape.record(Oplus(), [a, b])  // broadcasts a to (2,)
        let total = try tape.record(Wiggle(), [sum])
        tape.setName("t", of: total)
        return Figure(
            tape: tape, gradients: try tape.backward(total), targetName: "t", title: nil,
            options: FigureOptions())
    }

    @Test func symbolDetailsMarksAndNamesComeFromTheOperation() throws {
        let figure = try figure()
        #expect(figure.nodes.contains { $0.kind == .operation(symbol: "⊕", details: "weight=2") })
        #expect(figure.nodes.contains { $0.kind == .operation(symbol: "wiggle", details: nil) })
        // The tape broadcast a (a scalar) to b's shape first, drawn as its own step.
        #expect(
            figure.nodes.contains {
                $0.kind == .operation(symbol: "broadcast", details: "() → (2,)")
            })
        #expect(figure.edges.compactMap(\.operandMark).sorted() == ["①", "②"])
        // The unnamed ⊕ result is called by the operation's own notation.
        let names = figure.edges.compactMap { $0.gradient.map { "∂\($0.target)/∂\($0.of)" } }
        #expect(names.contains("∂t/∂(a⊕b)"))
        let dot = DOTWriter(options: FigureOptions()).write(figure)
        #expect(dot.contains("∂t/∂(a⊕b)"))
        #expect(dot.contains("weight=2"))
    }

    @Test func notationsWriteTheirOperands() {
        #expect(Notation.infix("×").write(["x", "y+z"], compound: [false, true]) == "x×(y+z)")
        #expect(Notation.prefix("Σ").write(["x×y"], compound: [true]) == "Σ(x×y)")
        #expect(Notation.postfix("ᵀ").write(["W"], compound: [false]) == "Wᵀ")
        #expect(Notation.power(2).write(["a+b"], compound: [true]) == "(a+b)²")
        #expect(Notation.power(0.5).write(["x"], compound: [false]) == "x**0.5")
        #expect(Notation.function("exp").write(["x+y"], compound: [true]) == "exp(x+y)")
        #expect(Notation.transparent.write(["b"], compound: [false]) == "b")
    }
}
