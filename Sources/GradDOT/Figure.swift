import Foundation
import GradCore

/// What a figure shows, before it is written as DOT: nodes and the forward and backward edges
/// between them, with the tensors they carry, the names they are called by and the rules that
/// produced their gradients. Built from a tape by `Figure.init(tape:gradients:…)`.
public struct Figure: Sendable {
    public enum NodeKind: Sendable, Equatable {
        /// An operation: its symbol (`+`, `Σ`, `s²`) and its parameters as short text (`axis=0`).
        case operation(symbol: String, details: String?)
        /// A tensor that receives a gradient and has no inputs.
        case leaf
        /// A fixed number or tensor (the `2` in `x * 2`): muted, no backward edge.
        case constant(Tensor)
        /// Data the file named but that gets no gradient (`t = constant(…)`): drawn like a leaf,
        /// muted, its name and value on its edges.
        case namedConstant
        /// Where a tensor used several times splits into its uses.
        case branch
        /// Where the target leaves the figure, on the right; labelled with what was
        /// differentiated when that is not the target itself (`L = Σ y`).
        case output(String?)
        /// The operation that failed (`render --draw-errors`), in the error colour.
        case failure(symbol: String)
        /// A statement drawn as one box (`--collapse`), labelled with its source.
        case statement(String)
        /// Where `--focus` cut an edge: the rest of the graph, drawn `…`.
        case cut
    }

    /// A statement that made tape nodes: its source on one line, the names it bound and the
    /// nodes it made (a range, since the tape only grows).
    public struct Statement: Sendable {
        public let text: String
        public let names: [String]
        public let nodes: Range<Int>

        public init(text: String, names: [String], nodes: Range<Int>) {
            self.text = text
            self.names = names
            self.nodes = nodes
        }
    }

    /// A call of one of the file's functions that recorded operations, for `--group calls`
    /// and `--collapse calls`: the call as written and the tape nodes it made.
    public struct Call: Sendable {
        public let text: String
        public let nodes: Range<Int>

        public init(text: String, nodes: Range<Int>) {
            self.text = text
            self.nodes = nodes
        }
    }

    /// Nodes drawn inside one labelled frame (`--group statements`, `--group calls`): a
    /// statement's operations, or a call's.
    public struct Cluster: Sendable {
        public let label: String
        /// The nodes' DOT ids (not those of the clusters inside it).
        public let nodes: [String]
        public internal(set) var elementID: String
        /// The cluster it is drawn inside (an index into `clusters`), for a call inside a call.
        public internal(set) var parent: Int?
    }

    public struct Node: Sendable {
        public let id: String
        public let kind: NodeKind
        /// The tape node it draws, if any (not for branch points and the output).
        public let tapeID: Int?
        /// Its id in an SVG, derived from the names it carries (`x`, `op-y`, `branch-x`): unique,
        /// and safe in XML, CSS and URLs.
        public var elementID = ""
        /// What a reader sees when hovering over it.
        public var tooltip = ""
        /// Its SVG classes: `op op-mul`, `leaf`, `constant`, `branch`, `output`.
        public var classes = ""
    }

    /// The arithmetic of a rule for numbers: the formula with placeholders, and their values.
    public struct Arithmetic: Sendable {
        public let template: String
        public let values: [String: Double]

        public init(template: String, values: [String: Double]) {
            self.template = template
            self.values = values
        }

        /// The formula with each value written by `format`; a negative value is bracketed
        /// unless it is the whole formula.
        public func text(_ format: (Double) -> String) -> String {
            var text = template
            for (placeholder, value) in values.sorted(by: { $0.key < $1.key }) {
                let written = format(value)
                let bracketed = value < 0 && template != placeholder ? "(" + written + ")" : written
                text = text.replacingEvery(placeholder, with: bracketed)
            }
            return text
        }

        /// The formula with its operands written so that a reader who redoes it gets `result` as
        /// `numbers` writes it: in the figure's digits, or with up to four more where rounding
        /// them would change the result (`1 − 0.9995` needs its four).
        public func text(numbers: FigureNumbers, result: Double) -> String {
            let expected = numbers.format(result)
            var text = ""
            for extra in 0...4 {
                text = self.text(numbers.adding(extra).format)
                if let redone = ArithmeticText.evaluate(text), numbers.format(redone) == expected {
                    return text
                }
            }
            return text
        }
    }

    /// How a leaf's gradient compares with finite differences (`render --check`).
    public enum Check: Sendable {
        /// How far an estimate may be from backward's value: `|a − n| ≤ tolerance · (1 + |n|)`,
        /// as `graphviz-grad check` compares them.
        public static let tolerance = 1e-5

