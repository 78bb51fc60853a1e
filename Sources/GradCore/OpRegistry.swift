/// Every operation the language can call, the figures can label and the all-ops gradient check
/// tests. Adding an operation: write its file under `Ops/` and add its line here.
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
    ]

    /// The function called `name`, if there is one.
    public static func function(named name: String) -> ScriptFunction? {
        functions.first { $0.name == name }
    }
}
