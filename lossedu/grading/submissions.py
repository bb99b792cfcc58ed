"""Find the submissions in a SUBMISSIONS folder, read each file once, and name its student.

Layouts understood (mixed freely):

* one folder per student: ``alice/02_mse_exercise.ipynb``; a Moodle export folder
  ``Wei Zhang_12345_assignsubmission_file_/02_mse_exercise.ipynb`` is student ``Wei Zhang``
  with the Moodle participant id ``12345`` (also without folders:
  ``Wei Zhang_12345_assignsubmission_file_02_mse_exercise.ipynb``);
* flat files: ``alice.ipynb`` is student ``alice``; a Canvas export file
  ``smithjohn_12345_67890_02_mse_exercise.ipynb`` (also ``smithjohn_LATE_12345_...``, and a
  file the student renamed: ``leroyhugo_10666_51638_HW02_HugoLeroy.ipynb``) is student
  ``smithjohn`` with the Canvas user id ``12345``.

Students are keyed by their LMS id when the file name carries one (two Canvas users both
called ``smithjohn`` are two rows), else by their name; with a roster (:func:`load_roster`)
by the roster's student. Several files of one student:

* Canvas resubmissions (``..._02_mse_exercise-1.ipynb``, ``-2``, next to the original): the
  latest (highest number) is graded, and the notes say so;
* exactly one of them named after the exercise (beside ``scratch.ipynb``): that one;
* two equally plausible notebooks (``02_mse_exercise-Copy1.ipynb`` beside
  ``02_mse_exercise.ipynb``): both are graded (two :class:`Submission` objects sharing a
  ``group``) and :func:`keep_best` keeps the higher score (on a tie, the one named after
  the exercise), with a note and a flag; three or more: the row says so (``two-notebooks``).

Each file is read once into memory here (nothing later opens the student's file again, and
nothing ever writes to it). Symbolic links are refused (a link could point at the
instructor's solution notebook); FIFOs, devices and sockets are refused without being opened
(opening a FIFO blocks). File names in any bytes (not UTF-8: read as cp1252) give a row.
"""

from __future__ import annotations

import csv
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

#: a submitted notebook bigger than this is not graded
MAX_BYTES = 16 << 20
#: a roster file bigger than this is refused
MAX_ROSTER_BYTES = 8 << 20

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
_MOODLE_DIR = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_[a-z]+_?$", re.IGNORECASE)
_MOODLE_FILE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_[a-z]+_(?P<file>.+)$",
                          re.IGNORECASE)
_CANVAS_FILE = re.compile(
    r"^(?P<name>[^_\s]+?)(?P<late>_late)?_(?P<id>\d+)_(?P<attachment>\d+)_(?P<file>.+)$",
    re.IGNORECASE)
_COPY_SUFFIX = re.compile(r"(\s*\(\d+\)|-\d+)$")
_RESUBMISSION = re.compile(r"-(?P<n>\d+)$")
_JUPYTER_COPY = re.compile(r"(-copy\d*|\s*-\s*copy(\s*\(\d+\))?|\s+copy)$", re.IGNORECASE)
_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))

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
    group: str = ""  #: set on the two notebooks of one student that are both graded

    def carry(self) -> dict:
        """The identity fields a gradebook :class:`~lossedu.grading.engine.Row` copies."""
        return {"student_id": self.student_id, "late": self.late, "lms": self.lms,
                "roster": dict(self.roster), "slug": self.slug, "group": self.group}


