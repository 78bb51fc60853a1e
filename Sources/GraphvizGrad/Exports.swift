// One import for Swift users: `import GraphvizGrad` brings the autograd core (Tensor, Variable,
// Tape), the language (SourceFile, Interpreter, Diagnostic), the figure (Figure, FigureOptions,
// DOTWriter) and the pipeline that renders it.
@_exported import GradCore
@_exported import GradDOT
@_exported import GradPlot
@_exported import GradScript
