// swift-tools-version: 6.0
// libFuzzer targets (issue 13), a package of their own so that the main build never links them.
// Build and run with scripts/fuzz.
import PackageDescription

let package = Package(
    name: "graphviz-grad-fuzz",
    // scripts/fuzz links .build/graphviz-grad to the repository, so its package has that name.
    dependencies: [.package(path: "../.build/graphviz-grad")],
    targets: [
        // libFuzzer's driver, called from each target's main, and the figure both targets make.
        .target(
            name: "FuzzDriver",
            dependencies: [.product(name: "GraphvizGrad", package: "graphviz-grad")]),
        // Bytes → lexer → parser (and its tree written back and parsed again) → interpreter (with
        // small limits) → figure → DOT and its escaping.
        .executableTarget(
            name: "FuzzSource",
            dependencies: ["FuzzDriver", .product(name: "GraphvizGrad", package: "graphviz-grad")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        // Bytes as an answer sheet for a fixed quiz, read and marked as `grade` does.
        .executableTarget(
            name: "FuzzSheet",
            dependencies: ["FuzzDriver", .product(name: "GraphvizGrad", package: "graphviz-grad")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        // The same, then Graphviz reads the DOT (agmemread): the nodes and edges written.
        .executableTarget(
            name: "FuzzDOT",
            dependencies: ["FuzzDriver", .product(name: "GraphvizGrad", package: "graphviz-grad")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
