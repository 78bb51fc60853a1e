import GradCore

/// The result of running a program: its tape, its names, its title and its backward pass.
public struct Evaluation {
    public struct Binding {
        public let name: String
        /// The last value bound to the name.
        public let variable: Variable
    }

    public struct BackwardPass {
        /// The target (L), and the name it was written as when it was a plain name.
        public let target: Variable
        public let targetName: String?
        /// Whether the file gave an upstream gradient; L is then upstream-weighted, not the target.
        public let hasExplicitUpstream: Bool
        public let gradients: Gradients
        /// Where the file wrote the target and the upstream gradient (their texts are made
        /// when asked: a training loop makes a pass per iteration and reads few).
        let source: SourceFile
        let targetRange: SourceRange
        let upstreamRange: SourceRange?

        /// The target and the upstream gradient as the file wrote them, for `lossDefinition`.
        public var targetText: String { source.text(of: targetRange) }
        public var upstreamText: String? { upstreamRange.map { source.text(of: $0) } }

        /// What the gradients are of, as figures and reports write it (`∂z/∂x`): the target's
        /// name when the file named a scalar target and gave no upstream gradient, otherwise `L`.
        public var lossName: String {
            guard !hasExplicitUpstream, target.shape.rank == 0, let targetName else { return "L" }
            return targetName
        }

        /// What L is when it is not the target itself: `L = Σ y` for a tensor target (backward
        /// differentiates the sum of its elements), `L = 5 · z` or `L = Σ dy · y` with an
        /// upstream gradient.
        public var lossDefinition: String? {
            guard lossName == "L", targetName != "L" || hasExplicitUpstream else { return nil }
            let sum = target.shape.count == 1 && target.shape.rank == 0 ? "" : "Σ "
            let weight = upstreamText.map { $0 + " · " } ?? ""
            return "L = " + sum + weight + targetText
        }
    }

    /// A statement that recorded something on the tape, for figures that group or collapse by
    /// statement: its source, the names it bound and the tape nodes it made (the tape only grows,
    /// so they are one range).
    public struct Statement: Sendable {
        /// The statement as written, on one line (`h = 1 / (1 + exp(-(x @ W1 + b1)))`).
        public let text: String
        public let names: [String]
        public let line: Int
        public let nodes: Range<Int>
    }

    /// A function call that recorded something, for figures that group or collapse by call.
    public struct Call: Sendable {
        let source: SourceFile
        let range: SourceRange
        /// The call as written on one line (`predict(x)`, `F.linear(x, W1, b1)`).
        public var text: String {
            source.text(of: range).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        public let function: String
        public let line: Int
        public let nodes: Range<Int>
        /// How many calls enclose it (0: called from the file's level).
        public let depth: Int
    }

    /// One pass of a run: its number, the line of its backward and its loss when a scalar.
    public struct PassSummary: Sendable {
        public let number: Int
        public let line: Int
        public let loss: Double?
        /// Each parameter's value after the updates that followed the pass, in the order
        /// they were first updated.
        public internal(set) var updates: [(name: String, value: Tensor)] = []
        /// The scalars asked for by `Interpreter.Options.series`, as the pass left them.
        public internal(set) var series: [String: Double] = [:]
        /// The elements of `Interpreter.Options.tracked` when its backward ran.
        public internal(set) var tracked: [Double?] = []
    }

    /// An update made after the drawn pass (`W.data -= lr * W.grad`), as its figure writes it.
    public struct Update: Sendable {
        /// The parameter whose leaf's edge shows it (for momentum's `v`, the W it moves).
        public let parameter: String
        /// What it changes: the parameter, or a name holding state (`v`).
        public let assigned: String
        /// The new value in the figure's notation: `W − lr · ∂L/∂W`.
        public let formula: String
        /// The formula with its numbers as placeholders (`{a0} − {a1} · {a2}`) and their values,
        /// when every number it reads is a scalar; for `--explain`.
        public let template: String?
        public let values: [String: Double]
        public let value: Tensor
        public let line: Int
    }

    /// A pass as figures need it, kept by the interpreter; its statements' texts are made
    /// when the evaluation is.
    struct PassRecord {
        let number: Int
        let tape: Tape
        let history: [Binding]
        let backward: BackwardPass?
        let statements: [Interpreter.PendingStatement]
        let calls: [Call]
        let sizeLeaves: Set<Int>

        func replacingGradients(_ gradients: Gradients) -> PassRecord {
            PassRecord(
                number: number, tape: tape, history: history,
                backward: backward.map { pass in
                    BackwardPass(
                        target: pass.target, targetName: pass.targetName,
                        hasExplicitUpstream: pass.hasExplicitUpstream, gradients: gradients,
                        source: pass.source, targetRange: pass.targetRange,
                        upstreamRange: pass.upstreamRange)
                }, statements: statements, calls: calls, sizeLeaves: sizeLeaves)
        }
    }

