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
        case let .number(n): return "the number \(formatNumber(n))"
        case let .literal(t): return "a tensor of shape \(t.shape)"
        case let .variable(v): return "a tensor of shape \(v.shape)"
        case let .boolean(b): return b ? "true" : "false"
        case .none: return "None"
        }
    }
}

/// A number as a user wrote it: `2`, `0.5`, `1e-05`.
func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e16 { return String(Int(value)) }
    return "\(value)"
}
