import GradCore

/// The functions a program can call: the core's registered operations, and the constructors,
/// which make tensors (a name bound to one is a leaf; one used inside an expression is a constant).
enum Builtins {
    struct Constructor: Sendable {
        let signature: String
        let summary: String
        let make: @Sendable (CallArguments, inout NumPyRandom, Tape) throws(Diagnostic) -> Tensor
    }

    static func isFunction(_ name: String) -> Bool {
        OpRegistry.function(named: name) != nil || constructors[name] != nil
    }

    static var allNames: [String] { OpRegistry.functions.map(\.name) + constructors.keys.sorted() }

    static let constructors: [String: Constructor] = [
        "randn": Constructor(
            signature: "randn(d…)", summary: "standard normal samples, like np.random.randn"
        ) { args, generator, tape throws(Diagnostic) in
            let shape = try args.dimensions(tape: tape)
            return Tensor.randn(shape, using: &generator)
        },
        "rand": Constructor(
            signature: "rand(d…)", summary: "uniform samples in [0, 1), like np.random.rand"
        ) { args, generator, tape throws(Diagnostic) in
            let shape = try args.dimensions(tape: tape)
            return Tensor.rand(shape, using: &generator)
        },
        "zeros": Constructor(signature: "zeros(d…)", summary: "a tensor of zeros") {
            args, _, tape throws(Diagnostic) in
            Tensor.zeros(try args.dimensions(tape: tape))
        },
        "ones": Constructor(signature: "ones(d…)", summary: "a tensor of ones") {
            args, _, tape throws(Diagnostic) in
            Tensor.ones(try args.dimensions(tape: tape))
        },
        "full": Constructor(signature: "full(d…, value=v)", summary: "a tensor filled with v") {
            args, _, tape throws(Diagnostic) in
            let shape = try args.dimensions(tape: tape)
            return Tensor.full(shape, value: try args.number("value"))
        },
        "arange": Constructor(
            signature: "arange(n) or arange(start, stop, step=1)",
            summary: "evenly spaced values, like np.arange"
        ) { args, _, tape throws(Diagnostic) in
            let first = try args.number("start")
            guard let stop = try args.optionalNumber("stop") else {
                return try args.arange(0, first, 1, tape: tape)
            }
            return try args.arange(first, stop, args.optionalNumber("step") ?? 1, tape: tape)
        },
    ]

    /// The way a function is called, for error messages.
    static func signature(of name: String) -> String? {
        OpRegistry.function(named: name)?.signature ?? constructors[name]?.signature
    }

    /// The known function closest to a misspelt one, if any is close.
    static func suggestion(for name: String) -> String? {
        let scored = allNames.map { ($0, editDistance($0, name)) }.filter {
            $0.1 <= max(1, name.count / 3)
        }
        return scored.min { $0.1 < $1.1 }?.0
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var row = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            row[j] = min(
                previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = row
    }
    return previous[b.count]
}
