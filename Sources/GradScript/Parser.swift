/// Parses tokens into a `Program`, with Python's precedence and associativity.
///
/// Grammar (one statement per line; newlines inside brackets are not seen):
///
///     program    = { statement NEWLINE } END
///     statement  = NAME "=" expression
///                | "seed" expression
///                | "backward" expression [ "," expression ]
///                | "title" STRING
///     expression = term { ("+" | "-") term }                    left-associative
///     term       = unary { ("*" | "/" | "@") unary }            left-associative
///     unary      = "-" unary | power
///     power      = primary [ "**" unary ]                       right-associative; binds
///                                                               tighter than a unary minus
///                                                               on its left: -x ** 2 is -(x ** 2)
///     primary    = NUMBER | NAME | NAME "(" [ arguments ] ")"
///                | "(" expression ")" | "[" [ expression { "," expression } [","] ] "]"
///     arguments  = argument { "," argument } [","]
///     argument   = [ NAME "=" ] expression
///
/// `true`/`false`/`True`/`False` and `None` are names with fixed meanings. A minus directly on a
/// number is folded into it (`-0.5` is the number −0.5, not an operation), except where `**`
/// binds first (`-2 ** 2` is −4, as in Python).
public struct Parser {
    /// Deeper nesting than this is refused, so that no input can exhaust the stack.
    public static let maxDepth = 256

    /// A chain like `a + b + c …` builds a tree as deep as it is long, so a statement may hold at
    /// most this many binary operators (for the same reason as the nesting limit).
    public static let maxOperators = 2000

    /// Words that start statements or have fixed meanings; they cannot be bound.
    public static let keywords: Set<String> = [
        "seed", "backward", "title", "true", "false", "True", "False", "None",
    ]

    private let file: SourceFile
    private let tokens: [Token]
    private var position = 0
    private var depth = 0
    private var operatorsInStatement = 0

    public static func parse(_ file: SourceFile) throws(Diagnostic) -> Program {
        var parser = Parser(file: file, tokens: try Lexer.tokenize(file))
        return try parser.program()
    }

    private init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    // MARK: Tokens

