"""Exercise notebooks: the generator, the format of every solution notebook, stale student
versions, and honest checks (they fail on the stub and on plausible wrong answers).

Notebooks are executed in-process (``exec`` of each code cell into a fresh namespace), not in
a kernel, so that the whole file stays fast. nbval runs the solutions in a real kernel
separately (``exercises/solutions`` is in the pytest testpaths).
"""

import contextlib
import copy
import io
import os
import re
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import nbformat  # noqa: E402
import pytest  # noqa: E402
from mutants import Mutant, load_mutants  # noqa: E402
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook  # noqa: E402

from lossedu import exercises as ex  # noqa: E402
from lossedu.checks import QUESTIONS  # noqa: E402
from lossedu.checks._core import REGISTERED_BY  # noqa: E402
from lossedu.cli import main as cli_main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXERCISES_DIR = ROOT / "exercises"
MUTANTS = load_mutants()


def _number(name):
    return name[:2]


@cache
def _read_solution(name):
    path = ex.solution_path(name)
    return nbformat.read(path, as_version=4) if path.exists() else None


def _solution(name):
    """The solution notebook (a fresh copy; read once per test session)."""
    nb = _read_solution(name)
    if nb is None:
        pytest.skip(f"exercises/solutions/{name}.ipynb is not written yet")
    return copy.deepcopy(nb)


@cache
def _parsed(name):
    return ex.parse_exercise(_solution(name))


# ----------------------------------------------------------------------------- in-process run
@dataclass
class Run:
    lines: dict = field(default_factory=dict)  # question id -> what its check cell printed
    errors: dict = field(default_factory=dict)  # cell index -> "Type: message"
    stderr: str = ""
    warnings: list = field(default_factory=list)


def _runnable(source):
    """Drop IPython-only lines (magics, shell escapes) that plain exec cannot run."""
    lines = source.splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith(("%", "!")))


def run_notebook(nb, replace=None, start=0, namespace=None, snapshots=None):
    """Execute the code cells of ``nb`` in one fresh namespace; ``replace`` maps an answer id
    to a new source for that answer cell.

    ``start`` and ``namespace`` resume a run at cell ``start`` from a saved namespace;
    ``snapshots`` (a dict) receives, for each answer id, the cell index and a shallow copy of
    the namespace just before that answer cell ran (what :func:`run_mutant` resumes from).
    """
    import matplotlib.pyplot as plt

    replace = replace or {}
    namespace = {"__name__": "__main__"} if namespace is None else namespace
    run = Run()
    err = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(err):
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", message=".*non-interactive.*")  # plt.show() under Agg
        for index, cell in enumerate(nb.cells):
            if index < start or cell.cell_type != "code":
                continue
            meta = cell.metadata.get("lossedu", {})
            if snapshots is not None and "answer" in meta:
                snapshots[meta["answer"]] = (index, dict(namespace))
            source = replace.get(meta.get("answer"), cell.source)
            out = io.StringIO()
            try:
                with contextlib.redirect_stdout(out):
                    exec(compile(_runnable(source), f"<cell {index}>", "exec"), namespace)
            except Exception as error:  # noqa: BLE001  (recorded, the test decides)
                run.errors[index] = f"{type(error).__name__}: {error}"
            if "check" in meta:
                run.lines[meta["check"]] = out.getvalue().strip()
    plt.close("all")
    run.stderr = err.getvalue()
    run.warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    return run


@cache
def _snapshots(name):
    """One run of the solution, keeping the namespace before each answer cell."""
    snapshots = {}
    reference = run_notebook(_solution(name), snapshots=snapshots)
    return reference, snapshots


def run_mutant(name, answer, source):
    """The solution run with answer cell ``answer`` replaced by ``source``: resumed from the
    namespace before that cell (the cells above it are unchanged, so their checks keep the
    reference run's lines), which keeps the ~800 mutant runs fast."""
    reference, snapshots = _snapshots(name)
    index, namespace = snapshots[answer]
    run = run_notebook(_solution(name), replace={answer: source}, start=index,
                       namespace=dict(namespace))
    run.lines = {**reference.lines, **run.lines}
    return run


def _solution_run(name):
    return _snapshots(name)[0]


