"""Exercise notebooks: names, paths, parsing, the student-version generator and self-check.

The format is described in ``docs/exercise-format.md``.  In short, a solution notebook
(``exercises/solutions/<name>.ipynb``, the only file an author edits) has

* answer cells: tag ``answer``, ``metadata["lossedu"] = {"answer": "<answer id>"}``;
* check cells: tag ``check``, ``metadata["lossedu"] = {"check": "<question id>",
  "points": P, "answers": [...]}``, source exactly ``check("<question id>")``;
* anything else, copied as is.

:func:`make_student_version` turns it into the student version (``exercises/<name>.ipynb``),
:func:`parse_exercise` reads the instructor copy for the grader, and :func:`find_answers`
finds the answer cells of a learner's notebook, reporting what the learner broke.

Command line (registered by :func:`add_subcommand`)::

    lossedu exercises [--check] [NAME ...]   # (re)generate the student versions
    lossedu exercises NAME --variants ROSTER --out DIR   # one notebook per student (variants)
    lossedu check NOTEBOOK                   # self-check: which checks pass?

Paths: :func:`solution_path` and :func:`student_path` find the repository's ``exercises/``
folder relative to this package (``<repo>/lossedu/exercises.py`` -> ``<repo>/exercises``).
That assumes the source checkout installed editable (``pip install -e .``, as
requirements.txt does); pass ``exercises_dir=`` to point elsewhere.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# jsonschema (imported by nbformat) compiles a large grammar for its optional "iri" format
# check whenever rfc3987_syntax is installed (it is, via jupyterlab): 1.5-4 s at every start
# of `lossedu`. nbformat never checks that format, so the package is not imported here.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402

#: the repository's exercises/ folder, assuming the editable source checkout
DEFAULT_EXERCISES_DIR = Path(__file__).resolve().parent.parent / "exercises"

#: the course's exercise notebooks, in order (names without ``.ipynb``), derived from the
#: solution notebooks on disk: adding ``exercises/solutions/NN_name_exercise.ipynb`` registers it
EXERCISES: tuple[str, ...] = tuple(
    path.stem
    for path in sorted((DEFAULT_EXERCISES_DIR / "solutions").glob("[0-9][0-9]_*_exercise.ipynb"))
)

ANSWER_TAG = "answer"
CHECK_TAG = "check"
#: nbval --nbval-lax compares the outputs of cells carrying this tag (only the check cells)
NBVAL_CHECK_TAG = "nbval-check-output"
BEGIN_MARKER = "### BEGIN SOLUTION"
END_MARKER = "### END SOLUTION"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError")
MARKDOWN_STUB = "*Write your answer here.*"
#: cell metadata that never goes into a student version (nbclient's timings change every run)
_DROPPED_CELL_METADATA = ("execution",)
_ID_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_CHECK_SOURCE = 'check("{}")'

class ExerciseFormatError(ValueError):
    """A solution notebook breaks the format of docs/exercise-format.md."""


# ----------------------------------------------------------------------------- names, paths
def resolve_exercise(name: str | Path) -> str:
    """Return the full exercise name for ``"02"``, ``"02_mse"``, ``"02_mse_exercise"``,
    ``"02_mse_exercise.ipynb"`` (or a path ending in one of these).

    Raises ValueError, listing the valid names, when ``name`` matches no exercise or several.
    """
    text = Path(str(name)).name
    if text.endswith(".ipynb"):
        text = text[: -len(".ipynb")]
    if text in EXERCISES:
        return text
    matches = [ex for ex in EXERCISES if text and ex.startswith(text + "_")]
    if len(matches) == 1:
        return matches[0]
    valid = ", ".join(EXERCISES)
    why = "is ambiguous" if matches else "is not an exercise"
    raise ValueError(
        f"{str(name)!r} {why}; give a number (e.g. '02') or one of: {valid}"
    )


def _exercises_dir(exercises_dir: str | Path | None) -> Path:
    return DEFAULT_EXERCISES_DIR if exercises_dir is None else Path(exercises_dir)


def solution_path(name: str, exercises_dir: str | Path | None = None) -> Path:
    """``<exercises_dir>/solutions/<name>.ipynb`` (the instructor's copy)."""
    return _exercises_dir(exercises_dir) / "solutions" / f"{resolve_exercise(name)}.ipynb"


def student_path(name: str, exercises_dir: str | Path | None = None) -> Path:
    """``<exercises_dir>/<name>.ipynb`` (the generated student version)."""
    return _exercises_dir(exercises_dir) / f"{resolve_exercise(name)}.ipynb"


# ----------------------------------------------------------------------------- parsing
@dataclass(frozen=True)
class CheckCell:
    """A graded check cell of an exercise notebook."""

    question: str
    points: int
    answers: tuple[str, ...]
    index: int  #: position of the cell in ``nb.cells``
    cell_id: str | None = None
    expected: str | None = None  #: the ✓ line a right answer prints (student versions)


@dataclass
class Exercise:
    """What :func:`parse_exercise` reads from an (instructor) exercise notebook."""

    answers: dict[str, nbformat.NotebookNode]  #: answer id -> cell
    checks: list[CheckCell]
    answer_index: dict[str, int] = field(default_factory=dict)  #: answer id -> cell position

    @property
    def answer_types(self) -> dict[str, str]:
        """answer id -> ``"code"`` or ``"markdown"``."""
        return {aid: cell.cell_type for aid, cell in self.answers.items()}

    @property
    def total_points(self) -> int:
        return sum(c.points for c in self.checks)


def _read(nb) -> nbformat.NotebookNode:
    if isinstance(nb, str | Path):
        return nbformat.read(str(nb), as_version=4)
    return nb


def _meta(cell) -> dict:
    value = cell.get("metadata", {}).get("lossedu", {})
    return value if isinstance(value, dict) else {}


def _tags(cell) -> list:
    tags = cell.get("metadata", {}).get("tags", [])
    return list(tags) if isinstance(tags, list) else []


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def parse_exercise(nb) -> Exercise:
    """Read the answer and check cells of an instructor (solution) notebook.

    ``nb`` is a NotebookNode or a path. Raises :class:`ExerciseFormatError` on any breach of
    the format: duplicate or malformed ids, tag without metadata (or the reverse), points
    that are not integers >= 1, a check cell whose source is not ``check("<id>")``, or a check
    naming an answer id that no cell carries. (Whether the question is registered in
    ``lossedu.checks.QUESTIONS`` is checked by :func:`validate_exercise`.)
    """
    nb = _read(nb)
    answers: dict[str, nbformat.NotebookNode] = {}
    answer_index: dict[str, int] = {}
    checks: list[CheckCell] = []
    seen_questions: set[str] = set()
    for index, cell in enumerate(nb.cells):
        meta, tags = _meta(cell), _tags(cell)
        where = f"cell {index}"
        if ANSWER_TAG in tags or "answer" in meta:
            answer_id = meta.get("answer")
            if ANSWER_TAG not in tags or not isinstance(answer_id, str):
                raise ExerciseFormatError(
                    f"{where}: an answer cell needs both the tag 'answer' and "
                    'metadata {"lossedu": {"answer": "<answer id>"}}'
                )
            if not _ID_RE.match(answer_id):
                raise ExerciseFormatError(
                    f"{where}: answer id {answer_id!r} is not [a-z][a-z0-9_]*")
            if answer_id in answers:
                raise ExerciseFormatError(
                    f"{where}: answer id {answer_id!r} is used twice "
                    f"(cells {answer_index[answer_id]} and {index})"
                )
            answers[answer_id] = cell
            answer_index[answer_id] = index
        if CHECK_TAG in tags or "check" in meta:
            question = meta.get("check")
            if CHECK_TAG not in tags or not isinstance(question, str):
                raise ExerciseFormatError(
                    f"{where}: a check cell needs both the tag 'check' and "
                    'metadata {"lossedu": {"check": "<question id>", "points": P, '
                    '"answers": [...]}}'
                )
            if cell.cell_type != "code":
                raise ExerciseFormatError(f"{where}: check cell {question!r} must be a code cell")
            if not _ID_RE.match(question):
                raise ExerciseFormatError(
                    f"{where}: question id {question!r} is not [a-z][a-z0-9_]*")
            if question in seen_questions:
                raise ExerciseFormatError(f"{where}: question {question!r} is checked twice")
            seen_questions.add(question)
            points = meta.get("points")
            if not isinstance(points, int) or isinstance(points, bool) or points < 1:
                raise ExerciseFormatError(
                    f"{where}: points of check {question!r} must be an integer >= 1, got {points!r}"
                )
            refs = meta.get("answers")
            if not isinstance(refs, list) or not refs or not all(isinstance(a, str) for a in refs):
                raise ExerciseFormatError(
                    f"{where}: check {question!r} needs a non-empty list of answer ids in 'answers'"
                )
            source = _text(cell.source).strip()
            if source != _CHECK_SOURCE.format(question):
                raise ExerciseFormatError(
                    f"{where}: the source of a check cell must be exactly "
                    f"{_CHECK_SOURCE.format(question)}, got {source!r}"
                )
            expected = meta.get("expected")
            expected = expected if isinstance(expected, str) else None
            checks.append(CheckCell(question, points, tuple(refs), index, cell.get("id"), expected))
    for chk in checks:
        unknown = [a for a in chk.answers if a not in answers]
        if unknown:
            raise ExerciseFormatError(
                f"cell {chk.index}: check {chk.question!r} names answer ids that no cell carries: "
                + ", ".join(unknown)
            )
    return Exercise(answers=answers, checks=checks, answer_index=answer_index)


def validate_exercise(nb) -> Exercise:
    """:func:`parse_exercise`, plus: every check names a registered question."""
    exercise = parse_exercise(nb)
    from lossedu.checks import QUESTIONS

    for chk in exercise.checks:
        if chk.question not in QUESTIONS:
            raise ExerciseFormatError(
                f"cell {chk.index}: check {chk.question!r} is not a registered question "
                "(register it in lossedu/checks/exNN.py)"
            )
    return exercise


def find_answers(nb, expected: Exercise | Mapping[str, str] | None = None):
    """Find the answer cells of a learner's notebook, tolerating what learners do to it.

    Parameters
    ----------
    nb : NotebookNode or path
    expected : Exercise, or mapping answer id -> cell type, optional
        The answers the notebook should have (the grader passes the instructor copy's
        :class:`Exercise`). By default, the list the generator stored in the student
        version's notebook metadata (``metadata["lossedu"]["answers"]``) is used; without
        either, only duplicates can be reported.

    Returns
    -------
    answers : dict answer id -> cell
        One cell per answer id that was found with the right cell type (the first one
        when the id is duplicated).
    problems : dict answer id -> reason
        ``"missing: ..."``, ``"duplicated: ..."``, ``"retyped: ..."`` or ``"unexpected: ..."``
        (an answer id the instructor copy does not have).
    """
    nb = _read(nb)
    if isinstance(expected, Exercise):
        types = expected.answer_types
    elif expected is not None:
        types = dict(expected)
    else:
        stored = nb.get("metadata", {}).get("lossedu", {})
        stored = stored.get("answers") if isinstance(stored, dict) else None
        types = dict(stored) if isinstance(stored, dict) else None

    found: dict[str, list[tuple[int, nbformat.NotebookNode]]] = {}
    for index, cell in enumerate(nb.cells):
        answer_id = _meta(cell).get("answer")
        if isinstance(answer_id, str):
            found.setdefault(answer_id, []).append((index, cell))

    answers: dict[str, nbformat.NotebookNode] = {}
    problems: dict[str, str] = {}
    for answer_id, cells in found.items():
        want = types.get(answer_id) if types is not None else None
        if types is not None and want is None:
            problems[answer_id] = "unexpected: the exercise has no answer with this id"
            continue
        right = [(i, c) for i, c in cells if want is None or c.cell_type == want]
        if len(cells) > 1:
            positions = ", ".join(str(i) for i, _ in cells)
            problems[answer_id] = (
                f"duplicated: {len(cells)} cells carry this answer id (cells {positions})")
        if right:
            answers[answer_id] = right[0][1]
        else:
            got = cells[0][1].cell_type
            problems.setdefault(
                answer_id,
                f"retyped: expected a {want} cell, found a {got} cell (cell {cells[0][0]})",
            )
    for answer_id in types or ():
        if answer_id not in found:
            problems[answer_id] = "missing: no cell carries this answer id (deleted?)"
    return answers, problems


# ----------------------------------------------------------------------------- generator
def stub_source(source: str) -> str:
    """The student version of a code answer's source.

    Each ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` block (markers included) becomes
    ``# YOUR CODE HERE`` and ``raise NotImplementedError`` at the BEGIN marker's indentation;
    without markers the whole source is replaced.
    """
    lines = source.split("\n")
    if not any(line.strip() == BEGIN_MARKER for line in lines):
        if any(line.strip() == END_MARKER for line in lines):
            raise ExerciseFormatError(f"{END_MARKER!r} without {BEGIN_MARKER!r}")
        return "\n".join(CODE_STUB)
    out: list[str] = []
    inside = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped == BEGIN_MARKER:
            if inside:
                raise ExerciseFormatError(f"line {number}: nested {BEGIN_MARKER!r}")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + stub for stub in CODE_STUB)
        elif stripped == END_MARKER:
            if not inside:
                raise ExerciseFormatError(f"line {number}: {END_MARKER!r} without {BEGIN_MARKER!r}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ExerciseFormatError(f"{BEGIN_MARKER!r} without {END_MARKER!r}")
    return "\n".join(out)


def _expected_line(cell, question: str) -> str:
    """The ✓ line that the executed solution's check cell printed."""
    texts = [
        _text(out.get("text", ""))
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stdout"
    ]
    others = [out for out in cell.get("outputs", []) if out.get("output_type") != "stream"
              or out.get("name") != "stdout"]
    text = "".join(texts)
    if others or not text.startswith("✓"):
        raise ExerciseFormatError(
            f"check {question!r}: the solution's check cell must show one ✓ line; "
            f"got {text.strip()!r}. Execute the solution notebook first "
            "(jupyter nbconvert --to notebook --execute --inplace ...) and make its checks pass."
        )
    return text


def make_student_version(solution_nb, name: str | None = None) -> nbformat.NotebookNode:
    """Return the student version of a solution notebook (the input is not modified).

    Answer cells are stubbed (see :func:`stub_source`; markdown answers become
    ``*Write your answer here.*``), their outputs cleared and execution counts reset; check
    cells keep their outputs, get the tag ``nbval-check-output`` and record the expected line
    in ``metadata["lossedu"]["expected"]`` (so ``lossedu check`` can restore it); everything
    else is copied. Cell ids are kept. The notebook metadata lists the answers
    (``metadata["lossedu"] = {"exercise": name, "answers": {id: cell type}}``).
    """
    solution_nb = _read(solution_nb)
    exercise = validate_exercise(solution_nb)
    nb = copy.deepcopy(solution_nb)
    answer_cells = set(exercise.answer_index.values())
    check_cells = {c.index: c for c in exercise.checks}
    for index, cell in enumerate(nb.cells):
        for key in _DROPPED_CELL_METADATA:
            cell.metadata.pop(key, None)
        if index in answer_cells:
            answer_id = cell.metadata["lossedu"]["answer"]
            cell.metadata = nbformat.NotebookNode(
                tags=[ANSWER_TAG], lossedu=nbformat.NotebookNode(answer=answer_id)
            )
            if cell.cell_type == "code":
                cell.source = stub_source(_text(cell.source))
                cell.outputs = []
                cell.execution_count = None
            else:
                cell.source = MARKDOWN_STUB
                cell.pop("attachments", None)
        elif index in check_cells:
            chk = check_cells[index]
            tags = [t for t in _tags(cell) if t != NBVAL_CHECK_TAG] + [NBVAL_CHECK_TAG]
            cell.metadata = nbformat.NotebookNode(
                tags=tags,
                lossedu=nbformat.NotebookNode(
                    check=chk.question, points=chk.points, answers=list(chk.answers),
                    expected=_expected_line(cell, chk.question),
                ),
            )
    meta = nbformat.NotebookNode(answers=exercise.answer_types)
    if name is not None:
        meta["exercise"] = resolve_exercise(name)
    nb.metadata["lossedu"] = meta
    return nb


def notebook_bytes(nb) -> bytes:
    """The bytes :func:`write_notebook` writes: nbformat's JSON plus a final newline."""
    text = nbformat.writes(nb)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def write_notebook(nb, path: str | Path) -> None:
    Path(path).write_bytes(notebook_bytes(nb))


def generate(names: Iterable[str] | None = None, exercises_dir=None, check_only=False):
    """(Re)generate student versions; return ``(written_or_stale, skipped)`` name lists.

    With ``check_only`` nothing is written, and the first list holds the stale student
    versions. Exercises without a solution notebook yet are skipped.
    """
    changed, skipped = [], []
    for name in (EXERCISES if names is None else [resolve_exercise(n) for n in names]):
        source = solution_path(name, exercises_dir)
        if not source.exists():
            skipped.append(name)
            continue
        target = student_path(name, exercises_dir)
        data = notebook_bytes(make_student_version(source, name))
        if target.exists() and target.read_bytes() == data:
            continue
        changed.append(name)
        if not check_only:
            target.write_bytes(data)
    return changed, skipped


# ----------------------------------------------------------------------------- variants
def variant_version(student_nb, variant: int) -> nbformat.NotebookNode:
    """A student version set to ``variant``: its ``VARIANT = ...`` line holds the number, and
    the stored outputs of the cells that use ``VARIANT`` (variant 0's data) are cleared; the
    learner's run prints their own. The input is not modified."""
    from lossedu.variants import as_variant, variant_cell, with_variant

    variant = as_variant(variant, "variant")
    nb = copy.deepcopy(_read(student_nb))
    first = variant_cell(nb)
    if first is None:
        raise ExerciseFormatError("this exercise has no per-student variants (no "
                                  "`VARIANT = ...` line in its set-up cells)")
    nb.cells[first].source = with_variant(_text(nb.cells[first].source), variant)
    for index, cell in enumerate(nb.cells):
        if (cell.cell_type == "code" and index not in (first,) and CHECK_TAG not in _tags(cell)
                and re.search(r"\bVARIANT\b", _text(cell.source))):
            cell.outputs = []
            cell.execution_count = None
    return nb


def _folder_name(identity: str) -> str:
    """A student's folder name: the id, with anything but letters, digits and ``.@-_``
    replaced by ``_`` (never a hidden or parent folder)."""
    name = re.sub(r"[^\w.@-]", "_", identity, flags=re.ASCII).lstrip(".")
    return name or "_"


def release_variants(name: str, ids: Iterable[str], secret: bytes, out: str | Path,
                     exercises_dir=None) -> Path:
    """Write every student's own notebook of exercise ``name``:
    ``OUT/<id>/<exercise>.ipynb`` (their ``VARIANT`` line, see :func:`variant_version`) and
    ``OUT/variants.csv`` (``id,variant``: for the LMS gradebook or a mail merge, when the
    class gets the one published notebook and types its number). Returns the csv's path.

    Raises ValueError (an ExerciseFormatError or lossedu.variants.VariantError) when the
    exercise has no variants, the secret is unusable, or two ids give the same folder name.
    """
    import csv

    from lossedu.variants import variant_of

    name = resolve_exercise(name)
    student = make_student_version(solution_path(name, exercises_dir), name)
    out = Path(out)
    ids = list(ids)
    folders: dict[str, str] = {}
    for identity in ids:
        folder = _folder_name(identity)
        if folder in folders:
            raise ValueError(f"the ids {folders[folder]!r} and {identity!r} give the same "
                             f"folder name {folder!r}")
        folders[folder] = identity
    rows = []
    for folder, identity in folders.items():
        variant = variant_of(identity, name, secret)
        target = out / folder / f"{name}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_notebook(variant_version(student, variant), target)
        rows.append((identity, variant))
    table = out / "variants.csv"
    with open(table, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "variant"])
        writer.writerows(rows)
    return table


