import Foundation
import GradCore
import Testing

@testable import GradScript

/// Programs run by the interpreter compared with the same lines run by NumPy (committed fixtures).
@Suite struct InterpreterTests {
    struct FixtureTensor: Decodable, Sendable {
        let shape: [Int]
        let values: [String]
        var tensor: Tensor { Tensor(shape: Shape(shape), scalars: values.map { Double($0)! }) }
    }

    struct ProgramFixture: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let source: String
        let values: [String: FixtureTensor]
        let grads: [String: FixtureTensor]
        var testDescription: String { name }
    }

    struct File: Decodable { let programs: [ProgramFixture] }

    static let programs: [ProgramFixture] = {
        guard
            let url = Bundle.module.url(
                forResource: "programs", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        return (try? JSONDecoder().decode(File.self, from: data).programs) ?? []
    }()

    @Test func fixturesAreLoaded() { #expect(Self.programs.count == 5) }

    static func close(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape
            && zip(a.scalars, b.scalars).allSatisfy { abs($0 - $1) <= 1e-13 * max(1, abs($1)) }
    }

    @Test(arguments: programs)
    func matchesNumPy(_ fixture: ProgramFixture) throws {
        let evaluation = try Interpreter.run(
            SourceFile(path: "\(fixture.name).txt", text: fixture.source))
        let bindings = Dictionary(uniqueKeysWithValues: evaluation.bindings.map { ($0.name, $0) })
        for (name, expected) in fixture.values {
            let binding = try #require(bindings[name], "no variable \(name)")
            #expect(
                Self.close(binding.variable.value, expected.tensor),
                "\(name): \(binding.variable.value) vs \(expected.tensor)")
        }
        for (name, expected) in fixture.grads {
            let gradient = try #require(
                evaluation.gradient(of: bindings[name]!), "no gradient for \(name)")
            #expect(Self.close(gradient, expected.tensor), "∂/∂\(name)")
        }
        // Names without a fixture gradient have none: no backward, or off the path to the target.
        for binding in evaluation.bindings where fixture.grads[binding.name] == nil {
            #expect(
                evaluation.gradient(of: binding) == nil, "\(binding.name) should have no gradient")
        }
    }

    @Test func randomDrawsAreBitForBitNumPys() throws {
        // The first fixture's values were written with repr(): compare exactly, not approximately.
        let fixture = try #require(Self.programs.first { $0.name == "draws in evaluation order" })
        let evaluation = try Interpreter.run(SourceFile(path: "r.txt", text: fixture.source))
        for name in ["a", "b"] {
            let value = try #require(evaluation.bindings.first { $0.name == name }).variable.value
            #expect(value == fixture.values[name]!.tensor)
        }
    }

    @Test func leavesConstantsAndNames() throws {
        let evaluation = try Interpreter.run(
            SourceFile(
                path: "k.txt",
                text: """
                    x = [1, 2, 3]
                    y = x * 2 + randn(3)
                    y = y * y
                    L = sum(y)
                    backward L
                    """))
        let tape = evaluation.tape
        let kinds = tape.nodes.map { "\($0.kind.name)\($0.name.map { ":" + $0 } ?? "")" }
        #expect(
            kinds == [
                "leaf:x", "constant", "broadcast_to", "mul", "constant", "add:y", "mul:y", "sum:L",
            ])
        #expect(evaluation.bindings.map(\.name) == ["x", "y", "L"])
        // The last binding of y is the square; the constants get no gradient.
        #expect(evaluation.bindings[1].variable.node.kind.name == "mul")
        #expect(evaluation.backward?.gradients.totals[1] == nil)
        #expect(evaluation.backward?.gradients.totals[4] == nil)
    }

    @Test func aNameBoundToANumberIsAScalarLeaf() throws {
        let evaluation = try Interpreter.run(
            SourceFile(path: "s.txt", text: "x = 2\ny = 3\nz = x * y + x\nbackward z"))
        #expect(evaluation.bindings.map { evaluation.gradient(of: $0)?.scalar } == [4, 2, 1])
        #expect(evaluation.backward?.targetName == "z")
    }

    @Test func plainNumberArithmeticStaysArithmetic() throws {
        let evaluation = try Interpreter.run(
            SourceFile(path: "n.txt", text: "c = 2 ** 3 ** 2 - 1\nd = -2 ** 2"))
        #expect(evaluation.bindings.map(\.variable.value.scalar) == [511, -4])
        #expect(evaluation.tape.nodes.allSatisfy { $0.kind.name == "leaf" })
    }

    @Test func titlesAndUpstream() throws {
        let evaluation = try Interpreter.run(
            SourceFile(
                path: "t.txt",
                text: """
                    title "反向传播 \\"demo\\""
                    x = [1, 2]
                    y = x * x
                    backward y, [10, 100]
                    """))
        #expect(evaluation.title == "反向传播 \"demo\"")
        // With an explicit upstream the gradients are of L = Σ upstream · y, so eval says ∂L.
        #expect(EvalReport.text(evaluation).contains("∂L/∂x =\n[ 20. 400.]"))
        #expect(
            evaluation.gradient(of: evaluation.bindings[0])
                == Tensor(shape: [2], scalars: [20, 400]))
    }
}