# ----------------------------------------------------------------------------- names and paths
def test_every_lecture_has_its_exercise():
    """One exercise per lecture notebook (00, the start page, has none), numbered alike."""
    lectures = sorted(p.name[:2] for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [_number(n) for n in ex.EXERCISES] == [n for n in lectures if n != "00"]


@pytest.mark.parametrize("given", ["02", "02_mse", "02_mse_exercise", "02_mse_exercise.ipynb",
                                   "exercises/02_mse_exercise.ipynb", Path("02_mse_exercise")])
def test_resolve_exercise(given):
    assert ex.resolve_exercise(given) == "02_mse_exercise"


@pytest.mark.parametrize("given", ["", "2", "99", "mse", "02_mse_exercise.py", "0"])
def test_resolve_exercise_rejects(given):
    with pytest.raises(ValueError, match="01_what_is_a_loss_exercise"):
        ex.resolve_exercise(given)


def test_paths(tmp_path):
    assert ex.solution_path("02") == EXERCISES_DIR / "solutions" / "02_mse_exercise.ipynb"
    assert ex.student_path("02") == EXERCISES_DIR / "02_mse_exercise.ipynb"
    assert ex.solution_path("03", exercises_dir=tmp_path) == (
        tmp_path / "solutions" / "03_gradient_descent_exercise.ipynb")
    assert ex.student_path("03", exercises_dir=tmp_path) == (
        tmp_path / "03_gradient_descent_exercise.ipynb")


# ----------------------------------------------------------------------------- generator units
def _answer(cell, answer_id):
    cell.metadata = {"tags": ["answer"], "lossedu": {"answer": answer_id},
                     "execution": {"iopub.status.busy": "2026-01-01T00:00:00Z"}}
    return cell


def _tiny_solution():
    """A small executed solution notebook using the registered question mse_numpy."""
    code = _answer(new_code_cell(
        "def mse(y_true, y_pred):\n"
        "    \"\"\"doc\"\"\"\n"
        "    ### BEGIN SOLUTION\n"
        "    d = np.ravel(np.asarray(y_true, dtype=float))\n"
        "    d = d - np.ravel(np.asarray(y_pred, dtype=float))\n"
        "    return np.mean(d ** 2)\n"
        "    ### END SOLUTION\n"
        "\n"
        "print('defined')", id="ans-code", execution_count=2,
        outputs=[nbformat.v4.new_output("stream", name="stdout", text="defined\n")]), "mse_code")
    check = new_code_cell('check("mse_numpy")', id="chk", execution_count=3, metadata={
        "tags": ["check"], "lossedu": {"check": "mse_numpy", "points": 2, "answers": ["mse_code"]},
    }, outputs=[nbformat.v4.new_output("stream", name="stdout", text="✓ mse: 6/6 cases\n")])
    return new_notebook(cells=[
        new_markdown_cell("# Tiny", id="intro"),
        new_code_cell("import numpy as np\nfrom lossedu.checks import check", id="setup",
                      execution_count=1),
        code,
        check,
        _answer(new_markdown_cell("My **reflection**.", id="ans-md"), "why"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})


def test_stub_source_markers_and_indentation():
    source = ("def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    return x + y\n"
              "    ### END SOLUTION\n\nz = 2\n### BEGIN SOLUTION\nw = 3\n### END SOLUTION")
    assert ex.stub_source(source) == (
        "def f(x):\n    y = 1\n    # YOUR CODE HERE\n    raise NotImplementedError\n\nz = 2\n"
        "# YOUR CODE HERE\nraise NotImplementedError")


def test_stub_source_without_markers_replaces_everything():
    stub = "# YOUR CODE HERE\nraise NotImplementedError"
    assert ex.stub_source("answer = 42\nprint(answer)") == stub


@pytest.mark.parametrize("source", [
    "### BEGIN SOLUTION\nx = 1",
    "x = 1\n### END SOLUTION",
    "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n### END SOLUTION",
])
def test_stub_source_rejects_unbalanced_markers(source):
    with pytest.raises(ex.ExerciseFormatError):
        ex.stub_source(source)


def test_make_student_version():
    solution = _tiny_solution()
    before = copy.deepcopy(solution)
    student = ex.make_student_version(solution, "02")
    assert solution == before, "the solution notebook must not be modified"
    intro, setup, code, check, markdown = student.cells
    assert [c.get("id") for c in student.cells] == ["intro", "setup", "ans-code", "chk", "ans-md"]
    assert intro == solution.cells[0] and setup == solution.cells[1]
    assert code.source == ('def mse(y_true, y_pred):\n    """doc"""\n    # YOUR CODE HERE\n'
                           "    raise NotImplementedError\n\nprint('defined')")
    assert code.outputs == [] and code.execution_count is None
    assert code.metadata == {"tags": ["answer"], "lossedu": {"answer": "mse_code"}}
    assert check.source == 'check("mse_numpy")' and check.execution_count == 3
    assert check.outputs == solution.cells[3].outputs
    assert check.metadata["tags"] == ["check", "nbval-check-output"]
    assert check.metadata["lossedu"] == {"check": "mse_numpy", "points": 2, "answers": ["mse_code"],
                                         "expected": "✓ mse: 6/6 cases\n"}
    assert markdown.source == "*Write your answer here.*"
    assert markdown.metadata == {"tags": ["answer"], "lossedu": {"answer": "why"}}
    assert student.metadata["lossedu"] == {"exercise": "02_mse_exercise",
                                           "answers": {"mse_code": "code", "why": "markdown"}}
    nbformat.validate(student)
    # deterministic bytes, and the student version parses as an exercise too
    assert ex.notebook_bytes(student) == ex.notebook_bytes(ex.make_student_version(solution, "02"))
    parsed = ex.parse_exercise(student)
    assert parsed.checks[0].expected == "✓ mse: 6/6 cases\n"


def test_make_student_version_needs_an_executed_solution():
    solution = _tiny_solution()
    solution.cells[3].outputs = []
    with pytest.raises(ex.ExerciseFormatError, match="Execute the solution"):
        ex.make_student_version(solution)


def test_make_student_version_rejects_unknown_question():
    solution = _tiny_solution()
    solution.cells[3].metadata["lossedu"]["check"] = "no_such_question"
    solution.cells[3].source = 'check("no_such_question")'
    with pytest.raises(ex.ExerciseFormatError, match="not a registered question"):
        ex.make_student_version(solution)


@pytest.mark.parametrize("breakage, message", [
    (lambda nb: nb.cells[4].metadata["lossedu"].update(answer="mse_code"), "used twice"),
    (lambda nb: nb.cells[3].metadata["lossedu"].update(points=0), "integer >= 1"),
    (lambda nb: nb.cells[3].metadata["lossedu"].update(points=1.5), "integer >= 1"),
    (lambda nb: nb.cells[3].metadata["lossedu"].update(answers=["nope"]), "no cell carries"),
    (lambda nb: setattr(nb.cells[3], "source", "check('mse_numpy')"), "exactly"),
    (lambda nb: nb.cells[2].metadata.update(tags=[]), "tag 'answer'"),
    (lambda nb: nb.cells[2].metadata["lossedu"].update(answer="Bad-Id"), "is not"),
])
def test_parse_exercise_rejects_broken_notebooks(breakage, message):
    nb = _tiny_solution()
    breakage(nb)
    with pytest.raises(ex.ExerciseFormatError, match=message):
        ex.parse_exercise(nb)


def test_parse_exercise():
    parsed = ex.parse_exercise(_tiny_solution())
    assert list(parsed.answers) == ["mse_code", "why"]
    assert parsed.answer_index == {"mse_code": 2, "why": 4}
    assert parsed.checks == [ex.CheckCell("mse_numpy", 2, ("mse_code",), 3, "chk", None)]
    assert parsed.total_points == 2


def test_find_answers_reports_what_learners_break():
    solution = _tiny_solution()
    student = ex.make_student_version(solution)
    answers, problems = ex.find_answers(student)
    assert set(answers) == {"mse_code", "why"} and problems == {}

    broken = copy.deepcopy(student)
    broken.cells[2].cell_type = "markdown"  # code answer turned into markdown
    broken.cells.append(copy.deepcopy(broken.cells[4]))  # reflection duplicated
    broken.cells.append(_answer(new_code_cell("x = 1"), "extra"))
    answers, problems = ex.find_answers(broken)
    assert set(answers) == {"why"}
    assert problems["mse_code"].startswith("retyped: expected a code cell, found a markdown cell")
    assert problems["why"].startswith("duplicated: 2 cells")
    assert problems["extra"].startswith("unexpected")

    deleted = copy.deepcopy(student)
    del deleted.cells[4]
    deleted.metadata.pop("lossedu")
    # without the stored list only the instructor copy can tell what is missing
    assert ex.find_answers(deleted) == ({"mse_code": deleted.cells[2]}, {})
    answers, problems = ex.find_answers(deleted, expected=ex.parse_exercise(solution))
    assert problems == {"why": "missing: no cell carries this answer id (deleted?)"}
    only_code = ex.find_answers(deleted, expected={"mse_code": "code"})
    assert only_code == ({"mse_code": deleted.cells[2]}, {})


def test_cli_generates_and_detects_stale_versions(tmp_path, capsys):
    (tmp_path / "solutions").mkdir()
    nbformat.write(_tiny_solution(), tmp_path / "solutions" / "02_mse_exercise.ipynb")
    assert cli_main(["exercises", "--exercises-dir", str(tmp_path), "--check"]) == 1
    assert "exercises/02_mse_exercise.ipynb" in capsys.readouterr().out
    assert cli_main(["exercises", "--exercises-dir", str(tmp_path), "02"]) == 0
    first = (tmp_path / "02_mse_exercise.ipynb").read_bytes()
    assert cli_main(["exercises", "--exercises-dir", str(tmp_path), "--check"]) == 0
    assert cli_main(["exercises", "--exercises-dir", str(tmp_path)]) == 0
    assert (tmp_path / "02_mse_exercise.ipynb").read_bytes() == first
    assert "skipped 01_what_is_a_loss_exercise" in capsys.readouterr().out


# ----------------------------------------------------------------------------- every exercise
def test_every_exercise_has_a_solution_and_questions():
    missing = [n for n in ex.EXERCISES if not ex.solution_path(n).exists()]
    assert not missing, f"no solution notebook yet: {missing}"
    registered = {REGISTERED_BY[q].rsplit(".", 1)[-1] for q in QUESTIONS}
    assert registered >= {f"ex{_number(n)}" for n in ex.EXERCISES}


@pytest.mark.parametrize("name", ex.EXERCISES)
def test_solution_is_well_formed(name):
    nb = _solution(name)
    exercise = ex.validate_exercise(nb)  # ids unique, points, sources, answer ids, registered
    assert len(exercise.checks) >= 3, f"{name}: at least 3 graded questions"
    markdown_answers = [a for a, c in exercise.answers.items() if c.cell_type == "markdown"]
    assert markdown_answers, f"{name}: no ungraded reflection prompt"
    for chk in exercise.checks:
        assert nb.cells[chk.index].source == f'check("{chk.question}")'
    # every question of lossedu/checks/exNN.py is used by this notebook, and only those
    module = f"lossedu.checks.ex{_number(name)}"
    own = {q for q, registered_by in REGISTERED_BY.items() if registered_by == module}
    assert {c.question for c in exercise.checks} == own
    # the first code cell imports check
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert "from lossedu.checks import check" in first_code.source


@pytest.mark.parametrize("name", ex.EXERCISES)
def test_student_version_is_up_to_date(name):
    _solution(name)
    path = ex.student_path(name)
    assert path.exists(), f"{path.name} missing: run `make exercises`"
    fresh = ex.notebook_bytes(ex.make_student_version(ex.solution_path(name), name))
    assert path.read_bytes() == fresh, f"{path.name} is stale: run `make exercises`"


@pytest.mark.parametrize("name", ex.EXERCISES)
def test_solution_passes_every_check_in_process(name):
    run = _solution_run(name)
    exercise = ex.parse_exercise(_solution(name))
    assert not run.errors, run.errors
    assert not run.warnings, run.warnings
    assert not run.stderr, run.stderr
    for chk in exercise.checks:
        assert run.lines[chk.question].startswith("✓"), run.lines[chk.question]


@pytest.mark.parametrize("name", ex.EXERCISES)
def test_student_version_passes_no_check(name):
    _solution(name)
    student = nbformat.read(ex.student_path(name), as_version=4)
    run = run_notebook(student)
    assert run.lines, "no check cell ran"
    for question, line in run.lines.items():
        assert line.startswith("○") and "not attempted yet" in line, (question, line)


@pytest.mark.parametrize("name", ex.EXERCISES)
def test_every_question_has_a_mutant(name):
    exercise = _parsed(name)
    mutated = {m.question for m in MUTANTS.get(_number(name), [])}
    missing = [c.question for c in exercise.checks if c.question not in mutated]
    assert not missing, f"no mutant in tests/mutants/ex{_number(name)}.py for {missing}"


def _mutant_params():
    for name in ex.EXERCISES:
        for mutant in MUTANTS.get(_number(name), []):
            yield pytest.param(name, mutant, id=f"{_number(name)}-{mutant.question}-{mutant.label}")


@pytest.mark.parametrize("name, mutant", list(_mutant_params()))
def test_mutant_fails_exactly_its_check(name, mutant: Mutant):
    exercise = _parsed(name)
    assert mutant.answer in exercise.answers, f"unknown answer id {mutant.answer!r}"
    assert mutant.question in {c.question for c in exercise.checks}
    run = run_mutant(name, mutant.answer, mutant.source)
    line = run.lines[mutant.question]
    assert line.startswith("✗"), f"the check did not catch the mutant: {line}"
    assert mutant.hint_contains in line, line
    # a wrong choice is never told the right option ("expected 'c'")
    assert not re.search(r"expected \(?['\"][A-Fa-f]['\"]", line), f"gives the answer away: {line}"
    for chk in exercise.checks:
        if chk.question != mutant.question and mutant.answer not in chk.answers:
            assert run.lines[chk.question].startswith("✓"), run.lines[chk.question]


# ----------------------------------------------------------------------------- self-check
def _check_cell(question, points, expected, shown):
    return new_code_cell(f'check("{question}")', metadata={
        "tags": ["check", "nbval-check-output"],
        "lossedu": {"check": question, "points": points, "answers": ["a"], "expected": expected},
    }, outputs=[nbformat.v4.new_output("stream", name="stdout", text=shown)])


def test_lossedu_check_runs_nbval_on_a_copy(tmp_path):
    """One real kernel run (a few seconds): a right answer whose stored output the learner's
    own run replaced, an answer cell with a SyntaxError and an unfinished one."""
    solution = ex.parse_exercise(_solution("02_mse_exercise"))
    right_mse = solution.answers["mse_code"].source  # the reference answer, whatever its form
    expected = {c.question: _read_solution("02_mse_exercise").cells[c.index].outputs[0]["text"]
                for c in solution.checks}
    nb = new_notebook(cells=[
        new_code_cell("import numpy as np\nfrom lossedu.checks import check"),
        new_code_cell(right_mse),
        _check_cell("mse_numpy", 3, expected["mse_numpy"], "✗ mse: stale output of an old run\n"),
        new_code_cell("def mae(y, p)\n    return np.mean(np.abs(y - p))"),  # a SyntaxError
        _check_cell("mae_numpy", 2, expected["mae_numpy"], expected["mae_numpy"]),
        new_code_cell("def best_constants(y):\n    raise NotImplementedError"),
        _check_cell("best_constants", 1, expected["best_constants"], ""),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})
    path = tmp_path / "mine.ipynb"
    ex.write_notebook(nb, path)
    before = path.read_bytes()
    out = io.StringIO()
    assert ex.self_check(path, out=out) == 1
    report = out.getvalue()
    assert f"  {expected['mse_numpy'].strip()}  [3 points]" in report
    # nbval runs cells without input history: the kernel's last error still names the cell
    assert "  ✗ mae: `mae` is not defined: the cell that defines it has a SyntaxError, line 1" \
        in report
    assert "  ○ best_constants: not attempted yet" in report
    assert "1/3 checks pass (3/6 points)." in report
    assert path.read_bytes() == before, "the learner's file must not change"
