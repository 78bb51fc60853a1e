import Foundation

import ArgumentParser
import GradCore

@main
struct GraphvizGrad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graphviz-grad",
        abstract: "Draw how backpropagation works: values and gradients on every edge of a computation graph.",
        version: "0.1.0",
        subcommands: [Ops.self]
    )
}

/// `graphviz-grad ops`: the functions an expression file can call, from the op registry.
struct Ops: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the operations an expression file can call.")

    func run() {
        let width = OpRegistry.functions.map(\.signature.count).max() ?? 0
        for function in OpRegistry.functions {
            print(function.signature.padding(toLength: width + 2, withPad: " ", startingAt: 0) + function.summary)
        }
    }
}
