// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "graphviz-grad",
    // macOS 14: Hummingbird 2, the playground's server.
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "graphviz-grad", targets: ["graphviz-grad"]),
        // One import for Swift users: the core, the language, the figure and the pipeline.
        .library(name: "GraphvizGrad", targets: ["GraphvizGrad"]),
        .library(name: "GradCore", targets: ["GradCore"]),
        .library(name: "GradScript", targets: ["GradScript"]),
        .library(name: "GradDOT", targets: ["GradDOT"]),
        .library(name: "GradRender", targets: ["GradRender"]),
        .library(name: "GradPlot", targets: ["GradPlot"]),
        .library(name: "GradServe", targets: ["GradServe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // No default traits: the server needs neither swift-configuration nor full Foundation, and
        // each is minutes more to build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: []),
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
        // The classroom playground's server (`graphviz-grad serve`): HTTP on Hummingbird, each
        // request run by a worker process (`graphviz-grad serve-worker`) from a pool.
        .target(
            name: "GradServe",
            dependencies: [
                "GradScript",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            // The page's sources; the binary carries them as BundledPage.swift
            // (scripts/update-bundled).
            exclude: ["Page"]),
        // The command-line tool: parses options, calls the pipeline, prints.
        .executableTarget(
            name: "graphviz-grad",
            dependencies: [
                "GraphvizGrad",
                "GradServe",
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
        .testTarget(
            name: "GradServeTests",
            dependencies: [
                "GradServe", "graphviz-grad",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        // Runs the built executables as a user would.
        .testTarget(name: "CLITests", dependencies: ["graphviz-grad", "library-example", "GraphvizGrad"]),
    ]
)
