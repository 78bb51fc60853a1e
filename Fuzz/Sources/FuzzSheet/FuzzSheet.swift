import FuzzDriver
import GraphvizGrad

/// libFuzzer's entry: any bytes as an answer sheet for a fixed quiz (a branch and a matrix
/// product, scalar and tensor blanks), read and marked as `grade` does. A sheet is graded or
/// refused with a located diagnostic; anything else (a crash, a stack overflow on deep nesting,
/// a mark for a blank the quiz does not have) is a bug.
let quiz: Figure = {
    var options = FigureOptions()
    options.quiz = true
    let source =
        "x = 2\ny = 3\nz = x * y + x\nW = [[1, 2], [3, 4]]\nv = [[0.5, -1]]\nL = sum(v @ W) + z\nbackward L\n"
    let pipeline = Pipeline(options: options)
    return try! pipeline.figure(
        of: pipeline.evaluate(SourceFile(path: "quiz.txt", text: source)))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let sheet = SourceFile(path: "answers.txt", text: text)
    guard let answers = try? Grading.answers(in: sheet, blanks: quiz.blanks.count) else {
        return 0
    }
    let marks = Grading.marks(for: quiz, answers: answers, tolerance: 1e-3)
    precondition(marks.count == quiz.blanks.count, "a mark for every blank, and no other")
    _ = Grading.table(marks, showSolutions: true)
    return 0
}

@_cdecl("FuzzSheet_main")
public func fuzzerMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzOneInput(data, size) }
}
