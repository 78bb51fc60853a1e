import Testing

@testable import GradCore

/// One gradient check for every registered operation, against central finite differences, over
/// scalars, vectors, matrices and 3-D tensors, every broadcast pattern, each reduction axis, and
/// np.matmul's rank rules.
@Suite struct GradientCheckTests {
    /// A computation to check: leaves with these values, and how to build the output from them.
    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let inputs: [Tensor]
        let build: @Sendable ([Variable]) throws -> Variable
        var testDescription: String { label }
    }

    // MARK: The table

    /// Deterministic inputs: normal values, or values in [0.5, 1.5) where a function needs them
    /// positive (log, fractional powers, division).
    static func normal(_ dims: [Int], seed: UInt32) -> Tensor {
        var generator = NumPyRandom(seed: seed)
        return Tensor.randn(Shape(dims), using: &generator)
    }

    static func positive(_ dims: [Int], seed: UInt32) -> Tensor {
        var generator = NumPyRandom(seed: seed)
        return Tensor.rand(Shape(dims), using: &generator).map { $0 + 0.5 }
    }

    static func binary(
        _ name: String, _ a: [Int], _ b: [Int], positiveRight: Bool = false,
        _ f: @escaping @Sendable (Variable, Variable) throws -> Variable
    ) -> Case {
        Case(
            label: "\(name) \(Shape(a)) \(Shape(b))",
            inputs: [
                normal(a, seed: 1), positiveRight ? positive(b, seed: 2) : normal(b, seed: 2),
            ],
            build: { try f($0[0], $0[1]) })
    }

    static func unary(
        _ label: String, _ input: Tensor, _ f: @escaping @Sendable (Variable) throws -> Variable
    ) -> Case {
        Case(label: "\(label) \(input.shape)", inputs: [input], build: { try f($0[0]) })
    }

    /// Shape pairs for every broadcast pattern: equal shapes, scalars on either side, trailing
    /// dimensions, size-1 dimensions, and both sides stretched.
    static let broadcastPairs: [([Int], [Int])] = [
        ([], []), ([3], [3]), ([2, 3], [2, 3]), ([2, 3, 4], [2, 3, 4]),
        ([2, 3], []), ([], [2, 3]),
        ([2, 3], [3]), ([3], [2, 3]), ([2, 3, 4], [3, 4]),
        ([2, 3], [2, 1]), ([2, 1], [2, 3]), ([2, 3, 4], [2, 1, 4]),
        ([2, 1], [1, 3]), ([4, 1, 3], [2, 1]),
    ]

    static let cases: [Case] = {
        var cases: [Case] = []
        for (a, b) in broadcastPairs {
            cases.append(binary("add", a, b) { try $0 + $1 })
            cases.append(binary("sub", a, b) { try $0 - $1 })
            cases.append(binary("mul", a, b) { try $0 * $1 })
            cases.append(binary("div", a, b, positiveRight: true) { try $0 / $1 })
        }
        for dims in [[], [3], [2, 3], [2, 3, 4]] {
            cases.append(unary("neg", normal(dims, seed: 3)) { try -$0 })
            cases.append(unary("exp", normal(dims, seed: 4)) { try $0.exp() })
            cases.append(unary("log", positive(dims, seed: 5)) { try $0.log() })
        }
        for exponent in [2.0, 3.0, 1.0, 0.5, -1.0, -2.5, 1.75] {
            cases.append(
                unary("pow \(exponent)", positive([2, 3], seed: 6)) { try $0.pow(exponent) })
        }
        cases.append(unary("pow 3 of negatives", normal([2, 3], seed: 7)) { try $0.pow(3) })
        for (a, c) in [([2, 3], [2, 3]), ([2, 3], [3]), ([2, 3], []), ([3], [2, 3])] {
            cases.append(
                Case(
                    label: "pow tensor \(Shape(a)) \(Shape(c))",
                    inputs: [positive(a, seed: 8), normal(c, seed: 9)],
                    build: { try $0[0].pow($0[1]) }))
        }
        for axis in [nil, 0, 1, 2, -1, -2, -3] as [Int?] {
            for keepdims in [false, true] {
                let x = normal([2, 3, 4], seed: 10)
                cases.append(
                    unary("sum axis=\(String(describing: axis)) keepdims=\(keepdims)", x) {
                        try $0.sum(axis: axis, keepdims: keepdims)
                    })
                cases.append(
                    unary("mean axis=\(String(describing: axis)) keepdims=\(keepdims)", x) {
                        try $0.mean(axis: axis, keepdims: keepdims)
                    })
            }
        }
        cases.append(unary("sum of a vector axis=0", normal([5], seed: 11)) { try $0.sum(axis: 0) })
        cases.append(unary("sum of a scalar", normal([], seed: 11)) { try $0.sum() })
        cases.append(
            unary("mean of a matrix keepdims", normal([3, 2], seed: 11)) {
                try $0.mean(keepdims: true)
            })
        for axis in [nil, 0, 1, -1] as [Int?] {
            cases.append(
                unary("repeat 3 axis=\(String(describing: axis))", normal([2, 3], seed: 12)) {
                    try $0.repeated(3, axis: axis)
                })
        }
        cases.append(
            unary("repeat 7 axis=0 (the article's)", normal([1, 8], seed: 13)) {
                try $0.repeated(7, axis: 0)
            })
        cases.append(unary("repeat a vector", normal([3], seed: 14)) { try $0.repeated(2) })
        cases.append(unary("repeat a scalar", normal([], seed: 14)) { try $0.repeated(4) })
        cases.append(
            unary("repeat 3-D axis=1", normal([2, 2, 3], seed: 14)) { try $0.repeated(2, axis: 1) })
        for (from, to) in [
            ([3], [2, 3]), ([2, 1], [4, 2, 3]), ([], [2, 2]), ([1, 3], [3, 3]),
        ] {
            cases.append(
                unary("broadcast_to \(Shape(to))", normal(from, seed: 15)) {
                    try $0.broadcast(to: Shape(to))
                })
        }
        let matmulShapes: [([Int], [Int])] = [
            ([3], [3]), ([3], [3, 2]), ([2, 3], [3]), ([2, 3], [3, 4]), ([7, 8], [8, 3]),
            ([2, 2, 3], [3, 4]), ([3], [2, 3, 4]), ([2, 2, 3], [3]), ([2, 1, 2, 3], [5, 3, 2]),
            ([4, 2, 3], [4, 3, 1]),
        ]
        for (a, b) in matmulShapes {
            cases.append(binary("matmul", a, b) { try $0.matmul($1) })
        }
        cases.append(unary("transpose", normal([2, 3], seed: 16)) { try $0.transposed() })
        cases.append(unary("transpose", normal([2, 3, 4], seed: 16)) { try $0.transposed() })
        cases.append(
            unary("transpose axes (1, 0, 2)", normal([2, 3, 4], seed: 16)) {
                try $0.transposed(axes: [1, 0, 2])
            })
        cases.append(
            unary("transpose axes (-1, 0, 1)", normal([2, 3, 4], seed: 16)) {
                try $0.transposed(axes: [-1, 0, 1])
            })
        cases.append(unary("transpose of a vector", normal([3], seed: 16)) { try $0.transposed() })
        cases.append(
            unary("reshape (4, -1)", normal([2, 3, 4], seed: 17)) { try $0.reshaped([4, -1]) })
        cases.append(unary("reshape (2, 3)", normal([6], seed: 17)) { try $0.reshaped([2, 3]) })
        cases.append(
            unary("reshape to a scalar", normal([1, 1], seed: 17)) { try $0.reshaped([]) })
        // The next chapters' operations, away from their kinks and ties (tested exactly in
        // KinkAndTieTests).
        for dims in [[], [3], [2, 3], [2, 3, 4]] {
            let x = normal(dims, seed: 20).map { $0 + ($0 >= 0 ? 0.1 : -0.1) }
            cases.append(unary("relu", x) { try $0.relu() })
            cases.append(unary("abs", x) { try $0.abs() })
            cases.append(unary("sigmoid", normal(dims, seed: 21)) { try $0.sigmoid() })
            cases.append(unary("tanh", normal(dims, seed: 22)) { try $0.tanh() })
            cases.append(unary("sin", normal(dims, seed: 23)) { try $0.tape.record(Sin(), [$0]) })
            cases.append(unary("cos", normal(dims, seed: 24)) { try $0.tape.record(Cos(), [$0]) })
            cases.append(unary("sqrt", positive(dims, seed: 23)) { try $0.sqrt() })
            cases.append(
                unary("clip", normal(dims, seed: 24).map { $0 * 3 }) { try $0.clip(-1, 1) })
        }
        cases.append(unary("clip below only", normal([5], seed: 24)) { try $0.clip(0, nil) })
        for axis in [-1, 0, 1] {
            cases.append(
                unary("softmax axis=\(axis)", normal([3, 4], seed: 25)) {
                    try $0.softmax(axis: axis)
                })
            cases.append(
                unary("log_softmax axis=\(axis)", normal([3, 4], seed: 26)) {
                    try $0.logSoftmax(axis: axis)
                })
        }
        cases.append(
            unary("softmax of a vector", normal([5], seed: 27).map { $0 * 30 }) { try $0.softmax() }
        )
        cases.append(
            unary("log_softmax 3-D", normal([2, 3, 4], seed: 28)) { try $0.logSoftmax(axis: 1) })
        for (a, b) in [([2, 3], [2, 3]), ([2, 3], [3]), ([], [2, 3]), ([2, 1], [1, 3])] {
            cases.append(binary("maximum", a, b) { try $0.maximum($1) })
            cases.append(binary("minimum", a, b) { try $0.minimum($1) })
        }
        for axis in [nil, 0, 1, -1] as [Int?] {
            for keepdims in [false, true] {
                let x = normal([3, 4], seed: 29)
                cases.append(
                    unary("max axis=\(String(describing: axis)) keepdims=\(keepdims)", x) {
                        try $0.max(axis: axis, keepdims: keepdims)
                    })
                cases.append(
                    unary("min axis=\(String(describing: axis)) keepdims=\(keepdims)", x) {
                        try $0.min(axis: axis, keepdims: keepdims)
                    })
            }
        }
        for (shapes, axis) in [
            ([[2, 3], [4, 3]], 0), ([[2, 3], [2, 1], [2, 2]], 1), ([[3], [2]], 0),
            ([[2, 2, 3], [2, 1, 3]], -2),
        ] {
            let inputs = shapes.enumerated().map { normal($1, seed: UInt32(30 + $0)) }
            cases.append(
                Case(
                    label:
                        "concatenate \(shapes.map { Shape($0).description }.joined(separator: " ")) axis=\(axis)",
                    inputs: inputs, build: { try Variable.concatenate($0, axis: axis) }))
        }
        let indexCases: [[IndexItem]] = [
            [.at(1)], [.at(-1)], [.at(0), .at(2)], [.slice(start: 1, stop: nil, step: nil)],
            [.slice(start: nil, stop: nil, step: 2)],
            [.slice(start: nil, stop: nil, step: nil), .at(1)],
            [.list([0, 2, 0])], [.slice(start: nil, stop: nil, step: -1), .list([3, 0])],
            [.list([1, 1]), .at(2)],
            [.at(1), .slice(start: 1, stop: 3, step: nil), .list([0, 0, 1])],
            [.list([0, 1]), .slice(start: nil, stop: nil, step: nil), .at(2)],
        ]
        for items in indexCases {
            let dims = items.count == 3 ? [3, 4, 3] : [3, 4]
            cases.append(
                unary("index \(Index(items).symbol)", normal(dims, seed: 40)) {
                    try $0.indexed(items)
                })
        }
        cases.append(
            unary("index of a vector", normal([5], seed: 41)) {
                try $0.indexed([.list([4, 4, 0])])
            })
        cases.append(
            unary("dot-free chain", normal([3], seed: 42)) { x in
                try (x.tanh() * x.sigmoid()).relu().sum() + x.abs().max()
            })
        // Compositions: branches, chains and a small layer.
        cases.append(binary("x * y + x", [2, 3], [2, 3]) { x, y in try x * y + x })
        cases.append(unary("x + x", normal([3], seed: 18)) { x in try x + x })
        cases.append(
            binary("two-layer chain", [4, 3], [3, 2]) { x, w in
                try (x.matmul(w).exp() + x.sum(axis: 1, keepdims: true)).mean()
            })
        return cases
    }()

    // MARK: The checks

    /// L = Σ (output · weights), with fixed random weights so that each output element counts
    /// differently; the analytic gradient is the backward pass with those weights as upstream.
    static func weightedLoss(_ c: Case, inputs: [Tensor], weights: Tensor) throws -> Double {
        let tape = Tape()
        let output = try c.build(inputs.map { try tape.leaf($0) })
        return zip(output.value.scalars, weights.scalars).reduce(0) { $0 + $1.0 * $1.1 }
    }

    @Test(arguments: cases)
    func analyticGradientMatchesFiniteDifferences(_ c: Case) throws {
        let tape = Tape()
        let leaves = try c.inputs.map { try tape.leaf($0) }
        let output = try c.build(leaves)
        let weights = Self.normal(output.shape.dims, seed: 99)
        let gradients = try tape.backward(output, upstream: weights)

        for (index, input) in c.inputs.enumerated() {
            let analytic = try #require(
                gradients.total(leaves[index]), "input \(index) got no gradient")
            #expect(analytic.shape == input.shape)
            let numeric = try FiniteDifferences.gradient(at: input, elements: 0..<input.count) {
                perturbed in
                var inputs = c.inputs
                inputs[index] = perturbed
                return try Self.weightedLoss(c, inputs: inputs, weights: weights)
            }
            for (element, estimate) in numeric {
                let exact = analytic.scalars[element]
                #expect(
                    abs(exact - estimate) <= 1e-5 + 1e-5 * abs(estimate),
                    "input \(index) element \(element): backward \(exact), finite differences \(estimate)"
                )
            }
        }
    }

    /// The table must reach every registered operation, so a new op cannot skip the check.
    @Test func everyRegisteredOperationIsChecked() throws {
        var checked = Set<String>()
        var checkedTensorExponent = false
        for c in Self.cases {
            let tape = Tape()
            _ = try c.build(c.inputs.map { try tape.leaf($0) })
            for node in tape.nodes {
                guard let op = node.kind.operation else { continue }
                checked.insert(op.name)
                if op is PowTensor { checkedTensorExponent = true }
            }
        }
        let registered = Set(OpRegistry.operationNames)
        #expect(!registered.isEmpty)
        #expect(
            registered.subtracting(checked).isEmpty,
            "not gradient-checked: \(registered.subtracting(checked).sorted())")
        #expect(checkedTensorExponent)
    }
}
