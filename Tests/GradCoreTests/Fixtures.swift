import Foundation

@testable import GradCore

/// A tensor as the fixture scripts write it: a shape and repr() strings that round-trip exactly.
struct FixtureTensor: Decodable {
    let shape: [Int]
    let values: [String]

    var tensor: Tensor {
        Tensor(shape: Shape(shape), scalars: values.map { Double($0)! })
    }
}

/// Loads `Fixtures/NAME.json`, written by `scripts/fixtures/make_core_fixtures.py` with NumPy.
func loadFixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    guard
        let url = Bundle.module.url(
            forResource: name, withExtension: "json", subdirectory: "Fixtures")
    else {
        throw FixtureMissing(name: name)
    }
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

struct FixtureMissing: Error { let name: String }

/// Whether two tensors have the same shape and agree within an absolute and relative tolerance.
func isClose(_ a: Tensor, _ b: Tensor, absolute: Double = 1e-12, relative: Double = 1e-12) -> Bool {
    a.shape == b.shape
        && zip(a.scalars, b.scalars).allSatisfy { x, y in
            x == y || abs(x - y) <= absolute + relative * abs(y) || (x.isNaN && y.isNaN)
        }
}
