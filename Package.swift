// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "graphviz-grad",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "graphviz-grad", targets: ["graphviz-grad"]),
        .library(name: "GradCore", targets: ["GradCore"]),
        .library(name: "GradScript", targets: ["GradScript"]),
        .library(name: "GradDOT", targets: ["GradDOT"]),
        .library(name: "GradRender", targets: ["GradRender"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The autograd core: tensors, operations, the tape and the backward pass. Pure Swift.
        .target(name: "GradCore"),
        // The expression language: lexer, parser, interpreter, diagnostics. Pure Swift.
        .target(name: "GradScript", dependencies: ["GradCore"]),
        // The figure: builds the graph a figure shows from a tape and writes it as DOT. The only
        // place that escapes text. Pure Swift.
        .target(name: "GradDOT", dependencies: ["GradCore"]),
        // Graphviz's C library (libgvc), found with pkg-config.
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]
        ),
        // Renders DOT text in-process through libgvc. The only code that imports the C library.
        .target(name: "GradRender", dependencies: ["CGraphviz"]),
        // The command-line tool: a thin layer over the libraries.
        .executableTarget(
            name: "graphviz-grad",
            dependencies: [
                "GradCore",
                "GradScript",
                "GradDOT",
                "GradRender",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GradCoreTests", dependencies: ["GradCore"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "GradScriptTests", dependencies: ["GradScript", "GradCore"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "GradDOTTests", dependencies: ["GradDOT", "GradScript", "GradCore"],
            exclude: ["Golden"]),
        .testTarget(
            name: "GradRenderTests",
            dependencies: ["GradRender", "GradDOT", "GradScript", "GradCore"]),
        // Runs the built executable as a user would.
        .testTarget(name: "CLITests", dependencies: ["graphviz-grad"]),
    ]
)
