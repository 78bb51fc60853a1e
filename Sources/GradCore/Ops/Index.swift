/// y = x[items], NumPy's indexing: an integer picks one position of an axis (and removes the
/// axis), a slice `a:b:s` picks a stretch, a list of integers picks positions in any order, with
/// repeats. Missing items at the end are whole axes (`x[0]` of a matrix is its first row).
///
/// The backward adds the gradient back into the selected places and leaves zeros elsewhere; a
/// place selected twice (`x[[0, 2, 0]]`) receives the sum of its gradients, as `np.add.at`.
///
/// With a list, the integers count as list indices too (NumPy's advanced indexing): the picked
/// positions form one axis, which stands where the list and integers stand when they are next
/// to each other (`x[:, [0, 2]]`), and first otherwise (`x[[0, 1], :, 2]`).
public struct Index: Operation {
    public static let name = "index"

    public typealias Item = IndexItem

    public let items: [Item]

    public init(_ items: [Item]) { self.items = items }

    public var arity: Int? { 1 }
    public var symbol: String { "(·)" + subscriptText }
    public var symbolShowsOperand: Bool { true }
    public var notation: Notation { .postfix(subscriptText) }

    /// `[0, ::2]`: the index as written.
    var subscriptText: String { "[" + items.map(Self.text).joined(separator: ", ") + "]" }

