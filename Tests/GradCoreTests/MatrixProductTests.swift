import Testing

@testable import GradCore

/// The blocked, two-thread matrix product against the textbook triple loop.
@Suite struct MatrixProductTests {
    /// Sizes around the blocks (128 × 256) and the threading bound (a million multiply-adds).
    @Test(arguments: [(1, 1, 1), (3, 5, 2), (130, 257, 300), (121, 100, 111), (7, 1000, 3)])
    func matchesTheTripleLoop(_ sizes: (Int, Int, Int)) {
        let (n, k, m) = sizes
        var generator = NumPyRandom(seed: 7)
        let a = Tensor.randn([n, k], using: &generator)
        let b = Tensor.randn([k, m], using: &generator)
        let product = a.batchedMatmul(b, batch: Shape([]))
        var expected = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for j in 0..<m {
                var sum = 0.0
                for p in 0..<k { sum += a.scalars[i * k + p] * b.scalars[p * m + j] }
                expected[i * m + j] = sum
            }
        }
        #expect(product.shape == Shape([n, m]))
        let worst = zip(product.scalars, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-9 * Double(k))
    }
}
