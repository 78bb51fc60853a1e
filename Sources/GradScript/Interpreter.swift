import Foundation
import GradCore

/// Runs a parsed program on a fresh tape, statement by statement, mapping every runtime error
/// (an unknown name, a shape mismatch, a bad argument) back to the source range that caused it.
public struct Interpreter {
    public struct Options {
        public var limits = Tape.Limits()
        /// Values that replace leaves by tape ID: `check` perturbs one element at a time.
        public var leafOverrides: [Int: Tensor] = [:]
        /// Leaves (by tape ID) bound as constants instead: the numbers a program uses as sizes.
        var sizeLeaves: Set<Int> = []
        public init() {}
    }

    private let file: SourceFile
    private let options: Options
    private let tape: Tape
    private var generator = NumPyRandom(seed: 0)
    private var values: [String: Variable] = [:]
    private var order: [String] = []
    /// Every binding in the order it was made, rebindings included.
    private var history: [Evaluation.Binding] = []
    private var title: (text: String, line: Int)?
    private var precision: (digits: Int, line: Int)?
    /// The operation that refused its inputs, with their tape IDs, for `render --draw-errors`.
    private var failedOperation: (symbol: String, inputs: [Int])?
    private var backward: (pass: Evaluation.BackwardPass, line: Int)?
    private var statements: [Evaluation.Statement] = []
    /// The leaves read as sizes so far.
    private let sizes = SizeUses()

    /// Parses and runs `file`.
    public static func run(_ file: SourceFile, options: Options = Options()) throws(Diagnostic)
        -> Evaluation
    {
        try run(Parser.parse(file), in: file, options: options)
    }

    /// Runs an already parsed program (so that `check` parses once and runs many times).
    ///
    /// A number bound to a name and then used as a size (`N = 4; x = randn(N, 2)`) is a whole
    /// number, not a leaf: the program runs once to find such leaves and, when there are any,
    /// again with them bound as named constants.
    public static func run(_ program: Program, in file: SourceFile, options: Options = Options())
        throws(Diagnostic) -> Evaluation
    {
        var interpreter = Interpreter(file: file, options: options)
        for statement in program.statements {
            try interpreter.execute(statement)
        }
        let sizeLeaves = interpreter.sizes.leaves.subtracting(options.sizeLeaves)
        if !sizeLeaves.isEmpty {
            var again = options
            again.sizeLeaves.formUnion(sizeLeaves)
            return try run(program, in: file, options: again)
        }
        return interpreter.evaluation()
    }

    /// What the program computed, once every statement has run.
    private func evaluation() -> Evaluation {
        Evaluation(
            file: file, tape: tape,
            bindings: order.map { Evaluation.Binding(name: $0, variable: values[$0]!) },
            history: history, title: title?.text, precision: precision?.digits,
            backward: backward?.pass, statements: statements)
    }

    /// Runs `file` and, when a statement fails at run time, keeps what ran before it: the tape
    /// and the operation that failed. A parse error stops before anything runs.
    public static func runUntilFailure(_ file: SourceFile, options: Options = Options())
        -> RunOutcome
    {
        let program: Program
        do {
            program = try Parser.parse(file)
        } catch {
            return .failed(error, nil)
        }
        var interpreter = Interpreter(file: file, options: options)
        for statement in program.statements {
            do {
                try interpreter.execute(statement)
            } catch {
                let stopped = StoppedRun(
                    tape: interpreter.tape, title: interpreter.title?.text,
                    precision: interpreter.precision?.digits, operation: interpreter.failedOperation
                )
                return .failed(error, stopped)
            }
        }
        return .finished(interpreter.evaluation())
    }

    private init(file: SourceFile, options: Options) {
        self.file = file
        self.options = options
        self.tape = Tape(limits: options.limits)
    }

