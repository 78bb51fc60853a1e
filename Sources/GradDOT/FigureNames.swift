import GradCore

/// What a figure calls each tensor, so that one symbol always means one quantity:
/// - a name the file bound, numbered when the file rebinds it (`h = h * 2 + 1` three times draws
///   `h₁`, `h₂`, `h₃`);
/// - for an unnamed result, a short expression in its operations' own notation, bracketed only
///   where it must be (`1 + exp(−s)`, `x@W`), shortened in the middle when long (`1 + exp(…)`),
///   and numbered when two long ones shorten alike;
/// - for a broadcast copy, `copy(b)`: not the name of what it copies.
struct FigureNames {
    /// Unnamed expressions longer than this are shortened, deepest parts first.
    static let maximumLength = 18
    /// Two unnamed expressions that shorten alike are written whole up to this length, and
    /// numbered past it (`(−(−(…)))₁`, `(−(−(…)))₂`: a chain of 200 negations would otherwise
    /// label its edges with 400 characters each).
    static let maximumWholeLength = 3 * maximumLength

    let tape: Tape
    /// The numbered name of each visible node whose name the file bound more than once.
    private var numbered: [Int: String] = [:]
    /// For each unnamed node, the unnamed parts its expression writes as `…` to stay short.
    private var collapsed: [Int: Set<Int>] = [:]
    /// The subscript of each unnamed node numbered among those that shorten alike.
    private var counted: [Int: String] = [:]
    /// What each visible node is written as, worked out once: a figure asks for the same names
    /// many times (labels, rules, tooltips), and an expression is built from its whole subtree.
    private var writtenOf: [Int: Written] = [:]
    /// The constants the visible nodes take, written once: formatting a number is slow next to
    /// the rest of an expression, which is written many times while it is shortened.
    private var constantTexts: [Int: Written] = [:]

    /// How constants are written: the figure's formatter.
    private let numbers: FigureNumbers

    init(tape: Tape, visible: [Int], numbers: FigureNumbers = FigureNumbers(option: nil, file: nil))
    {
        self.tape = tape
        self.numbers = numbers
        var byName: [String: [Int]] = [:]
        for id in visible {
            if let name = tape.nodes[id].name { byName[name, default: []].append(id) }
        }
        for (name, ids) in byName where ids.count > 1 {
            for (version, id) in ids.enumerated() {
                numbered[id] = name + subscriptDigits(version + 1)
            }
        }
        for id in visible {
            for input in tape.nodes[id].inputs where tape.nodes[input].kind.isConstant {
                constantTexts[input] = constantText(tape.nodes[input].value)
            }
        }
        shortenExpressions(
            visible.filter { tape.nodes[$0].name == nil && tape.nodes[$0].kind.operation != nil })
        for id in visible { writtenOf[id] = writing(id) }
    }

    /// Shortens each unnamed node's expression in the middle: while it is too long, its deepest
    /// unnamed part (the longest among the deepest) becomes `…`, so that the outer operations
    /// stay readable (`exp(−(w0×x0 + w1×x1 + w2))` → `exp(−(… + … + w2))`). Two that would
    /// then read alike keep their whole expressions when those are short, and are numbered when
    /// not.
    private mutating func shortenExpressions(_ unnamed: [Int]) {
        for id in unnamed { collapsed[id] = hiddenParts(of: id) }
        var byText: [String: [Int]] = [:]
        for id in unnamed { byText[written(id).text, default: []].append(id) }
        for ids in byText.values where ids.count > 1 {
            if ids.allSatisfy({ wholeLength(of: $0) <= Self.maximumWholeLength }) {
                for id in ids { collapsed[id] = [] }
            } else {
                for (index, id) in ids.sorted().enumerated() {
                    counted[id] = subscriptDigits(index + 1)
                }
            }
        }
    }

