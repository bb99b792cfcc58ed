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


def test_there_are_eight_notebooks():
    assert [p.stem[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(8)]


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
