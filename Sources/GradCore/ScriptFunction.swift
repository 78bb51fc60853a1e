/// A function the expression language can call: an operation's binding, declared in the
/// operation's own file, or a constructor that makes a new tensor. `OpRegistry` lists them all.
///
/// The core knows nothing of syntax: a binding asks `ScriptArguments` for its parameters by
/// name, in order, and the expression language answers from the call's positional and keyword
/// arguments. Every failure is a `ScriptError`, which names the part of the call at fault; the
/// language turns it into a located diagnostic.
public struct ScriptFunction: Sendable {
    public enum Body: Sendable {
        /// Reads the arguments into the operation to record and its inputs; the caller records
        /// it on the tape (and reports the operation's refusal, if any, at the call).
        case operation(@Sendable (any ScriptArguments) throws(ScriptError) -> OperationCall)
        /// Makes a new tensor (drawing from the generator if it is random). Bound to a name it
        /// is a leaf; used inside an expression it is a constant.
        case constructor(
            @Sendable (any ScriptArguments, inout NumPyRandom) throws(ScriptError) -> Tensor)
    }

    /// The function's name in the language, e.g. `sum`: an operation's registry name.
    public let name: String
    /// How it is called, for help and errors: `sum(x, axis=None, keepdims=false)`.
    public let signature: String
    /// One line on what it computes.
    public let summary: String
    public let body: Body

    /// The binding of `operation`, named by the operation's own `name`.
    public init(
        _ operation: any Operation.Type, signature: String, summary: String,
        call: @escaping @Sendable (any ScriptArguments) throws(ScriptError) -> OperationCall
    ) {
        self.name = operation.name
        self.signature = signature
        self.summary = summary
        self.body = .operation(call)
    }

    /// A constructor called `name`.
    public init(
        constructor name: String, signature: String, summary: String,
        make:
            @escaping @Sendable (any ScriptArguments, inout NumPyRandom) throws(ScriptError) ->
            Tensor
    ) {
        self.name = name
        self.signature = signature
        self.summary = summary
        self.body = .constructor(make)
    }

    public var isConstructor: Bool {
        if case .constructor = body { return true }
        return false
    }
}

/// The arguments of one call, read by parameter name in declaration order. Each method takes the
/// next positional argument or the keyword argument of that name, and throws a `ScriptError`
/// pointing at the argument when it is missing or of the wrong kind.
public protocol ScriptArguments: AnyObject {
    /// A tensor argument (a bare number or list becomes a constant on the tape).
    func tensor(_ name: String) throws(ScriptError) -> Variable
    /// A tensor, or a plain number kept as a parameter (pow's exponent).
    func tensorOrNumber(_ name: String) throws(ScriptError) -> TensorOrNumber
    func int(_ name: String) throws(ScriptError) -> Int
    /// An optional integer, `nil` when not given (or given as `None`).
    func optionalInt(_ name: String) throws(ScriptError) -> Int?
    func bool(_ name: String, default: Bool) throws(ScriptError) -> Bool
    func number(_ name: String) throws(ScriptError) -> Double
    func optionalNumber(_ name: String) throws(ScriptError) -> Double?
    /// All remaining positional arguments as integers (`reshape(x, 2, 3)`), or one keyword
    /// argument holding a list (`reshape(x, shape=[2, 3])`); `nil` when neither is given.
    func intList(_ name: String) throws(ScriptError) -> [Int]?
    /// Dimensions for a new tensor (`randn(2, 3)`), refused when negative or when a tensor of
    /// that shape would be over the size limit, before anything is allocated.
    func shape(_ name: String) throws(ScriptError) -> Shape
    /// Throws unless a tensor of `shape` fits the size limit (for a constructor that computes
    /// its shape, such as `arange`).
    func checkSize(_ shape: Shape) throws(ScriptError)
}

public enum TensorOrNumber {
    case tensor(Variable)
    case number(Double)
}

/// Why a call failed, and which part of it a diagnostic should point at.
public struct ScriptError: Error, Sendable, Equatable {
    public enum Culprit: Sendable, Equatable {
        /// The whole call: the operation refused its inputs, or an argument is missing.
        case call
        /// The value of the call's argument number `index` (counted as written, from 0).
        case value(argument: Int)
        /// The keyword of the call's argument number `index` (unknown, or given twice).
        case keyword(argument: Int)
    }

    public let message: String
    public let culprit: Culprit

    public init(_ message: String, at culprit: Culprit = .call) {
        self.message = message
        self.culprit = culprit
    }

    /// An operation's refusal (a shape, an axis), reported at the call.
    public init(_ error: TensorError) {
        self.init(error.description)
    }
}

/// An operation and the inputs to record it with: what a binding makes of its arguments.
public struct OperationCall {
    public let operation: any Operation
    public let inputs: [Variable]

    public init(_ operation: any Operation, _ inputs: [Variable]) {
        self.operation = operation
        self.inputs = inputs
    }
}
