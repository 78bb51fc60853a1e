import Testing

@testable import GradDOT

@Suite struct EscapingTests {
    @Test func quotedStrings() {
        #expect(DOTEscape.quoted("plain") == "\"plain\"")
        #expect(DOTEscape.quoted("a\"b") == "\"a\\\"b\"")
        #expect(DOTEscape.quoted("ends with \\") == "\"ends with \\\\\"")
        #expect(DOTEscape.quoted("\\\"") == "\"\\\\\\\"\"")
        #expect(DOTEscape.quoted("line\nbreak\u{7}") == "\"line\u{FFFD}break\u{FFFD}\"")
    }

    @Test func htmlText() {
        #expect(DOTEscape.html("a < b & c > d") == "a &lt; b &amp; c &gt; d")
        #expect(DOTEscape.html("\"q\" 'a'") == "&quot;q&quot; &#39;a&#39;")
        #expect(DOTEscape.html("\\N \\G") == "\\\\N \\\\G")
        #expect(DOTEscape.html("two\nlines") == "two<BR/>lines")
        #expect(DOTEscape.html("bell\u{7}tab\t") == "bell\u{FFFD}tab\u{FFFD}")
        #expect(
            DOTEscape.html("<IMG SRC=\"/etc/passwd\"/>")
                == "&lt;IMG SRC=&quot;/etc/passwd&quot;/&gt;")
        #expect(DOTEscape.html("反向传播 ∂L/∂x") == "反向传播 ∂L/∂x")
        #expect(DOTEscape.html("a[0]]") == "a&#91;0&#93;&#93;")
    }
}
