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
    public static let keywords: Set<String> = [
        "seed", "backward", "title", "import", "true", "false", "True", "False", "None",
    ]

    /// The words that start a statement, for "did you mean" hints.
    static let statementWords = ["seed", "backward", "title", "import", "precision"]

    /// `x += e` and its kin, with the operator each applies.
    static let augmentedAssignments: [String: BinaryOperator] = [
        "+=": .add, "-=": .subtract, "*=": .multiply, "/=": .divide, "@=": .matmul, "**=": .power,
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
    private var next: Token { tokens[min(position + 1, tokens.count - 1)] }

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
        case .newline: return token.text == ";" ? "';'" : "the end of the line"
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

    private mutating func expectName(_ what: String) throws(Diagnostic) -> (String, Token) {
        guard case .name(let name) = current.kind else { throw expected(what) }
        return (name, take())
    }

    /// Enters one level of nesting (a bracket, a unary minus, the right side of `**`, a
    /// postfix), opened by the current token; refuses to go deeper than `maxDepth`.
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
            if let statement = try statement() { statements.append(statement) }
            switch current.kind {
            case .newline: _ = take()
            case .end: break
            default: throw expected("the end of the line")
            }
        }
        return Program(statements: statements)
    }

    /// One statement, or nil for an `import numpy` line.
    private mutating func statement() throws(Diagnostic) -> Statement? {
        operatorsInStatement = 0
        let first = current
        guard case .name(let word) = first.kind else {
            throw error(
                "expected a statement ('NAME = …', 'backward …', 'seed …' or 'title \"…\"'), found \(describe(first))",
                at: first.range)
        }
        switch next.kind {
        case .symbol("="):
            return try assignment(name: word, nameToken: first)
        case .symbol(","):
            if !Self.keywords.contains(word) { return try assignMany() }
        case .symbol(let symbol) where Self.augmentedAssignments[symbol] != nil:
            return try augmentedAssignment(name: word, nameToken: first)
        default:
            break
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
        case "import":
            try importStatement()
            return nil
        case "precision" where next.kind.isNumber:
            _ = take()
            let number = take()
            guard case .number(let digits) = number.kind, digits == digits.rounded(),
                (1...15).contains(digits)
            else {
                throw error(
                    "'precision' takes a whole number of significant digits from 1 to 15",
                    at: number.range)
            }
            return Statement(
                kind: .precision(Int(digits)), range: first.range.union(number.range),
                keywordRange: first.range)
        case "from":
            if case .name = next.kind {
                throw error(
                    "'from … import' is not supported; write 'import numpy as np' and 'np.NAME'",
                    at: first.range)
            }
        default:
            break
        }
        // A word that looks like a misspelt statement keyword: `backwards y`, `titel "…"`.
        if next.kind.startsAnArgument,
            let keyword = closestName(to: word, among: Self.statementWords)
        {
            throw error("unknown statement '\(word)'; did you mean '\(keyword)'?", at: first.range)
        }
        return try expressionStatement()
    }

    /// `import numpy` and `import numpy as np` are accepted and ignored; NumPy's functions are
    /// always there, with or without the prefix.
    private mutating func importStatement() throws(Diagnostic) {
        _ = take()
        let (module, moduleToken) = try expectName("a module name after 'import'")
        guard module == "numpy" else {
            throw error(
                "cannot import '\(module)': graphviz-grad understands NumPy only ('import numpy as np')",
                at: moduleToken.range)
        }
        guard case .name("as") = current.kind else { return }
        _ = take()
        let (alias, aliasToken) = try expectName("a name after 'as'")
        guard alias == "np" else {
            throw error(
                "NumPy can only be imported as 'np' ('import numpy as np')", at: aliasToken.range)
        }
    }

    /// `x.backward()`, `x.backward(g)` and `np.random.seed(N)` as statements; any other
    /// expression on its own computes nothing that is kept.
    private mutating func expressionStatement() throws(Diagnostic) -> Statement {
        let first = current
        if next.kind == .newline || next.kind == .end, case .name(let word) = first.kind {
            throw error(
                "a statement must bind a name ('\(word) = …') or be 'backward', 'seed' or 'title'",
                at: first.range)
        }
        let expression = try expression()
        switch expression.kind {
        case .method(let receiver, "backward", let arguments):
            let gradient = try upstreamArgument(arguments, call: expression)
            let keyword = SourceRange(
                expression.point,
                SourceLocation(line: expression.point.line, column: expression.point.column + 8))
            return Statement(
                kind: .backward(target: receiver, upstream: gradient), range: expression.range,
                keywordRange: keyword)
        case .call(let function, let arguments)
        where OpRegistry.numpyName(function) == "random.seed":
            guard arguments.count == 1, arguments[0].label == nil || arguments[0].label == "seed"
            else {
                throw error("'\(function)' takes one argument, the seed", at: expression.range)
            }
            return Statement(
                kind: .seed(arguments[0].value), range: expression.range,
                keywordRange: expression.range)
        default:
            if case .name(let word) = expression.kind {
                throw error(
                    "expected '=' after '\(word)', found \(describe(current))", at: current.range)
            }
            throw error(
                "this expression is computed and then lost; bind it to a name ('y = …')",
                at: expression.range, point: expression.point)
        }
    }

    /// The upstream gradient of `x.backward(g)` (also `gradient=g`, PyTorch's keyword).
    private func upstreamArgument(_ arguments: [CallArgument], call: Expression) throws(Diagnostic)
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

    private func checkAssignable(_ name: String, at range: SourceRange) throws(Diagnostic) {
        if Self.keywords.contains(name) {
            throw error("cannot assign to '\(name)': it is a keyword", at: range)
        }
        if OpRegistry.numpyModules.contains(name) {
            throw error("cannot assign to '\(name)': it stands for NumPy", at: range)
        }
        if Builtins.isFunction(name) {
            throw error("cannot assign to '\(name)': it is a built-in function", at: range)
        }
    }

    private mutating func assignment(name: String, nameToken: Token) throws(Diagnostic) -> Statement
    {
        try checkAssignable(name, at: nameToken.range)
        _ = take()  // the name
        _ = take()  // =
        let value = try expression()
        return Statement(
            kind: .assign(name: name, nameRange: nameToken.range, value: value),
            range: nameToken.range.union(value.range), keywordRange: nameToken.range)
    }

    /// `x += e` is `x = x + (e)`: the name is rebound to the new result, as in Python.
    private mutating func augmentedAssignment(name: String, nameToken: Token) throws(Diagnostic)
        -> Statement
    {
        try checkAssignable(name, at: nameToken.range)
        _ = take()  // the name
        let operatorToken = take()
        let op = Self.augmentedAssignments[operatorToken.text]!
        let value = try expression()
        let target = Expression(.name(name), range: nameToken.range)
        let combined = Expression(
            .binary(op, target, value), range: nameToken.range.union(value.range),
            point: operatorToken.range.start)
        return Statement(
            kind: .assign(name: name, nameRange: nameToken.range, value: combined),
            range: combined.range, keywordRange: nameToken.range)
    }

    /// `A, B = EXPR, EXPR`
    private mutating func assignMany() throws(Diagnostic) -> Statement {
        var targets: [AssignmentTarget] = []
        repeat {
            if !targets.isEmpty { _ = take() }  // ,
            let (name, token) = try expectName("a name to assign to")
            try checkAssignable(name, at: token.range)
            if let earlier = targets.first(where: { $0.name == name }) {
                throw error(
                    "'\(name)' is assigned twice (first at \(earlier.range.start))", at: token.range
                )
            }
            targets.append(AssignmentTarget(name: name, range: token.range))
        } while isSymbol(",")
        let equals = try expectSymbol("=")
        var values = [try expression()]
        while isSymbol(",") {
            _ = take()
            values.append(try expression())
        }
        let range = targets[0].range.union(values.last!.range)
        guard values.count == targets.count else {
            throw error(
                "\(targets.count) names but \(values.count) \(values.count == 1 ? "value" : "values"); give one value per name",
                at: range, point: equals.range.start)
        }
        return Statement(
            kind: .assignMany(targets: targets, values: values), range: range,
            keywordRange: targets[0].range)
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
                range: left.range.union(right.range),
                point: op.range.start)
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
            if isSymbol("(") { return try call(function: name, nameRange: token.range) }
            return Expression(.name(name), range: token.range)
        case .symbol("("):
            return try parenthesized()
        case .symbol("["):
            return try list()
        case .string:
            throw error("a string can only follow 'title'", at: token.range)
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
            throw error(
                "'\(name)' is not a function call; graphviz-grad has NumPy's functions, not its constants or modules",
                at: range)
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
