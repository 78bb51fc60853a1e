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
        /// `NAME += EXPR` (and `-= *= /= //= %= @= **=`): `combined` is `NAME + (EXPR)`. On a
        /// computed name it rebinds the name to `combined`; on a parameter that holds an array it
        /// changes the parameter in place (NumPy's meaning), an update.
        case augmentedAssign(
            name: String, nameRange: SourceRange, op: BinaryOperator, value: Expression,
            combined: Expression)
        /// `x.data = EXPR`, `x.data -= EXPR`, `x.grad = None`, `d[mask] = 0`: a store into an
        /// attribute or an element, with the operator of an augmented store.
        case store(target: Expression, op: BinaryOperator?, value: Expression)
        /// A call kept for what it does: `print(…)`, `x.cleargrad()`.
        case expression(Expression)
        case function(FunctionDefinition)
        /// `return` or `return EXPR` (`return a, b` is a tuple).
        case returnValue(Expression?)
        /// `for NAME in EXPR:` or `for A, B in EXPR:` and its block.
        case forLoop(targets: [AssignmentTarget], iterable: Expression, body: [Statement])
        /// `if …: … elif …: … else: …`
        case conditional(branches: [ConditionalBranch], otherwise: [Statement]?)
        case breakLoop
        case continueLoop
        case pass
        /// `with no_grad():` (or `torch.no_grad()`, `dezero.no_grad()`): nothing in the block is
        /// recorded.
        case noGrad(body: [Statement])
        /// `import dezero.functions as F`, `from dezero import Variable`: names bound to modules
        /// and functions. (`import numpy as np` makes no statement: NumPy is always there.)
        case imports([ImportedName])
    }

    public let kind: Kind
    public let range: SourceRange
    /// The statement's first word (`backward`, `seed`, the bound name).
    public let keywordRange: SourceRange
    /// Whether it is an update (`isUpdate`), decided once when the tree is made: a loop runs
    /// the statement many times.
    let updates: Bool

    public init(kind: Kind, range: SourceRange, keywordRange: SourceRange) {
        self.kind = kind
        self.range = range
        self.keywordRange = keywordRange
        self.updates = Self.isUpdate(kind)
    }
}

/// `def NAME(PARAMETERS):` and its block.
public struct FunctionDefinition: Sendable {
    public let name: String
    public let nameRange: SourceRange
    public let parameters: [FunctionParameter]
    public let body: [Statement]
    /// The names the body binds (assigns, loops over, imports): its locals, as Python decides
    /// them before the function runs.
    public let locals: Set<String>
}

public struct FunctionParameter: Sendable {
    public let name: String
    public let range: SourceRange
    /// The default value (`lr=0.1`), evaluated once, when the `def` runs.
    public let defaultValue: Expression?
}

/// One `if` or `elif` test and its block.
public struct ConditionalBranch: Sendable {
    public let condition: Expression
    public let body: [Statement]
}

/// One name an import binds: `F` for `dezero.functions`, `Variable` for `dezero.Variable`.
public struct ImportedName: Sendable {
    public let alias: String
    /// The dotted path of what it stands for.
    public let path: String
    public let range: SourceRange
}

/// A name on the left of `=`.
public struct AssignmentTarget: Sendable {
    public let name: String
    public let range: SourceRange
}

public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case string(String)
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
        /// `a < b`, `a < b <= c` (each pair compared, as Python chains them), `x is None`.
        case comparison(Expression, [ComparisonLink])
        /// `a and b`, `a or b`: Python's short-circuit, on truth values.
        case logical(LogicalOperator, Expression, Expression)
        /// `not a`
        case not(Expression)
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

/// One comparison of a chain and its right operand.
public struct ComparisonLink: Sendable {
    public let op: ComparisonOperator
    public let operand: Expression
}

public enum ComparisonOperator: String, Sendable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="
    case isSame = "is"
    case isNotSame = "is not"
}

public enum LogicalOperator: String, Sendable {
    case and, or
}

public enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case matmul = "@"
    case power = "**"
    case modulo = "%"
    case floorDivide = "//"

    /// How a figure writes the operator: `−`, `×`, `÷` as the article does.
    public var symbol: String {
        switch self {
        case .add: return "+"
        case .subtract: return "−"
        case .multiply: return "×"
        case .divide: return "÷"
        case .matmul: return "@"
        case .power: return "**"
        case .modulo: return "%"
        case .floorDivide: return "//"
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
        case .augmentedAssign(let name, _, let op, let value, _):
            return "assign '\(name)' \(op.rawValue)=\(range)\n"
                + value.dump(depth: 1, ranges: ranges)
        case .store(let target, let op, let value):
            return "store \((op?.rawValue ?? "") + "=")\(range)\n"
                + target.dump(depth: 1, ranges: ranges)
                + value.dump(depth: 1, ranges: ranges)
        case .expression(let expression):
            return "expression\(range)\n" + expression.dump(depth: 1, ranges: ranges)
        case .function(let definition):
            let parameters = definition.parameters.map { $0.name }.joined(separator: ", ")
            return "def '\(definition.name)'(\(parameters))\(range)\n"
                + definition.parameters.compactMap { parameter in
                    parameter.defaultValue.map {
                        "  default '\(parameter.name)'\n" + $0.dump(depth: 2, ranges: ranges)
                    }
                }.joined() + Self.dump(definition.body, ranges: ranges)
        case .returnValue(let value):
            return "return\(range)\n" + (value?.dump(depth: 1, ranges: ranges) ?? "")
        case .forLoop(let targets, let iterable, let body):
            return "for " + targets.map { "'\($0.name)'" }.joined(separator: ", ") + "\(range)\n"
                + iterable.dump(depth: 1, ranges: ranges) + Self.dump(body, ranges: ranges)
        case .conditional(let branches, let otherwise):
            return "if\(range)\n"
                + branches.map {
                    "  branch\n" + $0.condition.dump(depth: 2, ranges: ranges)
                        + Self.dump($0.body, ranges: ranges)
                }.joined() + (otherwise.map { "  else\n" + Self.dump($0, ranges: ranges) } ?? "")
        case .breakLoop:
            return "break\(range)\n"
        case .continueLoop:
            return "continue\(range)\n"
        case .pass:
            return "pass\(range)\n"
        case .noGrad(let body):
            return "no_grad\(range)\n" + Self.dump(body, ranges: ranges)
        case .imports(let names):
            return "import " + names.map { "\($0.alias)=\($0.path)" }.joined(separator: ", ")
                + "\(range)\n"
        }
    }

    /// A block's statements, each line indented one step further.
    static func dump(_ block: [Statement], ranges: Bool) -> String {
        block.map { statement in
            statement.dump(ranges: ranges).split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast().map { "  | " + $0 + "\n" }.joined()
        }.joined()
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
        case .string(let text):
            return "\(indent)string \(Statement.stringLiteral(text))\(range)\n"
        case .comparison(let first, let links):
            return "\(indent)compare " + links.map { "'\($0.op.rawValue)'" }.joined(separator: " ")
                + "\(range)\n" + first.dump(depth: depth + 1, ranges: ranges)
                + links.map { $0.operand.dump(depth: depth + 1, ranges: ranges) }.joined()
        case .logical(let op, let left, let right):
            return "\(indent)\(op.rawValue)\(range)\n" + left.dump(depth: depth + 1, ranges: ranges)
                + right.dump(depth: depth + 1, ranges: ranges)
        case .not(let operand):
            return "\(indent)not\(range)\n" + operand.dump(depth: depth + 1, ranges: ranges)
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
