import GradCore

// What an update did, for the figure of the pass before it: `W ← W − lr · ∂L/∂W = 2.116`.
extension Interpreter {
    /// An update statement caught before it runs: what it changes, its formula's parts and
    /// the values they held then (W before the update), so that the figure can write the
    /// update as arithmetic. Texts are made when the evaluation is, for the drawn pass only.
    struct PendingUpdate {
        /// The pass it follows.
        let pass: Int
        let statement: Statement
        /// The parameter the statement changes; nil for state it binds (momentum's `v`).
        let parameter: Parameter?
        let assigned: String
        /// `W.data -= …`, `W -= …`: the formula is `W − …`; nil for `W = …`.
        let combining: BinaryOperator?
        let value: Expression
        /// Whether it changes state rather than a parameter of the loss: a name the pass did
        /// not differentiate (momentum's `v = np.zeros(3)` is an array, but has no gradient).
        let isState: Bool
        /// The name, `.data` and `.grad` reads of the formula, in the order `formulaText` meets
        /// them: their text in the figure's notation and their value when a number.
        let atoms: [(text: String, number: Double?)]
        var newValue = Tensor(0)
    }

    /// The update `statement` is about to make, when it is one that runs after a pass's
    /// backward and before the next pass records anything (before it, nothing has a gradient
    /// to step along).
    func beginUpdate(_ statement: Statement) -> PendingUpdate? {
        let pass: Int
        if backward != nil {
            pass = passNumber
        } else if completedPasses > 0, tape.nodes.isEmpty {
            pass = passNumber - 1
        } else {
            return nil
        }
        let loss = lastLossName
        var parameter: Parameter?
        let assigned: String
        let combining: BinaryOperator?
        let value: Expression
        switch statement.kind {
        case .store(let target, let op, let stored):
            guard case .attribute(let base, "data") = target.kind, Self.readsOnly(base),
                case .parameter(let owner)? = try? evaluate(base)
            else { return nil }
            (parameter, assigned, combining, value) = (owner, owner.name, op, stored)
        case .augmentedAssign(let name, _, let op, let stored, _):
            guard let current = lookUpLocalOrGlobal(name) else { return nil }
            if case .parameter(let owner) = current, owner.holdsArray || updating > 0 {
                (parameter, assigned) = (owner, owner.name)
            } else if statement.isUpdate || updating > 0, current.tensorValue != nil {
                assigned = name
            } else {
                return nil
            }
            (combining, value) = (op, stored)
        case .assign(let name, _, let stored):
            guard statement.isUpdate || updating > 0 else { return nil }
            if case .parameter(let owner)? = lookUpLocalOrGlobal(name) {
                (parameter, assigned) = (owner, owner.name)
            } else {
                assigned = name
            }
            (combining, value) = (nil, stored)
        default:
            return nil
        }
        var atoms: [(text: String, number: Double?)] = []
        if combining != nil {
            atoms.append(
                (
                    assigned,
                    parameter.map { $0.value.count == 1 ? $0.value.scalars[0] : nil }
                        ?? lookUpLocalOrGlobal(assigned)?.numberValue
                ))
        }
        guard collectAtoms(of: value, loss: loss, into: &atoms) else { return nil }
        return PendingUpdate(
            pass: pass, statement: statement, parameter: parameter, assigned: assigned,
            combining: combining, value: value, isState: parameter?.grad == nil, atoms: atoms)
    }

    /// Notes what `pending` changed once its statement ran: the new value, in the pass's
    /// summary (the parameters' values after each pass) and among the pass's updates.
    func finishUpdate(_ pending: PendingUpdate) {
        var finished = pending
        if let parameter = pending.parameter {
            finished.newValue = parameter.value
            if !summaries.isEmpty {
                summaries[summaries.count - 1].updates.removeAll { $0.name == parameter.name }
                summaries[summaries.count - 1].updates.append((parameter.name, parameter.value))
            }
        } else {
            guard let tensor = lookUpLocalOrGlobal(pending.assigned)?.tensorValue,
                !(lookUpLocalOrGlobal(pending.assigned)?.isSequence ?? true)
            else { return }
            finished.newValue = tensor
        }
        if updateLog.pass != pending.pass {
            if options.pass == updateLog.pass { keptUpdates = updateLog.updates }
            if options.alsoKept.contains(updateLog.pass) || alsoKept[updateLog.pass] != nil {
                alsoKeptUpdates[updateLog.pass] = updateLog.updates
            }
            updateLog = (pending.pass, [])
        }
        updateLog.updates.append(finished)
    }