@Suite struct ReportTests {
    @Test func jsonKeepsDefinitionOrderAndRoundTrips() throws {
        let evaluation = try Interpreter.run(
            SourceFile(
                path: "j.txt",
                text: """
                    seed 5
                    w = randn(2, 2)
                    a = 0.1
                    v = log([0, 1])
                    q = w * a
                    backward q
                    """))
        let json = EvalReport.json(evaluation)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["target"] as? String == "q")
        let variables = try #require(object["variables"] as? [String: Any])
        #expect(Set(variables.keys) == ["w", "a", "v", "q"])
        // Definition order is the order of the text.
        let positions = ["w", "a", "v", "q"].map { json.range(of: "\"\($0)\": {")!.lowerBound }
        #expect(positions == positions.sorted())
        let w = try #require(variables["w"] as? [String: Any])
        #expect(w["shape"] as? [Int] == [2, 2])
        let rows = try #require(w["value"] as? [[Double]])
        #expect(rows.count == 2 && rows.allSatisfy { $0.count == 2 })
        // Foundation's JSON parser rounds; the text itself must hold each double's shortest
        // round-tripping form, which a correct parser (Python's, strtod) reads back exactly.
        for scalar in evaluation.bindings[0].variable.value.scalars {
            let text = EvalReport.jsonNumber(scalar)
            #expect(json.contains(text))
            #expect(Double(text) == scalar)
        }
        let a = try #require(variables["a"] as? [String: Any])
        #expect(a["value"] as? Double == 0.1)
        #expect(
            (a["grad"] as? Double).map {
                abs($0 - evaluation.bindings[0].variable.value.scalars.reduce(0, +)) < 1e-15
            } == true)
        let v = try #require(variables["v"] as? [String: Any])
        #expect((v["value"] as? [Any])?.first as? String == "-inf")
        #expect(v["grad"] is NSNull)
    }

    @Test func textPrintsLikeNumPy() {
        #expect(
            NumPyText.format(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
                == "[[1. 2. 3.]\n [4. 5. 6.]]")
        #expect(
            NumPyText.format(Tensor(shape: [3], scalars: [0.5, -1.25, 2])) == "[ 0.50 -1.25  2.00]")
        #expect(NumPyText.format(Tensor(shape: [], scalars: [.nan])) == "nan")
        #expect(
            NumPyText.format(Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4]))
                == "[[[1. 2.]]\n\n [[3. 4.]]]")
        let big = NumPyText.format(Tensor.zeros(2000))
        #expect(big == "[0. 0. 0. ... 0. 0. 0.]")
        // A summary is formatted from the numbers it shows, as NumPy does: a hidden 1e-7 does
        // not make the zeros scientific.
        var scalars = [Double](repeating: 0, count: 2000)
        scalars[1000] = 1e-7
        #expect(
            NumPyText.format(Tensor(shape: [2000], scalars: scalars)) == "[0. 0. 0. ... 0. 0. 0.]")
        // Found by fuzzing (issue 13): an empty array is `[]` whatever its shape, as in NumPy;
        // (788888, 0) was 788,888 pairs of brackets, a 20 MB DOT that Graphviz read for minutes.
        for dims in [[0], [788_888, 0], [3, 0, 2], [0, 3]] {
            #expect(NumPyText.format(Tensor(shape: Shape(dims), scalars: [])) == "[]", "\(dims)")
        }
    }

    @Test func checkPassesForCorrectGradients() throws {
        let rows = try GradientCheck.run(
            SourceFile(
                path: "c.txt",
                text: """
                    seed 3
                    x = randn(3, 4)
                    W = randn(4, 2)
                    b = [0.5, -0.5]
                    L = mean(exp(x @ W + b) ** 2)
                    backward L
                    """), tolerance: 1e-5)
        #expect(rows.map(\.name) == ["x", "W", "b"])
        #expect(rows.allSatisfy { $0.passed })
        #expect(rows.allSatisfy { $0.maxAbsoluteError < 1e-6 })
        #expect(rows.map(\.checkedElements) == [12, 8, 2])
    }

    @Test func checkFailsWhereTheGradientIsNotDefined() throws {
        // |x| has no derivative at 0; sqrt(x²) gives the backward 0 · ∞ = nan there.
        let rows = try GradientCheck.run(
            SourceFile(path: "c.txt", text: "x = [0, 1]\nL = sum((x ** 2) ** 0.5)\nbackward L"),
            tolerance: 1e-5)
        #expect(rows.count == 1)
        #expect(!rows[0].passed)
        #expect(GradientCheck.table(rows, tolerance: 1e-5).contains("FAIL"))
    }
}
