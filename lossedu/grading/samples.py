"""Sample submissions built from the real exercise notebooks (for tests, the benchmark, and
for an instructor who wants to try ``lossedu grade`` before the real homework comes in).

* :func:`honest` is the student version with the reference answers filled in (full marks);
* :func:`blank` is the student version as released (``raise NotImplementedError``: 0 points);
* :func:`with_answers` replaces chosen answers with other source code (an attack, a bug).
"""

from __future__ import annotations

import copy

import nbformat

from lossedu.exercises import notebook_bytes, parse_exercise, solution_path, student_path


def _load(name: str):
    solution = nbformat.read(str(solution_path(name)), as_version=4)
    student = nbformat.read(str(student_path(name)), as_version=4)
    return solution, student


def reference_answers(name: str) -> dict[str, str]:
    """answer id -> the solution's source for that answer cell."""
    solution, _ = _load(name)
    return {aid: cell.source for aid, cell in parse_exercise(solution).answers.items()}


def with_answers(name: str, answers: dict[str, str] | None = None,
                 base: str = "honest") -> nbformat.NotebookNode:
    """The student version with answers filled in: the references (``base="honest"``) or the
    stubs (``base="blank"``), then ``answers`` (answer id -> source) on top."""
    solution, student = _load(name)
    reference = {aid: cell.source for aid, cell in parse_exercise(solution).answers.items()}
    nb = copy.deepcopy(student)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("lossedu", {})
        answer_id = meta.get("answer") if isinstance(meta, dict) else None
        if answer_id is None:
            continue
        if answers and answer_id in answers:
            cell.source = answers[answer_id]
        elif base == "honest":
            cell.source = reference[answer_id]
    return nb


def honest(name: str) -> nbformat.NotebookNode:
    return with_answers(name)


def blank(name: str) -> nbformat.NotebookNode:
    return with_answers(name, base="blank")


def to_bytes(nb) -> bytes:
    return notebook_bytes(nb)
