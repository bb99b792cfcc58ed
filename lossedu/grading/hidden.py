"""Hidden checks: instructor-only cases, read by the grading process only.

The file (``lossedu grade --hidden FILE``) is JSON, see docs/exercise-format.md::

    {"exercise": "02_mse_exercise",
     "checks": [{"id": "mse_hidden", "question": "mse", "points": 2, "title": "mse on unseen data",
                 "cases": [{"label": "large errors", "args": <encode((y, p))>, "kwargs": {}}]}]}

Every mistake in it is the instructor's and stops the run before any grading, with a message
that says what to fix (:class:`HiddenChecksError`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from lossedu.checks import Case, decode, encode, get_question

_ID_RE = re.compile(r"[a-z][a-z0-9_]*\Z")


class HiddenChecksError(ValueError):
    """The hidden checks file cannot be used (the message says why)."""


@dataclass(frozen=True)
class HiddenCheck:
    id: str
    question: str
    points: int
    title: str
    cases: tuple  #: Case objects (decoded), judged with the question's reference
    encoded: tuple  #: the same cases as JSON data ({"label", "args", "kwargs"}), sent to the probe


def _decode_args(data, where: str) -> tuple:
    args = decode(data)
    if isinstance(args, list):
        args = tuple(args)
    if not isinstance(args, tuple):
        raise HiddenChecksError(f"{where}: 'args' must encode a tuple (or list) of arguments")
    return args


def _decode_kwargs(data, where: str) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise HiddenChecksError(f"{where}: 'kwargs' must be an object of named arguments")
    if set(data) == {"dict"}:  # encode(dict) form
        kwargs = decode(data)
    else:
        kwargs = {k: decode(v) for k, v in data.items()}
    if not isinstance(kwargs, dict) or not all(isinstance(k, str) for k in kwargs):
        raise HiddenChecksError(f"{where}: 'kwargs' must be an object of named arguments")
    return kwargs


def load_hidden(path: str | Path, exercise: str, questions: dict[str, str]) -> list[HiddenCheck]:
    """Read and validate a hidden checks file for ``exercise``.

    ``questions``: question id -> title of the questions the exercise notebook checks (a hidden
    check must name one of them). Each case is tried on the question's reference here, so a
    broken case is reported now rather than as a wrong student answer.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise HiddenChecksError(f"cannot read the hidden checks file {path}: "
                                f"{error.strerror or error}") from None
    except UnicodeDecodeError:
        raise HiddenChecksError(f"the hidden checks file {path} is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise HiddenChecksError(f"the hidden checks file {path} is not valid JSON: line "
                                f"{error.lineno} column {error.colno}: {error.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("checks"), list):
        raise HiddenChecksError(f"{path}: expected an object with a list 'checks' "
                                "(see docs/exercise-format.md)")
    if data.get("exercise") not in (None, exercise):
        raise HiddenChecksError(f"{path} holds hidden checks for {data.get('exercise')!r}, "
                                f"not for {exercise!r}")
    checks, seen = [], set()
    for number, item in enumerate(data["checks"], start=1):
        where = f"{path}: check {number}"
        if not isinstance(item, dict):
            raise HiddenChecksError(f"{where}: must be an object")
        check_id, question_id = item.get("id"), item.get("question")
        if not isinstance(check_id, str) or not _ID_RE.match(check_id):
            raise HiddenChecksError(f"{where}: 'id' must match [a-z][a-z0-9_]*, got {check_id!r}")
        where = f"{path}: hidden check {check_id!r}"
        if check_id in seen or check_id in questions:
            raise HiddenChecksError(f"{where}: the id is used twice (or is a question's id)")
        seen.add(check_id)
        if question_id not in questions:
            raise HiddenChecksError(
                f"{where}: question {question_id!r} is not checked in {exercise} "
                f"(its questions: {', '.join(questions) or 'none'})")
        question = get_question(question_id)
        points = item.get("points")
        if not isinstance(points, int) or isinstance(points, bool) or points < 1:
            raise HiddenChecksError(f"{where}: 'points' must be an integer >= 1, got {points!r}")
        title = item.get("title", check_id)
        if not isinstance(title, str) or not title.strip():
            raise HiddenChecksError(f"{where}: 'title' must be a non-empty string")
        if question.kind != "function":
            raise HiddenChecksError(f"{where}: question {question_id!r} asks for values, "
                                    "not a function; hidden cases need a function question")
        raw_cases = item.get("cases")
        if not isinstance(raw_cases, list) or not raw_cases:
            raise HiddenChecksError(f"{where}: 'cases' must be a non-empty list")
        cases, encoded = [], []
        for index, raw in enumerate(raw_cases, start=1):
            at = f"{where}, case {index}"
            if not isinstance(raw, dict) or "args" not in raw:
                raise HiddenChecksError(f"{at}: must be an object with 'label' and 'args'")
            label = str(raw.get("label", f"hidden case {index}"))
            try:
                case = Case(label, _decode_args(raw["args"], at),
                            _decode_kwargs(raw.get("kwargs"), at))
            except HiddenChecksError:
                raise
            except Exception as error:
                raise HiddenChecksError(f"{at}: cannot decode the arguments ({error})") from None
            if question.reference is not None:
                try:
                    question.reference(*case.args, **case.kwargs)
                except Exception as error:
                    raise HiddenChecksError(
                        f"{at}: the reference of {question_id!r} fails on this case "
                        f"({type(error).__name__}: {error})") from None
            cases.append(case)
            encoded.append({"label": label, "args": encode(case.args),
                            "kwargs": {k: encode(v) for k, v in case.kwargs.items()}})
        checks.append(HiddenCheck(check_id, question_id, points, title.strip(),
                                  tuple(cases), tuple(encoded)))
    return checks
