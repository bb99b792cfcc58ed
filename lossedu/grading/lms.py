"""Grades into a learning management system (LMS), and lossedu as an LMS's autograder.

One small writer per format, each following the format's published documentation:

* **Canvas** gradebook import (:func:`canvas_csv`): the columns of Canvas's own gradebook
  export, ``Student, ID, SIS User ID, SIS Login ID, Section``, then one assignment column
  named as Canvas names assignments, ``HW 02 (12345)`` when the assignment id is known, and
  a ``Points Possible`` row. Canvas matches students by ``ID`` (the Canvas user id of the
  download's file names) or the SIS ids; a blank score leaves the gradebook cell as it is.
  Guide: https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807
* **Moodle** grade import (:func:`moodle_csv`): Grades > Import > CSV file, where the teacher
  maps one identity column (``Username``, ``ID number`` or ``Email address``) to the
  user and the assignment column to its grade item; a blank grade is not imported.
  https://docs.moodle.org/en/Grade_import (code: grade/import/csv/classes/load_data.php).
* **Moodle** feedback files (:func:`moodle_feedback_zip`): the assignment's "Upload multiple
  feedback files in a zip" takes folders named ``Full Name_<participant id>_assignsubmission_file_``
  (the names of its "Download all submissions"); only the participant id is read.
  https://docs.moodle.org/en/Assignment_settings#Feedback_types
  (code: mod/assign/feedback/file/importziplib.php, ``is_valid_filename_for_import``).
* **Gradescope** autograder (:func:`write_gradescope_bundle`, :func:`gradescope_results`): a zip
  with ``setup.sh`` and ``run_autograder`` at its root; ``run_autograder`` grades
  ``/autograder/submission`` with lossedu and writes ``/autograder/results/results.json``
  (``score``, ``tests`` with ``name``, ``score``, ``max_score``, ``status``, ``visibility``,
  ``output``). https://gradescope-autograders.readthedocs.io/en/latest/specs/
* **PrairieLearn** external grader (:func:`prairielearn_results`): ``/grade/results/results.json``
  with ``gradable``, ``score`` in [0, 1], ``message``, ``output`` and ``tests`` (``name``,
  ``points``, ``max_points``, ``message``, ``output``).
  https://prairielearn.readthedocs.io/en/latest/externalGrading/

Students see in these files what their feedback page shows (hidden checks by name and result
only); flags stay with the instructor (Gradescope's stdout, not results.json). CSV files are
UTF-8 with a byte-order mark, so that Excel shows accented names correctly.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import zipfile
from pathlib import Path

from lossedu.grading.engine import FAULT, GRADED, Q_PASS, GradingError, Report, Row

#: the values of ``lossedu grade --lms``
FORMATS = ("canvas", "moodle", "gradescope", "prairielearn")

#: Canvas gradebook export's identity columns, in its order
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: identity columns of the Moodle grade import file (any one can be mapped to the user)
MOODLE_COLUMNS = ("Full name", "Username", "ID number", "Email address")
#: Gradescope's visibility of a hidden check's test (shown once the grades are published)
HIDDEN_VISIBILITY = "after_published"

BOM = "\ufeff"


# ----------------------------------------------------------------------------- shared
def graded(row: Row) -> bool:
    """Whether the row has a score (its notebook was graded, perhaps with faults)."""
    return row.status in (GRADED, FAULT)


def _roster(row: Row, *columns: str) -> str:
    """The first non-empty value of ``columns`` in the row's roster entry (case ignored)."""
    entry = {str(k).strip().casefold(): v for k, v in (getattr(row, "roster", None) or {}).items()}
    for column in columns:
        value = entry.get(column.casefold())
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _text(value) -> str:
    """CSV-safe text from a student (a leading = + - @ would be a spreadsheet formula)."""
    text = "" if value is None else str(value).replace("\r", " ").replace("\n", " ")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t") else text


def _csv(rows: list) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return BOM + buffer.getvalue()


def _lms_id(row: Row, lms: str) -> str:
    """The id the file name gave for this LMS (Canvas user id, Moodle participant id)."""
    if getattr(row, "lms", "") == lms:
        return str(getattr(row, "student_id", "") or "")
    return ""


