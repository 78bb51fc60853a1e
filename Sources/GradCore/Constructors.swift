/// The functions that make new tensors. Bound to a name, a new tensor is a leaf (it receives a
/// gradient); used inside an expression, it is a constant.
public enum Constructors {
    public static let randn = ScriptFunction(
        constructor: "randn", signature: "randn(d…)",
        summary: "standard normal samples, like np.random.randn"
    ) { args, generator throws(ScriptError) in
        Tensor.randn(try args.shape("shape"), using: &generator)
    }

    public static let rand = ScriptFunction(
        constructor: "rand", signature: "rand(d…)",
        summary: "uniform samples in [0, 1), like np.random.rand"
    ) { args, generator throws(ScriptError) in
        Tensor.rand(try args.shape("shape"), using: &generator)
    }

    public static let zeros = ScriptFunction(
        constructor: "zeros", signature: "zeros(d…)", summary: "a tensor of zeros"
    ) { args, _ throws(ScriptError) in
        Tensor.zeros(try args.shape("shape"))
    }

    public static let ones = ScriptFunction(
        constructor: "ones", signature: "ones(d…)", summary: "a tensor of ones"
    ) { args, _ throws(ScriptError) in
        Tensor.ones(try args.shape("shape"))
    }

    public static let full = ScriptFunction(
        constructor: "full", signature: "full(d…, value=v)", summary: "a tensor filled with v"
    ) { args, _ throws(ScriptError) in
        let shape = try args.shape("shape")
        return Tensor.full(shape, value: try args.number("value"))
    }

    public static let arange = ScriptFunction(
        constructor: "arange", signature: "arange(n) or arange(start, stop, step=1)",
        summary: "evenly spaced values, like np.arange"
    ) { args, _ throws(ScriptError) in
        let first = try args.number("start")
        guard let stop = try args.optionalNumber("stop") else {
            return try arange(0, first, 1, args)
        }
        return try arange(first, stop, try args.optionalNumber("step") ?? 1, args)
    }

    /// `np.arange` with its length checked against the size limit before allocating.
    private static func arange(
        _ start: Double, _ stop: Double, _ step: Double, _ args: any ScriptArguments
    )
        throws(ScriptError) -> Tensor
    {
        guard step != 0 else { throw ScriptError("'arange': the step must not be zero") }
        guard start.isFinite, stop.isFinite, step.isFinite else {
            throw ScriptError("'arange': start, stop and step must be finite numbers")
        }
        let count = Tensor.arangeCount(start, stop, step)
        guard count < 1e15 else {
            throw ScriptError("'arange': \(formatParameter(count)) elements is too many")
        }
        try args.checkSize(Shape([Int(count)]))
        return Tensor.arange(start, stop, step)
    }
}
