"""The machinery behind ``check("mse")``: questions, probing and judging.

A check is split in two halves so that the grader can run them in different processes:

* :func:`probe` runs in the learner's kernel.  It reads the learner's answer (a function to
  call on each :class:`Case`, or plain values) and turns what comes back into plain JSON data
  (:func:`encode`).  Student code can only change what it returns, nothing else crosses over.
* :func:`judge` runs wherever we trust the code (the learner's own kernel for self-study, the
  grading process for homework).  It compares the decoded outcomes with the reference and
  writes one fixed, deterministic line such as ``✓ mse: 5/5 cases``.

:func:`check` (what a check cell calls) is simply ``print(judge(probe(...)).line)``.
"""

from __future__ import annotations

import copy
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lossedu._probe import Opaque, decode, encode, probe_answer  # noqa: F401  (re-exported)

PASS, FAIL, NOT_ATTEMPTED = "pass", "fail", "not attempted"

#: every registered question, by id (ids are unique across the whole course)
QUESTIONS: dict[str, Question] = {}
#: question id -> name of the module that registered it (e.g. "lossedu.checks.ex02")
REGISTERED_BY: dict[str, str] = {}


# ----------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Case:
    """One input that a function answer is tried on.

    ``args``/``kwargs`` must be made of numbers, strings, lists, tuples, dicts and numpy
    arrays, so that :func:`encode` can send them to a grading kernel.
    """

    label: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Hint:
    """A targeted hint shown when ``when(case, returned, expected)`` is true."""

    when: Callable[[Case, Any, Any], bool]
    text: str


@dataclass
class Verdict:
    """The result of judging one question: ``status`` is PASS, FAIL or NOT_ATTEMPTED."""

    question: str
    status: str
    passed_cases: int
    total_cases: int
    line: str

    @property
    def passed(self) -> bool:
        return self.status == PASS


@dataclass
class Question:
    """One graded question of an exercise notebook.

    Parameters
    ----------
    id : str
        Stable id, unique in the course; the check cell calls ``check(id)`` and its
        metadata names it too.
    title : str
        What the check line calls the question (e.g. ``"mse"``).
    names : tuple of str
        Names the learner's answer defines. For ``kind="function"`` the first one is the
        function called on every case; for ``kind="value"`` all are read as values.
    kind : {"function", "value"}
    cases : sequence of Case
        Inputs for a function answer (ignored for values).
    reference : callable, optional
        Trusted implementation: ``reference(*case.args, **case.kwargs)`` for functions,
        ``reference()`` (returning a tuple matching ``names``) for values.
    check_outcome : callable, optional
        ``check_outcome(case, returned) -> (ok, expected_text)`` for answers judged by a
        property instead of equality (e.g. "two prediction sets with equal accuracy").
        ``case`` is None for values, and ``returned`` then is a tuple matching ``names``.
    rtol, atol : float
        Tolerances of the default comparison with ``reference``.
    hints : sequence of Hint
        Tried in order on the first failing case; the first that applies is shown. When the
        case raised, ``returned`` is a :class:`Raised` and ``expected`` is None.
    default_hint : str
        Shown when no targeted hint applies.
    judge_errors : bool, default False
        When True, a case on which the answer raised is not failed at once: ``check_outcome``
        receives a :class:`Raised` and decides (for answers that must refuse some inputs,
        e.g. a loss that raises ValueError on mismatched shapes).
    variant_inputs : callable, optional
        For a value question whose data differ per student (``lossedu.variants``):
        ``variant_inputs(variant) -> Case`` gives that variant's inputs (variant 0: the
        published notebook's). :func:`judge` then passes this case to ``check_outcome`` and
        hints (instead of None) and calls ``reference(*case.args, **case.kwargs)``.
    forbids : tuple of str, default ()
        Dotted names (modules or functions) that compute this question's answer, besides its
        default family (:func:`forbidden_names`): e.g. ``("lossedu.nn.forward",)``. When the
        answer reaches one, ``lossedu grade`` flags it by name, and a lossedu function named
        here is not available in a grading kernel.
    forbidden_scores_zero : bool, optional
        Whether an answer flagged for a forbidden name scores 0 (True) or keeps its points
        (False); None (default) follows ``lossedu grade --forbidden-scores-zero``.
    """

    id: str
    title: str
    names: tuple[str, ...]
    kind: str = "function"
    cases: Sequence[Case] = ()
    reference: Callable | None = None
    check_outcome: Callable | None = None
    rtol: float = 1e-6
    atol: float = 1e-12
    hints: Sequence[Hint] = ()
    default_hint: str = "compare your code with the formula in the lecture notebook."
    judge_errors: bool = False
    variant_inputs: Callable | None = None
    forbids: tuple[str, ...] = ()
    forbidden_scores_zero: bool | None = None

    def __post_init__(self):
        if isinstance(self.forbids, str) or not all(
                isinstance(name, str) and name.strip(".") == name and name
                for name in self.forbids):
            raise ValueError(f"question {self.id!r}: forbids must be a tuple of dotted names, "
                             f"got {self.forbids!r}")
        if self.forbidden_scores_zero not in (None, True, False):
            raise ValueError(f"question {self.id!r}: forbidden_scores_zero must be None, True "
                             f"or False, got {self.forbidden_scores_zero!r}")
        if self.variant_inputs is not None and self.kind != "value":
            raise ValueError(f"question {self.id!r}: variant_inputs is for value questions")
        if self.judge_errors and self.check_outcome is None:
            raise ValueError(f"question {self.id!r}: judge_errors needs check_outcome")
        if self.kind not in ("function", "value"):
            raise ValueError(f"kind must be 'function' or 'value', got {self.kind!r}")
        if (self.reference is None) == (self.check_outcome is None):
            raise ValueError(f"question {self.id!r}: give exactly one of reference, check_outcome")
        if self.kind == "function" and not self.cases:
            raise ValueError(f"question {self.id!r}: a function question needs cases")


