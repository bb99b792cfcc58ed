"""Course-wide rules for the lecture notebooks (nbval separately re-runs each one).

- every number stated in the prose is printed by a code cell of the same notebook;
- stored outputs come from one top-to-bottom run, with no warning and no bare object repr;
- each notebook opens with objectives and closes with takeaways, hidden answers and its exercise.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LECTURES = [nb for nb in NOTEBOOKS if not nb.name.startswith("00_")]

# A "stated number": a decimal (0.368, 1.609) or an integer with 4+ digits (2,500,000,000).
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+\.\d+|\d{4,})(?![\w])")
# Prose parts that are not stated figures: inline code, links' targets, LaTeX \frac etc. stay in.
_NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>]+>")


def _load(path):
    return nbformat.read(path, as_version=4)


def _outputs_text(nb):
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            elif "data" in out:
                for key, value in out["data"].items():
                    if key.startswith("text/"):
                        parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def _numbers(text):
    return {match.replace(",", "") for match in _NUMBER.findall(text)}


def _strip_trailing_zeros(number):
    return number.rstrip("0").rstrip(".") if "." in number else number


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.stem)
def notebook(request):
    return request.param, _load(request.param)


def test_notebooks_are_numbered_without_gaps():
    assert [p.stem[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(len(NOTEBOOKS))]


def test_prose_numbers_are_computed(notebook):
    path, nb = notebook
    printed = {_strip_trailing_zeros(n) for n in _numbers(_outputs_text(nb))}
    missing = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        prose = _NOT_PROSE.sub(" ", cell.source)
        for number in sorted(_numbers(prose)):
            if _strip_trailing_zeros(number) not in printed:
                missing.append(number)
    assert not missing, (
        f"{path.name}: numbers stated in markdown but printed by no cell: {missing}"
    )


def test_outputs_are_from_one_clean_run(notebook):
    path, nb = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: not run top to bottom once"
    for cell in code:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name}: stored error"
            assert out.get("name") != "stderr", f"{path.name}: warning/stderr: {out.get('text')}"
            data = out.get("data", {})
            text = data.get("text/plain", "")
            text = text if isinstance(text, str) else "".join(text)
            bares = ["np.float64(", "np.int64(", "<matplotlib.", "at 0x"]
            if "image/png" not in data:  # a figure's own display carries this text beside its PNG
                bares.append("<Figure size")
            for bare in bares:
                assert bare not in text, f"{path.name}: bare repr in output: {text[:80]}"


def test_structure(notebook):
    path, nb = notebook
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    head, tail = "\n".join(markdown[:2]).lower(), "\n".join(markdown[-4:]).lower()
    assert "objective" in head or "you will" in head, f"{path.name}: no learning objectives"
    if path.name.startswith("00_"):
        return
    assert "takeaway" in tail, f"{path.name}: no key takeaways at the end"
    assert "<details" in "\n".join(markdown), f"{path.name}: no hidden answers"
    links = re.findall(r"\(\.\./exercises/([\w.]+\.ipynb)\)", "\n".join(markdown))
    assert links, f"{path.name}: no link to its exercise"
    for link in links:
        assert (ROOT / "exercises" / link).exists(), f"{path.name}: broken link {link}"


# ----------------------------------------------------------------------------- teaching order
#: the lecture that teaches gradients and gradient descent; nothing before it may use them
GRADIENT_LECTURE = "03"
_USES_GRADIENTS = re.compile(
    r"_grad\s*\("                       # a gradient function of lossedu
    r"|\b(?:w|b|weights?|theta)\s*-=\s*"  # an update step w -= ...
    r"|\blearning_rate\b|\beta\s*\*"      # a step size times something
)


def _number_of(path):
    return path.name[:2]


EXERCISE_SOLUTIONS = sorted((ROOT / "exercises" / "solutions").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS + EXERCISE_SOLUTIONS if _number_of(p) < GRADIENT_LECTURE],
    ids=lambda p: p.stem)
def test_no_gradient_before_the_gradient_descent_lecture(path):
    """Gradients and gradient-descent loops are taught in lecture 03: earlier notebooks
    (lectures and their exercises) may not call a ``*_grad`` function or run an update loop."""
    nb = _load(path)
    used = [m.group(0) for c in nb.cells if c.cell_type == "code"
            for m in _USES_GRADIENTS.finditer(c.source)]
    assert not used, f"{path.name} uses gradients before lecture {GRADIENT_LECTURE}: {used}"


def test_gradient_lecture_is_where_the_order_rule_says():
    assert any(p.name.startswith(f"{GRADIENT_LECTURE}_gradient_descent") for p in NOTEBOOKS)


# ----------------------------------------------------------------------------- length budget
#: words of markdown a lecture may hold, hidden answers included: about 25 minutes of careful
#: reading, which leaves the rest of a 90-minute lab for running cells, discussion and the exercise
LECTURE_WORD_BUDGET = 2800


def _prose_words(nb):
    return sum(len(c.source.split()) for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_fits_one_lab(path):
    words = _prose_words(_load(path))
    assert words <= LECTURE_WORD_BUDGET, (
        f"{path.name}: {words} words of prose, over the budget of {LECTURE_WORD_BUDGET} for one "
        "90-minute lab: split the lecture or move material to the package or docs")


# ----------------------------------------------------------------------------- byte-stable files
def _stored(path):
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS + EXERCISE_SOLUTIONS, ids=lambda p: p.stem)
def test_stored_notebook_is_normalised(path):
    """`make notebook` output: no timing metadata, stdout not split into pieces, widget ids
    numbered (re-running a notebook whose results did not change changes no byte)."""
    nb = _load(path)
    for cell in nb.cells:
        assert "execution" not in cell.metadata, f"{path.name}: timing metadata (make notebook)"
        outs = cell.get("outputs", [])
        for a, b in zip(outs, outs[1:], strict=False):
            split = a.get("output_type") == b.get("output_type") == "stream" and \
                a.get("name") == b.get("name")
            assert not split, f"{path.name}: stdout split in two outputs (make notebook)"
    ids = set(re.findall(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])", _stored(path)))
    assert ids <= {f"{i:032x}" for i in range(1, len(ids) + 1)}, \
        f"{path.name}: random widget ids (re-run it with make notebook)"


def test_run_notebook_normalises_streams_timings_and_widget_ids():
    import importlib.util

    path = ROOT / "tools" / "run_notebook.py"
    spec = importlib.util.spec_from_file_location("run_notebook", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    view = "application/vnd.jupyter.widget-view+json"
    a, b = "ab" * 16, "cd" * 16
    timing = {"execution": {"iopub.status.busy": "2026-11-30T00:00:00Z"}}
    cell = nbformat.v4.new_code_cell("x", metadata=timing, outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="1\n"),
        nbformat.v4.new_output("stream", name="stdout", text="2\n"),
        nbformat.v4.new_output("display_data", data={view: {"model_id": b}, "text/plain": "w"}),
    ])
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={"widgets": {
        "application/vnd.jupyter.widget-state+json": {"state": {
            b: {"state": {"children": [f"IPY_MODEL_{a}"]}}, a: {"state": {}}}}}})
    text = tool.normalise(nb)
    out = nbformat.reads(text, as_version=4)
    assert "execution" not in out.cells[0].metadata
    assert out.cells[0].outputs[0].text == "1\n2\n" and len(out.cells[0].outputs) == 2
    assert f"{1:032x}" in text and f"{2:032x}" in text and a not in text and b not in text
    shown = out.cells[0].outputs[1].data[view]["model_id"]
    assert shown == f"{1:032x}"  # the model an output shows comes first
