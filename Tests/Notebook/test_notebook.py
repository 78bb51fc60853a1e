"""The Jupyter magic and the Python API, tested by executing a real notebook headless.

    python Tests/Notebook/test_notebook.py PATH/TO/graphviz-grad [--save NOTEBOOK.ipynb]

runs with nbclient and ipykernel (from PyPI, in the virtual environment scripts/test makes, with
`pip install ./python`): the figure cell's output is SVG with the figure's numbers, the deck
cell's HTML, the broken cell's the tool's diagnostic and no traceback; `render`, `save` and
`evaluate` from Python; the tool found through GRAPHVIZ_GRAD, and a clear message without it.
"""

import os
import subprocess
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

BRANCH = "x = 2\ny = 3\nz = x * y + x\nbackward z\n"

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def outputs_of(cell):
    """Each output's mime types and texts, by kind."""
    found = {"svg": "", "html": "", "stderr": "", "stdout": "", "error": ""}
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind in ("display_data", "execute_result"):
            data = output.get("data", {})
            found["svg"] += data.get("image/svg+xml", "")
            found["html"] += data.get("text/html", "")
        elif kind == "stream":
            found[output.get("name", "stdout")] += output.get("text", "")
        elif kind == "error":
            found["error"] += output.get("ename", "") + ": " + output.get("evalue", "")
    return found


def main():
    tool = os.path.abspath(sys.argv[1])
    save = sys.argv[sys.argv.index("--save") + 1] if "--save" in sys.argv else None
    os.environ["GRAPHVIZ_GRAD"] = tool
    # The PATH of a machine without the tool: only GRAPHVIZ_GRAD can find it.
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + "/usr/bin:/bin"

    work = tempfile.mkdtemp(prefix="graphviz-grad-notebook-")
    cells = [
        nbformat.v4.new_code_cell("%load_ext graphviz_grad"),
        nbformat.v4.new_code_cell("%%graphviz_grad --explain\n" + BRANCH),
        nbformat.v4.new_code_cell("%%graphviz_grad --steps\n" + BRANCH),
        nbformat.v4.new_code_cell("%%graphviz_grad\nx = 2\ny = x +\nbackward y\n"),
        nbformat.v4.new_code_cell(
            "import graphviz_grad\n"
            "numbers = graphviz_grad.evaluate(%r)\n"
            "print(repr(numbers['variables']['x']['grad']))\n"
            "figure = graphviz_grad.render(%r, explain=True, show='backward')\n"
            "print(figure.format, '3 + 1 = 4' in figure.text)\n"
            "print(figure.save('branch.tex'), open('branch.tex').read().count('tikzpicture'))\n"
            "figure.save('branch.png')\n"
            "print(open('branch.png', 'rb').read(8) == b'\\x89PNG\\r\\n\\x1a\\n')\n"
            "try:\n"
            "    graphviz_grad.render('y = 1 +\\n')\n"
            "except graphviz_grad.GraphvizGradError as error:\n"
            "    print('refused:', error.diagnostic.splitlines()[0])\n" % (BRANCH, BRANCH)
        ),
        nbformat.v4.new_code_cell(
            "graphviz_grad.render('w = np.array([1.0, 2.0])\\nL = sum(w * w)\\nbackward L\\n', quiz=True)"
        ),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": work}}
    )
    client.execute()
    if save:
        nbformat.write(notebook, save)

    figure = outputs_of(notebook.cells[1])
    check("<svg" in figure["svg"], "the figure cell shows image/svg+xml")
    check("∂z/∂x = 3 + 1 = 4" in figure["svg"], "the SVG has the figure's numbers (∂z/∂x = 3 + 1 = 4)")
    check('style="max-width:100%;height:auto"' in figure["svg"], "the SVG scales to the cell's width")
    check(not figure["error"] and not figure["stderr"], "the figure cell has no error")

    deck = outputs_of(notebook.cells[2])
    check("<iframe" in deck["html"] and "gg-counter" in deck["html"], "the deck cell shows text/html: the deck in a frame")
    check(not deck["svg"], "the deck is not shown as a single SVG")

    broken = outputs_of(notebook.cells[3])
    check("cell.py:2:8: error: expected an expression" in broken["stderr"], "the broken cell shows the located diagnostic")
    check("y = x +\n       ^" in broken["stderr"], "with the source line and a caret under the column")
    check(not broken["error"] and "Traceback" not in broken["stderr"], "and no traceback")

    api = outputs_of(notebook.cells[4])
    lines = api["stdout"].splitlines()
    check(not api["error"], "the Python API cell runs: " + api["error"])
    check(len(lines) >= 5, "the Python API cell prints five lines")
    if len(lines) >= 5:
        check(lines[0] in ("4.0", "array(4.)"), "evaluate gives x's gradient 4: " + lines[0])
        check(lines[1] == "svg True", "render gives SVG with the derivation: " + lines[1])
        check(lines[2] == "branch.tex 2", "save writes TikZ by the extension: " + lines[2])
        check(lines[3] == "True", "save writes PNG by the extension")
        check(lines[4].startswith("refused: cell.py:1:8: error"), "a bad file raises GraphvizGradError: " + lines[4])

    quiz = outputs_of(notebook.cells[5])
    check("[1]" in quiz["svg"] and "∂L/∂w" in quiz["svg"], "a quiz renders with its blanks")
    # w = [1, 2]: the gradient 2w = [2, 4] is an answer, in no text or tooltip.
    check("[2. 4.]" not in quiz["svg"], "the quiz's answers are blanked")

    # Without GRAPHVIZ_GRAD or the tool on PATH, a message says how to install it.
    environment = dict(os.environ)
    environment.pop("GRAPHVIZ_GRAD")
    message = subprocess.run(
        [sys.executable, "-c", "import graphviz_grad\ntry:\n    graphviz_grad.render('x = 1\\n')\nexcept graphviz_grad.ToolNotFound as e:\n    print(e)"],
        env=environment, capture_output=True, text=True,
    ).stdout
    check("graphviz-grad is not installed" in message and "GRAPHVIZ_GRAD" in message, "without the tool: " + message.strip())
    environment["GRAPHVIZ_GRAD"] = "/nonexistent/graphviz-grad"
    message = subprocess.run(
        [sys.executable, "-c", "import graphviz_grad\ntry:\n    graphviz_grad.render('x = 1\\n')\nexcept graphviz_grad.ToolNotFound as e:\n    print(e)"],
        env=environment, capture_output=True, text=True,
    ).stdout
    check("/nonexistent/graphviz-grad" in message and "not an executable" in message, "a wrong GRAPHVIZ_GRAD is named: " + message.strip())

    print("%d notebook check(s) failed" % len(failures) if failures else "notebook: all checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