# ----------------------------------------------------------------------------- Canvas
def canvas_csv(report: Report, *, assignment: str, assignment_id: str | None = None
               ) -> tuple[str, dict]:
    """Canvas gradebook import file of ``report`` and the warnings for the instructor
    (problem -> students).

    Parameters
    ----------
    assignment : str
        The assignment's name in Canvas (e.g. ``"HW 02"``).
    assignment_id : str, optional
        Its Canvas id (the number in its address, ``.../assignments/12345``): the column is
        then ``"HW 02 (12345)"``, which Canvas matches to the existing assignment; without
        it Canvas matches by name, or creates a new assignment.
    """
    if not str(assignment).strip():
        raise ValueError("assignment: the Canvas assignment name must not be empty")
    if assignment_id is not None and not re.fullmatch(r"\d+", str(assignment_id)):
        raise ValueError(f"assignment_id: expected the number of a Canvas assignment, got "
                         f"{assignment_id!r}")
    column = f"{assignment} ({assignment_id})" if assignment_id else str(assignment)
    max_score = report.rows[0].max_score if report.rows else sum(c[2] for c in report.columns)
    table = [[*CANVAS_COLUMNS, column], ["    Points Possible", "", "", "", "", max_score]]
    warnings: dict = {}
    for row in report.rows:
        ident = _roster(row, "ID") or _lms_id(row, "canvas")
        sis_user, sis_login = _roster(row, "SIS User ID"), _roster(row, "SIS Login ID")
        if not (ident or sis_user or sis_login):
            warnings.setdefault("no Canvas ID or SIS id (Canvas can only match them by name; "
                                "give --roster with Canvas's gradebook export)", []
                                ).append(row.student)
        table.append([_text(_roster(row, "Student") or row.student), ident, _text(sis_user),
                      _text(sis_login), _text(_roster(row, "Section")),
                      row.score if graded(row) else ""])
    return _csv(table), warnings


# ----------------------------------------------------------------------------- Moodle
def moodle_csv(report: Report, *, assignment: str) -> tuple[str, dict]:
    """Moodle grade import file (Grades > Import > CSV file) and warnings (problem -> students).

    Columns: ``Full name, Username, ID number, Email address`` (from ``--roster``; map one of
    the last three to the user), then ``assignment`` (map it to the assignment's grade item).
    Rows that were not graded have an empty grade, which Moodle does not import.
    """
    if not str(assignment).strip():
        raise ValueError("assignment: the Moodle grade item name must not be empty")
    table = [[*MOODLE_COLUMNS, str(assignment)]]
    warnings: dict = {}
    for row in report.rows:
        full = _roster(row, "Full name") or " ".join(
            p for p in (_roster(row, "First name"), _roster(row, "Last name", "Surname")) if p)
        ids = [_roster(row, "Username"), _roster(row, "ID number"), _roster(row, "Email address",
                                                                             "Email")]
        if not any(ids):
            warnings.setdefault("no username, ID number or email address (Moodle cannot match "
                                "them; give --roster with Moodle's grade export)", []
                                ).append(row.student)
        table.append([_text(full or row.student), *map(_text, ids),
                      row.score if graded(row) else ""])
    return _csv(table), warnings


def moodle_folder(row: Row) -> str | None:
    """``Full Name_<participant id>_assignsubmission_file_``, or None without a Moodle id."""
    participant = _lms_id(row, "moodle")
    if not participant.isdigit():
        return None
    # Moodle splits the folder name at "_" and reads the second part as the participant id
    name = re.sub(r"[_/\\\x00-\x1f]+", " ", _roster(row, "Full name") or row.student).strip()
    return f"{name or 'Student'}_{participant}_assignsubmission_file_"


