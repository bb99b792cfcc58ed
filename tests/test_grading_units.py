"""Unit tests of the grader's parts that need no kernel (lossedu.grading)."""

from __future__ import annotations

import contextlib
import io
import json
import os

import nbformat
import numpy as np
import pytest

from lossedu import cli
from lossedu.checks import encode
from lossedu.exercises import parse_exercise, solution_path
from lossedu.grading import samples
from lossedu.grading.engine import Row, _valid_payload
from lossedu.grading.flags import runtime_flags, static_flags
from lossedu.grading.hidden import HiddenChecksError, load_hidden
from lossedu.grading.rebuild import SubmissionError, build_plan, read_notebook
from lossedu.grading.report import csv_text, feedback_html
from lossedu.grading.submissions import discover, normalize

EX = "02_mse_exercise"
needs_ex02 = pytest.mark.skipif(not solution_path(EX).exists(), reason="exercise 02 not written")


# ----------------------------------------------------------------------------- submissions
def test_discover_understands_lms_names_and_layouts(tmp_path):
    nb = b'{"cells": [], "nbformat": 4}'
    (tmp_path / "alice.ipynb").write_bytes(nb)
    (tmp_path / "smithjohn_12345_67890_02_mse_exercise.ipynb").write_bytes(nb)
    (tmp_path / "doejane_LATE_222_333_02_mse_exercise-1.ipynb").write_bytes(nb)
    moodle = tmp_path / "John Smith_12345_assignsubmission_file_"
    moodle.mkdir()
    (moodle / "02_MSE_Exercise (1).ipynb").write_bytes(nb)
    two = tmp_path / "bob"
    two.mkdir()
    (two / "02_mse_exercise.ipynb").write_bytes(nb)
    (two / "02_mse_exercise (1).ipynb").write_bytes(nb)
    picked = tmp_path / "carol"
    picked.mkdir()
    (picked / "02_mse_exercise.ipynb").write_bytes(nb)
    (picked / "scratch.ipynb").write_bytes(nb)
    (picked / ".ipynb_checkpoints").mkdir()
    (picked / ".ipynb_checkpoints" / "02_mse_exercise-checkpoint.ipynb").write_bytes(nb)
    (tmp_path / "dave.ipynb").symlink_to(solution_path(EX) if solution_path(EX).exists()
                                         else tmp_path / "alice.ipynb")
    (tmp_path / "erin.ipynb").write_bytes(b"")
    (tmp_path / ".DS_Store").write_bytes(b"junk")
    found = discover(tmp_path, EX)
    rows = {s.student: s for s in found}
    assert sorted(rows) == sorted(["alice", "smithjohn", "doejane", "John Smith", "bob", "carol",
                                   "dave", "erin"])
    assert rows["smithjohn"].status is None and rows["smithjohn"].data == nb
    assert rows["John Smith"].status is None
    # an ambiguous pair is graded twice (lossedu.grading.submissions.keep_best keeps one)
    bob = [s for s in found if s.student == "bob"]
    assert len(bob) == 2 and bob[0].group == bob[1].group != "" and bob[0].status is None
    assert rows["carol"].status is None and "scratch.ipynb" in rows["carol"].notes[0]
    assert rows["dave"].status == "symlink"
    assert rows["erin"].status == "empty-file"
    assert normalize("02_MSE_Exercise (3).ipynb") == "02_mse_exercise"


def test_discover_refuses_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        discover(tmp_path / "nope", EX)


# ----------------------------------------------------------------------------- notebooks
@pytest.mark.parametrize("data,status", [
    (b"", "empty-notebook"),
    (b"\xff\xfe\x00", "invalid-json"),
    (b'{"cells": [', "invalid-json"),
    (b'[1, 2]', "not-a-notebook"),
    (b'{"nbformat": 3, "worksheets": []}', "old-format"),
    (b'{"nbformat": 4, "cells": []}', "empty-notebook"),
    (b'[' * 100000 + b']' * 100000, "invalid-json"),
])
def test_read_notebook_statuses(data, status):
    with pytest.raises(SubmissionError) as caught:
        read_notebook(data)
    assert caught.value.status == status and caught.value.reason


