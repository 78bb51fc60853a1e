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

    @Test(arguments: Samples.names)
    func isDeterministic(_ name: String) throws {
        #expect(try Samples.dot(name) == Samples.dot(name))
    }
}
