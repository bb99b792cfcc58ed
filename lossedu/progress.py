"""Course-wide progress: for every exercise, the checks that pass, the points, and what to do next.

``lossedu progress`` (or, from a notebook cell, ``from lossedu.progress import show_progress;
show_progress()``) looks at the learner's exercise notebooks in ``exercises/``:

* an exercise whose answer cells are all still the stub (``raise NotImplementedError``) is
  "not started" at once, without running anything;
* every other exercise is run top to bottom in a fresh kernel, on a temporary copy (the
  learner's file is never modified), and each check cell's line is read from that run. So the
  figures are what the learner's *saved* answers earn now, whatever outputs the file holds.

The summary ends with one concrete next step: the first check, in course order, that does not
pass yet.
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from lossedu.exercises import (
    CODE_STUB,
    EXERCISES,
    MARKDOWN_STUB,
    _meta,
    _text,
    student_path,
)

PASSED, FAILED, NOT_STARTED, NOT_RUN = "passed", "failed", "not started", "not run"
_SYMBOL = {PASSED: "✓", FAILED: "✗", NOT_STARTED: "○", NOT_RUN: "?"}


@dataclass
class CheckStatus:
    """One graded check of one exercise, as the learner's saved answers stand."""

    question: str
    points: int
    status: str  #: PASSED, FAILED, NOT_STARTED or NOT_RUN
    line: str = ""  #: what the check printed (its first line), when it ran


@dataclass
class ExerciseProgress:
    """The checks of one exercise notebook."""

    name: str
    title: str
    path: Path
    checks: list[CheckStatus] = field(default_factory=list)
    missing: bool = False  #: the learner's notebook is not there

    @property
    def passed(self) -> int:
        return sum(c.status == PASSED for c in self.checks)

    @property
    def points(self) -> int:
        return sum(c.points for c in self.checks if c.status == PASSED)

    @property
    def total_points(self) -> int:
        return sum(c.points for c in self.checks)

    @property
    def started(self) -> bool:
        return any(c.status != NOT_STARTED for c in self.checks)


def _is_stub(cell) -> bool:
    source = _text(cell.get("source", "")).strip()
    if cell.get("cell_type") == "markdown":
        return source in ("", MARKDOWN_STUB)
    return CODE_STUB[1] in source


