import Foundation
import GraphvizGrad
import Testing

/// What the samples promise their readers.
@Suite struct SampleTests {
    @Test(arguments: Samples.names)
    func everySamplePassesTheGradientCheck(_ name: String) throws {
        let rows = try GradientCheck.run(Samples.file(name), tolerance: 1e-5)
        #expect(!rows.isEmpty)
        let failed = rows.filter { !$0.passed }.map(\.name)
        #expect(failed.isEmpty, "\(name): \(failed) differ from finite differences")
    }

    @Test func microgradsNeuron() throws {
        let dot = try Samples.dot("neuron")
        for text in ["o = 0.7071", "∂o/∂x1 = −1.5", "∂o/∂w1 = 1<", "∂o/∂x2 = 0.5", "∂o/∂w2 = 0<"] {
            #expect(dot.contains(text), "missing \(text)")
        }
    }

    @Test(arguments: ["article-repeat", "article-sum"])
    func theArticlesSnippetsGiveTheirOwnDx(_ name: String) throws {
        let evaluation = try Pipeline().evaluate(Samples.file(name))
        let x = try #require(evaluation.bindings.first { $0.name == "x" })
        let dx = try #require(evaluation.bindings.first { $0.name == "dx" })
        #expect(evaluation.gradient(of: x) == dx.variable.value)
    }
}
