import GradCore

// Passes, updates and gradients: what a training loop does between its backward passes.
extension Interpreter {
    func runBackward(
        _ statement: Statement, target targetExpression: Expression,
        upstream upstreamExpression: Expression?
    )
        throws(Diagnostic)
    {
        if isSinglePass, let first = backward {
            throw error(
                "a second 'backward' statement; the first is on line \(first.line)",
                at: statement.keywordRange)
        }
        let targetValue = try evaluate(targetExpression)
        let target: Variable
        switch targetValue {
        case .variable(let variable) where variable.tape === tape:
            target = variable
        case .variable, .data:
            throw error(
                "nothing was computed from the parameters since the last backward pass: compute the loss again before calling backward",
                at: targetExpression.range)
        case .parameter(let parameter):
            guard completedPasses == 0 || tape.nodes.contains(where: { $0.kind.operation != nil })
            else {
                throw error(
                    "nothing was computed from the parameters since the last backward pass: compute the loss again before calling backward",
                    at: targetExpression.range)
            }
            do { target = try leaf(of: parameter) } catch {
                throw self.error(error, at: targetExpression)
            }
        default:
            throw error(
                "'backward' needs a tensor computed from the file's names, not a constant",
                at: targetExpression.range)
        }
        var upstream: Tensor?
        if let upstreamExpression {
            let value = try evaluate(upstreamExpression)
            upstream = value.tensorValue
            guard upstream != nil, !value.isSequence || value.constantTensor != nil else {
                throw error(
                    "the upstream gradient must be a tensor or a number",
                    at: upstreamExpression.range)
            }
        }
        let gradients: Gradients
        do {
            // A training pass that may not be drawn needs its leaves' gradients only; the pass
            // that is drawn gets them all when the evaluation is made.
            gradients = try tape.backward(target, upstream: upstream, leavesOnly: !isSinglePass)
        } catch {
            throw self.error(error, at: upstreamExpression ?? targetExpression)
        }
        try checkRunLimits(at: statement.keywordRange)
        var targetName: String?
        if case .name(let name) = targetExpression.kind { targetName = name }
        let pass = Evaluation.BackwardPass(
            target: target, targetName: targetName, hasExplicitUpstream: upstream != nil,
            gradients: gradients, source: file, targetRange: targetExpression.range,
            upstreamRange: upstreamExpression?.range)
        backward = (pass, statement.range.start.line)
        lastLossName = pass.lossName
        // Each parameter read in the pass adds its gradient to what it holds.
        var seen = Set<ObjectIdentifier>()
        for parameter in passParameters where seen.insert(ObjectIdentifier(parameter)).inserted {
            guard let leaf = parameter.leaf, leaf.tape === tape,
                let gradient = gradients.total(leaf)
            else { continue }
            if let held = parameter.grad, held.shape == gradient.shape {
                parameter.grad = Tensor(
                    shape: held.shape, scalars: zip(held.scalars, gradient.scalars).map { $0 + $1 })
                parameter.gradPasses = (parameter.gradPasses?.lowerBound ?? passNumber)...passNumber
            } else {
                parameter.grad = gradient
                parameter.gradPasses = passNumber...passNumber
            }
        }
        for id in sizes.leaves {
            if let owner = passParameters.first(where: {
                $0.leaf?.id == id && $0.leaf?.tape === tape
            }) {
                owner.isSize = true
            }
        }
        var summary = Evaluation.PassSummary(
            number: passNumber, line: statement.range.start.line,
            loss: target.value.count == 1 ? target.value.scalars[0] : nil)
        if !options.tracked.isEmpty { summary.tracked = trackedValues() }
        summaries.append(summary)
        completedPasses += 1
        passEnded = true
        // The pass is kept when the next begins (the arrays move, nothing is copied), or at
        // the end of the run.
        if !isSinglePass, options.pass == passNumber {
            kept = passRecord()
        }
        if !isSinglePass, options.alsoKept.contains(passNumber) {
            alsoKept[passNumber] = passRecord()
        }
        if !isSinglePass, let spread = options.keptSpread {
            keepSpread(spread)
        }
    }

    /// The current pass as figures need it.
    func passRecord() -> Evaluation.PassRecord {
        Evaluation.PassRecord(
            number: passNumber, tape: tape, history: history, backward: backward?.pass,
            statements: statements, calls: calls,
            sizeLeaves: sizes.leaves)
    }

