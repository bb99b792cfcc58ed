"""Plausible wrong answers ("mutants") for the exercise checks.

A check that cannot fail is a defect. ``tests/test_exercises.py`` runs each solution notebook
with one answer cell replaced by a mutant and asserts that the targeted check prints a ``✗``
line containing the expected hint, while every check that does not depend on the replaced
answer still passes.

Format: one module per exercise, ``tests/mutants/exNN.py`` (NN = the exercise number),
defining ``MUTANTS``, a list of :class:`Mutant`::

    from mutants import Mutant   # tests/ is on sys.path under pytest

    MUTANTS = [
        Mutant(
            question="mse_numpy",                 # the check that must fail
            answer="mse_code",                    # the answer cell whose source is replaced
            code='''
    def mse(y_true, y_pred):
        return np.sum((np.asarray(y_true, float) - np.asarray(y_pred, float)) ** 2)
    ''',                                          # the whole new source of that cell
            hint_contains="did you divide by n?", # text the ✗ line must contain
        ),
    ]

``code`` is dedented before use. Every registered question needs at least one mutant.
Checks whose metadata lists the replaced answer id (they depend on it) may fail too; all
other checks must still pass.
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Mutant:
    question: str
    answer: str
    code: str
    hint_contains: str
    name: str = ""  #: optional short label for the test id

    @property
    def source(self) -> str:
        return textwrap.dedent(self.code).strip("\n")

    @property
    def label(self) -> str:
        return self.name or self.hint_contains[:30]


def _as_mutant(item) -> Mutant:
    if isinstance(item, Mutant):
        return item
    if isinstance(item, dict):
        return Mutant(**item)
    # a Mutant class from another import path (e.g. tests.mutants vs mutants)
    return Mutant(item.question, item.answer, item.code, item.hint_contains,
                  getattr(item, "name", ""))


def load_mutants() -> dict[str, list[Mutant]]:
    """``{"NN": [Mutant, ...]}`` for every ``tests/mutants/exNN.py`` present."""
    if str(HERE.parent) not in sys.path:  # so that ``from mutants import Mutant`` works
        sys.path.insert(0, str(HERE.parent))
    found: dict[str, list[Mutant]] = {}
    for path in sorted(HERE.glob("ex[0-9][0-9].py")):
        spec = importlib.util.spec_from_file_location(f"_lossedu_mutants_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found[path.stem[2:]] = [_as_mutant(m) for m in getattr(module, "MUTANTS", [])]
    for number, mutants in quiz_mutants().items():
        found.setdefault(number, []).extend(mutants)
    return found


def quiz_mutants() -> dict[str, list[Mutant]]:
    """Every wrong option of every quiz question, as a mutant of the quiz's answer cell
    (the other answers right): its check must print the explanation of that option."""
    from lossedu.quiz import all_quizzes

    found: dict[str, list[Mutant]] = {}
    for number, questions in all_quizzes().items():
        for question in questions:
            for letter in question.letters:
                if letter == question.answer:
                    continue
                code = "\n".join(f'{q.id} = "{letter if q is question else q.answer}"'
                                 for q in questions)
                found.setdefault(number, []).append(Mutant(
                    question.id, f"quiz{number}", code, f"{letter} is not it",
                    f"{question.id}={letter}"))
    return found
