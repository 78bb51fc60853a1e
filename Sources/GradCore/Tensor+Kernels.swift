import Dispatch
import Foundation

/// The numerical kernels behind the operations. They assume valid arguments (the operations
/// validate shapes first, in `outputShape`, and the tape passes only validated inputs), so they
/// are internal to the core: only `map`, which cannot be misused, is public.
extension Tensor {
    // MARK: Element-wise

    @inline(__always)
    public func map(_ transform: (Double) -> Double) -> Tensor {
        let count = scalars.count
        let result = scalars.withUnsafeBufferPointer { source in
            [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                for i in 0..<count { buffer[i] = transform(source[i]) }
                initialized = count
            }
        }
        return Tensor(shape: shape, scalars: result)
    }

    /// Combines two tensors of the same shape element by element.
    @inline(__always)
    func zip(_ other: Tensor, _ combine: (Double, Double) -> Double) -> Tensor {
        precondition(
            shape == other.shape, "zip needs equal shapes, got \(shape) and \(other.shape)")
        let count = scalars.count
        let result = scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                    for i in 0..<count { buffer[i] = combine(a[i], b[i]) }
                    initialized = count
                }
            }
        }
        return Tensor(shape: shape, scalars: result)
    }

    static func + (a: Tensor, b: Tensor) -> Tensor { a.zip(b, +) }
    static func - (a: Tensor, b: Tensor) -> Tensor { a.zip(b, -) }
    static func * (a: Tensor, b: Tensor) -> Tensor { a.zip(b, *) }
    static func / (a: Tensor, b: Tensor) -> Tensor { a.zip(b, /) }
    static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    // MARK: Broadcasting

    /// Copies elements along broadcast axes (`np.broadcast_to`).
    func broadcast(to target: Shape) -> Tensor {
        precondition(shape.canBroadcast(to: target), "cannot broadcast \(shape) to \(target)")
        if shape == target { return self }
        // The stride of each target axis within this tensor: 0 where the element is repeated.
        let offset = target.rank - rank
        let ownStrides = shape.strides
        let sourceStrides = (0..<target.rank).map { axis -> Int in
            axis < offset || shape.dims[axis - offset] == 1 ? 0 : ownStrides[axis - offset]
        }
        return Tensor(shape: target, scalars: gathered(shape: target, strides: sourceStrides))
    }

    /// The inverse of broadcasting for gradients: sums over the axes that broadcasting from
    /// `target` to this tensor's shape added or stretched, giving a tensor of shape `target`.
    func summed(toShape target: Shape) -> Tensor {
        precondition(target.canBroadcast(to: shape), "cannot sum \(shape) down to \(target)")
        if shape == target { return self }
        let offset = rank - target.rank
        var result = [Double](repeating: 0, count: target.count)
        let targetStrides = target.strides
        let destinationStrides = (0..<rank).map { axis -> Int in
            axis < offset || target.dims[axis - offset] == 1 ? 0 : targetStrides[axis - offset]
        }
        forEachOffset(of: shape, strides: destinationStrides) { position, destination in
            result[destination] += scalars[position]
        }
        return Tensor(shape: target, scalars: result)
    }

    // MARK: Reductions and repetition

    /// `np.sum(x, axis, keepdims)`; `axis` must already be normalised (0..<rank) or nil for all.
    func sum(normalizedAxis axis: Int?, keepdims: Bool) -> Tensor {
        guard let axis else {
            let total = scalars.reduce(0, +)
            let dims = keepdims ? [Int](repeating: 1, count: rank) : []
            return Tensor(shape: Shape(dims), scalars: [total])
        }
        let (outer, length, inner) = split(around: axis)
        var result = [Double](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for a in 0..<length {
                let base = (o * length + a) * inner
                for i in 0..<inner { result[o * inner + i] += scalars[base + i] }
            }
        }
        var dims = shape.dims
        if keepdims { dims[axis] = 1 } else { dims.remove(at: axis) }
        return Tensor(shape: Shape(dims), scalars: result)
    }

    /// Reduces along a normalised axis (or all elements when nil) with `combine`, starting from
    /// each group's first element: `np.max`, `np.min`. Every group must be non-empty.
    func reduce(
        normalizedAxis axis: Int?, keepdims: Bool, _ combine: (Double, Double) -> Double
    ) -> Tensor {
        guard let axis else {
            let dims = keepdims ? [Int](repeating: 1, count: rank) : []
            return Tensor(
                shape: Shape(dims), scalars: [scalars.dropFirst().reduce(scalars[0], combine)])
        }
        let (outer, length, inner) = split(around: axis)
        var result = [Double](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var value = scalars[o * length * inner + i]
                for a in 1..<max(length, 1) {
                    value = combine(value, scalars[(o * length + a) * inner + i])
                }
                result[o * inner + i] = value
            }
        }
        var dims = shape.dims
        if keepdims { dims[axis] = 1 } else { dims.remove(at: axis) }
        return Tensor(shape: Shape(dims), scalars: result)
    }

    /// `np.repeat(x, n, axis)` for a normalised axis: each slice along `axis` appears `n` times
    /// in a row (`[a, b]` → `[a, a, b, b]`), unlike `np.tile`.
    func repeated(_ n: Int, normalizedAxis axis: Int) -> Tensor {
        let (outer, length, inner) = split(around: axis)
        var result = [Double]()
        result.reserveCapacity(count * n)
        for o in 0..<outer {
            for a in 0..<length {
                let slice = scalars[((o * length + a) * inner)..<((o * length + a + 1) * inner)]
                for _ in 0..<n { result.append(contentsOf: slice) }
            }
        }
        var dims = shape.dims
        dims[axis] *= n
        return Tensor(shape: Shape(dims), scalars: result)
    }

    /// Sums each run of `n` consecutive slices along `axis`: the backward of `repeated`.
    func summedGroups(of n: Int, normalizedAxis axis: Int) -> Tensor {
        let (outer, length, inner) = split(around: axis)
        precondition(n > 0 && length % n == 0, "axis length \(length) is not a multiple of \(n)")
        let groups = length / n
        var result = [Double](repeating: 0, count: outer * groups * inner)
        for o in 0..<outer {
            for a in 0..<length {
                let source = (o * length + a) * inner
                let destination = (o * groups + a / n) * inner
                for i in 0..<inner { result[destination + i] += scalars[source + i] }
            }
        }
        var dims = shape.dims
        dims[axis] = groups
        return Tensor(shape: Shape(dims), scalars: result)
    }

    // MARK: Shape changes

    func reshaped(_ target: Shape) -> Tensor {
        Tensor(shape: target, scalars: scalars)
    }

    /// Permutes the axes: axis `i` of the result is axis `permutation[i]` of this tensor.
    func transposed(_ permutation: [Int]) -> Tensor {
        precondition(
            permutation.sorted() == Array(0..<rank), "not a permutation of the axes: \(permutation)"
        )
        let target = Shape(permutation.map { shape.dims[$0] })
        let ownStrides = shape.strides
        let sourceStrides = permutation.map { ownStrides[$0] }
        return Tensor(shape: target, scalars: gathered(shape: target, strides: sourceStrides))
    }

    /// The elements at the offsets `strides` give each position of `shape`, written straight
    /// into a new array (no zeros written first).
    private func gathered(shape target: Shape, strides: [Int]) -> [Double] {
        scalars.withUnsafeBufferPointer { source in
            [Double](unsafeUninitializedCapacity: target.count) { buffer, initialized in
                forEachOffset(of: target, strides: strides) { position, offset in
                    buffer[position] = source[offset]
                }
                initialized = target.count
            }
        }
    }

    /// Swaps the last two axes (the transpose of every matrix in a batch).
    func swappingLastTwoAxes() -> Tensor {
        precondition(rank >= 2)
        var permutation = Array(0..<rank)
        permutation.swapAt(rank - 1, rank - 2)
        return transposed(permutation)
    }

    /// The elements at the given row-major offsets, as a tensor of `shape` (a gather).
    func gathered(_ offsets: [Int], shape: Shape) -> Tensor {
        Tensor(shape: shape, scalars: offsets.map { scalars[$0] })
    }

    /// A tensor of `shape`, zero except that each element of this tensor is added at its offset
    /// (a scatter-add: an offset that appears twice receives the sum, as `np.add.at`).
    func scatteredAdding(into shape: Shape, offsets: [Int]) -> Tensor {
        var result = [Double](repeating: 0, count: shape.count)
        for (value, offset) in Swift.zip(scalars, offsets) { result[offset] += value }
        return Tensor(shape: shape, scalars: result)
    }

    // MARK: Matrix products

    /// Matrix products over broadcast batches: self (…, n, k) times other (…, k, m) gives
    /// (…, n, m). Both operands have rank ≥ 2; the batch dimensions broadcast.
    func batchedMatmul(_ other: Tensor, batch: Shape) -> Tensor {
        precondition(rank >= 2 && other.rank >= 2)
        let n = shape.dims[rank - 2]
        let k = shape.dims[rank - 1]
        let m = other.shape.dims[other.rank - 1]
        precondition(other.shape.dims[other.rank - 2] == k)
        let left = broadcast(to: Shape(batch.dims + [n, k]))
        let right = other.broadcast(to: Shape(batch.dims + [k, m]))
        var result = [Double](repeating: 0, count: batch.count * n * m)
        result.withUnsafeMutableBufferPointer { out in
            left.scalars.withUnsafeBufferPointer { a in
                right.scalars.withUnsafeBufferPointer { b in
                    for index in 0..<batch.count {
                        MatrixProduct(
                            a: a.baseAddress! + index * n * k, b: b.baseAddress! + index * k * m,
                            c: out.baseAddress! + index * n * m, n: n, k: k, m: m
                        ).run()
                    }
                }
            }
        }
        return Tensor(shape: Shape(batch.dims + [n, m]), scalars: result)
    }

    // MARK: Helpers

    /// The sizes before, along and after `axis`, for loops over one axis of a row-major array.
    private func split(around axis: Int) -> (outer: Int, length: Int, inner: Int) {
        let dims = shape.dims
        return (dims[..<axis].reduce(1, *), dims[axis], dims[(axis + 1)...].reduce(1, *))
    }
}