def moodle_feedback_zip(report: Report, pages: dict, path: str | Path,
                        filename: str = "feedback.html") -> dict:
    """Write the zip for Moodle's "Upload multiple feedback files in a zip"; return warnings
    (problem -> students).

    ``pages`` maps each row (by ``id``) to its feedback page (HTML text). A row without a
    Moodle participant id (its file did not come from Moodle's download) is left out and
    named in the warnings.
    """
    warnings: dict = {}
    tmp = Path(str(path) + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in report.rows:
            folder = moodle_folder(row)
            if folder is None:
                warnings.setdefault("no Moodle participant id in the file name (not from "
                                    "Moodle's download): feedback not in the zip", []
                                    ).append(row.student)
                continue
            archive.writestr(f"{folder}/{filename}", pages[id(row)])
    os.replace(tmp, path)
    return warnings


# ----------------------------------------------------------------------------- Gradescope
def _test_output(question) -> str:
    if question.hidden:
        return ("A hidden check: it tests the same function on cases you have not seen; its "
                "inputs and expected results are not shown.")
    return question.line + (f"\nHint: {question.hint}" if question.hint else "")


def _not_graded_message(row: Row) -> str:
    return (f"Your notebook was not graded: {row.reason or row.status}. No points are "
            "recorded for it; fix it and submit again.")


def gradescope_results(row: Row) -> dict:
    """Gradescope's results.json for one graded submission (specs: see the module docstring)."""
    if not graded(row):
        return {"score": 0, "output": _not_graded_message(row), "tests": []}
    tests = []
    for number, q in enumerate(row.questions, start=1):
        tests.append({
            "name": q.title + (" (hidden check)" if q.hidden else ""), "number": str(number),
            "score": q.points, "max_score": q.max_points,
            "status": "passed" if q.status == Q_PASS else "failed",
            "visibility": HIDDEN_VISIBILITY if q.hidden else "visible",
            "output": _test_output(q),
        })
    notes = [n for n in row.notes if n]
    result = {"score": row.score, "execution_time": round(row.seconds), "tests": tests}
    if notes:
        result["output"] = "Notes:\n" + "\n".join(f"- {n}" for n in notes)
    return result


def prairielearn_results(row: Row) -> dict:
    """PrairieLearn's external-grader results.json for one submission."""
    if not graded(row):
        message = _not_graded_message(row)
        return {"gradable": False, "format_errors": [message], "message": message}
    tests = [{"name": q.title + (" (hidden check)" if q.hidden else ""),
              "points": q.points, "max_points": q.max_points,
              "message": "passed" if q.status == Q_PASS else "failed",
              "output": _test_output(q)} for q in row.questions]
    return {"gradable": True, "score": row.score / row.max_score if row.max_score else 0.0,
            "message": f"{row.score} / {row.max_score} points",
            "output": "\n".join(n for n in row.notes if n), "tests": tests}


_SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image (choose an Ubuntu 24.04 base:
# lossedu needs Python 3.11 or newer). Generated by `lossedu grade --lms gradescope`.
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --no-cache-dir -r /autograder/source/requirements.txt
/autograder/venv/bin/pip install --no-cache-dir --no-deps -e /autograder/source/course
"""

_RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: lossedu grades /autograder/submission and writes
# /autograder/results/results.json. Generated by `lossedu grade --lms gradescope`.
ROOT="${{LOSSEDU_AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{LOSSEDU_PYTHON:-$ROOT/venv/bin/python}}"
cd "$ROOT"
exec "$PYTHON" -m lossedu.grading.lms gradescope --root "$ROOT" --exercise {exercise}{hidden}
"""


def _grader_requirements(root: Path) -> str:
    """The pinned lines of requirements.txt that grading needs: the package's dependencies
    (pyproject.toml) and the kernel's (ipykernel, psutil, pyzmq, jupyter_client)."""
    import tomllib

    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0].strip().lower().replace("_", "-")
              for dep in project.get("dependencies", [])}
    wanted |= {"ipykernel", "psutil", "pyzmq", "jupyter-client"}
    lines = []
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name = re.split(r"[<>=!~\[; ]", line.strip(), maxsplit=1)[0].lower().replace("_", "-")
        if name and not line.lstrip().startswith(("#", "-")) and name in wanted:
            lines.append(line.strip())
    return "\n".join(lines) + "\n"


