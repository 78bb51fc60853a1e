import GradCore

// The statements: simple ones on a line, and the blocks of `def`, `for`, `if` and `with`.
//
//     program    = { line } END
//     line       = simple NEWLINE | compound
//     simple     = NAME "=" expression | NAME { "," NAME } "=" expression { "," expression }
//                | NAME AUGMENTED expression | target ("=" | AUGMENTED) expression
//                | "seed" expression | "backward" expression [ "," expression ]
//                | "title" STRING | "precision" NUMBER | import | "return" [ expression ]
//                | "break" | "continue" | "pass" | call
//     target     = postfix "." NAME | postfix "[" subscripts "]"
//     compound   = "def" NAME "(" [ parameter { "," parameter } ] ")" ":" block
//                | "for" NAME { "," NAME } "in" expression ":" block
//                | "if" expression ":" block { "elif" expression ":" block } [ "else" ":" block ]
//                | "with" call ":" block                           only no_grad()
//     block      = simple NEWLINE | NEWLINE INDENT { line } DEDENT
//     parameter  = NAME [ "=" expression ]
//     expression = conjunction { "or" conjunction }
//     conjunction = inversion { "and" inversion }
//     inversion  = "not" inversion | comparison
//     comparison = arithmetic { ("<" | "<=" | ">" | ">=" | "==" | "!=" | "is" | "is not") arithmetic }
extension Parser {
    /// The words that start a statement, for "did you mean" hints.
    static let statementWords = [
        "seed", "backward", "title", "import", "precision", "for", "def", "return", "print",
    ]

    /// Python constructs a teacher may paste that the language leaves out, each with what to
    /// write instead.
    static let refusedConstructs: [String: String] = [
        "while": "'while' loops are not part of the language: use 'for i in range(n)'",
        "class":
            "classes are not part of the language: write functions with 'def' (DeZero's Layer, Model and optimizer classes are out of scope)",
        "try":
            "'try' is not part of the language: a file stops at its first error, which is reported at its line",
        "except": "'except' is not part of the language: a file stops at its first error",
        "finally": "'finally' is not part of the language: a file stops at its first error",
        "raise":
            "'raise' is not part of the language: a file stops at its first error, which is reported at its line",
        "global":
            "'global' is not part of the language: return the new value from the function and bind it where it is called ('x = f(x)')",
        "nonlocal":
            "'nonlocal' is not part of the language: return the new value from the function and bind it where it is called",
        "lambda": "'lambda' is not part of the language: write the function with 'def'",
        "yield":
            "generators ('yield') are not part of the language: build the values in a 'for' loop",
        "del": "'del' is not part of the language: bind the name to something else, or leave it",
        "assert":
            "'assert' is not part of the language: 'graphviz-grad check' compares every gradient with finite differences",
        "async": "'async' is not part of the language",
        "await": "'await' is not part of the language",
    ]

    mutating func program() throws(Diagnostic) -> Program {
        var statements: [Statement] = []
        while current.kind != .end {
            try line(into: &statements)
        }
        return Program(statements: statements)
    }

    /// One line: a simple statement and its line end, or a compound statement and its block.
    mutating func line(into statements: inout [Statement]) throws(Diagnostic) {
        if current.kind == .indent {
            throw error(
                "unexpected indentation: this line is indented, but the line before it does not end a 'def', 'for', 'if' or 'with' header with ':'",
                at: current.range)
        }
        if let compound = try compoundStatement() {
            statements.append(compound)
            return
        }
        if let statement = try statement() { statements.append(statement) }
        switch current.kind {
        case .newline: _ = take()
        case .end: break
        default: throw expected("the end of the line")
        }
    }

