"""Grades into a learning management system (LMS), and lossedu as an LMS's autograder.

One small writer per format, each following the format's published documentation (and, where
the documentation is silent, the LMS's own code, cited):

* **Canvas** gradebook import (:func:`canvas_csv`): the columns of Canvas's own gradebook
  export, ``Student, ID, SIS User ID, SIS Login ID, Section``, then one assignment column
  named as Canvas names assignments, ``HW 02 (12345)`` when the assignment id is known, and
  a ``Points Possible`` row. Canvas matches a student by ``ID`` (the Canvas user id of the
  download's file names), else ``SIS User ID``, else ``SIS Login ID``, else the name.
  A blank cell is not "no change": where Canvas has a score, a blank *removes* it
  (``gradebook_uploads``: "update will remove grade"), so rows that were not graded are left
  out of the file (students absent from the file keep what they have).
  Guide: https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807
  (code: app/models/gradebook_importer.rb).
* **Moodle** grade import (:func:`moodle_csv`): Grades > Import > CSV file, where the teacher
  maps one identity column (``Username``, ``ID number`` or ``Email address``) to the user
  and the assignment column to its grade item. Moodle reads a blank grade as "no grade" (it
  clears an existing one), stops the whole import at a user it cannot find, and gives a row
  whose identity cell is blank the grade of the row above (the user is not reset between
  rows): so only graded rows are written, and only identity columns that every written row
  has. https://docs.moodle.org/en/Grade_import (code: grade/import/csv/classes/load_data.php,
  grade/import/lib.php).
* **Moodle** feedback files (:func:`moodle_feedback_zip`): the assignment's "Upload multiple
  feedback files in a zip" takes folders named ``Full Name_<participant id>_assignsubmission_file_``
  (the names of its "Download all submissions"); only the participant id is read.
  https://docs.moodle.org/en/Assignment_settings#Feedback_types
  (code: mod/assign/feedback/file/importziplib.php, ``is_valid_filename_for_import``).
* **Gradescope** autograder (:func:`write_gradescope_bundle`, :func:`gradescope_results`): a zip
  with ``setup.sh`` and ``run_autograder`` at its root; ``run_autograder`` grades
  ``/autograder/submission`` with lossedu and writes ``/autograder/results/results.json``
  (``score``, ``tests`` with ``name``, ``score``, ``max_score``, ``status``, ``visibility``,
  ``output``; plain-text output formats; ``stdout_visibility: hidden``: the flags printed for
  the instructor stay hidden from students). https://gradescope-autograders.readthedocs.io/en/latest/specs/
  With ``--variants`` the bundle also holds the course secret, and each submission is graded
  on the variant of its submitter's ``email`` in ``/autograder/submission_metadata.json``
  (:func:`gradescope_identity`; https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/).
* **PrairieLearn** external grader (:func:`prairielearn_results`): ``/grade/results/results.json``
  with ``gradable``, ``score`` in [0, 1], ``message``, ``output`` and ``tests`` (``name``,
  ``points``, ``max_points``, ``message``, ``output``); at most 1 MB.
  https://prairielearn.readthedocs.io/en/latest/externalGrading/
  No ``--variants`` there: the grader's documented inputs (``/grade/data/data.json``: the
  question's params and submitted answers) name no student, so no variant can be derived.

Students see in these files what their feedback page shows (hidden checks by name and result
only); flags stay with the instructor (Gradescope's stdout, not results.json). CSV files are
UTF-8 with a byte-order mark (:mod:`lossedu.grading.spreadsheet`), so that Excel shows
accented names correctly, and student text in them cannot be a spreadsheet formula.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import zipfile
from pathlib import Path

# first: lossedu.exercises keeps jsonschema from compiling a grammar nbformat never uses
# (about a second at every start of `python -m lossedu.grading.lms` in an autograder)
import lossedu.exercises  # noqa: F401  isort: skip
from lossedu.grading.engine import FAULT, GRADED, Q_PASS, GradingError, Report, Row
from lossedu.grading.spreadsheet import cell, csv_text

#: the values of ``lossedu grade --lms``
FORMATS = ("canvas", "moodle", "gradescope", "prairielearn")

#: Canvas gradebook export's identity columns, in its order
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: identity columns of the Moodle grade import file that can be mapped to the user
MOODLE_IDENTITY = ("Email address", "ID number", "Username")
#: Gradescope's visibility of a hidden check's test (shown once the grades are published)
HIDDEN_VISIBILITY = "after_published"
#: longest text of one test's output in results.json (PrairieLearn takes at most 1 MB)
MAX_OUTPUT = 4000
#: the field of submission_metadata.json's ``users`` entries a Gradescope variant belongs to
#: (Gradescope's roster download has it, so variants can be released from that roster)
GRADESCOPE_IDENTITY = "email"
#: the course secret's name in the Gradescope bundle (``--variants``)
SECRET_MEMBER = "variant-secret"

_LEFT_OUT = ("not graded, so not in the file (a blank cell would erase the grade the LMS "
             "has; enter these by hand if needed)")


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
    """One-line CSV-safe text (:func:`lossedu.grading.spreadsheet.cell`)."""
    return cell(value, one_line=True)


def _lms_id(row: Row, lms: str) -> str:
    """The id the file name gave for this LMS (Canvas user id, Moodle participant id)."""
    if getattr(row, "lms", "") == lms:
        return str(getattr(row, "student_id", "") or "")
    return ""


def _warn(warnings: dict, problem: str, student: str) -> None:
    warnings.setdefault(problem, []).append(student)


# ----------------------------------------------------------------------------- Canvas
def canvas_csv(report: Report, *, assignment: str, assignment_id: str | None = None
               ) -> tuple[str, dict]:
    """Canvas gradebook import file of ``report`` and the warnings for the instructor
    (problem -> students).

    Only graded rows are written: Canvas reads a blank cell as "remove the grade", and leaves
    students who are not in the file alone.

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
    if not assignment_id and re.fullmatch(r".*\s\(\d+\)", str(assignment)):
        # Canvas reads "Name (123)" as assignment 123 (Assignment.title_and_id)
        warnings[f"the column {column!r} ends like a Canvas assignment id; Canvas reads the "
                 "number as one (give --assignment-id, or rename)"] = []
    seen: dict = {}
    for row in report.rows:
        if not graded(row):
            _warn(warnings, _LEFT_OUT, row.student)
            continue
        ident = _roster(row, "ID") or _lms_id(row, "canvas")
        sis_user, sis_login = _roster(row, "SIS User ID"), _roster(row, "SIS Login ID")
        if not (ident or sis_user or sis_login):
            _warn(warnings, "no Canvas ID or SIS id (Canvas can only match them by name; give "
                  "--roster with Canvas's gradebook export)", row.student)
        elif ident in seen:
            _warn(warnings, "the same Canvas ID as another row (Canvas keeps the last one: "
                  "check which is right)", row.student)
        seen.setdefault(ident, row)
        table.append([_text(_roster(row, "Student") or row.student), ident, _text(sis_user),
                      _text(sis_login), _text(_roster(row, "Section")), row.score])
    return csv_text(table), warnings