def write_gradescope_bundle(path: str | Path, exercise: str, hidden: str | Path | None = None
                            ) -> Path:
    """Write the Gradescope autograder zip for ``exercise`` (and its hidden checks) to ``path``.

    The zip holds, at its root: ``setup.sh`` (Python venv, the pinned requirements, the course
    package), ``run_autograder``, ``requirements.txt``, ``course/`` (the lossedu package and
    this exercise's solution notebook only) and ``hidden.json`` when given.
    """
    from lossedu.exercises import DEFAULT_EXERCISES_DIR, resolve_exercise, solution_path

    name = resolve_exercise(exercise)
    package = Path(__file__).resolve().parents[1]
    root = DEFAULT_EXERCISES_DIR.parent
    solution = solution_path(name)
    if not solution.exists():
        raise GradingError(f"no solution notebook for {name} (expected {solution})")
    hidden_line = " --hidden \"$ROOT/source/hidden.json\"" if hidden is not None else ""
    files = {
        "setup.sh": _SETUP_SH,
        "run_autograder": _RUN_AUTOGRADER.format(exercise=name, hidden=hidden_line),
        "requirements.txt": _grader_requirements(root),
        "course/pyproject.toml": (root / "pyproject.toml").read_text(encoding="utf-8"),
        "course/README.md": f"The lossedu package and the solution of {name}, for grading.\n",
    }
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in files.items():
            info = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            executable = member in ("setup.sh", "run_autograder")
            info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
        for file in sorted(package.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".pyc":
                archive.write(file, "course/lossedu/" + file.relative_to(package).as_posix())
        archive.write(solution, f"course/exercises/solutions/{solution.name}")
        if hidden is not None:
            archive.write(hidden, "hidden.json")
    os.replace(tmp, path)
    return path


# ----------------------------------------------------------------------------- in the LMS
def _grade_one(submission: Path, exercise: str, hidden: str | None) -> Row:
    """Grade the one submission in ``submission`` (a folder of the student's files)."""
    from lossedu.grading.engine import grade

    with tempfile.TemporaryDirectory(prefix="lossedu-lms-") as tmp:
        folder = Path(tmp) / "submissions" / "submission"
        shutil.copytree(submission, folder, symlinks=True)
        report = grade(folder.parent, exercise, hidden=hidden, out=Path(tmp) / "out",
                       write=False, jobs=1)
    if len(report.rows) != 1:  # one folder: always one row
        raise GradingError(f"expected one submission, found {len(report.rows)}")
    return report.rows[0]


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def run_in_lms(lms: str, root: str | Path, exercise: str, hidden: str | None = None) -> int:
    """Grade the submission an LMS put under ``root`` and write its results.json there.

    Gradescope: ``root/submission`` -> ``root/results/results.json``; PrairieLearn:
    ``root/student`` -> ``root/results/results.json``. Flags and notes for the instructor go
    to stdout (Gradescope shows it to instructors only). Returns the exit status.
    """
    root = Path(root)
    submission = root / ("submission" if lms == "gradescope" else "student")
    results = root / "results" / "results.json"
    try:
        row = _grade_one(submission, exercise, hidden)
    except (GradingError, OSError) as error:
        message = f"The autograder could not run: {error}. Please tell your instructor."
        data = ({"score": 0, "output": message, "tests": []} if lms == "gradescope" else
                {"gradable": False, "format_errors": [message], "message": message})
        _write_json(results, data)
        print(f"lossedu: {error}", file=sys.stderr)
        return 2
    _write_json(results, gradescope_results(row) if lms == "gradescope"
                else prairielearn_results(row))
    print(f"lossedu grade: {row.status}, {row.score} / {row.max_score} points")
    for flag in row.flags:
        print(f"  flag for review: {flag}")
    for warning in row.warnings:
        print(f"  WARNING: sandbox incomplete in this container: {warning}")
    return 0


def main(argv=None) -> int:
    """``python -m lossedu.grading.lms gradescope|prairielearn --exercise NAME``."""
    parser = argparse.ArgumentParser(
        prog="python -m lossedu.grading.lms",
        description="Grade the one submission an LMS autograder container holds and write its "
        "results.json (Gradescope: ROOT/submission; PrairieLearn: ROOT/student).")
    parser.add_argument("lms", choices=("gradescope", "prairielearn"))
    parser.add_argument("--exercise", required=True, metavar="NAME")
    parser.add_argument("--hidden", default=None, metavar="FILE")
    parser.add_argument("--root", default=None, metavar="DIR",
                        help="default: /autograder (Gradescope), /grade (PrairieLearn)")
    args = parser.parse_args(argv)
    root = args.root or ("/autograder" if args.lms == "gradescope" else "/grade")
    return run_in_lms(args.lms, root, args.exercise, args.hidden)


if __name__ == "__main__":
    raise SystemExit(main())
