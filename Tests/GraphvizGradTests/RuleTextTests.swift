import Foundation
import GradCore
import GradDOT
import GraphvizGrad
import Testing

/// Every operation's rule text is tied to its backward: for scalar inputs, the arithmetic that
/// `--explain` writes on an edge, worked out from the text itself, is the gradient backward
/// computed on that edge. A rule text that says something else (sigmoid's `y · (1 − y)` written
/// `y · (1 + y)`, log's `g / x` written `g · x`) fails here, as a wrong backward fails the
/// finite-difference check.
@Suite struct RuleTextTests {
    /// Scalar calls to try for each function: one input, two, a constant exponent, bounds.
    static let argumentLists = [["x"], ["x", "w"], ["x", "2"], ["x", "-0.5", "0.5"]]
    static let inputs: [(x: Double, w: Double)] = [(0.7, 1.3), (-0.4, -0.8), (1.6, 0.3)]

    /// The registered operations' functions (not constructors), by name.
    static let operationFunctions = OpRegistry.functions.filter {
        if case .operation = $0.body { return true }
        return false
    }.map(\.name)

    /// The arithmetic of every edge of the figure of `name(arguments)`, checked; the names of
    /// the operations whose arithmetic was checked.
    func checkArithmetic(_ name: String, arguments: [String], x: Double, w: Double) throws
        -> Set<String>?
    {
        var options = FigureOptions()
        options.explain = true
        let source =
            "x = \(x)\nw = \(w)\ny = \(name)(\(arguments.joined(separator: ", ")))\nbackward y\n"
        let figure: Figure
        do {
            figure = try Samples.figure(source: source, options: options)
        } catch {
            return nil  // not a call this function takes, or not at these values (log of −0.4)
        }
        var checked = Set<String>()
        let exact: (Double) -> String = { "\($0)".replacingOccurrences(of: "-", with: "−") }
        for edge in figure.edges {
            guard let gradient = edge.gradient, let arithmetic = gradient.arithmetic,
                gradient.value.scalars[0].isFinite, arithmetic.values.values.allSatisfy(\.isFinite)
            else { continue }
            let text = arithmetic.text(exact)
            let redone = try #require(
                ArithmeticText.evaluate(text), "\(name): '\(text)' is not arithmetic")
            let computed = gradient.value.scalars[0]
            #expect(
                abs(redone - computed) <= 1e-9 * max(1, abs(computed)),
                "\(source)\(gradient.label) = \(gradient.rule ?? "") = \(text) = \(redone), but backward computed \(computed)"
            )
            checked.insert(name)
        }
        // The figure's own printed arithmetic redone gives its printed result.
        let numbers = figure.numbers
        for edge in figure.edges {
            guard let gradient = edge.gradient, let arithmetic = gradient.arithmetic else {
                continue
            }
            let value = gradient.value.scalars[0]
            let printed = arithmetic.text(numbers: numbers, result: value)
            if let redone = ArithmeticText.evaluate(printed) {
                #expect(
                    numbers.format(redone) == numbers.format(value),
                    "\(name): \(printed) = \(numbers.format(redone)), printed \(numbers.format(value))"
                )
            }
        }
        return checked
    }

    @Test(arguments: operationFunctions)
    func theExplainedArithmeticIsTheBackward(_ name: String) throws {
        var ranAny = false
        var checkedAny = false
        var arithmeticRule = false
        for arguments in Self.argumentLists {
            for (x, w) in Self.inputs {
                guard let checked = try checkArithmetic(name, arguments: arguments, x: x, w: w)
                else { continue }
                ranAny = true
                checkedAny = checkedAny || !checked.isEmpty
                // Whether the operation says its scalar rule reads as arithmetic.
                let figure = try Samples.figure(
                    source:
                        "x = \(x)\nw = \(w)\ny = \(name)(\(arguments.joined(separator: ", ")))\nbackward y\n"
                )
                arithmeticRule =
                    arithmeticRule || figure.edges.contains { $0.gradient?.arithmetic != nil }
            }
        }
        // An operation of tensors only (matmul, reshape) has no scalar arithmetic to check.
        if ranAny, arithmeticRule { #expect(checkedAny, "\(name): no arithmetic was checked") }
    }

    /// The rules that read as arithmetic are checked: the list above reaches them.
    @Test func theArithmeticRulesAreAllReached() throws {
        var reached = Set<String>()
        for name in Self.operationFunctions {
            for arguments in Self.argumentLists {
                for (x, w) in Self.inputs {
                    reached.formUnion(
                        try checkArithmetic(name, arguments: arguments, x: x, w: w) ?? [])
                }
            }
        }
        for name in [
            "add", "sub", "mul", "div", "neg", "pow", "log", "exp", "sqrt", "abs", "relu",
            "sigmoid", "tanh", "maximum", "minimum", "clip",
        ] {
            #expect(reached.contains(name), "\(name)'s arithmetic was not checked")
        }
    }
}
