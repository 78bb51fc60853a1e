import FuzzDriver
import GraphvizGrad

/// libFuzzer's entry: any bytes as an expression file whose DOT Graphviz must read. A DOT that
/// Graphviz refuses is a bug (no user text may break the graph's syntax): it traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let pipeline = Pipeline()
    guard let evaluation = try? pipeline.evaluate(SourceFile(path: "fuzz.txt", text: text)),
        let figure = try? pipeline.figure(of: evaluation), figure.nodes.count <= 200
    else { return 0 }
    do {
        _ = try pipeline.bytes(of: pipeline.dot(of: figure), as: .json)
    } catch {
        fatalError("Graphviz refused the DOT of an accepted file: \(error)")
    }
    return 0
}

@_cdecl("FuzzDOT_main")
public func fuzzerMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzOneInput(data, size) }
}
