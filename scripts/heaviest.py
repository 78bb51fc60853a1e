"""The heaviest inputs the tool accepts, and some just past its limits (issue 13): each is
written to a folder, run through the release binary, and measured (wall time and peak memory,
from /usr/bin/time). Run by scripts/heaviest; prints a Markdown table.

Each case is at or near one limit of docs/language.md, or a shape that once took minutes
(issue 18 added the costs that grew with the square of the input: decks and frames of long
chains, did-you-mean on a huge name, statements on one line, check of many leaves, caps).
"""

import os
import subprocess
import sys
import tempfile


def terms(count, term, joiner=" + "):
    return joiner.join([term] * count)


def parallel_chains(chains, steps):
    sums = " + 1" * steps
    lines = "".join(f"y{i} = x{sums}\n" for i in range(chains))
    return "x = 2.0\n" + lines + "backward " + " + ".join(f"y{i}" for i in range(chains)) + "\n"


CASES = [
    # (name, command, program, what it shows)
    ("matmul 2500", "eval", "x = randn(2500, 2500)\ny = x @ x\nbackward sum(y)\n",
     "the heaviest matrix product inside the work budget"),
    ("matmul 3000", "eval", "x = randn(3000, 3000)\ny = x @ x\nbackward sum(y)\n",
     "refused at its @ (work budget)"),
    ("40 steps of 9M", "eval",
     "x = randn(3000, 3000)\n" + "".join("x = x * 1.0001\n" for _ in range(40)) + "backward sum(x)\n",
     "refused at the 7th (60M elements in all)"),
    ("list of 1M numbers", "render",
     "x = [" + ", ".join(f"{i % 97 / 7:.5f}" for i in range(1_000_000)) + "]\ny = sum(x * x)\nbackward y\n",
     "a 9 MB file, parsed and drawn"),
    ("255 nested minus", "render", "x = 2.0\ny = " + "-" * 255 + " x\nbackward y\n",
     "the deepest nesting"),
    ("2,000 operators", "render", "x = 2.0\ny = x" + " + 1" * 1999 + "\nbackward y\n",
     "the most operators in one statement"),
    ("chain of 2,400", "render", "x = 1.0\nh = x\n" + "h = h + 1\n" * 2400 + "backward h\n",
     "a long chain of statements"),
    ("10 chains of 475", "render", parallel_chains(10, 475),
     "parallel chains near the node limit"),
    ("3 chains of 1,600", "render", parallel_chains(3, 1600), "the same, longer"),
    ("fan of 100", "render", "x = 2.0\ny = " + terms(100, "x * 2") + "\nbackward y\n",
     "the most tangled figure accepted"),
    ("fan of 300", "render", "x = 2.0\ny = " + terms(300, "x * 2") + "\nbackward y\n",
     "refused before Graphviz (too tangled)"),
    ("ladder of 100", "render", "x = 1.0\nh = x\n" + "h = h * x\n" * 100 + "backward h\n",
     "one leaf used by 100 steps"),
    # Issue 18: costs that grew with the square of the input, and the caps.
    ("deck of a 2,400-step chain", "render", "x = 0.5\ny = x\n" + "y = y * 1.01\n" * 2400 + "backward y\n",
     "4,801 frames in one page", ["--steps", "-o", "{out}.html"]),
    ("frames of a 1,200-step chain", "render", "x = 0.5\ny = x\n" + "y = y * 1.01\n" * 1200 + "backward y\n",
     "refused: a folder gets at most 401 frames", ["--steps", "-o", "{out}-frames/"]),
    ("unknown name of 30,000 characters", "eval", "x = 1\ny = " + "a" * 30000 + " + x\n",
     "refused: a name has at most 200 characters"),
    ("unknown name of 190 characters", "eval", "x = 1\ny = " + "a" * 190 + " + x\n",
     "did-you-mean at the longest name"),
    ("99,990 statements on one line", "eval", "; ".join(f"a{i} = 1" for i in range(99990)) + "\n",
     "as fast as one a line"),
    ("check of 2,000 scalar leaves", "check",
     "".join(f"a{i} = {i % 7}.5\n" for i in range(2000))
     + "t = " + " + ".join(f"a{i}" for i in range(1000)) + "\n"
     + "t = t + " + " + ".join(f"a{i}" for i in range(1000, 2000)) + "\nbackward t\n",
     "checked by replaying the pass (issue 19)"),
    ("check of 20,000 scalar leaves", "check",
     "".join(f"a{i} = {i % 7}.5\n" for i in range(20000))
     + "t = " + " + ".join(f"a{i}" for i in range(1000)) + "\n"
     + "".join("t = t + " + " + ".join(f"a{i}" for i in range(c * 1000, (c + 1) * 1000)) + "\n"
               for c in range(1, 20)) + "backward t\n",
     "refused: over the work budget"),
    ("check of 600 scalar leaves", "check",
     "".join(f"a{i} = {i % 7}.5\n" for i in range(600))
     + "t = " + " + ".join(f"a{i}" for i in range(600)) + "\nbackward t\n",
     "the heaviest check of its kind"),
    ("eval --json of 9M elements", "eval", "x = zeros(3000, 3000)\ny = sum(x)\nbackward y\n",
     "refused before writing (10M numbers)", ["--json"]),
    ("answer nested 20,000 deep", "grade", "x = 2\ny = x * 3\nbackward y\n",
     "refused at depth 256", ["{sheet}"], "1: " + "[" * 20000 + "1" + "]" * 20000 + "\n"),
    ("RNN, 30 steps", "render",
     "seed 0\nW = randn(3, 3) * 0.5\nU = randn(3, 2)\nh = zeros(3)\n"
     + "".join(f"x{i} = randn(2)\nh = tanh(W @ h + U @ x{i})\n" for i in range(30))
     + "L = sum(h)\nbackward L\n",
     "a shared weight across a long unrolled network"),
    # Issue 19: training runs, bounded over all their passes.
    ("10,000,000 loop iterations", "eval", "for i in range(10000000):\n    pass\n",
     "the most iterations in all"),
    ("for i in range(10**12)", "eval", "for i in range(10**12):\n    pass\n",
     "refused at the for, before it runs"),
    ("990,000 passes", "eval",
     "w = 1.0\nfor i in range(990000):\n    loss = w * w\n    w.cleargrad()\n    loss.backward()\n"
     "    w.data -= 0.000001 * w.grad\n",
     "1,980,000 operations: near the 2,000,000 of a run"),
    ("1,100,000 passes", "eval",
     "w = 1.0\nfor i in range(1100000):\n    loss = w * w\n    w.cleargrad()\n    loss.backward()\n"
     "    w.data -= 0.000001 * w.grad\n",
     "refused at the backward past 2,000,000 operations"),
    ("step 43, 10,000 iterations", "eval",
     open(os.path.join(os.path.dirname(__file__), "..", "samples", "train", "sine-network.py")).read(),
     "DeZero's sine network (samples/train)"),
    ("recursion without an end", "eval", "def f(n):\n    return f(n + 1)\nx = f(1)\n",
     "refused at 100 calls deep"),
]


