import Foundation

/// A token: its kind, its text as written, and where it is.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case number(Double)
        case name(String)
        case string(String)
        /// One of `( ) [ ] , . : = + - * / // % @ ** < <= > >= == !=`, or an augmented
        /// assignment `+= -= *= /= //= %= @= **=`.
        case symbol(String)
        /// The end of a statement (newlines inside brackets are not statements' ends).
        case newline
        /// A line indented deeper than the block it follows: a block starts.
        case indent
        /// A line indented as an outer block: one token per block that ends.
        case dedent
        case end
    }

    public let kind: Kind
    public let text: String
    public let range: SourceRange
}

/// Splits a program into tokens. `#` starts a comment to the end of the line; blank lines and
/// newlines inside `(…)` and `[…]` produce no token, so a matrix literal can span lines; `;`
/// ends a statement as a newline does. A line's indentation, as in Python, opens blocks
/// (`indent`) and closes them (`dedent`); one block is indented with tabs or with spaces, never
/// both.
struct Lexer {
    private let file: SourceFile
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var bracketDepth = 0
    /// The indentation of each open block, outermost first (the file's top level is "").
    private var indentation: [String] = [""]
    /// Whether the next token starts a line (so its indentation is measured first).
    private var atLineStart = true
    /// Tokens decided but not yet returned: the dedents of several blocks ending at once.
    private var pending: [Token] = []

    init(file: SourceFile) {
        self.file = file
        self.scalars = Array(file.text.unicodeScalars)
        // A byte-order mark is no column: columns count from the character after it, as
        // `SourceFile.lines` leave it out.
        if scalars.first == "\u{FEFF}" { index = 1 }
    }

