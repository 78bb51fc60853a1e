/// An n-dimensional array of `Double` in row-major (C) order: the numbers of the figures.
///
/// A `Tensor` is a plain value with no history; operations on `Variable`s record how tensors were
/// computed. The methods here are the numerical kernels the operations are built from.
public struct Tensor: Equatable, Sendable, CustomStringConvertible {
    public let shape: Shape
    /// The elements in row-major order; `scalars.count == shape.count`.
    public let scalars: [Double]

    public init(shape: Shape, scalars: [Double]) {
        precondition(
            shape.count == scalars.count,
            "Tensor of shape \(shape) needs \(shape.count) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A rank-0 tensor.
    public init(_ scalar: Double) {
        self.init(shape: [], scalars: [scalar])
    }

    /// A tensor from nested lists, which must be rectangular (`[[1, 2], [3, 4]]` is (2, 2)).
    public init(nested literal: NestedList) throws(TensorError) {
        let (shape, scalars) = try literal.flattened()
        self.init(shape: shape, scalars: scalars)
    }

    public var rank: Int { shape.rank }
    public var count: Int { scalars.count }

    /// The single element of a tensor with one element (any rank).
    public var scalar: Double {
        precondition(scalars.count == 1, "Tensor of shape \(shape) is not a single number")
        return scalars[0]
    }

    // MARK: Constructors

    public static func full(_ shape: Shape, value: Double) -> Tensor {
        Tensor(shape: shape, scalars: [Double](repeating: value, count: shape.count))
    }

    public static func zeros(_ shape: Shape) -> Tensor { full(shape, value: 0) }
    public static func ones(_ shape: Shape) -> Tensor { full(shape, value: 1) }
    public static func zeros(_ dims: Int...) -> Tensor { zeros(Shape(dims)) }
    public static func ones(_ dims: Int...) -> Tensor { ones(Shape(dims)) }

    /// `np.arange(n)`: 0, 1, …, n − 1 (empty when n ≤ 0).
    public static func arange(_ n: Int) -> Tensor {
        arange(0, Double(n), 1)
    }

    /// `np.arange(start, stop, step)`: `arangeCount` values `start + i·step`.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1) -> Tensor {
        precondition(step != 0 && step.isFinite, "arange needs a finite, non-zero step")
        let length = Int(arangeCount(start, stop, step))
        return Tensor(shape: [length], scalars: (0..<length).map { start + Double($0) * step })
    }

    /// How many values `np.arange(start, stop, step)` has: `ceil((stop − start) / step)`, at
    /// least 0. A `Double`, so that a caller can compare it with a limit before allocating.
    public static func arangeCount(_ start: Double, _ stop: Double, _ step: Double) -> Double {
        max(0, ((stop - start) / step).rounded(.up))
    }

    /// `np.random.rand(d…)`: uniform in [0, 1), drawn from `generator` in C order.
    public static func rand(_ shape: Shape, using generator: inout NumPyRandom) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.count).map { _ in generator.nextDouble() })
    }

    /// `np.random.randn(d…)`: standard normal, drawn from `generator` in C order.
    public static func randn(_ shape: Shape, using generator: inout NumPyRandom) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.count).map { _ in generator.nextGaussian() })
    }

    // MARK: Element access

    /// The element at a full multi-index (one index per axis).
    public subscript(_ index: Int...) -> Double {
        precondition(index.count == rank, "Need \(rank) indices, got \(index.count)")
        var offset = 0
        for (axis, stride) in shape.strides.enumerated() {
            precondition(index[axis] >= 0 && index[axis] < shape.dims[axis], "Index out of range")
            offset += index[axis] * stride
        }
        return scalars[offset]
    }

    public var description: String { "Tensor\(shape)\(scalars)" }
}

/// Nested lists of numbers, the way a literal is written: `[[1, 2], [3, 4]]`.
public indirect enum NestedList: Sendable, Equatable, ExpressibleByArrayLiteral,
    ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral
{
    case number(Double)
    case list([NestedList])

    public init(arrayLiteral elements: NestedList...) { self = .list(elements) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }

    /// The shape and the row-major elements; every list at one depth must have the same length
    /// and the same nesting, as NumPy requires.
    func flattened() throws(TensorError) -> (Shape, [Double]) {
        let dims = shapeOfFirstElements()
        var scalars: [Double] = []
        try collect(into: &scalars, dims: dims[...], path: "")
        return (Shape(dims), scalars)
    }

    private func shapeOfFirstElements() -> [Int] {
        switch self {
        case .number: return []
        case .list(let items): return [items.count] + (items.first?.shapeOfFirstElements() ?? [])
        }
    }

    private func collect(into scalars: inout [Double], dims: ArraySlice<Int>, path: String)
        throws(TensorError)
    {
        switch self {
        case .number(let value):
            guard dims.isEmpty else {
                throw .invalidArgument(
                    "ragged list: element \(path) is a number where a list of \(dims.first!) was expected"
                )
            }
            scalars.append(value)
        case .list(let items):
            guard let expected = dims.first else {
                throw .invalidArgument(
                    "ragged list: element \(path) is a list where a number was expected")
            }
            guard items.count == expected else {
                throw .invalidArgument(
                    "ragged list: element \(path.isEmpty ? "[]" : path) has \(items.count) items where \(expected) were expected"
                )
            }
            for (i, item) in items.enumerated() {
                try item.collect(into: &scalars, dims: dims.dropFirst(), path: path + "[\(i)]")
            }
        }
    }
}