    /// A scalar of `Options.series`, for the pass it belongs to: the pass under way, or the
    /// one before when nothing has been recorded since its backward.
    func noteSeries(_ name: String, _ value: Value) {
        guard !value.isSequence,
            let tensor = value.tensorValue ?? value.numberValue.map(Tensor.init),
            tensor.count == 1
        else { return }
        let pass =
            backward == nil && completedPasses > 0 && tape.nodes.isEmpty
            ? passNumber - 1 : passNumber
        seriesByPass[pass, default: [:]][name] = tensor.scalars[0]
    }

    /// The elements of `Options.tracked` as they are now (when a backward runs); nil for a
    /// name that holds no tensor or an index outside it.
    func trackedValues() -> [Double?] {
        options.tracked.map { element in
            guard
                let tensor = (lookUpLocalOrGlobal(element.name) ?? globals[element.name])?
                    .tensorValue,
                element.index.count == tensor.rank || (element.index.isEmpty && tensor.count == 1)
            else { return nil }
            var offset = 0
            for (axis, index) in element.index.enumerated() {
                let length = tensor.shape.dims[axis]
                guard (0..<length).contains(index) else { return nil }
                offset = offset * length + index
            }
            return tensor.scalars[offset]
        }
    }

    /// The updates that followed pass `number`, as its figure draws them.
    func updates(after number: Int) -> [Evaluation.Update] {
        if updateLog.pass == number { return drawnUpdates(updateLog.updates) }
        if let kept = alsoKeptUpdates[number] { return drawnUpdates(kept) }
        return options.pass == number ? drawnUpdates(keptUpdates) : []
    }

    /// The reads of a formula that `formulaText` writes as atoms; false when one cannot be
    /// read now (the statement will fail, and say why).
    private func collectAtoms(
        of expression: Expression, loss: String, into atoms: inout [(text: String, number: Double?)]
    ) -> Bool {
        switch expression.kind {
        case .name(let name):
            guard let value = lookUpLocalOrGlobal(name) ?? Self.builtinValue(name) else {
                return false
            }
            if case .parameter(let parameter) = value {
                atoms.append((parameter.name, value.numberValue))
            } else {
                atoms.append((name, value.isSequence ? nil : value.numberValue))
            }
            return true
        case .attribute(let base, "data"):
            return collectAtoms(of: base, loss: loss, into: &atoms)
        case .attribute(let base, "grad"):
            guard Self.readsOnly(base), case .parameter(let parameter)? = try? evaluate(base)
            else { return false }
            let gradient = parameter.grad
            atoms.append(
                (
                    "∂" + loss + "/∂" + parameter.name,
                    gradient.flatMap { $0.count == 1 ? $0.scalars[0] : nil }
                ))
            return true
        case .negate(let operand):
            return collectAtoms(of: operand, loss: loss, into: &atoms)
        case .binary(_, let left, let right):
            return collectAtoms(of: left, loss: loss, into: &atoms)
                && collectAtoms(of: right, loss: loss, into: &atoms)
        case .call(_, let arguments):
            return arguments.allSatisfy { collectAtoms(of: $0.value, loss: loss, into: &atoms) }
        default:
            return true
        }
    }

