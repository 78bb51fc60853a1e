import Foundation
import GradCore

// Expressions: arithmetic, comparisons, calls, attributes and indexing.
extension Interpreter {
    func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        switch expression.kind {
        case .number(let value):
            return .number(value)
        case .string(let text):
            return .string(text)
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
            return .sequence(evaluated, ranges: items.map(\.range), isTuple: true)
        case .negate(let operand):
            return try negate(operand, expression: expression)
        case .binary(let op, let left, let right):
            return try binary(op, left, right, expression: expression)
        case .comparison(let first, let links):
            return try comparison(first, links, expression: expression)
        case .logical(let op, let left, let right):
            return try logical(op, left, right)
        case .not(let operand):
            return try not(operand)
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

    // Each kind of expression evaluates in a function of its own, never inlined, so that the
    // recursion through a long chain (`a0 + a1 + … + a999`) keeps small stack frames.

    @inline(never)
    private func binary(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, expression: Expression
    )
        throws(Diagnostic) -> Value
    {
        let a = try evaluate(left)
        let b = try evaluate(right)
        return try binary(op, a, b, expression: expression)
    }

    @inline(never)
    private func logical(_ op: LogicalOperator, _ left: Expression, _ right: Expression)
        throws(Diagnostic) -> Value
    {
        let a = try evaluate(left)
        let isTrue = try truth(of: a, at: left)
        switch op {
        case .and: return isTrue ? try evaluate(right) : a
        case .or: return isTrue ? a : try evaluate(right)
        }
    }

    @inline(never)
    private func not(_ operand: Expression) throws(Diagnostic) -> Value {
        .boolean(!(try truth(of: evaluate(operand), at: operand)))
    }

    @inline(never)
    private func negate(_ operand: Expression, expression: Expression) throws(Diagnostic) -> Value {
        switch try prepared(evaluate(operand), at: operand) {
        case .number(let value): return .number(-value)
        case .literal(let tensor): return .literal(tensor.map { -$0 })
        case .data(let tensor): return .data(tensor.map { -$0 })
        case .variable(let variable):
            do {
                let result = try -variable
                countNode(result)
                return .variable(result)
            } catch {
                throw self.error(error, at: expression)
            }
        case .boolean(let b): return .number(b ? -1 : 0)
        case let other:
            throw error(
                "'-' cannot be applied to \(other.kindDescription)", at: expression.range)
        }
    }

    /// A value ready for an operation: a parameter as its leaf on this pass's tape, a tensor
    /// of an earlier pass as a constant of this one; inside an update, everything as data.
    func prepared(_ value: Value, at expression: Expression) throws(Diagnostic) -> Value {
        switch value {
        case .parameter(let parameter):
            if updating > 0 { return .data(parameter.value) }
            do { return .variable(try leaf(of: parameter)) } catch {
                throw self.error(error, at: expression)
            }
        case .variable(let variable):
            if updating > 0 { return .data(variable.value) }
            if variable.tape === tape { return value }
            let key = EarlierNode(tape: ObjectIdentifier(variable.tape), id: variable.id)
            if let constant = earlierConstants[key] { return .variable(constant) }
            do {
                let constant = try tape.constant(variable.value)
                if let name = variable.name { tape.setName(name, of: constant) }
                countNode(constant)
                earlierConstants[key] = constant
                return .variable(constant)
            } catch {
                throw self.error(error, at: expression)
            }
        case .sequence(let items, let ranges, _):
            var converted: [Value] = []
            for item in items { converted.append(try prepared(item, at: expression)) }
            return .sequence(converted, ranges: ranges)
        case .range:
            return .literal(value.constantTensor!)
        case .booleans(let mask):
            return .data(mask)
        default:
            return value
        }
    }

    /// A list of numbers (and lists of numbers) is a literal tensor, rectangular as NumPy
    /// requires; a list holding tensors is a sequence (`concatenate([a, b])`, `[W1, b1]`).
    @inline(never)
    private func list(_ items: [Expression], expression: Expression) throws(Diagnostic) -> Value {
        // `[]` is an empty list, for `losses.append(…)`.
        if items.isEmpty { return .sequence([], ranges: []) }
        var evaluated: [Value] = []
        for item in items { evaluated.append(try evaluate(item)) }
        let numeric = evaluated.allSatisfy { value in
            switch value {
            case .number, .literal: return true
            default: return false
            }
        }
        guard numeric else { return .sequence(evaluated, ranges: items.map(\.range)) }
        // Arrays made by calls or arithmetic, of different shapes, are a list of arrays
        // (`params = [np.zeros((3, 4)), np.zeros(4)]`); written-out numbers must be rectangular.
        let writtenOut = items.allSatisfy { item in
            switch item.kind {
            case .number, .list: return true
            default: return false
            }
        }
        if !writtenOut, let first = evaluated.first?.constantTensor?.shape,
            evaluated.contains(where: { $0.constantTensor?.shape != first })
        {
            return .sequence(evaluated, ranges: items.map(\.range))
        }
        do {
            return .literal(
                try Tensor(nested: .list(evaluated.map { NestedList($0.constantTensor!) })))
        } catch {
            throw self.error(error.description, at: expression.range)
        }
    }

    @inline(never)
    func binary(
        _ op: BinaryOperator, _ leftValue: Value, _ rightValue: Value, expression: Expression
    )
        throws(Diagnostic) -> Value
    {
        for value in [leftValue, rightValue] {
            switch value {
            case .none, .string, .function, .builtin, .module:
                throw error(
                    "'\(op.rawValue)' cannot be applied to \(value.kindDescription)",
                    at: expression.range, point: expression.point)
            default: break
            }
        }
        let left = try prepared(leftValue.numberIfBoolean, at: expression)
        let right = try prepared(rightValue.numberIfBoolean, at: expression)
        // Plain numbers stay plain arithmetic, as in Python.
        if case .number(let a) = left, case .number(let b) = right {
            switch op {
            case .add: return .number(a + b)
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            case .divide: return .number(a / b)
            case .power: return .number(pow(a, b))
            case .modulo: return .number(b == 0 ? .nan : a - b * (a / b).rounded(.down))
            case .floorDivide: return .number((a / b).rounded(.down))
            case .matmul:
                throw error(
                    "'@' needs tensors, not numbers", at: expression.range, point: expression.point)
            }
        }
        let computed = left.isComputed || right.isComputed
        let isData = left.isData || right.isData
        if op == .modulo || op == .floorDivide {
            // No gradient: the result is data, from the operands' values (`i % 100`,
            // `np.arange(N) % C`).
            return try elementwise(left, right, expression: expression, isData: isData) { a, b in
                op == .modulo
                    ? (b == 0 ? .nan : a - b * (a / b).rounded(.down)) : (a / b).rounded(.down)
            }
        }
        if !computed, let quick = Self.quickArithmetic(op, left, right) {
            return isData ? .data(quick) : .literal(quick)
        }
        // Numbers and literals alone are computed at once, on the scratch tape.
        let target = computed ? tape : scratch
        let x = try variable(left, on: target, expression: expression)
        // A number exponent is a parameter of pow (drawn as x², **0.5), not an input.
        var exponent: Double?
        if op == .power, case .number(let value) = right { exponent = value }
        let y = exponent == nil ? try variable(right, on: target, expression: expression) : x
        do throws(TensorError) {
            let variable: Variable
            if let exponent {
                variable = try x.pow(exponent)
            } else {
                switch op {
                case .add: variable = try x + y
                case .subtract: variable = try x - y
                case .multiply: variable = try x * y
                case .divide: variable = try x / y
                case .matmul: variable = try x.matmul(y)
                case .power: variable = try x.pow(y)
                case .modulo, .floorDivide: preconditionFailure("computed above")
                }
            }
            return result(variable, computed: computed, isData: isData)
        } catch {
            if computed { failedOperation = (op.symbol, exponent == nil ? [x.id, y.id] : [x.id]) }
            throw self.error(error.renamingOp(to: op.rawValue), at: expression)
        }
    }

    /// `+ − × ÷` of two tensors of one shape, or of a tensor and a number, computed directly:
    /// what an update does every iteration (`lr * W.grad`), without the scratch tape. The same
    /// arithmetic as the operations' forward, element by element; nil for anything else.
    static func quickArithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value) -> Tensor? {
        let function: (Double, Double) -> Double
        switch op {
        case .add: function = (+)
        case .subtract: function = (-)
        case .multiply: function = (*)
        case .divide: function = (/)
        default: return nil
        }
        guard let a = left.constantTensor, let b = right.constantTensor else { return nil }
        if a.shape == b.shape {
            return Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map(function))
        }
        if b.rank == 0 {
            let y = b.scalars[0]
            return Tensor(shape: a.shape, scalars: a.scalars.map { function($0, y) })
        }
        if a.rank == 0 {
            let x = a.scalars[0]
            return Tensor(shape: b.shape, scalars: b.scalars.map { function(x, $0) })
        }
        return nil
    }

    /// An element-wise function of two values that records nothing, with NumPy's broadcasting.
    func elementwise(
        _ left: Value, _ right: Value, expression: Expression, isData: Bool,
        _ function: (Double, Double) -> Double
    ) throws(Diagnostic) -> Value {
        guard let a = left.tensorValue, let b = right.tensorValue else {
            throw error(
                "expected numbers or tensors", at: expression.range, point: expression.point)
        }
        let shape: Shape
        do {
            shape = try Add().outputShape([a.shape, b.shape])
            try scratch.checkSize(of: shape, op: "compare")
        } catch {
            throw self.error(error, at: expression)
        }
        let x = BroadcastTo(shape).forward([a], outputShape: shape).scalars
        let y = BroadcastTo(shape).forward([b], outputShape: shape).scalars
        let tensor = Tensor(shape: shape, scalars: zip(x, y).map(function))
        return isData || left.isComputed || right.isComputed ? .data(tensor) : .literal(tensor)
    }

    /// A result on the tape, or, computed from numbers, literals and data alone, its value.
    func result(_ variable: Variable, computed: Bool, isData: Bool = false) -> Value {
        if computed {
            countNode(variable)
            return .variable(variable)
        }
        return isData ? .data(variable.value) : .literal(variable.value)
    }

    /// A value as a tensor on `tape`: numbers, literals and data become constants.
    func variable(_ value: Value, on tape: Tape, expression: Expression) throws(Diagnostic)
        -> Variable
    {
        if case .variable(let variable) = value { return variable }
        let tensor = try tensor(of: value, expression: expression)
        do {
            let constant = try tape.constant(tensor)
            if tape === self.tape { countNode(constant) }
            return constant
        } catch {
            throw self.error(error, at: expression)
        }
    }

    // MARK: Comparisons

    @inline(never)
    private func comparison(_ first: Expression, _ links: [ComparisonLink], expression: Expression)
        throws(Diagnostic) -> Value
    {
        var left = try evaluate(first)
        var outcome: Value = .boolean(true)
        for link in links {
            let right = try evaluate(link.operand)
            let result = try compare(left, link.op, right, expression: expression)
            if links.count == 1 { return result }
            guard try truth(of: result, at: expression) else { return result }
            outcome = result
            left = right
        }
        return outcome
    }

    private func compare(
        _ left: Value, _ op: ComparisonOperator, _ right: Value, expression: Expression
    )
        throws(Diagnostic) -> Value
    {
        switch op {
        case .isSame, .isNotSame:
            let same: Bool
            switch (left, right) {
            case (.none, .none): same = true
            case (.none, _), (_, .none): same = false
            case (.boolean(let a), .boolean(let b)): same = a == b
            case (.parameter(let a), .parameter(let b)): same = a === b
            default:
                throw error(
                    "'is' compares with None here ('x is None', 'x.grad is not None'); compare values with '=='",
                    at: expression.range, point: expression.point)
            }
            return .boolean(op == .isSame ? same : !same)
        default:
            break
        }
        if case .string(let a) = left, case .string(let b) = right {
            switch op {
            case .equal: return .boolean(a == b)
            case .notEqual: return .boolean(a != b)
            default: break
            }
        }
        if case .none = left, op == .equal || op == .notEqual {
            if case .none = right { return .boolean(op == .equal) }
            return .boolean(op == .notEqual)
        }
        let test: (Double, Double) -> Bool
        switch op {
        case .less: test = (<)
        case .lessOrEqual: test = (<=)
        case .greater: test = (>)
        case .greaterOrEqual: test = (>=)
        case .equal: test = (==)
        case .notEqual: test = (!=)
        case .isSame, .isNotSame: preconditionFailure("handled above")
        }
        let a = left.comparable
        let b = right.comparable
        if let x = a?.number, let y = b?.number { return .boolean(test(x, y)) }
        guard a != nil, b != nil else {
            throw error(
                "'\(op.rawValue)' cannot compare \(left.kindDescription) with \(right.kindDescription)",
                at: expression.range, point: expression.point)
        }
        // Tensors compare element by element, into a boolean array (data: no gradient).
        let mask = try elementwise(left, right, expression: expression, isData: true) {
            test($0, $1) ? 1 : 0
        }
        return .booleans(mask.tensorValue!)
    }

    // MARK: Calls

    /// `f(…)` and `np.f(…)`: the file's function, one of Python's, or the registry's.
    @inline(never)
    func call(_ name: String, _ arguments: [CallArgument], expression: Expression)
        throws(Diagnostic) -> Value
    {
        if !name.utf8.contains(UInt8(ascii: ".")), let value = lookUpLocalOrGlobal(name) {
            switch value {
            case .function(let function):
                return try callFunction(
                    function, evaluatedArguments(arguments), expression: expression)
            case .builtin(let builtin):
                return try callBuiltin(
                    builtin, evaluatedArguments(arguments), arguments, expression: expression)
            default:
                throw error(
                    "'\(name)' is \(value.kindDescription), not a function", at: expression.range,
                    point: expression.point)
            }
        }
        // The registry's functions first: most calls of a training loop are theirs.
        if let function = OpRegistry.function(named: name) {
            return try invoke(
                function, called: name, evaluatedArguments(arguments), arguments,
                expression: expression)
        }
        if Builtins.pythonFunctions.contains(name) {
            return try callBuiltin(
                name, evaluatedArguments(arguments), arguments, expression: expression)
        }
        if let bare = OpRegistry.numpyName(name), Prelude.numpyNames.contains(bare),
            let function = Prelude.functions[bare]
        {
            return try callFunction(function, evaluatedArguments(arguments), expression: expression)
        }
        if let extra = NumPyData.function(named: name) {
            return try callData(
                extra, name: name, evaluatedArguments(arguments), arguments, expression: expression)
        }
        guard let function = OpRegistry.function(named: name) else {
            let nameRange = SourceRange(
                expression.point,
                SourceLocation(
                    line: expression.point.line,
                    column: expression.point.column + name.unicodeScalars.count))
            let bare = OpRegistry.numpyName(name)
            let prefix = bare == nil ? "" : String(name.dropLast(bare!.count))
            if let suggestion = closestName(
                to: bare ?? name, among: OpRegistry.allNames + NumPyData.names)
            {
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
        return try invoke(
            function, called: name, evaluatedArguments(arguments), arguments, expression: expression
        )
    }

    func evaluatedArguments(_ arguments: [CallArgument]) throws(Diagnostic) -> [CallArguments
        .Evaluated]
    {
        // Arguments are evaluated left to right, so random draws happen in the order NumPy makes them.
        var evaluated: [CallArguments.Evaluated] = []
        for (index, argument) in arguments.enumerated() {
            evaluated.append(
                CallArguments.Evaluated(
                    value: try evaluate(argument.value), label: argument.label, index: index))
        }
        return evaluated
    }

    /// A call of a function defined with `def`: its parameters bound in a frame of its own.
    func callFunction(
        _ function: FunctionValue, _ arguments: [CallArguments.Evaluated], expression: Expression
    )
        throws(Diagnostic) -> Value
    {
        let definition = function.definition
        guard frames.count < options.runLimits.maxCallDepth else {
            throw error(
                "calls nested deeper than \(options.runLimits.maxCallDepth) (a function that calls itself without end?)",
                at: expression.range, point: expression.point)
        }
        var locals: [String: Value] = [:]
        var positional = 0
        for argument in arguments {
            if let label = argument.label {
                guard definition.parameters.contains(where: { $0.name == label }) else {
                    throw error(
                        "'\(definition.name)' has no parameter '\(label)'", at: expression.range,
                        point: expression.point)
                }
                guard locals[label] == nil else {
                    throw error(
                        "'\(definition.name)' got two values for '\(label)'", at: expression.range,
                        point: expression.point)
                }
                locals[label] = argument.value
            } else {
                guard positional < definition.parameters.count else {
                    throw error(
                        "'\(definition.name)' takes \(definition.parameters.count) \(definition.parameters.count == 1 ? "argument" : "arguments"), but \(arguments.filter { $0.label == nil }.count) were given",
                        at: expression.range, point: expression.point)
                }
                locals[definition.parameters[positional].name] = argument.value
                positional += 1
            }
        }
        for (parameter, defaultValue) in zip(definition.parameters, function.defaults)
        where locals[parameter.name] == nil {
            guard let defaultValue else {
                throw error(
                    "'\(definition.name)' is missing its argument '\(parameter.name)'",
                    at: expression.range, point: expression.point)
            }
            locals[parameter.name] = defaultValue
        }
        let start = tape.nodes.count
        let startTape = tape
        frames.append(Frame(locals: locals, function: function))
        let flow: Flow
        do {
            flow = try execute(block: definition.body)
        } catch {
            frames.removeLast()
            guard function.isPrelude else { throw error }
            // A prelude function's error is the call's: the file has no prelude lines.
            throw self.error(
                "in \(definition.name)(…): " + error.message, at: expression.range,
                point: expression.point)
        }
        frames.removeLast()
        if startTape === tape, tape.nodes.count > start {
            let source = frames.last?.function.source ?? file
            calls.append(
                Evaluation.Call(
                    source: source, range: expression.range, function: definition.name,
                    line: expression.range.start.line,
                    nodes: start..<tape.nodes.count, depth: frames.count))
        }
        if case .returned(let value) = flow { return value }
        return .none
    }

    /// `x.f(…)`: a module's function (`F.linear(…)`), a parameter's own method
    /// (`x.cleargrad()`), or the registry's function with x as its first argument.
    @inline(never)
    private func method(
        _ name: String, of receiver: Expression, _ arguments: [CallArgument], expression: Expression
    ) throws(Diagnostic) -> Value {
        let nameRange = SourceRange(
            expression.point,
            SourceLocation(
                line: expression.point.line,
                column: expression.point.column + name.unicodeScalars.count))
        if name == "backward" {
            throw error(
                "'.backward()' is a statement: write it on a line of its own",
                at: expression.range, point: expression.point)
        }
        if name == "zero_", case .attribute(let base, "grad") = receiver.kind {
            let owner = try evaluate(base)
            guard case .parameter(let parameter) = owner else {
                throw notAParameter(base, owner, attribute: "grad")
            }
            parameter.grad = Tensor(
                shape: parameter.value.shape,
                scalars: Array(repeating: 0, count: parameter.value.count))
            parameter.gradPasses = nil
            return .none
        }
        let receiverValue = try evaluate(receiver)
        if case .module(let module) = receiverValue {
            guard let member = try moduleMember(module, name, at: expression) else {
                throw error(
                    "'\(module)' has no function '\(name)' in graphviz-grad; 'graphviz-grad ops' lists the functions",
                    at: nameRange)
            }
            let evaluated = try evaluatedArguments(arguments)
            switch member {
            case .function(let function):
                return try callFunction(function, evaluated, expression: expression)
            case .builtin(let builtin):
                return try callBuiltin(builtin, evaluated, arguments, expression: expression)
            default:
                throw error("'\(module).\(name)' is not a function", at: nameRange)
            }
        }
        switch name {
        case "append" where receiverValue.isSequence:
            guard case .name(let listName) = receiver.kind, arguments.count == 1,
                arguments[0].label == nil
            else {
                throw error(
                    "'.append(x)' adds one item to a list bound to a name ('losses.append(loss.item())')",
                    at: expression.range, point: expression.point)
            }
            guard case .sequence(var items, var ranges, _) = receiverValue else {
                preconditionFailure("a list")
            }
            let item = try evaluate(arguments[0].value)
            guard items.count < options.runLimits.maxIterations else {
                throw error(
                    "a list holds at most \(options.runLimits.maxIterations) items",
                    at: expression.range)
            }
            items.append(item)
            ranges.append(arguments[0].range)
            bindName(listName, .sequence(items, ranges: ranges))
            if case .variable = item { listsHoldingTensors.insert(listName) }
            return .none
        case "cleargrad", "zero_grad":
            guard case .parameter(let parameter) = receiverValue else {
                throw notAParameter(receiver, receiverValue, attribute: "grad")
            }
            guard arguments.isEmpty else {
                throw error("'.\(name)()' takes no arguments", at: expression.range)
            }
            parameter.grad = nil
            parameter.gradPasses = nil
            return .none
        case "item":
            guard let tensor = receiverValue.tensorValue, tensor.count == 1, arguments.isEmpty
            else {
                throw error(
                    "'.item()' needs a tensor of one element, and takes no arguments",
                    at: expression.range, point: expression.point)
            }
            return .number(tensor.scalars[0])
        default:
            break
        }
        let receiverArgument = CallArgument(label: nil, value: receiver, range: receiver.range)
        let withReceiver = [receiverArgument] + arguments
        var evaluated = [CallArguments.Evaluated(value: receiverValue, label: nil, index: 0)]
        for (index, argument) in arguments.enumerated() {
            evaluated.append(
                CallArguments.Evaluated(
                    value: try evaluate(argument.value), label: argument.label, index: index + 1))
        }
        if let extra = NumPyData.method(named: name) {
            return try callData(extra, name: name, evaluated, withReceiver, expression: expression)
        }
        guard let function = OpRegistry.method(named: name) else {
            if OpRegistry.function(named: name) != nil {
                throw error(
                    "'\(name)' is not a method; call it as \(Builtins.signature(of: name) ?? name + "(x)")",
                    at: nameRange)
            }
            let methods = OpRegistry.functions.filter(\.isMethod).map(\.name)
            let hint =
                closestName(to: name, among: methods + ["cleargrad", "item"]).map {
                    "; did you mean '.\($0)()'?"
                } ?? ""
            throw error("unknown method '.\(name)()'\(hint)", at: nameRange)
        }
        return try invoke(function, called: name, evaluated, withReceiver, expression: expression)
    }

    /// `x.T`, `x.data`, `x.grad`, `x.shape`, `x.size`, `x.ndim`, a module's member.
    @inline(never)
    private func attribute(_ name: String, of base: Expression, expression: Expression)
        throws(Diagnostic) -> Value
    {
        if name == "grad" { return try gradient(of: base, at: expression) }
        let value = try evaluate(base)
        if case .module(let module) = value {
            guard let member = try moduleMember(module, name, at: expression) else {
                throw error(
                    "'\(module)' has no '\(name)' in graphviz-grad", at: expression.range,
                    point: expression.point)
            }
            return member
        }
        switch name {
        case "T":
            let transpose = OpRegistry.function(named: "transpose")!
            return try invoke(
                transpose, called: "transpose",
                [CallArguments.Evaluated(value: value, label: nil, index: 0)],
                [CallArgument(label: nil, value: base, range: base.range)], expression: expression)
        case "data":
            guard let tensor = value.tensorValue else {
                throw error(
                    "'.data' is a tensor's value; \(value.kindDescription) has none",
                    at: expression.range, point: expression.point)
            }
            return .data(tensor)
        case "shape", "size", "ndim":
            guard let tensor = value.tensorValue else {
                throw error(
                    "'.\(name)' is a tensor's; \(value.kindDescription) has none",
                    at: expression.range, point: expression.point)
            }
            switch name {
            case "shape":
                return .sequence(
                    tensor.shape.dims.map { .number(Double($0)) },
                    ranges: Array(repeating: expression.range, count: tensor.rank), isTuple: true)
            case "size": return .number(Double(tensor.count))
            default: return .number(Double(tensor.rank))
            }
        default:
            let hint = OpRegistry.method(named: name) != nil ? "; call it: '.\(name)()'" : ""
            throw error(
                "unknown attribute '.\(name)'\(hint); a tensor's attributes are '.T', '.data', '.grad', '.shape', '.size' and '.ndim'",
                at: expression.range,
                point: expression.point)
        }
    }

    /// Runs a registry function on evaluated arguments. An operation whose arguments are all
    /// numbers, literals and data is computed at once into a literal, on the scratch tape.
    func invoke(
        _ function: ScriptFunction, called name: String, _ rawArguments: [CallArguments.Evaluated],
        _ arguments: [CallArgument], expression: Expression
    ) throws(Diagnostic) -> Value {
        var evaluated: [CallArguments.Evaluated] = []
        for argument in rawArguments {
            evaluated.append(
                CallArguments.Evaluated(
                    value: try prepared(argument.value, at: arguments[argument.index].value),
                    label: argument.label, index: argument.index))
        }
        let computed = evaluated.contains { $0.value.isComputed }
        let isData = evaluated.contains { $0.value.isData } || updating > 0
        let target = computed || (!function.isOperation && updating == 0) ? tape : scratch
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
                if updating > 0 { return .data(tensor) }
                do {
                    let constant = try tape.constant(tensor)
                    countNode(constant)
                    return .variable(constant)
                } catch {
                    throw ScriptError(error)
                }
            case .operation(let bind):
                let call = try bind(args)
                try args.finish()
                do {
                    return result(
                        try target.record(call.operation, call.inputs), computed: computed,
                        isData: isData)
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
    func diagnostic(_ error: ScriptError, call: Expression, arguments: [CallArgument])
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

    /// `x[i]`, `x[i, j]`, `x[a:b:s]`, `x[[i, j, …]]`, `x[mask]`.
    @inline(never)
    private func subscripted(_ base: Expression, _ items: [SubscriptItem], expression: Expression)
        throws(Diagnostic) -> Value
    {
        let value = try evaluate(base)
        return try indexed(value, nil, expression: expression, items: items, base: base)
    }

    /// Indexes `value` by `items` (or by ready index items), recording on the tape when it
    /// is computed.
    func indexed(
        _ raw: Value, _ ready: [IndexItem]?, expression: Expression, items: [SubscriptItem],
        base: Expression? = nil
    ) throws(Diagnostic) -> Value {
        var value = try prepared(raw, at: base ?? expression)
        var indexItems: [IndexItem] = ready ?? []
        // `None` (`np.newaxis`) adds an axis of length 1 where it stands among the result's.
        var newAxes: [Int] = []
        if ready == nil {
            // A boolean mask of the tensor's whole shape picks the elements where it is true,
            // in order, as a vector.
            if items.count == 1, case .expression(let maskExpression) = items[0].kind {
                let index = try evaluate(maskExpression)
                if case .booleans(let mask) = index {
                    guard let shape = value.tensorValue?.shape,
                        mask.shape == shape
                            || (mask.rank == 1 && shape.rank >= 1 && mask.count == shape.dims[0])
                    else {
                        throw error(
                            "a boolean mask has the shape of what it indexes (or of its first axis)",
                            at: items[0].range)
                    }
                    let positions = mask.scalars.enumerated().filter { $0.element != 0 }.map(
                        \.offset)
                    if mask.rank > 1 || (mask.rank == 1 && shape.rank == 1) {
                        if shape.rank > 1 {
                            value = try reshaped(value, to: [shape.count], at: expression)
                        }
                        return try indexed(
                            value, [.list(positions)], expression: expression, items: [])
                    }
                    return try indexed(value, [.list(positions)], expression: expression, items: [])
                }
                indexItems.append(try indexItem(value: index, at: maskExpression))
            } else {
                for item in items {
                    if case .expression(let itemExpression) = item.kind,
                        case .none = try evaluate(itemExpression)
                    {
                        let axesBefore = indexItems.filter {
                            if case .at = $0 { return false } else { return true }
                        }.count
                        newAxes.append(axesBefore + newAxes.count)
                        continue
                    }
                    indexItems.append(try indexItem(item))
                }
            }
        }
        let computed = value.isComputed
        let target = computed ? tape : scratch
        let x = try variable(value, on: target, expression: base ?? expression)
        do throws(TensorError) {
            let picked = indexItems.isEmpty ? x : try x.indexed(indexItems)
            guard !newAxes.isEmpty else {
                return result(picked, computed: computed, isData: value.isData)
            }
            var dims = picked.shape.dims
            for axis in newAxes { dims.insert(1, at: min(axis, dims.count)) }
            return result(
                try picked.tape.record(Reshape(dims), [picked]), computed: computed,
                isData: value.isData)
        } catch {
            if computed { failedOperation = ("(·)[…]", [x.id]) }
            if case .invalidIndex(let message, let position) = error, position < items.count {
                throw self.error(message, at: items[position].range)
            }
            throw self.error(error, at: expression)
        }
    }

    private func reshaped(_ value: Value, to dims: [Int], at expression: Expression)
        throws(Diagnostic) -> Value
    {
        let computed = value.isComputed
        let x = try variable(value, on: computed ? tape : scratch, expression: expression)
        do {
            return result(
                try x.tape.record(Reshape(dims), [x]), computed: computed, isData: value.isData)
        } catch {
            throw self.error(error, at: expression)
        }
    }

    func indexItem(_ item: SubscriptItem) throws(Diagnostic) -> IndexItem {
        switch item.kind {
        case .expression(let expression):
            return try indexItem(value: evaluate(expression), at: expression)
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

    private func indexItem(value: Value, at expression: Expression) throws(Diagnostic) -> IndexItem
    {
        if case .parameter(let parameter) = value {
            // Labels as indices (`probs[np.arange(N), y]`): whole numbers, never a leaf.
            if let leaf = parameter.leaf, leaf.tape === tape {
                sizes.note(.variable(leaf), on: tape)
            } else {
                parameter.isSize = true
            }
            return try indexItem(value: .data(parameter.value), at: expression)
        }
        if let number = value.numberValue, !(value.tensorValue.map { $0.rank > 0 } ?? false) {
            return .at(try integer(number, at: expression))
        }
        if let tensor = value.indexTensor, tensor.rank == 1 {
            var positions: [Int] = []
            for number in tensor.scalars {
                positions.append(try integer(number, at: expression))
            }
            return .list(positions)
        }
        throw error(
            "an index is an integer, a slice 'a:b:s' or a list of integers, not \(value.kindDescription)",
            at: expression.range)
    }

    func integer(_ number: Double, at expression: Expression) throws(Diagnostic) -> Int {
        guard number == number.rounded(), abs(number) < 1e15 else {
            throw error(
                "an index must be an integer, not \(formatParameter(number))", at: expression.range)
        }
        return Int(number)
    }
}

extension Value {
    /// True and False in arithmetic are 1 and 0, as in Python.
    var numberIfBoolean: Value {
        if case .boolean(let b) = self { return .number(b ? 1 : 0) }
        return self
    }

    var isData: Bool {
        switch self {
        case .data, .booleans: return true
        case .sequence(let items, _, _): return items.contains(where: \.isData)
        default: return false
        }
    }

    /// The value as an index: integers given as data, literals or a range (never a recorded
    /// tensor: an index has no gradient).
    var indexTensor: Tensor? {
        switch self {
        case .variable(let variable):
            // A named constant (labels found to be whole numbers on a first run).
            return variable.node.kind.isConstant ? variable.value : nil
        case .parameter: return nil
        default: return constantTensor
        }
    }

    /// What a comparison reads: a plain number, or a tensor.
    var comparable: (number: Double?, tensor: Tensor)? {
        switch self {
        case .number(let n): return (n, Tensor(n))
        case .boolean(let b): return (b ? 1 : 0, Tensor(b ? 1 : 0))
        default:
            guard let tensor = tensorValue, !isSequence || constantTensor != nil else { return nil }
            return (nil, tensor)
        }
    }
}