    /// A new tape for the pass after a backward; the last one is dropped unless kept.
    func beginPass() {
        if options.pass == nil { kept = passRecord() }
        passNumber += 1
        startTape()
    }

    /// Pass 1 starts afresh at a training loop: what the file computed before it is data
    /// (constants of pass 1, as earlier passes' tensors are of later ones).
    func beginTraining() {
        guard !tape.nodes.isEmpty || !history.isEmpty else { return }
        startTape()
    }

    /// A new tape for the pass `passNumber`: lists of tensors keep their values, the names and
    /// statements of the last tape are forgotten.
    private func startTape() {
        for name in listsHoldingTensors {
            guard case .sequence(let items, let ranges, _) = lookUpLocalOrGlobal(name) else {
                continue
            }
            bindName(
                name,
                .sequence(
                    items.map { item in
                        if case .variable(let variable) = item { return .data(variable.value) }
                        return item
                    }, ranges: ranges))
        }
        listsHoldingTensors = []
        passEnded = false
        workInAll += tape.work
        tape = Tape(limits: options.limits)
        history = []
        statements = []
        calls = []
        passParameters = []
        earlierConstants = [:]
        sizes = SizeUses()
        backward = nil
        failedOperation = nil
    }

    func checkRunLimits(at range: SourceRange) throws(Diagnostic) {
        let limits = options.runLimits
        if operationsInAll > limits.maxOperations {
            throw error(
                "the run recorded more than \(limits.maxOperations) operations in all its passes; train for fewer iterations, or on less data",
                at: range)
        }
        if workInAll + tape.work > limits.maxWork {
            throw error(
                "the run needs more than \(limits.maxWork) multiply-adds in all its passes (about 10 s); train for fewer iterations, or on less data",
                at: range)
        }
        if elementsInAll > limits.maxElements {
            throw error(
                "the run made more than \(limits.maxElements) tensor elements in all its passes; train for fewer iterations, or on less data",
                at: range)
        }
    }

    func finishRun() {
        scratchReset()
    }

    /// What the program computed, once every statement has ran: the kept pass (the last, or
    /// the one `Options.pass` asks for) with the run's summaries.
    func evaluation() throws(Diagnostic) -> Evaluation {
        let passCount = max(completedPasses, 1)
        if let wanted = options.pass, wanted > completedPasses || wanted < 1 {
            throw Diagnostic(
                completedPasses == 0
                    ? "--pass \(wanted): the file has no 'backward' statement, so it has one pass only (its whole run)"
                    : "--pass \(wanted): the file has \(completedPasses) \(completedPasses == 1 ? "pass" : "passes"), counted from 1",
                path: file.path)
        }
        // The last pass, when it is the one drawn, is the current one (or was kept when a
        // statement after its backward began the next).
        let record = options.pass == nil && passEnded ? passRecord() : (kept ?? passRecord())
        return evaluation(of: record, passCount: passCount)
    }

    /// Keeps this pass when it falls on the stride, and doubles the stride (dropping the
    /// passes off it) when more than twice `spread` are kept.
    private func keepSpread(_ spread: Int) {
        guard (passNumber - 1) % keptStride == 0 else { return }
        alsoKept[passNumber] = passRecord()
        guard alsoKept.count > 2 * max(spread, 1) else { return }
        keptStride *= 2
        alsoKept = alsoKept.filter { ($0.key - 1) % keptStride == 0 }
        alsoKeptUpdates = alsoKeptUpdates.filter { ($0.key - 1) % keptStride == 0 }
    }

    /// The passes `Options.alsoKept` or `Options.keptSpread` kept (those the run had).
    var keptPassNumbers: [Int] {
        var numbers = Array(alsoKept.keys)
        if options.alsoKept.contains(passNumber) || options.keptSpread != nil,
            passEnded || isSinglePass
        {
            numbers.append(passNumber)
        }
        return numbers
    }

    /// The evaluation of a kept pass (the last is the current one, never kept early).
    func keptEvaluation(of number: Int) -> Evaluation? {
        let passCount = max(completedPasses, 1)
        if number == passNumber, passEnded || isSinglePass {
            return evaluation(of: passRecord(), passCount: passCount)
        }
        return alsoKept[number].map { evaluation(of: $0, passCount: passCount) }
    }

