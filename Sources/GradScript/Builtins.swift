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
}

/// The candidate closest to a misspelt name, if one is close enough to be what was meant (at
/// most a third of the name's letters differ, and at least one may). Bounded work: names longer
/// than `maxSuggestedLength` get no suggestion, a candidate whose length differs by more than
/// the distance allowed is skipped, and each comparison stops once it exceeds that distance.
func closestName(to name: String, among candidates: some Sequence<String>) -> String? {
    let letters = Array(name)
    guard letters.count <= maxSuggestedLength else { return nil }
    let allowed = max(1, letters.count / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        let other = Array(candidate)
        guard abs(other.count - letters.count) <= allowed,
            let distance = editDistance(
                other, letters, limit: best.map { $0.distance - 1 } ?? allowed)
        else { continue }
        best = (candidate, distance)
    }
    return best?.name
}

/// Names longer than this are not worth a "did you mean": no identifier a person misspells is.
let maxSuggestedLength = 64

/// Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbouring
/// letters as one edit (`tahn` is one edit from `tanh`), for "did you mean" suggestions; nil
/// when it is over `limit` (found out as soon as a whole row of the table is over it). Three rows
/// of the table at a time: memory is linear in the names' length.
func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int? {
    guard limit >= 0 else { return nil }
    guard !a.isEmpty else { return b.count <= limit ? b.count : nil }
    guard !b.isEmpty else { return a.count <= limit ? a.count : nil }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        var rowBest = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            var best = min(previous[j] + 1, current[j - 1] + 1, substitution)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                best = min(best, beforePrevious[j - 2] + 1)
            }
            current[j] = best
            rowBest = min(rowBest, best)
        }
        if rowBest > limit { return nil }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count] <= limit ? previous[b.count] : nil
}

/// The full edit distance, for tests and short names.
func editDistance(_ a: String, _ b: String) -> Int {
    editDistance(Array(a), Array(b), limit: Int.max / 2)!
}

extension Builtins {
    /// Python's functions the language has, always there.
    static let pythonFunctions: Set<String> = [
        "print", "len", "range", "enumerate", "zip", "float", "int", "round", "Variable",
        "as_variable",
        "setup_variable", "no_grad",
    ]

    /// The modules a file can import and name (`F.sigmoid`, `dezero.is_simple_core`).
    static let modules: Set<String> = [
        "dezero", "dezero.functions", "dezero.core_simple", "dezero.core",
    ]
}
