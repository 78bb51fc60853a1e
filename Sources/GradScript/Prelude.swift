import GradCore

/// DeZero's composite functions and a few of NumPy's, written in the language itself: a figure
/// draws their primitive steps, and a reader can read them here (`graphviz-grad prelude` prints
/// them). They see only their own parameters and the language's functions, never the file's
/// names.
public enum Prelude {
    public static let source = """
        # The prelude: DeZero's composite functions (F.linear, F.mean_squared_error,
        # F.softmax_cross_entropy, F.sum_to) and NumPy's np.where, np.square, np.log1p, written
        # in the language, so that a figure draws each of their steps.

        def linear(x, W, b=None):
            \"\"\"F.linear: x W + b, a dense layer.\"\"\"
            y = matmul(x, W)
            if b is None:
                return y
            return y + b

        def mean_squared_error(x0, x1):
            \"\"\"F.mean_squared_error: the mean over rows of the squared difference.\"\"\"
            diff = x0 - x1
            return sum(diff ** 2) / len(diff)

        def softmax_cross_entropy(x, t):
            \"\"\"F.softmax_cross_entropy: −log softmax(x) at the labels t, averaged over rows.\"\"\"
            N = x.shape[0]
            log_p = log_softmax(x, axis=1)
            log_p = log_p[np.arange(N), t]
            return -sum(log_p) / N

        def sum_to(x, shape):
            \"\"\"F.sum_to: sums x down to shape, undoing a broadcast.\"\"\"
            lead = x.ndim - len(shape)
            for i in range(lead):
                x = sum(x, axis=0)
            for axis in range(len(shape)):
                if shape[axis] == 1 and x.shape[axis] != 1:
                    x = sum(x, axis=axis, keepdims=True)
            return x

        def where(condition, x, y):
            \"\"\"np.where: x where the condition holds, y elsewhere.\"\"\"
            return condition * x + (1 - condition) * y

        def square(x):
            \"\"\"np.square: x².\"\"\"
            return x ** 2

        def log1p(x):
            \"\"\"np.log1p: ln(1 + x).\"\"\"
            return log(1 + x)

        """

    static let file = SourceFile(path: "<prelude>", text: source)

    /// The prelude's functions by name, parsed once.
    nonisolated(unsafe) static let functions: [String: FunctionValue] = {
        let program: Program
        do {
            program = try Parser.parse(file)
        } catch {
            preconditionFailure("the prelude parses: \(error)")
        }
        var table: [String: FunctionValue] = [:]
        for statement in program.statements {
            if case .function(let definition) = statement.kind {
                table[definition.name] = FunctionValue(
                    definition: definition,
                    defaults: definition.parameters.map { p in
                        p.defaultValue.map { _ in Value.none }
                    }, isPrelude: true, source: file)
            }
        }
        return table
    }()

    /// DeZero's names (`F.linear`) and NumPy's (`np.where`).
    static let dezeroNames: Set<String> = [
        "linear", "mean_squared_error", "softmax_cross_entropy", "sum_to",
    ]
    static let numpyNames: Set<String> = ["where", "square", "log1p"]

    static func function(named name: String) -> FunctionValue? {
        dezeroNames.contains(name) || numpyNames.contains(name) ? functions[name] : nil
    }

    /// What a name means inside the prelude: another of its functions.
    static func value(named name: String) -> Value? {
        functions[name].map { .function($0) }
    }
}
