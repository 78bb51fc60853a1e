import GradCore

/// Parses tokens into a `Program`, with Python's precedence and associativity, so that a
/// teacher's NumPy lines parse as written.
///
/// Grammar (one statement per line or per `;`; newlines inside brackets are not seen):
///
///     program    = { statement NEWLINE } END
///     statement  = NAME "=" expression
///                | NAME { "," NAME } "=" expression { "," expression }   same count
///                | NAME ("+=" | "-=" | "*=" | "/=" | "@=" | "**=") expression
///                | "seed" expression | "backward" expression [ "," expression ]
///                | "title" STRING | "precision" NUMBER
///                  (`precision` stays a name a file can bind: `precision = tp / (tp + fp)`)
///                | "import" "numpy" [ "as" "np" ]                        ignored
///                | postfix "." "backward" "(" [ expression ] ")"          as backward
///                | ("np" | "numpy") ".random.seed" "(" expression ")"     as seed
///     expression = term { ("+" | "-") term }                    left-associative
///     term       = unary { ("*" | "/" | "@") unary }            left-associative
///     unary      = "-" unary | power
///     power      = postfix [ "**" unary ]                       right-associative; binds
///                                                               tighter than a unary minus
///                                                               on its left: -x ** 2 is -(x ** 2)
///     postfix    = primary { "." NAME [ "(" [ arguments ] ")" ] | "[" subscripts "]" }
///     primary    = NUMBER | NAME | NAME "(" [ arguments ] ")"
///                | ("np" | "numpy") { "." NAME } "(" [ arguments ] ")"
///                | "(" expression ")" | "(" [ expression "," { expression "," } [ expression ] ] ")"
///                | "[" [ expression { "," expression } [","] ] "]"
///     arguments  = argument { "," argument } [","]
///     argument   = [ NAME "=" ] expression
///     subscripts = subscript { "," subscript }
///     subscript  = expression | [ expression ] ":" [ expression ] [ ":" [ expression ] ]
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
    public static let keywords: Set<String> = Set([
        "seed", "backward", "title", "import", "true", "false", "True", "False", "None",
    ]).union(pythonKeywords)

    /// Python's reserved words: a statement or an operator, never a name.
    static let pythonKeywords: Set<String> = [
        "def", "return", "for", "in", "if", "elif", "else", "while", "break", "continue", "pass",
        "with", "as", "and", "or", "not", "is", "class", "lambda", "try", "except", "finally",
        "raise", "global", "nonlocal", "yield", "del", "assert", "async", "await", "from",
    ]

    /// `x += e` and its kin, with the operator each applies.
    static let augmentedAssignments: [String: BinaryOperator] = [
        "+=": .add, "-=": .subtract, "*=": .multiply, "/=": .divide, "@=": .matmul, "**=": .power,
        "//=": .floorDivide, "%=": .modulo,
    ]

    let file: SourceFile
    let tokens: [Token]
    var position = 0
    var depth = 0
    var operatorsInStatement = 0
    /// How many `def`s and loops enclose the statement being parsed (`return`, `break`).
    var functionDepth = 0
    var loopDepth = 0

    public static func parse(_ file: SourceFile) throws(Diagnostic) -> Program {
        var parser = Parser(file: file, tokens: try Lexer.tokenize(file))
        return try parser.program()
    }

    private init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    // MARK: Tokens

    var current: Token { tokens[position] }
    var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }

    mutating func take() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func error(_ message: String, at range: SourceRange, point: SourceLocation? = nil)
        -> Diagnostic
    {
        Diagnostic(file: file, message: message, range: range, point: point)
    }

    /// "expected X, found Y" at the current token.
    func expected(_ what: String) -> Diagnostic {
        error("expected \(what), found \(describe(current))", at: current.range)
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .newline:
            return token.text == ";"
                ? "';'" : token.text.isEmpty ? "the end of the file" : "the end of the line"
        case .end: return "the end of the file"
        case .number, .name, .string, .symbol: return "'\(token.text)'"
        case .indent: return "an indented line"
        case .dedent: return "the end of the block"
        }
    }

    mutating func expectSymbol(_ symbol: String, closing opening: Token? = nil)
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

    mutating func expectName(_ what: String) throws(Diagnostic) -> (String, Token) {
        guard case .name(let name) = current.kind else { throw expected(what) }
        return (name, take())
    }

    /// Enters one level of nesting (a bracket, a unary minus, the right side of `**`, a
    /// postfix), opened by the current token; refuses to go deeper than `maxDepth`.
    mutating func nest() throws(Diagnostic) {
        depth += 1
        if depth > Self.maxDepth {
            throw error("expression nested deeper than \(Self.maxDepth) levels", at: current.range)
        }
    }

    mutating func countOperator() throws(Diagnostic) {
        operatorsInStatement += 1
        if operatorsInStatement > Self.maxOperators {
            throw error(
                "more than \(Self.maxOperators) operators in one statement; split it over several statements",
                at: current.range)
        }
    }

    /// The upstream gradient of `x.backward(g)` (also `gradient=g`, PyTorch's keyword).
    func upstreamArgument(_ arguments: [CallArgument], call: Expression) throws(Diagnostic)
        -> Expression?
    {
        guard let argument = arguments.first else { return nil }
        guard arguments.count == 1, argument.label == nil || argument.label == "gradient" else {
            throw error(
                "'backward' takes at most one argument, the upstream gradient",
                at: arguments.last!.range)
        }
        return argument.value
    }

    // MARK: Expressions

    /// `+` and `-` and what binds tighter: an operand of a comparison.
    mutating func arithmetic() throws(Diagnostic) -> Expression {
        var left = try term()
        while case .symbol(let s) = current.kind, s == "+" || s == "-" {
            try countOperator()
            let op = take()
            let right = try term()
            left = Expression(
                .binary(s == "+" ? .add : .subtract, left, right),
                range: left.range.union(right.range),
                point: op.range.start)
        }
        return left
    }

    private mutating func term() throws(Diagnostic) -> Expression {
        var left = try unary()
        let operators: [String: BinaryOperator] = [
            "*": .multiply, "/": .divide, "@": .matmul, "%": .modulo, "//": .floorDivide,
        ]
        while case .symbol(let s) = current.kind, let kind = operators[s] {
            try countOperator()
            let op = take()
            let right = try unary()
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
        let base = try postfix()
        guard isSymbol("**") else { return base }
        try nest()
        defer { depth -= 1 }
        let op = take()
        let exponent = try unary()
        return Expression(
            .binary(.power, base, exponent), range: base.range.union(exponent.range),
            point: op.range.start)
    }

    /// A primary followed by attributes, method calls and subscripts, left to right.
    private mutating func postfix() throws(Diagnostic) -> Expression {
        var result = try primary()
        var levels = 0
        defer { depth -= levels }
        while isSymbol(".") || isSymbol("[") {
            try nest()
            levels += 1
            if isSymbol("[") {
                result = try subscripted(result)
                continue
            }
            _ = take()  // .
            let (name, nameToken) = try expectName("an attribute or method name after '.'")
            if isSymbol("(") {
                let (arguments, close) = try arguments()
                result = Expression(
                    .method(receiver: result, name: name, arguments: arguments),
                    range: result.range.union(close.range), point: nameToken.range.start)
            } else {
                result = Expression(
                    .attribute(result, name: name), range: result.range.union(nameToken.range),
                    point: nameToken.range.start)
            }
        }
        return result
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
            if OpRegistry.numpyModules.contains(name) { return try numpyCall(module: token) }
            if Self.pythonKeywords.contains(name) {
                throw keywordInExpression(name, at: token.range)
            }
            if isSymbol("(") { return try call(function: name, nameRange: token.range) }
            return Expression(.name(name), range: token.range)
        case .symbol("("):
            return try parenthesized()
        case .symbol("["):
            return try list()
        case .string(let text):
            _ = take()
            return Expression(.string(text), range: token.range)
        default:
            throw expected("an expression")
        }
    }

    /// `np.f(…)`, `np.random.f(…)`: the dotted name is the function's, prefix included.
    private mutating func numpyCall(module: Token) throws(Diagnostic) -> Expression {
        var name = module.text
        var range = module.range
        guard isSymbol(".") else {
            throw error(
                "'\(name)' stands for NumPy; call one of its functions ('\(name).exp(x)')",
                at: range)
        }
        while isSymbol(".") {
            _ = take()
            let (part, partToken) = try expectName("a NumPy function name after '.'")
            name += "." + part
            range = range.union(partToken.range)
        }
        guard isSymbol("(") else {
            // A constant (`np.pi`), read by the interpreter, which knows which exist.
            return Expression(.name(name), range: range)
        }
        return try call(function: name, nameRange: range)
    }

    /// `( expression )`, or a tuple: `()`, `(a,)`, `(a, b)`.
    private mutating func parenthesized() throws(Diagnostic) -> Expression {
        try nest()
        defer { depth -= 1 }
        let open = take()
        if isSymbol(")") {
            let close = take()
            return Expression(.tuple([]), range: open.range.union(close.range))
        }
        let first = try expression()
        guard isSymbol(",") else {
            let close = try expectSymbol(")", closing: open)
            return Expression(first.kind, range: open.range.union(close.range), point: first.point)
        }
        var items = [first]
        while isSymbol(",") {
            _ = take()
            if isSymbol(")") { break }
            items.append(try expression())
        }
        let close = try expectSymbol(")", closing: open)
        return Expression(.tuple(items), range: open.range.union(close.range))
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

    private mutating func call(function: String, nameRange: SourceRange) throws(Diagnostic)
        -> Expression
    {
        let (arguments, close) = try arguments()
        return Expression(
            .call(function: function, arguments: arguments), range: nameRange.union(close.range),
            point: nameRange.start)
    }

    /// `( [ argument { "," argument } [","] ] )`, from the opening parenthesis.
    private mutating func arguments() throws(Diagnostic) -> ([CallArgument], Token) {
        try nest()
        defer { depth -= 1 }
        let open = take()
        var arguments: [CallArgument] = []
        var sawKeyword = false
        while !isSymbol(")") {
            let start = current
            if case .name(let label) = start.kind, next.kind == .symbol("=") {
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
        return (arguments, close)
    }

    /// `base[ subscript { "," subscript } ]`
    private mutating func subscripted(_ base: Expression) throws(Diagnostic) -> Expression {
        let open = take()
        var items: [SubscriptItem] = []
        repeat {
            if !items.isEmpty { _ = take() }  // ,
            items.append(try subscriptItem())
        } while isSymbol(",")
        let close = try expectSymbol("]", closing: open)
        return Expression(
            .subscripted(base, items), range: base.range.union(close.range), point: open.range.start
        )
    }

    private mutating func subscriptItem() throws(Diagnostic) -> SubscriptItem {
        let startToken = current
        if isSymbol("]") || isSymbol(",") { throw expected("an index") }
        let start = isSymbol(":") ? nil : try expression()
        guard isSymbol(":") else {
            return SubscriptItem(kind: .expression(start!), range: start!.range)
        }
        var end = take().range
        let endsPart = { (parser: Parser) in
            parser.isSymbol(":") || parser.isSymbol(",") || parser.isSymbol("]")
        }
        let stop = endsPart(self) ? nil : try expression()
        if let stop { end = stop.range }
        var step: Expression?
        if isSymbol(":") {
            end = take().range
            if !endsPart(self) {
                step = try expression()
                end = step!.range
            }
        }
        return SubscriptItem(
            kind: .slice(start: start, stop: stop, step: step), range: startToken.range.union(end))
    }
}

extension Token.Kind {
    func isSymbol(_ symbol: String) -> Bool { self == .symbol(symbol) }

    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }

    /// A name, a number or a string: what follows a statement keyword.
    var startsAnArgument: Bool {
        switch self {
        case .name, .number, .string: return true
        default: return false
        }
    }
}
