import Testing

@testable import GradCore

/// Forward results compared with NumPy's for the rules that are easy to get wrong: reductions
/// over each axis with keepdims, np.repeat (not np.tile), np.matmul's rank rules, broadcasting.
@Suite struct ForwardSemanticsTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        struct Params: Decodable, Sendable {
            let axis: Int?
            let keepdims: Bool?
            let n: Int?
            let axes: [Int]?
            let shape: [Int]?
            let exponent: Double?
            let start: Double?, stop: Double?, step: Double?
        }
        let op: String
        let inputs: [FixtureTensor]
        let params: Params
        let result: FixtureTensor
        var testDescription: String { "\(op)\(inputs.map { Shape($0.shape).description })" }
    }
    struct File: Decodable { let cases: [Case] }

    static let cases: [Case] = (try? loadFixture("forward", as: File.self).cases) ?? []

    @Test func fixtureIsLoaded() { #expect(Self.cases.count > 60) }

    @Test(arguments: cases)
    func matchesNumPy(_ fixture: Case) throws {
        let tape = Tape()
        let inputs = try fixture.inputs.map { try tape.leaf($0.tensor) }
        let p = fixture.params
        let result: Tensor
        switch fixture.op {
        case "sum": result = try inputs[0].sum(axis: p.axis, keepdims: p.keepdims ?? false).value
        case "mean": result = try inputs[0].mean(axis: p.axis, keepdims: p.keepdims ?? false).value
        case "repeat": result = try inputs[0].repeated(p.n!, axis: p.axis).value
        case "matmul": result = try inputs[0].matmul(inputs[1]).value
        case "transpose": result = try inputs[0].transposed(axes: p.axes).value
        case "reshape": result = try inputs[0].reshaped(p.shape!).value
        case "add": result = try (inputs[0] + inputs[1]).value
        case "sub": result = try (inputs[0] - inputs[1]).value
        case "mul": result = try (inputs[0] * inputs[1]).value
        case "div": result = try (inputs[0] / inputs[1]).value
        case "pow":
            result = try (p.exponent.map { try inputs[0].pow($0) } ?? inputs[0].pow(inputs[1]))
                .value
        case "log": result = try inputs[0].log().value
        case "exp": result = try inputs[0].exp().value
        case "neg": result = try (-inputs[0]).value
        case "broadcast_to": result = try inputs[0].broadcast(to: Shape(p.shape!)).value
        case "arange": result = Tensor.arange(p.start!, p.stop!, p.step!)
        default:
            Issue.record("no mapping for fixture op \(fixture.op)")
            return
        }
        let expected = fixture.result.tensor
        #expect(result.shape == expected.shape)
        // Summation order may differ from NumPy's pairwise summation in the last bits.
        #expect(
            isClose(result, expected, absolute: 1e-13, relative: 1e-13), "\(result) vs \(expected)")
    }
}
