import Foundation
import GradCore
import Testing

@testable import GradScript

/// Programs written the way NumPy, micrograd and PyTorch users write them, against the values
/// NumPy computes and the gradients JAX computes (float64), committed by
/// `scripts/fixtures/make_numpy_fixtures.py`.
@Suite struct NumPyProgramTests {
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
        let noGradient: [String]
        var testDescription: String { name }
    }

    struct File: Decodable { let programs: [ProgramFixture] }

    static let programs: [ProgramFixture] = {
        guard
            let url = Bundle.module.url(
                forResource: "numpy-programs", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        return (try? JSONDecoder().decode(File.self, from: data).programs) ?? []
    }()

    @Test func fixturesAreLoaded() { #expect(!Self.programs.isEmpty) }

    /// Equal within 1e-7 relative (absolute near zero), shapes exactly.
    static func close(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape
            && zip(a.scalars, b.scalars).allSatisfy { abs($0 - $1) <= 1e-7 * max(1, abs($1)) }
    }

    @Test(arguments: programs)
    func matchesNumPyAndJAX(_ fixture: ProgramFixture) throws {
        let evaluation = try Interpreter.run(SourceFile(path: "p.txt", text: fixture.source))
        let bindings = Dictionary(uniqueKeysWithValues: evaluation.bindings.map { ($0.name, $0) })
        for (name, expected) in fixture.values {
            let binding = try #require(bindings[name], "no variable \(name)")
            #expect(
                Self.close(binding.variable.value, expected.tensor),
                "\(name): \(binding.variable.value) vs \(expected.tensor)")
        }
        for (name, expected) in fixture.grads {
            let binding = try #require(bindings[name], "no variable \(name)")
            let gradient = try #require(evaluation.gradient(of: binding), "no gradient for \(name)")
            #expect(
                Self.close(gradient, expected.tensor),
                "∂/∂\(name): \(gradient) vs \(expected.tensor)")
        }
        for name in fixture.noGradient {
            let binding = try #require(bindings[name], "no variable \(name)")
            #expect(evaluation.gradient(of: binding) == nil, "\(name) should have no gradient")
        }
    }

    /// The article's snippets: x's gradient is the snippet's own `dx`, to the last digit of
    /// NumPy's.
    @Test(arguments: ["the article's repeat snippet", "the article's sum snippet"])
    func theArticlesGradientIsItsOwnDx(_ name: String) throws {
        let fixture = try #require(Self.programs.first { $0.name == name })
        let evaluation = try Interpreter.run(SourceFile(path: "a.txt", text: fixture.source))
        let x = try #require(evaluation.bindings.first { $0.name == "x" })
        let dx = try #require(evaluation.bindings.first { $0.name == "dx" })
        #expect(evaluation.gradient(of: x) == dx.variable.value)
        #expect(dx.variable.value == fixture.values["dx"]!.tensor)
    }
}
