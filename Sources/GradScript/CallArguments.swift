import GradCore

/// The evaluated arguments of one call, read by the function's binding parameter by parameter.
/// Each read takes the next positional argument, or else the keyword argument of that name, and
/// any mistake becomes a diagnostic at the argument (or at the call, for a missing one).
final class CallArguments: ScriptArguments {
    struct Evaluated {
        let value: Value
        let argument: CallArgument
    }

    private let function: String
    private let call: Expression
    private let file: SourceFile
    private let positional: [Evaluated]
    private let keywords: [String: Evaluated]
    private var nextPositional = 0
    private var usedKeywords: Set<String> = []
    /// Turns a number or literal into a constant on the tape (an operation's tensor input).
    private let makeConstant: (Value, CallArgument) throws(Diagnostic) -> Variable

    init(
        function: String, call: Expression, file: SourceFile, positional: [Evaluated],
        keywords: [String: Evaluated],
        makeConstant: @escaping (Value, CallArgument) throws(Diagnostic) -> Variable
    ) {
        self.function = function
        self.call = call
        self.file = file
        self.positional = positional
        self.keywords = keywords
        self.makeConstant = makeConstant
    }

    /// An error about an argument's value: the caret points at the value.
    func error(_ message: String, at argument: CallArgument) -> Diagnostic {
        Diagnostic(file: file, message: message, range: argument.range, point: argument.value.point)
    }

    /// An error about a keyword itself (unknown, or given twice): the caret points at the keyword.
    private func keywordError(_ message: String, at argument: CallArgument) -> Diagnostic {
        Diagnostic(file: file, message: message, range: argument.range, point: argument.range.start)
    }

    private var usage: String {
        Builtins.signature(of: function).map { " (called as \($0))" } ?? ""
    }

    /// The next positional argument or the keyword `name`, or nil when neither was given.
    private func take(_ name: String) throws(Diagnostic) -> Evaluated? {
        if nextPositional < positional.count {
            let argument = positional[nextPositional]
            if let keyword = keywords[name] {
                throw keywordError(
                    "'\(function)' got two values for '\(name)'", at: keyword.argument)
            }
            nextPositional += 1
            return argument
        }
        guard let keyword = keywords[name] else { return nil }
        usedKeywords.insert(name)
        return keyword
    }

    private func require(_ name: String) throws(Diagnostic) -> Evaluated {
        guard let argument = try take(name) else {
            throw Diagnostic(
                file: file, message: "'\(function)' is missing its argument '\(name)'\(usage)",
                range: call.range, point: call.point)
        }
        return argument
    }

    /// Fails on arguments that no parameter read: extra positional ones and unknown keywords.
    func finish() throws(Diagnostic) {
        if nextPositional < positional.count {
            throw error(
                "too many arguments to '\(function)'\(usage)",
                at: positional[nextPositional].argument)
        }
        for (name, keyword) in keywords.sorted(by: {
            $0.value.argument.range.start < $1.value.argument.range.start
        }) where !usedKeywords.contains(name) {
            throw keywordError(
                "'\(function)' has no argument '\(name)'\(usage)", at: keyword.argument)
        }
    }

    // MARK: ScriptArguments

    func tensor(_ name: String) throws -> Variable {
        let argument = try require(name)
        switch argument.value {
        case .variable(let variable): return variable
        case .number, .literal: return try makeConstant(argument.value, argument.argument)
        case .boolean, .none:
            throw error(
                "'\(name)' of '\(function)' must be a tensor or a number, not \(argument.value.kindDescription)",
                at: argument.argument)
        }
    }

    func tensorOrNumber(_ name: String) throws -> TensorOrNumber {
        let argument = try require(name)
        if case .number(let value) = argument.value { return .number(value) }
        if case .variable(let variable) = argument.value { return .tensor(variable) }
        if case .literal = argument.value {
            return .tensor(try makeConstant(argument.value, argument.argument))
        }
        throw error(
            "'\(name)' of '\(function)' must be a tensor or a number, not \(argument.value.kindDescription)",
            at: argument.argument)
    }

    func int(_ name: String) throws -> Int {
        try integer(require(name), name: name)
    }

    func optionalInt(_ name: String) throws -> Int? {
        guard let argument = try take(name) else { return nil }
        if case .none = argument.value { return nil }
        return try integer(argument, name: name)
    }

