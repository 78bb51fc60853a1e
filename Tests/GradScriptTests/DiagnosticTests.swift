import Testing

@testable import GradScript

/// Every kind of error, pinned whole: `PATH:LINE:COL: error: MESSAGE`, the source line, the marker.
@Suite struct DiagnosticTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let source: String
        let expected: String
        var testDescription: String {
            expected.split(separator: "\n").first.map(String.init) ?? expected
        }
    }

    static let cases: [Case] = [
        // Lexing
        Case(
            source: "x = 2 $ 3",
            expected: "e.txt:1:7: error: unexpected character '$'\nx = 2 $ 3\n      ^"),
        Case(
            source: "x = 1\u{1}",
            expected: "e.txt:1:6: error: unexpected character 'U+0001'\nx = 1\u{FFFD}\n     ^"),
        Case(
            source: "x = 1e999",
            expected:
                "e.txt:1:5: error: number '1e999' is too large for a double\nx = 1e999\n    ^~~~~"),
        Case(
            source: "x = 12abc",
            expected: "e.txt:1:5: error: invalid number '12abc'\nx = 12abc\n    ^~~~~"),
        Case(
            source: "title \"open",
            expected: "e.txt:1:7: error: unterminated string\ntitle \"open\n      ^~~~~"),
        Case(
            source: "title \"a\\qb\"",
            expected:
                "e.txt:1:9: error: unknown escape in a string; only '\\\"', '\\'', '\\\\', '\\n' and '\\t' are allowed\ntitle \"a\\qb\"\n        ^"
        ),
        // Parsing
        Case(
            source: "x = (1 + 2",
            expected:
                "e.txt:1:11: error: expected ')' to close the '(' at 1:5, found the end of the file\nx = (1 + 2\n          ^"
        ),
        Case(
            source: "x = 1 +",
            expected:
                "e.txt:1:8: error: expected an expression, found the end of the file\nx = 1 +\n       ^"
        ),
        Case(
            source: "x = 1 2",
            expected: "e.txt:1:7: error: expected the end of the line, found '2'\nx = 1 2\n      ^"),
        Case(
            source: "3 + 4",
            expected:
                "e.txt:1:1: error: expected a statement ('NAME = …', 'backward …', 'seed …' or 'title \"…\"'), found '3'\n3 + 4\n^"
        ),
        Case(
            source: "x",
            expected:
                "e.txt:1:1: error: a statement must bind a name ('x = …') or be 'backward', 'seed' or 'title'\nx\n^"
        ),
        Case(
            source: "sum = 3",
            expected:
                "e.txt:1:1: error: cannot assign to 'sum': it is a built-in function\nsum = 3\n^~~"),
        Case(
            source: "seed = 3",
            expected: "e.txt:1:1: error: cannot assign to 'seed': it is a keyword\nseed = 3\n^~~~"),
        Case(
            source: "y = sum(axis=0, x)",
            expected:
                "e.txt:1:17: error: positional argument follows keyword argument\ny = sum(axis=0, x)\n                ^"
        ),
        Case(
            source: "y = \"s\" * 2",
            expected:
                "e.txt:1:9: error: '*' cannot be applied to a string\ny = \"s\" * 2\n    ~~~~^~~"),
        // Names and functions
        Case(source: "y = x + 1", expected: "e.txt:1:5: error: unknown name 'x'\ny = x + 1\n    ^"),
        Case(
            source: "x = 1\ny = sums(x)",
            expected:
                "e.txt:2:5: error: unknown function 'sums'; did you mean 'sum'?\ny = sums(x)\n    ^~~~"
        ),
        Case(
            source: "y = sum + 1",
            expected:
                "e.txt:1:5: error: 'sum' is a function; call it as sum(x, axis=None, keepdims=false)\ny = sum + 1\n    ^~~"
        ),
        // Arguments
        Case(
            source: "x = [1, 2]\ny = sum()",
            expected:
                "e.txt:2:5: error: 'sum' is missing its argument 'x' (called as sum(x, axis=None, keepdims=false))\ny = sum()\n    ^~~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = exp(x, x)",
            expected:
                "e.txt:2:12: error: too many arguments to 'exp' (called as exp(x))\ny = exp(x, x)\n           ^"
        ),
        Case(
            source: "x = [1, 2]\ny = sum(x, axes=0)",
            expected:
                "e.txt:2:12: error: 'sum' has no argument 'axes' (called as sum(x, axis=None, keepdims=false))\ny = sum(x, axes=0)\n           ^~~~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = sum(x, 0.5)",
            expected:
                "e.txt:2:12: error: 'axis' of 'sum' must be an integer, not 0.5\ny = sum(x, 0.5)\n           ^~~"
        ),
        Case(
            source: "x = [1, 2]\ny = sum(x, keepdims=1)",
            expected:
                "e.txt:2:21: error: 'keepdims' of 'sum' must be true or false, not the number 1\ny = sum(x, keepdims=1)\n           ~~~~~~~~~^"
        ),
        Case(
            source: "x = [1, 2]\ny = sum(x, 0, axis=0)",
            expected:
                "e.txt:2:15: error: 'sum' got two values for 'axis'\ny = sum(x, 0, axis=0)\n              ^~~~~~"
        ),
        Case(
            source: "y = zeros(2, -3)",
            expected:
                "e.txt:1:5: error: 'zeros': negative dimension -3\ny = zeros(2, -3)\n    ^~~~~~~~~~~~"
        ),
        Case(
            source: "x = None\ny = x + 1",
            expected:
                "e.txt:2:7: error: '+' cannot be applied to None\ny = x + 1\n    ~~^~~"
        ),
        // Axes and shapes at run time
        Case(
            source: "x = [[1, 2]]\ny = sum(x, axis=2)",
            expected:
                "e.txt:2:5: error: sum: axis 2 is out of bounds for an array of dimension 2\ny = sum(x, axis=2)\n    ^~~~~~~~~~~~~~"
        ),
        Case(
            source: "x = zeros(2, 3)\ny = [1, 2, 3, 4]\nz = x + y",
            expected:
                "e.txt:3:7: error: cannot broadcast shapes (2, 3) and (4,) in '+'\nz = x + y\n    ~~^~~"
        ),
        Case(
            source: "a = ones(2, 3)\nb = a @ a",
            expected:
                "e.txt:2:7: error: matmul: shapes (2, 3) and (2, 3) are not aligned: 3 (dim 1) != 2 (dim 0)\nb = a @ a\n    ~~^~~"
        ),
        Case(
            source: "a = ones(2, 3)\nb = reshape(a, 4)",
            expected:
                "e.txt:2:5: error: reshape: cannot reshape array of size 6 into shape (4,)\nb = reshape(a, 4)\n    ^~~~~~~~~~~~~"
        ),
        Case(
            source: "y = 2 @ 3",
            expected: "e.txt:1:7: error: '@' needs tensors, not numbers\ny = 2 @ 3\n    ~~^~~"),
        // Literals
        Case(
            source: "x = [[1, 2], [3]]",
            expected:
                "e.txt:1:5: error: ragged list: element [1] has 1 items where 2 were expected\nx = [[1, 2], [3]]\n    ^~~~~~~~~~~~~"
        ),
        Case(
            source: "a = 1\nx = [a, 2] * 3",
            expected:
                "e.txt:2:6: error: a list holds numbers and lists of numbers only\nx = [a, 2] * 3\n     ^"
        ),
        // Statements
        Case(
            source: "seed 4294967296",
            expected:
                "e.txt:1:6: error: 'seed' needs an integer from 0 to 4294967295\nseed 4294967296\n     ^~~~~~~~~~"
        ),
        Case(
            source: "seed -1",
            expected:
                "e.txt:1:6: error: 'seed' needs an integer from 0 to 4294967295\nseed -1\n     ^~"),
        Case(
            source: "x = [1, 2]\nbackward x\nbackward x",
            expected:
                "e.txt:3:10: error: nothing was computed from the parameters since the last backward pass: compute the loss again before calling backward\nbackward x\n         ^"
        ),
        Case(
            source: "x = [1, 2]\nbackward x, [1, 2, 3]",
            expected:
                "e.txt:2:13: error: the upstream gradient has shape (3,), but the target has shape (2,)\nbackward x, [1, 2, 3]\n            ^~~~~~~~~"
        ),
        Case(
            source: "backward 3",
            expected:
                "e.txt:1:10: error: 'backward' needs a tensor computed from the file's names, not a constant\nbackward 3\n         ^"
        ),
        Case(
            source: "title \"a\"\ntitle \"b\"",
            expected:
                "e.txt:2:1: error: a second 'title' statement; the first is on line 1\ntitle \"b\"\n^~~~~"
        ),
        // Limits
        Case(
            source: "x = zeros(100000, 1000)",
            expected:
                "e.txt:1:5: error: zeros: shape (100000, 1000) has 100000000 elements, over the limit of 10000000\nx = zeros(100000, 1000)\n    ^~~~~~~~~~~~~~~~~~~"
        ),
        Case(
            source: "x = ones(10000)\ny = repeat(x, 10000)",
            expected:
                "e.txt:2:5: error: repeat: shape (100000000,) has 100000000 elements, over the limit of 10000000\ny = repeat(x, 10000)\n    ^~~~~~~~~~~~~~~~"
        ),
        Case(
            source: "x = " + String(repeating: "(", count: 300) + "1"
                + String(repeating: ")", count: 300),
            // A long line is shown as a window of 160 characters around the point.
            expected: "e.txt:1:261: error: expression nested deeper than 256 levels\n…"
                + String(repeating: "(", count: 124) + "1" + String(repeating: ")", count: 35)
                + "…\n" + String(repeating: " ", count: 81) + "^"),
        // NumPy as users write it, and the next chapters' operations.
        Case(
            source: "x = np.linalg.inv([[1, 2], [3, 4]])",
            expected:
                "e.txt:1:5: error: 'np.linalg.inv' is not available in graphviz-grad; 'graphviz-grad ops' lists what exists\nx = np.linalg.inv([[1, 2], [3, 4]])\n    ^~~~~~~~~~~~~"
        ),
        Case(
            source: "x = np.random.normal(0, 1)",
            expected:
                "e.txt:1:5: error: 'np.random.normal' is not available in graphviz-grad; 'graphviz-grad ops' lists what exists\nx = np.random.normal(0, 1)\n    ^~~~~~~~~~~~~~~~"
        ),
        Case(
            source: "x = np.tahn(2)",
            expected:
                "e.txt:1:5: error: unknown function 'np.tahn'; did you mean 'np.tanh'?\nx = np.tahn(2)\n    ^~~~~~~"
        ),
        Case(
            source: "weight = 2\ny = wieght * 2",
            expected:
                "e.txt:2:5: error: unknown name 'wieght'; did you mean 'weight'?\ny = wieght * 2\n    ^~~~~~"
        ),
        Case(
            source: "x = 2\nbackwards x",
            expected:
                "e.txt:2:1: error: unknown statement 'backwards'; did you mean 'backward'?\nbackwards x\n^~~~~~~~~"
        ),
        Case(
            source: "x = 2\ny = x ^ 2",
            expected:
                "e.txt:2:7: error: '^' is not a power operator (in Python it is a bitwise xor); write '**' for powers\ny = x ^ 2\n      ^"
        ),
        Case(
            source: "x = 2\ny = x.grad",
            expected:
                "e.txt:2:7: error: 'x.grad' is read before any backward pass: call backward first\ny = x.grad\n    ~~^~~~"
        ),
        Case(
            source: "import scipy",
            expected:
                "e.txt:1:8: error: cannot import 'scipy': graphviz-grad understands NumPy and DeZero's functions only ('import numpy as np', 'import dezero.functions as F')\nimport scipy\n       ^~~~~"
        ),
        Case(
            source: "import numpy as jnp",
            expected:
                "e.txt:1:17: error: NumPy can only be imported as 'np' ('import numpy as np')\nimport numpy as jnp\n                ^~~"
        ),
        Case(
            source: "D, N = 8",
            expected:
                "e.txt:1:6: error: 2 names but 1 value; give one value per name\nD, N = 8\n~~~~~^~~"
        ),
        Case(
            source: "x = [1, 2, 3]\ny = x[3]",
            expected:
                "e.txt:2:7: error: index 3 is out of bounds for axis 0 with size 3\ny = x[3]\n      ^"
        ),
        Case(
            source: "x = [1, 2]\ny = x[0, 1]",
            expected:
                "e.txt:2:10: error: too many indices for array: array is 1-dimensional, but 2 were indexed\ny = x[0, 1]\n         ^"
        ),
        Case(
            source: "x = [[1, 2], [3, 4]]\ny = x[:, [0, 5]]",
            expected:
                "e.txt:2:10: error: index 5 is out of bounds for axis 1 with size 2\ny = x[:, [0, 5]]\n         ^~~~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = x[::0]",
            expected: "e.txt:2:7: error: slice step cannot be zero\ny = x[::0]\n      ^~~"
        ),
        Case(
            source: "x = [1, 2]\ny = x[1.5]",
            expected:
                "e.txt:2:7: error: an index must be an integer, not 1.5\ny = x[1.5]\n      ^~~"
        ),
        Case(
            source: "x = [1, 2]\ny = np.dot(x, ones((2, 2, 2)))",
            expected:
                "e.txt:2:5: error: dot: operand 1 has shape (2, 2, 2); dot takes 1-D and 2-D operands here, use matmul (@) for stacks of matrices\ny = np.dot(x, ones((2, 2, 2)))\n    ^~~~~~~~~~~~~~~~~~~~~~~~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = x.sum().backward()",
            expected:
                "e.txt:2:13: error: '.backward()' is a statement: write it on a line of its own\ny = x.sum().backward()\n    ~~~~~~~~^~~~~~~~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = concatenate(x)",
            expected:
                "e.txt:2:17: error: 'arrays' of 'concatenate' must be a list of tensors, like [a, b], not a tensor of shape (2,)\ny = concatenate(x)\n                ^"
        ),
        Case(
            source: "x = [[1, 2]]\ny = concatenate([x, [[1, 2, 3]]])",
            expected:
                "e.txt:2:5: error: concatenate: all the input array dimensions except for the concatenation axis must match exactly, but along dimension 1, the array at index 0 has size 2 and the array at index 1 has size 3\ny = concatenate([x, [[1, 2, 3]]])\n    ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = concatenate([x, x], axis=1)",
            expected:
                "e.txt:2:5: error: concatenate: axis 1 is out of bounds for an array of dimension 1\ny = concatenate([x, x], axis=1)\n    ^~~~~~~~~~~~~~~~~~~~~~~~~~~"
        ),
        Case(
            source: "x = zeros(0)\ny = max(x)",
            expected:
                "e.txt:2:5: error: max: the array (0,) has no elements to take the max of\ny = max(x)\n    ^~~~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = log_softmax(x, axis=-2)",
            expected:
                "e.txt:2:5: error: log_softmax: axis -2 is out of bounds for an array of dimension 1\ny = log_softmax(x, axis=-2)\n    ^~~~~~~~~~~~~~~~~~~~~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = softmax(x, axis=0.5)",
            expected:
                "e.txt:2:21: error: 'axis' of 'softmax' must be an integer, not 0.5\ny = softmax(x, axis=0.5)\n               ~~~~~^~~"
        ),
        Case(
            source: "x = [1, 2]\ny = maximum(x, [1, 2, 3])",
            expected:
                "e.txt:2:5: error: cannot broadcast shapes (2,) and (3,) in 'maximum'\ny = maximum(x, [1, 2, 3])\n    ^~~~~~~~~~~~~~~~~~~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = clip(x)",
            expected:
                "e.txt:2:5: error: clip: give a lower bound, an upper bound or both\ny = clip(x)\n    ^~~~~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = x.frob()",
            expected: "e.txt:2:7: error: unknown method '.frob()'\ny = x.frob()\n      ^~~~"
        ),
        Case(
            source: "x = [1, 2]\ny = x.size_",
            expected:
                "e.txt:2:7: error: unknown attribute '.size_'; a tensor's attributes are '.T', '.data', '.grad', '.shape', '.size' and '.ndim'\ny = x.size_\n    ~~^~~~~"
        ),
        Case(
            source: "np = 3",
            expected: "e.txt:1:1: error: cannot assign to 'np': it stands for NumPy\nnp = 3\n^~"
        ),
        Case(
            source: "x = [1, 2]; x + 1",
            expected:
                "e.txt:1:15: error: this expression is computed and then lost; bind it to a name ('y = …')\nx = [1, 2]; x + 1\n            ~~^~~"
        ),
        // Wide characters keep the marker under the culprit.
        Case(
            source: "输入 = [1, 2]\nθ = 输入 + [1, 2, 3]",
            expected:
                "e.txt:2:8: error: cannot broadcast shapes (2,) and (3,) in '+'\nθ = 输入 + [1, 2, 3]\n    ~~~~~^~~~~~~~~~~"
        ),
    ]

    @Test(arguments: cases)
    func messageLineAndColumn(_ c: Case) {
        do {
            _ = try Interpreter.run(SourceFile(path: "e.txt", text: c.source))
            Issue.record("no error for: \(c.source)")
        } catch {
            #expect(error.description == c.expected)
        }
    }

    @Test func invalidUTF8IsReportedAtItsByte() {
        let bytes = Array("x = 1\ny = \u{00E9}".utf8.dropLast(1)) + [0xFF] + Array(" + 2".utf8)
        do {
            _ = try SourceFile.decode(bytes, path: "u.txt")
            Issue.record("invalid UTF-8 accepted")
        } catch {
            #expect(
                error.description.hasPrefix(
                    "u.txt:2:5: error: invalid UTF-8 (byte 0xC3); save the file as UTF-8\n"))
        }
    }

    /// The first line of the diagnostic `source` produces (nil when it runs without error).
    func firstLineOfError(_ source: String, path: String) -> String? {
        do {
            _ = try Interpreter.run(SourceFile(path: path, text: source))
            return nil
        } catch {
            return error.description.split(separator: "\n").first.map(String.init)
        }
    }

    /// The heaviest legal program is refused where it would start, before any work: a
    /// 3,000² product and its backward are 81 billion multiply-adds.
    @Test func tooMuchWorkIsALocatedError() throws {
        let file = SourceFile(
            path: "e.txt", text: "x = zeros(3000, 3000)\ny = x @ x\nbackward sum(y)\n")
        #expect(throws: Diagnostic.self) { try Interpreter.run(file) }
        do {
            _ = try Interpreter.run(file)
        } catch {
            #expect(
                DiagnosticPrinter.text(of: error).hasPrefix(
                    "e.txt:2:7: error: matmul: the program's work, forward and backward, would pass its budget"
                ))
        }
    }

    @Test func tooManyRecordedOperations() {
        // (With a backward: a file without one stops recording instead, see TrainingTests.)
        let source = "y = [1]\n" + String(repeating: "y = y + y\n", count: 100_001) + "backward y\n"
        #expect(
            firstLineOfError(source, path: "big.txt")
                == "big.txt:100001:7: error: more than 100000 recorded operations")
    }

    @Test func tooManyOperatorsInOneStatement() {
        let source = "y = 1\nz = y" + String(repeating: " + y", count: 2001)
        #expect(
            firstLineOfError(source, path: "long.txt")
                == "long.txt:2:8007: error: more than 2000 operators in one statement; split it over several statements"
        )
    }
}
