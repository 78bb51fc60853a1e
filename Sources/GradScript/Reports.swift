import Foundation
import GradCore

/// What `graphviz-grad eval` prints.
public enum EvalReport {
    /// A warning for each name whose value or gradient holds nan or inf, as `render` warns.
    public static func nonFiniteWarnings(_ evaluation: Evaluation) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        let loss = evaluation.backward?.lossName ?? "L"
        for binding in evaluation.bindings {
            if binding.variable.value.scalars.contains(where: { !$0.isFinite }) {
                warnings.append(
                    Diagnostic(
                        "\(binding.name) contains nan or inf", path: evaluation.file.path,
                        severity: .warning))
            }
            if let gradient = evaluation.gradient(of: binding),
                gradient.scalars.contains(where: { !$0.isFinite })
            {
                warnings.append(
                    Diagnostic(
                        "∂\(loss)/∂\(binding.name) contains nan or inf", path: evaluation.file.path,
                        severity: .warning))
            }
        }
        return warnings
    }

    /// Every name in definition order with its value and, when it has one, ∂L/∂name. A name
    /// bound several times lists each binding, numbered as a figure numbers them (`h₁`, `h₂`,
    /// …), so that a rebinding after `backward` (`w = w - 0.3`) keeps the gradient the figure
    /// shows on its first binding.
    public static func text(_ evaluation: Evaluation) -> String {
        let targetName = evaluation.backward?.lossName ?? "L"
        var out = ""
        let run = evaluation.run
        if run.passCount > 1 {
            out += passTable(run) + "\n\npass \(run.passNumber) of \(run.passCount):\n"
        }
        out += evaluation.backward?.lossDefinition.map { $0 + "\n\n" } ?? ""
        for binding in evaluation.bindings {
            for version in evaluation.versions(of: binding.name) {
                let name = evaluation.numberedName(of: version)
                let value = version.variable.value
                out += "\(name) \(value.shape) =\n\(NumPyText.format(value))\n"
                if let gradient = evaluation.gradient(of: version) {
                    out += "∂\(targetName)/∂\(name) =\n\(NumPyText.format(gradient))\n"
                }
                out += "\n"
            }
        }
        if evaluation.backward == nil { out += "(no 'backward' statement: no gradients)\n" }
        return out
    }

    /// The most rows `passTable` shows: every pass up to this many, else this many spread
    /// evenly from the first to the last.
    public static let maxPassRows = 20

    /// The passes that a table of `count` passes shows (numbers from 1).
    public static func shownPasses(of count: Int, rows: Int = maxPassRows) -> [Int] {
        guard count > rows else { return Array(1...max(count, 1)) }
        var chosen: [Int] = []
        for row in 0..<rows {
            let pass = 1 + Int((Double(row) * Double(count - 1) / Double(rows - 1)).rounded())
            if chosen.last != pass { chosen.append(pass) }
        }
        return chosen
    }

    /// One row per pass (or evenly chosen passes and the last): its number, its loss and the
    /// new value of every parameter its updates changed, a tensor summarised.
    public static func passTable(_ run: Evaluation.Run) -> String {
        let (header, rows, shown) = passRows(run)
        return "passes\(shown):\n" + TextTable.render(header: header, rows: rows)
    }

    /// The cells of `passTable`, and what it says when it shows some of the passes only
    /// (` (20 of 1000 shown)`).
    public static func passRows(_ run: Evaluation.Run) -> (
        header: [String], rows: [[String]], shown: String
    ) {
        var names: [String] = []
        for pass in run.passes {
            for (name, _) in pass.updates where !names.contains(name) { names.append(name) }
        }
        func number(_ value: Double) -> String { NumPyText.format(Tensor(value)) }
        func summary(_ tensor: Tensor) -> String {
            if tensor.rank == 0 { return number(tensor.scalars[0]) }
            if tensor.count <= 3 {
                return "[" + tensor.scalars.map(number).joined(separator: ", ") + "]"
            }
            let mean = tensor.scalars.reduce(0, +) / Double(tensor.count)
            return "\(tensor.shape) mean " + number(mean)
        }
        let rows = shownPasses(of: run.passes.count).map { shown -> [String] in
            let pass = run.passes[shown - 1]
            let updated = Dictionary(pass.updates, uniquingKeysWith: { $1 })
            return ["\(pass.number)", pass.loss.map(number) ?? "(tensor)"]
                + names.map { updated[$0].map(summary) ?? "" }
        }
        let shown =
            run.passes.count > maxPassRows
            ? " (\(rows.count) of \(run.passes.count) shown)" : ""
        return (["pass", "loss"] + names.map { $0 + " after" }, rows, shown)
    }

    /// `{"target": …, "variables": {"x": {"shape": […], "value": …, "grad": …}, …}}`, keys in
    /// definition order, every number printed so that it reads back as the same double. A name
    /// bound several times has its last value, the gradient of its latest binding that has one,
    /// and `"versions"`: every binding in order, named as a figure numbers them (`h₁`, `h₂`).
    public static func json(_ evaluation: Evaluation) -> String {
        var out = "{\"target\": "
        if let backward = evaluation.backward {
            out += backward.targetName.map(jsonString) ?? "null"
        } else {
            out += "null"
        }
        if let title = evaluation.title { out += ", \"title\": " + jsonString(title) }
        out += ", \"variables\": {"
        func entry(_ binding: Evaluation.Binding, gradient: Tensor?) -> String {
            let value = binding.variable.value
            let shape = "[" + value.shape.dims.map(String.init).joined(separator: ", ") + "]"
            return
                "\"shape\": \(shape), \"value\": \(jsonTensor(value)), \"grad\": \(gradient.map(jsonTensor) ?? "null")"
        }
        out += evaluation.bindings.map { binding in
            let gradient = evaluation.gradientBinding(of: binding.name).flatMap(evaluation.gradient)
            var text = "\n  \(jsonString(binding.name)): {" + entry(binding, gradient: gradient)
            let versions = evaluation.versions(of: binding.name)
            if versions.count > 1 {
                text +=
                    ", \"versions\": ["
                    + versions.map { version in
                        "{\"name\": \(jsonString(evaluation.numberedName(of: version))), "
                            + entry(version, gradient: evaluation.gradient(of: version)) + "}"
                    }.joined(separator: ", ") + "]"
            }
            return text + "}"
        }.joined(separator: ",")
        out += "\n}"
        let run = evaluation.run
        if run.passCount > 1 {
            out += ", \"pass\": \(run.passNumber), \"passes\": ["
            out += run.passes.map { pass in
                "\n  {\"pass\": \(pass.number), \"loss\": "
                    + (pass.loss.map(jsonNumber) ?? "null") + ", \"updates\": {"
                    + pass.updates.map { jsonString($0.name) + ": " + jsonTensor($0.value) }
                    .joined(separator: ", ") + "}}"
            }.joined(separator: ",")
            out += "\n]"
        }
        return out + "}\n"
    }

    /// The most numbers `eval --json` writes: each is up to 24 bytes, so about 240 MB.
    public static let maxJSONNumbers = 10_000_000

    /// Refuses, before anything is written, JSON that would hold more than `maxJSONNumbers`
    /// numbers (values, gradients and versions of every name).
    public static func checkJSONSize(_ evaluation: Evaluation) throws(Diagnostic) {
        var numbers = 0
        for binding in evaluation.bindings {
            let versions = evaluation.versions(of: binding.name)
            for version in versions.count > 1 ? [binding] + versions : [binding] {
                numbers += version.variable.value.count * 2
            }
        }
        for pass in evaluation.run.passes where evaluation.run.passCount > 1 {
            numbers += 1 + pass.updates.reduce(0) { $0 + $1.value.count }
        }
        guard numbers <= maxJSONNumbers else {
            throw Diagnostic(
                "eval --json would write \(numbers) numbers (values and gradients), about \(numbers * 24 / 1_000_000) MB; it writes at most \(maxJSONNumbers): use 'eval' without --json, which summarises large tensors, or smaller tensors",
                path: evaluation.file.path)
        }
    }

    /// Nested lists by shape; a bare number for shape ().
    public static func jsonTensor(_ tensor: Tensor) -> String {
        func nested(_ offset: Int, _ dims: ArraySlice<Int>) -> String {
            guard let length = dims.first else { return jsonNumber(tensor.scalars[offset]) }
            let stride = dims.dropFirst().reduce(1, *)
            return "["
                + (0..<length).map { nested(offset + $0 * stride, dims.dropFirst()) }.joined(
                    separator: ", ") + "]"
        }
        return nested(0, tensor.shape.dims[...])
    }

    /// The shortest text that reads back as the same double; non-finite numbers as strings.
    static func jsonNumber(_ value: Double) -> String {
        if value.isNaN { return "\"nan\"" }
        if value.isInfinite { return value > 0 ? "\"inf\"" : "\"-inf\"" }
        return "\(value)"
    }

    public static func jsonString(_ text: String) -> String {
        // Most texts (names, numbers) need no escape: copied whole.
        if !text.utf8.contains(where: {
            $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\")
        }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// `graphviz-grad check`: every leaf's gradient against central finite differences.
public enum GradientCheck {
    /// What one replay of a pass costs for each tape node besides its arithmetic, in units of
    /// the work budget (`Tape.Limits.maxWork`: one multiply-add of the matrix kernel).
    static let runUnitsPerNode = 2_000

    public struct Row {
        /// The leaf's position on the tape.
        public let leaf: Int
        public let name: String
        public let shape: Shape
        /// The backward pass's gradient, and the finite-difference estimate of each checked
        /// element.
        public let analytic: Tensor
        public let numeric: [(element: Int, derivative: Double)]
        public let maxAbsoluteError: Double
        public let maxRelativeError: Double
        /// How many elements were perturbed (at most `maxElementsPerLeaf`).
        public let checkedElements: Int
        public let passed: Bool
    }

    /// Leaves with more elements are checked on an evenly spaced sample of this many.
    public static let maxElementsPerLeaf = 500

    /// Perturbs each element of each leaf that has a gradient (`FiniteDifferences`), replays
    /// the pass's recorded operations (the last pass, or `pass`), and compares the central
    /// difference of L = Σ target · upstream with the backward pass. An element passes when
    /// |analytic − numeric| ≤ tolerance · (1 + |numeric|).
    public static func run(_ file: SourceFile, tolerance: Double, pass: Int? = nil)
        throws(Diagnostic) -> [Row]
    {
        var options = Interpreter.Options()
        options.pass = pass
        let evaluation = try Interpreter.run(file, options: options)
        return try run(evaluation, tolerance: tolerance)
    }

    /// Checks the pass an evaluation holds.
    public static func run(_ evaluation: Evaluation, tolerance: Double) throws(Diagnostic) -> [Row]
    {
        let file = evaluation.file
        guard let backward = evaluation.backward else {
            throw Diagnostic(
                "the file has no 'backward' statement, so there is no gradient to check",
                path: file.path)
        }
        if backward.target.value.scalars.contains(where: { !$0.isFinite }) {
            throw Diagnostic(
                "'\(backward.targetText)' is already nan or inf before any change (\(NumPyText.format(backward.target.value))), so finite differences cannot check its gradients; fix the values that make it so",
                path: file.path)
        }
        let upstream = backward.gradients.upstream
        let tape = evaluation.tape
        func loss(_ overrides: [Int: Tensor]) -> Double {
            let target = tape.replayValue(of: backward.target.id, replacing: overrides)
            return zip(target.scalars, upstream.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        }
        // Each checked element runs the program twice: a heavy program gets fewer elements
        // checked, so that the whole check stays within the tape's work budget.
        let sizeLeaves = evaluation.run.sizeLeaves
        let leaves = evaluation.tape.nodes.filter {
            if case .leaf = $0.kind, !sizeLeaves.contains($0.id) {
                return backward.gradients.totals[$0.id] != nil
            }
            return false
        }.count
        // A run costs its recorded work and, for each tape node, the interpreter's own (about
        // 3.5 µs measured, 25,000 units): a file of many scalar leaves is cheap to run once and
        // costs the square of its size to check.
        let runCost = evaluation.tape.work / 3 + runUnitsPerNode * evaluation.tape.nodes.count
        let affordableRuns = evaluation.tape.limits.maxWork / max(1, runCost)
        guard affordableRuns >= 2 * leaves else {
            throw Diagnostic(
                "checking would replay the pass \(2 * leaves) times (twice for each of its \(leaves) leaves), more than the work budget allows (\(affordableRuns) replays, about 10 s); check a smaller file, or fewer leaves (bind data with 'constant(…)')",
                path: file.path)
        }
        let perLeaf = min(maxElementsPerLeaf, max(1, affordableRuns / 2 / max(1, leaves)))
        // Central differences of a large loss carry its rounding: about ε^(2/3)·|L| on each
        // estimate (h = ∛ε·max(1, |x|)); a hundred times that is allowed besides the tolerance.
        let lossValue = zip(backward.target.value.scalars, upstream.scalars).reduce(0) {
            $0 + $1.0 * $1.1
        }
        let roundingNoise = 100 * pow(Double.ulpOfOne, 2.0 / 3.0) * abs(lossValue)
        var rows: [Row] = []
        // Leaves on a path to the target: the others (data off the path, a number used as a
        // dimension, `D` in `randn(1, D)`) have no gradient to check.
        for node in evaluation.tape.nodes {
            guard case .leaf = node.kind, !sizeLeaves.contains(node.id),
                let analytic = backward.gradients.totals[node.id]
            else {
                continue
            }
            let stride = max(1, node.value.count / perLeaf)
            let numeric = try FiniteDifferences.gradient(
                at: node.value, elements: Swift.stride(from: 0, to: node.value.count, by: stride)
            ) { perturbed in loss([node.id: perturbed]) }
            var maxAbsolute = 0.0
            var maxRelative = 0.0
            var passed = true
            for (element, estimate) in numeric {
                let exact = analytic.scalars[element]
                let absolute = exact == estimate ? 0 : abs(exact - estimate)
                let relative = absolute == 0 ? 0 : absolute / max(abs(exact), abs(estimate))
                maxAbsolute = max(maxAbsolute, absolute.isNaN ? .infinity : absolute)
                maxRelative = max(maxRelative, relative.isNaN ? .infinity : relative)
                if !(absolute <= tolerance * (1 + abs(estimate)) + roundingNoise) { passed = false }
            }
            rows.append(
                Row(
                    leaf: node.id, name: node.name ?? "#\(node.id)", shape: node.shape,
                    analytic: analytic, numeric: numeric,
                    maxAbsoluteError: maxAbsolute, maxRelativeError: maxRelative,
                    checkedElements: numeric.count, passed: passed))
        }
        return rows
    }

    /// The table `check` prints.
    public static func table(_ rows: [Row], tolerance: Double) -> String {
        let header = ["leaf", "shape", "max abs error", "max rel error", "ok"]
        let body = rows.map { row in
            [
                row.name
                    + (row.checkedElements < row.shape.count
                        ? " (\(row.checkedElements) of \(row.shape.count) checked)" : ""),
                row.shape.description, String(format: "%.3e", row.maxAbsoluteError),
                String(format: "%.3e", row.maxRelativeError),
                row.passed ? "ok" : "FAIL",
            ]
        }
        let failed = rows.filter { !$0.passed }.count
        let leaves = rows.count == 1 ? "leaf" : "leaves"
        let summary =
            failed == 0
            ? (rows.count == 1 ? "the leaf matches" : "all \(rows.count) leaves match")
                + " finite differences (tolerance \(tolerance))"
            : "\(failed) of \(rows.count) \(leaves) \(failed == 1 ? "differs" : "differ") from finite differences (tolerance \(tolerance))"
        return TextTable.render(header: header, rows: body) + "\n\n" + summary + "\n"
    }
}