# ----------------------------------------------------------------------------- Moodle
def moodle_csv(report: Report, *, assignment: str) -> tuple[str, dict]:
    """Moodle grade import file (Grades > Import > CSV file) and warnings (problem -> students).

    Columns: ``Full name`` (to read; not mapped), the identity columns of
    :data:`MOODLE_IDENTITY` that every written row has (from ``--roster``; map one of them
    to the user), then ``assignment`` (map it to the assignment's grade item). Only graded
    rows with an identity are written: Moodle clears a grade for a blank cell, aborts at an
    unknown user, and gives a row with a blank identity the grade of the row above.
    """
    if not str(assignment).strip():
        raise ValueError("assignment: the Moodle grade item name must not be empty")
    warnings: dict = {}
    rows = []
    for row in report.rows:
        if not graded(row):
            _warn(warnings, _LEFT_OUT, row.student)
            continue
        ids = {"Email address": _roster(row, "Email address", "Email"),
               "ID number": _roster(row, "ID number"), "Username": _roster(row, "Username")}
        if not any(ids.values()):
            _warn(warnings, "no username, ID number or email address, so not in the file "
                  "(not matched to a student of --roster, Moodle's grade export)", row.student)
            continue
        rows.append((row, ids))
    # a column with a blank cell would hand that row's grade to the row above: keep only
    # columns every row has; if none is complete, the best-filled one, without the others
    columns = [c for c in MOODLE_IDENTITY if all(ids[c] for _, ids in rows)]
    if rows and not columns:
        best = max(MOODLE_IDENTITY, key=lambda c: sum(1 for _, ids in rows if ids[c]))
        for row, ids in rows:
            if not ids[best]:
                _warn(warnings, f"no {best} (the only identity column most rows have), so not "
                      "in the file", row.student)
        rows = [(row, ids) for row, ids in rows if ids[best]]
        columns = [best]
    if not rows:
        columns = list(MOODLE_IDENTITY)
    table = [["Full name", *columns, str(assignment)]]
    for row, ids in rows:
        full = _roster(row, "Full name") or " ".join(
            p for p in (_roster(row, "First name"), _roster(row, "Last name", "Surname")) if p)
        table.append([_text(full or row.student), *[_text(ids[c]) for c in columns], row.score])
    return csv_text(table), warnings


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
def _cut(text: str, limit: int = MAX_OUTPUT) -> str:
    return text if len(text) <= limit else text[: limit - 40].rstrip() + "\n... (cut: too long)"