    private var current: Token { tokens[position] }
    private var previous: Token { tokens[max(position - 1, 0)] }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }

    private mutating func take() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func error(_ message: String, at range: SourceRange, point: SourceLocation? = nil)
        -> Diagnostic
    {
        Diagnostic(file: file, message: message, range: range, point: point)
    }

    /// "expected X, found Y" at the current token.
    private func expected(_ what: String) -> Diagnostic {
        error("expected \(what), found \(describe(current))", at: current.range)
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .newline: return "the end of the line"
        case .end: return "the end of the file"
        case .number, .name, .string, .symbol: return "'\(token.text)'"
        }
    }

    private mutating func expectSymbol(_ symbol: String, closing opening: Token? = nil)
        throws(Diagnostic) -> Token
    {
        guard isSymbol(symbol) else {
            if let opening {
                throw error(
                    "expected '\(symbol)' to close the '\(opening.text)' at \(opening.range.start), found \(describe(current))",
                    at: current.range)
            }
            throw expected("'\(symbol)'")
        }
        return take()
    }

    /// Enters one level of nesting (a bracket, a unary minus, the right side of `**`), opened by
    /// the current token; refuses to go deeper than `maxDepth`.
    private mutating func nest() throws(Diagnostic) {
        depth += 1
        if depth > Self.maxDepth {
            throw error("expression nested deeper than \(Self.maxDepth) levels", at: current.range)
        }
    }

    private mutating func countOperator() throws(Diagnostic) {
        operatorsInStatement += 1
        if operatorsInStatement > Self.maxOperators {
            throw error(
                "more than \(Self.maxOperators) operators in one statement; split it over several statements",
                at: current.range)
        }
    }

    // MARK: Statements

    private mutating func program() throws(Diagnostic) -> Program {
        var statements: [Statement] = []
        while current.kind != .end {
            statements.append(try statement())
            switch current.kind {
            case .newline: _ = take()
            case .end: break
            default: throw expected("the end of the line")
            }
        }
        return Program(statements: statements)
    }

    private mutating func statement() throws(Diagnostic) -> Statement {
        operatorsInStatement = 0
        let first = current
        guard case .name(let word) = first.kind else {
            throw error(
                "expected a statement ('NAME = …', 'backward …', 'seed …' or 'title \"…\"'), found \(describe(first))",
                at: first.range)
        }
        if tokens[position + 1].kind == .symbol("=") {
            return try assignment(name: word, nameToken: first)
        }
        switch word {
        case "seed":
            _ = take()
            let value = try expression()
            return Statement(
                kind: .seed(value), range: first.range.union(value.range), keywordRange: first.range
            )
        case "backward":
            _ = take()
            let target = try expression()
            var upstream: Expression?
            if isSymbol(",") {
                _ = take()
                upstream = try expression()
            }
            return Statement(
                kind: .backward(target: target, upstream: upstream),
                range: first.range.union((upstream ?? target).range), keywordRange: first.range)
        case "title":
            _ = take()
            guard case .string(let text) = current.kind else {
                throw expected("a string in double quotes after 'title'")
            }
            let string = take()
            return Statement(
                kind: .title(text), range: first.range.union(string.range),
                keywordRange: first.range)
        default:
            let next = tokens[position + 1]
            if next.kind == .newline || next.kind == .end {
                throw error(
                    "a statement must bind a name ('\(word) = …') or be 'backward', 'seed' or 'title'",
                    at: first.range)
            }
            throw error("expected '=' after '\(word)', found \(describe(next))", at: next.range)
        }
    }

    private mutating func assignment(name: String, nameToken: Token) throws(Diagnostic) -> Statement
    {
        if Self.keywords.contains(name) {
            throw error("cannot assign to '\(name)': it is a keyword", at: nameToken.range)
        }
        if Builtins.isFunction(name) {
            throw error(
                "cannot assign to '\(name)': it is a built-in function", at: nameToken.range)
        }
        _ = take()  // the name
        _ = take()  // =
        let value = try expression()
        return Statement(
            kind: .assign(name: name, nameRange: nameToken.range, value: value),
            range: nameToken.range.union(value.range), keywordRange: nameToken.range)
    }

    // MARK: Expressions

    private mutating func expression() throws(Diagnostic) -> Expression {
        var left = try term()
        while case .symbol(let s) = current.kind, s == "+" || s == "-" {
            try countOperator()
            let op = take()
            let right = try term()
            left = Expression(
                .binary(s == "+" ? .add : .subtract, left, right),
                range: left.range.union(right.range), point: op.range.start)
        }
        return left
    }

    private mutating func term() throws(Diagnostic) -> Expression {
        var left = try unary()
        while case .symbol(let s) = current.kind, s == "*" || s == "/" || s == "@" {
            try countOperator()
            let op = take()
            let right = try unary()
            let kind: BinaryOperator = s == "*" ? .multiply : (s == "/" ? .divide : .matmul)
            left = Expression(
                .binary(kind, left, right), range: left.range.union(right.range),
                point: op.range.start)
        }
        return left
    }

    private mutating func unary() throws(Diagnostic) -> Expression {
        guard isSymbol("-") else { return try power() }
        try nest()
        defer { depth -= 1 }
        let minus = take()
        let operand = try unary()
        let range = minus.range.union(operand.range)
        if case .number(let value) = operand.kind {
            return Expression(.number(-value), range: range)
        }
        return Expression(.negate(operand), range: range)
    }

    private mutating func power() throws(Diagnostic) -> Expression {
        let base = try primary()
        guard isSymbol("**") else { return base }
        try nest()
        defer { depth -= 1 }
        let op = take()
        let exponent = try unary()
        return Expression(
            .binary(.power, base, exponent), range: base.range.union(exponent.range),
            point: op.range.start)
    }

    private mutating func primary() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .number(let value):
            _ = take()
            return Expression(.number(value), range: token.range)
        case .name(let name):
            _ = take()
            switch name {
            case "true", "True": return Expression(.boolean(true), range: token.range)
            case "false", "False": return Expression(.boolean(false), range: token.range)
            case "None": return Expression(.none, range: token.range)
            default: break
            }
            if isSymbol("(") { return try call(function: name, nameToken: token) }
            return Expression(.name(name), range: token.range)
        case .symbol("("):
            try nest()
            defer { depth -= 1 }
            let open = take()
            let inner = try expression()
            let close = try expectSymbol(")", closing: open)
            return Expression(inner.kind, range: open.range.union(close.range), point: inner.point)
        case .symbol("["):
            return try list()
        case .string:
            throw error("a string can only follow 'title'", at: token.range)
        default:
            throw expected("an expression")
        }
    }

    private mutating func list() throws(Diagnostic) -> Expression {
        try nest()
        defer { depth -= 1 }
        let open = take()
        var items: [Expression] = []
        while !isSymbol("]") {
            items.append(try expression())
            guard isSymbol(",") else { break }
            _ = take()
        }
        let close = try expectSymbol("]", closing: open)
        return Expression(.list(items), range: open.range.union(close.range))
    }

    private mutating func call(function: String, nameToken: Token) throws(Diagnostic) -> Expression
    {
        try nest()
        defer { depth -= 1 }
        let open = take()
        var arguments: [CallArgument] = []
        var sawKeyword = false
        while !isSymbol(")") {
            let start = current
            if case .name(let label) = start.kind, tokens[position + 1].kind == .symbol("=") {
                _ = take()
                _ = take()
                let value = try expression()
                if arguments.contains(where: { $0.label == label }) {
                    throw error("keyword argument '\(label)' repeated", at: start.range)
                }
                arguments.append(
                    CallArgument(label: label, value: value, range: start.range.union(value.range)))
                sawKeyword = true
            } else {
                let value = try expression()
                if sawKeyword {
                    throw error("positional argument follows keyword argument", at: value.range)
                }
                arguments.append(CallArgument(label: nil, value: value, range: value.range))
            }
            guard isSymbol(",") else { break }
            _ = take()
        }
        let close = try expectSymbol(")", closing: open)
        return Expression(
            .call(function: function, arguments: arguments),
            range: nameToken.range.union(close.range), point: nameToken.range.start)
    }
}
