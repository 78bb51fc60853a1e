/// The functions that make new tensors. Bound to a name, a new tensor is a leaf (it receives a
/// gradient); used inside an expression, it is a constant. And `constant`, which makes a named
/// tensor that receives no gradient.
public enum Constructors {
    public static let array = ScriptFunction(
        constructor: "array", signature: "array(list)",
        summary: "a tensor from nested lists of numbers, like np.array"
    ) { args, _ throws(ScriptError) in
        try args.value("object")
    }

    public static let randn = ScriptFunction(
        constructor: "randn", signature: "randn(d…)",
        summary: "standard normal samples, like np.random.randn", numpyNames: ["random.randn"]
    ) { args, generator throws(ScriptError) in
        Tensor.randn(try args.shape("shape"), using: &generator)
    }

    public static let rand = ScriptFunction(
        constructor: "rand", signature: "rand(d…)",
        summary: "uniform samples in [0, 1), like np.random.rand", numpyNames: ["random.rand"]
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
        constructor: "full", signature: "full(d…, value=v) or full((d…), v)",
        summary: "a tensor filled with v"
    ) { args, _ throws(ScriptError) in
        let shape = try args.shape("shape")
        guard let value = try args.optionalNumber("fill_value") else {
            return Tensor.full(shape, value: try args.number("value"))
        }
        return Tensor.full(shape, value: value)
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

    /// `constant(x)`: x's value as a named constant, drawn with its name but given no gradient
    /// (for data, such as targets, that is not to be learned).
    public static let constant = ScriptFunction(
        constant: "constant", signature: "constant(x)",
        summary: "x's value as data: drawn with its name, but no gradient flows to it",
        isMethod: false
    ) { args throws(ScriptError) in
        try args.value("x")
    }

    /// `x.detach()`, PyTorch's spelling of `constant(x)`.
    public static let detach = ScriptFunction(
        constant: "detach", signature: "detach(x)",
        summary: "the same as constant(x), as PyTorch users write it", isMethod: true
    ) { args throws(ScriptError) in
        try args.value("x")
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
