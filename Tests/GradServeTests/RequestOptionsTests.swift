import Testing

@testable import GradServe

@Suite struct RequestOptionsTests {
    @Test func optionsBecomeTheCommandLinesArguments() throws {
        let arguments = try RequestOptions.arguments(from: [
            "explain": .bool(true), "quiz": .bool(false), "show": .string("both"),
            "maxElements": .number(16), "collapse": .array([.string("h"), .string("y")]),
            "passes": .array([.number(1), .number(5)]), "theme": .null,
        ])
        #expect(
            arguments == [
                "--collapse", "h,y", "--explain", "--max-elements", "16", "--passes", "1,5",
                "--show", "both",
            ])
    }

    @Test func whatCouldReachOutsideIsRefused() {
        for (options, message) in [
            (["output": JSONValue.string("x.svg")], "not one a request may set"),
            (["format": .string("svg")], "not one a request may set"),
            (["--explain": .bool(true)], "unknown option '--explain'"),
            (["a b": .bool(true)], "unknown option 'a b'"),
            (["show": .string("-o")], "may not start with '-'"),
            (["title": .string("a\nb")], "one short line"),
            (["explain": .object([:])], "give true, a number"),
        ] as [([String: JSONValue], String)] {
            do {
                _ = try RequestOptions.arguments(from: options)
                Issue.record("\(options) was accepted")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
        #expect((try? RequestOptions.arguments(from: ["precision": .string("-3")])) != nil)
    }
}