    private func error(_ message: String, at range: SourceRange, point: SourceLocation? = nil)
        -> Diagnostic
    {
        Diagnostic(file: file, message: message, range: range, point: point)
    }

    private func error(_ error: TensorError, at expression: Expression) -> Diagnostic {
        self.error(error.description, at: expression.range, point: expression.point)
    }

    // MARK: Statements

    /// Runs a statement, and records it when it made tape nodes.
    private mutating func execute(_ statement: Statement) throws(Diagnostic) {
        let before = tape.nodes.count
        try run(statement)
        guard tape.nodes.count > before else { return }
        var names: [String] = []
        switch statement.kind {
        case .assign(let name, _, _): names = [name]
        case .assignMany(let targets, _): names = targets.map(\.name)
        default: break
        }
        let text = file.text(of: statement.range).split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
        statements.append(
            Evaluation.Statement(
                text: text, names: names, line: statement.range.start.line,
                nodes: before..<tape.nodes.count))
    }

    private mutating func run(_ statement: Statement) throws(Diagnostic) {
        switch statement.kind {
        case .assign(let name, _, let expression):
            assign(try bind(evaluate(expression), to: name, expression: expression), to: name)

        case .assignMany(let targets, let expressions):
            // Every value first, as Python does (`a, b = b, a` swaps).
            var computed: [Value] = []
            for expression in expressions { computed.append(try evaluate(expression)) }
            for (target, (value, expression)) in zip(targets, zip(computed, expressions)) {
                assign(try bind(value, to: target.name, expression: expression), to: target.name)
            }

        case .seed(let expression):
            guard let value = try evaluate(expression).numberValue, value == value.rounded(),
                value >= 0, value < 4_294_967_296
            else {
                throw error("'seed' needs an integer from 0 to 4294967295", at: expression.range)
            }
            generator.seed(UInt32(value))

        case .backward(let targetExpression, let upstreamExpression):
            if let first = backward {
                throw error(
                    "a second 'backward' statement; the first is on line \(first.line)",
                    at: statement.keywordRange)
            }
            guard case .variable(let target) = try evaluate(targetExpression) else {
                throw error(
                    "'backward' needs a tensor computed from the file's names, not a constant",
                    at: targetExpression.range)
            }
            var upstream: Tensor?
            if let upstreamExpression {
                let value = try evaluate(upstreamExpression)
                switch value {
                case .variable(let variable): upstream = variable.value
                default: upstream = value.constantTensor
                }
                guard upstream != nil else {
                    throw error(
                        "the upstream gradient must be a tensor or a number",
                        at: upstreamExpression.range)
                }
            }
            let gradients: Gradients
            do {
                gradients = try tape.backward(target, upstream: upstream)
            } catch {
                throw self.error(error, at: upstreamExpression ?? targetExpression)
            }
            var targetName: String?
            if case .name(let name) = targetExpression.kind { targetName = name }
            backward = (
                Evaluation.BackwardPass(
                    target: target, targetName: targetName, hasExplicitUpstream: upstream != nil,
                    gradients: gradients, targetText: file.text(of: targetExpression.range),
                    upstreamText: upstreamExpression.map { file.text(of: $0.range) }),
                statement.range.start.line
            )

        case .title(let text):
            if let first = title {
                throw error(
                    "a second 'title' statement; the first is on line \(first.line)",
                    at: statement.keywordRange)
            }
            title = (text, statement.range.start.line)

        case .precision(let digits):
            if let first = precision {
                throw error(
                    "a second 'precision' statement; the first is on line \(first.line)",
                    at: statement.keywordRange)
            }
            precision = (digits, statement.range.start.line)
        }
    }

    private mutating func assign(_ variable: Variable, to name: String) {
        if values[name] == nil { order.append(name) }
        values[name] = variable
        history.append(Evaluation.Binding(name: name, variable: variable))
    }