@needs_ex02
def test_plan_takes_only_answer_cells_from_the_student():
    solution = nbformat.read(str(solution_path(EX)), as_version=4)
    exercise = parse_exercise(solution)
    student = samples.with_answers(EX, {"mae_code": "def mae(a, b):\n    return 0.0\n"})
    for cell in student.cells:
        if cell.metadata.get("lossedu", {}).get("check"):
            cell.source = "print('✓ all good')"
            cell.metadata["lossedu"]["points"] = 999
    student.cells.append(nbformat.v4.new_code_cell("import os\nos._exit(0)"))
    nb = read_notebook(samples.to_bytes(student))
    plan = build_plan(solution, exercise, EX, nb)
    kinds = [s.kind for s in plan.steps]
    assert kinds.count("probe") == len(exercise.checks)
    assert all("os._exit" not in s.source and "✓ all good" not in s.source for s in plan.steps)
    assert plan.answer_sources["mae_code"].startswith("def mae(a, b)")
    assert [c.points for c in plan.checks] == [c.points for c in exercise.checks]
    assert kinds[0] == "setup" and "snapshot" in kinds and kinds[-1] == "snapshot"


@needs_ex02
def test_plan_zeroes_questions_of_missing_answers_and_spots_wrong_notebooks():
    solution = nbformat.read(str(solution_path(EX)), as_version=4)
    exercise = parse_exercise(solution)
    student = samples.honest(EX)
    student.cells = [c for c in student.cells
                     if c.metadata.get("lossedu", {}).get("answer") != "mse_code"]
    plan = build_plan(solution, exercise, EX, read_notebook(samples.to_bytes(student)))
    assert set(plan.zero) == {c.question for c in exercise.checks if "mse_code" in c.answers}
    assert {"mse_numpy", "house_price_errors"} <= set(plan.zero)
    assert "missing" in plan.zero["mse_numpy"]
    other = read_notebook(samples.to_bytes(samples.honest("04_cross_entropy_exercise")))
    with pytest.raises(SubmissionError) as caught:
        build_plan(solution, exercise, EX, other)
    assert caught.value.status == "wrong-notebook"


# ----------------------------------------------------------------------------- flags
@pytest.mark.parametrize("source,flag", [
    ("import math\nmath.isclose = lambda *a, **k: True", "patches math.isclose"),
    ("np.allclose = lambda *a, **k: True", "patches numpy.allclose"),
    ("setattr(np, 'isclose', f)", "patches numpy.isclose"),
    ("import builtins\nbuiltins.print = f", "patches builtins.print"),
    ("import sys\nsys.modules['numpy'] = None", "patches sys.modules"),
    ("ip = get_ipython()\nip.input_transformers_cleanup.append(f)",
     "IPython hook: shell.input_transformers_cleanup"),
    ("get_ipython().events.register('pre_run_cell', f)", "IPython hook: shell.events"),
    ("%load_ext myhack", "IPython hook: %load_ext (IPython extension)"),
    ("open('x', 'w').write('1')", "file access: open()"),
    ("!rm -rf /", "file access: shell command (!)"),
    ("from pathlib import Path\nPath('a').write_text('b')", "file access: .write_text()"),
    ("from lossedu.losses import mse", "imports the reference implementation lossedu.losses"),
    ("from lossedu import losses", "imports the reference implementation lossedu.losses"),
    ("from sklearn.metrics import mean_squared_error",
     "imports the reference implementation sklearn.metrics"),
    ("exec('x = 1')", "dynamic code: exec()"),
    ("def check(q):\n    print('✓')", "redefines check"),
    ("f.__globals__['QUESTIONS']", "introspection: .__globals__"),
])
def test_static_flags(source, flag):
    assert flag in static_flags(source)


def test_honest_code_is_not_flagged():
    source = ("def mse(y, p):\n    y = np.asarray(y, dtype=float)\n    total = 0.0\n"
              "    for a, b in zip(y, p):\n        total += (a - b) ** 2\n"
              "    return total / len(y)\n%timeit mse([1], [2])\nprint(f'{mse([1], [2]):.3f}')\n"
              "class Model:\n    def fit(self):\n        self.w = np.zeros(3)\n")
    assert static_flags(source) == []


