import GradCore

/// The evaluated arguments of one call, read by the function's binding parameter by parameter.
/// Each read takes the next positional argument, or else the keyword argument of that name. A
/// mistake is a `ScriptError` naming the argument (by its position in the call as written), which
/// the interpreter turns into a diagnostic at that argument.
final class CallArguments: ScriptArguments {
    /// One argument as written, with its value.
    struct Evaluated {
        let value: Value
        let label: String?
        /// Its position in the call as written, counted from 0.
        let index: Int

        /// A tuple or a flat list: dimensions given as one argument.
        var isList: Bool {
            switch value {
            case .sequence: return true
            case .literal(let tensor): return tensor.rank == 1
            default: return false
            }
        }
    }

    private let function: String
    private let positional: [Evaluated]
    private let keywords: [String: Evaluated]
    private var nextPositional = 0
    private var usedKeywords: Set<String> = []
    private let tape: Tape
    /// Where the leaves read as sizes are noted (`N` in `randn(N, 2)`).
    private let sizes: SizeUses?

    init(function: String, arguments: [Evaluated], tape: Tape, sizes: SizeUses? = nil) {
        self.sizes = sizes
        self.function = function
        self.positional = arguments.filter { $0.label == nil }
        self.keywords =
            positional.count == arguments.count
            ? [:]
            : Dictionary(
                arguments.compactMap { argument in argument.label.map { ($0, argument) } },
                uniquingKeysWith: { first, _ in first })
        self.tape = tape
    }

    /// An error about an argument's value: the caret points at the value.
    private func error(_ message: String, at argument: Evaluated) -> ScriptError {
        ScriptError(message, at: .value(argument: argument.index))
    }

    /// An error about a keyword itself (unknown, or given twice): the caret points at the keyword.
    private func keywordError(_ message: String, at argument: Evaluated) -> ScriptError {
        ScriptError(message, at: .keyword(argument: argument.index))
    }

    private var usage: String {
        Builtins.signature(of: function).map { " (called as \($0))" } ?? ""
    }

    /// The next positional argument or the keyword `name`, or nil when neither was given.
    private func take(_ name: String) throws(ScriptError) -> Evaluated? {
        if nextPositional < positional.count {
            let argument = positional[nextPositional]
            if let keyword = keywords[name] {
                throw keywordError("'\(function)' got two values for '\(name)'", at: keyword)
            }
            nextPositional += 1
            return argument
        }
        guard let keyword = keywords[name] else { return nil }
        usedKeywords.insert(name)
        return keyword
    }

    private func require(_ name: String) throws(ScriptError) -> Evaluated {
        guard let argument = try take(name) else {
            throw ScriptError("'\(function)' is missing its argument '\(name)'\(usage)")
        }
        return argument
    }

    /// Fails on arguments that no parameter read: extra positional ones and unknown keywords.
    func finish() throws(ScriptError) {
        if nextPositional < positional.count {
            throw error(
                "too many arguments to '\(function)'\(usage)", at: positional[nextPositional])
        }
        for keyword in keywords.values.sorted(by: { $0.index < $1.index })
        where !usedKeywords.contains(keyword.label ?? "") {
            throw keywordError(
                "'\(function)' has no argument '\(keyword.label ?? "")'\(usage)", at: keyword)
        }
    }

    // MARK: ScriptArguments

    func tensor(_ name: String) throws(ScriptError) -> Variable {
        let argument = try require(name)
        switch argument.value {
        case .variable(let variable): return variable
        case .number, .literal, .data, .booleans, .sequence, .range: return try constant(argument)
        case .boolean, .none, .string, .parameter, .function, .builtin, .module:
            throw error(
                "'\(name)' of '\(function)' must be a tensor or a number, not \(argument.value.kindDescription)",
                at: argument)
        }
    }

