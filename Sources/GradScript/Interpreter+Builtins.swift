import Foundation
import GradCore

// Python's functions (`print`, `len`, `range` …), DeZero's `Variable`, and NumPy's functions
// of data (`argmax`, `linspace` …), which record nothing.
extension Interpreter {
    func callBuiltin(
        _ name: String, _ arguments: [CallArguments.Evaluated], _ written: [CallArgument],
        expression: Expression
    ) throws(Diagnostic) -> Value {
        if name.hasPrefix("F.") {
            let bare = String(name.dropFirst(2))
            if let prelude = Prelude.function(named: bare) {
                return try callFunction(prelude, arguments, expression: expression)
            }
            return try invoke(
                OpRegistry.function(named: bare)!, called: bare, arguments, written,
                expression: expression)
        }
        let positional = arguments.filter { $0.label == nil }
        func argumentError(_ message: String) -> Diagnostic {
            error(message, at: expression.range, point: expression.point)
        }
        func only(_ labels: Set<String>) throws(Diagnostic) {
            if let unknown = arguments.first(where: {
                $0.label.map { !labels.contains($0) } ?? false
            }) {
                throw error(
                    "'\(name)' has no argument '\(unknown.label!)'",
                    at: written[unknown.index].range)
            }
        }
        switch name {
        case "print":
            try only(["sep", "end"])
            var separator = " "
            var end = "\n"
            for argument in arguments where argument.label != nil {
                guard case .string(let text) = argument.value else {
                    throw error(
                        "'\(argument.label!)' of 'print' is a string",
                        at: written[argument.index].range)
                }
                if argument.label == "sep" { separator = text } else { end = text }
            }
            let line = positional.map { pythonText($0.value) }.joined(separator: separator) + end
            guard output.utf8.count + line.utf8.count <= options.runLimits.maxOutput else {
                throw argumentError(
                    "the program printed more than \(options.runLimits.maxOutput) characters; print less often ('if i % 100 == 0: print(…)')"
                )
            }
            output += line
            return .none
        case "len":
            try only([])
            guard positional.count == 1 else { throw argumentError("'len' takes one argument") }
            switch positional[0].value {
            case .sequence(let items, _, _): return .number(Double(items.count))
            case .string(let text): return .number(Double(text.count))
            case .range(let start, let stop, let step):
                return .number(Double(Self.rangeCount(start: start, stop: stop, step: step)))
            case let value:
                guard let tensor = value.tensorValue, tensor.rank > 0 else {
                    throw argumentError(
                        "len() of \(value.kindDescription) (a 0-d tensor has no length)")
                }
                return .number(Double(tensor.shape.dims[0]))
            }
        case "range":
            try only([])
            guard (1...3).contains(positional.count) else {
                throw argumentError(
                    "'range' takes 1 to 3 integers: range(stop), range(start, stop), range(start, stop, step)"
                )
            }
            var bounds: [Int] = []
            for argument in positional {
                guard let number = argument.value.numberValue, number == number.rounded(),
                    abs(number) < 1e15
                else {
                    throw error(
                        "'range' takes integers, not \(argument.value.kindDescription)",
                        at: written[argument.index].range)
                }
                bounds.append(Int(number))
            }
            let (start, stop, step) =
                bounds.count == 1
                ? (0, bounds[0], 1)
                : (bounds[0], bounds[1], bounds.count == 3 ? bounds[2] : 1)
            guard step != 0 else { throw argumentError("range() step must not be zero") }
            return .range(start: start, stop: stop, step: step)
        case "enumerate":
            try only(["start"])
            guard positional.count == 1 else { throw argumentError("'enumerate' takes one list") }
            var start = 0
            if let first = arguments.first(where: { $0.label == "start" }),
                let number = first.value.numberValue
            {
                start = Int(number)
            }
            let items = try iterationItems(
                of: positional[0].value, at: written[positional[0].index].value,
                limit: options.runLimits.maxIterations - iterations + 1)
            return .sequence(
                items.enumerated().map { index, item in
                    .sequence(
                        [.number(Double(start + index)), item],
                        ranges: [expression.range, expression.range])
                }, ranges: Array(repeating: expression.range, count: items.count))
        case "zip":
            try only([])
            guard positional.count >= 1 else {
                throw argumentError("'zip' takes lists to go through together")
            }
            var columns: [[Value]] = []
            for argument in positional {
                columns.append(
                    try iterationItems(
                        of: argument.value, at: written[argument.index].value,
                        limit: options.runLimits.maxIterations - iterations + 1))
            }
            let count = columns.map(\.count).min() ?? 0
            return .sequence(
                (0..<count).map { row in
                    .sequence(
                        columns.map { $0[row] },
                        ranges: Array(repeating: expression.range, count: columns.count),
                        isTuple: true)
                }, ranges: Array(repeating: expression.range, count: count))
        case "float", "int":
            try only([])
            guard positional.count == 1 else { throw argumentError("'\(name)' takes one argument") }
            let value = positional[0].value
            guard let tensor = value.tensorValue ?? value.numberValue.map({ Tensor($0) }),
                tensor.count == 1
            else {
                throw argumentError(
                    "\(name)() needs a number or a tensor of one element, not \(value.kindDescription)"
                )
            }
            let number = tensor.scalars[0]
            return .number(name == "int" ? number.rounded(.towardZero) : number)
        case "round":
            try only(["ndigits"])
            guard (1...2).contains(positional.count), let number = positional[0].value.numberValue
            else {
                throw argumentError("'round' takes a number and, optionally, a number of digits")
            }
            let digitsValue =
                positional.count == 2
                ? positional[1].value : arguments.first { $0.label == "ndigits" }?.value
            guard let digitsValue, !digitsValue.isNone,
                let digits = digitsValue.numberValue
            else {
                // Python's round(x): the nearest integer, ties to even.
                return .number(number.rounded(.toNearestOrEven))
            }
            // round(x, n): the decimal of n places nearest the double, as Python gives it.
            let places = max(0, min(Int(digits), 17))
            return .number(Double(String(format: "%.\(places)f", number)) ?? number)
        case "Variable", "as_variable":
            try only(["name"])
            guard positional.count == 1 else { throw argumentError("'\(name)' takes one array") }
            let value = positional[0].value
            if case .parameter = value, name == "as_variable" { return value }
            guard let tensor = value.tensorValue, !value.isSequence || value.constantTensor != nil
            else {
                throw argumentError("'\(name)' takes an array, not \(value.kindDescription)")
            }
            usesDeZero = true
            // A new leaf when bound; its data is the array's value.
            return updating > 0 ? .data(tensor) : .literal(tensor)
        case "setup_variable":
            return .none
        case "no_grad":
            throw argumentError(
                "'no_grad()' is written 'with no_grad():', and its block is not recorded")
        default:
            preconditionFailure("every Python function is handled")
        }
    }

