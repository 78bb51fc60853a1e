/// One item of a NumPy index, `x[item, item, …]`: what the expression language's subscripts
/// mean, and what the indexing operation takes.
public enum IndexItem: Sendable, Equatable {
    /// One position (`x[2]`, `x[-1]`); negative counts from the end. The axis disappears.
    case at(Int)
    /// Python's `start:stop:step`, each part optional (`x[1:3]`, `x[::2]`, `x[:, 0]`).
    case slice(start: Int?, stop: Int?, step: Int?)
    /// Positions in any order, with repeats (`x[[0, 2, 0]]`); negative counts from the end.
    case list([Int])
}