# ----------------------------------------------------------------------------- names
def shown(name) -> str:
    """A file name as text a report can always write: bytes that are not UTF-8 (a zip made
    on Windows) are read as cp1252 (``b'caf\\xe9'`` -> ``café``), control characters become
    U+FFFD."""
    if isinstance(name, Path):
        name = str(name)
    raw = os.fsencode(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def normalize(name: str) -> str:
    """``"02_MSE_Exercise (1).ipynb"`` -> ``"02_mse_exercise"`` (lower case, no copy suffix)."""
    stem = name[:-6] if name.lower().endswith(".ipynb") else name
    stem = _COPY_SUFFIX.sub("", stem.strip())
    return re.sub(r"[\s\-]+", "_", stem.strip()).lower()


def names_exercise(filename: str, exercise: str) -> bool:
    """Whether a file name mentions the exercise (``smith_1_2_02_mse_exercise-1.ipynb`` does)."""
    return exercise.lower() in normalize(filename)


def slugify(name: str) -> str:
    """A readable ASCII file stem: ``"José Núñez"`` -> ``"Jose_Nunez"`` (NFKD, accents
    dropped; anything else that is not a letter, digit, ``.``, ``_`` or ``-`` becomes ``_``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._-")[:80] or "student"


def _hidden(path: Path) -> bool:
    return path.name.startswith(".") or path.name.lower() in _JUNK


def _stem(name: str) -> str:
    return name[:-6] if name.lower().endswith(".ipynb") else Path(name).stem


@dataclass
class _Who:
    student: str
    student_id: str = ""
    lms: str = ""
    late: bool = False


def who_from_dir(name: str) -> _Who:
    """The student of a top-level folder (Moodle ``Wei Zhang_12345_assignsubmission_file_``)."""
    match = _MOODLE_DIR.match(name)
    if match:
        return _Who(match.group("name").strip(), match.group("id"), "moodle")
    return _Who(name.strip() or name)


def who_from_file(name: str) -> _Who:
    """The student of a top-level file (Canvas, Moodle without folders, or ``alice.ipynb``)."""
    stem = _stem(name)
    match = _CANVAS_FILE.match(stem)
    if match:
        return _Who(match.group("name"), match.group("id"), "canvas", bool(match.group("late")))
    match = _MOODLE_FILE.match(stem)
    if match:
        return _Who(match.group("name").strip(), match.group("id"), "moodle")
    return _Who(_COPY_SUFFIX.sub("", _JUPYTER_COPY.sub("", stem)).strip() or stem)


def student_from_dir(name: str) -> str:
    return who_from_dir(name).student


def student_from_file(name: str, exercise: str = "") -> str:
    return who_from_file(name).student


def _lms_file_part(name: str) -> str:
    """The name the student gave the file (the LMS prefix removed)."""
    stem = _stem(name)
    for pattern in (_CANVAS_FILE, _MOODLE_FILE):
        match = pattern.match(stem)
        if match:
            return match.group("file")
    return stem


# ----------------------------------------------------------------------------- files
def _kind(mode: int) -> str | None:
    """None for a regular file, else what it is (never opened)."""
    if stat.S_ISREG(mode):
        return None
    for test, what in _KINDS:
        if test(mode):
            return what
    return "not a regular file"


def _lstat(path: Path):
    try:
        return os.lstat(path)
    except OSError:
        return None


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
        info = _lstat(entry)
        if info is not None and stat.S_ISDIR(info.st_mode):
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
    """Read ``path`` into ``submission.data`` (or set a status). A symbolic link, FIFO,
    device or socket is never opened; the file is opened without following links and
    without blocking, and checked again once open."""
    submission.source = shown(path.relative_to(root))
    info = _lstat(path)
    if info is not None and stat.S_ISLNK(info.st_mode):
        submission.status, submission.reason = SYMLINK, (
            f"{submission.source} is a symbolic link; submit the notebook file itself")
        return submission
    if info is not None and _kind(info.st_mode):
        submission.status, submission.reason = NOT_A_FILE, (
            f"{submission.source} is {_kind(info.st_mode)}, not a file (it was not opened)")
        return submission
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_NOCTTY", 0)
    try:
        if info is None:
            raise FileNotFoundError(2, "it disappeared")
        if info.st_size > MAX_BYTES:
            submission.status, submission.reason = TOO_LARGE, (
                f"{submission.source} is {info.st_size / 2**20:.1f} MB (the limit is "
                f"{MAX_BYTES >> 20} MB); clear the outputs and resubmit")
            return submission
        fd = os.open(path, flags)
        with open(fd, "rb") as handle:  # read once, never written
            kind = _kind(os.fstat(handle.fileno()).st_mode)
            if kind:  # swapped for something else since the check above
                submission.status, submission.reason = NOT_A_FILE, (
                    f"{submission.source} is {kind}, not a file")
                return submission
            submission.data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        submission.status, submission.reason = UNREADABLE, (
            f"cannot read {submission.source}: {error.strerror or error}")
        return submission
    if len(submission.data) > MAX_BYTES:
        submission.data = None
        submission.status, submission.reason = TOO_LARGE, (
            f"{submission.source} is larger than {MAX_BYTES >> 20} MB")
    elif not submission.data.strip():
        submission.status, submission.reason = EMPTY, f"{submission.source} is an empty file"
    return submission


# ----------------------------------------------------------------------------- discovery
@dataclass
class _Entry:
    """One top-level entry of SUBMISSIONS: a student's folder or file."""

    who: _Who
    source: str  #: shown name
    notebooks: list = field(default_factory=list)  #: candidate paths
    problem: Submission | None = None  #: the entry cannot be used (status set)


def _scan(root: Path) -> list[_Entry]:
    entries = []
    for path in sorted(root.iterdir()):
        if _hidden(path):
            continue
        name = shown(path.name)
        info = _lstat(path)
        mode = info.st_mode if info is not None else 0
        if stat.S_ISDIR(mode):
            who = who_from_dir(name)
            entry = _Entry(who, name + "/")
            notebooks, others = _notebooks_in(path)
            entry.notebooks = notebooks
            if not notebooks:
                found = ", ".join(shown(p.relative_to(root)) for p in others[:5]) or "nothing"
                entry.problem = Submission(who.student, name + "/", status=NO_NOTEBOOK, reason=(
                    f"no .ipynb notebook in {name}/ (found: {found})"))
        elif stat.S_ISLNK(mode) and path.is_dir():
            who = who_from_dir(name)
            entry = _Entry(who, name + "/", problem=Submission(
                who.student, name + "/", status=SYMLINK,
                reason=f"{name}/ is a symbolic link; copy the submission itself"))
        elif name.lower().endswith(".ipynb"):
            who = who_from_file(name)
            entry = _Entry(who, name, notebooks=[path])
        else:
            who = who_from_file(name)
            kind = _kind(mode) if info is not None and not stat.S_ISLNK(mode) else None
            status, reason = (NOT_A_FILE, f"{name} is {kind}, not a file (it was not opened)") \
                if kind else (NOT_A_NOTEBOOK, f"{name} is not a notebook (.ipynb)")
            entry = _Entry(who, name, problem=Submission(who.student, name, status=status,
                                                          reason=reason))
        entries.append(entry)
    return entries


def _regular(path: Path) -> bool:
    info = _lstat(path)
    return info is not None and stat.S_ISREG(info.st_mode)


def _choose(root: Path, exercise: str, notebooks: list, notes: list) -> tuple[list, str]:
    """The notebook(s) to grade among a student's candidates: ([one], "") or ([a, b], "")
    for an ambiguous pair, or ([], reason) when there are too many to tell."""
    regular = [p for p in notebooks if _regular(p)]
    if regular and len(regular) < len(notebooks):
        skipped = [shown(p.relative_to(root)) for p in notebooks if p not in regular]
        notes.append("ignored (not regular files): " + ", ".join(skipped))
        notebooks = regular
    # Canvas resubmissions: the same file name with -1, -2...: the highest number is the latest
    numbered: dict[str, list] = {}  # base name -> [(number, path)]
    for path in notebooks:
        part = _lms_file_part(path.name)
        match = _RESUBMISSION.search(part) if who_from_file(path.name).lms == "canvas" else None
        base = (part[: match.start()] if match else part).lower()
        numbered.setdefault(base, []).append((int(match.group("n")) if match else 0, path))
    kept = []
    for versions in numbered.values():
        top = max(number for number, _ in versions)
        latest = [path for number, path in versions if number == top]
        kept += latest
        if len(versions) > 1 and top and len(latest) == 1:
            earlier = [shown(p.relative_to(root)) for _, p in versions if p not in latest]
            notes.append(f"resubmission: graded {shown(latest[0].relative_to(root))}, the "
                         f"latest (-{top}); earlier ignored: " + ", ".join(earlier))
    notebooks = [p for p in notebooks if p in kept]
    if len(notebooks) == 1:
        return notebooks, ""
    named = [p for p in notebooks if names_exercise(p.name, exercise)]
    if len(named) == 1:
        ignored = ", ".join(shown(p.relative_to(root)) for p in notebooks if p != named[0])
        notes.append(f"other notebooks were ignored: {ignored}")
        return named, ""
    plausible = named or notebooks
    if len(plausible) < len(notebooks):
        ignored = ", ".join(shown(p.relative_to(root)) for p in notebooks if p not in plausible)
        notes.append(f"other notebooks were ignored: {ignored}")
    if len(plausible) == 2:
        return plausible, ""
    listed = ", ".join(shown(p.relative_to(root)) for p in plausible)
    return [], (f"{len(plausible)} notebooks for this student, cannot tell which one to grade: "
                f"{listed}")


def discover(root: str | Path, exercise: str, roster: Roster | None = None) -> list[Submission]:
    """One :class:`Submission` per student found under ``root`` (two for an ambiguous pair of
    notebooks, sharing a ``group``; one ``no-submission`` row per roster student without a
    file), sorted by student.

    Raises FileNotFoundError / NotADirectoryError when ``root`` is not a folder.
    """
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(f"no such folder: {root}")
    if not root.is_dir():
        raise NotADirectoryError(f"not a folder: {root}")
    groups: dict[tuple, list[_Entry]] = {}
    matched: dict[tuple, dict] = {}
    entries = _scan(root)
    rows = [roster.match(entry.who) if roster is not None else None for entry in entries]
    ambiguous = _name_matches_of_several_ids(entries, rows)
    extra_notes: dict[tuple, list] = {}
    for entry, row in zip(entries, rows, strict=True):
        if row is not None and row["_index"] in ambiguous:
            # two LMS ids matched one roster student by name only: never merge two people
            extra_notes.setdefault(("id", entry.who.lms, entry.who.student_id), []).append(
                f"the roster's {row['name']!r} matches several submissions with different LMS "
                "ids by name, so none of them was matched to the roster")
            row = None
        if row is not None:
            key = ("roster", row["_index"])
            matched[key] = row
        elif entry.who.student_id:
            key = ("id", entry.who.lms, entry.who.student_id)
        else:
            key = ("name", entry.who.student.casefold())
        groups.setdefault(key, []).append(entry)
    subs = []
    for key, group in groups.items():
        made = _group_submissions(root, exercise, key, group, matched.get(key), roster)
        for sub in made:
            sub.notes.extend(dict.fromkeys(extra_notes.get(key, ())))
        subs += made
    if roster is not None:
        for row in roster.rows:
            if ("roster", row["_index"]) not in groups:
                reason = ("submissions of several LMS ids carry this name: match them by hand"
                          if row["_index"] in ambiguous else "no submission was found")
                subs.append(Submission(
                    row["name"], "", status=NO_SUBMISSION, reason=reason,
                    student_id=row.get("id", ""), lms=roster.lms, roster=roster.public(row)))
    _assign_slugs(subs)
    subs.sort(key=lambda s: (s.student.casefold(), s.student, s.source))
    return subs


def _name_matches_of_several_ids(entries: list, rows: list) -> set:
    """Roster rows matched BY NAME by files of two or more different LMS ids (two Moodle
    "Wei Zhang" folders and one "Wei Zhang" on the roster): such a name is no identity."""
    ids: dict[int, set] = {}
    for entry, row in zip(entries, rows, strict=True):
        if row is not None and entry.who.student_id and entry.who.student_id != row.get("id"):
            ids.setdefault(row["_index"], set()).add(entry.who.student_id)
    return {index for index, found in ids.items() if len(found) > 1}


def _group_submissions(root: Path, exercise: str, key: tuple, entries: list, row: dict | None,
                       roster: Roster | None) -> list[Submission]:
    who = entries[0].who
    ids = sorted({e.who.student_id for e in entries if e.who.student_id})
    base = Submission(student=row["name"] if row else who.student, source="",
                      student_id=(row.get("id") if row else "") or (ids[0] if ids else ""),
                      lms=(roster.lms if row else "") or who.lms,
                      roster=roster.public(row) if row else {})
    if roster is not None and row is None:
        base.notes.append("not on the roster: " + ", ".join(e.source for e in entries))
    if row is not None and ids and row.get("id") and ids != [row["id"]]:
        base.notes.append(f"the file name's id {', '.join(ids)} is not the roster's "
                          f"{row['id']}")
    notebooks = [p for e in entries for p in e.notebooks]
    late_of = {p: e.who.late for e in entries for p in e.notebooks}
    problems = [e.problem for e in entries if e.problem is not None]
    if not notebooks:
        first = problems[0]
        sub = _copy_identity(base, source=first.source, status=first.status, reason=first.reason)
        if len(problems) > 1:
            sub.notes.append("also found: " + ", ".join(p.source for p in problems[1:]))
        return [sub]
    notes = list(base.notes)
    if problems:
        notes.append("also found: " + ", ".join(p.source for p in problems))
    chosen, reason = _choose(root, exercise, notebooks, notes)
    if not chosen:
        return [_copy_identity(base, source=", ".join(shown(p.relative_to(root))
                                                      for p in notebooks),
                               status=TWO_NOTEBOOKS, reason=reason, notes=notes)]
    out = []
    for path in chosen:
        sub = _copy_identity(base, source="", notes=list(notes), late=late_of[path])
        _read(path, root, sub)
        if sub.status is None and path.parent != root and len(chosen) == 1 \
                and not names_exercise(path.name, exercise):  # in a folder: any name
            sub.notes.append(f"file name {shown(path.name)!r} does not name {exercise}")
        if sub.late:
            sub.notes.append("submitted late (the LMS marked the file _LATE_)")
        out.append(sub)
    if len(out) == 2:
        group = "|".join(map(str, key))
        listed = " and ".join(s.source for s in out)
        for sub in out:
            sub.group = group
            sub.notes.append(f"two notebooks were submitted ({listed}): both were graded")
    return out


def _copy_identity(base: Submission, **changes) -> Submission:
    values = {"student": base.student, "source": base.source, "notes": list(base.notes),
              "student_id": base.student_id, "lms": base.lms, "roster": dict(base.roster)}
    values.update(changes)
    return Submission(**values)


def _assign_slugs(subs: list) -> None:
    """Feedback file stems: readable ASCII, one per student (shared by a group), never shared
    between students (same names get the LMS id, or -2, -3...)."""
    by_student: dict[tuple, list] = {}
    for sub in subs:
        identity = sub.group or f"{sub.student}\0{sub.student_id}\0{sub.source}"
        by_student.setdefault(identity, []).append(sub)
    counts: dict[str, int] = {}
    for members in by_student.values():
        stem = slugify(members[0].student).lower()
        counts[stem] = counts.get(stem, 0) + 1
    taken: set = set()
    for members in sorted(by_student.values(), key=lambda m: (m[0].student_id, m[0].source)):
        first = members[0]
        stem = slugify(first.student)
        if counts[stem.lower()] > 1 and first.student_id:
            stem = f"{stem}_{first.student_id}"
        slug, number = stem, 2
        while slug.lower() in taken:
            slug, number = f"{stem}-{number}", number + 1
        taken.add(slug.lower())
        for sub in members:
            sub.slug = slug


def keep_best(rows: list, exercise: str) -> list:
    """Merge the rows of a student's two graded notebooks (same ``group``): keep the higher
    score; on a tie the one named after the exercise, then the one that is not a copy
    (``-Copy1``, ``(1)``). The kept row says so in its notes and is flagged for review."""
    out, groups = [], {}
    for row in rows:
        if getattr(row, "group", ""):
            groups.setdefault(row.group, []).append(row)
        else:
            out.append(row)
    for members in groups.values():
        if len(members) == 1:
            out.append(members[0])
            continue

        def rank(row):
            name = row.source.rsplit("/", 1)[-1]
            copy = bool(_JUPYTER_COPY.search(_stem(name)) or _COPY_SUFFIX.search(_stem(name)))
            return (row.score, row.status in ("graded", "graded-with-faults"),
                    names_exercise(name, exercise), not copy)

        ordered = sorted(members, key=lambda r: (rank(r), r.source), reverse=True)
        kept, others = ordered[0], ordered[1:]
        why = "the higher score" if rank(kept)[0] > rank(others[0])[0] else (
            "same score: the one named after the exercise" if rank(kept)[2] and
            not rank(others[0])[2] else "same score: the original, not the copy")
        scores = ", ".join(f"{r.source}: {r.score}/{r.max_score}" for r in ordered)
        kept.notes.append(f"kept {kept.source} ({why}); both graded: {scores}")
        kept.flags = sorted([*kept.flags, f"two notebooks submitted, kept {kept.source} "
                                          f"({scores})"])
        out.append(kept)
    return out


# ----------------------------------------------------------------------------- roster
class RosterError(ValueError):
    """The roster file cannot be used (the message says why)."""


#: published column names: Canvas gradebook export, Moodle grade export / grading worksheet
_CANVAS_COLUMNS = {"name": "Student", "id": "ID", "sis_user_id": "SIS User ID",
                   "sis_login_id": "SIS Login ID", "section": "Section"}
_MOODLE_COLUMNS = {"first": "First name", "last": "Surname", "full": "Full name",
                   "identifier": "Identifier", "id_number": "ID number",
                   "email": "Email address", "username": "Username"}


def _key(text: str) -> str:
    """Compare names: case, accents, spaces and punctuation ignored (``Smith, John`` and
    ``smithjohn`` and ``SMITH John`` agree)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum())


@dataclass
class Roster:
    """Students of a course, from a Canvas gradebook export or a Moodle export (CSV)."""

    lms: str  #: "canvas" or "moodle"
    rows: list  #: dicts: name, id, and the published columns found (+ "_index")
    by_id: dict = field(default_factory=dict)
    by_name: dict = field(default_factory=dict)

    def public(self, row: dict) -> dict:
        """The roster row as exported (published column -> value)."""
        return dict(row["_columns"])

    def match(self, who: _Who) -> dict | None:
        """The roster row of a file's student: by LMS id, else by name, login or e-mail."""
        if who.student_id and who.student_id in self.by_id:
            return self.by_id[who.student_id]
        row = self.by_name.get(_key(who.student))
        return row if row is not None and row is not False else None


def load_roster(path: str | Path) -> Roster:
    """Read a roster CSV as exported by Canvas (gradebook export: ``Student``, ``ID``,
    ``SIS User ID``, ``SIS Login ID``, ``Section``) or Moodle (grade export: ``First name``,
    ``Surname`` (Moodle 4: ``Last name``), ``ID number``, ``Email address``, optionally
    ``Username``; or the grading
    worksheet: ``Identifier`` = ``Participant 12345``, ``Full name``). Raises
    :class:`RosterError` naming the file and what was expected."""
    path = Path(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block
            raise RosterError(f"--roster {path}: not a regular file")
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise RosterError(f"--roster {path}: larger than {MAX_ROSTER_BYTES >> 20} MB")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError(f"--roster {path}: not UTF-8 text (export the CSV as UTF-8)") from None
    except OSError as error:
        raise RosterError(f"--roster {path}: cannot read it ({error.strerror or error})") \
            from None
    try:
        table = list(csv.reader(text.splitlines()))
    except csv.Error as error:
        raise RosterError(f"--roster {path}: not a CSV file ({error})") from None
    if not table:
        raise RosterError(f"--roster {path}: the file is empty")
    header = [h.strip() for h in table[0]]
    if "Student" in header and "ID" in header:
        lms, columns = "canvas", _CANVAS_COLUMNS
    elif "First name" in header and "Last name" in header and "Surname" not in header:
        lms, columns = "moodle", {**_MOODLE_COLUMNS, "last": "Last name"}  # Moodle 4 wording
    elif ("First name" in header and "Surname" in header) or "Full name" in header:
        lms, columns = "moodle", _MOODLE_COLUMNS
    else:
        raise RosterError(f"--roster {path}: expected a Canvas gradebook export (columns "
                          "Student, ID, SIS User ID, SIS Login ID, Section) or a Moodle export "
                          "(First name, Surname, ID number, Email address, or Identifier, Full "
                          f"name); its columns are {', '.join(header[:8])}")
    where = {field_: header.index(name) for field_, name in columns.items() if name in header}
    roster = Roster(lms, [])
    for number, values in enumerate(table[1:], start=2):
        get = {f: values[i].strip() if i < len(values) else "" for f, i in where.items()}
        if lms == "canvas":
            name, ident = get.get("name", ""), get.get("id", "")
            if not name or name.lower().startswith("points possible") or not ident.isdigit() \
                    or name == "Student, Test":
                continue  # Canvas's "Points Possible" row and test student
        else:
            name = get.get("full") or " ".join(x for x in (get.get("first"), get.get("last"))
                                               if x)
            ident = re.sub(r"\D", "", get.get("identifier", ""))
            if not name:
                continue
        row = {"name": name, "id": ident, "_index": len(roster.rows), "_line": number,
               "_columns": {columns[f]: v for f, v in get.items()}}
        roster.rows.append(row)
    if not roster.rows:
        raise RosterError(f"--roster {path}: no students in it")
    for row in roster.rows:
        if row["id"]:
            roster.by_id[row["id"]] = row
        keys = {_key(row["name"])}
        if lms == "canvas" and "," in row["name"]:  # sortable "Smith, John" and "John Smith"
            last, _, first = row["name"].partition(",")
            keys |= {_key(first + last), _key(last + first)}
        elif lms == "moodle":
            cols = row["_columns"]
            last = cols.get("Surname", cols.get("Last name", ""))
            keys |= {_key(last + cols.get("First name", ""))}
            keys |= {_key(cols.get("Email address", "").split("@")[0])}
        keys |= {_key(row["_columns"].get(c, "")) for c in ("SIS Login ID", "Username")}
        for key in keys - {""}:
            # a name shared by two roster students matches neither (ids still do)
            roster.by_name[key] = row if roster.by_name.get(key, row) is row else False
    return roster
