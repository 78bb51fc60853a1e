import Foundation
import GraphvizGrad

/// The repository's `samples/` folder, and figures made from it (or from any source) through the
/// same pipeline the command-line tool uses.
enum Samples {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")

    /// Every sample's name (its file name without `.txt`), sorted.
    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func file(_ name: String) throws -> SourceFile {
        try SourceFile.load(path: directory.appendingPathComponent(name + ".txt").path)
    }

    static func dot(_ name: String, options: FigureOptions = FigureOptions()) throws -> String {
        try Pipeline(options: options).render(file(name), as: .dot).dot
    }

    static func dot(source: String, options: FigureOptions = FigureOptions()) throws -> String {
        try Pipeline(options: options).render(
            SourceFile(path: "sample.txt", text: source), as: .dot
        ).dot
    }

    static func figure(source: String, options: FigureOptions = FigureOptions()) throws -> Figure {
        try Pipeline(options: options).render(
            SourceFile(path: "sample.txt", text: source), as: .dot
        )
        .figure
    }
}