    /// The block after a header's `:`: statements indented under it, or one simple statement on
    /// the same line.
    mutating func block(after header: Token) throws(Diagnostic) -> [Statement] {
        _ = try expectSymbol(":")
        var statements: [Statement] = []
        if current.kind != .newline {
            if let statement = try statement() { statements.append(statement) }
            guard current.kind == .newline || current.kind == .end else {
                throw expected("the end of the line")
            }
            if current.kind == .newline { _ = take() }
            return statements.isEmpty
                ? [Statement(kind: .pass, range: header.range, keywordRange: header.range)]
                : statements
        }
        _ = take()
        guard current.kind == .indent else {
            throw error(
                "expected an indented block after the '\(header.text)' on line \(header.range.start.line)",
                at: current.range)
        }
        _ = take()
        while current.kind != .dedent && current.kind != .end {
            try line(into: &statements)
        }
        if current.kind == .dedent { _ = take() }
        // A block of imports alone (`import numpy`) is a block that does nothing.
        return statements.isEmpty
            ? [Statement(kind: .pass, range: header.range, keywordRange: header.range)] : statements
    }

    /// `def`, `for`, `if`, `with`, or nil when the line is not one of them.
    private mutating func compoundStatement() throws(Diagnostic) -> Statement? {
        guard case .name(let word) = current.kind else { return nil }
        switch word {
        case "def": return try functionDefinition()
        case "for": return try forLoop()
        case "if": return try conditional()
        case "with": return try withBlock()
        case "elif", "else":
            throw error(
                "'\(word)' without an 'if' before it at the same indentation", at: current.range)
        default: return nil
        }
    }

    private mutating func functionDefinition() throws(Diagnostic) -> Statement {
        let header = take()
        let (name, nameToken) = try expectName("a function name after 'def'")
        try checkAssignable(name, at: nameToken.range, isFunction: true)
        let open = try expectSymbol("(")
        var parameters: [FunctionParameter] = []
        while !isSymbol(")") {
            if isSymbol("*") || isSymbol("**") {
                throw error(
                    "'*args' and '**kwargs' are not part of the language: name each parameter",
                    at: current.range)
            }
            let (parameter, token) = try expectName("a parameter name")
            try checkAssignable(parameter, at: token.range)
            if parameters.contains(where: { $0.name == parameter }) {
                throw error("parameter '\(parameter)' appears twice", at: token.range)
            }
            var defaultValue: Expression?
            if isSymbol("=") {
                _ = take()
                defaultValue = try expression()
            } else if parameters.last?.defaultValue != nil {
                throw error(
                    "parameter '\(parameter)' has no default but follows one that has; put parameters with defaults last",
                    at: token.range)
            }
            if isSymbol(":") {
                throw error(
                    "type annotations are not part of the language: write the name alone",
                    at: current.range)
            }
            parameters.append(
                FunctionParameter(name: parameter, range: token.range, defaultValue: defaultValue))
            guard isSymbol(",") else { break }
            _ = take()
        }
        _ = try expectSymbol(")", closing: open)
        if isSymbol("-") {
            throw error(
                "return annotations are not part of the language: end the line with ':'",
                at: current.range)
        }
        functionDepth += 1
        let outerLoops = loopDepth
        loopDepth = 0
        defer {
            functionDepth -= 1
            loopDepth = outerLoops
        }
        var body = try block(after: header)
        // A docstring says what the function does; it computes nothing.
        if case .expression(let first) = body.first?.kind, case .string = first.kind, body.count > 1
        {
            body.removeFirst()
        }
        var locals = Set(parameters.map(\.name))
        Self.collectLocals(body, into: &locals)
        let definition = FunctionDefinition(
            name: name, nameRange: nameToken.range, parameters: parameters, body: body,
            locals: locals)
        return Statement(
            kind: .function(definition), range: header.range.union(nameToken.range),
            keywordRange: header.range)
    }