/// Calls `body` with each position of `shape` in row-major order (0, 1, 2 …) and the offset
/// the position has under other `strides` (a broadcast's source, a sum's destination), kept up
/// to date as an odometer turns: no index array is made per element. The last axis runs as an
/// inner loop.
@inline(__always)
func forEachOffset(of shape: Shape, strides: [Int], _ body: (Int, Int) -> Void) {
    guard shape.count > 0 else { return }
    guard shape.rank > 0 else {
        body(0, 0)
        return
    }
    let dims = shape.dims
    let last = dims.count - 1
    let innerLength = dims[last]
    let innerStride = strides[last]
    var index = [Int](repeating: 0, count: dims.count)
    var offset = 0
    var position = 0
    while true {
        var inner = offset
        for _ in 0..<innerLength {
            body(position, inner)
            position += 1
            inner += innerStride
        }
        var axis = last - 1
        while axis >= 0 {
            index[axis] += 1
            offset += strides[axis]
            if index[axis] < dims[axis] { break }
            offset -= strides[axis] * dims[axis]
            index[axis] = 0
            axis -= 1
        }
        if axis < 0 { return }
    }
}

/// Calls `body` with every multi-index of `shape` in row-major order.
func forEachIndex(of shape: Shape, _ body: ([Int]) -> Void) {
    guard shape.count > 0 else { return }
    var index = [Int](repeating: 0, count: shape.rank)
    while true {
        body(index)
        var axis = shape.rank - 1
        while axis >= 0 {
            index[axis] += 1
            if index[axis] < shape.dims[axis] { break }
            index[axis] = 0
            axis -= 1
        }
        if axis < 0 { return }
    }
}

