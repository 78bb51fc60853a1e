import Foundation
import GradCore

/// Runs a parsed program, statement by statement, mapping every runtime error (an unknown name,
/// a shape mismatch, a bad argument) back to the source range that caused it.
///
/// A program is a list of passes: each `backward` ends one, and what is recorded after it
/// starts the next on a tape of its own. Parameters (the leaves the file binds) live across
/// passes: updates change their values between passes, and their gradients add up until the
/// file clears them. Only the pass a figure draws keeps its tape; the others leave their
/// summaries (the loss of each pass) and their effect on the parameters.
public final class Interpreter {
    public struct Options {
        public var limits = Tape.Limits()
        /// The limits of a whole run, over all its passes.
        public var runLimits = RunLimits()
        /// The pass to keep (counting from 1); nil keeps the last.
        public var pass: Int?
        /// Leaves (by tape ID) bound as constants instead: the numbers a program uses as sizes.
        var sizeLeaves: Set<Int> = []
        /// Passes kept besides the drawn one, each with its tape, for a deck of the run
        /// (`Interpreter.runKeeping`).
        public var alsoKept: Set<Int> = []
        /// Keep passes spread over the whole run, however long, about this many (between it
        /// and twice it): every pass at first, then every second, every fourth… (passes
        /// 1, 1 + s, 1 + 2s, …), and always the last. For a deck of a run whose length is not
        /// known before it ends.
        public var keptSpread: Int?
        /// Scalars bound at the file's level to note for each pass (`plot --series acc`):
        /// each pass keeps the last value bound while it was the pass under way.
        public var series: [String] = []
        /// Elements of names to note when each pass's backward runs (`plot --path W[0, 0] b`):
        /// where an optimiser's path is at each pass.
        public var tracked: [TrackedElement] = []
        public init() {}
    }

    /// One element of a name: `W[0, 0]` is `W` at `[0, 0]`; a scalar has no index.
    public struct TrackedElement: Sendable, Equatable {
        public let name: String
        public let index: [Int]

        public init(name: String, index: [Int]) {
            self.name = name
            self.index = index
        }
    }

    /// Bounds on a whole run: a training loop runs its passes one after another, and each pass
    /// has the tape's own limits besides.
    public struct RunLimits: Sendable {
        /// Iterations of every `for` loop together.
        public var maxIterations = 10_000_000
        /// Tape nodes recorded over all passes.
        public var maxOperations = 2_000_000
        /// Multiply-adds over all passes (the tape's unit, `Tape.Limits.maxWork`).
        public var maxWork = 60_000_000_000
        /// Elements of every tensor recorded over all passes.
        public var maxElements = 2_000_000_000
        /// Calls of the file's functions nested in one another.
        public var maxCallDepth = 100
        /// Characters the program may print.
        public var maxOutput = 16_000_000
        public init() {}
    }

    let file: SourceFile
    let options: Options
    /// The tape of the current pass, and a scratch tape for what records nothing.
    var tape: Tape
    let scratch: Tape
    var generator = NumPyRandom(seed: 0)
    var globals: [String: Value] = [:]
    /// The frames of the calls under way, innermost last.
    var frames: [Frame] = []
    /// Every binding of the current pass at the file's level, in order.
    var history: [Evaluation.Binding] = []
    var title: (text: String, line: Int)?
    var precision: (digits: Int, line: Int)?
    /// The operation that refused its inputs, with their tape IDs, for `render --draw-errors`.
    var failedOperation: (symbol: String, inputs: [Int])?
    /// The current pass's backward, once it ran (in a file of one pass, the file's).
    var backward: (pass: Evaluation.BackwardPass, line: Int)?
    var statements: [PendingStatement] = []
    var calls: [Evaluation.Call] = []
    /// The leaves read as sizes on the current tape.
    var sizes = SizeUses()