def _test_output(question) -> str:
    if question.hidden:
        return ("A hidden check: it tests the same function on cases you have not seen; its "
                "inputs and expected results are not shown.")
    return _cut(question.line + (f"\nHint: {question.hint}" if question.hint else ""))


def _sentence(text: str) -> str:
    """``text`` ending with one full stop (a reason may end with its own "?" or ".")."""
    text = text.strip().rstrip(".")
    return text if text.endswith(("?", "!")) else text + "."


def _not_graded_message(row: Row) -> str:
    return _cut(f"Your notebook was not graded: {_sentence(row.reason or row.status)} No points "
                "are recorded for it; fix it and submit again.")


def gradescope_results(row: Row) -> dict:
    """Gradescope's results.json for one submission (specs: see the module docstring).

    Outputs are plain text (``output_format``, ``test_output_format`` and
    ``test_name_format`` are ``"text"``: what a student's answer returned is shown, never
    rendered); ``stdout_visibility`` is ``"hidden"`` (the flags printed for the instructor).
    A submission that could not be graded scores 0 with the reason (Gradescope has no
    "not gradable"; the student can submit again).
    """
    formats = {"output_format": "text", "test_output_format": "text",
               "test_name_format": "text", "stdout_visibility": "hidden"}
    if not graded(row):
        return {"score": 0, "output": _not_graded_message(row), **formats, "tests": []}
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
    result = {"score": row.score, "execution_time": round(row.seconds), **formats}
    if notes:
        result["output"] = _cut("Notes:\n" + "\n".join(f"- {n}" for n in notes))
    result["tests"] = tests
    return result


def prairielearn_results(row: Row) -> dict:
    """PrairieLearn's external-grader results.json for one submission: a notebook that could
    not be graded is ``"gradable": false`` (no attempt used, no points given or taken)."""
    if not graded(row):
        message = _not_graded_message(row)
        return {"gradable": False, "format_errors": [message], "message": message}
    tests = [{"name": q.title + (" (hidden check)" if q.hidden else ""),
              "points": q.points, "max_points": q.max_points,
              "message": "passed" if q.status == Q_PASS else "failed",
              "output": _test_output(q)} for q in row.questions]
    return {"gradable": True, "score": row.score / row.max_score if row.max_score else 0.0,
            "message": f"{row.score} / {row.max_score} points",
            "output": _cut("\n".join(n for n in row.notes if n)), "tests": tests}


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
# the course package of this bundle (setup.sh also installs it into the venv)
export PYTHONPATH="$ROOT/source/course${{PYTHONPATH:+:$PYTHONPATH}}"
cd "$ROOT"
exec "$PYTHON" -m lossedu.grading.lms gradescope --root "$ROOT" \\
    --exercise {exercise}{hidden}{secret}
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


