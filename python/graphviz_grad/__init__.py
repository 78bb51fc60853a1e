"""graphviz-grad from Python and Jupyter.

``render(source, **options)`` draws an expression file's computation graph with its values and
gradients; ``evaluate(source)`` gives its numbers; ``%load_ext graphviz_grad`` adds the
``%%graphviz_grad`` cell magic. Each runs the ``graphviz-grad`` tool, found through the
``GRAPHVIZ_GRAD`` environment variable, then ``PATH``.
"""

import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

__all__ = ["render", "evaluate", "Figure", "GraphvizGradError", "ToolNotFound", "tool_path"]

#: What a cell or a string is called in the tool's messages (``cell.py:3:5: error: …``).
SOURCE_NAME = "cell.py"

#: The tool a wheel carries (scripts/wheel), with Graphviz's plugins beside it.
_BUNDLED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_bundled", "graphviz-grad")

#: Seconds a render may take before it is stopped.
TIMEOUT = 60


class GraphvizGradError(Exception):
    """The tool refused the file: ``diagnostic`` is its message, with the line and a caret."""

    def __init__(self, diagnostic):
        super().__init__(diagnostic)
        self.diagnostic = diagnostic

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.diagnostic)


class ToolNotFound(GraphvizGradError):
    """Neither ``GRAPHVIZ_GRAD`` nor ``PATH`` has the tool."""


def tool_path():
    """The ``graphviz-grad`` program: ``$GRAPHVIZ_GRAD`` if set, else the one on ``PATH``."""
    named = os.environ.get("GRAPHVIZ_GRAD")
    if named:
        if os.path.isfile(named) and os.access(named, os.X_OK):
            return named
        raise ToolNotFound(
            "GRAPHVIZ_GRAD is set to %r, which is not an executable file; set it to the "
            "graphviz-grad program, or unset it to use the one on PATH" % named
        )
    found = shutil.which("graphviz-grad")
    if found:
        return found
    # A wheel built by scripts/wheel carries the tool and Graphviz's plugins.
    if os.path.isfile(_BUNDLED) and os.access(_BUNDLED, os.X_OK):
        return _BUNDLED
    raise ToolNotFound(
        "graphviz-grad is not installed: build it from its repository (swift build -c release, "
        "or scripts/install PREFIX to put it in PREFIX/bin), then put it on PATH or set "
        "GRAPHVIZ_GRAD to its path"
    )