    // Passes
    /// Whether the file has one pass at most (no `backward` in a loop or function, one at the
    /// top level at most): its tape then runs on after the backward, as it always did.
    let isSinglePass: Bool
    /// Whether the file has a `backward` anywhere (else nothing recorded needs protecting).
    let hasBackward: Bool
    /// Whether every `backward` of a training file is in a loop or a function: then what the
    /// file computes before its loops is its data (step 42's `y = 5 + 2 * x + noise`), not
    /// part of pass 1, and each loop at its level starts the first pass afresh until one ends.
    let trainsInLoops: Bool
    /// How many `for` loops the statement running is inside.
    var loopDepth = 0
    /// The pass being recorded, counting from 1, and whether its backward has run.
    var passNumber = 1
    var passEnded = false
    var completedPasses = 0
    var passParameters: [Parameter] = []
    /// Tensors of earlier passes read in this one, as this pass's constants (by tape and ID).
    var earlierConstants: [EarlierNode: Variable] = [:]
    var kept: Evaluation.PassRecord?
    /// The passes of `Options.alsoKept`, and the updates after each.
    var alsoKept: [Int: Evaluation.PassRecord] = [:]
    var alsoKeptUpdates: [Int: [PendingUpdate]] = [:]
    /// With `Options.keptSpread`: the stride between kept passes.
    var keptStride = 1
    var summaries: [Evaluation.PassSummary] = []
    /// The updates after the latest pass that had any, and those after `Options.pass`.
    var updateLog: (pass: Int, updates: [PendingUpdate]) = (0, [])
    var keptUpdates: [PendingUpdate] = []
    /// The scalars of `Options.series` by the pass they were bound in.
    var seriesByPass: [Int: [String: Double]] = [:]
    /// What the latest backward's gradients are of (`L`, `loss`), for its updates' formulas.
    var lastLossName = "L"
    /// Above zero inside an update: `with no_grad()`, a statement that reads `.grad` or writes
    /// `.data`. Nothing is recorded.
    var updating = 0
    /// What the program printed.
    var output = ""
    var warnings: [Diagnostic] = []
    var iterations = 0
    var operationsInAll = 0
    var workInAll = 0
    var elementsInAll = 0
    /// The file imported DeZero: its variables print as DeZero prints them.
    var usesDeZero = false
    /// What `F.linear`, `dezero.Variable` … stand for, found once each.
    var moduleMembers: [String: [String: Value]] = [:]
    /// Set when a file without any `backward` has recorded half a pass's worth of operations
    /// (a training loop with its gradients written by hand): the rest of the run computes
    /// values only, as there is nothing to differentiate.
    var recordsNothing = false

    /// Lists a pass appended its tensors to (`losses.append(loss)`): when the pass ends they
    /// hold the values, so that no list keeps every pass's tape.
    var listsHoldingTensors: Set<String> = []

    struct Frame {
        var locals: [String: Value]
        let function: FunctionValue
    }

    struct EarlierNode: Hashable {
        let tape: ObjectIdentifier
        let id: Int
    }

    /// A statement that recorded something, before its text is needed.
    struct PendingStatement {
        let range: SourceRange
        let names: [String]
        let nodes: Range<Int>
    }

    /// What a statement does to the flow of its block.
    enum Flow {
        case normal
        case breakLoop
        case continueLoop
        case returned(Value)
    }

    /// Parses and runs `file`.
    public static func run(_ file: SourceFile, options: Options = Options()) throws(Diagnostic)
        -> Evaluation
    {
        try run(Parser.parse(file), in: file, options: options)
    }

    /// Runs an already parsed program.
    ///
    /// A number bound to a name and then used as a size (`N = 4; x = randn(N, 2)`) is a whole
    /// number, not a leaf: a file of one pass runs once to find such leaves and, when there are
    /// any, again with them bound as named constants. (A training file marks them as it goes.)
    public static func run(_ program: Program, in file: SourceFile, options: Options = Options())
        throws(Diagnostic) -> Evaluation
    {
        let interpreter = Interpreter(file: file, program: program, options: options)
        try interpreter.runAll(program)
        if interpreter.isSinglePass {
            let sizeLeaves = interpreter.sizes.leaves.subtracting(options.sizeLeaves)
            if !sizeLeaves.isEmpty {
                var again = options
                again.sizeLeaves.formUnion(sizeLeaves)
                return try run(program, in: file, options: again)
            }
        }
        return try interpreter.evaluation()
    }

    /// A run that kept some of its passes: the drawn pass's evaluation, and each kept pass's
    /// made when asked (an evaluation works out its pass's gradients in full).
    public final class KeptRun {
        public let drawn: Evaluation
        /// The kept passes' numbers, in order (the drawn one among them).
        public let passes: [Int]
        private let interpreter: Interpreter?

