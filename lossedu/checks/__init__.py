"""Self-checks for the exercise notebooks.

A check cell is one short line::

    check("mse")

which tries the learner's answer on every case of the question and prints one line:
``✓ mse: 5/5 cases``, or the first failing case with expected vs returned and a hint, or
``○ mse: not attempted yet``.  The questions of each exercise notebook live in
``lossedu/checks/exNN.py``; the machinery (probe in the learner's kernel, judge in a
trusted process) lives in :mod:`lossedu.checks._core`.
"""

import importlib as _importlib
import pkgutil as _pkgutil

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

# Each exercise module (``exNN.py`` beside this file) registers its questions when imported;
# the modules are found on disk, so adding an exercise needs no edit here.
for _module in sorted(m.name for m in _pkgutil.iter_modules(__path__) if m.name[:2] == "ex"):
    _importlib.import_module(f"{__name__}.{_module}")

# The concept quizzes (lossedu/quizzes/qNN.py) are value questions of exercise NN.
from lossedu.quiz import register_all as _register_quizzes  # noqa: E402

_register_quizzes()

__all__ = [
    "FAIL", "NOT_ATTEMPTED", "PASS", "QUESTIONS", "Case", "Raised", "Hint", "Question", "Verdict",
    "check", "close", "decode", "encode", "fmt", "get_question", "judge", "probe",
    "register", "run_check",
]
