/// y = max(x, axis, keepdims), NumPy's `np.max`: the largest element of each group. The gradient
/// goes to the element that was chosen; when several tie for it, they share it equally (as JAX),
/// so the shares add up to g. A reduction over no elements is an error, as in NumPy.
public struct Max: AxisReduction {
    public static let name = "max"
    public let axis: Int?
    public let keepdims: Bool

    public init(axis: Int? = nil, keepdims: Bool = false) {
        self.axis = axis
        self.keepdims = keepdims
    }

    public var symbol: String { "max" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        selectionRule(inputShapes[0], axis: axis)
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        try selectionShape(inputs[0], axis: axis, keepdims: keepdims, op: name)
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].reduce(normalizedAxis: axis.map(inputs[0].shape.axisIndex), keepdims: keepdims) {
            $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1)
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [selectionGradient(inputs[0], output: output, upstream: upstream, axis: axis)]
    }

    public static let script = binding(
        summary: "largest element, over one axis or all; ties share the gradient",
        numpyNames: ["amax"])
}

/// y = min(x, axis, keepdims), NumPy's `np.min`: the smallest element of each group, with the
/// gradient shared among ties as for `Max`.
public struct Min: AxisReduction {
    public static let name = "min"
    public let axis: Int?
    public let keepdims: Bool

    public init(axis: Int? = nil, keepdims: Bool = false) {
        self.axis = axis
        self.keepdims = keepdims
    }

    public var symbol: String { "min" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        selectionRule(inputShapes[0], axis: axis)
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        try selectionShape(inputs[0], axis: axis, keepdims: keepdims, op: name)
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        inputs[0].reduce(normalizedAxis: axis.map(inputs[0].shape.axisIndex), keepdims: keepdims) {
            $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1)
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        [selectionGradient(inputs[0], output: output, upstream: upstream, axis: axis)]
    }

    public static let script = binding(
        summary: "smallest element, over one axis or all; ties share the gradient",
        numpyNames: ["amin"])
}

extension Variable {
    public func max(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Variable {
        try tape.record(Max(axis: axis, keepdims: keepdims), [self])
    }

    public func min(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Variable {
        try tape.record(Min(axis: axis, keepdims: keepdims), [self])
    }
}

/// The shape of a max or min, refusing an empty group (NumPy: "zero-size array to reduction
/// operation maximum which has no identity").
func selectionShape(_ shape: Shape, axis: Int?, keepdims: Bool, op: String) throws(TensorError)
    -> Shape
{
    let result = try reducedShape(shape, axis: axis, keepdims: keepdims, op: op)
    let groupSize = axis.map { shape.dims[shape.axisIndex($0)] } ?? shape.count
    guard groupSize > 0 else {
        throw .invalidArgument("\(op): the array \(shape) has no elements to take the \(op) of")
    }
    return result
}

/// g copied back to the elements equal to their group's result, divided among ties.
func selectionGradient(_ x: Tensor, output: Tensor, upstream: Tensor, axis: Int?) -> Tensor {
    let chosen = spreadBack(output, over: x.shape, axis: axis)
    let isChosen = x.zip(chosen) { $0 == $1 ? 1 : 0 }
    let ties = spreadBack(
        isChosen.sum(normalizedAxis: axis.map(x.shape.axisIndex), keepdims: false), over: x.shape,
        axis: axis)
    let share = isChosen.zip(ties) { chosen, count in count > 0 ? chosen / count : 0 }
    return spreadBack(upstream, over: x.shape, axis: axis) * share
}

/// g to the chosen elements, shared among ties: `∂L/∂y · [x = y] / #ties`.
func selectionRule(_ shape: Shape, axis: Int?) -> GradientRule {
    GradientRule(
        [spreadBackText(shape, axis: axis, of: "{g} · [{0} = {y}]") + " / #ties"],
        isArithmetic: false)
}