    /// A bound number or literal becomes a named leaf (so does an expression of numbers and
    /// literals alone, computed at once); a computed tensor or a constant takes the name.
    private mutating func bind(_ value: Value, to name: String, expression: Expression)
        throws(Diagnostic) -> Variable
    {
        switch value {
        case .variable(let variable):
            if variable.name == nil { tape.setName(name, of: variable) }
            return variable
        case .boolean, .none:
            throw error(
                "cannot bind \(value.kindDescription) to '\(name)'; names hold numbers and tensors",
                at: expression.range)
        case .number, .literal, .sequence:
            let tensor = try tensor(of: value, expression: expression)
            do {
                if options.sizeLeaves.contains(tape.nodes.count) {
                    let constant = try tape.constant(tensor)
                    tape.setName(name, of: constant)
                    return constant
                }
                return try tape.leaf(options.leafOverrides[tape.nodes.count] ?? tensor, name: name)
            } catch {
                throw self.error(error, at: expression)
            }
        }
    }

    /// The tensor of a value that is not on the tape, or the error at the first list item that
    /// is not a number.
    private func tensor(of value: Value, expression: Expression) throws(Diagnostic) -> Tensor {
        if let tensor = value.constantTensor { return tensor }
        if case .sequence(let items, let ranges) = value {
            for (item, range) in zip(items, ranges) where item.constantTensor == nil {
                if case .sequence = item { return try tensor(of: item, expression: expression) }
                throw error("a list holds numbers and lists of numbers only", at: range)
            }
        }
        throw error(
            "expected a number or a tensor, not \(value.kindDescription)", at: expression.range)
    }

    // MARK: Expressions