#: code that computes losses, metrics or their building blocks: the default family of every
#: question (with ``lossedu.checks``, the references themselves, and ``lossedu._kernels``, the
#: numerical kernels of lossedu's losses)
LOSS_LIBRARIES = (
    "lossedu.checks", "lossedu._kernels", "sklearn.metrics", "sklearn._loss",
    "sklearn.utils.extmath.softmax",
    "sklearn.utils.extmath.log_logistic", "scipy.special.softmax", "scipy.special.log_softmax",
    "scipy.special.expit", "scipy.special.log_expit", "scipy.special.logit",
    "scipy.special.logsumexp", "scipy.special.xlogy", "scipy.special.xlog1py",
    "scipy.special.entr", "scipy.special.rel_entr", "scipy.special.kl_div",
    "scipy.special.huber", "scipy.special.pseudo_huber", "scipy.stats.entropy",
    "torch", "tensorflow", "jax", "keras",
)
#: lossedu functions that give another one's value in a line (its family, with itself)
RELATED = {
    "lossedu.losses.softmax": ("lossedu.losses.log_softmax",),
    "lossedu.losses.mse": ("lossedu.metrics.rmse",),
    "lossedu.losses.mae": ("lossedu.losses.pinball",),
    "lossedu.losses.softmax_cross_entropy": ("lossedu.losses.cross_entropy",
                                             "lossedu.losses.log_softmax"),
    "lossedu.losses.sequence_cross_entropy": ("lossedu.losses.softmax_cross_entropy",
                                              "lossedu.losses.log_softmax"),
}
#: lossedu modules whose public functions are what exercises ask learners to write
_LIBRARY_MODULES = ("lossedu.losses", "lossedu.metrics", "lossedu.regularization",
                    "lossedu.calibration", "lossedu.nn")


def forbidden_names(question: Question) -> tuple[str, ...]:
    """Dotted names that compute ``question``'s answer (its family), for the grader.

    The family: the reference itself when it is a lossedu function, the lossedu functions
    named like the function the question asks for (``mse`` -> ``lossedu.losses.mse``), the
    question's own ``forbids``, the lossedu functions :data:`RELATED` to those, and
    :data:`LOSS_LIBRARIES`.
    """
    import importlib

    names = list(question.forbids)
    reference = question.reference
    module = getattr(reference, "__module__", None) or ""
    if module in _LIBRARY_MODULES and "." not in getattr(reference, "__qualname__", "."):
        names.append(f"{module}.{reference.__qualname__}")
    if question.kind == "function":
        for library in _LIBRARY_MODULES:
            found = getattr(importlib.import_module(library), question.names[0], None)
            if callable(found) and getattr(found, "__module__", None) == library:
                names.append(f"{library}.{question.names[0]}")
    names += [related for name in names for related in RELATED.get(name, ())]
    return tuple(dict.fromkeys([*names, *LOSS_LIBRARIES]))


def register(question: Question) -> Question:
    """Add ``question`` to :data:`QUESTIONS` (ids must be unique)."""
    if question.id in QUESTIONS:
        raise ValueError(f"question id {question.id!r} is registered twice")
    QUESTIONS[question.id] = question
    REGISTERED_BY[question.id] = sys._getframe(1).f_globals.get("__name__", "?")
    return question


def get_question(question_id: str) -> Question:
    """Return the registered question called ``question_id`` (clear error otherwise)."""
    try:
        return QUESTIONS[question_id]
    except KeyError:
        known = ", ".join(sorted(QUESTIONS)) or "none"
        raise KeyError(f"no check called {question_id!r}; known checks: {known}") from None