    private func evaluation(of kept: Evaluation.PassRecord, passCount: Int) -> Evaluation {
        var record = kept
        if let lean = record.backward, !isSinglePass {
            // The drawn pass's gradients in full: every edge and every operation's total.
            let full = try? record.tape.backward(
                lean.target, upstream: lean.hasExplicitUpstream ? lean.gradients.upstream : nil)
            if let full { record = record.replacingGradients(full) }
        }
        var finalValues: [(String, Tensor)] = []
        for name in globals.keys.sorted() {
            switch globals[name]! {
            case .parameter(let parameter): finalValues.append((name, parameter.value))
            case .variable(let variable): finalValues.append((name, variable.value))
            case .data(let tensor), .literal(let tensor): finalValues.append((name, tensor))
            case .number(let number): finalValues.append((name, Tensor(number)))
            default: break
            }
        }
        return Evaluation(
            file: file, tape: record.tape, history: record.history, title: title?.text,
            precision: precision?.digits, backward: record.backward,
            statements: record.statements.map { pending in
                Evaluation.Statement(
                    text: file.text(of: pending.range).split(whereSeparator: \.isWhitespace)
                        .joined(separator: " "),
                    names: pending.names, line: pending.range.start.line, nodes: pending.nodes)
            },
            run: Evaluation.Run(
                passCount: passCount, passNumber: record.number, passes: summariesWithSeries(),
                output: output,
                warnings: warnings, finalValues: finalValues, calls: record.calls,
                sizeLeaves: record.sizeLeaves,
                updates: updates(after: record.number)))
    }

    /// The passes' summaries with the scalars of `Options.series` each pass left.
    private func summariesWithSeries() -> [Evaluation.PassSummary] {
        guard !seriesByPass.isEmpty else { return summaries }
        return summaries.map { summary in
            var summary = summary
            summary.series = seriesByPass[summary.number] ?? [:]
            return summary
        }
    }

    // MARK: Updates

    /// Changes a parameter's value: `W.data -= …`, `W -= …` (in place, so the result keeps
    /// W's shape), `W = W - lr * W.grad`. Nothing is recorded; the next read in a pass records
    /// the new value as the parameter's leaf.
    func update(_ parameter: Parameter, to value: Value, inPlace: Bool, at expression: Expression)
        throws(Diagnostic)
    {
        guard var tensor = value.tensorValue, !value.isSequence || value.constantTensor != nil
        else {
            throw error(
                "'\(parameter.name)' is a tensor; it cannot hold \(value.kindDescription)",
                at: expression.range, point: expression.point)
        }
        if inPlace, tensor.shape != parameter.value.shape {
            guard
                let broadcast = try? BroadcastTo(parameter.value.shape).outputShape([tensor.shape]),
                broadcast == parameter.value.shape
            else {
                throw error(
                    "the update gives shape \(tensor.shape), which does not fit '\(parameter.name)' of shape \(parameter.value.shape) in place",
                    at: expression.range, point: expression.point)
            }
            tensor = BroadcastTo(parameter.value.shape).forward(
                [tensor], outputShape: parameter.value.shape)
        }
        parameter.value = tensor
        parameter.leaf = nil
    }

    /// `x.data = …`, `x.data -= …`, `x.grad = None`, `d[i] = …`.
    func store(into target: Expression, op: BinaryOperator?, value valueExpression: Expression)
        throws(Diagnostic)
    {
        switch target.kind {
        case .attribute(let base, let name) where name == "data" || name == "grad":
            let owner = try evaluate(base)
            guard case .parameter(let parameter) = owner else {
                throw notAParameter(base, owner, attribute: name)
            }
            let value = try evaluate(valueExpression)
            if name == "grad" {
                if op == nil {
                    if case .none = value {
                        parameter.grad = nil
                    } else if value.numberValue == 0, !value.isSequence {
                        parameter.grad = Tensor(
                            shape: parameter.value.shape,
                            scalars: Array(repeating: 0, count: parameter.value.count))
                    } else if let tensor = value.tensorValue {
                        parameter.grad = tensor
                    } else {
                        throw error(
                            "a gradient is a tensor, a number or None, not \(value.kindDescription)",
                            at: valueExpression.range)
                    }
                    parameter.gradPasses = nil
                    return
                }
                guard let held = parameter.grad else {
                    throw error(
                        "'\(parameter.name).grad' is None: there is nothing to change in place",
                        at: target.range)
                }
                let result = try binary(op!, .data(held), value, expression: valueExpression)
                guard let tensor = result.tensorValue, tensor.shape == held.shape else {
                    throw error(
                        "the result does not fit '\(parameter.name).grad' in place",
                        at: valueExpression.range)
                }
                parameter.grad = tensor
                return
            }
            if let op {
                let result = try binary(
                    op, .data(parameter.value), value, expression: valueExpression)
                try update(parameter, to: result, inPlace: true, at: valueExpression)
            } else {
                try update(parameter, to: value, inPlace: false, at: valueExpression)
            }
        case .attribute(_, "requires_grad"):
            throw error(
                "'.requires_grad' is not needed: every array a file binds is a leaf, with a gradient after backward (bind data with constant(…) or .detach())",
                at: target.range, point: target.point)
        case .attribute(_, let name):
            throw error(
                "cannot assign to '.\(name)'; the attributes a file can assign are '.data' and '.grad'",
                at: target.range, point: target.point)
        case .subscripted(let base, let items):
            try storeElements(
                base: base, items: items, op: op, value: valueExpression, target: target)
        default:
            preconditionFailure("the parser stores into attributes and elements only")
        }
    }

