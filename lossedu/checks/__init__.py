"""Self-checks for the exercise notebooks.

A check cell is one short line::

    check("mse")

which tries the learner's answer on every case of the question and prints one line:
``✓ mse: 5/5 cases``, or the first failing case with expected vs returned and a hint, or
``○ mse: not attempted yet``.  The questions of each exercise notebook live in
``lossedu/checks/exNN.py``; the machinery (probe in the learner's kernel, judge in a
trusted process) lives in :mod:`lossedu.checks._core`.
"""

from lossedu.checks._core import (
    FAIL,
    NOT_ATTEMPTED,
    PASS,
    QUESTIONS,
    Case,
    Hint,
    Question,
    Raised,
    Verdict,
    check,
    close,
    decode,
    encode,
    fmt,
    get_question,
    judge,
    probe,
    register,
    run_check,
)

# Each exercise module registers its questions when imported.
from lossedu.checks import ex01, ex02, ex04, ex05, ex07, ex09, ex03  # noqa: E402,F401  isort: skip

__all__ = [
    "FAIL", "NOT_ATTEMPTED", "PASS", "QUESTIONS", "Case", "Raised", "Hint", "Question", "Verdict",
    "check", "close", "decode", "encode", "fmt", "get_question", "judge", "probe",
    "register", "run_check",
]
