import Foundation

/// NumPy's legacy generator (`np.random.seed`, `np.random.rand`, `np.random.randn`), bit for bit,
/// so that a figure and a teacher's NumPy notebook show the same numbers.
///
/// The state is Mersenne Twister MT19937 seeded with `init_genrand`, which is what
/// `np.random.seed(s)` does for an integer 0 ≤ s < 2³². Doubles take 53 bits from two 32-bit
/// draws (27 high bits of the first, 26 of the second). Normals use the legacy polar method,
/// which makes two normals per accepted pair and keeps the second for the next call; reseeding
/// drops the kept one, as `RandomState.seed` does.
public struct NumPyRandom: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var position = 624
    private var cachedGaussian: Double?

    public init(seed: UInt32 = 0) {
        self.seed(seed)
    }

    /// Restarts the stream as `np.random.seed(seed)` does.
    public mutating func seed(_ seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            let previous = state[i - 1]
            state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
        }
        position = 624
        cachedGaussian = nil
    }

    /// The next raw 32-bit output (`genrand_int32`).
    public mutating func nextUInt32() -> UInt32 {
        if position >= 624 { twist() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// A uniform double in [0, 1) with 53 random bits (`random_sample`).
    public mutating func nextDouble() -> Double {
        let high = Double(nextUInt32() >> 5)
        let low = Double(nextUInt32() >> 6)
        return (high * 67_108_864.0 + low) / 9_007_199_254_740_992.0
    }

    /// A standard normal double (`legacy_gauss`).
    public mutating func nextGaussian() -> Double {
        if let cached = cachedGaussian {
            cachedGaussian = nil
            return cached
        }
        var x1 = 0.0
        var x2 = 0.0
        var r2 = 0.0
        repeat {
            x1 = 2.0 * nextDouble() - 1.0
            x2 = 2.0 * nextDouble() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * Foundation.log(r2) / r2).squareRoot()
        cachedGaussian = f * x1
        return f * x2
    }

    private mutating func twist() {
        let upperMask: UInt32 = 0x8000_0000
        let lowerMask: UInt32 = 0x7fff_ffff
        for i in 0..<624 {
            let y = (state[i] & upperMask) | (state[(i + 1) % 624] & lowerMask)
            var next = state[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_b0df }
            state[i] = next
        }
        position = 0
    }
}
