"""The peers' side of scripts/bench, the same work graphviz-grad does in its benchmarks:

    bench_peers.py micrograd OUTDIR   the 300-step chain y = y * 1.01 + 0.1 in micrograd, backward,
                                      and its graph drawn as micrograd's notebook does (a record
                                      node per value with data and grad, a node per operation),
                                      rendered to SVG by the `dot` program
    bench_peers.py dezero OUTDIR      the benchmark's two-layer sigmoid network in DeZero,
                                      backward, and DeZero's own plot_dot_graph (PNG via `dot`)
"""
import os
import sys

import numpy as np


def micrograd_chain(out):
    import graphviz
    from micrograd.engine import Value

    y = x = Value(0.5)
    for _ in range(300):
        y = y * 1.01 + 0.1
    y.backward()
    nodes, edges, stack = [], [], [y]
    seen = set()
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        nodes.append(value)
        for child in value._prev:
            edges.append((child, value))
            stack.append(child)
    graph = graphviz.Digraph(format="svg", graph_attr={"rankdir": "LR"})
    for value in nodes:
        name = str(id(value))
        graph.node(name, label="{ data %.4f | grad %.4f }" % (value.data, value.grad), shape="record")
        if value._op:
            graph.node(name + value._op, label=value._op)
            graph.edge(name + value._op, name)
    for child, parent in edges:
        graph.edge(str(id(child)), str(id(parent)) + parent._op)
    graph.render(os.path.join(out, "chain"), cleanup=True)
    assert x.grad != 0


def dezero_mlp(out):
    import dezero.functions as F
    from dezero import Variable
    from dezero.utils import plot_dot_graph

    np.random.seed(0)
    x = Variable(np.random.randn(4, 3))
    W1 = Variable(np.random.randn(3, 8))
    b1 = Variable(np.random.randn(8))
    W2 = Variable(np.random.randn(8, 1))
    b2 = Variable(np.random.randn(1))
    t = np.random.randn(4, 1)
    h = 1 / (1 + F.exp(-(F.matmul(x, W1) + b1)))
    y = F.matmul(h, W2) + b2
    loss = F.sum((y - t) ** 2) / 4
    loss.backward()
    plot_dot_graph(loss, verbose=True, to_file=os.path.join(out, "mlp.png"))


if __name__ == "__main__":
    which, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    {"micrograd": micrograd_chain, "dezero": dezero_mlp}[which](out)
