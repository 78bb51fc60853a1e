import ArgumentParser
import Foundation
import GradCore
import GradScript

@main
struct GraphvizGrad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graphviz-grad",
        abstract:
            "Draw how backpropagation works: values and gradients on every edge of a computation graph.",
        discussion: """
            Write a computation in a small expression file (see docs/language.md):

                x = [[1, 2, 3]]
                W = randn(3, 2)
                y = sum(x @ W)
                backward y

            then evaluate it, check its gradients, or render its figure.
            """,
        version: "0.1.0",
        subcommands: [Render.self, Eval.self, Check.self, Ops.self]
    )
}

/// Loads and runs a file, printing any error the way compilers do and exiting with status 1.
func evaluate(_ path: String) throws -> Evaluation {
    do {
        return try Interpreter.run(try SourceFile.load(path: path))
    } catch {
        fail(error)
    }
}

/// Prints an input error (a located diagnostic or an unreadable file) to stderr and exits 1.
func fail(_ error: any Error) -> Never {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    GraphvizGrad.exit(withError: ExitCode(1))
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate an expression file and print every variable with its gradient.",
        discussion:
            "Names are printed in the order they were first bound, each with its last value, NumPy-style, and ∂L/∂name when the file has a 'backward' statement and the name is on a path to its target."
    )

    @Argument(help: "The expression file, or '-' for standard input.")
    var file: String

    @Flag(
        help:
            "Print JSON: {\"target\": …, \"variables\": {NAME: {\"shape\": […], \"value\": …, \"grad\": … or null}}}."
    )
    var json = false

    func run() throws {
        let evaluation = try evaluate(file)
        print(json ? EvalReport.json(evaluation) : EvalReport.text(evaluation), terminator: "")
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare every leaf's gradient with central finite differences.",
        discussion:
            "Exits with status 0 when every leaf matches within the tolerance, 1 otherwise. An element passes when |backward − finite difference| ≤ T · (1 + |finite difference|)."
    )

    @Argument(
        help: "The expression file, or '-' for standard input. It needs a 'backward' statement.")
    var file: String

    @Option(help: ArgumentHelp("The tolerance T.", valueName: "T"))
    var tolerance: Double = 1e-5

    func validate() throws {
        guard tolerance > 0, tolerance.isFinite else {
            throw ValidationError("--tolerance must be a positive number")
        }
    }

    func run() throws {
        let rows: [GradientCheck.Row]
        do {
            rows = try GradientCheck.run(try SourceFile.load(path: file), tolerance: tolerance)
        } catch {
            fail(error)
        }
        print(GradientCheck.table(rows, tolerance: tolerance), terminator: "")
        if rows.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}

/// `graphviz-grad ops`: the functions an expression file can call, from the op registry.
struct Ops: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the operations an expression file can call.")

    func run() {
        let width = OpRegistry.functions.map(\.signature.count).max() ?? 0
        for function in OpRegistry.functions {
            print(
                function.signature.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + function.summary)
        }
    }
}
