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
        /// Makes a constant from a value that may have been computed from leaves: drawn with its
        /// name and value, but no gradient flows through it (`constant(x)`, `x.detach()`).
        case constant(@Sendable (any ScriptArguments) throws(ScriptError) -> Tensor)
    }

    /// The function's name in the language, e.g. `sum`: an operation's registry name.
    public let name: String
    /// How it is called, for help and errors: `sum(x, axis=None, keepdims=false)`.
    public let signature: String
    /// One line on what it computes.
    public let summary: String
    /// Whether it can also be written as a method of its first argument: `x.sum(axis=0)`.
    public let isMethod: Bool
    /// NumPy's names for it besides `name` (`subtract` for `sub`, `random.randn` for `randn`);
    /// with or without the `np.` prefix.
    public let numpyNames: [String]
    /// The name of the operation it records, for an operation's binding (`matmul` for `dot`).
    public let operationName: String?
    public let body: Body

    /// The binding of `operation`, named by the operation's own `name`.
    public init(
        _ operation: any Operation.Type, signature: String, summary: String,
        isMethod: Bool = false, numpyNames: [String] = [],
        call: @escaping @Sendable (any ScriptArguments) throws(ScriptError) -> OperationCall
    ) {
        self.init(
            name: operation.name, signature: signature, summary: summary, isMethod: isMethod,
            numpyNames: numpyNames, operationName: operation.name, body: .operation(call))
    }

    /// A second binding of an operation under another name, such as `dot` for `matmul` (with
    /// `np.dot`'s stricter rank rule).
    public init(
        _ operation: any Operation.Type, alias: String, signature: String, summary: String,
        isMethod: Bool = false,
        call: @escaping @Sendable (any ScriptArguments) throws(ScriptError) -> OperationCall
    ) {
        self.init(
            name: alias, signature: signature, summary: summary, isMethod: isMethod, numpyNames: [],
            operationName: operation.name, body: .operation(call))
    }

    /// A constructor called `name`.
    public init(
        constructor name: String, signature: String, summary: String, numpyNames: [String] = [],
        make:
            @escaping @Sendable (any ScriptArguments, inout NumPyRandom) throws(ScriptError) ->
            Tensor
    ) {
        self.init(
            name: name, signature: signature, summary: summary, isMethod: false,
            numpyNames: numpyNames, operationName: nil, body: .constructor(make))
    }

    /// A function that makes a named constant (`constant`), possibly also a method (`detach`).
    public init(
        constant name: String, signature: String, summary: String, isMethod: Bool,
        make: @escaping @Sendable (any ScriptArguments) throws(ScriptError) -> Tensor
    ) {
        self.init(
            name: name, signature: signature, summary: summary, isMethod: isMethod, numpyNames: [],
            operationName: nil, body: .constant(make))
    }

    private init(
        name: String, signature: String, summary: String, isMethod: Bool, numpyNames: [String],
        operationName: String?, body: Body
    ) {
        self.operationName = operationName
        self.name = name
        self.signature = signature
        self.summary = summary
        self.isMethod = isMethod
        self.numpyNames = numpyNames
        self.body = body
    }

    /// Whether it records an operation (rather than making a tensor).
    public var isOperation: Bool { operationName != nil }

    /// Whether it makes a new tensor (a leaf when bound to a name).
    public var isConstructor: Bool {
        if case .constructor = body { return true }
        return false
    }

    /// Whether it makes a named constant (`constant`, `detach`).
    public var isConstant: Bool {
        if case .constant = body { return true }
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
    /// An optional number, `nil` when not given (or given as `None`).
    func optionalNumber(_ name: String) throws(ScriptError) -> Double?
    /// A list of tensors, `[a, b, …]` or `(a, b, …)` (`concatenate`).
    func tensorList(_ name: String) throws(ScriptError) -> [Variable]
    /// A tensor's value without recording anything (`constant`).
    func value(_ name: String) throws(ScriptError) -> Tensor
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