    /// Whether evaluating `expression` only reads names (`W`, `model.W`, `params[0]`): what
    /// is evaluated a second time to note an update must print nothing and change nothing.
    static func readsOnly(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .name, .number: return true
        case .attribute(let base, _): return readsOnly(base)
        case .subscripted(let base, let items):
            return readsOnly(base)
                && items.allSatisfy { item in
                    if case .expression(let index) = item.kind { return readsOnly(index) }
                    return false
                }
        default: return false
        }
    }

    /// The updates of the drawn pass, each on the parameter whose edge shows it: a state
    /// update goes with the first parameter update after it that reads it (`W ← W + v` after
    /// `v ← 0.9 · v − lr · ∂L/∂W`).
    func drawnUpdates(_ pending: [PendingUpdate]) -> [Evaluation.Update] {
        var updates: [Evaluation.Update] = []
        for (index, update) in pending.enumerated() {
            // State shows only where an update reads it: a gradient norm or a check computed
            // after the backward is not part of any update.
            let shownOn =
                update.isState
                ? pending[(index + 1)...].first { other in
                    !other.isState && other.atoms.contains { $0.text == update.assigned }
                }?.parameter?.name
                : update.parameter?.name
            guard let shownOn else { continue }
            let (formula, template, values) = formulaTexts(update)
            updates.append(
                Evaluation.Update(
                    parameter: shownOn, assigned: update.assigned, formula: formula,
                    template: template, values: values, value: update.newValue,
                    line: update.statement.range.start.line))
        }
        return updates
    }

    /// The update's formula in the figure's notation (`W − lr · ∂L/∂W`), and as a template
    /// whose numbers are placeholders (`{a0} − {a1} · {a2}`) when every read is a number.
    private func formulaTexts(_ update: PendingUpdate) -> (String, String?, [String: Double]) {
        let (formula, isArithmetic) = formulaText(update, placeholders: false)
        guard isArithmetic, update.atoms.allSatisfy({ $0.number != nil }) else {
            return (formula, nil, [:])
        }
        var values: [String: Double] = [:]
        for (index, atom) in update.atoms.enumerated() { values["{a\(index)}"] = atom.number! }
        return (formula, formulaText(update, placeholders: true).text, values)
    }

    private func formulaText(_ update: PendingUpdate, placeholders: Bool) -> (
        text: String, isArithmetic: Bool
    ) {
        var writer = FormulaWriter(file: file, atoms: update.atoms, placeholders: placeholders)
        guard let combining = update.combining else {
            return (writer.text(update.value, precedence: 0), writer.isArithmetic)
        }
        let left = writer.atom()
        let right = writer.text(
            update.value, precedence: FormulaWriter.precedence(of: combining) + 1)
        let combinesArithmetic = [.add, .subtract, .multiply, .divide].contains(combining)
        return (
            left + " " + FormulaWriter.symbol(combining) + " " + right,
            writer.isArithmetic && combinesArithmetic
        )
    }
}

/// Writes an update's formula as a figure writes formulas: `·` for `*`, `−` for `-`, `.data`
/// dropped and `p.grad` as `∂L/∂W`, reading the atoms in order.
struct FormulaWriter {
    let file: SourceFile
    let atoms: [(text: String, number: Double?)]
    var placeholders = false
    private var next = 0
    /// Whether the formula is arithmetic only (no calls or subscripts), so that its numbers
    /// written in can be worked out.
    private(set) var isArithmetic = true

    init(file: SourceFile, atoms: [(text: String, number: Double?)], placeholders: Bool = false) {
        self.file = file
        self.atoms = atoms
        self.placeholders = placeholders
    }

    static func precedence(of op: BinaryOperator) -> Int {
        switch op {
        case .add, .subtract: return 1
        case .multiply, .divide, .matmul, .modulo, .floorDivide: return 2
        case .power: return 4
        }
    }

    static func symbol(_ op: BinaryOperator) -> String {
        switch op {
        case .add: return "+"
        case .subtract: return "−"
        case .multiply: return "·"
        case .divide: return "/"
        case .matmul: return "@"
        case .power: return "**"
        case .modulo: return "%"
        case .floorDivide: return "//"
        }
    }

    /// `expression` as text, bracketed when it binds less tightly than `precedence`.
    mutating func text(_ expression: Expression, precedence: Int) -> String {
        switch expression.kind {
        case .name:
            return atom()
        case .attribute(let base, "data"):
            return text(base, precedence: precedence)
        case .attribute(_, "grad"):
            return atom()
        case .number:
            return file.text(of: expression.range)
        case .negate(let operand):
            let written = "−" + text(operand, precedence: 3)
            return precedence > 3 ? "(" + written + ")" : written
        case .binary(.power, let base, let exponent):
            let baseText = text(base, precedence: 5)
            if case .number(2) = exponent.kind { return baseText + "²" }
            let written = baseText + "**" + text(exponent, precedence: 4)
            return precedence > 4 ? "(" + written + ")" : written
        case .binary(let op, let left, let right):
            let own = Self.precedence(of: op)
            if op != .add, op != .subtract, op != .multiply, op != .divide { isArithmetic = false }
            let written =
                text(left, precedence: own) + " " + Self.symbol(op) + " "
                + text(right, precedence: own + 1)
            return precedence > own ? "(" + written + ")" : written
        case .call(let function, let arguments):
            isArithmetic = false
            let bare = function.split(separator: ".").last.map(String.init) ?? function
            var written: [String] = []
            for argument in arguments {
                written.append(
                    (argument.label.map { $0 + "=" } ?? "")
                        + text(argument.value, precedence: 0))
            }
            return bare + "(" + written.joined(separator: ", ") + ")"
        default:
            isArithmetic = false
            return file.text(of: expression.range).split(whereSeparator: \.isWhitespace)
                .joined(separator: " ")
        }
    }

    mutating func atom() -> String {
        defer { next += 1 }
        guard next < atoms.count else { return "?" }
        return placeholders ? "{a\(next)}" : atoms[next].text
    }
}
