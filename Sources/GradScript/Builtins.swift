import GradCore

/// The language's view of the registry: which names are functions, how each is called, and the
/// closest known name to a misspelt one.
enum Builtins {
    static func isFunction(_ name: String) -> Bool {
        OpRegistry.function(named: name) != nil
    }

    /// The way a function is called, for error messages.
    static func signature(of name: String) -> String? {
        OpRegistry.function(named: name)?.signature
    }

    /// The known function closest to a misspelt one, if any is close.
    static func suggestion(for name: String) -> String? {
        let scored = OpRegistry.functions.map { ($0.name, editDistance($0.name, name)) }
            .filter { $0.1 <= max(1, name.count / 3) }
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
