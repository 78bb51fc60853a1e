/// y = concatenate([a, b, …], axis), NumPy's `np.concatenate`: the inputs joined along one axis;
/// every other dimension must match. Each input's gradient is its own slice of g.
public struct Concatenate: Operation {
    public static let name = "concatenate"
    public let axis: Int

    public init(axis: Int = 0) { self.axis = axis }

    public var symbol: String { "concat" }

    /// Each input's own slice of g along the axis: `∂L/∂y[:, 0:2]`.
    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        let index = outputShape.axisIndex(axis)
        var start = 0
        let formulas = inputShapes.map { shape -> String in
            let stop = start + shape.dims[index]
            defer { start = stop }
            return "({g})[" + String(repeating: ":, ", count: index) + "\(start):\(stop)]"
        }
        return GradientRule(formulas, isArithmetic: false)
    }
    public var parameters: [OperationParameter] { [OperationParameter("axis", String(axis))] }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        guard let first = inputs.first else {
            throw .invalidArgument("concatenate: needs at least one array to concatenate")
        }
        guard first.rank > 0 else {
            throw .invalidArgument("concatenate: zero-dimensional arrays cannot be concatenated")
        }
        let index = try first.normalizedAxis(axis, op: name)
        var dims = first.dims
        dims[index] = 0
        for (position, shape) in inputs.enumerated() {
            guard shape.rank == first.rank else {
                throw .invalidArgument(
                    "concatenate: all the input arrays must have the same number of dimensions, but the array at index 0 has \(first.rank) dimension(s) and the array at index \(position) has \(shape.rank) dimension(s)"
                )
            }
            for d in 0..<first.rank where d != index && shape.dims[d] != first.dims[d] {
                throw .invalidArgument(
                    "concatenate: all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(first.dims[d]) and the array at index \(position) has size \(shape.dims[d])"
                )
            }
            dims[index] += shape.dims[index]
        }
        return Shape(dims)
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        let index = outputShape.axisIndex(axis)
        let outer = outputShape.dims[..<index].reduce(1, *)
        var scalars: [Double] = []
        scalars.reserveCapacity(outputShape.count)
        for o in 0..<outer {
            for input in inputs {
                let block = input.shape.dims[index...].reduce(1, *)
                scalars.append(contentsOf: input.scalars[(o * block)..<((o + 1) * block)])
            }
        }
        return Tensor(shape: outputShape, scalars: scalars)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let index = output.shape.axisIndex(axis)
        let outer = output.shape.dims[..<index].reduce(1, *)
        var pieces = inputs.map { _ in [Double]() }
        var offset = 0
        for _ in 0..<outer {
            for (position, input) in inputs.enumerated() {
                let block = input.shape.dims[index...].reduce(1, *)
                pieces[position].append(contentsOf: upstream.scalars[offset..<(offset + block)])
                offset += block
            }
        }
        return zip(inputs, pieces).map { Tensor(shape: $0.shape, scalars: $1) }
    }

    public static let script = ScriptFunction(
        Concatenate.self, signature: "concatenate([a, b, …], axis=0)",
        summary: "arrays joined along an existing axis"
    ) { args throws(ScriptError) in
        let arrays = try args.tensorList("arrays")
        return OperationCall(Concatenate(axis: try args.optionalInt("axis") ?? 0), arrays)
    }
}

extension Variable {
    public static func concatenate(_ arrays: [Variable], axis: Int = 0) throws(TensorError)
        -> Variable
    {
        precondition(!arrays.isEmpty, "concatenate needs at least one array")
        return try arrays[0].tape.record(Concatenate(axis: axis), arrays)
    }
}
