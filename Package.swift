// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "graphviz-grad",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "graphviz-grad", targets: ["graphviz-grad"]),
        .library(name: "GradCore", targets: ["GradCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The autograd core: tensors, operations, the tape and the backward pass. Pure Swift.
        .target(name: "GradCore"),
        // The command-line tool: a thin layer over the libraries.
        .executableTarget(
            name: "graphviz-grad",
            dependencies: [
                "GradCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GradCoreTests", dependencies: ["GradCore"], resources: [.copy("Fixtures")]),
    ]
)
