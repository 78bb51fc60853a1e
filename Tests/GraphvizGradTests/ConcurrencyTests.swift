import Foundation
import GraphvizGrad
import Testing

/// One pipeline shared by many threads (issue 13): Graphviz is called behind the renderer's
/// lock, and everything else is values.
@Suite struct ConcurrencyTests {
    /// A thread-safe list of failures and mismatches.
    final class Findings: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var items: [String] = []
        func add(_ item: String) {
            lock.lock()
            items.append(item)
            lock.unlock()
        }
    }

    @Test func aThousandRendersFromEightTasksMatchASerialRun() async throws {
        let names = ["add", "mul", "div", "branch", "relu", "neuron", "sum", "broadcast"]
        let files = try names.map { try Samples.file($0) }
        let formats: [OutputFormat] = [.svg, .svg, .svg, .png]
        let pipeline = Pipeline()
        // The serial run: each (file, format) once.
        var expected: [String: Data] = [:]
        for (index, file) in files.enumerated() {
            for format in Set(formats) {
                expected["\(index) \(format)"] = try pipeline.render(file, as: format).data
            }
        }
        let reference = expected
        let findings = Findings()
        let renders = 1_000
        let tasks = 8
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for job in stride(from: task, to: renders, by: tasks) {
                        let index = job % files.count
                        let format = formats[(job / files.count) % formats.count]
                        do {
                            let data = try pipeline.render(files[index], as: format).data
                            if data != reference["\(index) \(format)"] {
                                findings.add("render \(job) (\(names[index]), \(format)) differs")
                            }
                        } catch {
                            findings.add("render \(job) failed: \(error)")
                        }
                    }
                }
            }
        }
        #expect(findings.items.isEmpty, "\(findings.items.prefix(5))")
    }
}