    func tensorOrNumber(_ name: String) throws(ScriptError) -> TensorOrNumber {
        let argument = try require(name)
        switch argument.value {
        case .number(let value): return .number(value)
        case .variable(let variable): return .tensor(variable)
        case .literal, .data, .booleans, .sequence, .range: return .tensor(try constant(argument))
        case .boolean, .none, .string, .parameter, .function, .builtin, .module:
            throw error(
                "'\(name)' of '\(function)' must be a tensor or a number, not \(argument.value.kindDescription)",
                at: argument)
        }
    }

    func int(_ name: String) throws(ScriptError) -> Int {
        try integer(require(name), name: name)
    }

    func optionalInt(_ name: String) throws(ScriptError) -> Int? {
        guard let argument = try take(name) else { return nil }
        if case .none = argument.value { return nil }
        return try integer(argument, name: name)
    }

    func bool(_ name: String, default defaultValue: Bool) throws(ScriptError) -> Bool {
        guard let argument = try take(name) else { return defaultValue }
        guard case .boolean(let value) = argument.value else {
            throw error(
                "'\(name)' of '\(function)' must be true or false, not \(argument.value.kindDescription)",
                at: argument)
        }
        return value
    }

    func number(_ name: String) throws(ScriptError) -> Double {
        try numberValue(require(name), name: name)
    }

    func optionalNumber(_ name: String) throws(ScriptError) -> Double? {
        guard let argument = try take(name) else { return nil }
        if case .none = argument.value { return nil }
        return try numberValue(argument, name: name)
    }

    func tensorList(_ name: String) throws(ScriptError) -> [Variable] {
        let argument = try require(name)
        switch argument.value {
        case .sequence(let items, _, _):
            var tensors: [Variable] = []
            for item in items {
                switch item {
                case .variable(let variable): tensors.append(variable)
                default:
                    guard let tensor = item.constantTensor else {
                        throw error(
                            "'\(name)' of '\(function)' must be a list of tensors, not \(argument.value.kindDescription)",
                            at: argument)
                    }
                    tensors.append(try constant(tensor, for: argument))
                }
            }
            return tensors
        case .literal(let tensor) where tensor.rank > 0:
            // A list of numbers is a list of its rows: concatenate([[1, 2], [3, 4]]).
            let rows = NestedList(tensor)
            guard case .list(let items) = rows else { return [] }
            var tensors: [Variable] = []
            for item in items {
                let row = try? Tensor(nested: item)
                tensors.append(try constant(row ?? tensor, for: argument))
            }
            return tensors
        default:
            throw error(
                "'\(name)' of '\(function)' must be a list of tensors, like [a, b], not \(argument.value.kindDescription)",
                at: argument)
        }
    }

    func value(_ name: String) throws(ScriptError) -> Tensor {
        let argument = try require(name)
        if case .variable(let variable) = argument.value { return variable.value }
        guard let tensor = argument.value.constantTensor else {
            throw error(
                "'\(name)' of '\(function)' must be a tensor or a number, not \(argument.value.kindDescription)",
                at: argument)
        }
        return tensor
    }

    /// All remaining positional arguments, a single list, or the keyword `name` holding a
    /// number or a list.
    func intList(_ name: String) throws(ScriptError) -> [Int]? {
        var items: [Evaluated] = []
        if nextPositional < positional.count {
            if let keyword = keywords[name] {
                throw keywordError("'\(function)' got two values for '\(name)'", at: keyword)
            }
            items = Array(positional[nextPositional...])
            nextPositional = positional.count
        } else if let keyword = keywords[name] {
            usedKeywords.insert(name)
            items = [keyword]
        } else {
            return nil
        }
        // A single list or tuple, `reshape(x, [2, 3])` or `reshape(x, (2, 3))`, is the same as
        // `reshape(x, 2, 3)`.
        if items.count == 1, case .sequence(let elements, _, _) = items[0].value {
            var integers: [Int] = []
            for element in elements {
                sizes?.note(element, on: tape)
                guard let number = element.numberValue else {
                    throw error(
                        "'\(name)' of '\(function)' must be integers, not \(element.kindDescription)",
                        at: items[0])
                }
                integers.append(try checkedInteger(number, name: name, argument: items[0]))
            }
            return integers
        }
        if items.count == 1, case .literal(let tensor) = items[0].value {
            guard tensor.rank == 1 else {
                throw error(
                    "'\(name)' of '\(function)' must be a flat list of integers", at: items[0])
            }
            var integers: [Int] = []
            for value in tensor.scalars {
                integers.append(try checkedInteger(value, name: name, argument: items[0]))
            }
            return integers
        }
        var integers: [Int] = []
        for item in items { integers.append(try integer(item, name: name)) }
        return integers
    }

