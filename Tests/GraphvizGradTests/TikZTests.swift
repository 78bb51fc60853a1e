import Foundation
import GradCore
import Testing

@testable import GraphvizGrad

/// The TikZ format without LaTeX: its text as formulas, its layout as Graphviz's, every option,
/// determinism, and hostile titles that stay inert text. (`LaTeXCompileTests` compiles it.)
@Suite struct TikZTests {
    static let branch = """
        title "Branch: z = x × y + x"
        x = 2
        y = 3
        z = x * y + x
        backward z
        """

    static func tikz(_ source: String, options: FigureOptions = FigureOptions()) throws -> String {
        let rendering = try Pipeline(options: options).render(
            SourceFile(path: "t.txt", text: source), as: .tikz)
        return String(decoding: rendering.data, as: UTF8.self)
    }

    @Test func textIsSetAsFormulas() {
        #expect(LaTeXText.line("∂z/∂x = 3 + 1 = 4") == "$\\partial z/\\partial x=3+1=4$")
        #expect(LaTeXText.line("h₁ = 0.5") == "$h_{1}=0.5$")
        #expect(LaTeXText.line("x · y") == "$x\\cdot y$")
        #expect(LaTeXText.line("xᵀ @ ∂L/∂y") == "$x^{\\top}\\mathbin{@}\\partial L/\\partial y$")
        #expect(LaTeXText.line("x²") == "$x^{2}$")
        // Every symbol the figure's own texts use has a formula (none falls back to a code).
        for symbol in "±²³·×÷ˣΣεθσᵀᵢ…′⁻₀₁₂₃₄₅₆₇₈₉ₖ←→∂−√∛≈≤≥⋮①②□✓✗ⱼ" {
            #expect(!LaTeXText.line(String(symbol)).contains("U+"), "\(symbol)")
        }
        #expect(
            LaTeXText.line("W ← W − lr · ∂L/∂W = 2.113")
                == "$W\\leftarrow W-\\text{lr}\\cdot \\partial L/\\partial W=2.113$")
        #expect(LaTeXText.line("y = 1.09e−22") == "$y=1.09\\mathrm{e}{-}22$")
        // A word beside a name keeps its space; an operator named as a noun is a symbol.
        #expect(
            LaTeXText.line("∂z/∂x via × = 3")
                == "$\\partial z/\\partial x\\ \\text{via}\\ {\\times}=3$")
        #expect(LaTeXText.line("x (3, 2)") == "$x\\ (3,2)$")
        #expect(LaTeXText.line("z = x ÷ y") == "$z=x\\div y$")
        #expect(
            LaTeXText.line("Softmax cross-entropy: L = −mean(t)")
                == "Softmax cross-entropy: $L=-\\text{mean}(t)$")
        #expect(
            LaTeXText.line("MLP(3, [4, 1]) on one input") == "$\\text{MLP}(3,[4,1])$ on one input")
        // A sentence is text, its formulas inline.
        #expect(
            LaTeXText.line("the leaves and their values") == "the leaves and their values")
        #expect(
            LaTeXText.line("MLP on one input, x = 2")
                == "MLP on one input, $x=2$")
        // Every special character is escaped; what has no glyph in pdfLaTeX falls back.
        #expect(
            LaTeXText.textEscaped("50% of $5 & #1_a^b~{}\\")
                == "50\\% of \\$5 \\& \\#1\\_a\\textasciicircum{}b\\textasciitilde{}\\{\\}\\textbackslash{}"
        )
        #expect(LaTeXText.line("输入").contains("\\ifdefined\\Umathcode 输\\else"))
        #expect(LaTeXText.needsUnicodeEngine("输入") && !LaTeXText.needsUnicodeEngine("∂z/∂x · h₁"))
    }

    @Test func theLayoutIsGraphvizsAndTablesAreTabulars() throws {
        var explained = FigureOptions()
        explained.explain = true
        let tikz = try Self.tikz(Self.branch, options: explained)
        #expect(tikz.hasPrefix("% A figure drawn by graphviz-grad"))
        #expect(tikz.contains("% Needs in the preamble: \\usepackage{tikz}"))
        #expect(tikz.contains("\\begin{tikzpicture}[x=1bp, y=1bp"))
        #expect(!tikz.contains("\\documentclass"))
        #expect(tikz.contains("\\definecolor{ggGradient}{HTML}{C62828}"))
        #expect(tikz.contains("$\\partial z/\\partial x=3+1=4$"))
        // Each edge is two splines (value, gradient) as Bézier curves, with two arrowheads.
        let splines = tikz.components(separatedBy: " .. controls ").count - 1
        #expect(splines >= 12)
        // The positions are Graphviz's: each label sits at the centre of its drawing.
        let json = try Pipeline(options: explained).render(
            SourceFile(path: "t.txt", text: Self.branch), as: .json
        ).data
        let layout = try GraphvizLayout(json: json)
        let edge = try #require(layout.elements.first { $0.id == "x--branch-x" })
        let box = try #require(edge.labelBox)
        #expect(
            tikz.contains(
                "at (\(TikZPicture.number(box.x)),\(TikZPicture.number(box.y))) {\\adjustbox{max width="
            ))
        let tensors = try Self.tikz(
            "x = np.array([[1.0, 2.0], [3.0, 4.0]])\nL = sum(x * x)\nbackward L\n")
        #expect(tensors.contains("\\begin{tabular}{@{}cc@{}}"))
        #expect(tensors.contains("\\multicolumn{1}{|r|}{") || tensors.contains("{|r|}"))
        #expect(tensors.contains("\\arrayrulecolor{ggTable}"))
    }

    @Test func standaloneIsADocumentAndOutputIsDeterministic() throws {
        let pipeline = Pipeline(output: OutputOptions(standalone: true))
        let file = SourceFile(path: "t.txt", text: Self.branch)
        let first = try pipeline.render(file, as: .tikz).data
        let second = try Pipeline(output: OutputOptions(standalone: true)).render(file, as: .tikz)
            .data
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.contains("\\documentclass[border=4pt]{standalone}"))
        #expect(text.contains("% Compile with pdflatex."))
        #expect(text.hasSuffix("\\end{document}\n"))
        let chinese = try Pipeline(output: OutputOptions(standalone: true)).render(
            SourceFile(path: "c.txt", text: "输入 = 2\n权重 = 3\n输出 = 输入 * 权重\nbackward 输出\n"),
            as: .tikz)
        let document = String(decoding: chinese.data, as: UTF8.self)
        #expect(document.contains("% Compile with xelatex"))
        #expect(document.contains("\\usepackage{xeCJK}"))
    }

    /// Every option that changes a figure changes its TikZ: the same parts as its DOT.
    @Test func everyFigureOptionReachesTheTikZ() throws {
        let source = Self.branch
        let plain = try Self.tikz(source)
        var explain = FigureOptions()
        explain.explain = true
        #expect(try Self.tikz(source, options: explain).contains("3+1=4"))
        var quiz = FigureOptions()
        quiz.quiz = true
        let blanks = try Self.tikz(source, options: quiz)
        #expect(blanks.contains("[1]") && !blanks.contains("\\partial z/\\partial x=4"))
        var dark = FigureOptions()
        dark.theme = .dark
        #expect(
            try Self.tikz(source, options: dark).contains(
                "\\definecolor{ggBackground}{HTML}{1E1E1E}"))
        var forward = FigureOptions()
        forward.show = .forward
        let forwardOnly = try Self.tikz(source, options: forward)
        #expect(forwardOnly.contains("\\phantom{") && forwardOnly.contains("$z=8$"))
        var nodes = FigureOptions()
        nodes.style = .nodes
        #expect(try Self.tikz(source, options: nodes) != plain)
        var collapsed = FigureOptions()
        collapsed.collapse = .statements
        let statements = try Self.tikz(source, options: collapsed)
        #expect(statements.contains("$z=x*y+x$"))
    }

    /// Hostile titles (the property test's characters and TeX's own) stay text: every command
    /// in the title's line is one the writer itself writes, every special character is
    /// escaped, and the braces and dollars balance.
    @Test func anyTitleStaysInertText() throws {
        let texHostile = [
            "\\input{/etc/passwd}", "\\write18{ls}", "\\immediate", "\\catcode`\\@=11", "^^5c",
            "^^M", "$", "$$", "&", "#", "#1", "%", "_", "^", "~", "}{", "\\\\", "\\par",
            "\\def\\x{}", "\\csname", "\\end{tikzpicture}", "\\begin{document}",
        ]
        let alphabet = PropertyTests.hostile + texHostile
        var random = NumPyRandom(seed: 21)
        func pick() -> String {
            alphabet[min(alphabet.count - 1, Int(random.nextDouble() * Double(alphabet.count)))]
        }
        let pipeline = Pipeline(output: OutputOptions(standalone: true))
        let allowed = Self.commandsTheWriterWrites
        let plain = String(
            decoding: try pipeline.render(
                SourceFile(
                    path: "t.txt", text: PropertyTests.program(title: "t", names: ("a", "b"))),
                as: .tikz
            ).data, as: UTF8.self)
        let labelNodes = plain.split(separator: "\n").count(where: { $0.hasPrefix("\\node[") })
        for trial in 0..<200 {
            let title = (0..<(1 + trial % 9)).map { _ in pick() }.joined()
            let source = PropertyTests.program(title: title, names: ("a", "b"))
            let tikz = String(
                decoding: try pipeline.render(SourceFile(path: "t.txt", text: source), as: .tikz)
                    .data, as: UTF8.self)
            let lines = tikz.split(separator: "\n", omittingEmptySubsequences: false)
            guard let titleLine = lines.first(where: { $0.contains("\\fontsize{16bp}") }) else {
                // Only a title with nothing to show has no line.
                #expect(
                    title.allSatisfy { LaTeXText.isInvisible($0) || $0.isWhitespace },
                    "trial \(trial): \(title.debugDescription)")
                continue
            }
            for command in Self.commands(in: String(titleLine)) {
                #expect(
                    allowed.contains(command),
                    "trial \(trial): \\\(command) in \(title.debugDescription)")
            }
            #expect(!titleLine.contains("^^"), "trial \(trial)")
            let unescaped = Self.unescapedSpecials(String(titleLine))
            #expect(unescaped.braces == 0, "trial \(trial): \(title.debugDescription)")
            #expect(unescaped.dollars % 2 == 0, "trial \(trial): \(title.debugDescription)")
            #expect(unescaped.others.isEmpty, "trial \(trial): \(unescaped.others)")
            // The structure is the plain figure's: the same number of paths and label nodes.
            #expect(
                lines.count(where: { $0.hasPrefix("\\node[") }) == labelNodes, "trial \(trial)")
        }
    }

    /// The command names the TikZ writer emits around and inside text.
    static let commandsTheWriterWrites: Set<String> = [
        "node", "adjustbox", "fontsize", "selectfont", "color", "text", "partial", "cdot",
        "times", "backslash", "textbackslash", "textasciicircum", "textasciitilde", "textless",
        "textgreater", "textbar", "texttt", "char", "ifdefined", "Umathcode", "else", "fi",
        "leftarrow", "rightarrow", "Rightarrow", "approx", "leq", "geq", "neq", "pm", "infty",
        "ldots", "cdots", "Sigma", "sum", "Pi", "prod", "surd", "odot", "circ", "otimes",
        "bullet", "in", "nabla", "Delta", "delta", "alpha", "beta", "gamma", "varepsilon", "eta",
        "theta", "lambda", "mu", "pi", "sigma", "tau", "varphi", "omega", "checkmark", "tikz",
        "scriptsize", "square", "blacksquare", "star", "langle", "rangle", "mathrm", "top",
        "textsubscript", "phantom", "mathbin", "vdots", "ddots", "prime", "tfrac", "!", "begin",
        "end", "multicolumn", "{", "}", "$", "&",
        "#", "%",
        "_", " ", "|", ",",
    ]

    /// The names of `\commands` in `text` (`\{` gives `{`).
    static func commands(in text: String) -> [String] {
        var names: [String] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            guard characters[index] == "\\", index + 1 < characters.count else {
                index += 1
                continue
            }
            var end = index + 1
            if characters[end].isLetter {
                while end < characters.count, characters[end].isLetter { end += 1 }
            } else {
                end += 1
            }
            names.append(String(characters[(index + 1)..<end]))
            index = end
        }
        return names
    }

    /// Braces' balance, unescaped dollars, and any unescaped `#`, `%`, `&`, `^`, `~`, `_` left.
    static func unescapedSpecials(_ text: String) -> (
        braces: Int, dollars: Int, others: [Character]
    ) {
        var braces = 0
        var dollars = 0
        var others: [Character] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                // A command's name, or an escaped character, is skipped whole.
                index += 1
                if index < characters.count, characters[index].isLetter {
                    while index < characters.count, characters[index].isLetter { index += 1 }
                } else {
                    index += 1
                }
                continue
            }
            switch character {
            case "{": braces += 1
            case "}": braces -= 1
            case "$": dollars += 1
            case "#", "%", "&", "~": others.append(character)
            case "^", "_":
                // Only as a formula's sub- or superscript, followed by a group.
                if index + 1 >= characters.count || characters[index + 1] != "{" {
                    others.append(character)
                }
            default: break
            }
            index += 1
        }
        return (braces, dollars, others)
    }
}