        init(drawn: Evaluation, passes: [Int], interpreter: Interpreter?) {
            self.drawn = drawn
            self.passes = passes
            self.interpreter = interpreter
        }

        /// The evaluation of kept pass `number`; nil for a pass not kept.
        public func evaluation(of number: Int) -> Evaluation? {
            if number == drawn.run.passNumber { return drawn }
            return interpreter?.keptEvaluation(of: number)
        }
    }

    /// Runs `file` keeping the passes `passes` (numbers from 1; those past the run's end are
    /// left out), or with `Options.keptSpread` passes spread over the run.
    public static func runKeeping(
        _ file: SourceFile, passes: Set<Int>, options: Options = Options()
    ) throws(Diagnostic) -> KeptRun {
        var options = options
        options.alsoKept = passes
        let program = try Parser.parse(file)
        let interpreter = Interpreter(file: file, program: program, options: options)
        try interpreter.runAll(program)
        if interpreter.isSinglePass, !interpreter.sizes.leaves.isEmpty {
            // Numbers used as sizes: run as `run` does, keeping its one pass.
            let drawn = try run(program, in: file, options: options)
            return KeptRun(drawn: drawn, passes: [drawn.run.passNumber], interpreter: nil)
        }
        let drawn = try interpreter.evaluation()
        let kept = Set(interpreter.keptPassNumbers).union([drawn.run.passNumber])
        return KeptRun(drawn: drawn, passes: kept.sorted(), interpreter: interpreter)
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
        let interpreter = Interpreter(file: file, program: program, options: options)
        do {
            try interpreter.runAll(program)
            return .finished(try interpreter.evaluation())
        } catch {
            let stopped = StoppedRun(
                tape: interpreter.tape, title: interpreter.title?.text,
                precision: interpreter.precision?.digits, operation: interpreter.failedOperation)
            return .failed(error, stopped)
        }
    }

    init(file: SourceFile, program: Program, options: Options) {
        self.file = file
        self.options = options
        self.tape = Tape(limits: options.limits)
        self.scratch = Tape(limits: options.limits)
        self.isSinglePass = Self.hasOnePassAtMost(program.statements)
        self.hasBackward = Self.containsBackward(program.statements)
        self.trainsInLoops =
            !isSinglePass
            && !program.statements.contains { if case .backward = $0.kind { true } else { false } }
    }

    private func runAll(_ program: Program) throws(Diagnostic) {
        let flow = try execute(block: program.statements)
        precondition(
            { if case .normal = flow { return true } else { return false } }(),
            "the parser keeps return, break and continue inside functions and loops")
        finishRun()
    }

    /// No `backward` inside a block, and one at the file's level at most.
    static func hasOnePassAtMost(_ statements: [Statement]) -> Bool {
        var topLevel = 0
        for statement in statements {
            switch statement.kind {
            case .backward: topLevel += 1
            case .function(let definition) where containsBackward(definition.body): return false
            case .forLoop(_, _, let body) where containsBackward(body): return false
            case .noGrad(let body) where containsBackward(body): return false
            case .conditional(let branches, let otherwise):
                if branches.contains(where: { containsBackward($0.body) })
                    || containsBackward(otherwise ?? [])
                {
                    return false
                }
            default: break
            }
        }
        return topLevel <= 1
    }

    static func containsBackward(_ statements: [Statement]) -> Bool {
        statements.contains { statement in
            switch statement.kind {
            case .backward: return true
            case .function(let definition): return containsBackward(definition.body)
            case .forLoop(_, _, let body), .noGrad(let body): return containsBackward(body)
            case .conditional(let branches, let otherwise):
                return branches.contains { containsBackward($0.body) }
                    || containsBackward(otherwise ?? [])
            default: return false
            }
        }
    }

    // MARK: Errors

    func error(_ message: String, at range: SourceRange, point: SourceLocation? = nil)
        -> Diagnostic
    {
        Diagnostic(file: file, message: message, range: range, point: point)
    }

    func error(_ error: TensorError, at expression: Expression) -> Diagnostic {
        self.error(error.description, at: expression.range, point: expression.point)
    }

    // MARK: Statements

