import Testing

@testable import GradCore

/// A tensor used k times receives k contributions, one per edge, and their sum as its total.
@Suite struct BranchTests {
    @Test func xPlusXHasTwoContributionsOfOne() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor(3))
        let z = try x + x
        let gradients = try tape.backward(z)
        let contributions = gradients.contributions(to: x.id, on: tape)
        #expect(
            contributions.map(\.edge) == [
                Edge(consumer: z.id, position: 0), Edge(consumer: z.id, position: 1),
            ])
        #expect(contributions.map(\.gradient.scalar) == [1, 1])
        #expect(gradients.total(x)?.scalar == 2)
    }

    /// The article's branch, and the figure test of issue 4: x = 2, y = 3, z = x·y + x.
    @Test func xTimesYPlusX() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor(2), name: "x")
        let y = try tape.leaf(Tensor(3), name: "y")
        let product = try x * y
        let z = try product + x
        #expect(product.value.scalar == 6)
        #expect(z.value.scalar == 8)
        let gradients = try tape.backward(z)
        let contributions = gradients.contributions(to: x.id, on: tape)
        #expect(contributions.map(\.gradient.scalar) == [3, 1])  // through ×: g·y = 3; through +: 1
        #expect(contributions.map(\.edge.consumer) == [product.id, z.id])
        #expect(gradients.total(x)?.scalar == 4)
        #expect(gradients.total(y)?.scalar == 2)
        #expect(gradients.total(product)?.scalar == 1)
        #expect(gradients.total(z)?.scalar == 1)
    }

    @Test func aTensorUsedThreeTimes() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor(shape: [2], scalars: [1, 2]))
        let c = try tape.constant(Tensor(10))
        // L = Σ (x·x + 10·x): contributions x (first factor), x (second factor), 10 (via the constant).
        let squared = try x * x
        let scaled = try c * x
        let loss = try (squared + scaled).sum()
        let gradients = try tape.backward(loss)
        let contributions = gradients.contributions(to: x.id, on: tape)
        #expect(contributions.count == 3)
        #expect(contributions.map(\.gradient.scalars) == [[1, 2], [1, 2], [10, 10]])
        #expect(gradients.total(x)?.scalars == [12, 14])
        // The constant is drawn but gets no gradient, and neither does its broadcast step.
        #expect(gradients.total(c) == nil)
        #expect(!tape.nodes[c.id].requiresGradient)
    }

    /// Running backward twice gives the same answer: nothing is accumulated or left stale.
    @Test func repeatedBackwardPassesAreIndependent() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor(2))
        let y = try tape.leaf(Tensor(3))
        let z = try x * y + x
        let first = try tape.backward(z)
        let second = try tape.backward(z)
        #expect(first.totals == second.totals)
        #expect(first.edges == second.edges)
        // A backward from an intermediate only reaches its own inputs.
        let product = try x * y
        let partial = try tape.backward(product)
        #expect(partial.total(x)?.scalar == 3)
        #expect(partial.total(z) == nil)
    }

    @Test func nodesOffThePathGetNoGradient() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor(2))
        let unused = try tape.leaf(Tensor(5))
        let z = try x.exp()
        _ = try unused.log()
        let gradients = try tape.backward(z)
        #expect(gradients.total(unused) == nil)
        #expect(gradients.total(x) != nil)
    }

    @Test func tapeIDsAreStablePositions() throws {
        func build() throws -> [String] {
            let tape = Tape()
            let x = try tape.leaf(Tensor(shape: [2, 3], scalars: Array(repeating: 1, count: 6)))
            let b = try tape.leaf(Tensor(shape: [3], scalars: [1, 2, 3]))
            _ = try (x + b).sum(axis: 0)
            return tape.nodes.map { "\($0.id):\($0.kind.name)\($0.inputs)" }
        }
        #expect(try build() == build())
        #expect(
            try build() == ["0:leaf[]", "1:leaf[]", "2:broadcast_to[1]", "3:add[0, 2]", "4:sum[3]"])
    }
}