def write_gradescope_bundle(path: str | Path, exercise: str, hidden: str | Path | None = None,
                            *, variant_secret: bytes | None = None) -> Path:
    """Write the Gradescope autograder zip for ``exercise`` (and its hidden checks) to ``path``.

    The zip holds, at its root: ``setup.sh`` (Python venv, the pinned requirements, the course
    package), ``run_autograder``, ``requirements.txt``, ``course/`` (the lossedu package and
    this exercise's solution notebook only) and ``hidden.json`` when given.

    ``variant_secret`` (``--variants``): the course secret goes into the zip as
    :data:`SECRET_MEMBER` (the zip is instructor-only on Gradescope, like the solution it
    carries) and ``run_autograder`` grades each submission on its submitter's variant.
    """
    from lossedu.exercises import DEFAULT_EXERCISES_DIR, resolve_exercise, solution_path

    name = resolve_exercise(exercise)
    package = Path(__file__).resolve().parents[1]
    root = DEFAULT_EXERCISES_DIR.parent
    solution = solution_path(name)
    if not solution.exists():
        raise GradingError(f"no solution notebook for {name} (expected {solution})")
    hidden_line = " --hidden \"$ROOT/source/hidden.json\"" if hidden is not None else ""
    secret_line = ""
    if variant_secret is not None:
        from lossedu.variants import variant_of

        variant_of("check", name, variant_secret)  # VariantError for an unusable secret
        secret_line = f" --variant-secret \"$ROOT/source/{SECRET_MEMBER}\""
    files = {
        "setup.sh": _SETUP_SH,
        "run_autograder": _RUN_AUTOGRADER.format(exercise=name, hidden=hidden_line,
                                                 secret=secret_line),
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
        if variant_secret is not None:
            info = zipfile.ZipInfo(SECRET_MEMBER, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o600 | stat.S_IFREG) << 16
            archive.writestr(info, variant_secret + b"\n")
    os.replace(tmp, path)
    return path


# ----------------------------------------------------------------------------- in the LMS
def gradescope_identity(metadata: str | Path) -> str:
    """Whom a Gradescope submission's variant belongs to: the :data:`GRADESCOPE_IDENTITY`
    (``email``) of the one user of ``/autograder/submission_metadata.json``.

    GradingError when the file cannot be read, lists no user or several (a group submission:
    whose data would it be?), or the user has no usable email.
    """
    try:
        users = json.loads(Path(metadata).read_text(encoding="utf-8")).get("users")
    except (OSError, ValueError, AttributeError) as error:
        raise GradingError(f"--variants: cannot read the submitter from {metadata}: "
                           f"{error}") from None
    if not isinstance(users, list) or len(users) != 1 or not isinstance(users[0], dict):
        count = len(users) if isinstance(users, list) else 0
        raise GradingError(f"--variants: the submission has {count} users in {metadata}; "
                           "variants need one student per submission (turn off group "
                           "submission for this assignment)")
    who = users[0].get(GRADESCOPE_IDENTITY)
    # the identity names the grading folder (lossedu.grading.variants.identity reads it there)
    if (not isinstance(who, str) or who != who.strip() or not who or who.startswith(".")
            or any(c in who for c in "/\\") or not who.isprintable()):
        raise GradingError(f"--variants: the submitter's {GRADESCOPE_IDENTITY!r} in {metadata} "
                           f"is not usable: {who!r}")
    return who


def _grade_one(submission: Path, exercise: str, hidden: str | None, *, identity: str = "",
               variant_secret: bytes | None = None) -> Row:
    """Grade the one submission in ``submission`` (a folder of the student's files); with
    ``variant_secret``, on the variant of ``identity``."""
    from lossedu.exercises import resolve_exercise
    from lossedu.grading.engine import grade
    from lossedu.variants import variant_of

    with tempfile.TemporaryDirectory(prefix="lossedu-lms-") as tmp:
        # the folder's name is the student's identity for the grader (and their variant's)
        folder = Path(tmp) / "submissions" / (identity or "submission")
        shutil.copytree(submission, folder, symlinks=True)
        report = grade(folder.parent, exercise, hidden=hidden, out=Path(tmp) / "out",
                       write=False, jobs=1, variant_secret=variant_secret)
    if len(report.rows) != 1:  # one folder: always one row
        raise GradingError(f"expected one submission, found {len(report.rows)}")
    row = report.rows[0]
    if variant_secret is not None and graded(row) and row.variant != variant_of(
            identity, resolve_exercise(exercise), variant_secret):
        raise GradingError(f"graded with variant {row.variant}, not the variant of "
                           f"{identity!r}")  # the folder's name was read as another identity
    return row


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _could_not_run(lms: str, results: Path, error) -> int:
    """Write the results.json of a run that could not grade (the student is told to ask the
    instructor); exit status 2."""
    message = f"The autograder could not run: {error}. Please tell your instructor."
    data = ({**gradescope_results(Row("", "", "grader-error")), "output": message}
            if lms == "gradescope" else
            {"gradable": False, "format_errors": [message], "message": message})
    _write_json(results, data)
    print(f"lossedu: {error}", file=sys.stderr)
    return 2


def run_in_lms(lms: str, root: str | Path, exercise: str, hidden: str | None = None, *,
               variant_secret: bytes | None = None) -> int:
    """Grade the submission an LMS put under ``root`` and write its results.json there.

    Gradescope: ``root/submission`` -> ``root/results/results.json``; PrairieLearn:
    ``root/student`` -> ``root/results/results.json``. The flags for the instructor go to
    stdout on Gradescope (hidden from students by ``stdout_visibility``); on PrairieLearn,
    whose job output a student may see, only their number. ``variant_secret`` (Gradescope
    only): grade on the variant of the submitter of ``root/submission_metadata.json``.
    Returns the exit status.
    """
    if variant_secret is not None and lms != "gradescope":
        raise ValueError(f"variant_secret: only Gradescope names the student to its "
                         f"autograder, not {lms}")
    root = Path(root)
    submission = root / ("submission" if lms == "gradescope" else "student")
    results = root / "results" / "results.json"
    try:
        variants = {}
        if variant_secret is not None:
            variants = {"variant_secret": variant_secret,
                        "identity": gradescope_identity(root / "submission_metadata.json")}
        row = _grade_one(submission, exercise, hidden, **variants)
    except (GradingError, OSError) as error:
        return _could_not_run(lms, results, error)
    _write_json(results, gradescope_results(row) if lms == "gradescope"
                else prairielearn_results(row))
    print(f"lossedu grade: {row.status}, {row.score} / {row.max_score} points"
          + (f", variant {row.variant}" if row.variant is not None else ""))
    if lms == "gradescope":  # results.json sets stdout_visibility: hidden (instructors only)
        for flag in row.flags:
            print(f"  flag for review: {flag}")
    elif row.flags:  # PrairieLearn may show a grading job's output to the student
        print(f"  {len(row.flags)} flag(s) for review, not listed here (this output may be "
              "shown to the student): grade the downloaded submissions with `lossedu grade`")
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
    parser.add_argument("--variant-secret", default=None, metavar="FILE",
                        help="Gradescope only: grade on the submitter's variant (the course "
                        "secret of --variants; docs/grading.md, Variants)")
    args = parser.parse_args(argv)
    root = args.root or ("/autograder" if args.lms == "gradescope" else "/grade")
    secret = None
    if args.variant_secret is not None:
        from lossedu.variants import VariantError, read_secret

        if args.lms != "gradescope":
            parser.error("--variant-secret: PrairieLearn's grader is not told the student")
        try:
            secret = read_secret(args.variant_secret)
        except VariantError as error:
            return _could_not_run(args.lms, Path(root) / "results" / "results.json", error)
    return run_in_lms(args.lms, root, args.exercise, args.hidden, variant_secret=secret)


if __name__ == "__main__":
    raise SystemExit(main())