def _title(nb, name: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", _text(cell.source), re.M)
            if match:
                return re.sub(r"^Exercise\s+\d+\s*·\s*", "", match.group(1)).strip()
    return name


def _check_cells(nb):
    """(cell, metadata) of every graded check cell, in notebook order."""
    return [(c, _meta(c)) for c in nb.cells
            if c.cell_type == "code" and isinstance(_meta(c).get("check"), str)]


def _answer_cells(nb) -> dict:
    return {_meta(c)["answer"]: c for c in nb.cells if isinstance(_meta(c).get("answer"), str)}


def _first_line(cell) -> str:
    text = "".join(_text(o.get("text", "")) for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")
    lines = text.strip().splitlines()
    return lines[0] if lines else ""


def _run(nb, path: Path, timeout: int) -> nbformat.NotebookNode:
    """Execute a copy of ``nb`` in a fresh kernel, in a temporary folder; errors are kept in the
    outputs (an unfinished answer raises NotImplementedError, the checks below still run)."""
    from nbclient import NotebookClient

    run_nb = nbformat.from_dict(nbformat.v4.upgrade(nb) if nb.nbformat < 4 else nb)
    with tempfile.TemporaryDirectory(prefix="lossedu-progress-") as tmp:
        client = NotebookClient(run_nb, timeout=timeout, allow_errors=True,
                                kernel_name="python3", resources={"metadata": {"path": tmp}},
                                extra_arguments=["--IPKernelApp.log_level=ERROR"])
        client.execute()
    return run_nb


def exercise_progress(name: str, exercises_dir=None, *, timeout: int = 120) -> ExerciseProgress:
    """The progress of one exercise: read the learner's notebook, run it if any answer is
    written, and report each check's status."""
    path = student_path(name, exercises_dir)
    if not path.exists():
        return ExerciseProgress(name, name, path, missing=True)
    nb = nbformat.read(str(path), as_version=4)
    result = ExerciseProgress(name, _title(nb, name), path)
    answers = _answer_cells(nb)
    checks = _check_cells(nb)

    def untouched(meta):
        ids = meta.get("answers") or []
        return all(aid not in answers or _is_stub(answers[aid]) for aid in ids)

    if all(untouched(meta) for _, meta in checks):  # nothing written yet: nothing to run
        for _, meta in checks:
            result.checks.append(CheckStatus(meta["check"], int(meta.get("points", 0)),
                                             NOT_STARTED))
        return result

    ran = _run(nb, path, timeout)
    for cell, meta in _check_cells(ran):
        line = _first_line(cell)
        if untouched(meta) or line.startswith("○"):
            status = NOT_STARTED
        elif line.startswith("✓"):
            status = PASSED
        elif line.startswith("✗"):
            status = FAILED
        else:
            status = NOT_RUN
        result.checks.append(CheckStatus(meta["check"], int(meta.get("points", 0)), status, line))
    return result


def course_progress(exercises_dir=None, names=None, *, timeout: int = 120):
    """:func:`exercise_progress` of every exercise of the course (or of ``names``), in order."""
    return [exercise_progress(n, exercises_dir, timeout=timeout) for n in (names or EXERCISES)]


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it (as a learner types it)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _next_step(progress: list[ExerciseProgress]) -> str:
    for ex in progress:
        if ex.missing:
            continue
        for check in ex.checks:
            if check.status == PASSED:
                continue
            cell = f'check("{check.question}")'
            where = _shown(ex.path)
            if check.status == NOT_STARTED:
                if not ex.started:
                    return (f"Next: open {where} ({ex.title}) and answer its first question, "
                            f"checked by {cell}.")
                return f"Next: in {where}, answer the question checked by {cell}."
            if check.status == FAILED:
                return f"Next: in {where}, fix the answer of {cell}: {check.line}"
            return (f"Next: in {where}, the check cell {cell} did not print "
                    "its line: run the notebook top to bottom and read the first error.")
    return "Every check of every exercise passes: well done."


def format_progress(progress: list[ExerciseProgress]) -> str:
    """The summary table printed by ``lossedu progress``."""
    width = max((len(ex.title) for ex in progress), default=10)
    lines = ["Your progress (each exercise with a written answer was re-run just now):"]
    for ex in progress:
        number = ex.name[:2]
        if ex.missing:
            lines.append(f"  {number} {ex.name:<{width}}  (no notebook at {_shown(ex.path)})")
            continue
        if not ex.started:
            state = f"○ not started      0/{ex.total_points} points"
        else:
            mark = "✓" if ex.passed == len(ex.checks) else "✗"
            state = (f"{mark} {ex.passed}/{len(ex.checks)} checks  "
                     f"{ex.points}/{ex.total_points} points")
        lines.append(f"  {number} {ex.title:<{width}}  {state}")
    checks = sum(len(ex.checks) for ex in progress)
    passed = sum(ex.passed for ex in progress)
    points = sum(ex.points for ex in progress)
    total = sum(ex.total_points for ex in progress)
    lines.append(f"Total: {passed}/{checks} checks pass, {points}/{total} points.")
    lines.append(_next_step(progress))
    return "\n".join(lines)


def show_progress(exercises_dir=None, names=None, *, file=None) -> list[ExerciseProgress]:
    """Print the course-wide progress (usable from a notebook cell) and return it."""
    progress = course_progress(exercises_dir, names)
    print(format_progress(progress), file=file or sys.stdout)
    return progress


# ----------------------------------------------------------------------------- command line
def _cmd_progress(args) -> int:
    from lossedu.exercises import resolve_exercise

    try:
        names = [resolve_exercise(n) for n in args.names] or None
    except ValueError as error:
        print(f"lossedu progress: {error}", file=sys.stderr)
        return 2
    progress = show_progress(args.exercises_dir, names)
    return 0 if all(ex.passed == len(ex.checks) and not ex.missing for ex in progress) else 1


def add_subcommand(subparsers) -> None:
    """Register ``lossedu progress``."""
    parser = subparsers.add_parser(
        "progress", help="which checks of every exercise pass, the points, what to do next",
        description="Re-run every exercise notebook in exercises/ that has a written answer (on "
        "a temporary copy; your files are not modified) and print, per exercise, the checks "
        "that pass and the points, then the next thing to do.",
    )
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="only these exercises (default: all), e.g. 02 or 02_mse_exercise")
    parser.add_argument("--exercises-dir", default=None,
                        help="the folder of your exercise notebooks "
                        "(default: the course's exercises/)")
    parser.set_defaults(func=_cmd_progress)
