/// y = x @ W, NumPy's `np.matmul`. For matrices x (N, D) and W (D, H), y is (N, H) with
/// yᵢⱼ = Σₖ xᵢₖ Wₖⱼ, so ∂L/∂xᵢₖ = Σⱼ gᵢⱼ Wₖⱼ and ∂L/∂Wₖⱼ = Σᵢ xᵢₖ gᵢⱼ: ∂L/∂x = g Wᵀ and
/// ∂L/∂W = xᵀ g. Each gradient has its input's shape.
///
/// The rank rules are `np.matmul`'s: a 1-D left operand is a row (1, D) and a 1-D right operand
/// a column (D, 1), with the added axis removed from the result; operands of rank 3 and more are
/// stacks of matrices whose batch dimensions broadcast (their gradients are summed back over the
/// broadcast batch axes).
public struct MatMul: Operation {
    public static let name = "matmul"
    public init() {}

    public var arity: Int? { 2 }
    public var symbol: String { "@" }
    public var notation: Notation { .infix("@", .multiplicative) }
    public var operandOrderMatters: Bool { true }

    /// ∂L/∂x = g Wᵀ and ∂L/∂W = xᵀ g: each has its input's shape, hence the transposes.
    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} @ {1}ᵀ", "{0}ᵀ @ {g}"], isArithmetic: false)
    }

    /// n·k·m multiply-adds for each matrix of the batch.
    public func work(inputShapes: [Shape], outputShape: Shape) -> Int {
        let left = Self.promoted(inputShapes[0], isLeft: true)
        let k = left.dims[left.rank - 1]
        let (product, overflow) = outputShape.count.multipliedReportingOverflow(by: max(k, 1))
        return overflow ? Int.max : product
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        let (a, b) = (inputs[0], inputs[1])
        for (position, shape) in [a, b].enumerated() where shape.rank == 0 {
            throw .invalidArgument(
                "matmul: operand \(position) is a scalar (shape ()); use '*' to multiply by a number"
            )
        }
        let left = Self.promoted(a, isLeft: true)
        let right = Self.promoted(b, isLeft: false)
        let k = left.dims[left.rank - 1]
        let kRight = right.dims[right.rank - 2]
        guard k == kRight else {
            throw .invalidArgument(
                "matmul: shapes \(a) and \(b) are not aligned: \(k) (dim \(a.rank - 1)) != \(kRight) (dim \(max(b.rank - 2, 0)))"
            )
        }
        let batch: Shape
        do {
            batch = try Shape.broadcast(
                Shape(left.dims.dropLast(2)), Shape(right.dims.dropLast(2)), op: name)
        } catch {
            throw .invalidArgument(
                "matmul: the batch dimensions of \(a) and \(b) cannot be broadcast together")
        }
        var dims = batch.dims
        if a.rank > 1 { dims.append(left.dims[left.rank - 2]) }
        if b.rank > 1 { dims.append(right.dims[right.rank - 1]) }
        return Shape(dims)
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        let (x, w) = (inputs[0], inputs[1])
        let batch = Self.batch(of: outputShape, x.shape, w.shape)
        let product = Self.promote(x, isLeft: true).batchedMatmul(
            Self.promote(w, isLeft: false), batch: batch)
        return product.reshaped(outputShape)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let (x, w) = (inputs[0], inputs[1])
        let left = Self.promote(x, isLeft: true)
        let right = Self.promote(w, isLeft: false)
        let batch = Self.batch(of: output.shape, x.shape, w.shape)
        let n = left.shape.dims[left.rank - 2]
        let m = right.shape.dims[right.rank - 1]
        let g = upstream.reshaped(Shape(batch.dims + [n, m]))
        let towardX = g.batchedMatmul(right.swappingLastTwoAxes(), batch: batch)  // g Wᵀ
        let towardW = left.swappingLastTwoAxes().batchedMatmul(g, batch: batch)  // xᵀ g
        return [
            towardX.summed(toShape: left.shape).reshaped(x.shape),
            towardW.summed(toShape: right.shape).reshaped(w.shape),
        ]
    }

    /// The operand's shape as a (stack of) matrices: (D,) becomes (1, D) on the left, (D, 1) on
    /// the right.
    private static func promoted(_ shape: Shape, isLeft: Bool) -> Shape {
        guard shape.rank == 1 else { return shape }
        return isLeft ? Shape([1, shape.dims[0]]) : Shape([shape.dims[0], 1])
    }

    private static func promote(_ tensor: Tensor, isLeft: Bool) -> Tensor {
        tensor.reshaped(promoted(tensor.shape, isLeft: isLeft))
    }

    /// The broadcast batch dimensions: the output's dimensions without its matrix axes (one for
    /// each operand of rank 2 or more).
    private static func batch(of output: Shape, _ x: Shape, _ w: Shape) -> Shape {
        let matrixAxes = (x.rank > 1 ? 1 : 0) + (w.rank > 1 ? 1 : 0)
        return Shape(Array(output.dims.dropLast(matrixAxes)))
    }

    public static let script = ScriptFunction(
        MatMul.self, signature: "matmul(x, w)",
        summary: "matrix product x @ w, with np.matmul's rank rules"
    ) { args throws(ScriptError) in
        let (x, w) = (try args.tensor("x"), try args.tensor("w"))
        return OperationCall(MatMul(), [x, w])
    }
}

extension Variable {
    public func matmul(_ other: Variable) throws(TensorError) -> Variable {
        try tape.record(MatMul(), [self, other])
    }
}

extension MatMul {
    /// `np.dot` for the ranks where it is a matrix product (1-D and 2-D); NumPy's dot of higher
    /// ranks is not matmul, so it is refused rather than computed differently.
    public static let dotScript = ScriptFunction(
        MatMul.self, alias: "dot", signature: "dot(x, w)",
        summary: "np.dot of 1-D and 2-D operands (the matrix product)", isMethod: true
    ) { args throws(ScriptError) in
        let (x, w) = (try args.tensor("x"), try args.tensor("w"))
        for (position, operand) in [x, w].enumerated() where operand.shape.rank > 2 {
            throw ScriptError(
                "dot: operand \(position) has shape \(operand.shape); dot takes 1-D and 2-D operands here, use matmul (@) for stacks of matrices"
            )
        }
        return OperationCall(MatMul(), [x, w])
    }
}
