import Testing

@testable import GradCore

@Suite struct ErrorMessageTests {
    func message(_ body: (Tape) throws -> Variable) -> String? {
        do {
            _ = try body(Tape())
            return nil
        } catch {
            return "\(error)"
        }
    }

    func leaf(_ tape: Tape, _ dims: [Int]) throws -> Variable {
        try tape.leaf(Tensor.zeros(Shape(dims)))
    }

    @Test func broadcastErrorsNameTheOpAndBothShapes() {
        #expect(
            message { try leaf($0, [2, 3]) + leaf($0, [4]) }
                == "cannot broadcast shapes (2, 3) and (4,) in 'add'")
        #expect(
            message { try leaf($0, [2, 3]) - leaf($0, [3, 2]) }
                == "cannot broadcast shapes (2, 3) and (3, 2) in 'sub'")
        #expect(
            message { try leaf($0, [5]) * leaf($0, [4]) }
                == "cannot broadcast shapes (5,) and (4,) in 'mul'")
        #expect(
            message { try leaf($0, [2, 1, 3]) / leaf($0, [4, 2]) }
                == "cannot broadcast shapes (2, 1, 3) and (4, 2) in 'div'")
        #expect(
            message { try leaf($0, [2]).pow(leaf($0, [3])) }
                == "cannot broadcast shapes (2,) and (3,) in 'pow'")
        #expect(
            message { try leaf($0, [3]).broadcast(to: [2, 2]) }
                == "broadcast_to: cannot broadcast shape (3,) to (2, 2)")
    }

    @Test func theFrontEndCanRenameTheOp() {
        let error = TensorError.cannotBroadcast([2, 3], [4], op: "add").renamingOp(to: "+")
        #expect(error.description == "cannot broadcast shapes (2, 3) and (4,) in '+'")
    }

    @Test func matmulErrors() {
        #expect(
            message { try leaf($0, [2, 3]).matmul(leaf($0, [2, 3])) }
                == "matmul: shapes (2, 3) and (2, 3) are not aligned: 3 (dim 1) != 2 (dim 0)")
        #expect(
            message { try leaf($0, [3]).matmul(leaf($0, [4])) }
                == "matmul: shapes (3,) and (4,) are not aligned: 3 (dim 0) != 4 (dim 0)")
        #expect(
            message { try leaf($0, [3, 2, 3]).matmul(leaf($0, [4, 3, 5])) }
                == "matmul: the batch dimensions of (3, 2, 3) and (4, 3, 5) cannot be broadcast together"
        )
        #expect(
            message { try leaf($0, []).matmul(leaf($0, [3])) }
                == "matmul: operand 0 is a scalar (shape ()); use '*' to multiply by a number")
    }

    @Test func axisErrors() {
        #expect(
            message { try leaf($0, [2, 3]).sum(axis: 2) }
                == "sum: axis 2 is out of bounds for an array of dimension 2")
        #expect(
            message { try leaf($0, [2, 3]).mean(axis: -3) }
                == "mean: axis -3 is out of bounds for an array of dimension 2")
        #expect(
            message { try leaf($0, []).repeated(2, axis: 0) }
                == "repeat: axis 0 is out of bounds for an array of dimension 0")
        #expect(
            message { try leaf($0, [2]).repeated(-1) }
                == "repeat: the count must not be negative, got -1")
        #expect(
            message { try leaf($0, [2, 3]).transposed(axes: [0]) }
                == "transpose: axes [0] do not match an array of dimension 2")
        #expect(
            message { try leaf($0, [2, 3]).transposed(axes: [1, 1]) }
                == "transpose: repeated axis in [1, 1]")
    }

    @Test func reshapeErrors() {
        #expect(
            message { try leaf($0, [2, 3]).reshaped([4]) }
                == "reshape: cannot reshape array of size 6 into shape (4,)")
        #expect(
            message { try leaf($0, [2, 3]).reshaped([4, -1]) }
                == "reshape: cannot reshape array of size 6 into shape (4, -1)")
        #expect(
            message { try leaf($0, [2, 3]).reshaped([-1, -1]) }
                == "reshape: can only specify one unknown dimension (-1)")
        #expect(
            message { try leaf($0, [2, 3]).reshaped([-2, -3]) }
                == "reshape: negative dimension in (-2, -3)")
    }

    @Test func upstreamMustHaveTheTargetsShape() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor.ones(2, 3))
        #expect(throws: TensorError.upstreamShape([3], target: [2, 3])) {
            try tape.backward(x, upstream: Tensor.ones(3))
        }
        #expect(
            TensorError.upstreamShape([3], target: [2, 3]).description
                == "the upstream gradient has shape (3,), but the target has shape (2, 3)")
    }

    @Test func raggedLiteralsAreRefused() {
        #expect(
            throws: TensorError.invalidArgument(
                "ragged list: element [1] has 1 items where 2 were expected")
        ) {
            try Tensor(nested: [[1, 2], [3]])
        }
        #expect(
            throws: TensorError.invalidArgument(
                "ragged list: element [1] is a number where a list of 2 was expected")
        ) {
            try Tensor(nested: [[1, 2], 3])
        }
        #expect(
            throws: TensorError.invalidArgument(
                "ragged list: element [0][1] is a list where a number was expected")
        ) {
            try Tensor(nested: [[1, [2]], [3, 4]])
        }
    }

    @Test func limitsAreCheckedBeforeAllocating() throws {
        let tape = Tape(limits: Tape.Limits(maxElements: 100, maxNodes: 5))
        let x = try tape.leaf(Tensor.ones(10))
        #expect(throws: TensorError.tooManyElements([20, 10], limit: 100, op: "broadcast_to")) {
            try x.broadcast(to: [20, 10])
        }
        #expect(throws: TensorError.self) { try x.repeated(Int.max, axis: 0) }
        #expect(
            TensorError.tooManyElements([Int.max, 4], limit: 100, op: "zeros").description
                == "zeros: shape (\(Int.max), 4) has more than \(Int.max) elements, over the limit of 100"
        )
        for _ in 0..<4 { _ = try x.exp() }
        #expect(throws: TensorError.tooManyOperations(limit: 5)) { try x.exp() }
        #expect(throws: TensorError.tooManyElements([1000], limit: 100, op: "zeros")) {
            try tape.checkSize(of: [1000], op: "zeros")
        }
    }

    @Test func aProgramsWorkAndMemoryAreBounded() throws {
        // A 10 × 10 product is 1,000 multiply-adds, three times with its backward.
        let tape = Tape(limits: Tape.Limits(maxTotalElements: 1_000, maxWork: 7_000))
        let x = try tape.leaf(Tensor.ones([10, 10]))
        _ = try x.matmul(x)
        _ = try x.matmul(x)
        #expect(throws: TensorError.tooMuchWork(limit: 7_000, op: "matmul")) { try x.matmul(x) }
        #expect(tape.work == 6_000)
        // 100 + 100 + 100 elements so far; a tensor of 800 more passes 1,000 in all.
        #expect(throws: TensorError.tooManyElementsInAll(limit: 1_000, op: "leaf")) {
            try tape.leaf(Tensor.ones([800]))
        }
        #expect(
            TensorError.tooMuchWork(limit: 60_000_000_000, op: "matmul").description
                == "matmul: the program's work, forward and backward, would pass its budget of 60 billion multiply-adds (about 10 seconds); use smaller tensors"
        )
    }
}

