internal import CGraphviz
import Foundation

/// What Graphviz can produce for graphviz-grad.
public enum RenderFormat: String, CaseIterable, Sendable {
    case svg, png, pdf, json

    /// The device name handed to Graphviz: PNG and PDF through cairo (png:gd looks worse).
    var device: String {
        switch self {
        case .svg: return "svg"
        case .png: return "png:cairo"
        case .pdf: return "pdf:cairo"
        case .json: return "json"
        }
    }
}

/// A failure inside Graphviz, with the messages it reported.
public struct RenderError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Renders DOT text to SVG, PNG, PDF or Graphviz's JSON in this process, through libgvc.
///
/// It knows nothing about autograd: it takes DOT and returns bytes. Every libgvc call runs behind
/// one process-wide lock (the library is not thread-safe: unlocked concurrent use crashed in
/// three runs of three), and Graphviz's messages are captured into the thrown error instead of
/// being printed. All renderers share the process's one Graphviz context (see `sharedContext`).
public final class GraphvizRenderer: @unchecked Sendable {
    /// Serialises every call into libgvc, across all renderers.
    private static let lock = NSLock()
    /// Messages from Graphviz's error callback; only touched while `lock` is held.
    nonisolated(unsafe) private static var messages: [String] = []

    private let context: OpaquePointer

    /// The process's one Graphviz context, made on first use and never freed: freeing a
    /// context and rendering with another reads freed memory inside Graphviz (its pango plugin
    /// keeps a static pointer to the last font name, which the freed context owned — found by
    /// AddressSanitizer, `scripts/sanitize`). Only touched while `lock` is held.
    nonisolated(unsafe) private static var sharedContext: OpaquePointer?

    public init() throws {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        if let context = Self.sharedContext {
            self.context = context
            return
        }
        Self.installErrorHandler()
        guard let context = gvContext() else {
            throw RenderError(message: "graphviz: could not create a Graphviz context")
        }
        Self.sharedContext = context
        self.context = context
    }

    /// The version of the Graphviz library in use, e.g. `2.43.0`.
    public var graphvizVersion: String {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        return gvcVersion(context).map { String(cString: $0) } ?? "unknown"
    }

    /// Lays out `dot` with the `dot` engine and renders it to `format`.
    public func render(dot: String, format: RenderFormat) throws -> Data {
        try render(dot: dot, formats: [format])[0]
    }

    /// Lays out `dot` once and renders that one layout to each of `formats` (an SVG and the
    /// JSON that says where each of its texts is and how wide).
    public func render(dot: String, formats: [RenderFormat]) throws -> [Data] {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        let graph = try Self.readGraph(dot)
        defer { agclose(graph) }

        let laidOut = gvLayout(context, graph, "dot")
        defer { if laidOut == 0 { gvFreeLayout(context, graph) } }
        if laidOut != 0 || agerrors() > 0 {
            let text = Self.collectedMessages(default: "layout failed")
            if text.contains("not recognized") {
                throw RenderError(
                    message: """
                        Graphviz's plugins are not configured (its 'dot' layout was not found). The plugin list \
                        (config6a next to libgvc's plugins) is missing: regenerate it with 'sudo dot -c', or on \
                        Debian/Ubuntu run 'sudo apt-get install --reinstall libgvc6'. (Graphviz said: \(text))
                        """)
            }
            throw RenderError(message: "graphviz could not lay out the graph: " + text)
        }

        var rendered: [Data] = []
        for format in formats {
            var buffer: UnsafeMutablePointer<CChar>?
            let (status, length) = Self.renderData(context, graph, format.device, &buffer)
            defer { if let buffer { gvFreeRenderData(buffer) } }
            guard status == 0, let buffer, agerrors() == 0 else {
                throw RenderError(
                    message: "graphviz could not render \(format.rawValue): "
                        + Self.collectedMessages(default: "the \(format.device) renderer failed"))
            }
            // PNG data contains NUL bytes: always use the returned length.
            rendered.append(
                buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
                    Data(bytes: $0, count: length)
                })
        }
        return rendered
    }

    /// How many nodes and edges Graphviz reads in `dot`, without a layout: what a check that no
    /// text changed a graph's structure needs, at a fraction of a rendering's cost.
    public func count(dot: String) throws -> (nodes: Int, edges: Int) {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        let graph = try Self.readGraph(dot)
        defer { agclose(graph) }
        return (Int(agnnodes(graph)), Int(agnedges(graph)))
    }

    /// Parses `dot` (the caller holds the lock and closes the graph); any message Graphviz
    /// writes while reading is an error.
    private static func readGraph(_ dot: String) throws -> UnsafeMutablePointer<Agraph_t> {
        messages.removeAll()
        agreseterrors()
        let read = dot.withCString { agmemread($0) }
        guard let graph = read, agerrors() == 0 else {
            if let read { agclose(read) }
            throw RenderError(
                message: "graphviz could not read the graph: "
                    + collectedMessages(default: "syntax error"))
        }
        return graph
    }

    /// Calls `gvRenderData`, whose length parameter is `unsigned int *` before Graphviz 13 and
    /// `size_t *` from 13 on: the generic parameter takes whichever the imported header declares.
    private static func renderData(
        _ context: OpaquePointer, _ graph: UnsafeMutablePointer<Agraph_t>, _ device: String,
        _ buffer: inout UnsafeMutablePointer<CChar>?
    ) -> (Int32, Int) {
        func call<Length: BinaryInteger>(
            _ function: (
                OpaquePointer?, UnsafeMutablePointer<Agraph_t>?, UnsafePointer<CChar>?,
                UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, UnsafeMutablePointer<Length>?
            ) -> Int32
        ) -> (Int32, Int) {
            var length: Length = 0
            let status = device.withCString { function(context, graph, $0, &buffer, &length) }
            return (status, Int(length))
        }
        return call(gvRenderData)
    }

    private static func installErrorHandler() {
        _ = agseterrf { message in
            if let message { GraphvizRenderer.messages.append(String(cString: message)) }
            return 0
        }
    }

    private static func collectedMessages(default fallback: String) -> String {
        let text = messages.joined().split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        .filter { !$0.isEmpty }.joined(separator: "; ")
        return text.isEmpty ? fallback : text
    }
}