    /// `d[mask] = 0`, `dscores[range(N), y] -= 1`: on data, or on a parameter inside an update.
    private func storeElements(
        base: Expression, items: [SubscriptItem], op: BinaryOperator?,
        value valueExpression: Expression,
        target: Expression
    ) throws(Diagnostic) {
        guard case .name(let name) = base.kind else {
            throw error("assign into the elements of a name ('d[i] = …')", at: base.range)
        }
        let current = try lookUp(name, at: base)
        let tensor: Tensor
        var parameter: Parameter?
        switch current {
        case .data(let t), .literal(let t):
            tensor = t
        case .parameter(let p):
            guard updating > 0 || !hasBackward else { throw recordedElements(name, at: base.range) }
            parameter = p
            tensor = p.value
        case .variable(let variable):
            // A file without a backward pass (gradients written by hand, as CS231n does)
            // changes a copy: the name holds data from then on.
            guard !hasBackward else { throw recordedElements(name, at: base.range) }
            tensor = variable.value
        default:
            throw error(
                "cannot assign into the elements of \(current.kindDescription)", at: base.range)
        }
        var offsets: [Int] = []
        var selectedShape = Shape([])
        var mask: Tensor?
        if items.count == 1, case .expression(let maskExpression) = items[0].kind,
            case .booleans(let booleans) = try evaluate(maskExpression)
        {
            guard booleans.shape == tensor.shape else {
                throw error(
                    "a boolean mask has the shape of what it indexes, \(tensor.shape), not \(booleans.shape)",
                    at: items[0].range)
            }
            mask = booleans
            offsets = booleans.scalars.indices.filter { booleans.scalars[$0] != 0 }
            selectedShape = Shape([offsets.count])
        }
        if mask == nil {
            var indexItems: [IndexItem] = []
            for item in items { indexItems.append(try indexItem(item)) }
            do {
                offsets = try Index(indexItems).selectedOffsets(in: tensor.shape)
            } catch {
                if case .invalidIndex(let message, let position) = error {
                    throw self.error(message, at: items[min(position, items.count - 1)].range)
                }
                throw self.error(error, at: target)
            }
            selectedShape = Index(indexItems).resultShape(for: tensor.shape)
        }
        let value = try evaluate(valueExpression)
        guard let right = value.tensorValue else {
            throw error(
                "expected a number or a tensor, not \(value.kindDescription)",
                at: valueExpression.range)
        }
        guard let spread = try? BroadcastTo(selectedShape).outputShape([right.shape]),
            spread == selectedShape
        else {
            throw error(
                "a value of shape \(right.shape) cannot fill the \(selectedShape) elements selected",
                at: valueExpression.range)
        }
        let values = BroadcastTo(selectedShape).forward([right], outputShape: selectedShape).scalars
        var scalars = tensor.scalars
        for (offset, new) in zip(offsets, values) {
            switch op {
            case nil: scalars[offset] = new
            case .add: scalars[offset] += new
            case .subtract: scalars[offset] -= new
            case .multiply: scalars[offset] *= new
            case .divide: scalars[offset] /= new
            default:
                throw error(
                    "'\(op!.rawValue)=' into elements is not supported; write d[i] = d[i] \(op!.rawValue) …",
                    at: target.range)
            }
        }
        let result = Tensor(shape: tensor.shape, scalars: scalars)
        if let parameter {
            parameter.value = result
            parameter.leaf = nil
        } else {
            bindName(name, .data(result))
        }
    }