def main():
    binary = sys.argv[1]
    folder = tempfile.mkdtemp(prefix="heaviest-")
    print("| input | command | exit | time (s) | peak memory (MB) | what it shows |")
    print("|---|---|---|---|---|---|")
    for index, case in enumerate(CASES):
        name, command, program, note = case[:4]
        extra = case[4] if len(case) > 4 else None
        sheet_text = case[5] if len(case) > 5 else None
        path = os.path.join(folder, f"case{index}.txt")
        with open(path, "w", encoding="utf-8") as file:
            file.write(program)
        sheet = os.path.join(folder, f"case{index}-answers.txt")
        if sheet_text is not None:
            with open(sheet, "w", encoding="utf-8") as file:
                file.write(sheet_text)
        arguments = [binary, command, path]
        out = os.path.join(folder, f"case{index}")
        if extra is not None:
            arguments += [a.replace("{out}", out).replace("{sheet}", sheet) for a in extra]
        elif command == "render":
            arguments += ["-o", out + ".svg"]
        timing = os.path.join(folder, "time.txt")
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", timing] + arguments,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        with open(timing, encoding="utf-8") as file:
            seconds, kilobytes = file.read().split()[-2:]
        print(f"| {name} | {command} | {result.returncode} | {float(seconds):.2f} "
              f"| {int(kilobytes) / 1024:.0f} | {note} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