/// C += A · B for row-major A (n × k), B (k × m) and C (n × m), the kernel behind every matrix
/// product. Blocked so that a panel of B stays in cache while the rows of A pass over it; the
/// innermost loop runs along a row of B and of C, contiguous, which the compiler vectorises.
/// Products of more than a million multiply-adds split their rows between two threads (this
/// machine kind has two cores): each thread writes its own rows of C.
///
/// Measured on 1000 × 1000 (`x @ x` and its backward, three products): the plain triple loop
/// with bounds checks took 7.2 s; this, 0.6 s.
struct MatrixProduct: @unchecked Sendable {
    let a: UnsafePointer<Double>
    let b: UnsafePointer<Double>
    let c: UnsafeMutablePointer<Double>
    let n: Int
    let k: Int
    let m: Int

    /// A panel of B: `blockK` rows of `blockM` doubles, 256 KiB.
    static let blockK = 128
    static let blockM = 256

    func run() {
        let work = n * k * m
        guard work > 1_000_000, n >= 2 else {
            rows(0..<n)
            return
        }
        let half = n / 2
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            rows(part == 0 ? 0..<half : half..<n)
        }
    }

    /// C's rows `range`, panel by panel.
    private func rows(_ range: Range<Int>) {
        if m == 1 {
            // A matrix times a column: one dot product a row, added in the order the panels
            // would add it.
            for i in range {
                let aRow = a + i * k
                var sum = c[i]
                for p in 0..<k { sum += aRow[p] * b[p] }
                c[i] = sum
            }
            return
        }
        for j0 in stride(from: 0, to: m, by: Self.blockM) {
            let jEnd = min(j0 + Self.blockM, m)
            for p0 in stride(from: 0, to: k, by: Self.blockK) {
                let pEnd = min(p0 + Self.blockK, k)
                for i in range {
                    let cRow = c + i * m
                    let aRow = a + i * k
                    for p in p0..<pEnd {
                        let scale = aRow[p]
                        let bRow = b + p * m
                        for j in j0..<jEnd { cRow[j] += scale * bRow[j] }
                    }
                }
            }
        }
    }
}
