import Testing

@testable import GradScript

/// The parse of a program, dumped as the whole tree with source ranges.
@Suite struct ParserTests {
    func dump(_ source: String) throws -> String {
        try Parser.parse(SourceFile(path: "t.txt", text: source)).dump()
    }

    @Test func unaryMinusBindsLooserThanPower() throws {
        #expect(
            try dump("y = -x ** 2") == """
                assign 'y' 1:1-1:12
                  negate 1:5-1:12
                    binary '**' 1:6-1:12
                      name 'x' 1:6-1:7
                      number 2.0 1:11-1:12

                """)
    }

    @Test func subtractionIsLeftAssociative() throws {
        #expect(
            try dump("y = a - b - c") == """
                assign 'y' 1:1-1:14
                  binary '-' 1:5-1:14
                    binary '-' 1:5-1:10
                      name 'a' 1:5-1:6
                      name 'b' 1:9-1:10
                    name 'c' 1:13-1:14

                """)
    }

    @Test func matmulAndMultiplyShareALevel() throws {
        #expect(
            try dump("y = a @ b * c") == """
                assign 'y' 1:1-1:14
                  binary '*' 1:5-1:14
                    binary '@' 1:5-1:10
                      name 'a' 1:5-1:6
                      name 'b' 1:9-1:10
                    name 'c' 1:13-1:14

                """)
    }

    @Test func powerIsRightAssociative() throws {
        #expect(
            try dump("y = 2 ** 3 ** 2") == """
                assign 'y' 1:1-1:16
                  binary '**' 1:5-1:16
                    number 2.0 1:5-1:6
                    binary '**' 1:10-1:16
                      number 3.0 1:10-1:11
                      number 2.0 1:15-1:16

                """)
    }

    @Test func negativeExponentAndFoldedNegativeNumbers() throws {
        #expect(
            try dump("y = 2 ** -1 * -0.5") == """
                assign 'y' 1:1-1:19
                  binary '*' 1:5-1:19
                    binary '**' 1:5-1:12
                      number 2.0 1:5-1:6
                      number -1.0 1:10-1:12
                    number -0.5 1:15-1:19

                """)
        // Python: -2 ** 2 is -(2 ** 2).
        #expect(try dump("y = -2 ** 2").contains("negate"))
    }

    @Test func additionBindsLooserThanMultiplication() throws {
        #expect(
            try dump("y = a + b * c") == """
                assign 'y' 1:1-1:14
                  binary '+' 1:5-1:14
                    name 'a' 1:5-1:6
                    binary '*' 1:9-1:14
                      name 'b' 1:9-1:10
                      name 'c' 1:13-1:14

                """)
    }

    @Test func callsWithKeywordsAndStatements() throws {
        #expect(
            try dump(
                "seed 3\ns = sum(x, 0, keepdims=true)  # comment\n\nbackward s, ones(3)\ntitle \"a \\\"q\\\" \\\\ b\""
            ) == """
                seed 1:1-1:7
                  number 3.0 1:6-1:7
                assign 's' 2:1-2:29
                  call 'sum' 2:5-2:29
                    name 'x' 2:9-2:10
                    number 0.0 2:12-2:13
                    keyword 'keepdims' 2:15-2:28
                      boolean true 2:24-2:28
                backward 4:1-4:20
                  name 's' 4:10-4:11
                  call 'ones' 4:13-4:20
                    number 3.0 4:18-4:19
                title "a "q" \\ b" 5:1-5:21

                """)
    }

    @Test func listsMaySpanLinesAndNamesMayBeAnyScript() throws {
        #expect(
            try dump("输入 = [[1, 2],\n      [3, -4]]\nθ_1 = 输入") == """
                assign '输入' 1:1-2:15
                  list 1:6-2:15
                    list 1:7-1:13
                      number 1.0 1:8-1:9
                      number 2.0 1:11-1:12
                    list 2:7-2:14
                      number 3.0 2:8-2:9
                      number -4.0 2:11-2:13
                assign 'θ_1' 3:1-3:9
                  name '输入' 3:7-3:9

                """)
    }

    @Test func numbersInEveryForm() throws {
        #expect(try dump("y = 1e-3 + .5 + 2. + 1E+2").contains("number 0.001"))
        #expect(try dump("y = 1e-3 + .5 + 2. + 1E+2").contains("number 100.0"))
    }
}
