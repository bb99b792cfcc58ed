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

import contextlib
import copy
import io
import linecache
import math
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

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

    def __post_init__(self):
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


# ----------------------------------------------------------------------------- encoding
def encode(obj: Any) -> Any:
    """Turn a returned object into plain JSON data (numbers, strings, lists, dicts).

    numpy arrays and numbers keep their dtype and shape; non-finite floats are spelled
    out; anything else becomes ``{"type": <type name>}`` so nothing executable crosses.
    """
    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, int) and not isinstance(obj, bool):
        return obj if abs(obj) < 2**63 else {"float": repr(float(obj))}
    if isinstance(obj, float):
        return float(obj) if math.isfinite(obj) else {"float": repr(float(obj))}
    if isinstance(obj, np.ndarray | np.generic):
        array = np.asarray(obj)
        if array.dtype.kind in "biuf":
            values = array.astype(float).ravel().tolist()
            flat = [v if math.isfinite(v) else {"float": repr(v)} for v in values]
            return {"array": flat, "shape": list(array.shape), "dtype": str(array.dtype)}
        return {"type": f"numpy array of {array.dtype}"}
    if isinstance(obj, tuple):
        return {"tuple": [encode(item) for item in obj]}
    if isinstance(obj, list):
        return [encode(item) for item in obj]
    if isinstance(obj, dict) and all(isinstance(k, str) for k in obj):
        return {"dict": {k: encode(v) for k, v in obj.items()}}
    return {"type": type(obj).__name__}


class Opaque:
    """Stands for a returned object that could not be encoded (shown by its type name)."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name}>"


def decode(data: Any) -> Any:
    """Inverse of :func:`encode` (arrays come back as numpy arrays of the same dtype)."""
    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict):
        return data
    if "float" in data:
        return float(data["float"])
    if "array" in data:
        values = [decode(v) for v in data["array"]]
        return np.array(values, dtype=data["dtype"]).reshape(data["shape"])
    if "tuple" in data:
        return tuple(decode(item) for item in data["tuple"])
    if "dict" in data:
        return {k: decode(v) for k, v in data["dict"].items()}
    return Opaque(str(data.get("type", "object")))


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


# ----------------------------------------------------------------------------- probing
def _run(fn: Callable, *args, **kwargs) -> dict:
    """Call ``fn`` and record what it returned or raised (as JSON data), quietly."""
    sink = io.StringIO()  # what the answer prints must not change the check cell's output
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), \
                contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            warnings.simplefilter("ignore")
            value = fn(*args, **kwargs)
        outcome = {"returned": encode(value)}
        if value is None and sink.getvalue().strip():
            outcome["printed"] = True  # it printed its result instead of returning it
        return outcome
    except NotImplementedError:
        return {"not_implemented": True}
    except Exception as error:  # the learner's bug, reported as a failed case
        return {"error": type(error).__name__, "message": str(error)[:300]}


def _last_error_source() -> str:
    """The source of the cell that raised the kernel's last uncaught error (IPython keeps each
    cell's source in ``linecache`` under its temporary file name), or "" when unknown. Used
    where the input history is empty (nbval runs cells without storing history)."""
    error = getattr(sys, "last_value", None)
    if error is None:
        return ""
    filename = getattr(error, "filename", None) if isinstance(error, SyntaxError) else None
    tb = getattr(sys, "last_traceback", None)
    while filename is None and tb is not None:  # the outermost frame that is a notebook cell
        name = tb.tb_frame.f_code.co_filename
        if "ipykernel_" in name or name.startswith("<ipython-input"):
            filename = name
        tb = tb.tb_next
    return "".join(linecache.getlines(filename)) if filename else ""


def _why_missing(name: str, namespace: dict) -> dict:
    """Why ``name`` is not defined: the last cell the learner ran that defines it (IPython's
    input history ``In``, else the cell of the kernel's last error) has a syntax error, or
    stopped with an error before defining it. Empty when no such cell was run (the question
    is then simply not attempted yet)."""
    history = namespace.get("In")
    sources = [s for s in history if isinstance(s, str)] if isinstance(history, list) else []
    sources.append(_last_error_source())
    defines = re.compile(rf"^\s*(?:def\s+{re.escape(name)}\b|{re.escape(name)}\s*(?:,[^=]*)?=[^=])",
                         re.M)
    for source in reversed(sources):
        if not defines.search(source):
            continue
        if "raise NotImplementedError" in source:
            return {}  # the stub is still there: not attempted
        try:
            compile(source, "<your answer cell>", "exec")
        except SyntaxError as error:
            return {"cell_error": "SyntaxError",
                    "message": f"line {error.lineno}: {error.msg}"}
        return {"cell_error": "error",
                "message": "stopped with an error before defining it (see the error under it)"}
    return {}


def probe(question: Question, namespace: dict, cases: Sequence[Case] | None = None) -> list:
    """Try the learner's answer; return one JSON-able outcome per case.

    Runs in the learner's kernel. Each outcome is ``{"returned": data}``, ``{"missing": name}``,
    ``{"not_implemented": True}`` or ``{"error": type name, "message": text}``.
    """
    missing = [name for name in question.names if name not in namespace]
    if missing:
        return [{"missing": missing[0], **_why_missing(missing[0], namespace)}]
    if question.kind == "value":
        return [_run(lambda: tuple(namespace[name] for name in question.names))]
    function = namespace[question.names[0]]
    if not callable(function):
        return [{"error": "TypeError", "message": f"{question.names[0]} is not a function"}]
    cases = question.cases if cases is None else cases
    return [_run(function, *copy.deepcopy(c.args), **copy.deepcopy(c.kwargs)) for c in cases]


# ----------------------------------------------------------------------------- judging
def fmt(value: Any) -> str:
    """Format a value for a check line: short, rounded, and the same on every machine."""
    if isinstance(value, Opaque):
        return repr(value)
    if value is None:
        return "None"
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
        where = f"case {number} ({case.label})" if case is not None else "your answer"
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
        except Exception as error:  # a malformed answer the property check cannot read
            ok, expected, expected_text = False, None, f"a valid answer ({type(error).__name__})"
        if ok:
            passed += 1
        elif failure is None:
            got = (f"raised {returned.type_name}: {returned.message}".rstrip(": ")
                   if isinstance(returned, Raised) else f"returned {fmt(returned)}")
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
