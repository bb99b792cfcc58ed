"""Probing an answer: the half of a check that runs in the learner's kernel.

Standard library and numpy only, and nothing here knows a question's expected values: this
module is also what a grading kernel gets (see :mod:`lossedu.grading.kernel_package`), where
:mod:`lossedu.checks` (the references) is not available. :func:`probe_answer` calls the
learner's function on each case (or reads the values) and turns what comes back into plain
JSON data (:func:`encode`); :func:`lossedu.checks.judge` compares that data with the reference
elsewhere.
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
from typing import Any

import numpy as np


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


# ----------------------------------------------------------------------------- probing
def run_case(fn: Callable, *args, **kwargs) -> dict:
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


def probe_answer(names: Sequence[str], kind: str, namespace: dict,
                 cases: Sequence | None = None) -> list:
    """Try the learner's answer; return one JSON-able outcome per case.

    Parameters
    ----------
    names : sequence of str
        The names the answer defines (``kind="function"``: the first is called).
    kind : {"function", "value"}
    namespace : dict
        The notebook's globals.
    cases : sequence
        For functions: objects with ``args`` and ``kwargs`` (e.g. :class:`lossedu.checks.Case`).

    Returns
    -------
    list
        One outcome per case: ``{"returned": data}``, ``{"missing": name}``,
        ``{"not_implemented": True}`` or ``{"error": type name, "message": text}``.
    """
    missing = [name for name in names if name not in namespace]
    if missing:
        return [{"missing": missing[0], **_why_missing(missing[0], namespace)}]
    if kind == "value":
        return [run_case(lambda: tuple(namespace[name] for name in names))]
    function = namespace[names[0]]
    if not callable(function):
        return [{"error": "TypeError", "message": f"{names[0]} is not a function"}]
    return [run_case(function, *copy.deepcopy(c.args), **copy.deepcopy(c.kwargs))
            for c in cases]
