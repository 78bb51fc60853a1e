import Foundation
import GraphvizGrad
import Testing

/// Every sample's DOT, byte for byte. After an intended change, re-record with
/// `RECORD_GOLDEN=1 swift test --filter GoldenDOTTests` and review the diff.
@Suite struct GoldenDOTTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")
    static let recording = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"

    @Test func everySampleHasAGoldenFile() throws {
        let samples = Samples.names
        #expect(!samples.isEmpty, "no samples found in \(Samples.directory.path)")
        let goldens = try FileManager.default.contentsOfDirectory(atPath: Self.goldenDirectory.path)
            .filter { $0.hasSuffix(".dot") }.map { String($0.dropLast(4)) }.sorted()
        #expect(goldens == samples)
    }

    @Test(arguments: Samples.names)
    func matchesGolden(_ name: String) throws {
        let dot = try Samples.dot(name)
        let golden = Self.goldenDirectory.appendingPathComponent(name + ".dot")
        if Self.recording {
            try Data(dot.utf8).write(to: golden)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(
            dot == expected,
            "\(name).dot differs; if the change is intended, re-record with RECORD_GOLDEN=1")
    }

    /// The big-figure options on the two-layer network: `Golden/options/two-layer-NAME.dot`.
    static let optionVariants: [(name: String, options: FigureOptions)] = {
        var grouped = FigureOptions()
        grouped.groupStatements = true
        var collapsed = FigureOptions()
        collapsed.collapse = .statements
        var nodes = FigureOptions()
        nodes.style = .nodes
        var focused = FigureOptions()
        focused.focus = "h"
        var constants = FigureOptions()
        constants.constants = .nodes
        var print = FigureOptions()
        print.theme = .print
        return [
            ("group", grouped), ("collapse", collapsed), ("nodes", nodes), ("focus", focused),
            ("constants-nodes", constants), ("print", print),
        ]
    }()

    @Test(arguments: optionVariants.map(\.name))
    func optionsMatchGolden(_ variant: String) throws {
        let options = Self.optionVariants.first { $0.name == variant }!.options
        let dot = try Samples.dot("two-layer", options: options)
        let golden = Self.goldenDirectory.appendingPathComponent("options/two-layer-\(variant).dot")
        if Self.recording {
            try FileManager.default.createDirectory(
                at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(dot.utf8).write(to: golden)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(dot == expected, "two-layer-\(variant).dot differs; re-record with RECORD_GOLDEN=1")
    }

    @Test(arguments: Samples.names)
    func isDeterministic(_ name: String) throws {
        #expect(try Samples.dot(name) == Samples.dot(name))
    }
}
