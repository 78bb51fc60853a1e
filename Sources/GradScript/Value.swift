import GradCore

/// What an expression evaluates to. Numbers and literal tensors are not on the tape yet: bound to
/// a name they become leaves (which receive gradients); used inside an expression they become
/// constants (drawn, no gradient). Arithmetic on plain numbers stays plain arithmetic.
enum Value {
    case number(Double)
    case literal(Tensor)
    case variable(Variable)
    case boolean(Bool)
    case none

    var kindDescription: String {
        switch self {
        case .number(let n): return "the number \(formatParameter(n))"
        case .literal(let t): return "a tensor of shape \(t.shape)"
        case .variable(let v): return "a tensor of shape \(v.shape)"
        case .boolean(let b): return b ? "true" : "false"
        case .none: return "None"
        }
    }
}
