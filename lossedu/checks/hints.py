"""Hints shared by the exercise checks: one definition of each common mistake.

A question module writes ``hints=(..., fails_on_lists("w"), ...)`` instead of its own copy.
Each helper returns a :class:`~lossedu.checks._core.Hint`; predicates get ``(case, returned,
expected)`` as described in docs/exercise-format.md.
"""

from __future__ import annotations

from lossedu.checks._core import Hint, Raised

__all__ = ["fails_on_lists", "raised"]


def raised(*words):
    """A hint predicate: the answer raised an error whose message contains one of ``words``."""
    return lambda case, returned, expected: (
        isinstance(returned, Raised) and any(w in returned.message for w in words))


def fails_on_lists(name: str = "y_true") -> Hint:
    """The answer raised on Python lists (``list`` arithmetic, a ``sequence`` error...).

    ``name`` is the argument named in the advice: ``name = np.asarray(name, dtype=float)``.
    """
    return Hint(raised("list", "sequence", "unsupported operand"),
                f"your code fails on Python lists: convert first, "
                f"e.g. {name} = np.asarray({name}, dtype=float).")
