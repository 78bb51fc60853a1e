import Foundation
import GradDOT
import GradScript

/// The repository's `samples/` folder and a figure's DOT for one of its files.
enum Samples {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func dot(_ name: String, options: FigureOptions = FigureOptions()) throws -> String {
        try dot(
            source: String(
                contentsOf: directory.appendingPathComponent(name + ".txt"), encoding: .utf8),
            options: options)
    }

    static func dot(source: String, options: FigureOptions = FigureOptions()) throws -> String {
        DOTWriter(options: options).write(try figure(source: source, options: options))
    }

    static func figure(source: String, options: FigureOptions = FigureOptions()) throws -> Figure {
        let evaluation = try Interpreter.run(SourceFile(path: "sample.txt", text: source))
        let backward = evaluation.backward
        return Figure(
            tape: evaluation.tape, gradients: backward?.gradients,
            targetName: backward.flatMap { $0.hasExplicitUpstream ? nil : $0.targetName },
            title: evaluation.title, options: options)
    }
}
