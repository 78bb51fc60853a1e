/// y = sum(x, axis, keepdims), NumPy's `np.sum`. The article's Sum: (N, D) → (1, D) with
/// axis 0 and keepdims. Its backward is Repeat's forward: every element of x contributed once,
/// so ∂L/∂x is g copied back along the summed axis (g broadcast to x's shape).
public struct Sum: Operation {
    public static let name = "sum"
    /// The axis as given (may be negative), or nil for all elements.
    public let axis: Int?
    public let keepdims: Bool

    public init(axis: Int? = nil, keepdims: Bool = false) {
        self.axis = axis
        self.keepdims = keepdims
    }

    public var arity: Int? { 1 }
    public var symbol: String { "Σ" }
    public var notation: Notation { .prefix("Σ") }
    public var parameters: [OperationParameter] {
        reductionParameters(axis: axis, keepdims: keepdims)
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        try reducedShape(inputs[0], axis: axis, keepdims: keepdims, op: name)
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].sum(normalizedAxis: axis.map(inputs[0].shape.axisIndex), keepdims: keepdims)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [spreadBack(upstream, over: inputs[0].shape, axis: axis)]
    }

    public static let script = ScriptFunction(
        Sum.self, signature: "sum(x, axis=None, keepdims=false)",
        summary: "sum of the elements, over one axis or all"
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        let axis = try args.optionalInt("axis")
        let keepdims = try args.bool("keepdims", default: false)
        return OperationCall(Sum(axis: axis, keepdims: keepdims), [x])
    }
}

extension Variable {
    public func sum(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Variable {
        try tape.record(Sum(axis: axis, keepdims: keepdims), [self])
    }
}

// MARK: Helpers shared by the reductions (sum and mean)

func reductionParameters(axis: Int?, keepdims: Bool) -> [OperationParameter] {
    var parameters: [OperationParameter] = []
    if let axis { parameters.append(OperationParameter("axis", String(axis))) }
    if keepdims { parameters.append(OperationParameter("keepdims", "true")) }
    return parameters
}

/// The shape `np.sum(x, axis, keepdims)` returns for an input of `shape`.
func reducedShape(_ shape: Shape, axis: Int?, keepdims: Bool, op: String) throws(TensorError)
    -> Shape
{
    guard let axis else {
        return Shape(keepdims ? [Int](repeating: 1, count: shape.rank) : [])
    }
    let normalized = try shape.normalizedAxis(axis, op: op)
    var dims = shape.dims
    if keepdims { dims[normalized] = 1 } else { dims.remove(at: normalized) }
    return Shape(dims)
}

/// Copies a reduction's gradient back over the reduced axis: reinserts the axis as size 1 when
/// keepdims dropped it, then broadcasts to the input's shape.
func spreadBack(_ upstream: Tensor, over shape: Shape, axis: Int?) -> Tensor {
    var keptDims = shape.dims
    if let axis {
        keptDims[shape.axisIndex(axis)] = 1
    } else {
        keptDims = [Int](repeating: 1, count: shape.rank)
    }
    return upstream.reshaped(Shape(keptDims)).broadcast(to: shape)
}