    private func recordedElements(_ name: String, at range: SourceRange) -> Diagnostic {
        error(
            "'\(name)' is recorded for the backward pass, and changing its elements would change a value the pass needs; compute a new tensor (np.where(mask, 0, \(name))), or change a copy of its data (\(name)_data = \(name).data)",
            at: range)
    }

    /// Why `.grad` or `.data` cannot be written on this value.
    func notAParameter(_ base: Expression, _ value: Value, attribute: String) -> Diagnostic {
        let written = file.text(of: base.range)
        switch value {
        case .variable(let variable):
            let line = statements.first { $0.nodes.contains(variable.id) }?.range.start.line
            let place = line.map { " at line \($0)" } ?? ""
            return error(
                "'\(written)' is computed\(place), so it has no gradient of its own; update parameters in place: \(written) -= …, \(written).data -= …",
                at: base.range)
        default:
            return error(
                "'\(written)' is \(value.kindDescription), not a parameter: only the leaves a file binds (W = randn(…), Variable(…)) have '.\(attribute)'",
                at: base.range)
        }
    }

    /// `x.grad`: the gradient a parameter holds, as data (None when nothing reached it).
    func gradient(of base: Expression, at expression: Expression) throws(Diagnostic) -> Value {
        let owner = try evaluate(base)
        guard case .parameter(let parameter) = owner else {
            throw notAParameter(base, owner, attribute: "grad")
        }
        guard completedPasses > 0 else {
            throw error(
                "'\(file.text(of: base.range)).grad' is read before any backward pass: call backward first",
                at: expression.range, point: expression.point)
        }
        if updating > 0, let passes = parameter.gradPasses, passes.count > 1,
            !parameter.warnedAccumulation
        {
            parameter.warnedAccumulation = true
            let name = file.text(of: base.range)
            warnings.append(
                Diagnostic(
                    file: file,
                    message:
                        "'\(name).grad' adds up passes \(passes.lowerBound) to \(passes.upperBound): nothing cleared it; call \(name).cleargrad() (or set \(name).grad = None) before backward if that is not intended",
                    range: expression.range, point: expression.point, severity: .warning))
        }
        guard let gradient = parameter.grad else { return .none }
        return .data(gradient)
    }

    // MARK: Imports

    func importName(_ name: ImportedName) throws(Diagnostic) {
        usesDeZero = usesDeZero || name.path.hasPrefix("dezero")
        if Builtins.modules.contains(name.path) {
            bindName(name.alias, .module(name.path))
            return
        }
        let parts = name.path.split(separator: ".")
        let module = parts.dropLast().joined(separator: ".")
        let member = String(parts.last!)
        if Builtins.modules.contains(module) {
            if let value = try moduleMember(
                module, member, at: Expression(.name(name.alias), range: name.range))
            {
                bindName(name.alias, value)
                return
            }
        }
        throw error(
            "'\(name.path)' is not something graphviz-grad has; it has DeZero's Variable, no_grad and functions (dezero.functions)",
            at: name.range)
    }

    /// `F.sigmoid`, `dezero.Variable`, `dezero.is_simple_core`; nil when the module has no such
    /// member.
    func moduleMember(_ module: String, _ member: String, at expression: Expression)
        throws(Diagnostic) -> Value?
    {
        if let known = moduleMembers[module]?[member] { return known }
        let value = try findModuleMember(module, member, at: expression)
        if let value { moduleMembers[module, default: [:]][member] = value }
        return value
    }

    private func findModuleMember(_ module: String, _ member: String, at expression: Expression)
        throws(Diagnostic) -> Value?
    {
        let path = module + "." + member
        if Builtins.modules.contains(path) { return .module(path) }
        switch member {
        case "Variable", "setup_variable", "as_variable", "no_grad":
            return .builtin(member)
        case "is_simple_core":
            // The language's Variable is DeZero's full one.
            return .boolean(false)
        case "optimizers", "layers", "models", "Model", "Layer", "MLP", "Parameter", "datasets",
            "DataLoader":
            throw error(
                "DeZero's '\(member)' is out of scope: graphviz-grad has DeZero's Variable and functions; write the layers with F.linear and the update with p.data -= lr * p.grad.data",
                at: expression.range, point: expression.point)
        default:
            break
        }
        guard module == "dezero.functions" || module == "dezero" else { return nil }
        if let function = Prelude.function(named: member) { return .function(function) }
        if OpRegistry.function(named: member) != nil { return .builtin("F." + member) }
        return nil
    }
}
