/// Characters in user text that no output may pass on as they are: noncharacters (U+FFFE,
/// U+FFFF, U+FDD0–U+FDEF and the last two of every plane), which XML, and so Graphviz's
/// HTML-like labels, cannot hold; and the bidirectional controls (U+202A–U+202E,
/// U+2066–U+2069), which reorder the text around them ("Trojan Source"). Each escaper (DOT, XML,
/// terminal) asks here and writes them its own way.
public enum TextSafety {
    public static func isNoncharacter(_ scalar: Unicode.Scalar) -> Bool {
        (0xFDD0...0xFDEF).contains(scalar.value) || scalar.value & 0xFFFE == 0xFFFE
    }

    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// A bidirectional control written so that it shows: `\u{202E}`.
    public static func visibleEscape(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
}
