"""lossedu grade --lms: each file against a sample of its documented format (tests/data/lms/).

Rows are built directly (no grading) except in one test, which runs the generated Gradescope
``run_autograder`` on one submission in a folder laid out like Gradescope's /autograder.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lossedu import cli
from lossedu.exercises import solution_path
from lossedu.grading import lms
from lossedu.grading.engine import QuestionResult, Report, Row
from lossedu.grading.report import feedback_html, write_lms

DATA = Path(__file__).parent / "data" / "lms"
ROOT = Path(__file__).resolve().parents[1]
EX = "02_mse_exercise"
COLUMNS = [("mse_numpy", "mse", 3, False), ("mse_hidden", "mse on unseen data", 2, True)]


def _row(student, *, score=5, status="graded", lms_name="", student_id="", roster=None,
         reason=""):
    passed = score == 5
    questions = [
        QuestionResult("mse_numpy", "mse", 3, 3 if passed else 0, "pass" if passed else "fail",
                       "✓ mse: 7/7 cases" if passed else "✗ mse: case 1: expected 1, returned 2",
                       "" if passed else "did you divide by n?"),
        QuestionResult("mse_hidden", "mse on unseen data", 2, 2 if passed else 0,
                       "pass" if passed else "fail", "✗ mse: case large values [1e6]: expected 4",
                       hidden=True)]
    if status != "graded":
        questions = [QuestionResult(k, t, p, 0, "not graded", hidden=h) for k, t, p, h in COLUMNS]
        score = 0
    return Row(student=student, source=f"{student}.ipynb", status=status, reason=reason,
               score=score, max_score=5, questions=questions, notes=["a note"],
               student_id=student_id, lms=lms_name, roster=roster or {})


@pytest.fixture(scope="module")
def report():
    rows = [
        _row("Smith, John", student_id="12345", lms_name="canvas",
             roster={"Student": "Smith, John", "ID": "12345", "SIS User ID": "S0001",
                     "SIS Login ID": "jsmith", "Section": "Loss functions 101"}),
        _row("José Núñez", score=0, student_id="12346", lms_name="canvas"),
        _row("=cmd|' /C calc'!A0", status="invalid-json", reason="the file is not valid JSON",
             student_id="12347", lms_name="canvas"),
        _row("Wei_Zhang", student_id="7001", lms_name="moodle",
             roster={"Full name": "Wei Zhang", "ID number": "A002",
                     "Email address": "wei.zhang@example.com"}),
        _row("Wei Zhang", score=0, student_id="7002", lms_name="moodle"),
        _row("alice"),
    ]
    return Report(EX, rows, COLUMNS, None, [], 1.0, 1)


def _read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "UTF-8 with a byte-order mark (Excel)"
    return list(csv.reader(io.StringIO(text[1:])))


# ----------------------------------------------------------------------------- Canvas
def test_canvas_csv_has_the_gradebook_export_layout(report):
    sample = _read_csv((DATA / "canvas_gradebook_export.csv").read_text(encoding="utf-8"))
    text, warnings = lms.canvas_csv(report, assignment="HW 02", assignment_id="4411")
    table = _read_csv(text)
    assert table[0][:5] == sample[0][:5] and table[0][5] == "HW 02 (4411)"
    assert len(sample[0]) == len(table[0]) == 6
    # the Points Possible row, spelled and placed as Canvas exports it
    assert table[1][0] == sample[1][0] and table[1][1:5] == sample[1][1:5] == [""] * 4
    assert float(table[1][5]) == 5
    rows = {r[0]: r for r in table[2:]}
    assert rows["Smith, John"] == ["Smith, John", "12345", "S0001", "jsmith",
                                   "Loss functions 101", "5"]
    assert rows["José Núñez"][1:] == ["12346", "", "", "", "0"]  # graded 0 stays 0
    # not graded: blank (Canvas leaves the cell alone), and the name cannot be a formula
    assert rows["'=cmd|' /C calc'!A0"][5] == ""
    assert rows["Wei Zhang"][1] == ""  # a Moodle id is not a Canvas id
    (problem, students), = warnings.items()
    assert "no Canvas ID" in problem and students == ["Wei_Zhang", "Wei Zhang", "alice"]


def test_canvas_assignment_without_id_and_bad_ids(report):
    table = _read_csv(lms.canvas_csv(report, assignment="HW 02")[0])
    assert table[0][5] == "HW 02"
    with pytest.raises(ValueError, match="assignment_id"):
        lms.canvas_csv(report, assignment="HW 02", assignment_id="12a")
    with pytest.raises(ValueError, match="assignment"):
        lms.canvas_csv(report, assignment=" ")


# ----------------------------------------------------------------------------- Moodle
def test_moodle_csv_identity_columns_as_moodle_spells_them(report):
    with open(DATA / "moodle_grade_export.csv", newline="", encoding="utf-8") as handle:
        sample = next(csv.reader(handle))
    text, warnings = lms.moodle_csv(report, assignment="HW 02")
    table = _read_csv(text)
    header = table[0]
    # the columns the teacher maps to the user: as in Moodle's export
    for column in ("ID number", "Email address"):
        assert column in header and column in sample
    assert header[-1] == "HW 02" and "Username" in header
    rows = [dict(zip(header, r, strict=True)) for r in table[1:]]
    assert [r["Full name"] for r in rows] == ["Smith, John", "José Núñez", "'=cmd|' /C calc'!A0",
                                              "Wei Zhang", "Wei Zhang", "alice"]
    assert rows[3]["ID number"] == "A002" and rows[3]["HW 02"] == "5"
    assert rows[3]["Email address"] == "wei.zhang@example.com"
    assert float(rows[1]["HW 02"]) == 0
    assert rows[2]["HW 02"] == ""  # not graded: blank, which Moodle does not import
    (problem, students), = warnings.items()
    assert "username, ID number or email" in problem and "Wei_Zhang" not in students


def _moodle_accepts(path: str, participants: set) -> tuple[int, str] | None:
    """Python port of Moodle's assignfeedback_file_zip_importer::is_valid_filename_for_import
    (mod/assign/feedback/file/importziplib.php): (participant id, stored file name) or None."""
    name = path.rsplit("/", 1)[-1]
    if path.endswith("/") or name.startswith((".", "~")):
        return None
    parts = path.split("/")
    while parts:
        info = parts.pop(0).split("_", 4)
        if len(info) < 4 or not info[1].isdigit() or int(info[1]) not in participants:
            continue
        if (info[2], info[3]) != ("assignsubmission", "file"):
            continue
        parts.insert(0, info[4] if len(info) == 5 else "")
        return int(info[1]), "/".join(parts)
    return None


def test_the_moodle_port_agrees_with_moodles_own_tests():
    for line in (DATA / "moodle_feedback_zip.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        path, accepted, stored = line.split("\t")
        got = _moodle_accepts(path, {7001})
        assert (got is not None) == (accepted == "yes"), path
        if got:
            assert got == (7001, stored)


def test_moodle_feedback_zip_is_accepted_by_moodles_rules(report, tmp_path):
    pages = {id(row): feedback_html(row, EX) for row in report.rows}
    warnings = lms.moodle_feedback_zip(report, pages, tmp_path / "feedback.zip")
    with zipfile.ZipFile(tmp_path / "feedback.zip") as archive:
        members = archive.namelist()
        assert len(members) == 2
        for member in members:
            participant, stored = _moodle_accepts(member, {7001, 7002})
            assert stored == "/feedback.html"
            row = next(r for r in report.rows if r.student_id == str(participant))
            assert archive.read(member).decode("utf-8") == pages[id(row)]
    # the underscore in a student's name cannot shift the participant id
    assert any(m.startswith("Wei Zhang_7001_assignsubmission_file_/") for m in members)
    (problem, students), = warnings.items()
    assert "participant id" in problem and "alice" in students and "Smith, John" in students


# ----------------------------------------------------------------------------- Gradescope
def _documented(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def assert_gradescope_schema(result: dict) -> None:
    """results.json keys and types as in the documented example (tests/data/lms)."""
    documented = _documented("gradescope_results.json")
    assert set(result) <= set(documented), set(result) - set(documented)
    assert isinstance(result["score"], int | float)
    for test in result["tests"]:
        assert set(test) <= set(documented["tests"][0]), set(test) - set(documented["tests"][0])
        assert isinstance(test["score"], int | float) and isinstance(test["max_score"], int | float)
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] in ("hidden", "after_due_date", "after_published", "visible")
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
    if result["tests"]:
        assert result["score"] == sum(t["score"] for t in result["tests"])


def test_gradescope_results_follow_the_specification(report):
    failed = lms.gradescope_results(report.rows[1])
    assert_gradescope_schema(failed)
    public, hidden = failed["tests"]
    assert public["visibility"] == "visible" and "expected 1, returned 2" in public["output"]
    assert "did you divide by n?" in public["output"]
    assert hidden["visibility"] == lms.HIDDEN_VISIBILITY == "after_published"
    assert "1e6" not in hidden["output"] and "expected 4" not in hidden["output"]
    ungraded = lms.gradescope_results(report.rows[2])
    assert_gradescope_schema(ungraded)
    assert ungraded["tests"] == [] and ungraded["score"] == 0
    assert "not graded" in ungraded["output"] and "not valid JSON" in ungraded["output"]


def test_prairielearn_results_follow_the_documentation(report):
    documented = _documented("prairielearn_results.json")
    result = lms.prairielearn_results(report.rows[0])
    assert set(result) <= set(documented) and result["gradable"] is True
    assert result["score"] == 1.0
    for test in result["tests"]:
        assert set(test) <= set(documented["tests"][1])
        assert 0 <= test["points"] <= test["max_points"]
    assert lms.prairielearn_results(report.rows[1])["score"] == 0.0
    ungraded = lms.prairielearn_results(report.rows[2])
    assert ungraded["gradable"] is False and "score" not in ungraded
    assert "not valid JSON" in ungraded["format_errors"][0]


def test_prairielearn_run_writes_results_where_pl_reads_them(report, tmp_path, monkeypatch):
    monkeypatch.setattr(lms, "_grade_one", lambda folder, exercise, hidden: report.rows[0])
    (tmp_path / "student").mkdir()
    assert lms.main(["prairielearn", "--exercise", "02", "--root", str(tmp_path)]) == 0
    written = json.loads((tmp_path / "results" / "results.json").read_text(encoding="utf-8"))
    assert written == lms.prairielearn_results(report.rows[0])


def test_write_lms_writes_every_format(report, tmp_path):
    lines = write_lms(report, tmp_path, ["canvas", "moodle", "prairielearn"],
                      assignment="HW 02", assignment_id="4411")
    for name in ("canvas-grades.csv", "moodle-grades.csv", "moodle-feedback.zip"):
        assert (tmp_path / name).is_file() and any(name in line for line in lines)
    results = sorted(p.name for p in (tmp_path / "prairielearn").glob("*.json"))
    assert len(results) == len(report.rows)
    with pytest.raises(ValueError, match="--lms"):
        write_lms(report, tmp_path, ["blackboard"])


def _cli(*args):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(["grade", *map(str, args), "--no-progress"])
    return status, err.getvalue()


def test_cli_refuses_bad_lms_options_before_grading(tmp_path):
    status, err = _cli(tmp_path, "--exercise", "02", "--lms", "blackboard")
    assert status == 2 and "--lms 'blackboard'" in err and "canvas" in err
    status, err = _cli(tmp_path, "--exercise", "02", "--lms", "canvas", "--assignment-id", "x1")
    assert status == 2 and "--assignment-id" in err


@pytest.mark.skipif(not solution_path(EX).exists(), reason="exercise 02 not written")
def test_gradescope_bundle_grades_a_submission_like_gradescope(tmp_path):
    import numpy as np

    from lossedu.checks import encode
    from lossedu.grading import samples

    hidden = tmp_path / "hidden-02.json"  # as in docs/grading.md, step 3
    y, p = np.array([1e6, -2e6, 3.5e6]), np.array([1.5e6, -2.5e6, 3e6])
    hidden.write_text(json.dumps({"exercise": EX, "checks": [
        {"id": "mse_hidden", "question": "mse_numpy", "points": 2, "title": "mse on unseen data",
         "cases": [{"label": "large values", "args": encode((y, p)), "kwargs": {}}]}]}))
    bundle = lms.write_gradescope_bundle(tmp_path / "autograder.zip", "02", hidden)
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert {"setup.sh", "run_autograder"} <= set(names)  # at the root of the zip
        for name in ("setup.sh", "run_autograder"):
            assert (archive.getinfo(name).external_attr >> 16) & stat.S_IXUSR
        assert f"course/exercises/solutions/{EX}.ipynb" in names
        assert "course/lossedu/grading/lms.py" in names
        assert not any("__pycache__" in n for n in names)
        assert "hidden.json" in names
        archive.extractall(root / "source")
    pinned = set((ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())
    needed = (root / "source" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert needed and set(needed) <= pinned and any(n.startswith("numpy==") for n in needed)
    # a submission as Gradescope stores it: /autograder/submission/<the student's file>
    (root / "submission").mkdir()
    wrong = {"mae_code": "def mae(y_true, y_pred):\n    return 0.0\n"}
    (root / "submission" / "My HW.ipynb").write_bytes(
        samples.to_bytes(samples.with_answers(EX, wrong)))
    env = {**os.environ, "LOSSEDU_AUTOGRADER_ROOT": str(root), "LOSSEDU_PYTHON": sys.executable}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert_gradescope_schema(result)
    by_name = {t["name"]: t for t in result["tests"]}
    assert by_name["mae"]["status"] == "failed" and by_name["mae"]["score"] == 0
    assert by_name["mse"]["status"] == "passed" and by_name["mse"]["score"] == 3
    secret = by_name["mse on unseen data (hidden check)"]
    assert secret["visibility"] == "after_published" and secret["score"] == 2
    assert "large values" not in json.dumps(result)
    assert result["score"] <= sum(t["max_score"] for t in result["tests"]) - 2
