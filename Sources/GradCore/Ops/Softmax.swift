import Foundation

/// y = softmax(x, axis), along one axis (the last by default): yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m),
/// where subtracting m = max(x) keeps every exponent ≤ 0 (no overflow; the result is the same).
/// Each output depends on every input of its group, so ∂L/∂xᵢ = yᵢ (gᵢ − Σⱼ gⱼ yⱼ).
public struct Softmax: Operation {
    public static let name = "softmax"
    public let axis: Int

    public init(axis: Int = -1) { self.axis = axis }

    public var arity: Int? { 1 }
    public var symbol: String { "softmax" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{y} · ({g} − Σ({g} · {y}))"], isArithmetic: false)
    }
    public var parameters: [OperationParameter] {
        axis == -1 ? [] : [OperationParameter("axis", String(axis))]
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        _ = try inputs[0].normalizedAxis(axis, op: name)
        return inputs[0]
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        let shifted = shiftedByMax(inputs[0], axis: axis).map { Foundation.exp($0) }
        let index = shifted.shape.axisIndex(axis)
        return shifted
            / spreadBack(
                shifted.sum(normalizedAxis: index, keepdims: true), over: shifted.shape, axis: axis)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let index = output.shape.axisIndex(axis)
        let weighted = (upstream * output).sum(normalizedAxis: index, keepdims: true)
        return [output * (upstream - spreadBack(weighted, over: output.shape, axis: axis))]
    }

    public static let script = ScriptFunction(
        Softmax.self, signature: "softmax(x, axis=-1)",
        summary: "e^x normalised to sum to 1 along an axis (numerically stable)", isMethod: true
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        return OperationCall(Softmax(axis: try args.optionalInt("axis") ?? -1), [x])
    }
}

/// y = log_softmax(x, axis) = x − m − log Σⱼ e^(xⱼ − m), computed without forming the softmax
/// (stable for large and very negative x). ∂L/∂xᵢ = gᵢ − softmax(x)ᵢ Σⱼ gⱼ.
public struct LogSoftmax: Operation {
    public static let name = "log_softmax"
    public let axis: Int

    public init(axis: Int = -1) { self.axis = axis }

    public var arity: Int? { 1 }
    public var symbol: String { "log softmax" }

    public func gradientRule(inputShapes: [Shape], outputShape: Shape) -> GradientRule {
        GradientRule(["{g} − softmax({0}) · Σ{g}"], isArithmetic: false)
    }
    public var parameters: [OperationParameter] {
        axis == -1 ? [] : [OperationParameter("axis", String(axis))]
    }

    public func outputShape(_ inputs: [Shape]) throws(TensorError) -> Shape {
        _ = try inputs[0].normalizedAxis(axis, op: name)
        return inputs[0]
    }

    public func forward(_ inputs: [Tensor], outputShape: Shape) -> Tensor {
        let shifted = shiftedByMax(inputs[0], axis: axis)
        let index = shifted.shape.axisIndex(axis)
        let logSum = shifted.map { Foundation.exp($0) }.sum(normalizedAxis: index, keepdims: true)
            .map { Foundation.log($0) }
        return shifted - spreadBack(logSum, over: shifted.shape, axis: axis)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, upstream: Tensor) -> [Tensor] {
        let index = output.shape.axisIndex(axis)
        let total = spreadBack(
            upstream.sum(normalizedAxis: index, keepdims: true), over: output.shape, axis: axis)
        return [upstream - output.map { Foundation.exp($0) } * total]
    }

    public static let script = ScriptFunction(
        LogSoftmax.self, signature: "log_softmax(x, axis=-1)",
        summary: "log of softmax along an axis, computed stably", isMethod: true
    ) { args throws(ScriptError) in
        let x = try args.tensor("x")
        return OperationCall(LogSoftmax(axis: try args.optionalInt("axis") ?? -1), [x])
    }
}

extension Variable {
    public func softmax(axis: Int = -1) throws(TensorError) -> Variable {
        try tape.record(Softmax(axis: axis), [self])
    }

    public func logSoftmax(axis: Int = -1) throws(TensorError) -> Variable {
        try tape.record(LogSoftmax(axis: axis), [self])
    }
}

/// x minus its maximum along `axis` (each group's largest element becomes 0). An empty group
/// has no maximum and nothing to shift.
private func shiftedByMax(_ x: Tensor, axis: Int) -> Tensor {
    let index = x.shape.axisIndex(axis)
    guard x.shape.dims[index] > 0 else { return x }
    let largest = x.reduce(normalizedAxis: index, keepdims: true) { Swift.max($0, $1) }
        .map { $0.isFinite ? $0 : 0 }
    return x - spreadBack(largest, over: x.shape, axis: axis)
}