    /// What the whole run did besides the drawn pass.
    public struct Run {
        /// The passes (backward passes; a file without one has one pass, its whole run).
        public let passCount: Int
        /// The pass this evaluation draws, counting from 1.
        public let passNumber: Int
        public let passes: [PassSummary]
        /// What the program printed.
        public let output: String
        public let warnings: [Diagnostic]
        /// The value of each name at the file's level when the run ended (parameters after
        /// their last update), sorted by name.
        public let finalValues: [(name: String, value: Tensor)]
        public let calls: [Call]
        /// The leaves of the drawn pass read as sizes: no gradient to check.
        public let sizeLeaves: Set<Int>
        /// The updates after the drawn pass, in the order they ran.
        public var updates: [Update] = []

        nonisolated(unsafe) public static let single = Run(
            passCount: 1, passNumber: 1, passes: [], output: "", warnings: [], finalValues: [],
            calls: [], sizeLeaves: [])
    }

    public let file: SourceFile
    public let tape: Tape
    public let run: Run
    /// Every bound name once, in the order names were first bound, with its last binding.
    public let bindings: [Binding]
    /// Every binding in the order it was made: a name rebound (`h = h * 2`, `w = w - 0.1 * g`)
    /// appears once per binding.
    public let history: [Binding]
    public let title: String?
    /// The digits after the point the file asks its figures for (`precision 4`).
    public let precision: Int?
    public let backward: BackwardPass?
    /// The statements that made tape nodes, in the order they ran.
    public let statements: [Statement]
    /// `history` by name, and each binding's place among its name's (name → tape ID → index).
    private let versionsByName: [String: [Binding]]
    private let versionIndex: [String: [Int: Int]]

    /// The evaluation of a pass: `bindings` are the names of `history` once each, with their
    /// last binding, in the order they were first bound.
    public init(
        file: SourceFile, tape: Tape, history: [Binding], title: String?,
        precision: Int?, backward: BackwardPass?, statements: [Statement], run: Run = .single
    ) {
        self.file = file
        self.tape = tape
        self.run = run
        var order: [String] = []
        var last: [String: Binding] = [:]
        for binding in history {
            if last[binding.name] == nil { order.append(binding.name) }
            last[binding.name] = binding
        }
        self.bindings = order.map { last[$0]! }
        self.history = history
        self.title = title
        self.precision = precision
        self.backward = backward
        self.statements = statements
        var versions: [String: [Binding]] = [:]
        var index: [String: [Int: Int]] = [:]
        for binding in history {
            let place = versions[binding.name, default: []].count
            if index[binding.name, default: [:]][binding.variable.id] == nil {
                index[binding.name, default: [:]][binding.variable.id] = place
            }
            versions[binding.name, default: []].append(binding)
        }
        versionsByName = versions
        versionIndex = index
    }

    /// ∂L/∂name, or nil without a backward pass or off the path to the target.
    public func gradient(of binding: Binding) -> Tensor? {
        backward?.gradients.total(binding.variable)
    }

    /// Every binding of `name`, in order.
    public func versions(of name: String) -> [Binding] {
        versionsByName[name] ?? []
    }

    /// The binding of a name that holds its gradient: the last one when it has a gradient, else
    /// the latest earlier one that has (`w` before `w = w - 0.3` rebound it after backward).
    public func gradientBinding(of name: String) -> Binding? {
        versions(of: name).last { gradient(of: $0) != nil }
    }

    /// A binding's name as a figure numbers it among the name's bindings (`h₂`), or the name
    /// alone when it was bound once.
    public func numberedName(of binding: Binding) -> String {
        guard versions(of: binding.name).count > 1,
            let index = versionIndex[binding.name]?[binding.variable.id]
        else { return binding.name }
        return binding.name + subscriptDigits(index + 1)
    }

    /// The binding a numbered name means (`h₃`: the third binding of `h`), or the last binding
    /// of a plain name.
    public func binding(named written: String) -> Binding? {
        if let last = bindings.first(where: { $0.name == written }) { return last }
        let digits = "₀₁₂₃₄₅₆₇₈₉"
        let base = String(written.reversed().drop { digits.contains($0) }.reversed())
        let subscriptText = written.dropFirst(base.count)
        guard !subscriptText.isEmpty, !base.isEmpty,
            let number = Int(
                String(
                    subscriptText.map {
                        Character(
                            String(
                                digits.distance(
                                    from: digits.startIndex, to: digits.firstIndex(of: $0)!)))
                    }))
        else { return nil }
        let versions = versions(of: base)
        return versions.indices.contains(number - 1) ? versions[number - 1] : nil
    }
}
