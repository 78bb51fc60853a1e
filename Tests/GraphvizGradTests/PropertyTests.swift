import Foundation
import GradCore
import GraphvizGrad
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Properties over random names and titles (issue 13): whatever a user writes, the DOT is one
/// Graphviz reads into the same graph, and the SVG is well-formed XML that gives the text back.
/// The inputs come from a seeded generator (NumPy's, so a failure is reproducible by its trial
/// number), drawn from the characters that break text formats.
@Suite struct PropertyTests {
    /// Characters that break DOT, HTML labels, XML or layout: controls, quotes, brackets,
    /// backslash, bidi marks, combining marks, emoji with joiners, wide and right-to-left script.
    static let hostile: [String] = [
        "\u{1}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\"", "'", "<", ">", "&", "[", "]", "{",
        "}",
        "|", "\\", "\\N", "\\G", "%", "#", ";", "=", ",", "\u{202E}", "\u{2066}", "\u{200F}",
        "\u{301}", "\u{20DD}", "👩‍👩‍👧", "🧠", "输入", "שלום", "∂", "ﬁ", "\u{FEFF}", "\u{2028}",
        "a", "Z", "0", " ", "-", "--", "->", "<BR/>", "&#92;", "]]>", "<!--",
        // Noncharacters XML cannot hold, the frames' caption slot, more bidirectional controls.
        "\u{FFFE}", "\u{FFFF}", "\u{E000}", "\u{202A}", "\u{2069}",
    ]
    /// Characters a name may hold (any script's letters, digits, `_`, combining marks).
    static let nameCharacters: [String] = [
        "x", "y", "é", "θ", "Ж", "输", "入", "ש", "_", "1", "\u{301}", "ǅ", "ß", "Ω", "λ",
    ]

    struct Generator {
        var random = NumPyRandom(seed: 2026)
        mutating func index(_ count: Int) -> Int {
            min(count - 1, Int(random.nextDouble() * Double(count)))
        }
        mutating func title() -> String {
            (0..<(1 + index(12))).map { _ in
                PropertyTests.hostile[index(PropertyTests.hostile.count)]
            }
            .joined()
        }
        mutating func name() -> String {
            let first = ["x", "é", "θ", "Ж", "输", "ש", "_", "Ω"][index(8)]
            return first
                + (0..<index(4)).map { _ in
                    PropertyTests.nameCharacters[index(PropertyTests.nameCharacters.count)]
                }.joined()
        }
    }

    static func program(title: String, names: (String, String)) -> String {
        "title \(Statement.stringLiteral(title))\n\(names.0) = 2\n\(names.1) = 3\nz = \(names.0) * \(names.1) + \(names.0)\nbackward z\n"
    }

    /// Graphviz's count of nodes and edges in a JSON rendering.
    static func counts(_ json: Data) throws -> (nodes: Int, edges: Int) {
        let graph = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        return (
            (graph["objects"] as? [[String: Any]])?.count ?? 0,
            (graph["edges"] as? [[String: Any]])?.count ?? 0
        )
    }

    /// The text of every `<title>` of an SVG, read by an XML parser (nil when it is not
    /// well-formed).
    final class Titles: NSObject, XMLParserDelegate {
        var titles: [String] = []
        private var current: String?
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) { if name == "title" { current = "" } }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
        func parser(
            _ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
            qualifiedName: String?
        ) {
            if name == "title", let current { titles.append(current) }
            current = nil
        }
        static func read(_ svg: Data) -> [String]? {
            let parser = XMLParser(data: svg)
            let delegate = Titles()
            parser.delegate = delegate
            return parser.parse() ? delegate.titles : nil
        }
    }

    @Test func anyNameOrTitleGivesTheSameGraphAndWellFormedSVG() throws {
        let pipeline = Pipeline()
        let plain = SourceFile(path: "p.txt", text: Self.program(title: "t", names: ("a", "b")))
        let expected = try Self.counts(pipeline.render(plain, as: .json).data)
        var generator = Generator()
        for trial in 0..<150 {
            let title = generator.title()
            var names = (generator.name(), generator.name())
            if names.0 == names.1 { names.1 += "_" }
            let file = SourceFile(path: "t.txt", text: Self.program(title: title, names: names))
            let json = try pipeline.render(file, as: .json).data
            let counts = try Self.counts(json)
            #expect(
                counts == expected, "trial \(trial): \(counts) for title \(title.debugDescription)")
            let svg = try pipeline.render(file, as: .svg).data
            let titles = try #require(
                Titles.read(svg), "trial \(trial): the SVG is not well-formed")
            // The graph's hover text is the title, with what XML cannot hold (and the caption
            // slot's character) as U+FFFD, and bidirectional controls written out.
            var legible = ""
            for scalar in title.unicodeScalars {
                if TextSafety.isBidiControl(scalar) {
                    legible += TextSafety.visibleEscape(scalar)
                } else if (scalar.value < 0x20 && scalar != "\n" && scalar != "\t"
                    && scalar != "\r")
                    || TextSafety.isNoncharacter(scalar) || scalar == "\u{E000}"
                {
                    legible += "\u{FFFD}"
                } else {
                    legible.unicodeScalars.append(scalar)
                }
            }
            #expect(titles.first == legible, "trial \(trial): \(title.debugDescription)")
            // No bidirectional control reaches the SVG as itself.
            let text = String(decoding: svg, as: UTF8.self)
            #expect(
                !text.unicodeScalars.contains(where: TextSafety.isBidiControl), "trial \(trial)")
            // Each name is read back from the hover text of its leaf.
            for name in [names.0, names.1] {
                #expect(titles.contains("leaf \(name) = " + (name == names.0 ? "2.0" : "3.0")))
            }
        }
    }
}
