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
/// most a third of the name's letters differ, and at least one may).
func closestName(to name: String, among candidates: some Sequence<String>) -> String? {
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        let distance = editDistance(candidate, name)
        if distance <= max(1, name.count / 3), best == nil || distance < best!.distance {
            best = (candidate, distance)
        }
    }
    return best?.name
}

/// Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbouring
/// letters as one edit (`tahn` is one edit from `tanh`), for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var distances = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { distances[i][0] = i }
    for j in 0...b.count { distances[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let substitution = distances[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            var best = min(distances[i - 1][j] + 1, distances[i][j - 1] + 1, substitution)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                best = min(best, distances[i - 2][j - 2] + 1)
            }
            distances[i][j] = best
        }
    }
    return distances[a.count][b.count]
}
