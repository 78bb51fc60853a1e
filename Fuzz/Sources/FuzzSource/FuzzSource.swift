import FuzzDriver
import GraphvizGrad

/// libFuzzer's entry: any bytes as an expression file. Every outcome but a crash, a hang or a
/// sanitizer report is fine: a diagnostic, or DOT. A file that parses must also give the same
/// tree when its tree is written back as source and parsed again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    checkSourceRoundTrip(data, size)
    guard let (pipeline, figure) = fuzzFigure(data, size) else { return 0 }
    _ = pipeline.dot(of: figure)
    return 0
}

/// Parse, write back, parse again: the same tree, ranges aside. The written source may only be
/// refused for a parser limit it reaches where the original just fit (`(2).T` for `2 .T` nests
/// one level deeper, `x = x + …` counts one operator more than `x += …`).
func checkSourceRoundTrip(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let program = try? Parser.parse(SourceFile(path: "fuzz.txt", text: text)) else { return }
    let source = program.sourceText
    do {
        let again = try Parser.parse(SourceFile(path: "fuzz.txt", text: source))
        precondition(
            again.dump(ranges: false) == program.dump(ranges: false),
            "the tree written back as source parses to another tree:\n\(source)")
    } catch {
        precondition(
            error.message.contains("nested deeper") || error.message.contains("operators in one"),
            "the tree written back as source does not parse (\(error.message)):\n\(source)")
    }
}

@_cdecl("FuzzSource_main")
public func fuzzerMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzOneInput(data, size) }
}
