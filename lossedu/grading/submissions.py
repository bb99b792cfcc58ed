"""Find the submissions in a SUBMISSIONS folder, read each file once, and name its student.

Layouts understood (mixed freely):

* one folder per student: ``alice/02_mse_exercise.ipynb``; a Moodle export folder
  ``John Smith_12345_assignsubmission_file_/02_mse_exercise.ipynb`` is student ``John Smith``;
* flat files: ``alice.ipynb`` is student ``alice``; a Canvas export file
  ``smithjohn_12345_67890_02_mse_exercise.ipynb`` (also ``smithjohn_LATE_...``) is student
  ``smithjohn``.

Inside a student's folder, the notebook may have any name (``02_MSE_Exercise (1).ipynb``,
``homework.ipynb``): when there is exactly one notebook it is graded (a name that does not
mention the exercise is noted); several notebooks are graded only when exactly one of them
is named after the exercise, otherwise the row says "two notebooks".

Each file is read once into memory here (nothing later opens the student's file again, and
nothing ever writes to it). Symbolic links are refused: a link could point at the
instructor's solution notebook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

#: a submitted notebook bigger than this is not graded
MAX_BYTES = 16 << 20

#: status codes of a row that was not (fully) graded, with the gradebook's wording
NO_NOTEBOOK = "no-notebook"
TWO_NOTEBOOKS = "two-notebooks"
EMPTY = "empty-file"
TOO_LARGE = "too-large"
UNREADABLE = "unreadable"
SYMLINK = "symlink"
NOT_A_NOTEBOOK = "not-a-notebook"
NOT_A_FILE = "not-a-file"  #: a FIFO, device, socket...: never opened
NO_SUBMISSION = "no-submission"  #: a roster student with no file

_JUNK = {"__macosx", ".ds_store", "thumbs.db", "desktop.ini", ".ipynb_checkpoints"}
_MOODLE_DIR = re.compile(r"^(?P<name>.+?)_\d+_assignsubmission_[a-z]+_?$", re.IGNORECASE)
_CANVAS_FILE = re.compile(r"^(?P<name>[^_\s]+?)(?:_late)?_\d+_\d+_(?P<file>.+)$", re.IGNORECASE)
_COPY_SUFFIX = re.compile(r"(\s*\(\d+\)|-\d+)$")


@dataclass
class Submission:
    """One row of the gradebook: a student and (if found) their notebook's bytes."""

    student: str  #: display name, Unicode kept (``José Núñez``, ``smithjohn``)
    source: str  #: path relative to SUBMISSIONS (for the report)
    data: bytes | None = None
    status: str | None = None  #: set when the submission cannot be graded
    reason: str = ""
    notes: list = field(default_factory=list)
    student_id: str = ""  #: LMS id from the file name (Canvas user id, Moodle participant id)
    late: bool = False  #: Canvas marked the file ``_LATE_``
    lms: str = ""  #: "canvas" or "moodle" when the name follows that LMS's export, else ""
    roster: dict = field(default_factory=dict)  #: the matched roster row (column -> value)
    slug: str = ""  #: ASCII file stem for this row's feedback page, unique in the batch

    def carry(self) -> dict:
        """The identity fields a gradebook :class:`~lossedu.grading.engine.Row` copies."""
        return {"student_id": self.student_id, "late": self.late, "lms": self.lms,
                "roster": dict(self.roster), "slug": self.slug}


def normalize(name: str) -> str:
    """``"02_MSE_Exercise (1).ipynb"`` -> ``"02_mse_exercise"`` (lower case, no copy suffix)."""
    stem = name[:-6] if name.lower().endswith(".ipynb") else name
    stem = _COPY_SUFFIX.sub("", stem.strip())
    return re.sub(r"[\s\-]+", "_", stem.strip()).lower()


def names_exercise(filename: str, exercise: str) -> bool:
    """Whether a file name mentions the exercise (``smith_1_2_02_mse_exercise-1.ipynb`` does)."""
    return exercise.lower() in normalize(filename)


def _hidden(path: Path) -> bool:
    return path.name.startswith(".") or path.name.lower() in _JUNK


def student_from_dir(name: str) -> str:
    match = _MOODLE_DIR.match(name)
    return match.group("name").strip() if match else name.strip()


def student_from_file(name: str, exercise: str) -> str:
    stem = name[:-6] if name.lower().endswith(".ipynb") else Path(name).stem
    match = _CANVAS_FILE.match(stem)
    if match and names_exercise(match.group("file"), exercise):
        return match.group("name")
    return _COPY_SUFFIX.sub("", stem).strip() or stem


