/// Every function the language can call: the operations (which the figures label and the
/// all-ops gradient check tests) and the constructors. Adding an operation: write its file under
/// `Ops/` and add its line here.
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
        Sum.script,
        Mean.script,
        Repeat.script,
        BroadcastTo.script,
        MatMul.script,
        Transpose.script,
        Reshape.script,
        Constructors.randn,
        Constructors.rand,
        Constructors.zeros,
        Constructors.ones,
        Constructors.full,
        Constructors.arange,
    ]

    /// The function called `name`, if there is one.
    public static func function(named name: String) -> ScriptFunction? {
        byName[name]
    }

    /// The names of the operations (not the constructors), in registry order.
    public static var operationNames: [String] {
        functions.filter { !$0.isConstructor }.map(\.name)
    }

    private static let byName: [String: ScriptFunction] = Dictionary(
        functions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
}
