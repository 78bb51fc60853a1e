import Foundation
import GradCore

/// The result of running a program: its tape, its names, its title and its backward pass.
public struct Evaluation {
    public struct Binding {
        public let name: String
        /// The last value bound to the name.
        public let variable: Variable
    }

    public struct BackwardPass {
        /// The target (L), and the name it was written as when it was a plain name.
        public let target: Variable
        public let targetName: String?
        /// Whether the file gave an upstream gradient; L is then upstream-weighted, not the target.
        public let hasExplicitUpstream: Bool
        public let gradients: Gradients

        /// What the gradients are of, as figures and reports write it (`∂z/∂x`): the target's
        /// name when the file named it and gave no upstream gradient, otherwise `L`, the loss
        /// Σ upstream · target.
        public var lossName: String {
            hasExplicitUpstream ? "L" : targetName ?? "L"
        }
    }

    public let file: SourceFile
    public let tape: Tape
    /// Every bound name once, in the order names were first bound, with its last binding.
    public let bindings: [Binding]
    public let title: String?
    public let backward: BackwardPass?

    /// ∂L/∂name, or nil without a backward pass or off the path to the target.
    public func gradient(of binding: Binding) -> Tensor? {
        backward?.gradients.total(binding.variable)
    }
}

/// Runs a parsed program on a fresh tape, statement by statement, mapping every runtime error
/// (an unknown name, a shape mismatch, a bad argument) back to the source range that caused it.
public struct Interpreter {
    public struct Options {
        public var limits = Tape.Limits()
        /// Values that replace leaves by tape ID: `check` perturbs one element at a time.
        public var leafOverrides: [Int: Tensor] = [:]
        public init() {}
    }

    private let file: SourceFile
    private let options: Options
    private let tape: Tape
    private var generator = NumPyRandom(seed: 0)
    private var values: [String: Variable] = [:]
    private var order: [String] = []
    private var title: (text: String, line: Int)?
    private var backward: (pass: Evaluation.BackwardPass, line: Int)?

    /// Parses and runs `file`.
    public static func run(_ file: SourceFile, options: Options = Options()) throws(Diagnostic)
        -> Evaluation
    {
        try run(Parser.parse(file), in: file, options: options)
    }

    /// Runs an already parsed program (so that `check` parses once and runs many times).
    public static func run(_ program: Program, in file: SourceFile, options: Options = Options())
        throws(Diagnostic) -> Evaluation
    {
        var interpreter = Interpreter(file: file, options: options)
        for statement in program.statements {
            try interpreter.execute(statement)
        }
        return Evaluation(
            file: file, tape: interpreter.tape,
            bindings: interpreter.order.map {
                Evaluation.Binding(name: $0, variable: interpreter.values[$0]!)
            },
            title: interpreter.title?.text, backward: interpreter.backward?.pass)
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

    private mutating func execute(_ statement: Statement) throws(Diagnostic) {
        switch statement.kind {
        case .assign(let name, let nameRange, let expression):
            let variable = try bind(
                evaluate(expression), to: name, expression: expression, nameRange: nameRange)
            if values[name] == nil { order.append(name) }
            values[name] = variable

        case .seed(let expression):
            guard case .number(let value) = try evaluate(expression), value == value.rounded(),
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
                switch try evaluate(upstreamExpression) {
                case .number(let value): upstream = Tensor(value)
                case .literal(let tensor): upstream = tensor
                case .variable(let variable): upstream = variable.value
                case .boolean, .none:
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
                    gradients: gradients), statement.range.start.line
            )

        case .title(let text):
            if let first = title {
                throw error(
                    "a second 'title' statement; the first is on line \(first.line)",
                    at: statement.keywordRange)
            }
            title = (text, statement.range.start.line)
        }
    }

    /// A bound number or literal becomes a named leaf; a computed tensor takes the name.
    private mutating func bind(
        _ value: Value, to name: String, expression: Expression, nameRange: SourceRange
    ) throws(Diagnostic) -> Variable {
        let tensor: Tensor
        switch value {
        case .number(let number): tensor = Tensor(number)
        case .literal(let literal): tensor = literal
        case .variable(let variable):
            if variable.name == nil { tape.setName(name, of: variable) }
            return variable
        case .boolean, .none:
            throw error(
                "cannot bind \(value.kindDescription) to '\(name)'; names hold numbers and tensors",
                at: expression.range)
        }
        do {
            return try leaf(tensor, name: name)
        } catch {
            throw self.error(error, at: expression)
        }
    }