def _notebooks_in(folder: Path, depth: int = 3) -> tuple[list[Path], list[Path]]:
    """(notebooks, other files) under ``folder``, skipping hidden and junk entries."""
    notebooks, others = [], []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return notebooks, others
    for entry in entries:
        if _hidden(entry):
            continue
        if entry.is_dir() and not entry.is_symlink():
            if depth > 1:
                more, rest = _notebooks_in(entry, depth - 1)
                notebooks += more
                others += rest
        elif entry.name.lower().endswith(".ipynb"):
            notebooks.append(entry)
        else:
            others.append(entry)
    return notebooks, others


def _read(path: Path, root: Path, submission: Submission) -> Submission:
    submission.source = str(path.relative_to(root))
    if path.is_symlink():
        submission.status, submission.reason = SYMLINK, (
            f"{submission.source} is a symbolic link; submit the notebook file itself")
        return submission
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            submission.status, submission.reason = TOO_LARGE, (
                f"{submission.source} is {size / 2**20:.1f} MB (the limit is "
                f"{MAX_BYTES >> 20} MB); clear the outputs and resubmit")
            return submission
        with open(path, "rb") as handle:  # read once, never written
            submission.data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        submission.status, submission.reason = UNREADABLE, (
            f"cannot read {submission.source}: {error.strerror or error}")
        return submission
    if not submission.data.strip():
        submission.status, submission.reason = EMPTY, f"{submission.source} is an empty file"
    return submission


def discover(root: str | Path, exercise: str) -> list[Submission]:
    """One :class:`Submission` per student found under ``root``, sorted by student.

    Raises FileNotFoundError / NotADirectoryError when ``root`` is not a folder.
    """
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(f"no such folder: {root}")
    if not root.is_dir():
        raise NotADirectoryError(f"not a folder: {root}")
    by_student: dict[str, list[Submission]] = {}
    for entry in sorted(root.iterdir()):
        if _hidden(entry):
            continue
        if entry.is_symlink() and entry.is_dir():
            student = student_from_dir(entry.name)
            by_student.setdefault(student, []).append(Submission(
                student=student, source=entry.name + "/", status=SYMLINK,
                reason=f"{entry.name}/ is a symbolic link; copy the submission itself"))
        elif entry.is_dir():
            student = student_from_dir(entry.name)
            sub = Submission(student=student, source=entry.name + "/")
            notebooks, others = _notebooks_in(entry)
            named = [nb for nb in notebooks if names_exercise(nb.name, exercise)]
            if len(notebooks) == 1:
                chosen = notebooks[0]
            elif len(named) == 1:
                chosen = named[0]
                ignored = ", ".join(str(nb.relative_to(entry)) for nb in notebooks if nb != chosen)
                sub.notes.append(f"other notebooks in the folder were ignored: {ignored}")
            elif notebooks:
                listed = ", ".join(str(nb.relative_to(root)) for nb in notebooks)
                sub.status, sub.reason = TWO_NOTEBOOKS, (
                    f"{len(notebooks)} notebooks in the folder, cannot tell which one to grade: "
                    f"{listed}")
                by_student.setdefault(student, []).append(sub)
                continue
            else:
                found = ", ".join(str(p.relative_to(root)) for p in others[:5]) or "nothing"
                sub.status, sub.reason = NO_NOTEBOOK, (
                    f"no .ipynb notebook in {entry.name}/ (found: {found})")
                by_student.setdefault(student, []).append(sub)
                continue
            _read(chosen, root, sub)
            if not names_exercise(chosen.name, exercise):
                sub.notes.append(f"file name {chosen.name!r} does not name {exercise}")
            by_student.setdefault(student, []).append(sub)
        elif entry.name.lower().endswith(".ipynb"):
            student = student_from_file(entry.name, exercise)
            sub = _read(entry, root, Submission(student=student, source=entry.name))
            by_student.setdefault(student, []).append(sub)
        else:
            student = student_from_file(entry.name, exercise)
            sub = Submission(student=student, source=entry.name, status=NOT_A_NOTEBOOK,
                             reason=f"{entry.name} is not a notebook (.ipynb)")
            by_student.setdefault(student, []).append(sub)
    rows = []
    for student, subs in by_student.items():
        if len(subs) == 1:
            rows.append(subs[0])
            continue
        # several entries for one student: grade the only readable notebook, if exactly one
        usable = [s for s in subs if s.status is None]
        if len(usable) == 1:
            chosen = usable[0]
            others = ", ".join(s.source for s in subs if s is not chosen)
            chosen.notes.append(f"also found: {others}")
            rows.append(chosen)
            continue
        rows.append(Submission(
            student=student, source=", ".join(s.source for s in subs), status=TWO_NOTEBOOKS,
            reason=f"{len(subs)} submissions for this student, cannot tell which one to grade: "
            + ", ".join(s.source for s in subs)))
    rows.sort(key=lambda s: (s.student.casefold(), s.student))
    return rows