    static func tokenize(_ file: SourceFile) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(file: file)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            // Collapse runs of newlines and drop a leading one: blank lines mean nothing.
            if token.kind == .newline,
                tokens.last?.kind == .newline || tokens.last?.kind == .dedent || tokens.isEmpty
            {
                continue
            }
            if token.kind == .end || token.kind == .dedent,
                let last = tokens.last?.kind, last != .newline, last != .dedent
            {
                // The last line of a block or of the file ends as any other line does.
                // (Its text is empty before the end of the file, which messages name.)
                tokens.append(
                    Token(
                        kind: .newline, text: token.kind == .end ? "" : "\n",
                        range: SourceRange(token.range.start, token.range.start)))
            }
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column) }
    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private func peek(_ offset: Int = 1) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else if scalars[index] != "\r" || index + 1 >= scalars.count || scalars[index + 1] != "\n"
        {
            // The "\r" of a CRLF ending is no column: the line ends where it would with "\n".
            column += 1
        }
        index += 1
    }

    /// Longer names are refused: no one writes them, and each costs the figure and every
    /// message that names it.
    public static let maxNameLength = 200

    private func error(_ message: String, from start: SourceLocation, to end: SourceLocation? = nil)
        -> Diagnostic
    {
        let end = end ?? SourceLocation(line: start.line, column: start.column + 1)
        return Diagnostic(file: file, message: message, range: SourceRange(start, end))
    }

    private mutating func next() throws(Diagnostic) -> Token {
        if !pending.isEmpty { return pending.removeFirst() }
        if atLineStart, bracketDepth == 0, let block = try blockChange() { return block }
        atLineStart = false
        skipSpaceAndComments()
        let start = location
        let startIndex = index
        guard let c = current else {
            if indentation.count > 1 {
                // The file ends every open block.
                indentation.removeLast()
                return Token(kind: .dedent, text: "", range: SourceRange(start, start))
            }
            return Token(kind: .end, text: "", range: SourceRange(start, start))
        }
        func token(_ kind: Token.Kind) -> Token {
            Token(
                kind: kind, text: String(String.UnicodeScalarView(scalars[startIndex..<index])),
                range: SourceRange(start, location))
        }
        if c == "\n" {
            advance()
            if bracketDepth > 0 { return try next() }
            atLineStart = true
            return Token(
                kind: .newline, text: "\n",
                range: SourceRange(
                    start, SourceLocation(line: start.line, column: start.column + 1)))
        }
        if isDigit(c) || (c == "." && peek().map(isDigit) == true) {
            return try number(start: start, startIndex: startIndex)
        }
        if c == "f" || c == "F", let quote = peek(), quote == "\"" || quote == "'" {
            throw error(
                "f-strings are not part of the language: print the values one after another ('print(\"loss\", loss)')",
                from: start)
        }
        if isNameStart(c) {
            var length = 0
            while let c = current, isNameContinue(c) {
                advance()
                length += 1
            }
            guard length <= Self.maxNameLength else {
                throw error(
                    "a name has at most \(Self.maxNameLength) characters; this one has \(length)",
                    from: start)
            }
            let t = token(.name(""))
            return Token(kind: .name(t.text), text: t.text, range: t.range)
        }
        if c == "\"" || c == "'" {
            return try string(start: start)
        }
        switch c {
        case "(", "[":
            bracketDepth += 1
            advance()
            return token(.symbol(String(c)))
        case ")", "]":
            bracketDepth = max(0, bracketDepth - 1)
            advance()
            return token(.symbol(String(c)))
        case "*":
            advance()
            var symbol = "*"
            if current == "*" {
                advance()
                symbol = "**"
            }
            if current == "=" {
                advance()
                symbol += "="
            }
            return token(.symbol(symbol))
        case "/":
            advance()
            var symbol = "/"
            if current == "/" {
                advance()
                symbol = "//"
            }
            if current == "=" {
                advance()
                symbol += "="
            }
            return token(.symbol(symbol))
        case "+", "-", "@", "%":
            advance()
            if current == "=" {
                advance()
                return token(.symbol(String(c) + "="))
            }
            return token(.symbol(String(c)))
        case "<", ">", "=", "!":
            advance()
            if current == "=" {
                advance()
                return token(.symbol(String(c) + "="))
            }
            if c == "!" {
                throw error(
                    "'!' is not an operator; write 'not x', or '!=' for 'not equal'", from: start)
            }
            return token(.symbol(String(c)))
        case ",", ".", ":":
            advance()
            return token(.symbol(String(c)))
        case "{", "}":
            advance()
            throw error(
                "dictionaries and sets are not part of the language: bind each value to its own name",
                from: start)
        case "\\" where current == "\\" && (peek() == "\n" || (peek() == "\r" && peek(2) == "\n")):
            // A backslash at the end of a line joins the next line to this one.
            advance()
            if current == "\r" { advance() }
            advance()
            return try next()
        case ";":
            advance()
            // Python's statement separator; inside brackets it is the parser's error.
            if bracketDepth > 0 { return token(.symbol(";")) }
            skipSpaceAndComments()
            return Token(kind: .newline, text: ";", range: SourceRange(start, location))
        case "^":
            advance()
            throw error(
                "'^' is not a power operator (in Python it is a bitwise xor); write '**' for powers",
                from: start)
        default:
            advance()
            let shown =
                c.properties.generalCategory == .control
                ? String(format: "U+%04X", c.value) : String(c)
            throw error("unexpected character '\(shown)'", from: start)
        }
    }

    private mutating func skipSpaceAndComments() {
        while let c = current {
            if c == " " || c == "\t" || c == "\r" || c == "\u{FEFF}" {
                advance()
            } else if c == "#" {
                while let c = current, c != "\n" { advance() }
            } else {
                return
            }
        }
    }

    /// Decimal numbers: `2`, `-0.5` is unary minus on `0.5`, `1e-3`, `.5`, `2.`.
    private mutating func number(start: SourceLocation, startIndex: Int) throws(Diagnostic) -> Token
    {
        while let c = current, isDigit(c) { advance() }
        if current == ".", !(peek().map(isNameStart) ?? false) {
            advance()
            while let c = current, isDigit(c) { advance() }
        }
        if current == "e" || current == "E" {
            let exponentDigitsAt = (peek() == "+" || peek() == "-") ? 2 : 1
            if peek(exponentDigitsAt).map(isDigit) == true {
                for _ in 0..<exponentDigitsAt { advance() }
                while let c = current, isDigit(c) { advance() }
            }
        }
        let text = String(String.UnicodeScalarView(scalars[startIndex..<index]))
        if let c = current, isNameContinue(c) {
            while let c = current, isNameContinue(c) { advance() }
            throw error(
                "invalid number '\(String(String.UnicodeScalarView(scalars[startIndex..<index])))'",
                from: start, to: location)
        }
        guard let value = Double(text) else {
            throw error("invalid number '\(text)'", from: start, to: location)
        }
        guard value.isFinite else {
            throw error("number '\(text)' is too large for a double", from: start, to: location)
        }
        return Token(kind: .number(value), text: text, range: SourceRange(start, location))
    }

    /// A string in double or single quotes on one line, with `\"`, `\'`, `\\`, `\n` and `\t` as
    /// its escapes; or a triple-quoted string (a docstring), which may span lines.
    private mutating func string(start: SourceLocation) throws(Diagnostic) -> Token {
        let startIndex = index
        let quote = current!
        let isTriple = peek() == quote && peek(2) == quote
        for _ in 0..<(isTriple ? 3 : 1) { advance() }
        var value = ""
        while true {
            guard let c = current, c != "\n" || isTriple else {
                throw error(
                    isTriple ? "unterminated triple-quoted string" : "unterminated string",
                    from: start, to: location)
            }
            if c == quote {
                if !isTriple {
                    advance()
                    break
                }
                if peek() == quote, peek(2) == quote {
                    for _ in 0..<3 { advance() }
                    break
                }
            }
            if c == "\\" {
                let escapeStart = location
                advance()
                guard let escaped = current, "\"'\\nt\n".unicodeScalars.contains(escaped) else {
                    throw error(
                        "unknown escape in a string; only '\\\"', '\\'', '\\\\', '\\n' and '\\t' are allowed",
                        from: escapeStart)
                }
                switch escaped {
                case "n": value.unicodeScalars.append("\n")
                case "t": value.unicodeScalars.append("\t")
                case "\n": break  // a backslash before a line break joins the lines
                default: value.unicodeScalars.append(escaped)
                }
                advance()
                continue
            }
            value.unicodeScalars.append(c)
            advance()
        }
        let text = String(String.UnicodeScalarView(scalars[startIndex..<index]))
        return Token(kind: .string(value), text: text, range: SourceRange(start, location))
    }

    /// At the start of a line: skips blank and comment-only lines, then compares the line's
    /// indentation with the open blocks' and returns an indent, the first of one or more
    /// dedents (the others wait in `pending`), or nil when the line continues its block.
    private mutating func blockChange() throws(Diagnostic) -> Token? {
        while true {
            let lineStart = location
            var indent = String.UnicodeScalarView()
            while let c = current, c == " " || c == "\t" || c == "\u{FEFF}" {
                if c != "\u{FEFF}" { indent.append(c) }
                advance()
            }
            if current == "\r" { advance() }
            if current == "#" {
                while let c = current, c != "\n" { advance() }
            }
            if current == "\n" {
                advance()
                continue
            }
            atLineStart = false
            if current == nil { return nil }
            let text = String(indent)
            let here = SourceRange(lineStart, location)
            if indent.contains(" ") && indent.contains("\t") {
                throw Diagnostic(
                    file: file,
                    message:
                        "this line's indentation mixes tabs and spaces; indent a block with one of them",
                    range: here)
            }
            let top = indentation.last!
            if text == top { return nil }
            if text.hasPrefix(top) {
                if let first = top.unicodeScalars.first, first != indent.first {
                    throw mixedBlock(here)
                }
                indentation.append(text)
                return Token(kind: .indent, text: text, range: here)
            }
            var ends = 0
            while let last = indentation.last, last.unicodeScalars.count > indent.count {
                indentation.removeLast()
                ends += 1
            }
            guard indentation.last == text else {
                if let outer = indentation.last?.unicodeScalars.first ?? top.unicodeScalars.first,
                    let first = indent.first, outer != first
                {
                    throw mixedBlock(here)
                }
                throw Diagnostic(
                    file: file,
                    message:
                        "this line's indentation matches no outer block; indent it as the lines of the block it belongs to",
                    range: here)
            }
            let dedent = Token(kind: .dedent, text: "", range: SourceRange(location, location))
            pending = Array(repeating: dedent, count: ends - 1)
            return dedent
        }
    }

    private func mixedBlock(_ range: SourceRange) -> Diagnostic {
        Diagnostic(
            file: file,
            message:
                "this line is indented with tabs where its block uses spaces, or the other way round; indent a block with one of them",
            range: range)
    }
}

func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

/// Names start with a letter (any script: `x`, `θ`, `输入`) or `_`.
func isNameStart(_ c: Unicode.Scalar) -> Bool {
    c == "_" || c.properties.isAlphabetic
}

func isNameContinue(_ c: Unicode.Scalar) -> Bool {
    isNameStart(c) || c.properties.numericType == .decimal
        || c.properties.generalCategory == .nonspacingMark
}
