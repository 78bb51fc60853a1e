import Foundation

/// A token: its kind, its text as written, and where it is.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case number(Double)
        case name(String)
        case string(String)
        /// One of `( ) [ ] , . : = + - * / @ **`, or an augmented assignment `+= -= *= /= @= **=`.
        case symbol(String)
        /// The end of a statement (newlines inside brackets are not statements' ends).
        case newline
        case end
    }

    public let kind: Kind
    public let text: String
    public let range: SourceRange
}

/// Splits a program into tokens. `#` starts a comment to the end of the line; blank lines and
/// newlines inside `(…)` and `[…]` produce no token, so a matrix literal can span lines; `;`
/// ends a statement as a newline does.
struct Lexer {
    private let file: SourceFile
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var bracketDepth = 0

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
            if token.kind == .newline, tokens.last?.kind == .newline || tokens.isEmpty { continue }
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
        skipSpaceAndComments()
        let start = location
        let startIndex = index
        guard let c = current else {
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
            return Token(
                kind: .newline, text: "\n",
                range: SourceRange(
                    start, SourceLocation(line: start.line, column: start.column + 1)))
        }
        if isDigit(c) || (c == "." && peek().map(isDigit) == true) {
            return try number(start: start, startIndex: startIndex)
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
        if c == "\"" {
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
        case "+", "-", "/", "@":
            advance()
            if current == "=" {
                advance()
                return token(.symbol(String(c) + "="))
            }
            return token(.symbol(String(c)))
        case ",", "=", ".", ":":
            advance()
            return token(.symbol(String(c)))
        case ";":
            advance()
            // Python's statement separator; inside brackets it is the parser's error.
            if bracketDepth > 0 { return token(.symbol(";")) }
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

    /// A double-quoted string on one line, with `\"`, `\\` and `\n` (a line break) as its only
    /// escapes.
    private mutating func string(start: SourceLocation) throws(Diagnostic) -> Token {
        let startIndex = index
        advance()
        var value = ""
        while true {
            guard let c = current, c != "\n" else {
                throw error("unterminated string", from: start, to: location)
            }
            if c == "\"" {
                advance()
                break
            }
            if c == "\\" {
                let escapeStart = location
                advance()
                guard let escaped = current, escaped == "\"" || escaped == "\\" || escaped == "n"
                else {
                    throw error(
                        "unknown escape in a string; only '\\\"', '\\\\' and '\\n' are allowed",
                        from: escapeStart)
                }
                value.unicodeScalars.append(escaped == "n" ? "\n" : escaped)
                advance()
                continue
            }
            value.unicodeScalars.append(c)
            advance()
        }
        let text = String(String.UnicodeScalarView(scalars[startIndex..<index]))
        return Token(kind: .string(value), text: text, range: SourceRange(start, location))
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
