/// How an operation is called from the expression language, declared beside the operation so
/// that adding an op touches one file and one registry line.
///
/// The core knows nothing of syntax: a binding asks `ScriptArguments` for its parameters by
/// name, in order, and the expression language answers from the call's positional and keyword
/// arguments, reporting any mistake at the place in the source that caused it.
public struct ScriptFunction: Sendable {
    /// The function's name in the language, e.g. `sum`; also the operation's registry name.
    public let name: String
    /// How it is called, for help and errors: `sum(x, axis=None, keepdims=false)`.
    public let signature: String
    /// One line on what it computes.
    public let summary: String
    public let call: @Sendable (any ScriptArguments) throws -> Variable

    public init(
        _ name: String, signature: String, summary: String,
        call: @escaping @Sendable (any ScriptArguments) throws -> Variable
    ) {
        self.name = name
        self.signature = signature
        self.summary = summary
        self.call = call
    }
}

/// The arguments of one call, read by parameter name in declaration order. Each method takes the
/// next positional argument or the keyword argument of that name, and throws a located error
/// when it is missing or of the wrong kind.
public protocol ScriptArguments: AnyObject {
    /// A tensor argument (a bare number becomes a constant on the tape).
    func tensor(_ name: String) throws -> Variable
    /// A tensor, or a plain number kept as a parameter (pow's exponent).
    func tensorOrNumber(_ name: String) throws -> TensorOrNumber
    func int(_ name: String) throws -> Int
    /// An optional integer, `nil` when not given (or given as `None`).
    func optionalInt(_ name: String) throws -> Int?
    func bool(_ name: String, default: Bool) throws -> Bool
    /// All remaining positional arguments as integers (`reshape(x, 2, 3)`), or one keyword
    /// argument holding a list (`reshape(x, shape=[2, 3])`); `nil` when neither is given.
    func intList(_ name: String) throws -> [Int]?
}

public enum TensorOrNumber {
    case tensor(Variable)
    case number(Double)
}