    /// The parts of `id`'s expression written `…`. Hiding the deepest part one at a time would
    /// rewrite the whole expression per part (a chain of 160 negations took 20 s), so this goes
    /// a level at a time, which gives the same parts: two parts at one depth never contain each
    /// other, so hiding one leaves the others' lengths alone, and a level is reached only when
    /// every deeper part is hidden. The level that must go in part is the shallowest whose
    /// showing makes the text too long; its parts go longest first (then first recorded).
    ///
    /// Showing a level adds at least a character (an operation writes its operands and a
    /// symbol where `…` was one character), so no level deeper than `maximumLength` can show:
    /// the parts are gathered to that depth only, and the deepest of them hide what is below.
    private func hiddenParts(of id: Int) -> Set<Int> {
        let parts = unnamedParts(of: id, toDepth: Self.maximumLength + 1).parts
        let deepest = parts.map(\.depth).max() ?? 0
        func deeper(than depth: Int) -> Set<Int> {
            Set(parts.lazy.filter { $0.depth > depth }.map(\.id))
        }
        func fits(hiding hidden: Set<Int>) -> Bool {
            expression(id, hiding: hidden).text.count <= Self.maximumLength
        }
        guard fits(hiding: deeper(than: 0)) else { return deeper(than: 0) }
        var level = 1
        while level <= deepest, fits(hiding: deeper(than: level)) { level += 1 }
        if level > deepest { return [] }
        var hidden = deeper(than: level)
        let lengths = Dictionary(
            uniqueKeysWithValues: parts.filter { $0.depth == level }.map {
                ($0.id, expression($0.id, hiding: hidden).text.count)
            })
        let longestFirst = lengths.keys.sorted { a, b in
            lengths[a]! != lengths[b]! ? lengths[a]! > lengths[b]! : a < b
        }
        for part in longestFirst {
            if fits(hiding: hidden) { break }
            hidden.insert(part)
        }
        return hidden
    }

    /// The length of `id`'s whole expression, or more than `maximumWholeLength` when it has more
    /// parts than that (each writes at least a character), without writing it out.
    private func wholeLength(of id: Int) -> Int {
        let limit = Self.maximumWholeLength
        let (parts, complete) = unnamedParts(of: id, toDepth: limit + 1)
        guard complete, parts.count <= limit else { return limit + 1 }
        return expression(id, hiding: []).text.count
    }

    /// The unnamed operations inside `id`'s expression down to `limit` levels, with how deep
    /// each stands, and whether that was all of them (nothing lies below the deepest).
    private func unnamedParts(of id: Int, toDepth limit: Int) -> (
        parts: [(id: Int, depth: Int)], complete: Bool
    ) {
        var parts: [(id: Int, depth: Int)] = []
        var complete = true
        var stack = tape.nodes[id].inputs.map { ($0, 1) }
        while let (input, depth) = stack.popLast() {
            let node = tape.nodes[input]
            guard node.name == nil, let op = node.kind.operation else { continue }
            let transparent = op.notation == .transparent
            if !transparent { parts.append((input, depth)) }
            guard transparent || depth < limit else {
                complete =
                    complete
                    && node.inputs.allSatisfy {
                        tape.nodes[$0].name != nil || tape.nodes[$0].kind.operation == nil
                    }
                continue
            }
            stack.append(contentsOf: node.inputs.map { ($0, transparent ? depth : depth + 1) })
        }
        return (parts, complete)
    }

    /// A tensor as it appears inside ∂ labels and rules: a name is an atom, an expression binds
    /// as its outermost operation does.
    func written(_ id: Int) -> Written { writtenOf[id] ?? writing(id) }

    private func writing(_ id: Int) -> Written {
        let node = tape.nodes[id]
        if node.name != nil { return expression(id, hiding: []) }
        if let op = node.kind.operation, op.notation == .transparent {
            return Written("copy(" + written(node.inputs[0]).text + ")", .atom)
        }
        let short = expression(id, hiding: collapsed[id] ?? [])
        guard let number = counted[id] else { return short }
        return Written(short.atLeast(.atom) + number, .atom)
    }

    /// What a value's table or label is headed by: the name or the short expression.
    func label(of id: Int) -> String { written(id).text }

    /// The expression of `id`, with the unnamed operations in `hidden` written `…`.
    private func expression(_ id: Int, hiding hidden: Set<Int>) -> Written {
        let node = tape.nodes[id]
        if let name = node.name { return Written(numbered[id] ?? name, .atom) }
        switch node.kind {
        case .leaf:
            return Written("·", .atom)
        case .constant:
            return constantTexts[id] ?? constantText(node.value)
        case .operation(let op):
            if op.notation == .transparent { return expression(node.inputs[0], hiding: hidden) }
            guard !hidden.contains(id) else { return Written("…", .atom) }
            return op.notation.write(node.inputs.map { expression($0, hiding: hidden) })
        }
    }

    /// A constant inside an expression: its number, or `c` for a tensor.
    private func constantText(_ value: Tensor) -> Written {
        guard value.count == 1 else { return Written("c", .atom) }
        let scalar = value.scalars[0]
        return Written(numbers.format(scalar), scalar < 0 ? .prefix : .atom)
    }

}
