"""lossedu grade --lms: each file against a sample of its documented format (tests/data/lms/)
and against small Python ports of what the LMS does when it imports it (Canvas's
gradebook_importer.rb, Moodle's grade/import/csv/classes/load_data.php and
mod/assign/feedback/file/importziplib.php).

Rows are built directly (no grading) except in one test, which runs the generated Gradescope
``run_autograder`` script (with a stand-in Python that records its command line) and then
that command line in this process, grading one submission for real in a folder laid out like
Gradescope's /autograder. The real subprocess run, with the bundle's own copy of lossedu, is
``python benchmarks/run.py --only autograder``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import stat
import subprocess
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
        _row("=cmd|' /C calc'!A0", status="invalid-json",
             reason="the file is not valid JSON; was it cut off?", student_id="12347",
             lms_name="canvas"),
        _row("Wei_Zhang", student_id="7001", lms_name="moodle",
             roster={"Full name": "Wei Zhang", "ID number": "A002",
                     "Email address": "wei.zhang@example.com"}),
        _row("Wei Zhang", score=0, student_id="7002", lms_name="moodle"),
        _row("+Anne Able", score=0, student_id="7003", lms_name="moodle",
             roster={"First name": "+Anne", "Surname": "Able",
                     "Email address": "anne.able@example.com"}),
        _row("Bob Nobody", status="no-submission", reason="no submission was found",
             lms_name="moodle", roster={"Full name": "Bob Nobody", "ID number": "A009",
                                        "Email address": "bob@example.com"}),
        _row("alice"),
    ]
    return Report(EX, rows, COLUMNS, None, [], 1.0, 1)


def _read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "UTF-8 with a byte-order mark (Excel)"
    return list(csv.reader(io.StringIO(text[1:])))


# ----------------------------------------------------------------------------- Canvas
def _canvas_import(text: str, students: dict) -> dict:
    """What Canvas's GradebookImporter (app/models/gradebook_importer.rb) reads from ``text``:
    canvas user id -> the grade cell of the one assignment column. ``students``: canvas id ->
    (name, SIS user id, SIS login id). Ported: the header test (``Student``, ``ID``, the SIS
    columns, ``Section`` last), the Points Possible row, matching by ID, SIS User ID, SIS Login
    ID, then name. Canvas reads the file with the BOM as part of the first header."""
    table = list(csv.reader(io.StringIO(text)))
    header = table[0]
    assert "Student" in header[0] and "ID" in header[1], "Canvas: invalid header row"
    columns = 3
    if re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        columns += 2
    elif re.search(r"SIS\s+Login\s+ID", header[2]):
        columns += 1
    assert "Section" in header[columns - 1], "Canvas: invalid header row"
    assert len(header) == columns + 1, "one assignment column"
    grades = {}
    for row in table[1:]:
        if "Points Possible" in row[0]:
            continue
        found = row[1] if row[1] in students else None
        for index, part in ((2, 1), (3, 2)) if columns == 5 else ():
            found = found or next((k for k, s in students.items()
                                   if row[index] and s[part] == row[index]), None)
        found = found or next((k for k, s in students.items() if s[0] == row[0]), None)
        assert found is not None, f"Canvas asks what to do with {row[0]!r}"
        grades[found] = row[columns]
    return grades


CANVAS_STUDENTS = {"12345": ("Smith, John", "S0001", "jsmith"),
                   "12346": ("Núñez, José", "", ""), "12347": ("Calc, Eve", "", ""),
                   "555": ("alice", "", "")}


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
    assert not any("calc" in r[0] for r in table), "not graded: not in the file"
    assert rows["Wei Zhang"][1] == ""  # a Moodle id is not a Canvas id
    left_out, no_id = warnings.items()
    assert "not graded" in left_out[0] and left_out[1] == ["=cmd|' /C calc'!A0", "Bob Nobody"]
    assert "no Canvas ID" in no_id[0] and no_id[1] == ["Wei_Zhang", "Wei Zhang", "+Anne Able",
                                                       "alice"]


def test_canvas_imports_each_grade_to_its_student_and_touches_no_one_else(report):
    """Canvas reads a blank cell as "remove the grade" (gradebook_uploads: "update will
    remove grade"): a student who was not graded must not be in the file at all."""
    canvas_rows = [r for r in report.rows if r.lms == "canvas" or r.student == "alice"]
    text, _ = lms.canvas_csv(Report(EX, canvas_rows, COLUMNS, None, [], 1.0, 1),
                             assignment="HW 02")
    grades = _canvas_import(text, CANVAS_STUDENTS)
    assert grades == {"12345": "5", "12346": "0", "555": "5"}  # alice: matched by name
    assert "12347" not in grades  # invalid-json: absent, so Canvas keeps what it has


def test_canvas_warns_about_two_rows_with_one_canvas_id(report):
    twice = [report.rows[0], _row("Smith, John", score=0, student_id="12345", lms_name="canvas")]
    _, warnings = lms.canvas_csv(Report(EX, twice, COLUMNS, None, [], 1.0, 1), assignment="A")
    (problem, students), = warnings.items()
    assert "same Canvas ID" in problem and students == ["Smith, John"]


def test_canvas_assignment_without_id_and_bad_ids(report):
    table = _read_csv(lms.canvas_csv(report, assignment="HW 02")[0])
    assert table[0][5] == "HW 02"
    with pytest.raises(ValueError, match="assignment_id"):
        lms.canvas_csv(report, assignment="HW 02", assignment_id="12a")
    with pytest.raises(ValueError, match="assignment"):
        lms.canvas_csv(report, assignment=" ")


# ----------------------------------------------------------------------------- Moodle
def _moodle_import(text: str, map_from: str, users: dict, grade_column: str) -> dict:
    """What Moodle's gradeimport_csv_load_data::prepare_import_grade_data does with ``text``
    when the teacher maps ``map_from`` to the user and ``grade_column`` to the grade item:
    user -> grade (None: "no grade", which clears one). ``users``: value -> user. Ported
    faithfully, including that the user is not reset between rows (a blank identity cell
    keeps the row above's user) and that an unknown user aborts the whole import."""
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))  # Moodle trims it
    header = [h.strip() for h in table[0]]
    studentid, grades = None, {}
    for line in table[1:]:
        if len(line) <= 1:
            continue
        value = dict(zip(header, (v.strip() for v in line), strict=True))
        if value[map_from]:
            if value[map_from] not in users:
                raise AssertionError(f"Moodle: user mapping error ({value[map_from]})")
            studentid = users[value[map_from]]
        if studentid is None:
            raise AssertionError("Moodle: user not found, import aborted")
        grade = value[grade_column]
        grades[studentid] = None if grade in ("", "-") else float(grade)
    return grades


