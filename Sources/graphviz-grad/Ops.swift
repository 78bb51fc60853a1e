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
            let sections: [(String, (ScriptFunction) -> Bool)] = [
                ("operations (recorded, differentiated, drawn)", { $0.isOperation }),
                ("constructors (a new tensor: a leaf when bound to a name)", { $0.isConstructor }),
                ("constants (drawn with their name, no gradient)", { $0.isConstant }),
            ]
            for (index, (heading, belongs)) in sections.enumerated() {
                if index > 0 { print() }
                print(heading + ":")
                for function in OpRegistry.functions where belongs(function) {
                    let signature = function.signature.padding(
                        toLength: width + 2, withPad: " ", startingAt: 0)
                    print("  " + signature + function.summary)
                }
            }
            print()
            print("NumPy's names work too, with or without 'np.': " + numpyNames())
            print(
                "Methods: "
                    + OpRegistry.functions.filter(\.isMethod).map { "." + $0.name + "()" }.joined(
                        separator: " ") + " and .T")
            return .success
        }

        /// `np.subtract → sub, …`: the NumPy names that differ from the short ones.
        private func numpyNames() -> String {
            OpRegistry.functions.flatMap { function in
                function.numpyNames.map { "\($0) → \(function.name)" }
            }.joined(separator: ", ")
        }
    }
}

extension GraphvizGradTool {
    /// `graphviz-grad prelude`: the functions written in the language itself.
    struct Prelude: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print the prelude: DeZero's composite functions (F.linear, F.mean_squared_error, …) and np.where, np.square, np.log1p, written in the language."
        )

        func execute(_ diagnostics: DiagnosticLog) throws(Diagnostic) -> Outcome {
            print(GraphvizGrad.Prelude.source, terminator: "")
            return .success
        }
    }
}
