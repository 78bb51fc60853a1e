/// A figure's text as LaTeX: formulas in math mode (`$\partial z/\partial x = 3 + 1 = 4$`,
/// `h_{1}`, `\cdot`, `\times`, `^{\top}`), sentences as text with their formulas inline, and
/// every character that means something to TeX escaped, so that no text (a title, a name, a
/// comment) can run a command, open a group or read a file.
enum LaTeXText {
    /// One line of a label. A line with a sentence in it (two words in a row, `hidden layer`)
    /// is text with its formulas inline; any other is one formula.
    static func line(_ text: String) -> String {
        let tokens = tokenize(text)
        guard !tokens.isEmpty else { return "" }
        return isProse(tokens) ? prose(tokens) : "$" + math(tokens) + "$"
    }

    /// Whether any character is outside what pdfLaTeX sets with its standard fonts (Chinese,
    /// say): such a figure needs XeLaTeX or LuaLaTeX with a font that has it.
    static func needsUnicodeEngine(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            !pdfLaTeXSets(Character(scalar)) && !isInvisible(Character(scalar))
                && mathSymbols[Character(scalar)] == nil
                && subscripts[Character(scalar)] == nil && superscripts[Character(scalar)] == nil
        }
    }

    // MARK: Tokens

    enum Token: Equatable {
        /// A name or a word: letters, digits and `_`, starting with a letter.
        case word(String)
        /// `3`, `0.25`, `1e-05`.
        case number(String)
        case space
        case symbol(Character)
    }

    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                if tokens.last != .space { tokens.append(.space) }
                index += 1
            } else if isWordLetter(character) {
                var end = index
                while end < characters.count,
                    isWordLetter(characters[end]) || characters[end].isASCIIDigit
                        || characters[end] == "_"
                {
                    end += 1
                }
                tokens.append(.word(String(characters[index..<end])))
                index = end
            } else if character.isASCIIDigit {
                var end = index
                while end < characters.count, characters[end].isASCIIDigit { end += 1 }
                if end + 1 < characters.count, characters[end] == ".",
                    characters[end + 1].isASCIIDigit
                {
                    end += 1
                    while end < characters.count, characters[end].isASCIIDigit { end += 1 }
                }
                // An exponent: `1e-05`, `2.5e+10`.
                if end + 1 < characters.count, characters[end] == "e" {
                    var exponent = end + 1
                    if exponent < characters.count, "+-−".contains(characters[exponent]) {
                        exponent += 1
                    }
                    if exponent < characters.count, characters[exponent].isASCIIDigit {
                        end = exponent
                        while end < characters.count, characters[end].isASCIIDigit { end += 1 }
                    }
                }
                tokens.append(.number(String(characters[index..<end])))
                index = end
            } else {
                // Control characters (and other invisible ones) show nothing and are dropped.
                if !isInvisible(character) { tokens.append(.symbol(character)) }
                index += 1
            }
        }
        while tokens.last == .space { tokens.removeLast() }
        while tokens.first == .space { tokens.removeFirst() }
        return tokens
    }

    /// A letter of a name: not one that writes a sub- or superscript (`ᵀ`, `ᵢ`).
    static func isWordLetter(_ character: Character) -> Bool {
        character.isLetter && subscripts[character] == nil && superscripts[character] == nil
    }

    /// Control, format (direction marks) and private-use characters: nothing to typeset, and
    /// nothing pdfLaTeX could.
    static func isInvisible(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .privateUse, .surrogate, .unassigned: return true
            default: return false
            }
        }
    }

    /// Two words of two letters or more in a row, with a space between: a sentence.
    static func isProse(_ tokens: [Token]) -> Bool {
        for index in tokens.indices.dropLast(2) {
            if case .word(let first) = tokens[index], first.count > 1,
                tokens[index + 1] == .space, case .word(let second) = tokens[index + 2],
                second.count > 1
            {
                return true
            }
        }
        return false
    }

    // MARK: Math

    /// Symbols and what math mode writes for them.
    static let mathSymbols: [Character: String] = [
        "∂": "\\partial ", "·": "\\cdot ", "×": "\\times ", "−": "-", "←": "\\leftarrow ",
        "→": "\\rightarrow ", "⇒": "\\Rightarrow ", "≈": "\\approx ", "≤": "\\leq ",
        "≥": "\\geq ", "≠": "\\neq ", "±": "\\pm ", "∞": "\\infty ", "…": "\\ldots ",
        "⋯": "\\cdots ", "Σ": "\\Sigma ", "∑": "\\sum ", "Π": "\\Pi ", "∏": "\\prod ",
        "√": "\\surd ", "□": "\\square ", "■": "\\blacksquare ", "★": "\\star ",
        "◦": "\\circ ", "⟨": "\\langle ", "⟩": "\\rangle ", "‖": "\\|", "°": "^{\\circ}",
        "⋮": "\\vdots ", "⋱": "\\ddots ", "′": "^{\\prime}", "½": "\\tfrac{1}{2}",
        "∛": "{}^{3}\\!\\surd ", "–": "\\text{--}", "—": "\\text{---}", "÷": "\\div ",
        "¬": "\\neg ", "µ": "\\mu ", "¦": "|", "§": "\\text{\\S}",
        "¶": "\\text{\\P}", "©": "\\text{\\copyright}", "£": "\\text{\\pounds}", "⊙": "\\odot ",
        "∘": "\\circ ", "⊗": "\\otimes ", "•": "\\bullet ",
        "∈": "\\in ", "∇": "\\nabla ", "Δ": "\\Delta ", "δ": "\\delta ", "α": "\\alpha ",
        "β": "\\beta ", "γ": "\\gamma ", "ε": "\\varepsilon ", "η": "\\eta ", "θ": "\\theta ",
        "λ": "\\lambda ", "μ": "\\mu ", "π": "\\pi ", "σ": "\\sigma ", "τ": "\\tau ",
        "φ": "\\varphi ", "ω": "\\omega ", "✓": "\\checkmark ", "✗": "\\times ",
        "①": circled(1), "②": circled(2), "③": circled(3), "④": circled(4), "⑤": circled(5),
        "⑥": circled(6), "⑦": circled(7), "⑧": circled(8), "⑨": circled(9),
        "\\": "\\backslash ", "{": "\\{",
        "}": "\\}", "$": "\\$", "&": "\\&", "#": "\\#", "%": "\\%", "_": "\\_",
        "^": "\\text{\\textasciicircum}", "~": "\\text{\\textasciitilde}", ":": "{:}",
        "'": "\\text{'}", "\"": "\\texttt{\\char34}", "`": "\\text{`}", "@": "\\mathbin{@}",
        "*": "*",
        "|": "|",
    ]

    /// An operand mark (`①`), drawn by TikZ: the fonts' own circle needs a font pdfLaTeX may
    /// have to make.
    static func circled(_ number: Int) -> String {
        "\\text{\\tikz[baseline=(gg.base)]\\node[draw, circle, inner sep=0.4pt, line width=0.4pt](gg){\\scriptsize \(number)};}"
    }

    static let subscripts: [Character: Character] = [
        "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7",
        "₈": "8", "₉": "9", "ᵢ": "i", "ⱼ": "j", "ₖ": "k", "ₙ": "n",
    ]

    static let superscripts: [Character: String] = [
        "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
        "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+", "ᵀ": "\\top", "ˣ": "x", "ʸ": "y", "ⁿ": "n",
        "ⁱ": "i",
    ]

    /// Operators and punctuation that math mode spaces itself: a space beside one is dropped.
    static let spacedByMath: Set<Character> = [
        "=", "+", "-", "−", "×", "·", "/", "←", "→", "⇒", "≈", "≤", "≥", "≠", "<", ">", ",",
        "±", "∈", "(", ")", "[", "]", ";", "⊙", "∘", "⊗", "*", "@", "÷", "≡", "∪", "∩",
    ]

    /// An operator standing for itself, as a noun (`via ×` before `=`): set as a symbol, not
    /// as an operation between two things.
    static func isNoun(_ index: Int, in tokens: [Token]) -> Bool {
        guard case .symbol(let symbol) = tokens[index], spacedByMath.contains(symbol),
            !"()[],;".contains(symbol), index > 1, tokens[index - 1] == .space,
            case .word = tokens[index - 2]
        else { return false }
        var next = index + 1
        while next < tokens.count, tokens[next] == .space { next += 1 }
        guard next < tokens.count else { return true }
        if case .symbol(let following) = tokens[next] { return following == "=" }
        return false
    }

    /// Tokens as the inside of a formula.
    static func math(_ tokens: [Token]) -> String {
        var out = ""
        var index = 0
        let nouns = Set(tokens.indices.filter { isNoun($0, in: tokens) })
        // A space is dropped beside an operator (math mode spaces it), after an opening
        // bracket and before a closing one; it is kept before an opening one (`x (3, 2)`).
        // `after`: the space comes after the token at `at`.
        func dropsSpace(_ at: Int, after: Bool) -> Bool {
            guard tokens.indices.contains(at) else { return true }
            if nouns.contains(at) { return false }
            guard case .symbol(let symbol) = tokens[at] else { return false }
            if "([".contains(symbol) { return after }
            if ")]".contains(symbol) { return !after }
            return spacedByMath.contains(symbol)
        }
        while index < tokens.count {
            if nouns.contains(index), case .symbol(let symbol) = tokens[index] {
                out += "{" + (mathSymbols[symbol] ?? String(symbol)).trimmingTrailingSpace() + "}"
                index += 1
                continue
            }
            switch tokens[index] {
            case .word(let word): out += mathWord(word)
            case .number(let number): out += mathNumber(number)
            case .space:
                // Kept (as `\ `) only between two things math mode would set together.
                if !dropsSpace(index - 1, after: true), !dropsSpace(index + 1, after: false) {
                    out += "\\ "
                }
            case .symbol(let symbol):
                if let digit = subscripts[symbol] {
                    var run = String(digit)
                    while index + 1 < tokens.count, case .symbol(let next) = tokens[index + 1],
                        let more = subscripts[next]
                    {
                        run.append(more)
                        index += 1
                    }
                    out += "_{" + run + "}"
                } else if let power = superscripts[symbol] {
                    var run = power
                    while index + 1 < tokens.count, case .symbol(let next) = tokens[index + 1],
                        let more = superscripts[next]
                    {
                        run += more
                        index += 1
                    }
                    out += "^{" + run + "}"
                } else if let command = mathSymbols[symbol] {
                    out += command
                } else if symbol.isASCII {
                    out.append(symbol)
                } else if !pdfLaTeXSets(symbol) {
                    out += "\\text{" + unicodeFallback(symbol) + "}"
                } else {
                    out += "\\text{" + textEscaped(String(symbol)) + "}"
                }
            }
            index += 1
        }
        return out.trimmingTrailingSpace()
    }

    /// `1.09e-22` as `1.09\mathrm{e}{-}22`: the exponent's sign not spaced as a subtraction.
    static func mathNumber(_ number: String) -> String {
        guard let e = number.firstIndex(of: "e") else { return number }
        let exponent = number[number.index(after: e)...].replacingOccurrences(of: "−", with: "-")
        let signed =
            exponent.hasPrefix("-") || exponent.hasPrefix("+")
            ? "{" + exponent.prefix(1) + "}" + exponent.dropFirst() : exponent
        return number[..<e] + "\\mathrm{e}" + signed
    }

    /// Whether pdfLaTeX's standard fonts set `character` as it is: ASCII, and the letters of
    /// Latin-1 and Latin Extended (accents it builds); not other symbols.
    static func pdfLaTeXSets(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII || (scalar.value <= 0x24F && scalar.properties.isAlphabetic)
                || scalar.properties.generalCategory == .nonspacingMark && scalar.value < 0x370
        }
    }

    /// A character pdfLaTeX has no glyph for: itself under XeLaTeX or LuaLaTeX (which define
    /// `\Umathcode`), its code point under pdfLaTeX, so that either engine compiles the file.
    static func unicodeFallback(_ character: Character) -> String {
        let code = character.unicodeScalars.map { String(format: "U+%04X", $0.value) }
            .joined(separator: " ")
        return "\\ifdefined\\Umathcode " + String(character) + "\\else\\texttt{[" + code
            + "]}\\fi{}"
    }

    /// A name in a formula: one letter as math sets it (`x`, `W1`), a longer name upright
    /// (`\mathrm{loss}`), a name with `_` or letters beyond ASCII as text.
    static func mathWord(_ word: String) -> String {
        let letters = word.prefix { $0.isLetter }
        if letters.count == 1, letters.first!.isASCII, word.dropFirst().allSatisfy(\.isASCIIDigit) {
            return word
        }
        if let first = letters.first, letters.count == 1, let greek = mathSymbols[first] {
            return greek + word.dropFirst()
        }
        if word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            return "\\text{" + word + "}"
        }
        return "\\text{" + textEscaped(word) + "}"
    }

    // MARK: Prose

    /// Tokens as text: words as they are, everything else as inline formulas.
    static func prose(_ tokens: [Token]) -> String {
        var out = ""
        var formula: [Token] = []
        func flush() {
            var trailing = ""
            while formula.last == .space {
                formula.removeLast()
                trailing += " "
            }
            if !formula.isEmpty { out += "$" + math(formula) + "$" }
            out += trailing
            formula = []
        }
        for (index, token) in tokens.enumerated() {
            switch token {
            case .word(let word)
            where (word.count > 1 || isBetweenWords(index, tokens)) && standsAlone(index, tokens):
                flush()
                out += textEscaped(word)
            case .space where formula.isEmpty:
                out += " "
            case .symbol(let symbol) where formula.isEmpty && ".,;:!?".contains(symbol):
                out += textEscaped(String(symbol))
            case .symbol("-") where isJoiningWords(index, tokens):
                // A hyphen in a word (`cross-entropy`), not a minus.
                flush()
                out += "-"
            default:
                formula.append(token)
            }
        }
        flush()
        return out
    }

    /// A word with a space, a line's end or punctuation on each side: prose, not a name in a
    /// formula (`mean(` and `−mean` are formulas).
    private static func standsAlone(_ index: Int, _ tokens: [Token]) -> Bool {
        func isBoundary(_ at: Int) -> Bool {
            guard tokens.indices.contains(at) else { return true }
            switch tokens[at] {
            case .space: return true
            case .symbol(let symbol): return ".,;:!?".contains(symbol) || symbol == "-"
            default: return false
            }
        }
        return isBoundary(index - 1) && isBoundary(index + 1)
    }

    /// Whether the token at `index` sits between two words with no space (`cross-entropy`).
    private static func isJoiningWords(_ index: Int, _ tokens: [Token]) -> Bool {
        guard index > 0, index + 1 < tokens.count, case .word = tokens[index - 1],
            case .word = tokens[index + 1]
        else { return false }
        return true
    }

    /// A one-letter word with words on both sides (`a` in `a hidden layer`) is a word.
    private static func isBetweenWords(_ index: Int, _ tokens: [Token]) -> Bool {
        func isWord(_ at: Int) -> Bool {
            guard tokens.indices.contains(at), case .word(let word) = tokens[at] else {
                return false
            }
            return word.count > 1
        }
        return (index == 0 || isWord(index - 2)) && isWord(index + 2)
    }

    /// `text` for text mode, every special character escaped and every symbol math mode knows
    /// written as a formula.
    static func textEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\textbackslash{}"
            case "{": out += "\\{"
            case "}": out += "\\}"
            case "$": out += "\\$"
            case "&": out += "\\&"
            case "#": out += "\\#"
            case "%": out += "\\%"
            case "_": out += "\\_"
            case "^": out += "\\textasciicircum{}"
            case "~": out += "\\textasciitilde{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "|": out += "\\textbar{}"
            case "\"": out += "\\texttt{\\char34}"
            default:
                if isInvisible(character) { continue }
                if let command = mathSymbols[character], !character.isASCII {
                    out += "$" + command.trimmingTrailingSpace() + "$"
                } else if let digit = subscripts[character] {
                    out += "\\textsubscript{" + String(digit) + "}"
                } else if let power = superscripts[character] {
                    out += "$^{" + power + "}$"
                } else if !Self.pdfLaTeXSets(character) {
                    out += unicodeFallback(character)
                } else {
                    out.append(character)
                }
            }
        }
        return out
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate func trimmingTrailingSpace() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