        case agrees
        /// The numeric estimate where it differs.
        case differs(numeric: Tensor)
    }

    /// The gradient that flowed back along an edge.
    public struct Gradient: Sendable {
        /// `∂z/∂x`; for one path at a branch, `∂z/∂x via ×`.
        public let label: String
        public internal(set) var value: Tensor
        /// At a branch's trunk, the contributions of its uses, in tape order.
        public internal(set) var parts: [Tensor]
        /// The rule that produced it, with names (`∂z/∂z · y`); nil at a trunk and for the seed.
        public let rule: String?
        /// The rule with the values of scalars written in (`1 · 3`).
        public internal(set) var arithmetic: Arithmetic?
        /// Its blank's number in a quiz (blank 1 is next to the target); nil for the seed, which
        /// is given.
        public var blank: Int?
        /// The finite-difference check of a leaf's total.
        public var check: Check?
        /// Elements at most this large (and not 0) are floating-point noise, drawn `≈ 0` with
        /// their exact value in the tooltip (see `FigureBuilder.assignNoiseFloors`).
        public internal(set) var noiseFloor = 0.0
        /// Its hover text, the whole tensor as NumPy prints it (worked out once per figure); in
        /// a quiz, for a blank, only `∂L/∂x: blank 3`.
        public internal(set) var text = ""

        /// What a blank's hover text says: its label and number, never its value.
        static func blankText(_ label: String, _ blank: Int) -> String {
            label + ": blank \(blank)"
        }
    }

    /// An update made after the drawn pass, drawn on its parameter's leaf edge under the
    /// gradient: `W ← W − lr · ∂L/∂W = 2.116`.
    public struct Update: Sendable {
        /// The name on the leaf whose edge shows it (momentum's `v` shows on the W it moves).
        public let parameter: String
        /// What it changes: the parameter, or a name holding state (`v`).
        public let assigned: String
        /// The new value in the figure's notation (`W − lr · ∂L/∂W`).
        public let formula: String
        /// The formula's arithmetic for `--explain` (`2.118 − 0.1 · 0.0231`), when it is
        /// arithmetic of scalars.
        public internal(set) var arithmetic: Arithmetic?
        public internal(set) var value: Tensor
        /// Its blank's number in a quiz, after the gradients'.
        public internal(set) var blank: Int?

        public init(
            parameter: String, assigned: String, formula: String, arithmetic: Arithmetic?,
            value: Tensor
        ) {
            self.parameter = parameter
            self.assigned = assigned
            self.formula = formula
            self.arithmetic = arithmetic
            self.value = value
        }

        /// `W ← W − lr · ∂L/∂W`: what a quiz's blank and the grade table call it.
        public var label: String { assigned + " ← " + formula }
    }

    public struct Edge: Sendable {
        /// The DOT ids of its ends (`--focus` moves a cut end to a `…` node).
        public internal(set) var from: String
        public internal(set) var to: String
        /// What the tensor is called: its name, or a short expression (`x×y`, `copy(b)`).
        public let label: String
        /// Whether `label` is a name the file bound (as opposed to an expression).
        public let isNamed: Bool
        public internal(set) var value: Tensor
        /// Nil for constants and without a backward pass.
        public var gradient: Gradient?
        /// ① or ② where operand order matters (sub, div, pow, matmul).
        public let operandMark: String?
        public let fromConstant: Bool
        /// The tape node whose tensor the edge carries.
        public let source: Int
        /// Whether the gradient on this edge is the source's total (its only use, or the trunk of
        /// its branch point), where a check mark belongs.
        public let carriesTotal: Bool
        /// Its id in an SVG (`x--op-y`); its value's and gradient's parts are `v-ID` and `g-ID`.
        public var elementID = ""
        /// The hover text of its value, the whole tensor as NumPy prints it (worked out once per
        /// figure: a tensor's text costs more than its layout).
        public internal(set) var valueText = ""
        /// The updates of the leaf it leaves from, after the pass (on the edge carrying its
        /// total gradient).
        public internal(set) var updates: [Update] = []
    }

    /// A drawn operation (or collapsed statement), for `render --steps`: its node, and what its
    /// forward step says.
    public struct Operation: Sendable {
        /// The node's element ID.
        public let node: String
        /// The tape nodes whose tensors it makes: the operation's own, or the results of a
        /// collapsed statement.
        public let results: [Int]
        /// `z = x × y = 6`, or `y = x @ W (2, 4)` for a tensor.
        public let forward: String
    }

