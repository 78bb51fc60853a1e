import FuzzDriver
import GraphvizGrad

/// libFuzzer's entry: any bytes as an expression file whose DOT Graphviz must read (agmemread)
/// with the nodes and edges the writer wrote. A DOT that Graphviz refuses, or reads as another
/// graph, is a bug (no user text may change a graph's structure): it traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let (pipeline, figure) = fuzzFigure(data, size) else { return 0 }
    let dot = pipeline.dot(of: figure)
    let written = writtenCounts(dot)
    do {
        let read = try pipeline.graphvizCounts(of: dot)
        precondition(
            read == written,
            "Graphviz read \(read) nodes and edges where the writer wrote \(written)")
    } catch {
        fatalError("Graphviz refused the DOT of an accepted file: \(error)")
    }
    return 0
}

/// The node and edge statements the writer put in `dot`: it writes one statement a line, and
/// user text never holds a line break, so a line that starts `ID [` is a node and `ID -> ` an
/// edge.
func writtenCounts(_ dot: String) -> (nodes: Int, edges: Int) {
    let keywords: Set<Substring> = ["graph", "node", "edge"]
    var nodes = 0
    var edges = 0
    for line in dot.split(separator: "\n") {
        let words = line.split(separator: " ", maxSplits: 2)
        guard words.count >= 2, words[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { continue }
        if words[1] == "->" {
            edges += 1
        } else if words[1].hasPrefix("["), !keywords.contains(words[0]) {
            nodes += 1
        }
    }
    return (nodes, edges)
}

@_cdecl("FuzzDOT_main")
public func fuzzerMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzOneInput(data, size) }
}
