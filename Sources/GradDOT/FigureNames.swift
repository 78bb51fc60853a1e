import GradCore

/// What a figure calls each tensor, so that one symbol always means one quantity:
/// - a name the file bound, numbered when the file rebinds it (`h = h * 2 + 1` three times draws
///   `h₁`, `h₂`, `h₃`);
/// - for an unnamed result, a short expression in its operations' own notation, bracketed only
///   where it must be (`1 + exp(−s)`, `x@W`), shortened in the middle when long (`1 + exp(…)`);
/// - for a broadcast copy, `copy(b)`: not the name of what it copies.
struct FigureNames {
    /// Unnamed expressions longer than this are shortened, deepest parts first.
    static let maximumLength = 18

    let tape: Tape
    /// The numbered name of each visible node whose name the file bound more than once.
    private var numbered: [Int: String] = [:]
    /// For each unnamed node, the unnamed parts its expression writes as `…` to stay short.
    private var collapsed: [Int: Set<Int>] = [:]
    /// What each visible node is written as, worked out once: a figure asks for the same names
    /// many times (labels, rules, tooltips), and an expression is built from its whole subtree.
    private var writtenOf: [Int: Written] = [:]

    init(tape: Tape, visible: [Int]) {
        self.tape = tape
        var byName: [String: [Int]] = [:]
        for id in visible {
            if let name = tape.nodes[id].name { byName[name, default: []].append(id) }
        }
        for (name, ids) in byName where ids.count > 1 {
            for (version, id) in ids.enumerated() {
                numbered[id] = name + Self.subscripted(version + 1)
            }
        }
        shortenExpressions(
            visible.filter { tape.nodes[$0].name == nil && tape.nodes[$0].kind.operation != nil })
        for id in visible { writtenOf[id] = writing(id) }
    }

    /// Shortens each unnamed node's expression in the middle: while it is too long, its deepest
    /// unnamed part (the longest among the deepest) becomes `…`, so that the outer operations
    /// stay readable (`exp(−(w0×x0 + w1×x1 + w2))` → `exp(−(… + … + w2))`). Two that would
    /// then read alike keep their whole expressions.
    private mutating func shortenExpressions(_ unnamed: [Int]) {
        for id in unnamed {
            var hidden = Set<Int>()
            while expression(id, hiding: hidden).text.count > Self.maximumLength {
                let parts = unnamedParts(of: id, hiding: hidden)
                guard
                    let deepest = parts.max(by: { a, b in
                        let ka = (a.depth, expression(a.id, hiding: hidden).text.count, -a.id)
                        let kb = (b.depth, expression(b.id, hiding: hidden).text.count, -b.id)
                        return ka < kb
                    })
                else { break }
                hidden.insert(deepest.id)
            }
            collapsed[id] = hidden
        }
        var byText: [String: [Int]] = [:]
        for id in unnamed { byText[written(id).text, default: []].append(id) }
        for ids in byText.values where ids.count > 1 {
            for id in ids { collapsed[id] = [] }
        }
    }

    /// The unnamed operations inside `id`'s expression that are still written out, with how
    /// deep each stands.
    private func unnamedParts(of id: Int, hiding hidden: Set<Int>) -> [(id: Int, depth: Int)] {
        var parts: [(id: Int, depth: Int)] = []
        var stack = tape.nodes[id].inputs.map { ($0, 1) }
        while let (input, depth) = stack.popLast() {
            let node = tape.nodes[input]
            guard node.name == nil, let op = node.kind.operation, !hidden.contains(input) else {
                continue
            }
            let transparent = op.notation == .transparent
            if !transparent { parts.append((input, depth)) }
            stack.append(contentsOf: node.inputs.map { ($0, transparent ? depth : depth + 1) })
        }
        return parts
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
        return expression(id, hiding: collapsed[id] ?? [])
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
            guard node.value.count == 1 else { return Written("c", .atom) }
            let value = node.value.scalars[0]
            return Written(FigureNumbers(precision: 3).format(value), value < 0 ? .prefix : .atom)
        case .operation(let op):
            if op.notation == .transparent { return expression(node.inputs[0], hiding: hidden) }
            guard !hidden.contains(id) else { return Written("…", .atom) }
            return op.notation.write(node.inputs.map { expression($0, hiding: hidden) })
        }
    }

    /// `₁`, `₂`, … `₁₂`: a number as subscript digits.
    static func subscripted(_ number: Int) -> String {
        let digits = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(number).map { digits[Int(String($0))!] }.joined()
    }
}
