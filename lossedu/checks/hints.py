"""Hints shared by the exercise checks: one definition of each common mistake, and the one
choice question (:func:`choice_question`) that every exercise and quiz uses.

A question module writes ``hints=(..., fails_on_lists("w"), ...)`` instead of its own copy.
Each helper returns a :class:`~lossedu.checks._core.Hint`; predicates get ``(case, returned,
expected)`` as described in docs/exercise-format.md.
"""

from __future__ import annotations

import re

from lossedu.checks._core import Hint, Question, Raised

__all__ = ["choice_question", "chosen_letter", "fails_on_lists", "raised", "unreadable"]


def raised(*words):
    """A hint predicate: the answer raised an error whose message contains one of ``words``."""
    return lambda case, returned, expected: (
        isinstance(returned, Raised) and any(w in returned.message for w in words))


def unreadable(read):
    """A hint predicate: ``read(returned)`` (e.g. "the two numbers of the answer") raises
    TypeError or ValueError, i.e. the answer is not of the form asked for."""
    def when(case, returned, expected):
        try:
            read(returned)
        except (TypeError, ValueError):
            return True
        return False
    return when


def fails_on_lists(name: str = "y_true") -> Hint:
    """The answer raised on Python lists (``list`` arithmetic, a ``sequence`` error...).

    ``name`` is the argument named in the advice: ``name = np.asarray(name, dtype=float)``.
    """
    return Hint(raised("list", "sequence", "unsupported operand"),
                f"your code fails on Python lists: convert first, "
                f"e.g. {name} = np.asarray({name}, dtype=float).")


# ----------------------------------------------------------------------------- choice questions
def chosen_letter(answer, letters) -> str | None:
    """The option letter a learner meant, spelled as in ``letters``; None if not one of them.

    ``"b"``, ``" B "``, ``"(b)"``, ``"b."``, ``"B:"`` and ``"B) Huber or MAE"`` (a letter and
    then the option's text) all mean b; ``"A or B"``, ``"B) C"``, ``"AB"`` and non-strings
    mean no letter.

    >>> chosen_letter(" (B) ", "abcd"), chosen_letter("b) the second", "ABCD")
    ('b', 'B')
    >>> chosen_letter("A or B", "ABCD") is None, chosen_letter("e", "abcd") is None
    (True, True)
    """
    if not isinstance(answer, str):
        return None
    options = "".join(letters)
    any_case = re.escape(options.lower() + options.upper())
    found = re.fullmatch(r"[\s().:]*([A-Za-z])(?:[\s().:]*|\s*[).:]"
                         rf"(?![\s().:]*[{any_case}](?:\W|$)).*)", answer, flags=re.DOTALL)
    if found is None:
        return None
    letter = found.group(1)
    letter = letter.upper() if options.isupper() else letter.lower()
    return letter if letter in letters else None


def choice_question(id: str, title: str, name: str, answer: str, wrong: dict[str, str], *,
                    not_a_letter: str, expected: str = "another option",
                    expected_invalid: str | None = None, not_a_string: str | None = None,
                    default_hint: str | None = None) -> Question:
    """A checked choice: the value ``name`` is one letter (a string), ``answer`` is right.

    The options are ``answer`` and the keys of ``wrong``, in the case they are written in (the
    learner may write either case). ``wrong`` maps every wrong letter to its hint: why that
    option is wrong, never which one is right. A value that is not one of the letters gets
    ``not_a_letter`` (or ``not_a_string`` first, if given, when it is not a string). The
    check line says "expected ``expected``" (``expected_invalid`` for a non-letter), so it must
    not name the right letter.
    """
    letters = tuple(sorted({answer, *wrong}))

    def value_of(returned):  # a value question's answer comes as the tuple of its names
        return returned[0] if isinstance(returned, tuple | list) and returned else returned

    def letter_of(returned):
        return chosen_letter(value_of(returned), letters)

    def outcome(case, returned):
        got = letter_of(returned)
        if got is None:
            return False, expected_invalid or expected
        return got == answer, expected

    def picked(letter):
        return lambda case, returned, _: letter_of(returned) == letter

    hints = [Hint(picked(letter), text) for letter, text in wrong.items()]
    if not_a_string is not None:
        hints.append(Hint(lambda case, returned, _: not isinstance(value_of(returned), str),
                          not_a_string))
    hints.append(Hint(lambda case, returned, _: letter_of(returned) is None, not_a_letter))
    return Question(id=id, title=title, names=(name,), kind="value", check_outcome=outcome,
                    hints=tuple(hints), default_hint=default_hint or not_a_letter)
