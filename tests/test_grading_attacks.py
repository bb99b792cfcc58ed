"""The attack suite of the grader (issue 5), on the real exercise 02_mse_exercise.

One class of submissions is graded in ONE `lossedu grade` run (jobs=2, small limits); each
test then reads its row of grades.csv. Every attack targets the `mae` answer (question
mae_numpy, 2 points, plus the hidden check mae_hidden, 1 point) with a WRONG mae, so "no
credit where the attack aimed" means mae_numpy = mae_hidden = 0, and "every other question
graded as if the attack were not there" means every other column has full points.
Attacks whose success would be silent are written so that success shows: the answer is
right only if the attack worked (e.g. it could read the hidden checks).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
from pathlib import Path

import nbformat
import numpy as np
import pytest

from lossedu import cli
from lossedu.checks import encode
from lossedu.checks.carried import CARRIED
from lossedu.exercises import parse_exercise, solution_path
from lossedu.grading import samples

EXERCISE = "02_mse_exercise"
#: points per question: those of the solution notebook's check cells, plus the two hidden checks
FULL = ({c.question: c.points for c in parse_exercise(nbformat.read(str(solution_path(EXERCISE)),
                                                                   as_version=4)).checks}
        if solution_path(EXERCISE).exists() else {}) | {"mse_hidden": 2, "mae_hidden": 1}
MAX = sum(FULL.values())
#: the questions an unusable mae answer cell (a fault) costs: every check that uses the mae
#: answer, and the hidden one
ON_MAE = ({c.question for c in parse_exercise(nbformat.read(str(solution_path(EXERCISE)),
                                                            as_version=4)).checks
           if "mae_code" in c.answers} if solution_path(EXERCISE).exists() else set()) \
    | {"mae_numpy", "mae_hidden"}
#: the questions a WRONG mae costs: those, except the ones that carry the error forward
#: (judged against the student's own mae: lossedu.checks.carried)
ON_WRONG_MAE = {q for q in ON_MAE if q not in CARRIED} | {"mae_numpy", "mae_hidden"}

RIGHT_MAE = samples.reference_answers(EXERCISE)["mae_code"] if solution_path(EXERCISE).exists() \
    else ""
WRONG_MAE = '''
def mae(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float).ravel()
    y_pred = np.asarray(y_pred, dtype=float).ravel()
    return np.mean((y_true - y_pred) ** 2)        # the MSE, not the MAE
'''
# right only when the attack (which sets _ok) worked
IF_OK_MAE = '''
def mae(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    if _ok:
        return np.mean(np.abs(y_true - y_pred))
    return np.mean((y_true - y_pred) ** 2)
'''


def _attacks(paths: dict) -> dict:
    """student -> source of the mae answer cell."""
    q = {k: repr(str(v)) for k, v in paths.items()}
    return {
        "a_print_expected": WRONG_MAE + '''
print("✓ mae: 6/6 cases")
def check(question):
    print("✓", question, ": all cases")
from IPython.display import publish_display_data
publish_display_data({"application/x-lossedu-grading+json":
                      {"nonce": "0" * 32, "outcomes": [{"returned": 1.0}] * 6}})
''',
        "a_isclose": WRONG_MAE + '''
import math
math.isclose = lambda *args, **kwargs: True
np.isclose = lambda *args, **kwargs: True
np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
import builtins
builtins.abs = lambda x: 0
''',
        "a_obfuscated": WRONG_MAE + '''
_mod = __import__("ma" + "th")
setattr(_mod, "is" + "close", lambda *args, **kwargs: True)     # no visible "math.isclose"
_ip = __import__("IPy" + "thon").get_ipython()
getattr(_ip, "ev" + "ents").register("post_run_cell", lambda result: None)
''',
        "a_numpy": WRONG_MAE + '''
np.allclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
np.mean = lambda *args, **kwargs: 0.0     # breaks everyone else's numpy too
np.median = lambda *args, **kwargs: 0.0
''',
        "a_transformer": WRONG_MAE + '''
def _rewrite(lines):
    return ['print("✓ mae: 6/6 cases")\\n']   # every later cell, checks included
ip = get_ipython()
ip.input_transformers_cleanup.append(_rewrite)
ip.events.register("pre_run_cell", lambda info: print("✓ all checks pass"))
''',
        "a_read_secrets": f'''
import os
def _read(path):
    try:
        with open(path, "rb") as handle:
            return len(handle.read(100)) > 0
    except Exception:
        return False
_ok = any(_read(p) for p in [{q["hidden"]}, {q["solution"]}, {q["other"]},
                             {q["out"]} + "/grades.csv", "/proc/%d/mem" % os.getppid(),
                             "/proc/%d/environ" % os.getppid()])
''' + IF_OK_MAE,
        "a_write_files": f'''
import os
def _write(path, mode="w"):
    try:
        with open(path, mode) as handle:
            if mode == "w":
                handle.write("HACKED")
        return True
    except Exception:
        return False
_ok = any([_write({q["own"]}), _write({q["other"]}), _write({q["hidden"]}),
           _write({q["out"]} + "/grades.csv"), _write({q["out"]} + "/feedback/hacked.html"),
           _write({q["checks_module"]}, "a"), _write({q["solution"]}, "a")])
''' + IF_OK_MAE,
        "a_kill_grader": '''
import os, signal
try:
    os.kill(os.getppid(), signal.SIGKILL)   # the grading process
    _ok = True
except Exception:
    _ok = False
''' + IF_OK_MAE,
        "f_infinite_loop": WRONG_MAE + "\nwhile True:\n    pass\n",
        "f_sigint_loop": '''
import signal
def mae(y_true, y_pred):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        pass
''',
        "f_os_exit": WRONG_MAE + "\nimport os\nos._exit(0)\n",
        "f_system_exit_top": RIGHT_MAE + "\nraise SystemExit\n",
        "f_system_exit_check": '''
def mae(y_true, y_pred):
    raise SystemExit(0)
''',
        "f_memory_bomb": WRONG_MAE + '''
_hog = []
while True:
    _hog.append(bytearray(64 << 20))
''',
        "f_big_output": WRONG_MAE + '\nprint("x" * (50 << 20))\n',
    }


def _nb_bytes(nb) -> bytes:
    return samples.to_bytes(nb)


def _edited(mutate) -> bytes:
    nb = samples.with_answers(EXERCISE, {"mae_code": WRONG_MAE})
    mutate(nb)
    return _nb_bytes(nb)


def _check_cells(nb):
    return [c for c in nb.cells if isinstance(c.metadata.get("lossedu", {}).get("check"), str)]


def _edit_checks(nb):
    for cell in _check_cells(nb):
        cell.source = 'print("✓ mae: 6/6 cases")'
        cell.metadata["lossedu"]["points"] = 100


def _delete_checks(nb):
    nb.cells = [c for c in nb.cells if c not in _check_cells(nb)]


def _strip_metadata(nb):
    for cell in _check_cells(nb):
        cell.metadata = {}
    for cell in nb.cells:  # also the mse answer cell: found again by its cell id
        if cell.metadata.get("lossedu", {}).get("answer") == "mse_code":
            cell.metadata = {}


def _duplicate_answer(nb):
    index = next(i for i, c in enumerate(nb.cells)
                 if c.metadata.get("lossedu", {}).get("answer") == "mae_code")
    copy = nbformat.from_dict(json.loads(json.dumps(nb.cells[index])))
    copy["id"] = "duplicated-mae"
    nb.cells.insert(index + 1, copy)


def _retype_answer(nb):
    for cell in nb.cells:
        if cell.metadata.get("lossedu", {}).get("answer") == "mae_code":
            cell.cell_type = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)


def _hidden_file(path: Path) -> None:
    y = np.array([1e6, -2e6, 3.5e6])
    p = np.array([1.5e6, -2.5e6, 3e6])
    cases = [{"label": "large values", "args": encode((y, p)), "kwargs": {}},
             {"label": "one value", "args": encode(([2.0], [5.0])), "kwargs": {}}]
    path.write_text(json.dumps({"exercise": EXERCISE, "checks": [
        {"id": "mse_hidden", "question": "mse_numpy", "points": 2, "title": "mse on unseen data",
         "cases": cases},
        {"id": "mae_hidden", "question": "mae_numpy", "points": 1, "title": "mae on unseen data",
         "cases": cases},
    ]}))


def _sha(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not solution_path(EXERCISE).exists():
        pytest.skip(f"{EXERCISE} is not written yet")
    root = tmp_path_factory.mktemp("grading")
    subs, out, hidden = root / "submissions", root / "gradebook", root / "hidden.json"
    subs.mkdir()
    _hidden_file(hidden)
    honest = _nb_bytes(samples.honest(EXERCISE))
    paths = {"hidden": hidden, "solution": solution_path(EXERCISE), "out": out,
             "other": subs / "ref.ipynb", "own": subs / "a_write_files.ipynb",
             "checks_module": Path(__import__("lossedu.checks.ex02").checks.ex02.__file__)}
    files = {
        "ref.ipynb": honest,
        "blank.ipynb": _nb_bytes(samples.blank(EXERCISE)),
        "c_edited_checks.ipynb": _edited(_edit_checks),
        "c_deleted_checks.ipynb": _edited(_delete_checks),
        "c_stripped_metadata.ipynb": _edited(_strip_metadata),
        "r_duplicated_answer.ipynb": _edited(_duplicate_answer),
        "r_retyped_answer.ipynb": _edited(_retype_answer),
        "s_invalid_json.ipynb": honest[: len(honest) // 2],
        "s_empty_file.ipynb": b"",
        "s_empty_notebook.ipynb": json.dumps({"cells": [], "metadata": {}, "nbformat": 4,
                                              "nbformat_minor": 5}).encode(),
        "s_old_format.ipynb": json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                                          "worksheets": [{"cells": []}]}).encode(),
        "s_wrong_notebook.ipynb": _nb_bytes(samples.honest("04_cross_entropy_exercise")),
        "s_wrong_file.pdf": b"%PDF-1.4 not a notebook",
        "smithjohn_12345_67890_02_mse_exercise.ipynb": honest,  # Canvas export name
    }
    for student, source in _attacks(paths).items():
        files[f"{student}.ipynb"] = _nb_bytes(samples.with_answers(EXERCISE,
                                                                   {"mae_code": source}))
    for name, data in files.items():
        (subs / name).write_bytes(data)
    folders = {
        "John Smith_12345_assignsubmission_file_": {"02_MSE_Exercise (1).ipynb": honest},
        "s_two_notebooks": {"02_mse_exercise.ipynb": honest,  # a pair is graded twice: 3
                            "02_mse_exercise (1).ipynb": honest,
                            "02_mse_exercise (2).ipynb": honest},
        "s_no_notebook": {"02_mse_exercise.py": b"print('hello')\n"},
        "renamed": {"my homework.ipynb": honest},
    }
    for folder, content in folders.items():
        (subs / folder).mkdir()
        for name, data in content.items():
            (subs / folder / name).write_bytes(data)
    # the grading run must not touch these
    before = _sha(subs), hidden.read_bytes(), solution_path(EXERCISE).read_bytes(), \
        paths["checks_module"].read_bytes()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = cli.main(["grade", str(subs), "--exercise", "02", "--hidden", str(hidden),
                           "--out", str(out), "--jobs", "2", "--timeout", "2", "--memory", "1024",
                           "--output-limit", "1", "--no-progress"])
    after = _sha(subs), hidden.read_bytes(), solution_path(EXERCISE).read_bytes(), \
        paths["checks_module"].read_bytes()
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    return {"status": status, "rows": rows, "summary": buffer.getvalue(), "out": out,
            "before": before, "after": after, "students": len(files) + len(folders)}


def _points(row) -> dict:
    return {key: int(row[key]) for key in FULL}


def assert_attack_contained(row, *, flag: str | None = None, status: str = "graded") -> None:
    """The attacked question (mae) gets nothing, everything else full points (a fault costs
    every question of the mae answer cell; a wrong mae, those that judge mae itself)."""
    points = _points(row)
    lost = ON_MAE if status == "graded-with-faults" or row["reason"] else ON_WRONG_MAE
    assert all(points[q] == 0 for q in lost), row
    others = {k: v for k, v in points.items() if k not in lost}
    assert others == {k: v for k, v in FULL.items() if k in others}, row
    assert int(row["score"]) == MAX - sum(FULL[q] for q in lost) and int(row["max"]) == MAX, row
    assert row["status"] == status, row
    if flag is not None:
        assert flag in row["flags"], row["flags"]


# ----------------------------------------------------------------------------- the run
def test_batch_finishes_with_exit_0_and_a_row_per_submission(graded):
    assert graded["status"] == 0
    assert len(graded["rows"]) == graded["students"]
    assert list(graded["rows"]) == sorted(graded["rows"], key=str.casefold)


def test_no_submission_or_instructor_file_is_modified(graded):
    assert graded["before"] == graded["after"]


def test_gradebook_is_ours(graded):
    text = (graded["out"] / "grades.csv").read_text()
    assert "HACKED" not in text
    assert not (graded["out"] / "feedback" / "hacked.html").exists()


def test_reference_gets_full_marks_and_no_flags(graded):
    row = graded["rows"]["ref"]
    assert _points(row) == FULL and int(row["score"]) == MAX
    assert row["status"] == "graded" and row["flags"] == "" and row["reason"] == ""


def test_blank_gets_zero(graded):
    row = graded["rows"]["blank"]
    assert int(row["score"]) == 0 and set(_points(row).values()) == {0}
    assert row["status"] == "graded"


def test_lms_export_names_are_understood(graded):
    for student in ("smithjohn", "John Smith", "renamed"):
        assert int(graded["rows"][student]["score"]) == MAX, student
    assert "does not name" in graded["rows"]["renamed"]["notes"]


# ----------------------------------------------------------------------------- check cells
@pytest.mark.parametrize("student,flag", [
    ("c_edited_checks", "edited check cell mae_numpy (ignored)"),
    ("c_edited_checks", "changed the points of mae_numpy to 100 (ignored)"),
    ("c_deleted_checks", "deleted check cell mae_numpy (ignored)"),
    ("c_stripped_metadata", "removed the metadata of check cell mae_numpy (ignored)"),
])
def test_check_cells_and_points_come_from_the_instructor(graded, student, flag):
    assert_attack_contained(graded["rows"][student], flag=flag)


def test_stripped_answer_metadata_is_found_by_cell_id(graded):
    assert "found by its cell id" in graded["rows"]["c_stripped_metadata"]["notes"]


@pytest.mark.parametrize("student,why", [("r_duplicated_answer", "duplicated"),
                                         ("r_retyped_answer", "retyped")])
def test_broken_answer_cells_score_zero_with_the_reason(graded, student, why):
    row = graded["rows"][student]
    assert_attack_contained(row)
    assert why in row["reason"] and "mae_code" in row["reason"]


# ----------------------------------------------------------------------------- tampering
@pytest.mark.parametrize("student,flag", [
    ("a_print_expected", "redefines check"),
    ("a_isclose", "patches math.isclose"),
    ("a_obfuscated", "patches math.isclose"),
    ("a_numpy", "patches numpy.mean"),
    ("a_transformer", "IPython hook"),
    ("a_read_secrets", "file access: open()"),
    ("a_write_files", "file access: open()"),
    ("a_kill_grader", "process control: os.kill()"),
])
def test_tampering_gets_no_credit_and_is_flagged(graded, student, flag):
    assert_attack_contained(graded["rows"][student], flag=flag)


def test_runtime_fingerprint_sees_patches_and_hooks(graded):
    # seen statically (with the answer cell) and at run time (then not repeated)
    assert "patches math.isclose (answer mae_code)" in graded["rows"]["a_isclose"]["flags"]
    # hidden from the static scan, seen by the fingerprint taken before and after the answers
    flags = graded["rows"]["a_obfuscated"]["flags"].split("; ")
    assert "patches math.isclose" in flags
    assert "IPython hook: event callback (post_run_cell)" in flags
    assert "dynamic code: __import__() (answer mae_code)" in flags
    flags = graded["rows"]["a_transformer"]["flags"]
    assert "IPython hook: input_transformers_cleanup" in flags or \
        "interfered with the check" in flags


def test_interfering_answers_do_not_cost_other_questions(graded):
    # np.mean = 0 and the transformer broke later questions in the shared kernel;
    # they were re-graded without the flagged answer
    for student in ("a_numpy", "a_transformer"):
        assert "re-graded without the flagged answers" in graded["rows"][student]["notes"]


def test_summary_lists_flagged_students_and_averages(graded):
    text = graded["summary"]
    assert "Flagged for review" in text and "a_isclose:" in text
    assert "mae_hidden (hidden)" in text and "Per question" in text


# ----------------------------------------------------------------------------- faults
@pytest.mark.parametrize("student,why", [
    ("f_infinite_loop", "timed out"),
    ("f_sigint_loop", "timed out"),
    ("f_os_exit", "stopped the kernel"),
    ("f_system_exit_top", "SystemExit"),
    ("f_system_exit_check", "SystemExit"),
    ("f_memory_bomb", "out of memory"),
    ("f_big_output", "MB of output"),
])
def test_faults_cost_only_their_question(graded, student, why):
    row = graded["rows"][student]
    assert_attack_contained(row, status="graded-with-faults")
    assert why in row["reason"], row["reason"]


# ----------------------------------------------------------------------------- statuses
@pytest.mark.parametrize("student,status,words", [
    ("s_invalid_json", "invalid-json", "not valid JSON"),
    ("s_empty_file", "empty-file", "empty"),
    ("s_empty_notebook", "empty-notebook", "no cells"),
    ("s_old_format", "old-format", "old format"),
    ("s_wrong_notebook", "wrong-notebook", "04_cross_entropy_exercise"),
    ("s_wrong_file", "not-a-notebook", "not a notebook"),  # s_wrong_file.pdf
    ("s_two_notebooks", "two-notebooks", "cannot tell which"),
    ("s_no_notebook", "no-notebook", "no .ipynb"),
])
def test_unusable_files_get_a_status_row(graded, student, status, words):
    row = graded["rows"][student]
    assert row["status"] == status and words in row["reason"], row
    assert int(row["score"]) == 0 and int(row["max"]) == MAX


# ----------------------------------------------------------------------------- feedback
def test_feedback_hides_hidden_checks_and_escapes_html(graded):
    feedback = graded["out"] / "feedback"
    assert len(list(feedback.glob("*.html"))) == graded["students"]
    text = (feedback / "a_print_expected.html").read_text()
    assert "mae on unseen data" in text and "hidden check" in text
    assert "large values" not in text and "1e+06" not in text  # hidden inputs never shown
    assert "✗ mae: " in text and "hint" in text.lower()
    ref = (feedback / "ref.html").read_text()
    assert f"{MAX} / {MAX} points" in ref and "<script" not in ref


def test_regrading_gives_the_same_gradebook(graded, tmp_path):
    """Regrade a few of the same files in another run: same rows, timing aside."""
    from lossedu.grading import grade

    subs = tmp_path / "again"
    subs.mkdir()
    picked = ["ref", "blank", "a_isclose", "f_os_exit", "s_invalid_json"]
    source = graded["out"].parent / "submissions"
    for student in picked:
        (subs / f"{student}.ipynb").write_bytes((source / f"{student}.ipynb").read_bytes())
    hidden = graded["out"].parent / "hidden.json"
    grade(subs, EXERCISE, hidden=hidden, out=tmp_path / "out", jobs=2, timeout=2,
          memory_mb=1024, output_mb=1)
    with open(tmp_path / "out" / "grades.csv", newline="", encoding="utf-8-sig") as handle:
        again = {row["student"]: row for row in csv.DictReader(handle)}
    assert sorted(again) == sorted(picked)
    for student in picked:
        first, second = dict(graded["rows"][student]), dict(again[student])
        first.pop("seconds"), second.pop("seconds")
        assert first == second, student


@pytest.mark.parametrize("name", [n for n in __import__("lossedu.exercises").exercises.EXERCISES
                                  if n != EXERCISE])
def test_every_exercise_reference_gets_full_marks_unflagged(name, tmp_path):
    from lossedu.exercises import student_path
    from lossedu.grading import grade

    if not (solution_path(name).exists() and student_path(name).exists()):
        pytest.skip(f"{name} is not written yet")
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "ref.ipynb").write_bytes(_nb_bytes(samples.honest(name)))
    report = grade(subs, name, out=tmp_path / "out", jobs=1, timeout=20)
    (row,) = report.rows
    assert row.status == "graded" and row.score == row.max_score > 0, row.reason
    assert row.flags == [], row.flags
    assert not [n for n in row.notes if n.startswith("set-up cell")], row.notes  # all ran
    assert row.kernels == row.forked == 1  # one kernel, forked by the zygote