    /// zeros of x's shape with g added at the selected places (`np.add.at`).
    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["add.at(zeros\(inputShapes[0]), \(subscriptText), {g})"], isArithmetic: false)
    }
    public var parameters: [OperationParameter] {
        [OperationParameter("index", subscriptText)]
    }
    /// The index is already in the symbol.
    public func details(inputShapes: [Shape], outputShape: Shape) -> String? { nil }

    static func text(_ item: Item) -> String {
        switch item {
        case .at(let position): return String(position)
        case .list(let positions):
            return "[" + positions.map(String.init).joined(separator: ", ") + "]"
        case .slice(let start, let stop, let step):
            let bounds = (start.map(String.init) ?? "") + ":" + (stop.map(String.init) ?? "")
            return bounds + (step.map { ":" + String($0) } ?? "")
        }
    }

    /// The flat offsets the index selects in a tensor of `shape`, in the result's order (for
    /// assigning into the elements of data: `d[mask] = 0`).
    public func selectedOffsets(in shape: Shape) throws(TensorError) -> [Int] {
        try validate(shape)
        return layout(for: shape).offsets()
    }

    /// The shape of what the index selects in a tensor of `shape` (already validated).
    public func resultShape(for shape: Shape) -> Shape {
        layout(for: shape).shape
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        try validate(inputs[0])
        return layout(for: inputs[0]).shape
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].gathered(layout(for: inputs[0].shape).offsets(), shape: outputShape)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let offsets = layout(for: inputs[0].shape).offsets()
        return [upstream.scatteredAdding(into: inputs[0].shape, offsets: offsets)]
    }

    /// Refuses what NumPy refuses: more items than axes, a position out of bounds, a zero
    /// step; and, beyond NumPy's subset here, a second list.
    func validate(_ shape: Shape) throws(TensorError) {
        guard items.count <= shape.rank else {
            throw .invalidIndex(
                "too many indices for array: array is \(shape.rank)-dimensional, but \(items.count) were indexed",
                item: items.count - 1)
        }
        var listLength: Int?
        for (axis, item) in items.enumerated() {
            let size = shape.dims[axis]
            switch item {
            case .at(let position):
                try check(position, size: size, axis: axis)
            case .list(let positions):
                // Several lists pair up element by element (NumPy's advanced indexing:
                // `p[np.arange(N), y]`); a list of one position is repeated.
                if let length = listLength, length != positions.count, length != 1,
                    positions.count != 1
                {
                    throw .invalidIndex(
                        "shape mismatch: the lists of an index pair up element by element, but they have \(length) and \(positions.count) positions",
                        item: axis)
                }
                listLength = max(
                    listLength ?? 0, positions.count == 1 ? (listLength ?? 1) : positions.count)
                for position in positions { try check(position, size: size, axis: axis) }
            case .slice(_, _, let step):
                guard step != 0 else {
                    throw .invalidIndex("slice step cannot be zero", item: axis)
                }
            }
        }
    }

    private func check(_ position: Int, size: Int, axis: Int) throws(TensorError) {
        guard position >= -size, position < size else {
            throw .invalidIndex(
                "index \(position) is out of bounds for axis \(axis) with size \(size)", item: axis)
        }
    }

    /// How the result is laid out over an input of `shape` that `validate` accepted.
    struct Layout {
        /// One axis of the result: a stretch of one input axis, or the axis the list makes.
        enum Axis {
            case basic(inputAxis: Int, positions: [Int])
            case advanced(length: Int)
        }

        let shape: Shape
        let axes: [Axis]
        /// Per input axis, the positions it contributes (one for an integer).
        let positions: [[Int]]
        /// The input axes indexed by the lists and, with them, by integers.
        let advancedAxes: [Int]
        let listAxes: Set<Int>
        let strides: [Int]
        /// The offset the integers contribute when there is no list.
        let fixedOffset: Int

        /// For each element of the result, in row-major order, the input offset it comes from.
        func offsets() -> [Int] {
            var offsets: [Int] = []
            offsets.reserveCapacity(shape.count)
            forEachIndex(of: shape) { index in
                var offset = fixedOffset
                for (position, axis) in axes.enumerated() {
                    switch axis {
                    case .basic(let inputAxis, let picked):
                        offset += picked[index[position]] * strides[inputAxis]
                    case .advanced:
                        for inputAxis in advancedAxes {
                            let picked = positions[inputAxis]
                            offset +=
                                picked[
                                    listAxes.contains(inputAxis) && picked.count > 1
                                        ? index[position] : 0]
                                * strides[inputAxis]
                        }
                    }
                }
                offsets.append(offset)
            }
            return offsets
        }
    }

    func layout(for shape: Shape) -> Layout {
        var positions: [[Int]] = []
        var listAxes = Set<Int>()
        var listLength = 0
        for axis in 0..<shape.rank {
            let size = shape.dims[axis]
            let item = axis < items.count ? items[axis] : .slice(start: nil, stop: nil, step: nil)
            switch item {
            case .at(let position):
                positions.append([position < 0 ? position + size : position])
            case .list(let list):
                listAxes.insert(axis)
                listLength = max(listLength, list.count)
                positions.append(list.map { $0 < 0 ? $0 + size : $0 })
            case .slice(let start, let stop, let step):
                positions.append(Self.slice(start: start, stop: stop, step: step ?? 1, size: size))
            }
        }
        let isInteger = { (axis: Int) -> Bool in
            guard axis < items.count, case .at = items[axis] else { return false }
            return true
        }
        let advancedAxes =
            listAxes.isEmpty
            ? [] : (0..<shape.rank).filter { listAxes.contains($0) || isInteger($0) }
        let adjacent =
            advancedAxes.isEmpty
            || advancedAxes.last! - advancedAxes.first! == advancedAxes.count - 1
        var axes: [Layout.Axis] = []
        for axis in 0..<shape.rank {
            if advancedAxes.contains(axis) {
                if adjacent, axis == advancedAxes.first {
                    axes.append(.advanced(length: listLength))
                }
            } else if !isInteger(axis) {
                axes.append(.basic(inputAxis: axis, positions: positions[axis]))
            }
        }
        if !adjacent {
            axes.insert(.advanced(length: listLength), at: 0)
        }
        let strides = shape.strides
        let fixedOffset = (0..<shape.rank).filter { isInteger($0) && !advancedAxes.contains($0) }
            .reduce(0) { $0 + positions[$1][0] * strides[$1] }
        let dims = axes.map { axis -> Int in
            switch axis {
            case .basic(_, let positions): return positions.count
            case .advanced(let length): return length
            }
        }
        return Layout(
            shape: Shape(dims), axes: axes, positions: positions, advancedAxes: advancedAxes,
            listAxes: listAxes, strides: strides, fixedOffset: fixedOffset)
    }

    /// Python's slice rules: missing bounds run to the ends in the step's direction, negative
    /// bounds count from the end, and bounds past the ends are clamped (a slice never fails).
    static func slice(start: Int?, stop: Int?, step: Int, size: Int) -> [Int] {
        func clamp(_ bound: Int, low: Int, high: Int) -> Int {
            let resolved = bound < 0 ? bound + size : bound
            return Swift.min(Swift.max(resolved, low), high)
        }
        if step > 0 {
            let from = start.map { clamp($0, low: 0, high: size) } ?? 0
            let to = stop.map { clamp($0, low: 0, high: size) } ?? size
            return from < to ? Array(stride(from: from, to: to, by: step)) : []
        }
        let from = start.map { clamp($0, low: -1, high: size - 1) } ?? size - 1
        let to = stop.map { clamp($0, low: -1, high: size - 1) } ?? -1
        return from > to ? Array(stride(from: from, to: to, by: step)) : []
    }

    /// `index(x, i, j, …)` is `x[i, j, …]`; the language's `x[…]` also takes slices and a list.
    public static let script = ScriptFunction(
        Index.self, signature: "index(x, i…)",
        summary:
            "x[i, …]; write x[a:b:s] and x[[i, j]] for slices and lists; the gradient is added back"
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        let positions = try args.intList("index") ?? []
        return OperationCall(Index(positions.map { .at($0) }), [x])
    }
}

extension Variable {
    /// `x[items]`, NumPy's indexing.
    public func indexed(_ items: [IndexItem]) throws(TensorError) -> Variable {
        try tape.record(Index(items), [self])
    }
}