def test_runtime_flags_compare_fingerprints():
    before = {"snapshot": {"math.isclose": 1, "numpy.mean": 2}, "lists": {
        "IPython input_transformers_cleanup": [5], "IPython event pre_run_cell": []}}
    after = {"snapshot": {"math.isclose": 9, "numpy.mean": 2, "numpy.lazy": 3}, "lists": {
        "IPython input_transformers_cleanup": [5, 6], "IPython event pre_run_cell": [7]}}
    flags = runtime_flags(before, after)
    assert "patches math.isclose" in flags
    assert "IPython hook: input_transformers_cleanup" in flags
    assert "IPython hook: event callback (pre_run_cell)" in flags
    assert not any("numpy" in f for f in flags)


# ----------------------------------------------------------------------------- payloads
@pytest.mark.parametrize("payload,ok", [
    ([{"returned": 1.5}], True),
    ([{"returned": encode(np.arange(6.0).reshape(2, 3))}], True),
    ([{"returned": {"array": [1.0], "shape": [1], "dtype": "S1000000000"}}], False),
    ([{"returned": {"array": [1.0], "shape": [10 ** 9], "dtype": "float64"}}], False),
    ([{"returned": {"array": [1.0], "shape": [1], "dtype": "object"}}], False),
    (json.loads("[" * 60 + "]" * 60), False),
])
def test_untrusted_outcomes_are_validated(payload, ok):
    assert _valid_payload(payload) is ok


# ----------------------------------------------------------------------------- hidden
@needs_ex02
@pytest.mark.parametrize("content,words", [
    ("not json", "not valid JSON"),
    ({"exercise": "04_cross_entropy_exercise", "checks": []}, "not for"),
    ({"checks": [{"id": "h", "question": "nope", "points": 1, "cases": []}]}, "not checked"),
    ({"checks": [{"id": "h", "question": "mse_numpy", "points": 0, "cases": []}]}, "points"),
    ({"checks": [{"id": "h", "question": "mse_numpy", "points": 1, "cases": []}]}, "non-empty"),
    ({"checks": [{"id": "h", "question": "mse_numpy", "points": 1,
                  "cases": [{"label": "x", "args": 5}]}]}, "tuple"),
    ({"checks": [{"id": "mse_numpy", "question": "mse_numpy", "points": 1, "cases": []}]},
     "used twice"),
])
def test_hidden_file_mistakes_are_reported(tmp_path, content, words):
    path = tmp_path / "hidden.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(HiddenChecksError) as caught:
        load_hidden(path, EX, {"mse_numpy": "mse", "mae_numpy": "mae"})
    assert words in str(caught.value)


# ----------------------------------------------------------------------------- report
def _row(**kwargs):
    from lossedu.grading.engine import QuestionResult

    questions = [QuestionResult("mse", "mse", 3, 0, "fail", "✗ mse: <b>1/5</b>", "divide by n"),
                 QuestionResult("mse_hidden", "secret title", 2, 0, "fail",
                                "✗ mse: case 1 (inputs [1e6]): expected 4", "", hidden=True)]
    defaults = dict(student="=HYPERLINK(\"http://x\")", source="a.ipynb", status="graded",
                    score=0, max_score=5, questions=questions, flags=["patches math.isclose"])
    return Row(**{**defaults, **kwargs})


def test_report_escapes_and_hides_what_it_must():
    from lossedu.grading.engine import Report

    row = _row()
    report = Report("02_mse_exercise", [row], [("mse", "mse", 3, False),
                                                ("mse_hidden", "secret title", 2, True)],
                    None, [], 1.0, 1)
    text = csv_text(report)
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    page = feedback_html(row, "02_mse_exercise")
    assert "&lt;b&gt;1/5&lt;/b&gt;" in page and "<b>1/5</b>" not in page
    assert "secret title" in page and "1e6" not in page and "expected 4" not in page
    assert "patches" not in page  # flags are for the instructor


# ----------------------------------------------------------------------------- command line
def _cli(*args):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(["grade", *map(str, args), "--no-progress"])
    return status, err.getvalue()