    /// The names a block binds, as Python finds a function's locals (not those of nested
    /// functions' bodies).
    static func collectLocals(_ block: [Statement], into locals: inout Set<String>) {
        for statement in block {
            switch statement.kind {
            case .assign(let name, _, _), .augmentedAssign(let name, _, _, _, _):
                locals.insert(name)
            case .assignMany(let targets, _):
                locals.formUnion(targets.map(\.name))
            case .forLoop(let targets, _, let body):
                locals.formUnion(targets.map(\.name))
                collectLocals(body, into: &locals)
            case .conditional(let branches, let otherwise):
                for branch in branches { collectLocals(branch.body, into: &locals) }
                if let otherwise { collectLocals(otherwise, into: &locals) }
            case .noGrad(let body):
                collectLocals(body, into: &locals)
            case .function(let definition):
                locals.insert(definition.name)
            case .imports(let names):
                locals.formUnion(names.map(\.alias))
            default:
                break
            }
        }
    }

    private mutating func forLoop() throws(Diagnostic) -> Statement {
        let header = take()
        var targets: [AssignmentTarget] = []
        let parenthesized = isSymbol("(")
        if parenthesized { _ = take() }
        repeat {
            if !targets.isEmpty { _ = take() }  // ,
            let (name, token) = try expectName("a name after 'for'")
            try checkAssignable(name, at: token.range)
            targets.append(AssignmentTarget(name: name, range: token.range))
        } while isSymbol(",")
        if parenthesized { _ = try expectSymbol(")") }
        guard case .name("in") = current.kind else {
            throw expected("'in' after the loop's \(targets.count == 1 ? "name" : "names")")
        }
        _ = take()
        let iterable = try expression()
        loopDepth += 1
        defer { loopDepth -= 1 }
        let body = try block(after: header)
        return Statement(
            kind: .forLoop(targets: targets, iterable: iterable, body: body),
            range: header.range.union(iterable.range), keywordRange: header.range)
    }

    private mutating func conditional() throws(Diagnostic) -> Statement {
        let header = take()
        var branches: [ConditionalBranch] = []
        let condition = try expression()
        branches.append(ConditionalBranch(condition: condition, body: try block(after: header)))
        var otherwise: [Statement]?
        while case .name(let word) = current.kind, word == "elif" || word == "else" {
            let keyword = take()
            if word == "else" {
                otherwise = try block(after: keyword)
                break
            }
            let test = try expression()
            branches.append(ConditionalBranch(condition: test, body: try block(after: keyword)))
        }
        return Statement(
            kind: .conditional(branches: branches, otherwise: otherwise),
            range: header.range.union(condition.range), keywordRange: header.range)
    }

    /// `with no_grad():` and its spellings; any other `with` is refused.
    private mutating func withBlock() throws(Diagnostic) -> Statement {
        let header = take()
        let context = try expression()
        var isNoGrad = false
        switch context.kind {
        case .call("no_grad", let arguments), .call("dezero.no_grad", let arguments):
            isNoGrad = arguments.isEmpty
        case .method(let receiver, "no_grad", let arguments):
            if case .name(let module) = receiver.kind, ["torch", "dezero"].contains(module) {
                isNoGrad = arguments.isEmpty
            }
        default:
            break
        }
        guard isNoGrad else {
            throw error(
                "'with' is only for 'with no_grad():', whose block is not recorded (also 'torch.no_grad()')",
                at: context.range, point: context.point)
        }
        if case .name("as") = current.kind {
            throw error("'with no_grad()' binds no name: end the line with ':'", at: current.range)
        }
        let body = try block(after: header)
        return Statement(
            kind: .noGrad(body: body), range: header.range.union(context.range),
            keywordRange: header.range)
    }

