import ArgumentParser
import Foundation
import GraphvizGrad

extension GraphvizGradTool {
    /// `graphviz-grad ops`: the functions an expression file can call, from the registry.
    struct Ops: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the operations and constructors an expression file can call.")

        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            let width = OpRegistry.functions.map(\.signature.count).max() ?? 0
            let sections = [
                ("operations (recorded, differentiated, drawn)", false),
                ("constructors (a new tensor: a leaf when bound to a name)", true),
            ]
            for (index, (heading, constructors)) in sections.enumerated() {
                if index > 0 { print() }
                print(heading + ":")
                for function in OpRegistry.functions where function.isConstructor == constructors {
                    let signature = function.signature.padding(
                        toLength: width + 2, withPad: " ", startingAt: 0)
                    print("  " + signature + function.summary)
                }
            }
            return .success
        }
    }
}
