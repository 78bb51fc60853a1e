/// An operation that reduces along one axis or over all elements, NumPy-style (`sum`, `mean`,
/// `max`, `min`): the same parameters, the same shape rule and the same call,
/// `name(x, axis=None, keepdims=false)`, also as a method (`x.sum(axis=0)`).
public protocol AxisReduction: Operation {
    /// The axis as given (may be negative), or nil for all elements.
    var axis: Int? { get }
    var keepdims: Bool { get }
    init(axis: Int?, keepdims: Bool)
}

extension AxisReduction {
    public var arity: Int? { 1 }
    public var parameters: [OperationParameter] {
        var parameters: [OperationParameter] = []
        if let axis { parameters.append(OperationParameter("axis", String(axis))) }
        if keepdims { parameters.append(OperationParameter("keepdims", "true")) }
        return parameters
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        try reducedShape(inputs[0], axis: axis, keepdims: keepdims, op: name)
    }

    /// The binding `name(x, axis=None, keepdims=false)`.
    static func binding(summary: String, numpyNames: [String] = []) -> ScriptFunction {
        ScriptFunction(
            Self.self, signature: "\(name)(x, axis=None, keepdims=false)", summary: summary,
            isMethod: true, numpyNames: numpyNames
        ) { args throws(ScriptError) in
            let x = try args.tensor("x")
            let axis = try args.optionalInt("axis")
            return OperationCall(
                Self(axis: axis, keepdims: try args.bool("keepdims", default: false)), [x])
        }
    }
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

/// Copies a reduction's gradient (or result) back over the reduced axis: reinserts the axis as
/// size 1 when keepdims dropped it, then broadcasts to the input's shape.
func spreadBack(_ upstream: Tensor, over shape: Shape, axis: Int?) -> Tensor {
    var keptDims = shape.dims
    if let axis {
        keptDims[shape.axisIndex(axis)] = 1
    } else {
        keptDims = [Int](repeating: 1, count: shape.rank)
    }
    return upstream.reshaped(Shape(keptDims)).broadcast(to: shape)
}

/// How a reduction's gradient is copied back, as rule text: `repeat(∂L/∂y, 7, axis=0)` for an
/// axis (NumPy's words for Sum's backward, as the article writes it), `broadcast_to(∂L/∂y, (2,
/// 3))` for all elements.
func spreadBackText(_ shape: Shape, axis: Int?, of gradient: String = "{g}") -> String {
    guard let axis else { return "broadcast_to(\(gradient), \(shape))" }
    return "repeat(\(gradient), \(shape.dims[shape.axisIndex(axis)]), axis=\(axis))"
}