    func shape(_ name: String) throws(ScriptError) -> Shape {
        let dims: [Int]
        if nextPositional < positional.count, positional[nextPositional].isList {
            // NumPy's form, `zeros((2, 3))`: the tuple alone; what follows is another argument.
            let single = CallArguments(
                function: function, arguments: [positional[nextPositional]], tape: tape,
                sizes: sizes)
            nextPositional += 1
            dims = try single.intList(name) ?? []
        } else {
            dims = try intList(name) ?? []
        }
        if let negative = dims.first(where: { $0 < 0 }) {
            throw ScriptError("'\(function)': negative dimension \(negative)")
        }
        let shape = Shape(dims)
        try checkSize(shape)
        return shape
    }

    func checkSize(_ shape: Shape) throws(ScriptError) {
        do {
            try tape.checkSize(of: shape, op: function)
        } catch {
            throw ScriptError(error)
        }
    }

    // MARK: Helpers

    /// A number, literal or list argument as a constant on the tape (an operation's input).
    private func constant(_ argument: Evaluated) throws(ScriptError) -> Variable {
        if case .variable(let variable) = argument.value { return variable }
        guard let tensor = argument.value.constantTensor else {
            throw error("a list holds numbers and lists of numbers only", at: argument)
        }
        return try constant(tensor, for: argument)
    }

    private func constant(_ tensor: Tensor, for argument: Evaluated) throws(ScriptError) -> Variable
    {
        do {
            return try tape.constant(tensor)
        } catch {
            throw self.error(error.description, at: argument)
        }
    }

    private func numberValue(_ argument: Evaluated, name: String) throws(ScriptError) -> Double {
        guard let value = argument.value.numberValue else {
            throw error(
                "'\(name)' of '\(function)' must be a number, not \(argument.value.kindDescription)",
                at: argument)
        }
        return value
    }

    private func integer(_ argument: Evaluated, name: String) throws(ScriptError) -> Int {
        sizes?.note(argument.value, on: tape)
        guard let value = argument.value.numberValue else {
            throw error(
                "'\(name)' of '\(function)' must be an integer, not \(argument.value.kindDescription)",
                at: argument)
        }
        return try checkedInteger(value, name: name, argument: argument)
    }

    private func checkedInteger(_ value: Double, name: String, argument: Evaluated)
        throws(ScriptError) -> Int
    {
        guard value == value.rounded(), abs(value) < 1e15 else {
            throw error(
                "'\(name)' of '\(function)' must be an integer, not \(formatParameter(value))",
                at: argument)
        }
        return Int(value)
    }
}

/// The leaves a program reads as sizes, counts or axes (`N` in `N = 4; x = randn(N, 2)`, and
/// `N` again in `M = N * 2; randn(M)`): whole numbers, as in Python, so the interpreter runs
/// the program again with them bound as constants (see `Interpreter.run`), and neither `check`
/// perturbs them nor a figure gives them a gradient.
final class SizeUses {
    private(set) var leaves: Set<Int> = []

    /// Notes the leaves `value` is computed from.
    func note(_ value: Value, on tape: Tape) {
        guard case .variable(let variable) = value else { return }
        var pending = [variable.id]
        var seen = Set<Int>()
        while let id = pending.popLast() {
            guard seen.insert(id).inserted else { continue }
            let node = tape.nodes[id]
            if case .leaf = node.kind { leaves.insert(id) }
            pending += node.inputs
        }
    }
}
