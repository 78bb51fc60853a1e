import Testing

@testable import GradCore

/// The tape, not each caller, makes shapes right: an element-wise operation recorded directly
/// with inputs of different shapes is broadcast first, and `forward` receives the validated shape.
@Suite struct TapeShapeTests {
    @Test func recordBroadcastsElementwiseInputs() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        let b = try tape.leaf(Tensor(shape: [3], scalars: [10, 20, 30]))
        let y = try tape.record(Mul(), [x, b])
        #expect(tape.nodes.map(\.kind.name) == ["leaf", "leaf", "broadcast_to", "mul"])
        #expect(y.value.scalars == [10, 40, 90, 40, 100, 180])
        let gradients = try tape.backward(y)
        #expect(gradients.total(b)?.scalars == [5, 7, 9])
    }

    @Test func incompatibleShapesAreAThrownErrorNotACrash() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor.zeros(2, 3))
        let y = try tape.leaf(Tensor.zeros(4))
        #expect(throws: TensorError.cannotBroadcast([2, 3], [4], op: "add")) {
            try tape.record(Add(), [x, y])
        }
        // Nothing was recorded for the refused operation.
        #expect(tape.nodes.count == 2)
    }

    @Test func finiteDifferencesOfKnownFunctions() {
        let cube = FiniteDifferences.derivative(at: 2) { $0 * $0 * $0 }
        #expect(abs(cube - 12) < 1e-8)
        let gradient = FiniteDifferences.gradient(
            at: Tensor(shape: [2], scalars: [1, 3]), elements: [1]
        ) { $0.scalars[0] * $0.scalars[1] * $0.scalars[1] }
        #expect(gradient.count == 1 && gradient[0].element == 1)
        #expect(abs(gradient[0].derivative - 6) < 1e-8)
    }
}