    private func leaf(_ tensor: Tensor, name: String) throws(TensorError) -> Variable {
        let value = options.leafOverrides[tape.nodes.count] ?? tensor
        return try tape.leaf(value, name: name)
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
            if let variable = values[name] { return .variable(variable) }
            if Builtins.isFunction(name) {
                throw error(
                    "'\(name)' is a function; call it as \(Builtins.signature(of: name) ?? name + "(…)")",
                    at: expression.range)
            }
            throw error("unknown name '\(name)'", at: expression.range)
        case .list(let items):
            return .literal(try literal(items, expression: expression))
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
        case .call(let function, let arguments):
            return try call(function, arguments, expression: expression)
        }
    }

    private func literal(_ items: [Expression], expression: Expression) throws(Diagnostic) -> Tensor
    {
        func nested(_ items: [Expression]) throws(Diagnostic) -> NestedList {
            var elements: [NestedList] = []
            for item in items {
                switch item.kind {
                case .number(let value): elements.append(.number(value))
                case .list(let inner): elements.append(try nested(inner))
                default:
                    throw error("a list holds numbers and lists of numbers only", at: item.range)
                }
            }
            return .list(elements)
        }
        let list = try nested(items)
        do {
            return try Tensor(nested: list)
        } catch {
            throw self.error(error.description, at: expression.range)
        }
    }

    private func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, expression: Expression)
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
        do {
            // A number exponent is a parameter of pow (drawn as x², **0.5), not an input.
            if op == .power, case .number(let exponent) = right {
                return .variable(try variable(left).pow(exponent))
            }
            let (x, y) = (try variable(left), try variable(right))
            switch op {
            case .add: return .variable(try x + y)
            case .subtract: return .variable(try x - y)
            case .multiply: return .variable(try x * y)
            case .divide: return .variable(try x / y)
            case .matmul: return .variable(try x.matmul(y))
            case .power: return .variable(try x.pow(y))
            }
        } catch {
            throw self.error(error.renamingOp(to: op.rawValue), at: expression)
        }
    }

    /// A value as a tensor on the tape: numbers and literals become constants.
    private func variable(_ value: Value) throws(TensorError) -> Variable {
        switch value {
        case .variable(let variable): return variable
        case .number(let number): return try tape.constant(Tensor(number))
        case .literal(let tensor): return try tape.constant(tensor)
        case .boolean, .none: preconditionFailure("checked by the caller")
        }
    }

    private mutating func call(
        _ name: String, _ arguments: [CallArgument], expression: Expression
    ) throws(Diagnostic) -> Value {
        guard let function = OpRegistry.function(named: name) else {
            if values[name] != nil {
                throw error(
                    "'\(name)' is a tensor, not a function", at: expression.range,
                    point: expression.point)
            }
            let hint = Builtins.suggestion(for: name).map { "; did you mean '\($0)'?" } ?? ""
            throw error(
                "unknown function '\(name)'\(hint)",
                at: SourceRange(
                    expression.point,
                    SourceLocation(
                        line: expression.point.line,
                        column: expression.point.column + name.unicodeScalars.count)))
        }
        // Arguments are evaluated left to right, so random draws happen in the order NumPy makes them.
        var evaluated: [CallArguments.Evaluated] = []
        for (index, argument) in arguments.enumerated() {
            evaluated.append(
                CallArguments.Evaluated(
                    value: try evaluate(argument.value), label: argument.label, index: index))
        }
        let args = CallArguments(function: name, arguments: evaluated, tape: tape)
        do throws(ScriptError) {
            switch function.body {
            case .constructor(let make):
                let tensor = try make(args, &generator)
                try args.finish()
                return .literal(tensor)
            case .operation(let bind):
                let call = try bind(args)
                try args.finish()
                do {
                    return .variable(try tape.record(call.operation, call.inputs))
                } catch {
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
}