# ----------------------------------------------------------------------------- self-check
_RESULT_SYMBOLS = {"pass": "✓", "fail": "✗", "not attempted": "○"}


class _Recorder:
    """pytest plugin object: records each nbval cell's outcome and what it printed."""

    def __init__(self):
        self.results: dict[int, tuple[str, str]] = {}  # code-cell number -> (outcome, stdout)
        self.collected = 0

    def pytest_collection_modifyitems(self, items):
        self.collected = len(items)

    def pytest_runtest_logreport(self, report):
        if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
            return
        match = re.search(r"Cell (\d+)$", report.nodeid)
        if match:
            self.results[int(match.group(1))] = (report.outcome, "")

    def pytest_runtest_teardown(self, item):
        number = getattr(item, "cell_num", None)
        outputs = getattr(item, "test_outputs", None) or []
        text = "".join(
            _text(o.get("text", "")) for o in outputs
            if o.get("output_type") == "stream" and o.get("name") == "stdout"
        )
        if number is not None and number in self.results:
            self.results[number] = (self.results[number][0], text)


def self_check(notebook: str | Path, verbose: bool = False, out=None) -> int:
    """Run a notebook under nbval (``--nbval-lax``: only check cells are compared) and print
    which checks pass. Returns 0 when every check passes, 1 otherwise (2: not an exercise).

    The notebook is copied to a temporary folder first; each check cell's expected output
    is restored from ``metadata["lossedu"]["expected"]`` (the learner's own run replaced
    it), so the learner's file is never modified.
    """
    import pytest

    out = sys.stdout if out is None else out
    path = Path(notebook)
    nb = nbformat.read(str(path), as_version=4)
    checks: dict[int, dict] = {}  # code-cell number -> check metadata
    code_number = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = _meta(cell)
        if isinstance(meta.get("check"), str):
            expected = meta.get("expected")
            if not isinstance(expected, str):  # a solution notebook: keep its stored output
                expected = "".join(_text(o.get("text", "")) for o in cell.get("outputs", [])
                                   if o.get("output_type") == "stream")
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=expected)]
            cell.execution_count = cell.get("execution_count") or 1  # nbval skips "unrun" cells
            tags = [t for t in _tags(cell) if t != NBVAL_CHECK_TAG] + [NBVAL_CHECK_TAG]
            cell.metadata["tags"] = tags
            checks[code_number] = meta
        code_number += 1
    if not checks:
        print(f"{path}: no check cells found (is this an exercise notebook?)", file=out)
        return 2

    recorder = _Recorder()
    with tempfile.TemporaryDirectory(prefix="lossedu-check-") as tmp:
        tmp_path = Path(tmp)
        copy_path = tmp_path / path.name
        write_notebook(nb, copy_path)
        (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        args = [
            "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path),
            "-p", "no:cacheprovider", "--nbval-lax", "--nbval-current-env",
            "--nbval-cell-timeout=120", "-q", "-W", "ignore", str(copy_path),
        ]
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            pytest.main(args, plugins=[recorder])
    if verbose:
        print(buffer.getvalue(), file=out)

    print(f"Self-check of {path}:", file=out)
    passed = points_got = points_all = errors = 0
    for number, meta in sorted(checks.items()):
        outcome, printed = recorder.results.get(number, ("not run", ""))
        points = meta.get("points", 0) if isinstance(meta.get("points"), int) else 0
        points_all += points
        if outcome == "passed":
            passed += 1
            points_got += points
        first = printed.strip().splitlines()[0] if printed.strip() else ""
        if outcome == "passed":
            line = first or f"✓ {meta['check']}"
        elif first[:1] in ("✗", "○"):
            line = first
        else:
            line = f"✗ {meta['check']}: the check cell did not print its line ({outcome})"
        print(f"  {line}  [{points} point{'s' if points != 1 else ''}]", file=out)
    for number, (outcome, _) in recorder.results.items():
        if number not in checks and outcome != "passed":
            errors += 1
    print(f"{passed}/{len(checks)} checks pass ({points_got}/{points_all} points).", file=out)
    if errors:
        print(f"{errors} other cell(s) raised an error (unfinished answers raise "
              "NotImplementedError); run with --verbose to see them.", file=out)
    return 0 if passed == len(checks) else 1


# ----------------------------------------------------------------------------- command line
def _cmd_variants(args) -> int:
    from lossedu.variants import read_roster, read_secret

    if len(args.names) != 1 or args.out is None:
        print("lossedu exercises: --variants needs exactly one exercise and --out DIR, e.g. "
              "lossedu exercises 02 --variants roster.csv --out release/02", file=sys.stderr)
        return 2
    try:
        secret = read_secret(args.variant_secret)
        ids = read_roster(args.variants, args.id_column)
        table = release_variants(args.names[0], ids, secret, args.out, args.exercises_dir)
    except (ValueError, OSError) as error:  # VariantError and ExerciseFormatError included
        print(f"lossedu exercises: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(ids)} notebooks in {args.out}/<id>/ and their variants in {table}")
    return 0


def _cmd_exercises(args) -> int:
    if args.variants is not None:
        return _cmd_variants(args)
    if args.out is not None or args.variant_secret is not None:
        print("lossedu exercises: --out and --variant-secret go with --variants ROSTER",
              file=sys.stderr)
        return 2
    try:
        changed, skipped = generate(args.names or None, args.exercises_dir, check_only=args.check)
    except (ExerciseFormatError, ValueError) as error:
        print(f"lossedu exercises: {error}", file=sys.stderr)
        return 1
    for name in skipped:
        print(f"skipped {name} (no solution notebook yet)")
    if args.check:
        if changed:
            print("stale student versions (run `make exercises`):")
            for name in changed:
                print(f"  exercises/{name}.ipynb")
            return 1
        print("student versions are up to date")
        return 0
    for name in changed:
        print(f"wrote exercises/{name}.ipynb")
    if not changed:
        print("student versions were already up to date")
    return 0


def _cmd_check(args) -> int:
    path = Path(args.notebook)
    if not path.exists():
        try:
            path = student_path(args.notebook)
        except ValueError:
            pass
    if not path.exists():
        print(f"no such notebook: {args.notebook}", file=sys.stderr)
        return 2
    try:
        import ipykernel  # noqa: F401
        import nbval  # noqa: F401
    except ImportError:
        print("lossedu check needs nbval and ipykernel: pip install -r requirements.txt",
              file=sys.stderr)
        return 2
    return self_check(path, verbose=args.verbose)


def add_subcommand(subparsers) -> None:
    """Register ``lossedu exercises`` and ``lossedu check``."""
    parser = subparsers.add_parser(
        "exercises", help="generate the student exercise notebooks from their solutions",
        description="Generate exercises/<name>.ipynb from exercises/solutions/<name>.ipynb.",
    )
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="exercises to generate (default: all), e.g. 02 or 02_mse_exercise")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 listing stale student versions")
    parser.add_argument("--exercises-dir", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--variants", metavar="ROSTER", default=None,
                        help="per-student variants: a CSV of the class (one id per row); writes "
                        "OUT/<id>/<exercise>.ipynb and OUT/variants.csv (docs/grading.md)")
    parser.add_argument("--id-column", default="id", metavar="NAME",
                        help="the roster's column of student ids, as the grader sees them "
                        "(default: id)")
    parser.add_argument("--variant-secret", metavar="FILE", default=None,
                        help="file holding the course secret (default: the environment variable "
                        "LOSSEDU_VARIANT_SECRET)")
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="with --variants: the folder to write the notebooks to")
    parser.set_defaults(func=_cmd_exercises)

    parser = subparsers.add_parser(
        "check", help="self-check an exercise notebook: which checks pass?",
        description="Run an exercise notebook top to bottom (nbval, --nbval-lax) in a "
        "temporary copy and print which checks pass. Your file is not modified.",
    )
    parser.add_argument("notebook", metavar="NOTEBOOK",
                        help="e.g. exercises/02_mse_exercise.ipynb (or just 02)")
    parser.add_argument("--verbose", action="store_true", help="also show pytest's report")
    parser.set_defaults(func=_cmd_check)
