/// Which parts of a figure one picture shows: one step of `render --steps`, or the passes of
/// `--show`. A part not shown keeps its place and is drawn transparent (or, for what a step has
/// not reached, faintly), so every picture of a figure has the same layout and the same size.
public struct Frame: Sendable, Equatable {
    /// Edges (element IDs) whose value is shown; nil for every edge.
    public var values: Set<String>?
    /// Edges whose gradient (label and backward arrow) is shown; nil for every edge.
    public var gradients: Set<String>?
    /// Edges whose updates (after the pass) are shown; nil for every edge.
    public var updates: Set<String>?
    /// Operation nodes drawn in full; the others are faint. Nil for every node.
    public var reached: Set<String>?
    /// Nodes and edges drawn highlighted: the operation a step runs, the values or gradients it
    /// makes.
    public var highlighted: Set<String> = []
    /// Whether a forward arrow not reached yet is drawn faintly (a step) or not at all (`--show
    /// backward`).
    public var faintArrows = false
    /// What the step does, in words: `forward: z = x × y = 6`.
    public var caption: String?
    /// With a width (points), the figure reserves a line of that width under its title for the
    /// caption, the same in every frame, so captions of any length keep the layout.
    public var captionWidth: Int?

    public init(
        values: Set<String>? = nil, gradients: Set<String>? = nil, updates: Set<String>? = nil,
        reached: Set<String>? = nil, highlighted: Set<String> = [], faintArrows: Bool = false,
        caption: String? = nil
    ) {
        self.values = values
        self.gradients = gradients
        self.updates = updates
        self.reached = reached
        self.highlighted = highlighted
        self.faintArrows = faintArrows
        self.caption = caption
    }

    /// The passes `--show` draws.
    public init(show: FigureOptions.Show) {
        switch show {
        case .both: self.init()
        case .forward: self.init(gradients: [], updates: [])
        case .backward: self.init(values: [], updates: [])
        case .updates: self.init(values: [], gradients: [])
        }
    }

    public func showsValue(_ edge: String) -> Bool { values?.contains(edge) ?? true }
    public func showsGradient(_ edge: String) -> Bool { gradients?.contains(edge) ?? true }
    public func showsUpdates(_ edge: String) -> Bool { updates?.contains(edge) ?? true }
    public func reaches(_ node: String) -> Bool { reached?.contains(node) ?? true }
}
