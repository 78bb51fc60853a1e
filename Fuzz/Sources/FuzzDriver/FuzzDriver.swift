import GraphvizGrad

/// What both fuzz targets share: SwiftPM links an executable's `main` to `TARGET_main`, and that
/// hands over to libFuzzer's driver with the target's test function.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

/// Runs libFuzzer with the command line `argc`, `argv` on `test`.
public func runFuzzer(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32 {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, test)
}

/// Limits far below the tool's, so that an input spends its time in the code and not in a large
/// tensor's arithmetic, and the limits' own errors are reached often. (The tool's limits and
/// the time of the heaviest legal inputs are measured apart: docs/language.md.)
let fuzzLimits = Tape.Limits(
    maxElements: 20_000, maxNodes: 2_000, maxTotalElements: 200_000, maxWork: 20_000_000)

/// The bytes as an expression file, run and drawn as `render` does: the pipeline and the figure,
/// or nil when the file is refused with a diagnostic (a fine outcome).
public func fuzzFigure(_ data: UnsafePointer<UInt8>, _ size: Int) -> (Pipeline, Figure)? {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var options = Interpreter.Options()
    options.limits = fuzzLimits
    let pipeline = Pipeline()
    guard
        let evaluation = try? Interpreter.run(
            SourceFile(path: "fuzz.txt", text: text), options: options),
        let figure = try? pipeline.figure(of: evaluation)
    else { return nil }
    return (pipeline, figure)
}
