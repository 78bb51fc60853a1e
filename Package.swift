// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "graphviz-grad",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "graphviz-grad", targets: ["graphviz-grad"]),
        .library(name: "GradCore", targets: ["GradCore"]),
        .library(name: "GradScript", targets: ["GradScript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The autograd core: tensors, operations, the tape and the backward pass. Pure Swift.
        .target(name: "GradCore"),
        // The expression language: lexer, parser, interpreter, diagnostics. Pure Swift.
        .target(name: "GradScript", dependencies: ["GradCore"]),
        // The command-line tool: a thin layer over the libraries.
        .executableTarget(
            name: "graphviz-grad",
            dependencies: [
                "GradCore",
                "GradScript",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GradCoreTests", dependencies: ["GradCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GradScriptTests", dependencies: ["GradScript", "GradCore"], resources: [.copy("Fixtures")]),
        // Runs the built executable as a user would.
        .testTarget(name: "CLITests", dependencies: ["graphviz-grad"]),
    ]
)