    func execute(block: [Statement]) throws(Diagnostic) -> Flow {
        for statement in block {
            let flow = try execute(statement)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    /// Runs a statement; a simple one at the file's level (not inside a call) that made tape
    /// nodes is remembered for figures that group or collapse by statement.
    func execute(_ statement: Statement) throws(Diagnostic) -> Flow {
        switch statement.kind {
        case .function(let definition):
            var defaults: [Value?] = []
            for parameter in definition.parameters {
                defaults.append(
                    try parameter.defaultValue.map { e throws(Diagnostic) in try evaluate(e) })
            }
            bindName(
                definition.name,
                .function(
                    FunctionValue(
                        definition: definition, defaults: defaults,
                        isPrelude: frames.last?.function.isPrelude ?? false,
                        source: frames.last?.function.source ?? file)))
            return .normal
        case .forLoop(let targets, let iterable, let body):
            return try forLoop(
                targets: targets, iterable: iterable, body: body, statement: statement)
        case .conditional(let branches, let otherwise):
            for branch in branches {
                if try truth(of: evaluate(branch.condition), at: branch.condition) {
                    return try execute(block: branch.body)
                }
            }
            return try otherwise.map { b throws(Diagnostic) in try execute(block: b) } ?? .normal
        case .noGrad(let body):
            updating += 1
            defer { updating -= 1 }
            return try execute(block: body)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .pass:
            return .normal
        case .returnValue(let value):
            return .returned(try value.map { v throws(Diagnostic) in try evaluate(v) } ?? .none)
        default:
            break
        }
        if passEnded, !isSinglePass { beginPass() }
        if !hasBackward, !recordsNothing, tape.nodes.count > options.limits.maxNodes / 2 {
            stopRecording(at: statement)
        }
        scratchReset()
        let before = tape.nodes.count
        let recordingTape = tape
        let isUpdate = statement.isUpdate
        if isUpdate { updating += 1 }
        defer { if isUpdate { updating -= 1 } }
        let pendingUpdate = completedPasses == 0 ? nil : beginUpdate(statement)
        try run(statement)
        if let pendingUpdate { finishUpdate(pendingUpdate) }
        if frames.isEmpty, recordingTape === tape, tape.nodes.count > before {
            var names: [String] = []
            switch statement.kind {
            case .assign(let name, _, _), .augmentedAssign(let name, _, _, _, _): names = [name]
            case .assignMany(let targets, _): names = targets.map(\.name)
            default: break
            }
            statements.append(
                PendingStatement(
                    range: statement.range, names: names, nodes: before..<tape.nodes.count))
        }
        return .normal
    }

    private func run(_ statement: Statement) throws(Diagnostic) {
        switch statement.kind {
        case .assign(let name, _, let expression):
            try bind(evaluate(expression), to: name, expression: expression)

        case .augmentedAssign(let name, let nameRange, let op, let value, let combined):
            if case .parameter(let parameter) = try lookUp(
                name, at: Expression(.name(name), range: nameRange)),
                parameter.holdsArray || updating > 0
            {
                // NumPy's in-place operator on an array: the parameter itself changes.
                updating += 1
                defer { updating -= 1 }
                let result = try binary(
                    op, .data(parameter.value), evaluate(value), expression: combined)
                try update(parameter, to: result, inPlace: true, at: combined)
                return
            }
            try bind(evaluate(combined), to: name, expression: combined)

        case .assignMany(let targets, let expressions):
            // Every value first, as Python does (`a, b = b, a` swaps).
            var computed: [Value] = []
            for expression in expressions { computed.append(try evaluate(expression)) }
            var sources = expressions
            if expressions.count == 1, targets.count > 1 {
                if computed[0].numberValue != nil,
                    computed[0].tensorValue.map({ $0.rank == 0 }) ?? true
                {
                    throw error(
                        "\(targets.count) names but 1 value; give one value per name",
                        at: statement.range, point: equalsSign(after: targets.last!.range.end))
                }
                computed = try unpack(computed[0], into: targets.count, at: expressions[0])
                sources = Array(repeating: expressions[0], count: targets.count)
            }
            for (target, (value, expression)) in zip(targets, zip(computed, sources)) {
                try bind(value, to: target.name, expression: expression)
            }

        case .store(let target, let op, let value):
            try store(into: target, op: op, value: value)

        case .expression(let expression):
            if case .string = expression.kind { return }  // a docstring
            _ = try evaluate(expression)

        case .imports(let names):
            for name in names { try importName(name) }

        case .seed(let expression):
            guard let value = try evaluate(expression).numberValue, value == value.rounded(),
                value >= 0, value < 4_294_967_296
            else {
                throw error("'seed' needs an integer from 0 to 4294967295", at: expression.range)
            }
            generator.seed(UInt32(value))

        case .backward(let targetExpression, let upstreamExpression):
            try runBackward(statement, target: targetExpression, upstream: upstreamExpression)

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

        case .function, .forLoop, .conditional, .noGrad, .breakLoop, .continueLoop, .pass,
            .returnValue:
            preconditionFailure("block statements run in execute(_:)")
        }
    }

    /// Where the `=` after an assignment's names is.
    func equalsSign(after location: SourceLocation) -> SourceLocation {
        let scalars = Array(file.lines[location.line - 1].unicodeScalars)
        var column = location.column
        while column - 1 < scalars.count, scalars[column - 1] != "=" { column += 1 }
        return SourceLocation(line: location.line, column: column)
    }

    /// `a, b = pair`: a tuple or list of the right length, or a tensor's rows.
    private func unpack(_ value: Value, into count: Int, at expression: Expression)
        throws(Diagnostic)
        -> [Value]
    {
        let items = try iterationItems(of: value, at: expression, limit: count + 1)
        guard items.count == count else {
            throw error(
                "\(count) names but \(items.count) \(items.count == 1 ? "value" : "values"); give one value per name",
                at: expression.range, point: expression.point)
        }
        return items
    }

    // MARK: Names

    /// Binds `name` in the innermost function's frame, or at the file's level.
    func bindName(_ name: String, _ value: Value) {
        if frames.isEmpty {
            globals[name] = value
            if !options.series.isEmpty, options.series.contains(name) { noteSeries(name, value) }
        } else {
            frames[frames.count - 1].locals[name] = value
        }
    }

    /// What a name holds where it is read: a function's local, the file's name, a built-in.
    func lookUp(_ name: String, at expression: Expression) throws(Diagnostic) -> Value {
        if let frame = frames.last {
            if let value = frame.locals[name] { return value }
            if frame.function.definition.locals.contains(name) {
                throw error(
                    "'\(name)' is read before the function binds it (it is bound later in '\(frame.function.definition.name)', so it is the function's own name throughout)",
                    at: expression.range)
            }
            if frame.function.isPrelude, let value = Prelude.value(named: name) { return value }
        }
        if frames.last?.function.isPrelude != true, let value = globals[name] { return value }
        if let value = Self.builtinValue(name) { return value }
        if Builtins.isFunction(name) {
            throw error(
                "'\(name)' is a function; call it as \(Builtins.signature(of: name) ?? name + "(…)")",
                at: expression.range)
        }
        if name == "torch" {
            throw error(
                "'torch' is only for 'with torch.no_grad():'; graphviz-grad's tensors are NumPy's: write x = np.array([…]) (a bound array is a leaf, with x.grad after backward)",
                at: expression.range)
        }
        if let message = Self.numpyConstantMessage(name) {
            throw error(message, at: expression.range)
        }
        var candidates = Array(globals.keys) + Parser.keywords
        if let frame = frames.last { candidates += frame.locals.keys }
        let hint = closestName(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
        throw error("unknown name '\(name)'\(hint)", at: expression.range)
    }

    /// Names that mean the same in every file: NumPy's constants and Python's functions.
    static func builtinValue(_ name: String) -> Value? {
        switch name {
        case "np.pi", "numpy.pi": return .number(Double.pi)
        case "np.e", "numpy.e": return .number(M_E)
        case "np.inf", "numpy.inf": return .number(.infinity)
        case "np.newaxis", "numpy.newaxis": return .none
        default: return Builtins.pythonFunctions.contains(name) ? .builtin(name) : nil
        }
    }

    static func numpyConstantMessage(_ name: String) -> String? {
        guard let bare = OpRegistry.numpyName(name) else { return nil }
        if OpRegistry.function(named: bare) != nil {
            return "'\(name)' is a function; call it: '\(name)(…)'"
        }
        return
            "'\(name)' is not available in graphviz-grad; NumPy's constants here are np.pi, np.e, np.inf and np.newaxis, and 'graphviz-grad ops' lists the functions"
    }

    // MARK: Binding

    /// A bound number or literal becomes a named leaf (a parameter; so does an expression of
    /// numbers and literals alone, computed at once); a computed tensor or a constant takes
    /// the name. Inside an update, a name that holds a parameter has its value changed (the
    /// same parameter), and any other name holds data.
    func bind(_ value: Value, to name: String, expression: Expression) throws(Diagnostic) {
        if updating > 0 {
            if let current = lookUpLocalOrGlobal(name), case .parameter(let parameter) = current,
                let tensor = value.tensorValue
            {
                try update(parameter, to: .data(tensor), inPlace: false, at: expression)
                return
            }
            if let tensor = value.tensorValue, !value.isSequence {
                bindName(name, .data(tensor))
                return
            }
        }
        switch value {
        case .variable(let variable):
            if variable.tape === tape {
                if variable.name == nil { tape.setName(name, of: variable) }
                record(name, variable)
                bindName(name, value)
            } else {
                bindName(name, .data(variable.value))
            }
        case .parameter(let parameter):
            bindName(name, value)
            if let leaf = parameter.leaf, leaf.tape === tape { record(name, leaf) }
        case .number, .literal:
            let tensor = try tensor(of: value, expression: expression)
            try bindParameter(
                tensor, holdsArray: !value.isNumber, to: name, at: expression)
        case .sequence(let items, _, _):
            if !items.isEmpty, let tensor = value.constantTensor {
                try bindParameter(
                    tensor, holdsArray: true, to: name, at: expression)
            } else {
                bindName(name, value)
            }
        case .range:
            bindName(name, value)
        case .data, .booleans, .boolean, .none, .string, .function, .builtin, .module:
            bindName(name, value)
        }
    }

    func lookUpLocalOrGlobal(_ name: String) -> Value? {
        if let frame = frames.last {
            return frame.locals[name] ?? (frame.function.isPrelude ? nil : globals[name])
        }
        return globals[name]
    }

    /// A new parameter, recorded at once as a leaf of the current pass (or, as a size found
    /// on a first run, a named constant).
    func bindParameter(
        _ tensor: Tensor, holdsArray: Bool, to name: String,
        at expression: Expression
    ) throws(Diagnostic) {
        do {
            if options.sizeLeaves.contains(tape.nodes.count) {
                let constant = try tape.constant(tensor)
                tape.setName(name, of: constant)
                countNode(constant)
                record(name, constant)
                bindName(name, .variable(constant))
                return
            }
            let parameter = Parameter(
                name: name, value: tensor, holdsArray: holdsArray)
            bindName(name, .parameter(parameter))
            _ = try leaf(of: parameter)
        } catch {
            throw self.error(error, at: expression)
        }
    }

    /// The history the figures number names by: bindings at the file's level only.
    func record(_ name: String, _ variable: Variable) {
        guard frames.isEmpty else { return }
        history.append(Evaluation.Binding(name: name, variable: variable))
    }

    /// A parameter's leaf on the current tape, recorded on its first read in the pass (or
    /// after an update changed it).
    func leaf(of parameter: Parameter) throws(TensorError) -> Variable {
        if let leaf = parameter.leaf, leaf.tape === tape { return leaf }
        let variable: Variable
        if parameter.isSize {
            variable = try tape.constant(parameter.value)
            tape.setName(parameter.name, of: variable)
        } else {
            variable = try tape.leaf(parameter.value, name: parameter.name)
        }
        countNode(variable)
        parameter.leaf = variable
        passParameters.append(parameter)
        history.append(Evaluation.Binding(name: parameter.name, variable: variable))
        return variable
    }

    /// The tensor of a value that is not on the tape, or the error at the first list item that
    /// is not a number.
    func tensor(of value: Value, expression: Expression) throws(Diagnostic) -> Tensor {
        if let tensor = value.constantTensor { return tensor }
        if case .sequence(let items, let ranges, _) = value {
            for (item, range) in zip(items, ranges) where item.constantTensor == nil {
                if case .sequence = item { return try tensor(of: item, expression: expression) }
                throw error("a list holds numbers and lists of numbers only", at: range)
            }
        }
        throw error(
            "expected a number or a tensor, not \(value.kindDescription)", at: expression.range)
    }

    // MARK: Loops

    private func forLoop(
        targets: [AssignmentTarget], iterable: Expression, body: [Statement], statement: Statement
    ) throws(Diagnostic) -> Flow {
        if trainsInLoops, completedPasses == 0, frames.isEmpty, loopDepth == 0 {
            beginTraining()
        }
        loopDepth += 1
        defer { loopDepth -= 1 }
        let value = try evaluate(iterable)
        let remaining = options.runLimits.maxIterations - iterations
        if case .range(let start, let stop, let step) = value {
            let count = Self.rangeCount(start: start, stop: stop, step: step)
            guard count <= remaining else {
                throw iterationLimit(count, at: statement)
            }
            var index = start
            for _ in 0..<count {
                iterations += 1
                try bindLoopTargets(targets, .number(Double(index)), at: iterable)
                index += step
                switch try execute(block: body) {
                case .breakLoop: return .normal
                case .returned(let value): return .returned(value)
                case .normal, .continueLoop: continue
                }
            }
            return .normal
        }
        let items = try iterationItems(of: value, at: iterable, limit: remaining + 1)
        guard items.count <= remaining else { throw iterationLimit(items.count, at: statement) }
        for item in items {
            iterations += 1
            try bindLoopTargets(targets, item, at: iterable)
            switch try execute(block: body) {
            case .breakLoop: return .normal
            case .returned(let value): return .returned(value)
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }

    private func iterationLimit(_ count: Int, at statement: Statement) -> Diagnostic {
        error(
            "this loop would run \(count) times, past the limit of \(options.runLimits.maxIterations) loop iterations in all (\(iterations) ran before it); a file runs in seconds",
            at: statement.keywordRange)
    }

    static func rangeCount(start: Int, stop: Int, step: Int) -> Int {
        if step > 0 { return stop > start ? (stop - start - 1) / step + 1 : 0 }
        return start > stop ? (start - stop - 1) / (-step) + 1 : 0
    }

    /// A loop's names take the item as it is: a parameter stays the parameter (`for p in
    /// params: p.data -= …` updates it), a number stays a number (never a leaf).
    private func bindLoopTargets(
        _ targets: [AssignmentTarget], _ item: Value, at expression: Expression
    )
        throws(Diagnostic)
    {
        if targets.count == 1 {
            bindLoopName(targets[0].name, item)
            return
        }
        let parts = try unpack(item, into: targets.count, at: expression)
        for (target, part) in zip(targets, parts) { bindLoopName(target.name, part) }
    }

    private func bindLoopName(_ name: String, _ value: Value) {
        switch value {
        case .variable(let variable) where variable.tape === tape:
            if variable.name == nil { tape.setName(name, of: variable) }
            record(name, variable)
        default: break
        }
        bindName(name, value)
    }

    /// The items a `for` goes through: a list's items, a tensor's rows (numbers for a vector),
    /// a range's integers; at most `limit` of them are made.
    func iterationItems(of value: Value, at expression: Expression, limit: Int) throws(Diagnostic)
        -> [Value]
    {
        switch value {
        case .sequence(let items, _, _):
            return items
        case .range(let start, let stop, let step):
            let count = Self.rangeCount(start: start, stop: stop, step: step)
            guard count < limit else { return Array(repeating: .none, count: limit) }
            return (0..<count).map { .number(Double(start + $0 * step)) }
        case .literal(let tensor), .data(let tensor):
            guard tensor.rank > 0 else {
                throw error("cannot loop over a 0-d tensor (a single number)", at: expression.range)
            }
            let rows = tensor.shape.dims[0]
            guard rows < limit else { return Array(repeating: .none, count: limit) }
            let isData: Bool = { if case .data = value { return true } else { return false } }()
            return (0..<rows).map { row in
                let picked = Index([.at(row)]).forward(
                    [tensor], outputShape: Shape(Array(tensor.shape.dims.dropFirst())))
                if picked.rank == 0 { return .number(picked.scalar) }
                return isData ? .data(picked) : .literal(picked)
            }
        case .variable, .parameter:
            guard let shape = value.tensorValue?.shape, shape.rank > 0 else {
                throw error("cannot loop over a 0-d tensor (a single number)", at: expression.range)
            }
            guard shape.dims[0] < limit else { return Array(repeating: .none, count: limit) }
            var rows: [Value] = []
            for row in 0..<shape.dims[0] {
                rows.append(try indexed(value, [.at(row)], expression: expression, items: []))
            }
            return rows
        case .string(let text):
            return text.map { .string(String($0)) }
        default:
            throw error("cannot loop over \(value.kindDescription)", at: expression.range)
        }
    }

    /// Python's truth of a value: a number, a boolean, a one-element tensor; None is false.
    func truth(of value: Value, at expression: Expression) throws(Diagnostic) -> Bool {
        switch value {
        case .boolean(let b): return b
        case .none: return false
        case .number(let n): return n != 0
        case .string(let s): return !s.isEmpty
        case .sequence(let items, _, _): return !items.isEmpty
        case .range(let start, let stop, let step):
            return Self.rangeCount(start: start, stop: stop, step: step) > 0
        case .function, .builtin, .module: return true
        case .literal, .data, .booleans, .variable, .parameter:
            let tensor = value.tensorValue!
            guard tensor.count == 1 else {
                throw error(
                    "the truth value of a tensor of shape \(tensor.shape) is ambiguous; use np.any(…) or np.all(…), or compare one element",
                    at: expression.range, point: expression.point)
            }
            return tensor.scalars[0] != 0
        }
    }

    // MARK: Accounting

    /// Goes on without recording (see `recordsNothing`), saying so once.
    func stopRecording(at statement: Statement) {
        recordsNothing = true
        updating += 1
        warnings.append(
            Diagnostic(
                file: file,
                message:
                    "the file has no 'backward' and has recorded \(tape.nodes.count) operations; the rest of the run computes values without recording them (a figure shows what was recorded up to here)",
                range: statement.range, point: statement.range.start, severity: .note))
    }

    func countNode(_ variable: Variable) {
        operationsInAll += 1
        elementsInAll += variable.value.count
    }

    func scratchReset() {
        workInAll += scratch.work
        scratch.removeAll()
    }
}

extension Value {
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }

    var isSequence: Bool {
        if case .sequence = self { return true }
        return false
    }
}

extension Expression {
    /// Whether the expression reads a gradient anywhere (`W.grad`, `p.grad.data`).
    var readsGradient: Bool {
        switch kind {
        case .attribute(let base, let name): return name == "grad" || base.readsGradient
        case .number, .string, .name, .boolean, .none: return false
        case .list(let items), .tuple(let items): return items.contains(where: \.readsGradient)
        case .negate(let operand), .not(let operand): return operand.readsGradient
        case .binary(_, let left, let right), .logical(_, let left, let right):
            return left.readsGradient || right.readsGradient
        case .comparison(let first, let links):
            return first.readsGradient || links.contains { $0.operand.readsGradient }
        case .call(_, let arguments): return arguments.contains { $0.value.readsGradient }
        case .method(let receiver, _, let arguments):
            return receiver.readsGradient || arguments.contains { $0.value.readsGradient }
        case .subscripted(let base, let items):
            return base.readsGradient
                || items.contains { item in
                    switch item.kind {
                    case .expression(let e): return e.readsGradient
                    case .slice(let a, let b, let c):
                        return [a, b, c].contains { $0?.readsGradient ?? false }
                    }
                }
        }
    }
}

extension Statement {
    /// An update changes parameters without recording anything: a statement that reads a
    /// gradient or stores into `.data` or `.grad`. (An in-place operator on an array parameter
    /// is one too, decided when it runs; so is everything in `with no_grad()`.)
    var isUpdate: Bool { updates }

    static func isUpdate(_ kind: Kind) -> Bool {
        switch kind {
        case .assign(_, _, let value), .augmentedAssign(_, _, _, let value, _):
            return value.readsGradient
        case .assignMany(_, let values):
            return values.contains(where: \.readsGradient)
        case .store(let target, _, let value):
            if case .attribute(_, let name) = target.kind, name == "data" || name == "grad" {
                return true
            }
            return value.readsGradient || target.readsGradient
        case .expression(let expression):
            return expression.readsGradient
        default:
            return false
        }
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
