import GradCore

// MARK: Writing a tree back as source

extension Program {
    /// The program written back as source, one statement a line, with brackets only where the
    /// grammar needs them: parsing it gives the same tree (ranges aside). Desugared forms come
    /// back in their plain spelling: `x += 1` as `x = x + 1`, `y.backward()` as `backward y`,
    /// `np.random.seed(0)` as `seed 0`.
    public var sourceText: String {
        statements.map { $0.sourceText + "\n" }.joined()
    }
}

extension Statement {
    /// The statement as source: one line, or for a block statement its header and its block
    /// indented by four spaces (no final line break).
    public var sourceText: String {
        switch kind {
        case .assign(let name, _, let value):
            return name + " = " + value.sourceText
        case .assignMany(let targets, let values):
            return targets.map(\.name).joined(separator: ", ") + " = "
                + values.map(\.sourceText).joined(separator: ", ")
        case .seed(let value):
            return "seed " + value.sourceText
        case .backward(let target, let upstream):
            return "backward " + target.sourceText + (upstream.map { ", " + $0.sourceText } ?? "")
        case .title(let text):
            return "title " + Self.stringLiteral(text)
        case .precision(let digits):
            return "precision \(digits)"
        case .augmentedAssign(let name, _, let op, let value, _):
            return name + " \(op.rawValue)= " + value.sourceText
        case .store(let target, let op, let value):
            return target.sourceText + " \(op?.rawValue ?? "")= " + value.sourceText
        case .expression(let expression):
            return expression.sourceText
        case .function(let definition):
            let parameters = definition.parameters.map { parameter in
                parameter.name + (parameter.defaultValue.map { "=" + $0.sourceText } ?? "")
            }
            return "def \(definition.name)(" + parameters.joined(separator: ", ") + "):"
                + Self.block(definition.body)
        case .returnValue(let value):
            return "return" + (value.map { " " + $0.sourceText } ?? "")
        case .forLoop(let targets, let iterable, let body):
            return "for " + targets.map(\.name).joined(separator: ", ") + " in "
                + iterable.sourceText + ":" + Self.block(body)
        case .conditional(let branches, let otherwise):
            return branches.enumerated().map { index, branch in
                (index == 0 ? "if " : "elif ") + branch.condition.sourceText + ":"
                    + Self.block(branch.body)
            }.joined(separator: "\n") + (otherwise.map { "\nelse:" + Self.block($0) } ?? "")
        case .breakLoop:
            return "break"
        case .continueLoop:
            return "continue"
        case .pass:
            return "pass"
        case .noGrad(let body):
            return "with no_grad():" + Self.block(body)
        case .imports(let names):
            // One `from` line when every name comes from one module (`from dezero import
            // Variable as Variable`, which also reads `import dezero.functions as F` back),
            // else one `import` of modules.
            let modules = Set(
                names.map { $0.path.split(separator: ".").dropLast().joined(separator: ".") })
            if modules.count == 1, let module = modules.first, !module.isEmpty {
                return "from \(module) import "
                    + names.map { "\($0.path.split(separator: ".").last!) as \($0.alias)" }
                    .joined(separator: ", ")
            }
            return "import " + names.map { "\($0.path) as \($0.alias)" }.joined(separator: ", ")
        }
    }

