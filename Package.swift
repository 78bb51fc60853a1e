// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "graphviz-grad",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "graphviz-grad", targets: ["graphviz-grad"]),
        // One import for Swift users: the core, the language, the figure and the pipeline.
        .library(name: "GraphvizGrad", targets: ["GraphvizGrad"]),
        .library(name: "GradCore", targets: ["GradCore"]),
        .library(name: "GradScript", targets: ["GradScript"]),
        .library(name: "GradDOT", targets: ["GradDOT"]),
        .library(name: "GradRender", targets: ["GradRender"]),
        .library(name: "GradPlot", targets: ["GradPlot"]),
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
        // Plots drawn as SVG by hand: loss curves, contours and paths. Pure Swift.
        .target(name: "GradPlot"),
        // Graphviz's C library (libgvc), found with pkg-config.
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]
        ),
        // Renders DOT text in-process through libgvc. The only code that imports the C library.
        .target(name: "GradRender", dependencies: ["CGraphviz"]),
        // The pipeline: load → evaluate → figure → DOT → bytes, for the tool, the tests and Swift
        // users (it re-exports the core, the language and the figure).
        .target(
            name: "GraphvizGrad",
            dependencies: ["GradCore", "GradScript", "GradDOT", "GradPlot", "GradRender"]),
        // The command-line tool: parses options, calls the pipeline, prints.
        .executableTarget(
            name: "graphviz-grad",
            dependencies: [
                "GraphvizGrad",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The program docs/library.md shows, built and run by the tests so the page stays true.
        .executableTarget(name: "library-example", dependencies: ["GraphvizGrad"]),
        .testTarget(name: "GradCoreTests", dependencies: ["GradCore"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "GradScriptTests", dependencies: ["GradScript", "GradCore"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "GradDOTTests", dependencies: ["GradDOT", "GradCore"]),
        .testTarget(name: "GradPlotTests", dependencies: ["GradPlot"]),
        .testTarget(name: "GradRenderTests", dependencies: ["GradRender", "GraphvizGrad"]),
        .testTarget(
            name: "GraphvizGradTests", dependencies: ["GraphvizGrad"], exclude: ["Golden", "Fixtures"]),
        // Runs the built executables as a user would.
        .testTarget(name: "CLITests", dependencies: ["graphviz-grad", "library-example", "GraphvizGrad"]),
    ]
)
