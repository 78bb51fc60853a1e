"""The benchmark suite behind scripts/bench: each ratio of issue 12 measured in one run, side by
side, as a Markdown table (printed, and written to the file given with --out).

Every ratio compares medians of paired runs made in the same loop (tool, yardstick, tool,
yardstick, ...), so that the machine's drift falls on both. Peak memory is the maximum resident
set size that /usr/bin/time reports. The peers (micrograd with a draw_dot and DeZero's
plot_dot_graph) are measured when their Python packages are installed (scripts/bench --peers).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "..", "shared", "bench")


def run(command, **kwargs):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def seconds(command, **kwargs):
    start = time.perf_counter()
    run(command, **kwargs)
    return time.perf_counter() - start


def dezero_command(python):
    """A Python that imports DeZero, and the environment it needs: the peers' venv, or the
    fixtures' venv with the book's repository on PYTHONPATH."""
    if subprocess.run([python, "-c", "import dezero"], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode == 0:
        return python, None
    venv = os.path.join(ROOT, ".build", "fixtures-venv", "bin", "python")
    repository = os.path.join(ROOT, ".build", "dezero-repo")
    if os.path.exists(venv) and os.path.isdir(os.path.join(repository, "dezero")):
        return venv, dict(os.environ, PYTHONPATH=repository)
    return None


def paired(first, second, repeats, second_environment=None):
    """Medians of `repeats` alternating runs of two commands (lists, or callables)."""
    a, b = [], []
    for _ in range(repeats):
        a.append(first() if callable(first) else seconds(first))
        b.append(second() if callable(second) else seconds(second, env=second_environment))
    return statistics.median(a), statistics.median(b)


def peak_kib(command):
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, check=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(result.stderr.strip().splitlines()[-1])


def training(tool, python, repeats, work, row):
    # Training (issue 19): DeZero's step 43, a 1 → 10 → 1 sigmoid network on a noisy sine,
    # 10,000 iterations, as samples/train/sine-network.py writes it; against DeZero running the
    # same file, and against the same training written by hand in NumPy.
    sine = os.path.join(ROOT, "samples", "train", "sine-network.py")
    by_hand = os.path.join(ROOT, "scripts", "bench_step43_numpy.py")
    ours, numpy_time = paired([tool, "eval", sine, "--output-only"], [python, by_hand], max(3, repeats // 3))
    row("step 43, 10,000 iterations / the same in NumPy by hand", ours, numpy_time, lambda r: r <= 1)
    dezero = dezero_command(python)
    if dezero:
        dezero_python, environment = dezero
        ours, theirs = paired([tool, "eval", sine, "--output-only"], [dezero_python, sine], max(3, repeats // 3),
                              second_environment=environment)
        row("step 43, 10,000 iterations / DeZero", ours, theirs, lambda r: r <= 0.25)
    else:
        print("training: DeZero is not installed (scripts/bench --peers, or "
              "scripts/fixtures/make_training_fixtures.py); skipped", flush=True)
    short = os.path.join(work, "sine-100.py")
    with open(sine) as source, open(short, "w") as out:
        out.write(source.read().replace("range(10000)", "range(100)"))
    long_peak = statistics.median(peak_kib([tool, "eval", sine, "--output-only"]) for _ in range(3))
    short_peak = statistics.median(peak_kib([tool, "eval", short, "--output-only"]) for _ in range(3))
    row("step 43's peak memory, 10,000 iterations / 100", long_peak / 1024, short_peak / 1024,
        lambda r: r <= 1.2, "MiB")
    # Training figures (issue 20): the deck of a run against one figure of the same file, and
    # step 28's contour plot (the loss replayed on a 200 × 200 grid) against its budget of 1 s.
    regression = os.path.join(ROOT, "samples", "train", "linear-regression.py")
    deck = os.path.join(work, "run.html")
    figure = os.path.join(work, "figure.svg")
    ours, one = paired([tool, "render", regression, "--passes", "-o", deck],
                       [tool, "render", regression, "-o", figure], max(3, repeats // 3))
    row("run deck of 40 passes (linear regression) / one figure of it", ours, one, lambda r: r <= 2)
    sine_deck = os.path.join(work, "sine-run.html")
    ours, one = paired([tool, "render", sine, "--passes", "-o", sine_deck],
                       [tool, "render", sine, "-o", figure], max(3, repeats // 5))
    row("run deck of 40 of step 43's 10,000 passes / one figure of it", ours, one, lambda r: r <= 2)
    rosenbrock = os.path.join(ROOT, "samples", "train", "rosenbrock.py")
    contour = os.path.join(work, "path.svg")
    times = [seconds([tool, "plot", rosenbrock, "--path", "x0", "x1", "--grid", "200", "-o", contour])
             for _ in range(max(3, repeats // 3))]
    row("step 28's path on a 200 × 200 contour (1,000 passes run too) / 1 s", statistics.median(times), 1.0,
        lambda r: r <= 1)



def formats(tool, repeats, work, row):
    # Output formats (issue 21): a TikZ figure against the SVG of the same file (both one
    # Graphviz layout; TikZ reads it from Graphviz's JSON), and a Beamer deck of steps against
    # the HTML deck.
    two_layer = os.path.join(ROOT, "samples", "two-layer.txt")
    tex = os.path.join(work, "figure.tex")
    svg = os.path.join(work, "figure.svg")
    ours, theirs = paired([tool, "render", two_layer, "--explain", "-o", tex],
                          [tool, "render", two_layer, "--explain", "-o", svg], repeats)
    row("two-layer as TikZ / as SVG", ours, theirs, lambda r: r <= 1.5)
    beamer = os.path.join(work, "deck.tex")
    page = os.path.join(work, "deck.html")
    ours, theirs = paired([tool, "render", two_layer, "--steps", "-o", beamer],
                          [tool, "render", two_layer, "--steps", "-o", page], repeats)
    row("two-layer's step deck as Beamer / as HTML", ours, theirs, lambda r: r <= 1.5)


def serve_table(tool, seconds=5):
    """The playground's load table: requests/s and p50/p99 latency at 1, 8 and 64 connections
    for the branch and two-layer samples, beside a loop of one render process per figure
    (Tests/Load/load.py; goal: 3× the loop's figures per second)."""
    print("serve: graphviz-grad serve on loopback against a loop of `render` processes", flush=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "Tests", "Load", "load.py"), tool, "table",
                    str(seconds)], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tool")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--out")
    parser.add_argument("--training", action="store_true", help="only the training rows")
    parser.add_argument("--formats", action="store_true", help="only the output formats' rows")
    parser.add_argument("--serve", action="store_true",
                        help="only the playground's load table (graphviz-grad serve on loopback)")
    parser.add_argument("--python", default=sys.executable,
                        help="the Python with numpy (and the peers) for the yardsticks")
    arguments = parser.parse_args()
    tool = arguments.tool
    repeats = arguments.repeats
    work = tempfile.mkdtemp(prefix="graphviz-grad-bench-")
    rows = []

    def row(name, tool_value, other_value, goal, unit="s"):
        ratio = tool_value / other_value
        met = "yes" if goal(ratio) else "no"
        rows.append((name, f"{tool_value:.3f} {unit}", f"{other_value:.3f} {unit}", f"{ratio:.2f}×", met))
        print(f"{name}: {ratio:.2f}× ({tool_value:.3f} / {other_value:.3f} {unit})", flush=True)

    if arguments.serve:
        serve_table(tool)
        return
    if arguments.training or arguments.formats:
        (training(tool, arguments.python, repeats, work, row) if arguments.training
         else formats(tool, repeats, work, row))
        for name, a, b, ratio, met in rows:
            print(f"| {name} | {a} | {b} | {ratio} | {met} |")
        return

    sample = os.path.join(ROOT, "samples", "matmul.txt")
    small_dot = os.path.join(work, "matmul.dot")
    run([tool, "render", sample, "-o", small_dot])
    out_svg = os.path.join(work, "out.svg")
    ours, dot = paired([tool, "render", sample, "-o", out_svg], ["dot", "-Tsvg", small_dot, "-o", out_svg], repeats)
    row("small figure (matmul sample) / dot -Tsvg on its DOT", ours, dot, lambda r: r <= 1.15)
    memory_ours = statistics.median(peak_kib([tool, "render", sample, "-o", out_svg]) for _ in range(5))
    memory_dot = statistics.median(peak_kib(["dot", "-Tsvg", small_dot, "-o", out_svg]) for _ in range(5))
    row("its peak memory / dot's", memory_ours / 1024, memory_dot / 1024, lambda r: r <= 1.2, "MiB")

    chain = os.path.join(BENCH, "chain300.txt")
    ours, dot = paired([tool, "render", chain, "-o", out_svg],
                       ["dot", "-Tsvg", os.path.join(BENCH, "chain300-reference.dot"), "-o", out_svg], repeats)
    row("300-step chain / dot -Tsvg on the frozen reference DOT", ours, dot, lambda r: r <= 0.35)

    peers = os.path.join(ROOT, "scripts", "bench_peers.py")
    have_peers = subprocess.run([arguments.python, "-c", "import micrograd, dezero, graphviz"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if have_peers:
        ours, theirs = paired([tool, "render", chain, "-o", out_svg],
                              [arguments.python, peers, "micrograd", os.path.join(work, "micrograd")], repeats)
        row("300-step chain / micrograd + draw_dot", ours, theirs, lambda r: r <= 1 / 3)
        mlp = os.path.join(BENCH, "mlp.txt")
        ours, theirs = paired([tool, "render", mlp, "-o", out_svg],
                              [arguments.python, peers, "dezero", os.path.join(work, "dezero")], repeats)
        row("two-layer MLP / DeZero's plot_dot_graph", ours, theirs, lambda r: r <= 0.04)
    else:
        print("peers: micrograd, dezero and graphviz are not installed for", arguments.python,
              "(scripts/bench --peers installs them); skipped", flush=True)

    matmul = os.path.join(BENCH, "matmul1000.txt")
    numpy_products = ("import numpy as np; np.random.seed(0); x = np.random.randn(1000, 1000); "
                      "y = x @ x; g = np.ones_like(y); gx = g @ x.T + x.T @ g")
    ours, numpy = paired([tool, "eval", matmul], [arguments.python, "-c", numpy_products], max(3, repeats // 3))
    row("eval x @ x with backward, 1000×1000 / NumPy's three products", ours, numpy, lambda r: r <= 3)

    long_chain = os.path.join(work, "chain1240.txt")
    with open(long_chain, "w") as file:
        file.write("x = 0.5\ny = x\n" + "y = y * 1.01 + 0.1\n" * 1240 + "backward y\n")
    big = statistics.median(seconds([tool, "render", long_chain, "-o", out_svg]) for _ in range(3))
    rows.append(("4,963-node figure (1,240-step chain)", f"{big:.2f} s", "goal 8 s", "", "yes" if big <= 8 else "no"))
    print(f"4,963-node figure: {big:.2f} s", flush=True)

    two_layer = os.path.join(ROOT, "samples", "two-layer.txt")
    ours, one = paired([tool, "render", two_layer, "--steps", "-o", os.path.join(work, "deck.html")],
                       [tool, "render", two_layer, "-o", out_svg], repeats)
    row("two-layer step deck / the one figure", ours, one, lambda r: r <= 1.5)

    # PNG step frames (issue 17): drawn by one process per core, against as many single PNGs.
    batch = os.path.join(ROOT, "Tests", "GraphvizGradTests", "Fixtures", "slides", "batch-of-eight.txt")
    frames_dir = os.path.join(work, "png-frames") + "/"
    run([tool, "render", batch, "--steps", "-o", frames_dir, "--format", "png"])
    frame_count = len(os.listdir(frames_dir))
    out_png = os.path.join(work, "out.png")
    ours, one = paired([tool, "render", batch, "--steps", "-o", frames_dir, "--format", "png"],
                       [tool, "render", batch, "-o", out_png], max(3, repeats // 3))
    row(f"{frame_count} PNG step frames of a batch-8 MLP / {frame_count} × its one PNG", ours, one * frame_count,
        lambda r: r <= 0.6)

    samples = sorted(os.path.join(ROOT, "samples", name) for name in os.listdir(os.path.join(ROOT, "samples"))
                     if name.endswith(".txt"))
    dots = os.path.join(work, "dots")
    run([tool, "render", *samples, "-o", dots + "/", "--format", "dot"])
    dot_files = sorted(os.path.join(dots, name) for name in os.listdir(dots))
    svgs = os.path.join(work, "svgs") + "/"

    def each_dot():
        start = time.perf_counter()
        for file in dot_files:
            run(["dot", "-Tsvg", file, "-o", out_svg])
        return time.perf_counter() - start

    ours, dots_time = paired([tool, "render", *samples, "-o", svgs], each_dot, max(3, repeats // 3))
    row(f"all {len(samples)} samples in one call / one dot per sample", ours, dots_time, lambda r: r <= 0.3)

    training(tool, arguments.python, repeats, work, row)
    formats(tool, repeats, work, row)

    machine = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cores = os.cpu_count()
    table = ["| work | graphviz-grad | yardstick | ratio | goal met |", "|---|---:|---:|---:|:---:|"]
    table += [f"| {name} | {a} | {b} | {ratio} | {met} |" for name, a, b, ratio, met in rows]
    text = "\n".join(table) + f"\n\nMeasured {time.strftime('%Y-%m-%d')} on {machine}, {cores} cores; " \
        f"medians of {repeats} paired runs.\n"
    print()
    print(text)
    if arguments.out:
        with open(arguments.out, "w") as file:
            file.write(text)
    serve_table(tool)


if __name__ == "__main__":
    main()
