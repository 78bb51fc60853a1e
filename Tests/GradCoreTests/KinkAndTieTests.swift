import Testing

@testable import GradCore

/// Where finite differences cannot decide, the gradient is fixed by definition: relu′(0) = 0,
/// abs′(0) = 0, ties in max, min, maximum and minimum share the gradient equally (as JAX), and
/// clip passes it where lo ≤ x ≤ hi. And the functions stay finite where a naive formula overflows.
@Suite struct KinkAndTieTests {
    func gradient(_ values: [Double], _ f: (Variable) throws -> Variable) throws -> [Double] {
        let tape = Tape()
        let x = try tape.leaf(Tensor(shape: [values.count], scalars: values))
        return try tape.backward(f(x).sum()).total(x)!.scalars
    }

    @Test func kinks() throws {
        #expect(try gradient([-1, 0, 2]) { try $0.relu() } == [0, 0, 1])
        #expect(try gradient([-1, 0, 2]) { try $0.abs() } == [-1, 0, 1])
        #expect(try gradient([-2, -1, 0.5, 1, 3]) { try $0.clip(-1, 1) } == [0, 1, 1, 1, 0])
        #expect(try gradient([0, 4]) { try $0.sqrt() } == [.infinity, 0.25])
    }

    @Test func tiesShareTheGradient() throws {
        #expect(try gradient([1, 3, 3, 2]) { try $0.max() } == [0, 0.5, 0.5, 0])
        #expect(try gradient([1, 1, 1, 5]) { try $0.min() } == [1.0 / 3, 1.0 / 3, 1.0 / 3, 0])
        let tape = Tape()
        let x = try tape.leaf(Tensor(shape: [3], scalars: [1, 2, 3]))
        let y = try tape.leaf(Tensor(shape: [3], scalars: [3, 2, 1]))
        let gradients = try tape.backward(x.maximum(y).sum())
        #expect(gradients.total(x)!.scalars == [0, 0.5, 1])
        #expect(gradients.total(y)!.scalars == [1, 0.5, 0])
        let row = try tape.leaf(Tensor(shape: [2, 2], scalars: [4, 4, 1, 2]))
        #expect(try tape.backward(row.max(axis: 1)).total(row)!.scalars == [0.5, 0.5, 0, 1])
    }

    @Test func stableWhereNaiveFormulasOverflow() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor(shape: [3], scalars: [1000, 0, -1000]))
        #expect(try x.softmax().value.scalars == [1, 0, 0])
        let logProbabilities = try x.logSoftmax().value.scalars
        #expect(
            logProbabilities[0] == 0 && logProbabilities[1] == -1000 && logProbabilities[2] == -2000
        )
        #expect(try x.sigmoid().value.scalars == [1, 0.5, 0])
        #expect(try x.tanh().value.scalars == [1, 0, -1])
        let g = try tape.backward(x.logSoftmax(), upstream: Tensor(shape: [3], scalars: [1, 0, 0]))
        #expect(g.total(x)!.scalars == [0, 0, 0])
    }

    @Test func indexingAddsRepeatedPlaces() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor(shape: [3], scalars: [1, 2, 3]))
        let picked = try x.indexed([.list([0, 2, 0])])
        #expect(picked.value.scalars == [1, 3, 1])
        #expect(try tape.backward(picked).total(x)!.scalars == [2, 0, 1])
    }
}
