// The article's branch, z = x · y + x, built from Swift instead of an expression file: the
// computation, its backward pass, its figure, and the figure rendered to SVG.
import Foundation
import GraphvizGrad

// 1. Record the computation on a tape. Leaves receive gradients; operators record operations.
let tape = Tape()
let x = try tape.leaf(Tensor(2), name: "x")
let y = try tape.leaf(Tensor(3), name: "y")
let z = try x * y + x
tape.setName("z", of: z)

// 2. The backward pass: what flowed along every edge, and every node's total.
let gradients = try tape.backward(z)
print("∂z/∂x =", gradients.total(x)!.scalar)  // 3 through ×, 1 through +: 4
print("∂z/∂y =", gradients.total(y)!.scalar)  // 2

// 3. The figure, and its SVG through the pipeline (Graphviz in this process).
let pipeline = Pipeline()
let figure = Figure(
    tape: tape, gradients: gradients, targetName: "z", title: "z = x · y + x",
    options: pipeline.options)
let svg = try pipeline.bytes(of: pipeline.dot(of: figure, for: .svg), as: .svg)
let path = CommandLine.arguments.dropFirst().first ?? "branch.svg"
try OutputFile.writeAtomically(svg, to: path)
print("wrote \(path)")
