import Foundation
import Testing

@testable import GraphvizGrad

/// An output format is one type and one registry line: a format defined only here, registered,
/// is found by name and by extension, writes figures through the pipeline, and holds a deck of
/// steps, without anything outside this file naming it.
@Suite(.serialized) struct FormatSeamTests {
    /// A plain-text inventory of a figure: a line per node and per edge with its value, and a
    /// deck as one file with a line per frame's caption.
    struct InventoryFormat: FormatWriter {
        let name = "inventory"
        let fileExtensions = ["inventory", "inv"]
        let summary = "inventory (a test's list of nodes and edges)"
        let deckForm = DeckForm.oneFile
        let needsGraphviz = false

        func write(_ drawing: FigureDrawing) throws(Diagnostic) -> Data {
            var lines = drawing.figure.nodes.map { "node \($0.elementID)" }
            lines += drawing.figure.edges.map { edge in
                "edge \(edge.elementID) = \(drawing.figure.numbers.format(edge.value.scalars[0]))"
            }
            return Data((lines.joined(separator: "\n") + "\n").utf8)
        }

        func writeSteps(_ deck: StepDeckDrawing, _ frame: (Int, Data) throws(Diagnostic) -> Void)
            throws(Diagnostic)
        {
            try frame(0, Data(deck.captions.joined(separator: "\n").utf8))
        }
    }

    static let branch = """
        x = 2
        y = 3
        z = x * y + x
        backward z
        """

    @Test func aFormatDefinedHereIsFoundAndWrites() throws {
        OutputFormats.register(InventoryFormat())
        defer { OutputFormats.unregister(named: "inventory") }

        let format = try #require(OutputFormat(rawValue: "inventory"))
        #expect(OutputFormat(fileExtensionOf: "figures/branch.inv") == format)
        #expect(OutputFormat(fileExtensionOf: "branch.INVENTORY") == format)
        #expect(OutputFormats.all.last == format)
        #expect(OutputFormats.extensionList.hasSuffix(".inventory, .inv"))
        #expect(format.holdsDeck && !format.holdsFrames && !format.isBinary)

        let file = SourceFile(path: "b.txt", text: Self.branch)
        let rendering = try Pipeline().render(file, as: format)
        let text = String(decoding: rendering.data, as: UTF8.self)
        #expect(text.contains("node op-z\n"))
        #expect(text.contains("edge x--branch-x = 2\n"))
        #expect(text.contains("edge op-z--output = 8\n"))

        let steps = try Pipeline().renderSteps(file, as: format)
        #expect(steps.frames.count == 1)
        let captions = String(decoding: steps.frames[0], as: UTF8.self)
        #expect(captions.split(separator: "\n").count == steps.captions.count)
        #expect(captions.hasPrefix(steps.captions[0]))
    }

    @Test func unregisteredItIsGoneAndBuiltInsStay() {
        OutputFormats.register(InventoryFormat())
        OutputFormats.unregister(named: "inventory")
        #expect(OutputFormat(rawValue: "inventory") == nil)
        #expect(OutputFormat(fileExtensionOf: "a.inv") == nil)
        let names = OutputFormats.all.map(\.rawValue)
        #expect(names == ["svg", "png", "pdf", "dot", "json", "html", "tikz"])
    }

    /// Every built-in format: its name is unique, each extension chooses it and no other, and
    /// one that cannot hold a deck says so with a diagnostic rather than writing something.
    @Test func builtInFormatsAreConsistent() throws {
        let all = OutputFormats.all
        #expect(Set(all.map(\.rawValue)).count == all.count)
        for format in all {
            for fileExtension in format.writer.fileExtensions {
                #expect(OutputFormat(fileExtensionOf: "f." + fileExtension) == format)
            }
        }
        #expect(OutputFormat(fileExtensionOf: "figure.tex") == .tikz)
        #expect(OutputFormat(fileExtensionOf: "figure.txt") == nil)
        let file = SourceFile(path: "b.txt", text: Self.branch)
        do {
            _ = try Pipeline().renderSteps(file, as: .json)
            Issue.record("json held a deck")
        } catch {
            #expect(error.message == "json cannot hold a deck of steps")
        }
        do {
            _ = try Pipeline().bytes(of: "digraph { a }", as: .tikz)
            Issue.record("tikz took DOT alone")
        } catch {
            #expect(error.message == "tikz is not a drawing of DOT alone")
        }
    }
}
