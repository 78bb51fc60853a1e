/// The syntax tree of a program. Every node knows its source range, and an expression also
/// knows its `point`: the operator or function name a diagnostic's caret points at.
public struct Program: Sendable {
    public let statements: [Statement]
}

public struct Statement: Sendable {
    public enum Kind: Sendable {
        /// `NAME = EXPR` (and `NAME += EXPR`, read as `NAME = NAME + (EXPR)`)
        case assign(name: String, nameRange: SourceRange, value: Expression)
        /// `A, B = EXPR, EXPR`: every value is computed before any name is bound.
        case assignMany(targets: [AssignmentTarget], values: [Expression])
        /// `seed N` (or `np.random.seed(N)`)
        case seed(Expression)
        /// `backward TARGET` or `backward TARGET, UPSTREAM` (or `TARGET.backward(UPSTREAM)`)
        case backward(target: Expression, upstream: Expression?)
        /// `title "TEXT"`
        case title(String)
        /// `precision N`: digits after the point in the file's figures
        case precision(Int)
    }

    public let kind: Kind
    public let range: SourceRange
    /// The statement's first word (`backward`, `seed`, the bound name).
    public let keywordRange: SourceRange
}

/// A name on the left of `=`.
public struct AssignmentTarget: Sendable {
    public let name: String
    public let range: SourceRange
}

public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case name(String)
        case boolean(Bool)
        /// `None`, for an optional argument given explicitly.
        case none
        case list([Expression])
        /// `(a, b)`, `(a,)`, `()`: dimensions, or the arrays of `concatenate`.
        case tuple([Expression])
        case negate(Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `f(…)`, and `np.f(…)`, `np.random.f(…)` with the prefix kept in the name as written.
        case call(function: String, arguments: [CallArgument])
        /// `x.name(…)`: the function `name` with x as its first argument.
        case method(receiver: Expression, name: String, arguments: [CallArgument])
        /// `x.name` without a call (`x.T`).
        case attribute(Expression, name: String)
        /// `x[item, …]`
        case subscripted(Expression, [SubscriptItem])
    }

    public let kind: Kind
    public let range: SourceRange
    public let point: SourceLocation

    init(_ kind: Kind, range: SourceRange, point: SourceLocation? = nil) {
        self.kind = kind
        self.range = range
        self.point = point ?? range.start
    }
}

public struct CallArgument: Sendable {
    /// The keyword (`axis` in `axis=0`), or nil for a positional argument.
    public let label: String?
    public let value: Expression
    /// The whole argument, keyword included.
    public let range: SourceRange
}

/// One item between the brackets of `x[…]`.
public struct SubscriptItem: Sendable {
    public enum Kind: Sendable {
        /// An integer, or a list of integers.
        case expression(Expression)
        /// `start:stop:step`, each part optional.
        case slice(start: Expression?, stop: Expression?, step: Expression?)
    }

    public let kind: Kind
    public let range: SourceRange
}

public enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case matmul = "@"
    case power = "**"

    /// How a figure writes the operator: `−`, `×`, `÷` as the article does.
    public var symbol: String {
        switch self {
        case .add: return "+"
        case .subtract: return "−"
        case .multiply: return "×"
        case .divide: return "÷"
        case .matmul: return "@"
        case .power: return "**"
        }
    }
}

// MARK: Dumping (for tests: the whole tree as text, with ranges)

extension Program {
    /// One line per node, indented by depth, each with its range (unless `ranges` is false):
    /// the shape a parser test pins.
    public func dump(ranges: Bool = true) -> String {
        statements.map { $0.dump(ranges: ranges) }.joined()
    }
}

extension Statement {
    func dump(ranges: Bool) -> String {
        let range = ranges ? " \(self.range)" : ""
        switch kind {
        case .assign(let name, _, let value):
            return "assign '\(name)'\(range)\n" + value.dump(depth: 1, ranges: ranges)
        case .assignMany(let targets, let values):
            return "assign " + targets.map { "'\($0.name)'" }.joined(separator: ", ")
                + "\(range)\n"
                + values.map { $0.dump(depth: 1, ranges: ranges) }.joined()
        case .seed(let value):
            return "seed\(range)\n" + value.dump(depth: 1, ranges: ranges)
        case .backward(let target, let upstream):
            return "backward\(range)\n" + target.dump(depth: 1, ranges: ranges)
                + (upstream?.dump(depth: 1, ranges: ranges) ?? "")
        case .title(let text):
            return "title \"\(text)\"\(range)\n"
        case .precision(let digits):
            return "precision \(digits)\(range)\n"
        }
    }
}

extension Expression {
    func dump(depth: Int, ranges: Bool) -> String {
        let range = ranges ? " \(self.range)" : ""
        let indent = String(repeating: "  ", count: depth)
        switch kind {
        case .number(let value):
            return "\(indent)number \(value)\(range)\n"
        case .name(let name):
            return "\(indent)name '\(name)'\(range)\n"
        case .boolean(let value):
            return "\(indent)boolean \(value)\(range)\n"
        case .none:
            return "\(indent)none\(range)\n"
        case .list(let items):
            return "\(indent)list\(range)\n"
                + items.map { $0.dump(depth: depth + 1, ranges: ranges) }.joined()
        case .negate(let operand):
            return "\(indent)negate\(range)\n" + operand.dump(depth: depth + 1, ranges: ranges)
        case .binary(let op, let left, let right):
            return "\(indent)binary '\(op.rawValue)'\(range)\n"
                + left.dump(depth: depth + 1, ranges: ranges)
                + right.dump(depth: depth + 1, ranges: ranges)
        case .tuple(let items):
            return "\(indent)tuple\(range)\n"
                + items.map { $0.dump(depth: depth + 1, ranges: ranges) }.joined()
        case .call(let function, let arguments):
            return "\(indent)call '\(function)'\(range)\n"
                + dump(arguments, depth: depth, ranges: ranges)
        case .method(let receiver, let name, let arguments):
            return "\(indent)method '\(name)'\(range)\n"
                + receiver.dump(depth: depth + 1, ranges: ranges)
                + dump(arguments, depth: depth, ranges: ranges)
        case .attribute(let base, let name):
            return "\(indent)attribute '\(name)'\(range)\n"
                + base.dump(depth: depth + 1, ranges: ranges)
        case .subscripted(let base, let items):
            return "\(indent)subscript\(range)\n" + base.dump(depth: depth + 1, ranges: ranges)
                + items.map { item in
                    switch item.kind {
                    case .expression(let expression):
                        return expression.dump(depth: depth + 1, ranges: ranges)
                    case .slice(let start, let stop, let step):
                        let parts = [("start", start), ("stop", stop), ("step", step)]
                        return "\(indent)  slice\(ranges ? " \(item.range)" : "")\n"
                            + parts.compactMap { label, part in
                                part.map {
                                    "\(indent)    \(label)\n"
                                        + $0.dump(depth: depth + 3, ranges: ranges)
                                }
                            }.joined()
                    }
                }.joined()
        }
    }

    private func dump(_ arguments: [CallArgument], depth: Int, ranges: Bool) -> String {
        let indent = String(repeating: "  ", count: depth)
        return arguments.map { argument in
            if let label = argument.label {
                return "\(indent)  keyword '\(label)'\(ranges ? " \(argument.range)" : "")\n"
                    + argument.value.dump(depth: depth + 2, ranges: ranges)
            }
            return argument.value.dump(depth: depth + 1, ranges: ranges)
        }.joined()
    }
}
