import GradCore

/// What an expression evaluates to. Numbers and literal tensors are not on the tape yet: bound to
/// a name they become leaves (which receive gradients); used inside an expression they become
/// constants (drawn, no gradient). Arithmetic on plain numbers stays plain arithmetic, and an
/// operation on numbers and literals alone is computed at once into a literal (so
/// `W = reshape(arange(6), 3, 2)` is a leaf, like `W = randn(3, 2)`).
enum Value {
    case number(Double)
    case literal(Tensor)
    case variable(Variable)
    case boolean(Bool)
    case none
    /// `(a, b)`, or a list that holds more than numbers (`[x, y]` for `concatenate`); the ranges
    /// are the items', for errors.
    case sequence([Value], ranges: [SourceRange])

    var kindDescription: String {
        switch self {
        case .number(let n): return "the number \(formatParameter(n))"
        case .literal(let t): return "a tensor of shape \(t.shape)"
        case .variable(let v): return "a tensor of shape \(v.shape)"
        case .boolean(let b): return b ? "true" : "false"
        case .none: return "None"
        case .sequence(let items, _): return "a list of \(items.count) items"
        }
    }

    /// Whether it was computed from the file's names (a variable on the tape, or a list holding
    /// one), as opposed to numbers and literals alone.
    var isComputed: Bool {
        switch self {
        case .variable: return true
        case .sequence(let items, _): return items.contains(where: \.isComputed)
        case .number, .literal, .boolean, .none: return false
        }
    }

    /// The number it stands for where a plain number is expected (a dimension, an axis, an
    /// index, a bound): a number, or a scalar computed from the file's names, such as a name
    /// bound to a number (`N = 7` then `randn(1, N)`, `x[N - 1]`). It is taken as its value;
    /// nothing flows back through it.
    var numberValue: Double? {
        switch self {
        case .number(let value): return value
        case .variable(let variable) where variable.shape.rank == 0:
            return variable.value.scalar
        default: return nil
        }
    }

    /// The tensor of a number, a literal, or a list of them (`(2, 3)`); nil otherwise.
    var constantTensor: Tensor? {
        switch self {
        case .number(let value): return Tensor(value)
        case .literal(let tensor): return tensor
        case .sequence(let items, _):
            var nested: [NestedList] = []
            for item in items {
                guard let tensor = item.constantTensor else { return nil }
                nested.append(NestedList(tensor))
            }
            return try? Tensor(nested: .list(nested))
        case .variable, .boolean, .none: return nil
        }
    }
}

extension NestedList {
    /// A tensor as nested lists, by its shape.
    init(_ tensor: Tensor) {
        func nested(_ offset: Int, _ dims: ArraySlice<Int>) -> NestedList {
            guard let length = dims.first else { return .number(tensor.scalars[offset]) }
            let stride = dims.dropFirst().reduce(1, *)
            return .list((0..<length).map { nested(offset + $0 * stride, dims.dropFirst()) })
        }
        self = nested(0, tensor.shape.dims[...])
    }
}
