/// The dimensions of a tensor, outermost first (row-major), printed the way NumPy prints them:
/// `(2, 3)`, `(3,)`, `()`.
public struct Shape: Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    public var dims: [Int]

    public init(_ dims: [Int]) {
        precondition(
            dims.allSatisfy { $0 >= 0 }, "Shape dimensions must be non-negative, got \(dims)")
        self.dims = dims
    }

    public init(arrayLiteral elements: Int...) { self.init(elements) }

    /// The number of dimensions (0 for a scalar).
    public var rank: Int { dims.count }

    /// The number of elements (1 for a scalar).
    public var count: Int { dims.reduce(1, *) }

    /// The element count, or `nil` when it does not fit in an `Int` (so a huge shape can be
    /// refused before anything is allocated).
    public var checkedCount: Int? {
        var total = 1
        for d in dims {
            let (product, overflow) = total.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// Row-major strides in elements: the last axis has stride 1.
    public var strides: [Int] {
        var strides = [Int](repeating: 1, count: dims.count)
        var step = 1
        for axis in dims.indices.reversed() {
            strides[axis] = step
            step *= dims[axis]
        }
        return strides
    }

    public var description: String { Self.text(dims) }

    /// Dimensions as NumPy writes a shape tuple: `(2, 3)`, `(3,)`, `()`. Takes any integers, so
    /// that a requested shape such as `(4, -1)` prints the same way.
    public static func text(_ dims: [Int]) -> String {
        dims.count == 1
            ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
    }

    /// NumPy's broadcasting rule: align the shapes on their last axis; each pair of dimensions
    /// must be equal or one of them 1, and the result takes the larger.
    public static func broadcast(_ a: Shape, _ b: Shape, op: String) throws(TensorError) -> Shape {
        let rank = max(a.rank, b.rank)
        var result = [Int](repeating: 0, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.rank ? 1 : a.dims[i - (rank - a.rank)]
            let db = i < rank - b.rank ? 1 : b.dims[i - (rank - b.rank)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                throw .cannotBroadcast(a, b, op: op)
            }
        }
        return Shape(result)
    }

    /// Whether this shape can be broadcast to `target` (one-sided: `target` does not change).
    public func canBroadcast(to target: Shape) -> Bool {
        guard rank <= target.rank else { return false }
        let offset = target.rank - rank
        return dims.indices.allSatisfy { dims[$0] == 1 || dims[$0] == target.dims[$0 + offset] }
    }

    /// Turns a possibly negative axis into an index in `0..<rank`, NumPy-style, or throws the
    /// error a user sees for an axis out of bounds. Operations call this in `outputShape`.
    public func normalizedAxis(_ axis: Int, op: String) throws(TensorError) -> Int {
        let index = axisIndex(axis)
        guard index >= 0 && index < rank else {
            throw .axisOutOfBounds(axis: axis, rank: rank, op: op)
        }
        return index
    }

    /// The index of an axis that `normalizedAxis(_:op:)` has already accepted: a negative axis
    /// counts from the end. For `forward` and `backward`, which run after validation.
    public func axisIndex(_ axis: Int) -> Int {
        axis < 0 ? axis + rank : axis
    }
}

extension Shape {
    /// `[1, 2]`: the index of the element at `offset` in row-major order.
    public func indexText(ofOffset offset: Int) -> String {
        var rest = offset
        var index: [Int] = []
        for dimension in dims.reversed() {
            index.append(rest % max(dimension, 1))
            rest /= max(dimension, 1)
        }
        return "[" + index.reversed().map(String.init).joined(separator: ", ") + "]"
    }
}
