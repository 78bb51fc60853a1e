import Foundation
import GradCore
import Testing

@testable import GradScript

/// A syntax tree written back as source (`Program.sourceText`) and parsed again is the same tree,
/// ranges aside (issue 13): for random trees from a seeded generator, and for every program the
/// project ships or tests.
@Suite struct SyntaxRoundTripTests {
    static func parse(_ source: String) throws -> Program {
        try Parser.parse(SourceFile(path: "t.txt", text: source))
    }

    /// Parses `program`'s source and expects the same tree; the source of the result is the
    /// same text again.
    static func expectRoundTrip(_ program: Program, _ comment: String) {
        let source = program.sourceText
        do {
            let again = try parse(source)
            #expect(
                again.dump(ranges: false) == program.dump(ranges: false),
                "\(comment): the source\n\(source)\nparses to another tree")
            #expect(again.sourceText == source, "\(comment)")
        } catch {
            Issue.record("\(comment): the source\n\(source)\ndoes not parse: \(error)")
        }
    }

    // MARK: Pinned spellings

    @Test(arguments: [
        ("x += 1", "x += 1"),
        ("y = -2 ** 2", "y = -2 ** 2"),
        ("y = (-2) ** 2", "y = (-2) ** 2"),
        ("y = a ** b ** c", "y = a ** b ** c"),
        ("y = (a ** b) ** c", "y = (a ** b) ** c"),
        ("y = a - (b - c)", "y = a - (b - c)"),
        ("y = (a - b) - c", "y = a - b - c"),
        ("y = -(a + b) * c", "y = -(a + b) * c"),
        ("y = x ** -0.5", "y = x ** -0.5"),
        ("y = (2).T + x.T[0, :]", "y = (2).T + x.T[0, :]"),
        ("y = x[::2] + x[1:] + x[:, -1]", "y = x[::2] + x[1:] + x[:, -1]"),
        (
            "s = zeros((3,)) + ones(()) + sum(x, axis=0)",
            "s = zeros((3,)) + ones(()) + sum(x, axis=0)"
        ),
        ("a, b = 1e-05, -0.0", "a, b = 1e-05, -0.0"),
        ("np.random.seed(3)", "seed 3"),
        ("y.backward(g)", "backward y, g"),
        ("title \"a \\\"b\\\" \\\\ c\\nd\"", "title \"a \\\"b\\\" \\\\ c\\nd\""),
        ("import numpy as np\nprecision 4", "precision 4"),
    ])
    func writesTheCanonicalSpelling(source: String, expected: String) throws {
        let program = try Self.parse(source)
        #expect(program.sourceText == expected + "\n")
        Self.expectRoundTrip(program, source)
    }

    // MARK: Programs the project has

    /// Every sample and lesson, and the source of every interpreter fixture.
    static let shippedPrograms: [(String, String)] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var programs: [(String, String)] = []
        for folder in ["samples", "samples/lessons", "samples/train"] {
            let directory = root.appendingPathComponent(folder)
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".txt") || name.hasSuffix(".py") {
                if let text = try? String(
                    contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                {
                    programs.append((folder + "/" + name, text))
                }
            }
        }
        struct Fixture: Decodable { let name: String, source: String }
        struct File: Decodable { let programs: [Fixture] }
        for resource in ["programs", "numpy-programs"] {
            if let url = Bundle.module.url(
                forResource: resource, withExtension: "json", subdirectory: "Fixtures"),
                let data = try? Data(contentsOf: url),
                let file = try? JSONDecoder().decode(File.self, from: data)
            {
                programs += file.programs.map { (resource + ": " + $0.name, $0.source) }
            }
        }
        return programs
    }()

    @Test func shippedProgramsRoundTrip() throws {
        #expect(Self.shippedPrograms.count > 30, "the samples and fixtures were not found")
        for (name, source) in Self.shippedPrograms {
            Self.expectRoundTrip(try Self.parse(source), name)
        }
    }

    // MARK: Random trees

    /// Builds random trees of every kind the parser makes, with the shapes it can give: no
    /// minus directly on a number (that is a negative number), names that are not keywords.
    struct TreeGenerator {
        var random = NumPyRandom(seed: 13)
        let nowhere = SourceRange(
            SourceLocation(line: 1, column: 1), SourceLocation(line: 1, column: 1))

        mutating func index(_ count: Int) -> Int {
            min(count - 1, Int(random.nextDouble() * Double(count)))
        }

        mutating func chance(_ probability: Double) -> Bool { random.nextDouble() < probability }

        static let reserved = Parser.keywords.union(OpRegistry.numpyModules)

        mutating func name() -> String {
            let starts = ["x", "y", "W", "b", "é", "θ", "输", "入", "_", "ǅ", "Ω", "h"]
            let continues = starts + ["1", "0", "\u{301}", "_"]
            while true {
                var name = starts[index(starts.count)]
                for _ in 0..<index(4) { name += continues[index(continues.count)] }
                if !Self.reserved.contains(name) { return name }
            }
        }

        /// A name a statement may bind.
        mutating func target() -> String {
            while true {
                let candidate = name()
                if !Builtins.isFunction(candidate) { return candidate }
            }
        }

        mutating func number() -> Double {
            let pool: [Double] = [
                0, 1, 2, 2.5, -3, 1e-5, -0.0, 1e300, 0.1, -7.25, 123_456_789_012_345_678,
            ]
            return chance(0.7) ? pool[index(pool.count)] : (random.nextDouble() - 0.5) * 1e4
        }

        mutating func expression(depth: Int) -> GradScript.Expression {
            let leafOnly = depth >= 4
            let choice = leafOnly ? index(3) : index(17)
            let kind: GradScript.Expression.Kind
            switch choice {
            case 0: kind = .number(number())
            case 1: kind = .name(name())
            case 2: kind = [.boolean(true), .boolean(false), .none][index(3)]
            case 3: kind = .list(expressions(upTo: 3, depth: depth + 1))
            case 4: kind = .tuple(expressions(upTo: 3, depth: depth + 1))
            case 5:
                var operand: GradScript.Expression = expression(depth: depth + 1)
                if case .number = operand.kind {
                    operand = GradScript.Expression(.name(name()), range: nowhere)
                }
                kind = .negate(operand)
            case 6, 7:
                let ops: [BinaryOperator] = [.add, .subtract, .multiply, .divide, .matmul, .power]
                kind = .binary(
                    ops[index(ops.count)], expression(depth: depth + 1),
                    expression(depth: depth + 1))
            case 8:
                let prefixes = ["", "np.", "numpy.", "np.random."]
                kind = .call(
                    function: prefixes[index(prefixes.count)] + name(),
                    arguments: arguments(depth: depth + 1))
            case 9:
                kind = .method(
                    receiver: expression(depth: depth + 1), name: name(),
                    arguments: arguments(depth: depth + 1))
            case 10:
                kind = .attribute(expression(depth: depth + 1), name: chance(0.5) ? "T" : name())
            case 13:
                let ops: [ComparisonOperator] = [
                    .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual, .isSame,
                    .isNotSame,
                ]
                kind = .comparison(
                    expression(depth: depth + 1),
                    (0...index(2)).map { _ in
                        ComparisonLink(
                            op: ops[index(ops.count)], operand: expression(depth: depth + 1))
                    })
            case 14:
                kind = .logical(
                    chance(0.5) ? .and : .or, expression(depth: depth + 1),
                    expression(depth: depth + 1))
            case 15:
                kind = chance(0.5) ? .not(expression(depth: depth + 1)) : .string(title())
            case 16:
                kind = .binary(
                    chance(0.5) ? .modulo : .floorDivide, expression(depth: depth + 1),
                    expression(depth: depth + 1))
            default:
                kind = .subscripted(
                    expression(depth: depth + 1),
                    (0...index(3)).map { _ in subscriptItem(depth: depth + 1) })
            }
            return GradScript.Expression(kind, range: nowhere)
        }

        mutating func expressions(upTo count: Int, depth: Int) -> [GradScript.Expression] {
            (0..<index(count + 1)).map { _ in expression(depth: depth) }
        }

        /// Positional arguments first, then keywords, each keyword once.
        mutating func arguments(depth: Int) -> [CallArgument] {
            var labels = Set<String>()
            var arguments: [CallArgument] = []
            for _ in 0..<index(4) {
                var label: String?
                if !labels.isEmpty || chance(0.3) {
                    let candidate = name()
                    if labels.insert(candidate).inserted { label = candidate } else { continue }
                }
                arguments.append(
                    CallArgument(label: label, value: expression(depth: depth), range: nowhere))
            }
            return arguments
        }

        mutating func subscriptItem(depth: Int) -> SubscriptItem {
            if chance(0.5) {
                return SubscriptItem(kind: .expression(expression(depth: depth)), range: nowhere)
            }
            func part(_ generator: inout TreeGenerator) -> GradScript.Expression? {
                generator.chance(0.5) ? generator.expression(depth: depth) : nil
            }
            let start = part(&self)
            let stop = part(&self)
            let step = part(&self)
            return SubscriptItem(kind: .slice(start: start, stop: stop, step: step), range: nowhere)
        }

        mutating func title() -> String {
            let pieces = [
                "a", "\"", "\\", "\n", "\\n", "\t", "\r", "∂", "🧠", "\u{202E}", " ", "输入",
            ]
            return (0..<index(8)).map { _ in pieces[index(pieces.count)] }.joined()
        }

        /// A block statement or a simple one; `inFunction` and `inLoop` allow `return`,
        /// `break` and `continue`.
        mutating func statement(depth: Int = 0, inFunction: Bool = false, inLoop: Bool = false)
            -> Statement
        {
            let kind: Statement.Kind
            let nested = depth < 3 ? index(10) : 9
            switch nested {
            case 0:
                var parameters: [FunctionParameter] = []
                for _ in 0..<index(4) {
                    let candidate = target()
                    guard !parameters.contains(where: { $0.name == candidate }) else { continue }
                    let hasDefault = parameters.last?.defaultValue != nil || chance(0.3)
                    parameters.append(
                        FunctionParameter(
                            name: candidate, range: nowhere,
                            defaultValue: hasDefault ? expression(depth: 2) : nil))
                }
                let body = block(depth: depth + 1, inFunction: true, inLoop: false)
                var locals = Set(parameters.map(\.name))
                Parser.collectLocals(body, into: &locals)
                kind = .function(
                    FunctionDefinition(
                        name: target(), nameRange: nowhere, parameters: parameters, body: body,
                        locals: locals))
            case 1:
                let names = chance(0.7) ? [target()] : [target(), target()]
                kind = .forLoop(
                    targets: (names.count == 2 && names[0] == names[1] ? [names[0]] : names).map {
                        AssignmentTarget(name: $0, range: nowhere)
                    }, iterable: expression(depth: 1),
                    body: block(depth: depth + 1, inFunction: inFunction, inLoop: true))
            case 2:
                kind = .conditional(
                    branches: (0...index(3)).map { _ in
                        ConditionalBranch(
                            condition: expression(depth: 1),
                            body: block(depth: depth + 1, inFunction: inFunction, inLoop: inLoop))
                    },
                    otherwise: chance(0.5)
                        ? block(depth: depth + 1, inFunction: inFunction, inLoop: inLoop) : nil)
            case 3:
                kind = .noGrad(
                    body: block(depth: depth + 1, inFunction: inFunction, inLoop: inLoop))
            case 4:
                let ops: [BinaryOperator] = [
                    .add, .subtract, .multiply, .divide, .floorDivide, .modulo, .matmul, .power,
                ]
                let name = target()
                let op = ops[index(ops.count)]
                let value = expression(depth: 1)
                kind = .augmentedAssign(
                    name: name, nameRange: nowhere, op: op, value: value,
                    combined: GradScript.Expression(
                        .binary(op, GradScript.Expression(.name(name), range: nowhere), value),
                        range: nowhere))
            case 5:
                let base = GradScript.Expression(.name(name()), range: nowhere)
                let target =
                    chance(0.5)
                    ? GradScript.Expression(
                        .attribute(base, name: chance(0.5) ? "data" : "grad"), range: nowhere)
                    : GradScript.Expression(
                        .subscripted(base, [subscriptItem(depth: 2)]), range: nowhere)
                kind = .store(
                    target: target, op: chance(0.5) ? nil : [.add, .subtract][index(2)],
                    value: expression(depth: 1))
            case 6:
                kind = .expression(
                    GradScript.Expression(
                        chance(0.5)
                            ? .call(function: target(), arguments: arguments(depth: 1))
                            : .method(
                                receiver: GradScript.Expression(.name(name()), range: nowhere),
                                name: target(), arguments: arguments(depth: 1)), range: nowhere))
            case 7:
                let choices: [Statement.Kind] =
                    [.pass]
                    + (inLoop ? [.breakLoop, .continueLoop] : [])
                    + (inFunction ? [.returnValue(chance(0.5) ? expression(depth: 1) : nil)] : [])
                kind = choices[index(choices.count)]
            case 8:
                let imports = [
                    ("F", "dezero.functions"), ("dezero", "dezero"),
                    ("Variable", "dezero.Variable"),
                    ("setup_variable", "dezero.core_simple.setup_variable"),
                ]
                let (alias, path) = imports[index(imports.count)]
                kind = .imports([ImportedName(alias: alias, path: path, range: nowhere)])
            default:
                return simpleStatement()
            }
            return Statement(kind: kind, range: nowhere, keywordRange: nowhere)
        }

        mutating func block(depth: Int, inFunction: Bool, inLoop: Bool) -> [Statement] {
            (0...index(3)).map { _ in
                statement(depth: depth, inFunction: inFunction, inLoop: inLoop)
            }
        }

        mutating func simpleStatement() -> Statement {
            let kind: Statement.Kind
            switch index(7) {
            case 0, 1:
                kind = .assign(name: target(), nameRange: nowhere, value: expression(depth: 0))
            case 2:
                var names: [String] = []
                while names.count < 2 + index(2) {
                    let candidate = target()
                    if !names.contains(candidate) { names.append(candidate) }
                }
                kind = .assignMany(
                    targets: names.map { AssignmentTarget(name: $0, range: nowhere) },
                    values: names.map { _ in expression(depth: 1) })
            case 3:
                kind = .seed(expression(depth: 2))
            case 4:
                kind = .backward(
                    target: expression(depth: 1), upstream: chance(0.5) ? expression(depth: 1) : nil
                )
            case 5:
                kind = .title(title())
            default:
                kind = .precision(1 + index(15))
            }
            return Statement(kind: kind, range: nowhere, keywordRange: nowhere)
        }

        mutating func program() -> Program {
            Program(statements: (0..<(1 + index(5))).map { _ in statement() })
        }

        /// A program of straight-line statements only, as before blocks existed.
        mutating func straightProgram() -> Program {
            Program(statements: (0..<(1 + index(5))).map { _ in simpleStatement() })
        }
    }

    @Test func randomTreesRoundTrip() {
        var generator = TreeGenerator()
        for trial in 0..<2_000 {
            Self.expectRoundTrip(generator.straightProgram(), "trial \(trial)")
        }
        // Nested blocks: def, for, if/elif/else, with no_grad(), and the statements of training.
        for trial in 0..<2_000 {
            Self.expectRoundTrip(generator.program(), "nested trial \(trial)")
        }
    }
}