    /// NumPy's functions of data: they record nothing and give data.
    func callData(
        _ function: NumPyData, name: String, _ arguments: [CallArguments.Evaluated],
        _ written: [CallArgument], expression: Expression
    ) throws(Diagnostic) -> Value {
        func fail(_ message: String) -> Diagnostic {
            error(message, at: expression.range, point: expression.point)
        }
        let positional = arguments.filter { $0.label == nil }.map(\.value)
        func keyword(_ label: String) -> Value? { arguments.first { $0.label == label }?.value }
        let known: Set<String>
        switch function {
        case .argmax: known = ["axis"]
        case .copy: known = []
        case .linspace: known = ["num", "endpoint"]
        default: known = []
        }
        if let unknown = arguments.first(where: { $0.label.map { !known.contains($0) } ?? false }) {
            throw error(
                "'\(name)' has no argument '\(unknown.label!)'", at: written[unknown.index].range)
        }
        switch function {
        case .argmax:
            guard let x = positional.first?.tensorValue, positional.count <= 2 else {
                throw fail("'argmax' takes a tensor and an axis")
            }
            let axisValue = positional.count == 2 ? positional[1] : keyword("axis")
            var axis: Int?
            if let axisValue, !{ if case .none = axisValue { return true } else { return false } }()
            {
                guard let number = axisValue.numberValue else {
                    throw fail("'axis' of 'argmax' is an integer")
                }
                axis = Int(number)
            }
            guard x.count > 0 else { throw fail("argmax of an empty tensor") }
            guard let axis else {
                let best = x.scalars.indices.max {
                    x.scalars[$0] < x.scalars[$1] || ($0 > $1 && x.scalars[$0] == x.scalars[$1])
                }!
                return .number(Double(best))
            }
            let rank = x.rank
            guard (-rank..<rank).contains(axis) else {
                throw fail("axis \(axis) is out of bounds for a tensor of \(rank) dimensions")
            }
            let a = axis < 0 ? axis + rank : axis
            let dims = x.shape.dims
            let inner = dims[(a + 1)...].reduce(1, *)
            let length = dims[a]
            let outer = dims[..<a].reduce(1, *)
            var result: [Double] = []
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = 0
                    for k in 1..<max(length, 1)
                    where x.scalars[(o * length + k) * inner + i]
                        > x.scalars[(o * length + best) * inner + i]
                    {
                        best = k
                    }
                    result.append(Double(best))
                }
            }
            var shape = dims
            shape.remove(at: a)
            return .data(Tensor(shape: Shape(shape), scalars: result))
        case .linspace:
            guard positional.count >= 2, positional.count <= 3,
                let start = positional[0].numberValue,
                let stop = positional[1].numberValue
            else { throw fail("'linspace' takes start, stop and num") }
            let countValue = positional.count == 3 ? positional[2] : keyword("num")
            let count = countValue?.numberValue.map { Int($0) } ?? 50
            guard count >= 0, count <= options.limits.maxElements else {
                throw fail("'num' of 'linspace' must be from 0 to \(options.limits.maxElements)")
            }
            var endpoint = true
            if case .boolean(let b) = keyword("endpoint") { endpoint = b }
            let divisor = Double(endpoint ? count - 1 : count)
            let step = divisor > 0 ? (stop - start) / divisor : 0
            var values = (0..<count).map { start + Double($0) * step }
            if endpoint, count > 1 { values[count - 1] = stop }
            return .literal(Tensor(shape: [count], scalars: values))
        case .eye:
            guard positional.count == 1, let n = positional[0].numberValue, n >= 0,
                n == n.rounded(),
                n * n <= Double(options.limits.maxElements)
            else { throw fail("'eye' takes a size N (an N × N identity matrix)") }
            let size = Int(n)
            var values = [Double](repeating: 0, count: size * size)
            for i in 0..<size { values[i * size + i] = 1 }
            return .literal(Tensor(shape: [size, size], scalars: values))
        case .copy:
            guard positional.count == 1, let x = positional[0].tensorValue else {
                throw fail("'copy' takes one tensor")
            }
            return .data(x)
        case .zerosLike, .onesLike:
            guard positional.count == 1, let x = positional[0].tensorValue else {
                throw fail("'\(name)' takes one tensor")
            }
            return .literal(
                Tensor(
                    shape: x.shape,
                    scalars: Array(repeating: function == .onesLike ? 1 : 0, count: x.count)))
        }
    }

    // MARK: Printing

    /// A value as Python's `print` writes it: NumPy's text for arrays, DeZero's
    /// `variable(…)` around it in a file that uses DeZero.
    func pythonText(_ value: Value) -> String {
        switch value {
        case .number(let number): return Self.pythonNumber(number)
        case .boolean(let b): return b ? "True" : "False"
        case .none: return "None"
        case .string(let text): return text
        case .sequence(let items, _, let isTuple):
            let texts = items.map(pythonText)
            guard isTuple else { return "[" + texts.joined(separator: ", ") + "]" }
            return "(" + texts.joined(separator: ", ") + (texts.count == 1 ? ",)" : ")")
        case .range(let start, let stop, let step):
            return step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
        case .function(let function): return "<function \(function.definition.name)>"
        case .builtin(let name): return "<built-in function \(name)>"
        case .module(let path): return "<module '\(path)'>"
        case .booleans(let tensor):
            if tensor.rank == 0 { return tensor.scalar != 0 ? "True" : "False" }
            return NumPyText.format(tensor).replacingOccurrences(of: "1.", with: "True")
                .replacingOccurrences(of: "0.", with: "False")
        case .literal(let tensor), .data(let tensor):
            return Self.numpyText(tensor)
        case .variable, .parameter:
            let text = Self.numpyText(value.tensorValue!)
            guard usesDeZero else { return text }
            return "variable("
                + text.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: 9))
                + ")"
        }
    }

    /// NumPy's `str` of an array; a 0-d array prints as its number does.
    static func numpyText(_ tensor: Tensor) -> String {
        tensor.rank == 0 ? pythonFloat(tensor.scalar) : NumPyText.format(tensor)
    }

    /// A plain number: whole numbers as Python's integers (the language's loop counters and
    /// sizes), others as Python's float repr.
    static func pythonNumber(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e16 { return String(Int(number)) }
        return pythonFloat(number)
    }

    static func pythonFloat(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number > 0 ? "inf" : "-inf" }
        let text = "\(number)"
        // Python writes 1e+16 and 1e-05 as Swift does, and 2.0 as "2.0".
        return text
    }
}

extension Value {
    /// Whether it is None (an optional argument given as None).
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}

/// NumPy's functions of data the language has besides the registry's operations.
enum NumPyData: Equatable {
    case argmax, linspace, eye, zerosLike, onesLike, copy

    static let byName: [String: NumPyData] = [
        "argmax": .argmax, "linspace": .linspace, "eye": .eye, "zeros_like": .zerosLike,
        "ones_like": .onesLike, "copy": .copy,
    ]

    static var names: [String] { Array(byName.keys) }

    static func function(named name: String) -> NumPyData? {
        byName[OpRegistry.numpyName(name) ?? name]
    }

    static func method(named name: String) -> NumPyData? {
        switch name {
        case "argmax": return .argmax
        case "copy", "numpy": return .copy
        default: return nil
        }
    }
}
