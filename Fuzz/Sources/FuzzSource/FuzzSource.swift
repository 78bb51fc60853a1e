import FuzzDriver
import GraphvizGrad

/// libFuzzer's entry: any bytes as an expression file. Every outcome but a crash, a hang or a
/// sanitizer report is fine: a diagnostic, or DOT.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let pipeline = Pipeline()
    guard let evaluation = try? pipeline.evaluate(SourceFile(path: "fuzz.txt", text: text)),
        let figure = try? pipeline.figure(of: evaluation)
    else { return 0 }
    _ = pipeline.dot(of: figure)
    return 0
}

@_cdecl("FuzzSource_main")
public func fuzzerMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzOneInput(data, size) }
}
