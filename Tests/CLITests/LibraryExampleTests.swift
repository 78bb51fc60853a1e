import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// docs/library.md shows a complete Swift program; the same program is the `library-example`
/// target. These tests keep the page and the program identical and run the program.
@Suite struct LibraryExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func thePageShowsTheProgramVerbatim() throws {
        let page = try String(
            contentsOf: Self.root.appendingPathComponent("docs/library.md"), encoding: .utf8)
        let program = try String(
            contentsOf: Self.root.appendingPathComponent("Sources/library-example/main.swift"),
            encoding: .utf8)
        #expect(
            page.contains("```swift\n" + program + "```\n"),
            "docs/library.md differs from main.swift")
    }

    @Test func theProgramRendersTheBranch() throws {
        let executable = try #require(
            CommandLineTool.executable?.deletingLastPathComponent().appendingPathComponent(
                "library-example"))
        let directory = try CommandLineTool.temporaryDirectory()
        let output = directory.appendingPathComponent("branch.svg")
        let result = try CommandLineTool.run([output.path], executable: executable)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "∂z/∂x = 4.0\n∂z/∂y = 2.0\nwrote \(output.path)\n")
        let document = try XMLDocument(data: Data(contentsOf: output))
        let texts = try document.nodes(forXPath: "//*[local-name()='text']").compactMap(
            \.stringValue)
        for expected in ["x = 2", "y = 3", "z = 8", "∂z/∂x = 3 + 1 = 4", "z = x · y + x"] {
            #expect(texts.contains(expected), "missing '\(expected)'")
        }
    }
}