    func bool(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let argument = try take(name) else { return defaultValue }
        guard case .boolean(let value) = argument.value else {
            throw error(
                "'\(name)' of '\(function)' must be true or false, not \(argument.value.kindDescription)",
                at: argument.argument)
        }
        return value
    }

    func intList(_ name: String) throws -> [Int]? {
        try integerList(name)
    }

    // MARK: For the constructors

    /// Like `intList`, with typed errors: all remaining positional arguments, a single list, or
    /// the keyword `name` holding a number or a list.
    func integerList(_ name: String) throws(Diagnostic) -> [Int]? {
        var items: [Evaluated] = []
        if nextPositional < positional.count {
            if let keyword = keywords[name] {
                throw keywordError(
                    "'\(function)' got two values for '\(name)'", at: keyword.argument)
            }
            items = Array(positional[nextPositional...])
            nextPositional = positional.count
        } else if let keyword = keywords[name] {
            usedKeywords.insert(name)
            items = [keyword]
        } else {
            return nil
        }
        // A single list argument, `reshape(x, [2, 3])`, is the same as `reshape(x, 2, 3)`.
        if items.count == 1, case .literal(let tensor) = items[0].value {
            guard tensor.rank == 1 else {
                throw error(
                    "'\(name)' of '\(function)' must be a flat list of integers",
                    at: items[0].argument)
            }
            return try tensor.scalars.map { value throws(Diagnostic) in
                try checkedInteger(value, name: name, argument: items[0].argument)
            }
        }
        return try items.map { item throws(Diagnostic) in try integer(item, name: name) }
    }

    /// Dimensions for a constructor (`randn(2, 3)`), checked against the size limit before
    /// anything is allocated.
    func dimensions(tape: Tape) throws(Diagnostic) -> Shape {
        let dims = try integerList("shape") ?? []
        if let negative = dims.first(where: { $0 < 0 }) {
            throw Diagnostic(
                file: file, message: "'\(function)': negative dimension \(negative)",
                range: call.range, point: call.point)
        }
        let shape = Shape(dims)
        do {
            try tape.checkSize(of: shape, op: function)
        } catch {
            throw Diagnostic(
                file: file, message: error.description, range: call.range, point: call.point)
        }
        return shape
    }

    func number(_ name: String) throws(Diagnostic) -> Double {
        try numberValue(require(name), name: name)
    }

    func optionalNumber(_ name: String) throws(Diagnostic) -> Double? {
        guard let argument = try take(name) else { return nil }
        return try numberValue(argument, name: name)
    }

    private func numberValue(_ argument: Evaluated, name: String) throws(Diagnostic) -> Double {
        guard case .number(let value) = argument.value else {
            throw error(
                "'\(name)' of '\(function)' must be a number, not \(argument.value.kindDescription)",
                at: argument.argument)
        }
        return value
    }

    /// `np.arange`, with the length checked against the limit before allocating.
    func arange(_ start: Double, _ stop: Double, _ step: Double, tape: Tape) throws(Diagnostic)
        -> Tensor
    {
        guard step != 0 else {
            throw Diagnostic(
                file: file, message: "'arange': the step must not be zero", range: call.range,
                point: call.point)
        }
        let length = ((stop - start) / step).rounded(.up)
        if length > Double(tape.limits.maxElements) {
            throw Diagnostic(
                file: file,
                message:
                    "arange: \(formatParameter(length)) elements, over the limit of \(tape.limits.maxElements)",
                range: call.range, point: call.point)
        }
        return Tensor.arange(start, stop, step)
    }

    // MARK: Helpers

    private func integer(_ argument: Evaluated, name: String) throws(Diagnostic) -> Int {
        guard case .number(let value) = argument.value else {
            throw error(
                "'\(name)' of '\(function)' must be an integer, not \(argument.value.kindDescription)",
                at: argument.argument)
        }
        return try checkedInteger(value, name: name, argument: argument.argument)
    }

    private func checkedInteger(_ value: Double, name: String, argument: CallArgument)
        throws(Diagnostic) -> Int
    {
        guard value == value.rounded(), abs(value) < 1e15 else {
            throw error(
                "'\(name)' of '\(function)' must be an integer, not \(formatParameter(value))",
                at: argument)
        }
        return Int(value)
    }
}
