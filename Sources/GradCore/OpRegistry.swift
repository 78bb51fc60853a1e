/// Every function the language can call: the operations (which the figures label and the
/// all-ops gradient check tests), the constructors and `constant`. Adding an operation: write its
/// file under `Ops/` and add its line here.
public enum OpRegistry {
    public static let functions: [ScriptFunction] = [
        Add.script,
        Sub.script,
        Mul.script,
        Div.script,
        Neg.script,
        Pow.script,
        Log.script,
        Exp.script,
        Sqrt.script,
        Abs.script,
        Relu.script,
        Sigmoid.script,
        Tanh.script,
        Sin.script,
        Cos.script,
        Softmax.script,
        LogSoftmax.script,
        Maximum.script,
        Minimum.script,
        Clip.script,
        Sum.script,
        Mean.script,
        Max.script,
        Min.script,
        Repeat.script,
        BroadcastTo.script,
        MatMul.script,
        MatMul.dotScript,
        Transpose.script,
        Reshape.script,
        Concatenate.script,
        Index.script,
        Constructors.array,
        Constructors.randn,
        Constructors.rand,
        Constructors.zeros,
        Constructors.ones,
        Constructors.full,
        Constructors.arange,
        Constructors.constant,
        Constructors.detach,
    ]

    /// The prefixes a NumPy user writes before a function: `np.exp`, `numpy.exp`.
    public static let numpyModules = ["np", "numpy"]

    /// The function a program calls as `name`: its own name or one of NumPy's names for it, each
    /// with or without a NumPy prefix (`sub`, `subtract`, `np.subtract`, `np.random.randn`).
    public static func function(named name: String) -> ScriptFunction? {
        byName[name] ?? numpyName(name).flatMap { byName[$0] }
    }

    /// The function `x.name(…)` calls, with x as its first argument.
    public static func method(named name: String) -> ScriptFunction? {
        byName[name].flatMap { $0.isMethod ? $0 : nil }
    }

    /// `name` without its NumPy prefix, or nil when it has none.
    public static func numpyName(_ name: String) -> String? {
        for module in numpyModules where name.hasPrefix(module + ".") {
            return String(name.dropFirst(module.count + 1))
        }
        return nil
    }

    /// Every name a program can call a function by (without NumPy prefixes), for suggestions.
    public static var allNames: [String] {
        functions.flatMap { [$0.name] + $0.numpyNames }
    }

    /// The names of the operations the functions record, in registry order, each once.
    public static var operationNames: [String] {
        var seen = Set<String>()
        return functions.compactMap(\.operationName).filter { seen.insert($0).inserted }
    }

    private static let byName: [String: ScriptFunction] = {
        var table: [String: ScriptFunction] = [:]
        for function in functions {
            for name in [function.name] + function.numpyNames where table[name] == nil {
                table[name] = function
            }
        }
        return table
    }()
}
