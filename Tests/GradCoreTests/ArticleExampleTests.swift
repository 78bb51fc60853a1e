import Testing

@testable import GradCore

/// The article's worked examples, with gradients worked out by hand or by its NumPy lines.
@Suite struct ArticleExampleTests {
    /// Scalars x = 2, y = 3 with upstream g = 5 (the gradient reaching z from the rest of a graph).
    func scalarCase(_ f: (Variable, Variable) throws -> Variable) throws -> (
        z: Double, dx: Double, dy: Double
    ) {
        let tape = Tape()
        let x = try tape.leaf(Tensor(2))
        let y = try tape.leaf(Tensor(3))
        let z = try f(x, y)
        let gradients = try tape.backward(z, upstream: Tensor(5))
        return (
            z.value.scalar, try #require(gradients.total(x)).scalar,
            try #require(gradients.total(y)).scalar
        )
    }

    @Test func addPassesTheGradientToBothInputs() throws {
        let r = try scalarCase { try $0 + $1 }
        #expect(r == (5, 5, 5))
    }

    @Test func subNegatesTheGradientToTheRightInput() throws {
        let r = try scalarCase { try $0 - $1 }
        #expect(r == (-1, 5, -5))
    }

    @Test func mulSendsTheOtherInputTimesTheGradient() throws {
        let r = try scalarCase { try $0 * $1 }
        #expect(r == (6, 15, 10))  // ∂L/∂x = g·y = 5·3, ∂L/∂y = g·x = 5·2
    }

    @Test func divSendsGOverYAndMinusGXOverYSquared() throws {
        let r = try scalarCase { try $0 / $1 }
        #expect(r.z == 2.0 / 3.0)
        #expect(r.dx == 5.0 / 3.0)  // g / y
        #expect(r.dy == -5.0 * 2.0 / 9.0)  // −g·x / y²
    }

    @Test func oneInputOperations() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor(2))
        let g = Tensor(5)
        let cube = try x.pow(3)
        let log = try x.log()
        let exp = try x.exp()
        let neg = try -x
        #expect(try tape.backward(cube, upstream: g).total(x)?.scalar == 5 * 3 * 4)  // g·c·x^(c−1)
        #expect(try tape.backward(log, upstream: g).total(x)?.scalar == 2.5)  // g / x
        // g·eˣ
        #expect(try tape.backward(exp, upstream: g).total(x)?.scalar == 5 * exp.value.scalar)
        #expect(try tape.backward(neg, upstream: g).total(x)?.scalar == -5)  // −g
    }

    struct ArticleFile: Decodable {
        struct Pair: Decodable {
            let x: FixtureTensor
            let y: FixtureTensor
            let dy: FixtureTensor
            let dx: FixtureTensor
        }
        // The fixture's keys are the article's names (W, dW).
        // swift-format-ignore: AlwaysUseLowerCamelCase
        struct MatMulCase: Decodable {
            let x: FixtureTensor, W: FixtureTensor, y: FixtureTensor, dy: FixtureTensor,
                dx: FixtureTensor, dW: FixtureTensor
        }
        struct BroadcastCase: Decodable {
            let x: FixtureTensor, b: FixtureTensor, y: FixtureTensor, dy: FixtureTensor,
                db: FixtureTensor
        }
        let `repeat`: Pair
        let sum: Pair
        let matmul: MatMulCase
        let broadcast: BroadcastCase
    }

    /// `y = np.repeat(x, N, axis=0)` with x (1, D), D, N = 8, 7; backward `np.sum(dy, axis=0, keepdims=True)`.
    @Test func repeatMatchesTheArticlesNumPyLines() throws {
        let f = try loadFixture("article", as: ArticleFile.self).`repeat`
        let tape = Tape()
        let x = try tape.leaf(f.x.tensor)
        let y = try x.repeated(7, axis: 0)
        #expect(y.shape == [7, 8])
        #expect(y.value == f.y.tensor)
        let dx = try #require(try tape.backward(y, upstream: f.dy.tensor).total(x))
        #expect(dx.shape == [1, 8])
        #expect(isClose(dx, f.dx.tensor, absolute: 1e-14, relative: 1e-14))
    }

    /// `y = np.sum(x, axis=0, keepdims=True)` with x (N, D); backward `np.repeat(dy, N, axis=0)`.
    @Test func sumMatchesTheArticlesNumPyLines() throws {
        let f = try loadFixture("article", as: ArticleFile.self).sum
        let tape = Tape()
        let x = try tape.leaf(f.x.tensor)
        let y = try x.sum(axis: 0, keepdims: true)
        #expect(y.shape == [1, 8])
        #expect(isClose(y.value, f.y.tensor, absolute: 1e-14, relative: 1e-14))
        let dx = try #require(try tape.backward(y, upstream: f.dy.tensor).total(x))
        #expect(dx == f.dx.tensor)
    }

    /// y = x W with x (7, 8), W (8, 3): ∂L/∂x = g Wᵀ (7, 8) and ∂L/∂W = xᵀ g (8, 3).
    @Test func matmulGradientsAreGWTransposeAndXTransposeG() throws {
        let f = try loadFixture("article", as: ArticleFile.self).matmul
        let tape = Tape()
        let x = try tape.leaf(f.x.tensor)
        let w = try tape.leaf(f.W.tensor)
        let y = try x.matmul(w)
        #expect(isClose(y.value, f.y.tensor, absolute: 1e-13, relative: 1e-13))
        let gradients = try tape.backward(y, upstream: f.dy.tensor)
        #expect(
            isClose(try #require(gradients.total(x)), f.dx.tensor, absolute: 1e-13, relative: 1e-13)
        )
        #expect(
            isClose(try #require(gradients.total(w)), f.dW.tensor, absolute: 1e-13, relative: 1e-13)
        )
        #expect(gradients.total(x)?.shape == [7, 8])
        #expect(gradients.total(w)?.shape == [8, 3])
    }

    /// x (7, 8) + b (8,): the graph holds an explicit broadcast step, b's gradient is dy summed over rows.
    @Test func broadcastIsRecordedAsAStepWhoseBackwardSums() throws {
        let f = try loadFixture("article", as: ArticleFile.self).broadcast
        let tape = Tape()
        let x = try tape.leaf(f.x.tensor)
        let b = try tape.leaf(f.b.tensor)
        let y = try x + b
        #expect(y.value == f.y.tensor)
        let kinds = tape.nodes.map(\.kind.name)
        #expect(kinds == ["leaf", "leaf", "broadcast_to", "add"])
        #expect(tape.nodes[2].inputs == [b.id])
        #expect(tape.nodes[2].shape == [7, 8])
        #expect(y.node.inputs == [x.id, 2])
        let gradients = try tape.backward(y, upstream: f.dy.tensor)
        #expect(
            isClose(try #require(gradients.total(b)), f.db.tensor, absolute: 1e-14, relative: 1e-14)
        )
        // The edge into the broadcast step carries the summed gradient; the edge out of it, the full one.
        #expect(gradients.edges[Edge(consumer: 2, position: 0)]?.shape == [8])
        #expect(gradients.edges[Edge(consumer: y.id, position: 1)] == f.dy.tensor)
    }
}
