import Foundation
import GradCore
import Testing

/// docs/language.md's table of functions is written by hand: every function the registry has
/// must be in it, so that the two cannot drift apart silently.
@Suite struct LanguageDocTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/language.md")

    @Test func everyRegisteredFunctionIsInTheTable() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let start = try #require(text.range(of: "## Functions"))
        let section = text[start.upperBound...]
        let functions = String(
            section[..<(section.range(of: "\n## ")?.lowerBound ?? section.endIndex)])
        for function in OpRegistry.functions {
            let written = [
                "`\(function.name)(", "`\(function.name)`", " \(function.name)(",
                ".\(function.name)(",
            ]
            #expect(
                written.contains { functions.contains($0) },
                "docs/language.md does not list '\(function.name)'")
        }
    }
}