    public let title: String?
    /// Whether its gradients are a quiz's blanks: then no output of it holds their values.
    public let isQuiz: Bool
    /// The drawn operations in the order they ran.
    public internal(set) var operations: [Operation] = []
    /// How the figure writes numbers, resolved once from `FigureOptions.precision`, the file's
    /// `precision` statement and the default; every writer of the figure uses it.
    public let numbers: FigureNumbers
    /// A line under the title: the error of `render --draw-errors`.
    public var caption: String?
    /// Which pass of a training file it draws (`pass 3 of 100`), under the title.
    public var passLine: String?
    public internal(set) var nodes: [Node]
    public internal(set) var edges: [Edge]
    /// Statements drawn as frames around their operations (`--group statements`).
    public internal(set) var clusters: [Cluster] = []
    /// The node that draws each tape node: its own, or its collapsed statement's box.
    public internal(set) var nodeOfTapeID: [Int: String] = [:]

    /// The tape as the figure the article would draw: the target's ancestors (everything without
    /// a backward pass), a branch point for every tensor used more than once, and an output edge
    /// for the target carrying the upstream gradient. `targetName` is what the gradients are of
    /// (`z` in ∂z/∂x, or `L`), `loss` what that is when it is not the target (`L = Σ y`).
    /// `statements` are what `--group` and `--collapse` draw by; `precision` is the file's
    /// `precision` statement (the option, when set, wins).
    public init(
        tape: Tape, gradients: Gradients?, targetName: String?, title: String?,
        options: FigureOptions, loss: String? = nil, statements: [Statement] = [],
        precision: Int? = nil, updates: [Update] = [], calls: [Call] = []
    ) {
        numbers = FigureNumbers(option: options.precision, file: precision)
        isQuiz = options.quiz
        var builder = FigureBuilder(
            tape: tape, gradients: gradients, targetName: targetName ?? "L", options: options,
            numbers: numbers, statements: statements)
        builder.updates = updates
        builder.calls = calls
        builder.build(loss: loss)
        self.title = title
        self.nodes = builder.nodes
        self.edges = builder.edges
        self.operations = builder.operations
        self.clusters = builder.clusters
        self.nodeOfTapeID = builder.nodeOfTapeID
    }

    /// The figure of a program that stopped at an operation: everything that ran, and the failed
    /// operation (`symbol`) with edges from its inputs (tape IDs) carrying their values and
    /// shapes; `message` is the caption.
    public init(
        tape: Tape, failedOperation symbol: String?, inputs: [Int], message: String, title: String?,
        options: FigureOptions, precision: Int? = nil
    ) {
        numbers = FigureNumbers(option: options.precision, file: precision)
        isQuiz = false
        var builder = FigureBuilder(
            tape: tape, gradients: nil, targetName: "L", options: options, numbers: numbers,
            statements: [], drawsUnusedResults: false)
        builder.failureInputs = Set(inputs)
        builder.build(loss: nil)
        if let symbol { builder.addFailure(symbol: symbol, inputs: inputs) }
        self.title = title
        self.caption = message
        self.nodes = builder.nodes
        self.edges = builder.edges
    }

    /// The gradients in the order backward computes them, then the updates in the order they
    /// ran: the order of a quiz's blanks.
    public var blanks: [(number: Int, label: String, value: Tensor)] {
        let gradients = edges.compactMap { edge in
            edge.gradient.flatMap { gradient in
                gradient.blank.map { ($0, gradient.label, gradient.value) }
            }
        }
        let updates = edges.flatMap { edge in
            edge.updates.compactMap { update in
                update.blank.map { ($0, update.label, update.value) }
            }
        }
        return (gradients + updates).sorted { $0.0 < $1.0 }
    }

    /// Whether any edge shows an update.
    public var hasUpdates: Bool { edges.contains { !$0.updates.isEmpty } }

    /// Marks each leaf's gradient with its finite-difference check, by the leaf's tape ID.
    public mutating func mark(_ checks: [Int: Check]) {
        for index in edges.indices where edges[index].carriesTotal {
            if let check = checks[edges[index].source] { edges[index].gradient?.check = check }
        }
    }

    /// Human-readable warnings about the figure's numbers (nan or inf), one per tensor.
    public var nonFiniteWarnings: [String] {
        var warnings: [String] = []
        for edge in edges {
            if edge.value.scalars.contains(where: { !$0.isFinite }) {
                warnings.append("\(edge.isNamed ? edge.label : "a value") contains nan or inf")
            }
            // A gradient once, at the edge that carries its total (a branch's parts add up to it).
            if let gradient = edge.gradient, edge.carriesTotal || edge.to == "out",
                gradient.value.scalars.contains(where: { !$0.isFinite })
            {
                warnings.append("\(gradient.label) contains nan or inf")
            }
        }
        var seen = Set<String>()
        return warnings.filter { seen.insert($0).inserted }
    }
}