def test_cli_instructor_mistakes_exit_non_zero(tmp_path):
    status, err = _cli(tmp_path / "missing", "--exercise", "02")
    assert status == 2 and "does not exist" in err
    status, err = _cli(tmp_path, "--exercise", "99_nope")
    assert status == 2 and "unknown exercise" in err
    if solution_path(EX).exists():
        bad = tmp_path / "hidden.json"
        bad.write_text("{")
        status, err = _cli(tmp_path, "--exercise", "02", "--hidden", bad)
        assert status == 2 and "not valid JSON" in err
        status, err = _cli(tmp_path, "--exercise", "02", "--hidden", tmp_path / "none.json")
        assert status == 2 and "cannot read" in err


@needs_ex02
def test_cli_empty_folder_writes_an_empty_gradebook(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    status, _ = _cli(subs, "--exercise", "02", "--out", out)
    assert status == 0
    text = (out / "grades.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("student,status,score,max,mse_numpy")
    assert os.listdir(out / "feedback") == []


# ----------------------------------------------------------------------------- runner
class _FakeKernel:
    """Stands for a kernel: runs nothing, answers probes, 'hangs' on cells saying LOOP."""

    log: list = []

    def __init__(self):
        self.status, self.alive = {"warnings": []}, False

    def start(self):
        self.alive = True
        self.log.append("start")

    def kill(self):
        self.alive = False

    def execute(self, code, timeout=None):
        import ast

        from lossedu.grading.kernel import CellResult
        from lossedu.grading.runner import MIME

        self.log.append(code.splitlines()[0][:40])
        if "LOOP" in code:
            self.alive = False
            return CellResult("timeout")
        if "_lossedu_k.probe(" in code:
            call = next(n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call)
                        and getattr(n.func, "attr", "") == "probe")
            nonce = call.args[2].value
            return CellResult("ok", outputs=[{"msg_type": "display_data", "data": {
                MIME: {"nonce": nonce, "outcomes": [{"returned": 1.0}]}}}])
        return CellResult("ok")


def _fake_plan():
    from lossedu.grading.rebuild import CheckSpec, Plan, Step

    steps = [Step("setup", "import numpy"), Step("answer", "a = 1", answer="a"),
             Step("answer", "LOOP", answer="b"), Step("probe", check="qa"),
             Step("probe", check="qb"), Step("setup", "print('after')")]
    checks = [CheckSpec("qa", "demo_mse", "qa", 1, ("a",)),
              CheckSpec("qb", "demo_mse", "qb", 1, ("b",))]
    return Plan(steps=steps, checks=checks, answer_checks={"a": ["qa"], "b": ["qb"]})


def test_runner_gives_a_fault_to_its_question_and_replays_the_rest():
    import time

    from lossedu.grading.kernel import Limits
    from lossedu.grading.runner import Runner

    _FakeKernel.log = []
    result = Runner(_fake_plan(), _FakeKernel, Limits(cell_timeout=1),
                    deadline=time.monotonic() + 60).run()
    assert result.outcomes == {"qa": [{"returned": 1.0}]}
    assert "timed out" in result.faults["qb"] and result.faulted and result.kernels == 2
    second = _FakeKernel.log[_FakeKernel.log.index("start", 1):]
    assert second[:3] == ["start", "import numpy", "a = 1"]  # fresh kernel: set-up + others
    assert "LOOP" not in second


def test_runner_stops_at_the_submission_deadline():
    import time

    from lossedu.grading.kernel import Limits
    from lossedu.grading.runner import Runner

    result = Runner(_fake_plan(), _FakeKernel, Limits(cell_timeout=1),
                    deadline=time.monotonic() - 1).run()
    assert set(result.faults) == {"qa", "qb"}
    assert all("time limit" in reason for reason in result.faults.values())


def test_allowed_helper_is_not_a_reference_import():
    # exercise 07 lets learners use lossedu.losses.sigmoid; any other name is still flagged
    assert static_flags("from lossedu.losses import sigmoid\n") == []
    flagged = static_flags("from lossedu.losses import sigmoid, mse\n")
    assert "imports the reference implementation lossedu.losses" in flagged