def _run(arguments, source, directory):
    """Runs the tool on ``source`` (written as ``cell.py`` in ``directory``)."""
    with open(os.path.join(directory, SOURCE_NAME), "w", encoding="utf-8") as file:
        file.write(source)
    tool = tool_path()
    environment = None
    if tool == _BUNDLED:
        # Graphviz finds the wheel's plugins (and their config) through GVBINDIR.
        environment = dict(os.environ, GVBINDIR=os.path.join(os.path.dirname(_BUNDLED), "graphviz"))
    try:
        done = subprocess.run(
            [tool] + arguments,
            cwd=directory,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizGradError("graphviz-grad took longer than %d s and was stopped" % TIMEOUT)
    message = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        raise GraphvizGradError(message or "graphviz-grad failed (status %d)" % done.returncode)
    return done.stdout, message


def _option_arguments(options):
    """Keyword options as ``render``'s: ``explain=True`` → ``--explain``, ``show="forward"`` →
    ``--show forward``, ``passes=[1, 2]`` → ``--passes 1,2``; False or None leave one out."""
    arguments = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            arguments.append(flag)
        elif isinstance(value, (list, tuple)):
            arguments += [flag, ",".join(str(item) for item in value)]
        else:
            arguments += [flag, str(value)]
    return arguments


def _is_deck(arguments):
    return any(argument in ("--steps", "--passes") for argument in arguments)


def _format_of(arguments):
    for index, argument in enumerate(arguments):
        if argument == "--format" and index + 1 < len(arguments):
            return arguments[index + 1]
        if argument.startswith("--format="):
            return argument.split("=", 1)[1]
    return None


class Figure:
    """A figure (or a deck) drawn by graphviz-grad: shown inline by Jupyter, saved with
    ``save``. ``data`` holds its bytes, ``format`` their format, ``warnings`` what the tool
    said on standard error."""

    def __init__(self, source, arguments, data, format, warnings=""):
        self.source = source
        self.arguments = list(arguments)
        self.data = data
        self.format = format
        self.warnings = warnings

    @property
    def text(self):
        return self.data.decode("utf-8")

    def _repr_svg_(self):
        if self.format != "svg":
            return None
        return _fitted_svg(self.text)

    def _repr_html_(self):
        if self.format == "html":
            return _framed_page(self.text)
        if self.format == "svg":
            return '<div style="max-width:100%;overflow:visible">' + _fitted_svg(self.text) + "</div>"
        return None

    def save(self, path):
        """Writes the figure to ``path``, in the format its extension names (``.svg``,
        ``.png``, ``.pdf``, ``.tex``, ``.html`` for a deck)."""
        path = os.fspath(path)
        target = os.path.abspath(path)
        arguments = [argument for argument in self.arguments]
        # -o's extension decides, unless the figure was drawn with an explicit --format.
        arguments = _without_format(arguments) if _format_of(arguments) else arguments
        with tempfile.TemporaryDirectory(prefix="graphviz-grad-") as directory:
            _run(["render", SOURCE_NAME] + arguments + ["-o", target], self.source, directory)
        return path

    def __repr__(self):
        return "<graphviz_grad.Figure %s, %d bytes>" % (self.format, len(self.data))


def _without_format(arguments):
    out = []
    skip = False
    for index, argument in enumerate(arguments):
        if skip:
            skip = False
            continue
        if argument == "--format":
            skip = True
            continue
        if argument.startswith("--format="):
            continue
        out.append(argument)
    return out


def _fitted_svg(svg):
    """The SVG element alone, scaled down to the width it is shown in (never clipped), its
    height following."""
    start = svg.find("<svg")
    element = svg[start:] if start >= 0 else svg
    return re.sub(
        r"<svg\b",
        '<svg style="max-width:100%;height:auto"',
        element,
        count=1,
    )


def _framed_page(page):
    """A whole page (a deck) in a frame of its own, so its styles and keys stay its own."""
    return (
        '<iframe style="width:100%;height:720px;border:0" sandbox="allow-scripts" srcdoc="'
        + html.escape(page, quote=True)
        + '"></iframe>'
    )


def render(source, **options):
    """Draws ``source`` (an expression file's text) as ``graphviz-grad render`` does, with
    ``options`` as its options (``explain=True``, ``quiz=True``, ``show="forward"``,
    ``steps=True``, ``format="png"``); returns a ``Figure``. Raises ``GraphvizGradError``
    with the tool's diagnostic for a file with an error."""
    return _render_arguments(source, _option_arguments(options))


def _render_arguments(source, arguments):
    format = _format_of(arguments) or ("html" if _is_deck(arguments) else "svg")
    if _format_of(arguments) is None:
        arguments = arguments + ["--format", format]
    if format in ("png", "pdf"):
        with tempfile.TemporaryDirectory(prefix="graphviz-grad-") as directory:
            _, warnings = _run(
                ["render", SOURCE_NAME] + arguments + ["-o", "figure." + format], source, directory
            )
            with open(os.path.join(directory, "figure." + format), "rb") as file:
                data = file.read()
        return Figure(source, arguments, data, format, warnings)
    with tempfile.TemporaryDirectory(prefix="graphviz-grad-") as directory:
        data, warnings = _run(["render", SOURCE_NAME] + arguments, source, directory)
    return Figure(source, arguments, data, format, warnings)


def evaluate(source):
    """What ``graphviz-grad eval --json`` prints for ``source``, as Python values: each
    variable's ``shape``, ``value`` and ``grad`` (NumPy arrays when NumPy is installed)."""
    with tempfile.TemporaryDirectory(prefix="graphviz-grad-") as directory:
        data, _ = _run(["eval", "--json", SOURCE_NAME], source, directory)
    result = json.loads(data.decode("utf-8"))
    try:
        import numpy
    except ImportError:
        return result
    for variable in result.get("variables", {}).values():
        for key in ("value", "grad"):
            if variable.get(key) is not None:
                variable[key] = numpy.array(variable[key], dtype=float).reshape(
                    variable.get("shape", [])
                )
    return result


# The Jupyter magic.


def _cell_magic(line, cell):
    """``%%graphviz_grad [render options]``: the cell's body is an expression file."""
    from IPython.display import display

    try:
        arguments = shlex.split(line)
    except ValueError as error:
        print("graphviz_grad: cannot read the options: %s" % error, file=sys.stderr)
        return None
    try:
        figure = _render_arguments(cell, arguments)
    except GraphvizGradError as error:
        print(error.diagnostic, file=sys.stderr)
        return None
    if figure.warnings:
        print(figure.warnings, file=sys.stderr)
    display(figure)
    return None


def load_ipython_extension(ipython):
    """``%load_ext graphviz_grad``: registers the ``%%graphviz_grad`` cell magic."""
    ipython.register_magic_function(_cell_magic, magic_kind="cell", magic_name="graphviz_grad")