    /// One simple statement, or nil for a line that does nothing (`import numpy`).
    mutating func statement() throws(Diagnostic) -> Statement? {
        operatorsInStatement = 0
        let first = current
        guard case .name(let word) = first.kind else {
            if case .string = first.kind {
                // A docstring or a string on its own line: a comment.
                _ = take()
                return Statement(
                    kind: .expression(Expression(.string(""), range: first.range)),
                    range: first.range, keywordRange: first.range)
            }
            throw error(
                "expected a statement ('NAME = …', 'backward …', 'seed …' or 'title \"…\"'), found \(describe(first))",
                at: first.range)
        }
        if let message = Self.refusedConstructs[word] {
            throw error(message, at: first.range)
        }
        switch word {
        case "return":
            _ = take()
            guard functionDepth > 0 else {
                throw error("'return' outside a function", at: first.range)
            }
            if current.kind == .newline || current.kind == .end {
                return Statement(
                    kind: .returnValue(nil), range: first.range, keywordRange: first.range)
            }
            let value = try expressionList()
            return Statement(
                kind: .returnValue(value), range: first.range.union(value.range),
                keywordRange: first.range)
        case "break", "continue":
            _ = take()
            guard loopDepth > 0 else {
                throw error("'\(word)' outside a 'for' loop", at: first.range)
            }
            return Statement(
                kind: word == "break" ? .breakLoop : .continueLoop, range: first.range,
                keywordRange: first.range)
        case "pass":
            _ = take()
            return Statement(kind: .pass, range: first.range, keywordRange: first.range)
        case "def", "for", "if", "with", "elif", "else":
            throw error(
                "'\(word)' starts a block: write it at the start of its own line", at: first.range)
        default:
            break
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
            return try importStatement()
        case "from":
            return try fromImportStatement()
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

    /// `return a, b`: a tuple without brackets.
    private mutating func expressionList() throws(Diagnostic) -> Expression {
        let first = try expression()
        guard isSymbol(",") else { return first }
        var items = [first]
        while isSymbol(",") {
            _ = take()
            if current.kind == .newline || current.kind == .end { break }
            items.append(try expression())
        }
        return Expression(.tuple(items), range: first.range.union(items.last!.range))
    }

    /// The modules a file may import, and what each import binds.
    static let importableModules: Set<String> = [
        "numpy", "dezero", "dezero.functions", "dezero.core_simple", "dezero.core", "torch",
    ]

    /// `import numpy as np` (ignored: NumPy is always there), `import dezero`,
    /// `import dezero.functions as F`.
    private mutating func importStatement() throws(Diagnostic) -> Statement? {
        let keyword = take()
        var names: [ImportedName] = []
        repeat {
            if !names.isEmpty || isSymbol(",") { _ = take() }
            let (path, range) = try dottedName()
            var alias = String(path.split(separator: ".").first!)
            var aliasRange = range
            if case .name("as") = current.kind {
                _ = take()
                let (name, token) = try expectName("a name after 'as'")
                alias = name
                aliasRange = token.range
            }
            try checkImportable(path, at: range)
            if path == "numpy" || path.hasPrefix("numpy.") {
                guard alias == "np" || alias == "numpy" else {
                    throw error(
                        "NumPy can only be imported as 'np' ('import numpy as np')", at: aliasRange)
                }
                continue
            }
            if path == "torch" {
                continue
            }
            names.append(ImportedName(alias: alias, path: path, range: range.union(aliasRange)))
        } while isSymbol(",")
        guard !names.isEmpty else { return nil }
        return Statement(
            kind: .imports(names), range: keyword.range.union(names.last!.range),
            keywordRange: keyword.range)
    }

    /// `from dezero import Variable`, `from dezero import functions as F`,
    /// `from dezero.core_simple import Variable, setup_variable`.
    private mutating func fromImportStatement() throws(Diagnostic) -> Statement? {
        let keyword = take()
        let (module, moduleRange) = try dottedName()
        try checkImportable(module, at: moduleRange)
        guard case .name("import") = current.kind else {
            throw expected("'import' after the module name")
        }
        _ = take()
        let parenthesized = isSymbol("(")
        if parenthesized { _ = take() }
        var names: [ImportedName] = []
        repeat {
            if !names.isEmpty { _ = take() }
            if isSymbol("*") {
                throw error(
                    "'import *' is not part of the language: name what you import ('from dezero import Variable')",
                    at: current.range)
            }
            let (name, token) = try expectName("a name to import")
            var alias = name
            var range = token.range
            if case .name("as") = current.kind {
                _ = take()
                let (aliasName, aliasToken) = try expectName("a name after 'as'")
                alias = aliasName
                range = range.union(aliasToken.range)
            }
            if module == "numpy" {
                throw error(
                    "write 'import numpy as np' and 'np.\(name)'; 'from numpy import …' is not part of the language",
                    at: token.range)
            }
            names.append(ImportedName(alias: alias, path: module + "." + name, range: range))
        } while isSymbol(",")
        if parenthesized { _ = try expectSymbol(")") }
        return Statement(
            kind: .imports(names), range: keyword.range.union(names.last!.range),
            keywordRange: keyword.range)
    }

    private mutating func dottedName() throws(Diagnostic) -> (String, SourceRange) {
        let (first, token) = try expectName("a module name")
        var path = first
        var range = token.range
        while isSymbol(".") {
            _ = take()
            let (part, partToken) = try expectName("a module name after '.'")
            path += "." + part
            range = range.union(partToken.range)
        }
        return (path, range)
    }

    private func checkImportable(_ path: String, at range: SourceRange) throws(Diagnostic) {
        if Self.importableModules.contains(path) || path.hasPrefix("numpy.") { return }
        let root = path.split(separator: ".").first.map(String.init) ?? path
        switch root {
        case "matplotlib":
            throw error(
                "cannot import '\(path)': plotting is not part of the language; remove the plotting lines ('graphviz-grad render' draws the graph)",
                at: range)
        case "dezero":
            throw error(
                "cannot import '\(path)': graphviz-grad has DeZero's Variable and functions ('dezero', 'dezero.functions'); its layers, models and optimizers are out of scope",
                at: range)
        default:
            throw error(
                "cannot import '\(path)': graphviz-grad understands NumPy and DeZero's functions only ('import numpy as np', 'import dezero.functions as F')",
                at: range)
        }
    }

    /// `x.backward()`, `x.backward(g)` and `np.random.seed(N)` as statements; a store into an
    /// attribute or an element (`W.data -= …`, `d[i] = 0`); a call kept for what it does
    /// (`print(…)`, `x.cleargrad()`).
    private mutating func expressionStatement() throws(Diagnostic) -> Statement {
        let first = current
        if next.kind == .newline || next.kind == .end, case .name(let word) = first.kind {
            throw error(
                "a statement must bind a name ('\(word) = …') or be 'backward', 'seed' or 'title'",
                at: first.range)
        }
        let expression = try expression()
        if isSymbol("=") || Self.augmentedAssignments[current.text] != nil {
            return try store(into: expression)
        }
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
        case .call, .method:
            return Statement(
                kind: .expression(expression), range: expression.range,
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

    /// `TARGET = EXPR` or `TARGET op= EXPR` where the target is `x.name` or `x[…]`.
    private mutating func store(into target: Expression) throws(Diagnostic) -> Statement {
        switch target.kind {
        case .attribute, .subscripted:
            break
        default:
            throw error(
                "cannot assign to this expression; the left of '=' is a name, 'x.data', 'x.grad' or 'x[…]'",
                at: target.range, point: target.point)
        }
        let operatorToken = take()
        let op = Self.augmentedAssignments[operatorToken.text]
        let value = try expression()
        return Statement(
            kind: .store(target: target, op: op, value: value),
            range: target.range.union(value.range),
            keywordRange: operatorToken.range)
    }

    func checkAssignable(_ name: String, at range: SourceRange, isFunction: Bool = false)
        throws(Diagnostic)
    {
        if Self.keywords.contains(name) {
            throw error("cannot assign to '\(name)': it is a keyword", at: range)
        }
        if OpRegistry.numpyModules.contains(name) {
            throw error("cannot assign to '\(name)': it stands for NumPy", at: range)
        }
        if !isFunction, Builtins.isFunction(name) {
            throw error("cannot assign to '\(name)': it is a built-in function", at: range)
        }
    }

    private mutating func assignment(name: String, nameToken: Token) throws(Diagnostic) -> Statement
    {
        try checkAssignable(name, at: nameToken.range)
        _ = take()  // the name
        _ = take()  // =
        let value = try expressionList()
        return Statement(
            kind: .assign(name: name, nameRange: nameToken.range, value: value),
            range: nameToken.range.union(value.range), keywordRange: nameToken.range)
    }

    /// `x += e`: on a computed name `x = x + (e)`, the name rebound to the new result, as in
    /// Python; on a parameter holding an array, an update in place.
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
            kind: .augmentedAssign(
                name: name, nameRange: nameToken.range, op: op, value: value, combined: combined),
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
        guard values.count == targets.count || values.count == 1 else {
            throw error(
                "\(targets.count) names but \(values.count) \(values.count == 1 ? "value" : "values"); give one value per name",
                at: range, point: equals.range.start)
        }
        return Statement(
            kind: .assignMany(targets: targets, values: values), range: range,
            keywordRange: targets[0].range)
    }

    // MARK: Truth-valued expressions

    /// A whole expression: `or` of `and`s of comparisons of arithmetic.
    mutating func expression() throws(Diagnostic) -> Expression {
        var left = try conjunction()
        while case .name("or") = current.kind {
            try countOperator()
            let op = take()
            let right = try conjunction()
            left = Expression(
                .logical(.or, left, right), range: left.range.union(right.range),
                point: op.range.start)
        }
        if case .name("if") = current.kind {
            throw error(
                "conditional expressions ('a if c else b') are not part of the language: use an 'if' statement",
                at: current.range)
        }
        if case .name("for") = current.kind {
            throw error(
                "comprehensions are not part of the language: build the values with a 'for' loop",
                at: current.range)
        }
        return left
    }

    private mutating func conjunction() throws(Diagnostic) -> Expression {
        var left = try inversion()
        while case .name("and") = current.kind {
            try countOperator()
            let op = take()
            let right = try inversion()
            left = Expression(
                .logical(.and, left, right), range: left.range.union(right.range),
                point: op.range.start)
        }
        return left
    }

    private mutating func inversion() throws(Diagnostic) -> Expression {
        guard case .name("not") = current.kind else { return try comparison() }
        try nest()
        defer { depth -= 1 }
        let keyword = take()
        let operand = try inversion()
        return Expression(
            .not(operand), range: keyword.range.union(operand.range), point: keyword.range.start)
    }

    static let comparisonOperators: [String: ComparisonOperator] = [
        "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual, "==": .equal,
        "!=": .notEqual,
    ]

    private mutating func comparison() throws(Diagnostic) -> Expression {
        let first = try arithmetic()
        var links: [ComparisonLink] = []
        var point = first.point
        while true {
            var op: ComparisonOperator?
            let token = current
            if case .symbol(let symbol) = token.kind { op = Self.comparisonOperators[symbol] }
            if case .name("is") = token.kind {
                _ = take()
                op = .isSame
                if case .name("not") = current.kind {
                    _ = take()
                    op = .isNotSame
                }
            } else if case .name(let word) = token.kind,
                word == "in" || (word == "not" && next.kind == .name("in"))
            {
                throw error(
                    "'in' tests are not part of the language: compare values with '==' or loop with 'for'",
                    at: token.range)
            } else if op != nil {
                _ = take()
            }
            guard let op else { break }
            try countOperator()
            if links.isEmpty { point = token.range.start }
            links.append(ComparisonLink(op: op, operand: try arithmetic()))
        }
        guard let last = links.last else { return first }
        return Expression(
            .comparison(first, links), range: first.range.union(last.operand.range), point: point)
    }

    /// A Python keyword where an expression should be.
    func keywordInExpression(_ word: String, at range: SourceRange) -> Diagnostic {
        if let message = Self.refusedConstructs[word] { return error(message, at: range) }
        return error("'\(word)' is a keyword and cannot be used as a value here", at: range)
    }
}
