"""Plain words for an answer cell that stopped with an error, in the gradebook and feedback.

* :func:`error_text`: ``NameError: name 'house_mes' is not defined (line 2)`` from what the
  kernel reported: the line is the answer cell's own (IPython's temporary file names, such as
  ``393715692.py``, are dropped: they mean nothing to a student).
* :func:`explain_errors`: a question whose name was never defined because an answer cell
  it depends on raised (a SyntaxError, a typo, a call to an unwritten function) is *failed*
  with that error, not "not attempted" (which is kept for a cell that is still the stub
  ``raise NotImplementedError``, and then names that cell).
* :func:`error_notes`: the gradebook's notes on answer cells that raised (stubs left out).
"""

from __future__ import annotations

import re

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: IPython's temporary cell file in a SyntaxError message: "invalid syntax (3915.py, line 2)"
_TEMP_FILE = re.compile(r"\s*\((?:[^()\s]*\.py|<[^>]*>), line (\d+)\)$")
#: the first frame in the cell itself: "Cell In[1], line 2" (ipykernel's traceback)
_CELL_LINE = re.compile(r"Cell In\[[^\]]*\], line (\d+)")

#: errors that mean "not written yet", not "broken"
NOT_WRITTEN = ("NotImplementedError",)


def error_text(outcome) -> str:
    """``"<Error>: <message> (line N)"`` for a kernel's error ``outcome`` (a
    :class:`~lossedu.grading.kernel.CellResult`), without temporary file names."""
    message = outcome.evalue or ""
    line = None
    found = _TEMP_FILE.search(message)
    if found:
        message, line = message[: found.start()], found.group(1)
    else:
        for output in outcome.outputs:
            if output.get("msg_type") == "error":
                text = _ANSI.sub("", "\n".join(map(str, output.get("traceback", []))))
                first = _CELL_LINE.search(text)
                line = first.group(1) if first else None
                break
    text = f"{outcome.ename}: {message}".rstrip(": ")
    return f"{text} (line {line})" if line else text


def _hint(error: str) -> str:
    if error.startswith(("SyntaxError", "IndentationError", "TabError")):
        return ("Python could not read that cell: fix the line it names (a missing bracket, "
                "colon or quote?) and run the cell again.")
    if "NoneType" in error:
        return ("a value in that cell is None: does a function it calls print its result "
                "instead of returning it (use `return`)?")
    if error.startswith("NameError"):
        return ("a name used in that cell is not defined when it runs: check its spelling, "
                "or define it (run the cell that does) first.")
    return "fix that cell so that it runs without an error, then run this check again."


def explain_errors(plan, result, verdicts: dict) -> None:
    """Turn "not attempted" / "not defined" verdicts into failures that name the answer cell's
    error, when an answer the question depends on raised one (in place on ``verdicts``:
    check key -> (status, line, hint), as in :mod:`lossedu.grading.engine`)."""
    from lossedu.grading.engine import Q_FAIL, Q_NOT_ATTEMPTED

    for spec in plan.checks:
        outcomes = result.outcomes.get(spec.key)
        first = outcomes[0] if isinstance(outcomes, list) and outcomes else None
        if not isinstance(first, dict) or "missing" not in first:
            continue
        errors = [(aid, result.answer_errors[aid]) for aid in spec.answers
                  if aid in result.answer_errors]
        stubs = [aid for aid, e in errors if e.startswith(NOT_WRITTEN) and _stub(plan, aid)]
        if stubs:  # a cell still to be written: "not attempted" is right; say which cell
            status, _, hint = verdicts[spec.key]
            if status == Q_NOT_ATTEMPTED:  # not the self-check's "run your answer cell first"
                verdicts[spec.key] = (status, f"○ {spec.title}: not attempted yet (answer cell "
                                      f"{stubs[0]!r} is still `raise NotImplementedError`: "
                                      "replace it with your code)", hint)
            continue
        if not errors:
            continue
        answer, error = errors[0]
        line = (f"✗ {spec.title}: answer cell {answer!r} raised {error}, so "
                f"`{first['missing']}` was never defined")
        hint = ("it calls a function of yours that is not written yet: write that one first."
                if error.startswith(NOT_WRITTEN) else _hint(error))
        verdicts[spec.key] = (Q_FAIL, line, hint)


def error_notes(plan, result) -> list[str]:
    """The notes for the instructor about answer cells that raised, in answer order; a cell
    that is still the released stub (``raise NotImplementedError``) is not an error worth a
    note (its questions say "not attempted")."""
    return [f"answer cell {answer_id!r} raised {error.rstrip(': ')}"
            for answer_id, error in sorted(result.answer_errors.items())
            if not (error.startswith(NOT_WRITTEN) and _stub(plan, answer_id))]


def _stub(plan, answer_id: str) -> bool:
    """Whether the answer cell is still (or again) the released stub."""
    stub = "raise NotImplementedError"
    return stub in plan.answer_sources.get(answer_id, stub)
