import Foundation

/// Numerical derivatives, the independent witness that every backward pass is checked against
/// (`graphviz-grad check`, the all-ops gradient test).
///
/// The central difference (f(x + h) − f(x − h)) / 2h has an error of order h² from the
/// function's curvature and of order ε/h from rounding, which balance at h ≈ ∛ε; scaling by
/// max(1, |x|) keeps the step relative for large x.
public enum FiniteDifferences {
    /// The step at `x`: ∛ε · max(1, |x|), about 6e-6 for |x| ≤ 1.
    public static func step(at x: Double) -> Double {
        Foundation.pow(Double.ulpOfOne, 1.0 / 3.0) * max(1, abs(x))
    }

    /// ∂f/∂x at `x` by the central difference.
    public static func derivative<Failure: Error>(
        at x: Double, of f: (Double) throws(Failure) -> Double
    ) throws(Failure) -> Double {
        let h = step(at: x)
        return (try f(x + h) - f(x - h)) / (2 * h)
    }

    /// ∂f/∂xᵢ for each element index `i` in `elements` of the tensor `x`, where `f` maps a tensor
    /// of x's shape to a number; the other elements stay as they are.
    public static func gradient<Failure: Error>(
        at x: Tensor, elements: some Sequence<Int>, of f: (Tensor) throws(Failure) -> Double
    ) throws(Failure) -> [(element: Int, derivative: Double)] {
        var result: [(element: Int, derivative: Double)] = []
        for element in elements {
            let derivative = try derivative(at: x.scalars[element]) {
                (value) throws(Failure) -> Double in
                var scalars = x.scalars
                scalars[element] = value
                return try f(Tensor(shape: x.shape, scalars: scalars))
            }
            result.append((element, derivative))
        }
        return result
    }
}
