"""The authoring kit: ``lossedu new-question`` scaffolds a graded question in one command.

A question lives in three files (docs/exercise-format.md):

* the solution notebook ``exercises/solutions/NN_*_exercise.ipynb``: a markdown cell with the
  question, an answer cell (the reference answer between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``) and a check cell ``check("<id>")`` carrying the points;
* ``lossedu/checks/exNN.py``: the :class:`~lossedu.checks.Question` (cases, reference, hints);
* ``tests/mutants/exNN.py``: plausible wrong answers, each with the hint it must get.

:func:`new_question` writes all three at once, with clearly marked places to fill in (the
placeholders fail their tests until the author writes them: a scaffold is not a question).
Counts and registries are derived from these files, so nothing else needs editing.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from lossedu.exercises import (
    _ID_RE,
    ANSWER_TAG,
    BEGIN_MARKER,
    CHECK_TAG,
    END_MARKER,
    _meta,
    resolve_exercise,
    write_notebook,
)

#: repository root of the editable checkout (``<repo>/lossedu/authoring.py``)
DEFAULT_ROOT = Path(__file__).resolve().parent.parent

_CHECKS_HEADER = '''"""Questions of exercise {number} (see docs/exercise-format.md)."""

import numpy as np

from lossedu.checks._core import Case, Hint, Question, Raised, register  # noqa: F401
'''

_MUTANTS_HEADER = '''"""Wrong answers for exercise {number} (tests/mutants/__init__.py)."""

from mutants import Mutant

MUTANTS = [
]
'''


def _function_question(qid: str, title: str) -> str:
    return f'''

# ----------------------------------------------------------------------------- {qid}
def _reference_{qid}(*args):
    """TODO (author): the trusted answer, e.g. from lossedu.losses."""
    raise NotImplementedError("write the reference of question {qid!r}")


register(Question(
    id="{qid}",
    title="{title}",
    names=("{qid}",),
    kind="function",
    cases=(
        # TODO (author): ordinary cases first, then the hard ones (lists, float32, (n, 1)...)
        Case("TODO first case", ()),
    ),
    reference=_reference_{qid},
    hints=(
        # TODO (author): one Hint per plausible mistake, each with a mutant in tests/mutants
    ),
))
'''


def _value_question(qid: str, title: str) -> str:
    return f'''

# ----------------------------------------------------------------------------- {qid}
def _reference_{qid}():
    """TODO (author): compute the expected value(s) with trusted code."""
    raise NotImplementedError("write the reference of question {qid!r}")


register(Question(
    id="{qid}",
    title="{title}",
    names=("{qid}",),
    kind="value",
    reference=_reference_{qid},
    hints=(
        # TODO (author): one Hint per plausible wrong value (a wrong option, a forgotten factor)
    ),
))
'''


def _mutant(qid: str, answer_id: str, kind: str) -> str:
    code = (f"def {qid}(*args):\n    return None  # TODO (author): a plausible wrong answer"
            if kind == "function" else f"{qid} = None  # TODO (author): a plausible wrong value")
    return (f'    # ---- {qid}\n'
            f'    Mutant("{qid}", "{answer_id}", \'\'\'\n{code}\n\'\'\', '
            f'"TODO (author): text of the hint it must get"),\n')


def new_question(exercise: str, qid: str, *, points: int, kind: str = "function",
                 title: str | None = None, root: str | Path | None = None) -> list[Path]:
    """Add question ``qid`` to ``exercise``: solution cells, check stub and mutant stub.

    Parameters
    ----------
    exercise : str
        The exercise, as ``lossedu exercises`` takes it (``"03"``, ``"03_gradient_descent"``...).
    qid : str
        The new question id (``[a-z][a-z0-9_]*``), unique in the course.
    points : int
        Points of the question (>= 1), stored in the check cell of the solution notebook.
    kind : {"function", "value"}
        A function the learner writes, or values the learner computes.
    title : str, optional
        The title the check line shows (default: ``qid``).
    root : path, optional
        The repository root (default: this checkout).

    Returns
    -------
    list of Path
        The files written.
    """
    root = DEFAULT_ROOT if root is None else Path(root)
    if not isinstance(qid, str) or not _ID_RE.match(qid):
        raise ValueError(f"question id must match [a-z][a-z0-9_]*; got {qid!r}")
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise ValueError(f"points must be an integer >= 1; got {points!r}")
    if kind not in ("function", "value"):
        raise ValueError(f"kind must be 'function' or 'value'; got {kind!r}")
    name = resolve_exercise(exercise)
    number = name[:2]
    title = title or qid
    solution = root / "exercises" / "solutions" / f"{name}.ipynb"
    checks = root / "lossedu" / "checks" / f"ex{number}.py"
    mutants = root / "tests" / "mutants" / f"ex{number}.py"
    if not solution.exists():
        raise ValueError(f"no solution notebook at {solution}")
    nb = nbformat.read(str(solution), as_version=4)
    taken = {_meta(c).get("check") for c in nb.cells} | {_meta(c).get("answer") for c in nb.cells}
    answer_id = f"{qid}_code"
    for existing in (qid, answer_id):
        if existing in taken:
            raise ValueError(f"{existing!r} is already used in {solution.name}")
    for path in (checks,):
        if path.exists() and re.search(rf'id="{re.escape(qid)}"', path.read_text()):
            raise ValueError(f"question {qid!r} is already registered in {path.name}")
    from lossedu.checks import QUESTIONS

    if qid in QUESTIONS:
        raise ValueError(f"question id {qid!r} is already registered in the course")

    if kind == "function":
        body = (f"def {qid}(...):  # TODO (author): the signature the learner fills in\n"
                f"    {BEGIN_MARKER}\n    raise NotImplementedError\n    {END_MARKER}")
    else:
        body = (f"{BEGIN_MARKER}\n{qid} = ...  # TODO (author): the reference computation\n"
                f"{END_MARKER}")
    cells = [
        new_markdown_cell(f"## {title}\n\nTODO (author): the question, with its tolerance, and "
                          "whether lists are accepted where arrays are asked."),
        new_code_cell(body, metadata={"lossedu": {"answer": answer_id}, "tags": [ANSWER_TAG]}),
        new_code_cell(f'check("{qid}")', metadata={
            "lossedu": {"check": qid, "points": points, "answers": [answer_id]},
            "tags": [CHECK_TAG]}),
    ]
    done = next((i for i, c in enumerate(nb.cells)
                 if c.cell_type == "markdown" and c.source.lstrip().startswith("## Done")),
                len(nb.cells))
    nb.cells[done:done] = cells
    write_notebook(nb, solution)

    if not checks.exists():
        checks.write_text(_CHECKS_HEADER.format(number=number), encoding="utf-8")
    with checks.open("a", encoding="utf-8") as f:
        f.write((_function_question if kind == "function" else _value_question)(qid, title))

    if not mutants.exists():
        mutants.write_text(_MUTANTS_HEADER.format(number=number), encoding="utf-8")
    text = mutants.read_text(encoding="utf-8")
    end = text.rfind("]")
    if end < 0:
        raise ValueError(f"{mutants} has no MUTANTS list")
    mutants.write_text(text[:end] + _mutant(qid, answer_id, kind) + text[end:], encoding="utf-8")
    return [solution, checks, mutants]


def quiz_cells(exercise: str, *, root: str | Path | None = None) -> Path:
    """Write (or re-write) the quiz section of an exercise's solution notebook from
    ``lossedu/quizzes/qNN.py``: a heading, the quiz display, one answer cell with a letter per
    question and one check cell per question (1 point each), placed before "Done?".

    Re-running it after editing the quiz replaces the old section (cells marked
    ``metadata["lossedu"]["quiz"]``, the ``quizNN`` answer cell and the quiz check cells).
    Execute the notebook afterwards (``make notebook NB=...``) so the checks print their lines.
    """
    from lossedu.quiz import get_quiz

    root = DEFAULT_ROOT if root is None else Path(root)
    name = resolve_exercise(exercise)
    number = name[:2]
    questions = get_quiz(number)
    solution = root / "exercises" / "solutions" / f"{name}.ipynb"
    nb = nbformat.read(str(solution), as_version=4)
    answer_id = f"quiz{number}"
    ids = {q.id for q in questions}

    def is_quiz(cell):
        meta = _meta(cell)
        return ("quiz" in meta or meta.get("answer") == answer_id
                or meta.get("check") in ids or str(meta.get("check", "")).startswith(answer_id))

    nb.cells = [c for c in nb.cells if not is_quiz(c)]
    example = ", ".join(f'{q.id} = "?"' for q in questions)
    letters = "\n".join(f'{q.id} = "{q.answer}"' for q in questions)
    cells = [
        new_markdown_cell(
            "## Quiz\n\nOne letter per question. With the buttons below you see at once why an "
            "option is right or wrong; the answer cell after them is what the checks grade.",
            metadata={"lossedu": {"quiz": number}}),
        new_code_cell(f'from lossedu.quiz import quiz\n\nquiz("{number}")',
                      metadata={"lossedu": {"quiz": number}}),
        new_code_cell(f"# Your answers, one letter in quotes each: {example}\n"
                      f"{BEGIN_MARKER}\n{letters}\n{END_MARKER}",
                      metadata={"lossedu": {"answer": answer_id}, "tags": [ANSWER_TAG]}),
    ]
    cells += [new_code_cell(f'check("{q.id}")', metadata={
        "lossedu": {"check": q.id, "points": 1, "answers": [answer_id]}, "tags": [CHECK_TAG]})
        for q in questions]
    done = next((i for i, c in enumerate(nb.cells)
                 if c.cell_type == "markdown" and c.source.lstrip().startswith("## Done")),
                len(nb.cells))
    nb.cells[done:done] = cells
    write_notebook(nb, solution)
    return solution


# ----------------------------------------------------------------------------- command line
def _cmd_quiz_cells(args) -> int:
    try:
        path = quiz_cells(args.exercise, root=args.root)
    except ValueError as error:
        print(f"lossedu quiz-cells: {error}", file=sys.stderr)
        return 2
    print(f"wrote the quiz section of {path}; now execute it: make notebook NB={path}")
    return 0


def _cmd_new_question(args) -> int:
    try:
        written = new_question(args.exercise, args.question, points=args.points, kind=args.kind,
                               title=args.title, root=args.root)
    except ValueError as error:
        print(f"lossedu new-question: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print("Next: fill in every TODO (author), execute the solution notebook, then "
          f"`lossedu exercises {args.exercise}` and `make test` (see docs/exercise-format.md).")
    return 0


def add_subcommand(subparsers) -> None:
    """Register ``lossedu new-question``."""
    parser = subparsers.add_parser(
        "new-question", help="scaffold a graded question (solution cells, check, mutant)",
        description="Add a question to an exercise: its markdown, answer and check cells in the "
        "solution notebook, a Question stub in lossedu/checks/exNN.py and a mutant stub in "
        "tests/mutants/exNN.py, each marked TODO (author).",
    )
    parser.add_argument("exercise", metavar="EXERCISE", help="e.g. 03 or 03_gradient_descent")
    parser.add_argument("question", metavar="QUESTION_ID", help="e.g. focal_loss")
    parser.add_argument("--points", type=int, required=True, help="points of the question")
    parser.add_argument("--kind", choices=("function", "value"), default="function",
                        help="a function to write (default) or values to compute")
    parser.add_argument("--title", default=None, help="title shown by the check line")
    parser.add_argument("--root", default=None, help=argparse.SUPPRESS)
    parser.set_defaults(func=_cmd_new_question)

    parser = subparsers.add_parser(
        "quiz-cells", help="write an exercise's quiz section from lossedu/quizzes/qNN.py",
        description="(Re)write the quiz section of exercises/solutions/NN_*.ipynb: heading, "
        "quiz display, one answer cell, one check cell per question (1 point each).",
    )
    parser.add_argument("exercise", metavar="EXERCISE", help="e.g. 03")
    parser.add_argument("--root", default=None, help=argparse.SUPPRESS)
    parser.set_defaults(func=_cmd_quiz_cells)
