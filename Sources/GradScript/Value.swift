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
    /// A leaf that lives across passes: the same parameter, updated between them.
    case parameter(Parameter)
    /// A value that records nothing, and stays a constant when bound: a gradient (`w.grad`), a
    /// value read with `.data`, what an update computes (momentum's `v`), or a result of an
    /// earlier pass.
    case data(Tensor)
    case boolean(Bool)
    /// An element-wise comparison (`h <= 0`): data, and a mask when it indexes.
    case booleans(Tensor)
    case none
    case string(String)
    /// `(a, b)`, or a list that holds more than numbers (`[x, y]` for `concatenate`,
    /// `params = [W1, b1]`); the ranges are the items', for errors.
    case sequence([Value], ranges: [SourceRange], isTuple: Bool = false)
    /// `range(start, stop, step)`, iterated without being made.
    case range(start: Int, stop: Int, step: Int)
    /// A function the file (or the prelude) defines with `def`.
    case function(FunctionValue)
    /// One of Python's functions the language has (`print`, `len`, `Variable`), by name.
    case builtin(String)
    /// A module a file imported (`dezero`, `dezero.functions`), by its dotted path.
    case module(String)

    var kindDescription: String {
        switch self {
        case .number(let n): return "the number \(formatParameter(n))"
        case .literal(let t), .data(let t), .booleans(let t): return "a tensor of shape \(t.shape)"
        case .variable(let v): return "a tensor of shape \(v.shape)"
        case .parameter(let p): return "a tensor of shape \(p.value.shape)"
        case .boolean(let b): return b ? "true" : "false"
        case .none: return "None"
        case .string: return "a string"
        case .sequence(let items, _, _): return "a list of \(items.count) items"
        case .range: return "a range"
        case .function(let f): return "the function '\(f.definition.name)'"
        case .builtin(let name): return "the function '\(name)'"
        case .module(let path): return "the module '\(path)'"
        }
    }

    /// Whether it was computed from the file's names (a variable on the tape, a parameter, or a
    /// list holding one), as opposed to numbers, literals and data alone.
    var isComputed: Bool {
        switch self {
        case .variable, .parameter: return true
        case .sequence(let items, _, _): return items.contains(where: \.isComputed)
        default: return false
        }
    }

    /// The number it stands for where a plain number is expected (a dimension, an axis, an
    /// index, a bound): a number, or a scalar computed from the file's names, such as a name
    /// bound to a number (`N = 7` then `randn(1, N)`, `x[N - 1]`). It is taken as its value;
    /// nothing flows back through it.
    var numberValue: Double? {
        switch self {
        case .number(let value): return value
        case .boolean(let value): return value ? 1 : 0
        case .variable(let variable) where variable.shape.rank == 0:
            return variable.value.scalar
        case .parameter(let parameter) where parameter.value.rank == 0:
            return parameter.value.scalar
        case .data(let tensor) where tensor.rank == 0, .booleans(let tensor) where tensor.rank == 0:
            return tensor.scalar
        default: return nil
        }
    }

    /// The tensor of a number, a literal, data, or a list of them (`(2, 3)`); nil otherwise.
    var constantTensor: Tensor? {
        switch self {
        case .number(let value): return Tensor(value)
        case .boolean(let value): return Tensor(value ? 1 : 0)
        case .literal(let tensor), .data(let tensor), .booleans(let tensor): return tensor
        case .range(let start, let stop, let step):
            let values = Swift.stride(from: start, to: stop, by: step).map(Double.init)
            return Tensor(shape: [values.count], scalars: values)
        case .sequence(let items, _, _):
            var nested: [NestedList] = []
            for item in items {
                guard let tensor = item.constantTensor else { return nil }
                nested.append(NestedList(tensor))
            }
            return try? Tensor(nested: .list(nested))
        default: return nil
        }
    }

    /// The tensor's value, whatever records it (for printing, `.data`, updates).
    var tensorValue: Tensor? {
        switch self {
        case .variable(let variable): return variable.value
        case .parameter(let parameter): return parameter.value
        default: return constantTensor
        }
    }
}

/// A leaf that lives across passes. Its value changes only by updates; each pass that reads
/// it records it once as a leaf of that pass's tape, named as the file first named it, and
/// its gradient adds up over passes until the file clears it.
final class Parameter {
    let name: String
    var value: Tensor
    /// Made from an array (`W = randn(2, 3)`, `Variable(np.zeros(3))`): an in-place operator
    /// updates it, as NumPy's arrays are updated. A name bound to a plain number is rebound.
    let holdsArray: Bool
    /// Its gradient added up since it was last cleared, and the passes that added to it.
    var grad: Tensor?
    var gradPasses: ClosedRange<Int>?
    /// Its leaf on the tape of the pass that last read it.
    var leaf: Variable?
    /// Read as a size (`N` in `randn(N, 2)`): recorded as a constant from then on.
    var isSize = false
    /// Whether the accumulation warning was given for it.
    var warnedAccumulation = false

    init(name: String, value: Tensor, holdsArray: Bool) {
        self.name = name
        self.value = value
        self.holdsArray = holdsArray
    }
}

/// A function defined with `def`: its definition and the default values, evaluated when the
/// `def` ran.
final class FunctionValue {
    let definition: FunctionDefinition
    let defaults: [Value?]
    /// Defined in the prelude (DeZero's composites), whose names are its own, not the file's.
    let isPrelude: Bool
    /// The file the definition is in (the prelude's own, for its functions).
    let source: SourceFile

    init(definition: FunctionDefinition, defaults: [Value?], isPrelude: Bool, source: SourceFile) {
        self.definition = definition
        self.defaults = defaults
        self.isPrelude = isPrelude
        self.source = source
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
