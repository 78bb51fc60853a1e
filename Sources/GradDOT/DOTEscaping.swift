import Foundation
import GradCore

/// The one place where text becomes DOT. Every name, title and number that reaches a graph goes
/// through `quoted` or `html`, so no user text can add, remove or restyle a node or an edge, or
/// reach an attribute that reads files.
///
/// Rules (measured on Graphviz 2.42):
/// - Quoted strings: `\` becomes `\\` first, then `"` becomes `\"`; control characters (newlines
///   included) become U+FFFD. Our quoted strings are IDs and style values we generate ourselves.
/// - HTML-like labels: `&` `<` `>` `"` `'` `[` `]` become entities (a lone `]` is a syntax
///   error in Graphviz 2.42's HTML labels, seen here), `\` becomes `\\` (Graphviz expands
///   `\N`, `\G`… even inside HTML labels, even when written `&#92;N`), a newline becomes
///   `<BR/>`, and other control characters become U+FFFD (expat rejects them).
public enum DOTEscape {
    /// `text` as a complete DOT quoted string, quotes included.
    public static func quoted(_ text: String) -> String {
        quotedString(text, newline: "\u{FFFD}")
    }

    /// `text` as a tooltip, quotes included: a quoted string in which Graphviz reads escape
    /// sequences, so `\` is doubled (no `\N` or `\G` can expand) and a newline becomes `\n`.
    public static func tooltip(_ text: String) -> String {
        quotedString(text, newline: "\\n")
    }

    private static func quotedString(_ text: String, newline: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += newline
            case _
            where isControl(scalar) || scalar == "\u{E000}" || TextSafety.isNoncharacter(scalar):
                out += "\u{FFFD}"
            case _ where TextSafety.isBidiControl(scalar):
                out += TextSafety.visibleEscape(scalar).replacingEvery("\\", with: "\\\\")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `text` as an attribute value inside an HTML-like label (a cell's `TITLE`): as `html`, but
    /// a newline is the character reference `&#10;`.
    public static func htmlAttribute(_ text: String) -> String {
        html(text).replacingEvery("<BR/>", with: "&#10;")
    }

    /// `text` as character data inside an HTML-like label.
    public static func html(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\\": out += "\\\\"
            case "[": out += "&#91;"
            case "]": out += "&#93;"
            case "\n": out += "<BR/>"
            case _
            where isControl(scalar) || scalar == "\u{E000}" || TextSafety.isNoncharacter(scalar):
                out += "\u{FFFD}"
            case _ where TextSafety.isBidiControl(scalar):
                out += TextSafety.visibleEscape(scalar).replacingEvery("\\", with: "\\\\")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}"
            || scalar == "\u{2029}"
    }
}