MOODLE_USERS = {"wei.zhang@example.com": "wei", "A002": "wei", "anne.able@example.com": "anne",
                "bob@example.com": "bob", "A009": "bob"}


def test_moodle_csv_imports_each_grade_to_its_student_whatever_column_is_mapped(report):
    with open(DATA / "moodle_grade_export.csv", newline="", encoding="utf-8") as handle:
        sample = next(csv.reader(handle))
    text, warnings = lms.moodle_csv(report, assignment="HW 02")
    header = _read_csv(text)[0]
    assert header[-1] == "HW 02"
    identity = header[1:-1]
    # the identity columns as Moodle spells them; only those every row has (Anne has no
    # ID number: mapping it would hand her grade to the row above)
    assert identity == ["Email address"] and all(c in sample for c in identity)
    for column in identity:
        assert _moodle_import(text, column, MOODLE_USERS, "HW 02") == {"wei": 5.0, "anne": 0.0}
    rows = _read_csv(text)[1:]
    assert [r[0] for r in rows] == ["Wei Zhang", "'+Anne Able"]  # never a formula
    by_problem = {problem.split(",")[0]: students for problem, students in warnings.items()}
    assert by_problem["not graded"] == ["=cmd|' /C calc'!A0", "Bob Nobody"]
    assert by_problem["no username"] == ["Smith, John", "José Núñez", "Wei Zhang", "alice"]


