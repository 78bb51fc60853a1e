/// The syntax tree of a program. Every node knows its source range, and an expression also
/// knows its `point`: the operator or function name a diagnostic's caret points at.
public struct Program: Sendable {
    public let statements: [Statement]
}

public struct Statement: Sendable {
    public enum Kind: Sendable {
        /// `NAME = EXPR`
        case assign(name: String, nameRange: SourceRange, value: Expression)
        /// `seed N`
        case seed(Expression)
        /// `backward TARGET` or `backward TARGET, UPSTREAM`
        case backward(target: Expression, upstream: Expression?)
        /// `title "TEXT"`
        case title(String)
    }

    public let kind: Kind
    public let range: SourceRange
    /// The statement's first word (`backward`, `seed`, the bound name).
    public let keywordRange: SourceRange
}

public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case name(String)
        case boolean(Bool)
        /// `None`, for an optional argument given explicitly.
        case none
        case list([Expression])
        case negate(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case call(function: String, arguments: [CallArgument])
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

public enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case matmul = "@"
    case power = "**"
}

// MARK: Dumping (for tests: the whole tree as text, with ranges)

extension Program {
    /// One line per node, indented by depth, each with its range: the shape a parser test pins.
    public func dump() -> String {
        statements.map { $0.dump() }.joined()
    }
}

extension Statement {
    func dump() -> String {
        switch kind {
        case .assign(let name, _, let value):
            return "assign '\(name)' \(range)\n" + value.dump(depth: 1)
        case .seed(let value):
            return "seed \(range)\n" + value.dump(depth: 1)
        case .backward(let target, let upstream):
            return "backward \(range)\n" + target.dump(depth: 1) + (upstream?.dump(depth: 1) ?? "")
        case .title(let text):
            return "title \"\(text)\" \(range)\n"
        }
    }
}

extension Expression {
    func dump(depth: Int) -> String {
        let indent = String(repeating: "  ", count: depth)
        switch kind {
        case .number(let value):
            return "\(indent)number \(value) \(range)\n"
        case .name(let name):
            return "\(indent)name '\(name)' \(range)\n"
        case .boolean(let value):
            return "\(indent)boolean \(value) \(range)\n"
        case .none:
            return "\(indent)none \(range)\n"
        case .list(let items):
            return "\(indent)list \(range)\n" + items.map { $0.dump(depth: depth + 1) }.joined()
        case .negate(let operand):
            return "\(indent)negate \(range)\n" + operand.dump(depth: depth + 1)
        case .binary(let op, let left, let right):
            return "\(indent)binary '\(op.rawValue)' \(range)\n" + left.dump(depth: depth + 1)
                + right.dump(depth: depth + 1)
        case .call(let function, let arguments):
            return "\(indent)call '\(function)' \(range)\n"
                + arguments.map { argument in
                    if let label = argument.label {
                        return "\(indent)  keyword '\(label)' \(argument.range)\n"
                            + argument.value.dump(depth: depth + 2)
                    }
                    return argument.value.dump(depth: depth + 1)
                }.joined()
        }
    }
}
