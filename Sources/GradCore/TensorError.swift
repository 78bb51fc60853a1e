/// A user error in an operation: bad shapes, axes or arguments. Messages name the op and the
/// shapes involved, lowercase, without a final period, so a front end can print them as they are.
public enum TensorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two shapes that NumPy's broadcasting rule cannot combine. `op` is the name a user wrote
    /// (`add`, or `+` when the expression language reports it).
    case cannotBroadcast(Shape, Shape, op: String)
    case axisOutOfBounds(axis: Int, rank: Int, op: String)
    /// Any other invalid argument; the message is complete and starts with the op's name.
    case invalidArgument(String)
    /// A result (or a constructor's request) over the tape's element limit.
    case tooManyElements(Shape, limit: Int, op: String)
    /// An index that does not fit the array; `item` is the position of the culprit among the
    /// index's items, so that a front end can point at it.
    case invalidIndex(String, item: Int)
    /// An upstream gradient for `backward` whose shape is not the target's.
    case upstreamShape(Shape, target: Shape)
    /// More recorded operations than the tape allows.
    case tooManyOperations(limit: Int)
    /// A program whose forward and backward work would pass the tape's budget.
    case tooMuchWork(limit: Int, op: String)
    /// A program whose tensors would hold more elements in all than the tape allows.
    case tooManyElementsInAll(limit: Int, op: String)

    public var description: String {
        switch self {
        case .cannotBroadcast(let a, let b, let op):
            return "cannot broadcast shapes \(a) and \(b) in '\(op)'"
        case .axisOutOfBounds(let axis, let rank, let op):
            return "\(op): axis \(axis) is out of bounds for an array of dimension \(rank)"
        case .invalidArgument(let message):
            return message
        case .tooManyElements(let shape, let limit, let op):
            let count = shape.checkedCount.map(String.init) ?? "more than \(Int.max)"
            return "\(op): shape \(shape) has \(count) elements, over the limit of \(limit)"
        case .invalidIndex(let message, _):
            return message
        case .upstreamShape(let given, let target):
            return "the upstream gradient has shape \(given), but the target has shape \(target)"
        case .tooManyOperations(let limit):
            return "more than \(limit) recorded operations"
        case .tooMuchWork(let limit, let op):
            return
                "\(op): the program's work, forward and backward, would pass its budget of \(limit / 1_000_000_000) billion multiply-adds (about 10 seconds); use smaller tensors"
        case .tooManyElementsInAll(let limit, let op):
            return
                "\(op): the program's tensors would hold more than \(limit / 1_000_000) million numbers in all (about 2 GiB with their gradients); use smaller tensors"
        }
    }

    /// The same error with the operation called `spelling` (for example `+` instead of `add`).
    public func renamingOp(to spelling: String) -> TensorError {
        switch self {
        case .cannotBroadcast(let a, let b, _): return .cannotBroadcast(a, b, op: spelling)
        default: return self
        }
    }
}
