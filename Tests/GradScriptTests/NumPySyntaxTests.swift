import GradCore
import Testing

@testable import GradScript

/// NumPy as users write it: the parse (as tree dumps) and what each form means.
@Suite struct NumPySyntaxTests {
    func dump(_ source: String) throws -> String {
        try Parser.parse(SourceFile(path: "t.txt", text: source)).dump()
    }

    func run(_ source: String) throws -> Evaluation {
        try Interpreter.run(SourceFile(path: "t.txt", text: source))
    }

    @Test func prefixedCallsMethodsAttributesAndSubscriptsChain() throws {
        #expect(
            try dump("y = np.random.randn(1, D).T[0, ::2].sum(axis=0)") == """
                assign 'y' 1:1-1:48
                  method 'sum' 1:5-1:48
                    subscript 1:5-1:36
                      attribute 'T' 1:5-1:28
                        call 'np.random.randn' 1:5-1:26
                          number 1.0 1:21-1:22
                          name 'D' 1:24-1:25
                      number 0.0 1:29-1:30
                      slice 1:32-1:35
                        step
                          number 2.0 1:34-1:35
                    keyword 'axis' 1:41-1:47
                      number 0.0 1:46-1:47

                """)
    }

    @Test func tuplesAssignmentsAndStatementsOnOneLine() throws {
        #expect(
            try dump(
                "import numpy as np\nD, N = 8, (7,); c += c * 2\nnp.random.seed(3)\nL.backward(g)")
                    == """
                    assign 'D', 'N' 2:1-2:15
                      number 8.0 2:8-2:9
                      tuple 2:11-2:15
                        number 7.0 2:12-2:13
                    assign 'c' += 2:17-2:27
                      binary '*' 2:22-2:27
                        name 'c' 2:22-2:23
                        number 2.0 2:26-2:27
                    seed 3:1-3:18
                      number 3.0 3:16-3:17
                    backward 4:1-4:14
                      name 'L' 4:1-4:2
                      name 'g' 4:12-4:13

                    """)
    }

    @Test func anExpressionOfNumbersAndLiteralsIsALeaf() throws {
        for source in [
            "W = reshape(arange(6), 3, 2)", "W = np.arange(6).reshape(2, 3) / 10",
            "W = zeros(3) + 0.1",
            "W = np.array([[1, 2], [3, 4]]).T[0]",
        ] {
            let evaluation = try run(source + "\ny = sum(W * W)\nbackward y")
            // Its construction is not on the tape: W is node 0, a leaf, and gets a gradient.
            #expect(evaluation.tape.nodes[0].kind.name == "leaf", "\(source)")
            #expect(evaluation.tape.nodes[0].name == "W")
            #expect(evaluation.gradient(of: evaluation.bindings[0]) != nil)
        }
        let w = try run("W = np.arange(6).reshape(2, 3) / 10").bindings[0].variable.value
        #expect(w == Tensor(shape: [2, 3], scalars: [0, 0.1, 0.2, 0.3, 0.4, 0.5]))
    }

    @Test func constantsInsideAnExpressionWithAVariableStayConstants() throws {
        let evaluation = try run("x = [1, 2, 3]\ny = x * (zeros(3) + 0.1)\nbackward y")
        let kinds = evaluation.tape.nodes.map(\.kind.name)
        #expect(kinds == ["leaf", "constant", "mul"])
        #expect(evaluation.tape.nodes[1].value.scalars == [0.1, 0.1, 0.1])
    }

    @Test func namedConstantsGetNoGradient() throws {
        let evaluation = try run(
            "x = [1, 2]\nt = constant([3, 4])\nd = (x * 2).detach()\nL = sum(x * t + d)\nbackward L"
        )
        let byName = Dictionary(uniqueKeysWithValues: evaluation.bindings.map { ($0.name, $0) })
        #expect(byName["t"]!.variable.node.kind.isConstant)
        #expect(byName["d"]!.variable.node.kind.isConstant)
        #expect(evaluation.gradient(of: byName["t"]!) == nil)
        #expect(evaluation.gradient(of: byName["d"]!) == nil)
        #expect(evaluation.gradient(of: byName["x"]!) == Tensor(shape: [2], scalars: [3, 4]))
        #expect(
            EvalReport.json(evaluation).contains(
                "\"t\": {\"shape\": [2], \"value\": [3.0, 4.0], \"grad\": null}"))
    }

    @Test func namesBoundToIntegersServeAsIntegers() throws {
        let evaluation = try run(
            "D, N = 3, 2\nx = randn(N, D)\ny = x[N - 1, ::N].sum(axis=N - 2)\nz = x.repeat(N, axis=0)"
        )
        let shapes = evaluation.bindings.map(\.variable.shape)
        #expect(shapes == [[], [], [2, 3], [], [4, 3]])
    }

    @Test func augmentedAssignmentRebindsANumberAndUpdatesAnArray() throws {
        // A name bound to a number is rebound to the result, recorded, as Python rebinds it.
        let numbers = try run("c = 1.5\nc += c + 1\nc *= 2\nc -= 1\nc /= 2\nc **= 2")
        #expect(numbers.bindings[0].variable.value.scalars == [12.25])
        #expect(numbers.tape.nodes.filter { $0.kind.operation != nil }.count == 6)
        // An array is changed in place (NumPy's meaning): c = ((2(c + (c + 1)) − 1) / 2)², and
        // nothing is recorded.
        let arrays = try run("c = [1., 2.]\nc += c + 1\nc *= 2\nc -= 1\nc /= 2\nc **= 2")
        #expect(arrays.run.finalValues.first { $0.name == "c" }?.value.scalars == [6.25, 20.25])
        #expect(arrays.tape.nodes.allSatisfy { $0.kind.operation == nil })
    }

    @Test func tupleAssignmentComputesEveryValueFirst() throws {
        let evaluation = try run("a, b = 1, 2\na, b = b, a")
        #expect(evaluation.bindings.map(\.variable.value.scalar) == [2, 1])
    }
}
