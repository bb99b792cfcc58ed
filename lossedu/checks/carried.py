"""Error carried forward: questions whose answer is computed with an earlier answer.

Exercise 02 asks for ``mse`` and then for ``house_mse = mse(house_true, house_pred)``. A
learner whose ``mse`` sums instead of averaging fails ``mse`` AND gets a wrong ``house_mse``;
charging the same mistake twice is not fair. An exercise module declares, next to such a
question, which earlier function questions its answer uses and on which inputs::

    carry_forward(
        "house_price_errors",
        uses=(Uses("mse_numpy", lambda case: [Case("house prices", case.args)]),),
        expected=lambda case, got: (got["mse_numpy"][0], math.sqrt(got["mse_numpy"][0])),
    )

When the answer fails its own check, the grader (``lossedu grade``) also calls the learner's
OWN earlier function on those inputs (a probe in the learner's kernel, like any other:
nothing of the reference enters it) and accepts the answer if it equals ``expected(case,
got)``: what the learner's own function gives (``got``: question id -> the values it
returned, one per call). So one mistake is charged once, in its own question. The learner's
function must have returned a finite value on every call (a stub, an error or a NaN carries
nothing forward). ``case`` is the question's judging case (:func:`lossedu.checks._core.
variant_case`: the data of the student's variant), or None for a question whose data do not
vary.

A function question is judged case by case: ``calls(case)`` and ``expected(case, got)`` are
given each of its public cases (its hidden checks stay strict), and every case must be
consistent. An answer that feeds the earlier function its own outputs (exercise 03's ``fit``
iterating ``gradient_step``) cannot be declared: its calls are not known in advance, and
re-running it with the reference in place would put the reference in the kernel.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from lossedu.checks._core import QUESTIONS, Case, close


@dataclass(frozen=True)
class Uses:
    """An earlier question (``question``, its id) that the answer builds on.

    For a function question, ``calls(case)`` lists the calls of the learner's function that
    the answer makes (Cases), from the question's judging case; ``got[question]`` is then the
    list of values it returned. For a value question whose names are also names of this
    answer (exercise 03: ``mu_max``, ``mu_min``), ``calls`` is None and ``got[question]`` is
    the tuple of those values as this answer has them.
    """

    question: str
    calls: Callable[[Case | None], Sequence[Case]] | None = None


@dataclass(frozen=True)
class Carried:
    """A declared dependency (see :func:`carry_forward`)."""

    question: str
    uses: tuple
    expected: Callable[[Case | None, dict], tuple]
    rtol: float = 1e-6
    atol: float = 1e-12


#: question id -> its declaration
CARRIED: dict[str, Carried] = {}


def carry_forward(question_id: str, *, uses: Sequence[Uses],
                  expected: Callable[[Case | None, dict], tuple], rtol: float = 1e-6,
                  atol: float = 1e-12) -> Carried:
    """Declare that the value question ``question_id`` is computed with the learner's
    functions of the questions in ``uses`` (registered before it, kind "function"), and
    how: ``expected(case, got)`` is the answer those functions' values ``got`` lead to."""
    question = QUESTIONS.get(question_id)
    if question is None:
        raise ValueError(f"carry_forward: {question_id!r} must be a registered question")
    if question_id in CARRIED:
        raise ValueError(f"carry_forward: {question_id!r} is declared twice")
    uses = tuple(uses)
    if not uses or not all(isinstance(u, Uses) for u in uses):
        raise ValueError(f"carry_forward({question_id!r}): uses must be a non-empty tuple of Uses")
    for used in uses:
        earlier = QUESTIONS.get(used.question)
        if earlier is None or (earlier.kind == "function") != (used.calls is not None):
            raise ValueError(f"carry_forward({question_id!r}): uses {used.question!r}, which "
                             "is not a registered function question with calls, or value "
                             "question without")
        if used.calls is None and not set(earlier.names) <= set(question.names):
            raise ValueError(f"carry_forward({question_id!r}): the names of {used.question!r} "
                             f"{earlier.names} are not all names of this answer")
    if not callable(expected):
        raise ValueError(f"carry_forward({question_id!r}): expected must be callable")
    CARRIED[question_id] = Carried(question_id, uses, expected, rtol, atol)
    return CARRIED[question_id]


def values_in_answer(question_id: str, used: str, returned: Sequence[Any]) -> tuple:
    """The values of the value question ``used`` as the answer to ``question_id`` has them."""
    names = QUESTIONS[question_id].names
    return tuple(returned[names.index(name)] for name in QUESTIONS[used].names)


def finite_values(returned: Sequence[Any]) -> bool:
    """Whether every value an earlier function returned is usable (numbers, all finite)."""
    try:
        return all(np.all(np.isfinite(np.asarray(v, dtype=float))) for v in returned)
    except (TypeError, ValueError):
        return False


def consistent(returned: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-12) -> bool:
    """``returned`` (the answer's values, a tuple) against ``expected``: numbers within the
    tolerances (:func:`lossedu.checks.close`), strings equal up to case and spaces."""
    if isinstance(expected, tuple):
        return isinstance(returned, tuple | list) and len(returned) == len(expected) and all(
            consistent(r, e, rtol, atol) for r, e in zip(returned, expected, strict=True))
    if isinstance(expected, str):
        return isinstance(returned, str) and returned.strip().upper() == expected.strip().upper()
    if isinstance(expected, bool | np.bool_):
        return isinstance(returned, bool | np.bool_) and bool(returned) == bool(expected)
    if isinstance(returned, str | bool):
        return False
    try:
        value = float(np.asarray(returned, dtype=float)) if np.ndim(returned) == 0 else None
    except (TypeError, ValueError):
        return False
    if value is not None and not math.isfinite(value):
        return False
    return close(returned, expected, rtol, atol)


__all__ = ["CARRIED", "Carried", "Uses", "carry_forward", "consistent", "finite_values",
           "values_in_answer"]