    /// A block after its header's colon: each statement on its own lines, four spaces in.
    private static func block(_ statements: [Statement]) -> String {
        statements.map { statement in
            "\n"
                + statement.sourceText.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + $0 }.joined(separator: "\n")
        }.joined()
    }

    /// `text` as the language writes a string: in double quotes with the lexer's three escapes
    /// (`\"`, `\\`, `\n`), scalar by scalar (a backslash followed by a combining mark is one
    /// Character, which a search by Characters would miss).
    public static func stringLiteral(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension Expression {
    /// How tightly the expression binds in the parser's grammar, on the ladder the figures
    /// use: `prefix` is a unary minus (and a negative number: `-2 ** 2` is `-(2 ** 2)`), `atom`
    /// what a postfix may follow (names, calls, brackets, `x.f()`, `x[i]`). An operand is
    /// bracketed when it binds more loosely than its place asks.
    var binding: Precedence {
        switch kind {
        case .number(let value):
            return value.sign == .minus ? .prefix : .atom
        case .negate:
            return .prefix
        case .binary(.power, _, _):
            return .power
        case .binary(.add, _, _), .binary(.subtract, _, _):
            return .additive
        case .binary:
            return .multiplicative
        case .comparison, .logical, .not:
            // Looser than any arithmetic; among themselves they are bracketed (`isLoose`).
            return .additive
        case .name, .string, .boolean, .none, .list, .tuple, .call, .method, .attribute,
            .subscripted:
            return .atom
        }
    }

    /// The expression as source that parses to the same tree.
    public var sourceText: String {
        switch kind {
        case .number(let value):
            return Self.numberText(value)
        case .name(let name):
            return name
        case .string(let text):
            return Statement.stringLiteral(text)
        case .comparison(let first, let links):
            return first.writtenTight
                + links.map { " \($0.op.rawValue) " + $0.operand.writtenTight }.joined()
        case .logical(let op, let left, let right):
            return left.writtenTight + " \(op.rawValue) " + right.writtenTight
        case .not(let operand):
            return "not " + operand.writtenTight
        case .boolean(let value):
            return value ? "True" : "False"
        case .none:
            return "None"
        case .list(let items):
            return "[" + items.map(\.sourceText).joined(separator: ", ") + "]"
        case .tuple(let items):
            let inside = items.map(\.sourceText).joined(separator: ", ")
            return "(" + inside + (items.count == 1 ? ",)" : ")")
        case .negate(let operand):
            return "-" + operand.written(atLeast: .prefix)
        case .binary(let op, let left, let right):
            switch op {
            case .power:
                // Right-associative, and its base is a postfix: `(-2) ** 2`, `a ** b ** c`.
                return left.written(atLeast: .atom) + " ** " + right.written(atLeast: .prefix)
            case .add, .subtract:
                return left.written(atLeast: .additive) + " \(op.rawValue) "
                    + right.written(atLeast: .multiplicative)
            case .multiply, .divide, .matmul, .modulo, .floorDivide:
                return left.written(atLeast: .multiplicative) + " \(op.rawValue) "
                    + right.written(atLeast: .prefix)
            }
        case .call(let function, let arguments):
            return function + Self.written(arguments)
        case .method(let receiver, let name, let arguments):
            return receiver.receiverText + "." + name + Self.written(arguments)
        case .attribute(let base, let name):
            return base.receiverText + "." + name
        case .subscripted(let base, let items):
            return base.receiverText + "[" + items.map(\.sourceText).joined(separator: ", ") + "]"
        }
    }

    /// A whole number without `.0` (`arange(6)`); any other as Swift writes it, which is the
    /// shortest text that reads back as the same double.
    static func numberText(_ value: Double) -> String {
        let isWhole = value == value.rounded() && abs(value) < 1e15
        if isWhole, !(value == 0 && value.sign == .minus) { return String(Int(value)) }
        return "\(value)"
    }

    /// The expression in brackets unless it binds at least as tightly as `binding`.
    private func written(atLeast binding: Precedence) -> String {
        self.binding >= binding && !isLoose ? sourceText : "(" + sourceText + ")"
    }

    /// A comparison, `and`, `or` or `not`: bracketed inside any other expression, so that
    /// their relative precedence never needs deciding when writing.
    private var isLoose: Bool {
        switch kind {
        case .comparison, .logical, .not: return true
        default: return false
        }
    }

    /// An operand of a comparison or a logical operator: bracketed when it is one itself.
    private var writtenTight: String {
        isLoose ? "(" + sourceText + ")" : sourceText
    }

    /// What `.name` or `[…]` may follow: a number is bracketed too, so that `(2).T` is not
    /// read as the number `2.`.
    private var receiverText: String {
        if case .number = kind { return "(" + sourceText + ")" }
        return written(atLeast: .atom)
    }

    private static func written(_ arguments: [CallArgument]) -> String {
        "("
            + arguments.map { argument in
                (argument.label.map { $0 + "=" } ?? "") + argument.value.sourceText
            }.joined(separator: ", ") + ")"
    }
}

extension SubscriptItem {
    var sourceText: String {
        switch kind {
        case .expression(let expression):
            return expression.sourceText
        case .slice(let start, let stop, let step):
            return (start?.sourceText ?? "") + ":" + (stop?.sourceText ?? "")
                + (step.map { ":" + $0.sourceText } ?? "")
        }
    }
}