def test_moodle_csv_keeps_the_best_filled_identity_column_and_leaves_out_the_rest():
    rows = [_row("a", lms_name="moodle", roster={"ID number": "A1"}),
            _row("b", lms_name="moodle", roster={"ID number": "A2", "Email address": "b@x"}),
            _row("c", lms_name="moodle", roster={"Email address": "c@x"}),
            _row("d", lms_name="moodle", roster={"ID number": "A4"})]
    text, warnings = lms.moodle_csv(Report(EX, rows, COLUMNS, None, [], 1.0, 1), assignment="A")
    assert _read_csv(text)[0] == ["Full name", "ID number", "A"]
    assert _moodle_import(text, "ID number", {"A1": "a", "A2": "b", "A4": "d"}, "A") == \
        {"a": 5.0, "b": 5.0, "d": 5.0}
    (problem, students), = warnings.items()
    assert "no ID number" in problem and students == ["c"]


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
    seen = []
    for line in (DATA / "moodle_feedback_zip.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        path, accepted, stored = line.split("\t")
        got = _moodle_accepts(path, {7001})
        seen.append(accepted)
        assert (got is not None) == (accepted == "yes"), path
        if got:
            assert got == (7001, stored)
    assert {"yes", "no"} <= set(seen), seen  # the sample holds both kinds


def test_moodle_feedback_zip_is_accepted_by_moodles_rules(report, tmp_path):
    pages = {id(row): feedback_html(row, EX) for row in report.rows}
    warnings = lms.moodle_feedback_zip(report, pages, tmp_path / "feedback.zip")
    with zipfile.ZipFile(tmp_path / "feedback.zip") as archive:
        members = archive.namelist()
        assert len(members) == 3
        for member in members:
            participant, stored = _moodle_accepts(member, {7001, 7002, 7003})
            assert stored == "/feedback.html"
            row = next(r for r in report.rows if r.student_id == str(participant))
            assert archive.read(member).decode("utf-8") == pages[id(row)]
    # the underscore in a student's name cannot shift the participant id
    assert any(m.startswith("Wei Zhang_7001_assignsubmission_file_/") for m in members)
    (problem, students), = warnings.items()
    assert "participant id" in problem and "alice" in students and "Smith, John" in students
    assert "Bob Nobody" in students  # a roster student without a Moodle folder


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
    # what an answer returned is shown as text, never rendered; the flags printed for the
    # instructor (stdout) stay hidden from students
    assert failed["output_format"] == failed["test_output_format"] == "text"
    assert failed["test_name_format"] == "text" and failed["stdout_visibility"] == "hidden"
    ungraded = lms.gradescope_results(report.rows[2])
    assert_gradescope_schema(ungraded)
    assert ungraded["tests"] == [] and ungraded["score"] == 0
    assert ungraded["stdout_visibility"] == "hidden"
    assert ungraded["output"] == ("Your notebook was not graded: the file is not valid JSON; was "
                                  "it cut off? No points are recorded for it; fix it and submit "
                                  "again.")


def test_results_outputs_are_bounded():
    """A huge returned value in a line cannot make results.json too big (PrairieLearn: 1 MB)."""
    row = _row("x", score=0)
    row.questions[0].line = "✗ mse: returned " + "9" * 200_000
    for result in (lms.gradescope_results(row), lms.prairielearn_results(row)):
        assert len(json.dumps(result)) < 3 * lms.MAX_OUTPUT
        assert result["tests"][0]["output"].endswith("(cut: too long)")


def test_prairielearn_results_follow_the_documentation(report):
    documented = _documented("prairielearn_results.json")
    result = lms.prairielearn_results(report.rows[0])
    assert set(result) <= set(documented) and result["gradable"] is True
    assert result["score"] == 1.0
    assert len(result["tests"]) == len(COLUMNS)  # (the loop below checks each one)
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
    setup = (root / "source" / "setup.sh").read_text(encoding="utf-8")
    assert "-r /autograder/source/requirements.txt" in setup
    assert "-e /autograder/source/course" in setup
    # a submission as Gradescope stores it: /autograder/submission/<the student's file>
    (root / "submission").mkdir()
    wrong = {"mae_code": "def mae(y_true, y_pred):\n    return 0.0\n"}
    (root / "submission" / "My HW.ipynb").write_bytes(
        samples.to_bytes(samples.with_answers(EX, wrong)))
    # run_autograder as Gradescope runs it, with a stand-in Python recording its command line
    record, python = tmp_path / "argv", tmp_path / "python"
    python.write_text('#!/bin/sh\nprintf "%s\\n" "$PWD" "$PYTHONPATH" "$@" > "$RECORD"\n')
    python.chmod(0o755)
    env = {**os.environ, "LOSSEDU_AUTOGRADER_ROOT": str(root), "LOSSEDU_PYTHON": str(python),
           "RECORD": str(record)}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    cwd, pythonpath, *argv = record.read_text(encoding="utf-8").splitlines()
    assert cwd == str(root)  # the specification's working directory
    assert pythonpath.split(":")[0] == str(root / "source" / "course")  # the bundle's lossedu
    assert argv[:2] == ["-m", "lossedu.grading.lms"]
    # ... and that command line, run here: the grading is real (one sandboxed kernel)
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        assert lms.main(argv[2:]) == 0
    assert "graded, 20 / 22 points" in printed.getvalue()  # mae: 0 of 2
    result = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert_gradescope_schema(result)
    by_name = {t["name"]: t for t in result["tests"]}
    assert by_name["mae"]["status"] == "failed" and by_name["mae"]["score"] == 0
    assert by_name["mse"]["status"] == "passed" and by_name["mse"]["score"] == 3
    secret = by_name["mse on unseen data (hidden check)"]
    assert secret["visibility"] == "after_published" and secret["score"] == 2
    assert "large values" not in json.dumps(result)
    assert result["score"] == 20 == sum(t["max_score"] for t in result["tests"]) - 2


def test_no_student_text_can_be_a_spreadsheet_formula():
    from lossedu.grading.spreadsheet import cell, csv_text

    for text in ("=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"):
        assert cell(text).startswith("'"), text
    assert cell("José Núñez") == "José Núñez" and cell(None) == ""
    assert cell("a\r\nb\nc", one_line=True) == "a b c"
    assert csv_text([[cell("=x"), "y"]]) == "\ufeff'=x,y\r\n"


def test_write_lms_says_when_variants_are_not_carried_into_the_lms(report, tmp_path):
    rows = [_row("alice")]
    rows[0].variant = 3
    lines = write_lms(Report(EX, rows, COLUMNS, None, [], 1.0, 1), tmp_path, ["prairielearn"])
    assert any("WARNING" in line and "--variants" in line for line in lines)
    assert not any("WARNING" in line for line in write_lms(report, tmp_path, ["prairielearn"]))


def test_write_lms_carries_the_secret_into_the_gradescope_bundle_only_when_given(tmp_path):
    rows = [_row("alice")]
    rows[0].variant = 3
    varied = Report(EX, rows, COLUMNS, None, [], 1.0, 1)
    lines = write_lms(varied, tmp_path, ["gradescope"])  # graded with --variants, no secret
    assert any("WARNING" in line and "published data" in line for line in lines)
    with zipfile.ZipFile(tmp_path / "gradescope-autograder.zip") as archive:
        assert lms.SECRET_MEMBER not in archive.namelist()
    lines = write_lms(varied, tmp_path, ["gradescope"], variant_secret=b"s" * 32)
    assert not any("WARNING" in line for line in lines)
    assert any("course secret" in line for line in lines)
    with zipfile.ZipFile(tmp_path / "gradescope-autograder.zip") as archive:
        assert archive.read(lms.SECRET_MEMBER).strip() == b"s" * 32


def test_canvas_warns_when_a_name_ends_like_an_assignment_id(report):
    _, warnings = lms.canvas_csv(report, assignment="Homework (2)")
    assert any("assignment id" in problem for problem in warnings)
    _, warnings = lms.canvas_csv(report, assignment="Homework (2)", assignment_id="4411")
    assert not any("assignment id" in problem for problem in warnings)


@pytest.mark.skipif(not solution_path(EX).exists(), reason="exercise 02 not written")
def test_gradescope_bundle_grades_on_the_submitters_variant(tmp_path):
    import numpy as np

    from lossedu import exercise_data
    from lossedu.exercises import variant_version
    from lossedu.grading import samples
    from lossedu.variants import variant_of

    secret = b"a-course-secret-only-the-instructor-has"
    bundle = lms.write_gradescope_bundle(tmp_path / "autograder.zip", "02",
                                         variant_secret=secret)
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    assert (root / "source" / lms.SECRET_MEMBER).read_bytes().strip() == secret
    run = (root / "source" / "run_autograder").read_text(encoding="utf-8")
    assert f'--variant-secret "$ROOT/source/{lms.SECRET_MEMBER}"' in run
    # bob's notebook: his VARIANT line, his house-price numbers typed in
    alice, bob = "alice@example.edu", "bob@example.edu"
    own, classmate = variant_of(alice, EX, secret), variant_of(bob, EX, secret)
    true, pred = exercise_data.house_prices(classmate)
    mse = float(np.mean((true - pred) ** 2))
    typed = {"house_code": f"house_mse = {mse!r}\nhouse_rmse = {mse ** 0.5!r}\n"}
    (root / "submission").mkdir()
    (root / "submission" / "hw.ipynb").write_bytes(samples.to_bytes(
        variant_version(samples.with_answers(EX, typed), classmate)))
    argv = ["gradescope", "--root", str(root), "--exercise", EX, "--variant-secret",
            str(root / "source" / lms.SECRET_MEMBER)]

    def submitted_by(email):  # the submitter, as Gradescope describes them
        (root / "submission_metadata.json").write_text(json.dumps(
            {"id": 1, "users": [{"email": email, "id": 1234, "name": "A Student"}]}),
            encoding="utf-8")
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            assert lms.main(argv) == 0
        result = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
        assert_gradescope_schema(result)
        return printed.getvalue(), result, {t["name"]: t for t in result["tests"]}

    printed, result, by_name = submitted_by(bob)  # bob's own work: his numbers pass
    assert f"variant {classmate}" in printed and "variant mismatch" not in printed
    assert f"graded with variant {classmate}" in result["output"]
    assert by_name["house-price MSE and RMSE"]["status"] == "passed"
    printed, result, by_name = submitted_by(alice)  # alice hands in bob's: his numbers fail
    assert f"variant {own}" in printed and "variant mismatch" in printed  # (instructor only)
    assert f"graded with variant {own}" in result["output"] and own != classmate
    assert by_name["house-price MSE and RMSE"]["status"] == "failed"
    assert by_name["mse"]["status"] == "passed"  # code passes on any variant
    # a group submission has no one variant: the student is told, nothing is graded
    (root / "submission_metadata.json").write_text(json.dumps(
        {"users": [{"email": alice, "id": 1}, {"email": bob, "id": 2}]}), encoding="utf-8")
    with contextlib.redirect_stderr(io.StringIO()):
        assert lms.main(argv) == 2
    result = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert result["score"] == 0 and "group submission" in result["output"]


def test_prairielearn_runs_refuse_a_variant_secret(tmp_path):
    (tmp_path / "secret").write_text("x" * 32)
    with pytest.raises(SystemExit), contextlib.redirect_stderr(io.StringIO()) as err:
        lms.main(["prairielearn", "--exercise", "02", "--root", str(tmp_path),
                  "--variant-secret", str(tmp_path / "secret")])
    assert "--variant-secret" in err.getvalue()