    private mutating func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        switch expression.kind {
        case .number(let value):
            return .number(value)
        case .boolean(let value):
            return .boolean(value)
        case .none:
            return .none
        case .name(let name):
            return try lookUp(name, at: expression)
        case .list(let items):
            return try list(items, expression: expression)
        case .tuple(let items):
            var evaluated: [Value] = []
            for item in items { evaluated.append(try evaluate(item)) }
            return .sequence(evaluated, ranges: items.map(\.range))
        case .negate(let operand):
            switch try evaluate(operand) {
            case .number(let value): return .number(-value)
            case .literal(let tensor): return .literal(tensor.map { -$0 })
            case .variable(let variable):
                do { return .variable(try -variable) } catch {
                    throw self.error(error, at: expression)
                }
            case let other:
                throw error(
                    "'-' cannot be applied to \(other.kindDescription)", at: expression.range)
            }
        case .binary(let op, let left, let right):
            return try binary(op, evaluate(left), evaluate(right), expression: expression)
        case .call(let name, let arguments):
            return try call(name, arguments, expression: expression)
        case .method(let receiver, let name, let arguments):
            return try method(name, of: receiver, arguments, expression: expression)
        case .attribute(let base, let name):
            return try attribute(name, of: base, expression: expression)
        case .subscripted(let base, let items):
            return try subscripted(base, items, expression: expression)
        }
    }

    private func lookUp(_ name: String, at expression: Expression) throws(Diagnostic) -> Value {
        if let variable = values[name] { return .variable(variable) }
        if Builtins.isFunction(name) {
            throw error(
                "'\(name)' is a function; call it as \(Builtins.signature(of: name) ?? name + "(…)")",
                at: expression.range)
        }
        let hint =
            closestName(to: name, among: Array(values.keys) + Parser.keywords)
            .map { "; did you mean '\($0)'?" } ?? ""
        throw error("unknown name '\(name)'\(hint)", at: expression.range)
    }

    /// A list of numbers (and lists of numbers) is a literal tensor, rectangular as NumPy
    /// requires; a list holding tensors is a sequence (`concatenate([a, b])`).
    private mutating func list(_ items: [Expression], expression: Expression) throws(Diagnostic)
        -> Value
    {
        var evaluated: [Value] = []
        for item in items { evaluated.append(try evaluate(item)) }
        let numeric = evaluated.allSatisfy { value in
            switch value {
            case .number, .literal: return true
            default: return false
            }
        }
        guard numeric else { return .sequence(evaluated, ranges: items.map(\.range)) }
        do {
            return .literal(
                try Tensor(nested: .list(evaluated.map { NestedList($0.constantTensor!) })))
        } catch {
            throw self.error(error.description, at: expression.range)
        }
    }

    private mutating func binary(
        _ op: BinaryOperator, _ left: Value, _ right: Value, expression: Expression
    )
        throws(Diagnostic) -> Value
    {
        for value in [left, right] {
            switch value {
            case .boolean, .none:
                throw error(
                    "'\(op.rawValue)' cannot be applied to \(value.kindDescription)",
                    at: expression.range, point: expression.point)
            default: break
            }
        }
        // Plain numbers stay plain arithmetic, as in Python.
        if case .number(let a) = left, case .number(let b) = right {
            switch op {
            case .add: return .number(a + b)
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            case .divide: return .number(a / b)
            case .power: return .number(pow(a, b))
            case .matmul:
                throw error(
                    "'@' needs tensors, not numbers", at: expression.range, point: expression.point)
            }
        }
        // Numbers and literals alone are computed at once, on a scratch tape.
        let computed = left.isComputed || right.isComputed
        let target = computed ? tape : Tape(limits: tape.limits)
        let x = try variable(left, on: target, expression: expression)
        // A number exponent is a parameter of pow (drawn as x², **0.5), not an input.
        var exponent: Double?
        if op == .power, case .number(let value) = right { exponent = value }
        let y = exponent == nil ? try variable(right, on: target, expression: expression) : x
        do throws(TensorError) {
            if let exponent { return result(try x.pow(exponent), computed: computed) }
            switch op {
            case .add: return result(try x + y, computed: computed)
            case .subtract: return result(try x - y, computed: computed)
            case .multiply: return result(try x * y, computed: computed)
            case .divide: return result(try x / y, computed: computed)
            case .matmul: return result(try x.matmul(y), computed: computed)
            case .power: return result(try x.pow(y), computed: computed)
            }
        } catch {
            if computed { failedOperation = (op.symbol, exponent == nil ? [x.id, y.id] : [x.id]) }
            throw self.error(error.renamingOp(to: op.rawValue), at: expression)
        }
    }

    /// A result on the tape, or, computed from numbers and literals alone, its value.
    private func result(_ variable: Variable, computed: Bool) -> Value {
        computed ? .variable(variable) : .literal(variable.value)
    }

    /// A value as a tensor on `tape`: numbers and literals become constants.
    private func variable(_ value: Value, on tape: Tape, expression: Expression) throws(Diagnostic)
        -> Variable
    {
        if case .variable(let variable) = value { return variable }
        let tensor = try tensor(of: value, expression: expression)
        do {
            return try tape.constant(tensor)
        } catch {
            throw self.error(error, at: expression)
        }
    }

    // MARK: Calls

    /// `f(…)` and `np.f(…)`.
    private mutating func call(_ name: String, _ arguments: [CallArgument], expression: Expression)
        throws(Diagnostic) -> Value
    {
        guard let function = OpRegistry.function(named: name) else {
            let nameRange = SourceRange(
                expression.point,
                SourceLocation(
                    line: expression.point.line,
                    column: expression.point.column + name.unicodeScalars.count))
            if values[name] != nil {
                throw error(
                    "'\(name)' is a tensor, not a function", at: expression.range,
                    point: expression.point)
            }
            let bare = OpRegistry.numpyName(name)
            let prefix = bare == nil ? "" : String(name.dropLast(bare!.count))
            if let suggestion = closestName(to: bare ?? name, among: OpRegistry.allNames) {
                throw error(
                    "unknown function '\(name)'; did you mean '\(prefix)\(suggestion)'?",
                    at: nameRange)
            }
            let message =
                bare == nil
                ? "unknown function '\(name)'; 'graphviz-grad ops' lists what exists"
                : "'\(name)' is not available in graphviz-grad; 'graphviz-grad ops' lists what exists"
            throw error(message, at: nameRange)
        }
        return try invoke(function, called: name, arguments, expression: expression)
    }

    /// `x.f(…)`: the function f with x as its first argument.
    private mutating func method(
        _ name: String, of receiver: Expression, _ arguments: [CallArgument], expression: Expression
    ) throws(Diagnostic) -> Value {
        let nameRange = SourceRange(
            expression.point,
            SourceLocation(
                line: expression.point.line,
                column: expression.point.column + name.unicodeScalars.count))
        guard let function = OpRegistry.method(named: name) else {
            if name == "backward" {
                throw error(
                    "'.backward()' is a statement: write it on a line of its own",
                    at: expression.range,
                    point: expression.point)
            }
            if OpRegistry.function(named: name) != nil {
                throw error(
                    "'\(name)' is not a method; call it as \(Builtins.signature(of: name) ?? name + "(x)")",
                    at: nameRange)
            }
            let methods = OpRegistry.functions.filter(\.isMethod).map(\.name)
            let hint =
                closestName(to: name, among: methods).map { "; did you mean '.\($0)()'?" } ?? ""
            throw error("unknown method '.\(name)()'\(hint)", at: nameRange)
        }
        let withReceiver =
            [CallArgument(label: nil, value: receiver, range: receiver.range)] + arguments
        return try invoke(function, called: name, withReceiver, expression: expression)
    }

    /// `x.T` (the transpose); anything else is refused with a hint.
    private mutating func attribute(_ name: String, of base: Expression, expression: Expression)
        throws(Diagnostic) -> Value
    {
        switch name {
        case "T":
            let transpose = OpRegistry.function(named: "transpose")!
            return try invoke(
                transpose, called: "transpose",
                [CallArgument(label: nil, value: base, range: base.range)], expression: expression)
        case "grad":
            throw error(
                "'.grad' is not an attribute here: 'graphviz-grad eval' prints every gradient and 'render' draws them",
                at: expression.range, point: expression.point)
        default:
            let hint = OpRegistry.method(named: name) != nil ? "; call it: '.\(name)()'" : ""
            throw error(
                "unknown attribute '.\(name)'\(hint); the only attribute is '.T'",
                at: expression.range,
                point: expression.point)
        }
    }

    /// Runs a registry function on evaluated arguments. An operation whose arguments are all
    /// numbers and literals is computed at once into a literal, on a scratch tape.
    private mutating func invoke(
        _ function: ScriptFunction, called name: String, _ arguments: [CallArgument],
        expression: Expression
    ) throws(Diagnostic) -> Value {
        // Arguments are evaluated left to right, so random draws happen in the order NumPy makes them.
        var evaluated: [CallArguments.Evaluated] = []
        for (index, argument) in arguments.enumerated() {
            evaluated.append(
                CallArguments.Evaluated(
                    value: try evaluate(argument.value), label: argument.label, index: index))
        }
        let computed = evaluated.contains { $0.value.isComputed }
        let target = computed || !function.isOperation ? tape : Tape(limits: tape.limits)
        let args = CallArguments(function: name, arguments: evaluated, tape: target, sizes: sizes)
        do throws(ScriptError) {
            switch function.body {
            case .constructor(let make):
                let tensor = try make(args, &generator)
                try args.finish()
                return .literal(tensor)
            case .constant(let make):
                let tensor = try make(args)
                try args.finish()
                do {
                    return .variable(try tape.constant(tensor))
                } catch {
                    throw ScriptError(error)
                }
            case .operation(let bind):
                let call = try bind(args)
                try args.finish()
                do {
                    return result(
                        try target.record(call.operation, call.inputs), computed: computed)
                } catch {
                    if computed { failedOperation = (call.operation.symbol, call.inputs.map(\.id)) }
                    throw ScriptError(error)
                }
            }
        } catch {
            throw diagnostic(error, call: expression, arguments: arguments)
        }
    }

    /// A call's failure at the place it names: the whole call, an argument's value, or its keyword.
    private func diagnostic(_ error: ScriptError, call: Expression, arguments: [CallArgument])
        -> Diagnostic
    {
        switch error.culprit {
        case .call:
            return self.error(error.message, at: call.range, point: call.point)
        case .value(let index):
            return self.error(
                error.message, at: arguments[index].range, point: arguments[index].value.point)
        case .keyword(let index):
            return self.error(error.message, at: arguments[index].range)
        }
    }

    // MARK: Indexing

    /// `x[i]`, `x[i, j]`, `x[a:b:s]`, `x[[i, j, …]]`.
    private mutating func subscripted(
        _ base: Expression, _ items: [SubscriptItem], expression: Expression
    ) throws(Diagnostic) -> Value {
        let value = try evaluate(base)
        var indexItems: [IndexItem] = []
        for item in items { indexItems.append(try indexItem(item)) }
        let computed = value.isComputed
        let target = computed ? tape : Tape(limits: tape.limits)
        let x = try variable(value, on: target, expression: base)
        do throws(TensorError) {
            return result(try x.indexed(indexItems), computed: computed)
        } catch {
            if computed { failedOperation = ("(·)[…]", [x.id]) }
            if case .invalidIndex(let message, let position) = error {
                throw self.error(message, at: items[position].range)
            }
            throw self.error(error, at: expression)
        }
    }

    private mutating func indexItem(_ item: SubscriptItem) throws(Diagnostic) -> IndexItem {
        switch item.kind {
        case .expression(let expression):
            let value = try evaluate(expression)
            if let number = value.numberValue {
                return .at(try integer(number, at: expression))
            }
            if let tensor = value.constantTensor, tensor.rank == 1, !value.isComputed {
                var positions: [Int] = []
                for number in tensor.scalars {
                    positions.append(try integer(number, at: expression))
                }
                return .list(positions)
            }
            throw error(
                "an index is an integer, a slice 'a:b:s' or a list of integers, not \(value.kindDescription)",
                at: expression.range)
        case .slice(let start, let stop, let step):
            var bounds: [Int?] = []
            for part in [start, stop, step] {
                guard let part else {
                    bounds.append(nil)
                    continue
                }
                let value = try evaluate(part)
                if case .none = value {
                    bounds.append(nil)
                    continue
                }
                guard let number = value.numberValue else {
                    throw error(
                        "a slice's bounds are integers, not \(value.kindDescription)",
                        at: part.range)
                }
                bounds.append(try integer(number, at: part))
            }
            return .slice(start: bounds[0], stop: bounds[1], step: bounds[2])
        }
    }

    private func integer(_ number: Double, at expression: Expression) throws(Diagnostic) -> Int {
        guard number == number.rounded(), abs(number) < 1e15 else {
            throw error(
                "an index must be an integer, not \(formatParameter(number))", at: expression.range)
        }
        return Int(number)
    }
}

/// How far a program got: to the end, or to a statement that failed.
public enum RunOutcome {
    case finished(Evaluation)
    /// The error, and what ran before it (nil for a parse error, when nothing ran).
    case failed(Diagnostic, StoppedRun?)
}

/// A program stopped by a run-time error: its tape so far and the operation that failed.
public struct StoppedRun {
    public let tape: Tape
    public let title: String?
    /// The file's `precision` statement, if it ran.
    public let precision: Int?
    /// The failed operation's symbol and its inputs' tape IDs; nil when the error was not an
    /// operation's (an unknown name, a bad argument).
    public let operation: (symbol: String, inputs: [Int])?
}