@Suite struct EdgeCaseTests {
    @Test func shapesPrintLikeNumPy() {
        #expect(Shape([2, 3]).description == "(2, 3)")
        #expect(Shape([3]).description == "(3,)")
        #expect(Shape([]).description == "()")
    }

    @Test func floatingPointEdgeCasesFollowIEEE() throws {
        let tape = Tape()
        let zero = try tape.leaf(Tensor(0))
        #expect(try zero.log().value.scalar == -.infinity)
        let quotient = try zero / zero
        #expect(quotient.value.scalar.isNaN)
        #expect(try tape.leaf(Tensor(-1)).log().value.scalar.isNaN)
        // The backward of log at 0 is g / 0 = inf; nothing traps.
        #expect(try tape.backward(zero.log()).total(zero)?.scalar == .infinity)
        #expect(try tape.leaf(Tensor.zeros(0, 3)).mean().value.scalar.isNaN)
    }

    @Test func constructors() throws {
        #expect(Tensor.arange(4).scalars == [0, 1, 2, 3])
        #expect(Tensor.arange(0).shape == [0])
        #expect(Tensor.full([2, 2], value: 7).scalars == [7, 7, 7, 7])
        #expect(Tensor.zeros(2, 3).shape == [2, 3])
        #expect(Tensor.ones().shape == [])
        let literal = try Tensor(nested: [[1, 2, 3], [4, 5, 6]])
        #expect(literal.shape == [2, 3])
        #expect(literal[1, 2] == 6)
        #expect(try Tensor(nested: 4.5).shape == [])
    }

    @Test func zeroRepeatsGiveAnEmptyResultAndZeroGradient() throws {
        let tape = Tape()
        let x = try tape.leaf(Tensor.ones(2, 3))
        let y = try x.repeated(0, axis: 1)
        #expect(y.shape == [2, 0])
        #expect(try tape.backward(y).total(x) == Tensor.zeros(2, 3))
    }

    @Test func operationSymbolsAndParameters() {
        #expect(
            Sum(axis: 0, keepdims: true).parameters == [
                OperationParameter("axis", "0"), OperationParameter("keepdims", "true"),
            ])
        #expect(Pow(exponent: 2).symbol == "(·)²")
        #expect(Pow(exponent: 0.5).symbol == "(·)**0.5")
        #expect(Pow(exponent: -1).symbol == "(·)**−1")
        #expect(
            Repeat(7, axis: 0).parameters == [
                OperationParameter("n", "7"), OperationParameter("axis", "0"),
            ])
    }
}