# ----------------------------------------------------------------------------- probing
class Raised:
    """Passed to hints as ``returned`` when the answer raised (``expected`` is then None).

    A hint can target an error, e.g. ``lambda c, r, e: isinstance(r, Raised) and "list" in
    r.message``; hints written for values simply do not apply (their predicate fails).
    """

    def __init__(self, type_name: str, message: str):
        self.type_name = type_name
        self.message = message

    def __repr__(self):
        return f"<raised {self.type_name}>"


def probe(question: Question, namespace: dict, cases: Sequence[Case] | None = None) -> list:
    """Try the learner's answer to ``question``; one JSON-able outcome per case.

    Runs in the learner's kernel (see :func:`lossedu._probe.probe_answer`, which a grading
    kernel uses directly, without the question).
    """
    return probe_answer(question.names, question.kind, namespace,
                        question.cases if cases is None else cases)


# ----------------------------------------------------------------------------- judging
def fmt(value: Any) -> str:
    """Format a value for a check line: short, rounded, and the same on every machine."""
    if isinstance(value, Opaque):
        return repr(value)
    if value is None:
        return "None"
    if isinstance(value, list) and any(v is None for v in value):  # not nan: say None
        return "[" + ", ".join(fmt(v) for v in value[:8]) + (", ...]" if len(value) > 8 else "]")
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, tuple):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return type(value).__name__
    if array.ndim == 0:
        return f"{float(array):.6g}"
    with np.printoptions(precision=6, threshold=8, edgeitems=3, floatmode="maxprec"):
        return np.array2string(array, separator=", ") + (
            f" (shape {array.shape})" if array.ndim > 1 else ""
        )


def flat(values: Any) -> np.ndarray:
    """``values`` as a flat float64 array: what hint predicates usually compare."""
    return np.asarray(values, dtype=float).ravel()


def near(a: Any, b: Any, rtol: float = 1e-5, atol: float = 1e-12) -> bool:
    """Hint-side comparison: ``np.allclose`` (broadcasting, no shape check), tight tolerances.

    Hints ask "does the wrong answer look like this known mistake?", so they compare loosely
    in shape; :func:`close` is the strict comparison that decides pass or fail.
    """
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                            rtol=rtol, atol=atol))


def close(returned: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-12) -> bool:
    """True when ``returned`` matches ``expected``: same shape, same inf/nan, values close.

    Tuples are compared item by item.
    """
    if isinstance(expected, tuple):
        return (
            isinstance(returned, tuple | list)
            and len(returned) == len(expected)
            and all(close(r, e, rtol, atol) for r, e in zip(returned, expected, strict=True))
        )
    try:
        got = np.asarray(returned, dtype=float)
    except (TypeError, ValueError):
        return False
    want = np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        return False
    return bool(np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True))


#: (question id, variant) -> the Case of that variant (kept: the grader caches by case)
_VARIANT_CASES: dict[tuple[str, int], Case] = {}


def variant_case(question: Question, variant: int = 0) -> Case | None:
    """The judging case of a value question for ``variant`` (None when its data do not vary),
    built once per variant."""
    if question.variant_inputs is None:
        return None
    from lossedu.variants import as_variant

    key = (question.id, as_variant(variant))
    if key not in _VARIANT_CASES:
        case = question.variant_inputs(key[1])
        if not isinstance(case, Case):
            raise TypeError(f"question {question.id!r}: variant_inputs must return a Case")
        _VARIANT_CASES[key] = case
    return _VARIANT_CASES[key]


def _expected(question: Question, case: Case | None) -> Any:
    if question.kind == "value":
        if case is not None:
            return question.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        return question.reference()
    return question.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))


def _hint_for(question: Question, case: Case | None, returned: Any, expected: Any,
              printed: bool = False) -> str:
    for hint in question.hints:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                if hint.when(case, returned, expected):
                    return hint.text
        except Exception:  # a hint predicate must never break judging
            continue
    return _generic_hint(returned, printed) or question.default_hint


def _generic_hint(returned: Any, printed: bool) -> str | None:
    """Hints for mistakes of any answer, tried after the question's own hints."""
    if printed:
        return "your function printed its result instead of returning it: use `return`."
    if returned is None:
        return "your function returned None: did you forget `return`?"
    if isinstance(returned, Raised) and returned.type_name == "NameError":
        return ("a name your code uses is not defined when it runs: a typo, or a variable or "
                "import from a cell you have not run?")
    return None


def judge(question: Question, outcomes: list, cases: Sequence[Case] | None = None, *,
          variant: int = 0) -> Verdict:
    """Judge the outcomes of :func:`probe` (trusted side) and build the check line.

    ``variant`` selects the data of a variant-aware value question (see
    :func:`variant_case`); other questions ignore it.
    """
    if question.kind == "function":
        cases = list(question.cases if cases is None else cases)
    else:
        cases = [variant_case(question, variant)]
    title = question.title
    first = outcomes[0] if outcomes else {"missing": question.names[0]}
    if "missing" in first and "cell_error" in first:
        what = ("has a SyntaxError, " if first["cell_error"] == "SyntaxError" else "")
        return Verdict(question.id, FAIL, 0, len(cases),
                       f"✗ {title}: `{first['missing']}` is not defined: the cell that defines it "
                       f"{what}{first.get('message', '')}\n"
                       "  hint: fix that cell and run it again (Shift+Enter), then this check.")
    if "missing" in first:
        return Verdict(question.id, NOT_ATTEMPTED, 0, len(cases),
                       f"○ {title}: not attempted yet (`{first['missing']}` is not defined: "
                       "run your answer cell first)")
    if any("not_implemented" in o for o in outcomes):
        return Verdict(question.id, NOT_ATTEMPTED, 0, len(cases),
                       f"○ {title}: not attempted yet (replace `raise NotImplementedError` "
                       "with your code)")
    if len(outcomes) != len(cases) and len(outcomes) == 1 and "error" in first:
        # the answer could not be tried at all (e.g. the name is not a function)
        message = f"{first['error']}: {first.get('message', '')}".rstrip(": ")
        return Verdict(question.id, FAIL, 0, len(cases),
                       f"✗ {title}: {message}\n  hint: {question.default_hint}")
    if len(outcomes) != len(cases):
        return Verdict(question.id, FAIL, 0, len(cases),
                       f"✗ {title}: expected {len(cases)} results, got {len(outcomes)}")
    passed, failure = 0, None
    for number, (case, outcome) in enumerate(zip(cases, outcomes, strict=True), start=1):
        where = f"case {number} ({case.label})" if question.kind == "function" else "your answer"
        if "error" in outcome and not question.judge_errors:
            if failure is None:
                raised = Raised(str(outcome["error"]), str(outcome.get("message", "")))
                failure = (
                    f"{where} raised {raised.type_name}: {raised.message}".rstrip(": "),
                    _hint_for(question, case, raised, None),
                )
            continue
        if "error" in outcome:  # judge_errors: check_outcome decides whether raising is right
            returned = Raised(str(outcome["error"]), str(outcome.get("message", "")))
        else:
            returned = decode(outcome.get("returned"))
        try:
            if question.check_outcome is not None:
                ok, expected_text = question.check_outcome(case, returned)
                expected = None
            else:
                expected = _expected(question, case)
                ok = close(returned, expected, question.rtol, question.atol)
                expected_text = fmt(expected)
        except Exception:  # a malformed answer the property check cannot read
            ok, expected, expected_text = False, None, "an answer of the asked form"
        if ok:
            passed += 1
        elif failure is None:
            got = (f"raised {returned.type_name}: {returned.message}".rstrip(": ")
                   if isinstance(returned, Raised) else f"returned {fmt(returned)}")
            if returned is None or (isinstance(returned, list | tuple)
                                    and any(v is None for v in returned)):
                got += " (did you print instead of return?)"
            failure = (
                f"{where}: expected {expected_text}, {got}",
                _hint_for(question, case, returned, expected, bool(outcome.get("printed"))),
            )
    total = len(cases)
    if failure is None:
        unit = "case" if total == 1 else "cases"
        return Verdict(question.id, PASS, passed, total, f"✓ {title}: {passed}/{total} {unit}")
    message, hint = failure
    line = f"✗ {title}: {passed}/{total} cases passed. First failure: {message}\n  hint: {hint}"
    return Verdict(question.id, FAIL, passed, total, line)


def run_check(question_id: str, namespace: dict) -> Verdict:
    """Probe and judge one question against ``namespace`` without printing."""
    question = get_question(question_id)
    variant = 0
    if question.variant_inputs is not None:  # the notebook's own VARIANT line (self-study)
        from lossedu.variants import as_variant

        variant = as_variant(namespace.get("VARIANT", 0))
    return judge(question, probe(question, namespace), variant=variant)


def check(question_id: str) -> None:
    """Check the learner's answer to one question and print a one-line verdict.

    Called from a check cell as ``check("mse")``: the answer is read from the notebook's
    namespace (the caller's globals), tried on every case, and judged against the reference.
    Prints the line and returns None, so a check cell shows nothing else.
    """
    print(run_check(question_id, sys._getframe(1).f_globals).line)
