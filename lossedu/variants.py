"""Per-student variants: each student gets their own data, so a copied number fails.

A *variant* is a small integer that a notebook carries in one line of its first set-up
cell, ``VARIANT = 0``. Variant 0 is the course's published notebook (the data the solution
notebook shows); a student's variant is 1 ... :data:`MAX_VARIANT`, derived from their
identity (LMS id or login) and the exercise with a course secret that only the instructor
keeps (:func:`variant_of`, an HMAC-SHA256). The same variant always gives the same data.

One mechanism, three users:

* the notebook's set-up cells pass ``VARIANT`` to the generators below
  (``house_true, house_pred = variants.house_prices(VARIANT)``);
* a variant-aware question (``Question(variant_inputs=...)`` in ``lossedu/checks/exNN.py``)
  builds its judging case from the same generator, so ``check(...)`` in the learner's kernel
  (self-check: the notebook's ``VARIANT``) and the grader (the variant derived from the
  student's identity, never the one the notebook claims) judge against that variant's data;
* ``lossedu exercises NN --variants ROSTER`` writes one notebook per student with their
  ``VARIANT`` line and a table of every student's variant; ``lossedu grade --variants``
  derives each student's variant again, runs the set-up cells with it and flags a notebook
  that claims another one (see docs/grading.md, "Variants").

The generators only make *inputs* (data a student may see); they never compute an answer.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
import re
from pathlib import Path

import numpy as np

#: environment variable holding the course secret (instead of ``--variant-secret FILE``)
SECRET_ENV = "LOSSEDU_VARIANT_SECRET"
#: variants are 1 ... MAX_VARIANT (0 is the published notebook)
MAX_VARIANT = 999_999
#: a secret shorter than this is refused (it could be guessed)
MIN_SECRET_BYTES = 16

#: the line of a set-up cell that holds the notebook's variant
_LINE = re.compile(r"^VARIANT[ \t]*=[ \t]*(?P<value>\S+?)[ \t]*(?P<comment>#.*)?$", re.M)


class VariantError(ValueError):
    """A variant, secret or roster that cannot be used (the message says what to fix)."""


# ----------------------------------------------------------------------------- numbers
def as_variant(value, name: str = "VARIANT") -> int:
    """``value`` as a variant number (an int 0 ... MAX_VARIANT); VariantError naming ``name``
    otherwise (a bool, a float, a string, a negative or too large number)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise VariantError(f"{name} must be a whole number from 0 to {MAX_VARIANT}, "
                           f"got {value!r}")
    if not 0 <= int(value) <= MAX_VARIANT:
        raise VariantError(f"{name} must be from 0 to {MAX_VARIANT}, got {int(value)}")
    return int(value)


def variant_of(identity: str, exercise: str, secret: bytes) -> int:
    """The variant of the student ``identity`` for ``exercise``: 1 ... MAX_VARIANT.

    ``HMAC-SHA256(secret, exercise + NUL + identity)`` reduced to that range, so it cannot be
    computed without the secret, differs between exercises, and never is 0 (the published
    notebook). ``identity`` is stripped; an empty one is refused.
    """
    if not isinstance(identity, str) or not identity.strip():
        raise VariantError(f"identity must be a non-empty string (an LMS id or login), "
                           f"got {identity!r}")
    if not isinstance(secret, bytes) or len(secret) < MIN_SECRET_BYTES:
        raise VariantError(f"the variant secret must be at least {MIN_SECRET_BYTES} bytes")
    message = f"{exercise}\0{identity.strip()}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % MAX_VARIANT + 1


def read_secret(path: str | Path | None = None) -> bytes:
    """The course secret: the file ``path`` (its bytes, surrounding whitespace removed), else
    the environment variable :data:`SECRET_ENV`. VariantError when neither gives at least
    :data:`MIN_SECRET_BYTES` bytes."""
    if path is not None:
        try:
            secret = Path(path).read_bytes().strip()
        except OSError as error:
            raise VariantError(f"--variant-secret: cannot read {path}: "
                               f"{error.strerror or error}") from None
        where = f"the file {path}"
    else:
        secret = os.environ.get(SECRET_ENV, "").strip().encode()
        where = f"the environment variable {SECRET_ENV}"
        if not secret:
            raise VariantError(f"variants need the course secret: give --variant-secret FILE "
                               f"or set {SECRET_ENV} (make one with: python -c \"import "
                               "secrets; print(secrets.token_hex(32))\" > FILE)")
    if len(secret) < MIN_SECRET_BYTES:
        raise VariantError(f"the variant secret in {where} is {len(secret)} bytes; use at least "
                           f"{MIN_SECRET_BYTES} (e.g. secrets.token_hex(32))")
    return secret


def seed(variant: int, published: int) -> int:
    """The random seed of a data set: ``published`` for variant 0, else the variant."""
    variant = as_variant(variant)
    return published if variant == 0 else variant


# ----------------------------------------------------------------------------- notebooks
def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def source_variant(source: str) -> int | None:
    """The variant of the first ``VARIANT = n`` line of a cell's source (None: no such line,
    or a value that is not a variant number)."""
    match = _LINE.search(_text(source))
    if match is None:
        return None
    try:
        return as_variant(int(match["value"]))
    except (ValueError, VariantError):
        return None


def has_variant_line(source: str) -> bool:
    return _LINE.search(_text(source)) is not None


def with_variant(source: str, variant: int) -> str:
    """``source`` with its ``VARIANT = ...`` line(s) set to ``variant`` (comment kept)."""
    variant = as_variant(variant)

    def put(match):
        comment = match["comment"]
        return f"VARIANT = {variant}" + (f"  {comment}" if comment else "")

    return _LINE.sub(put, _text(source))


def variant_cell(nb) -> int | None:
    """Index of the first code cell with a ``VARIANT = ...`` line (None: the exercise has no
    variants)."""
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") == "code" and has_variant_line(cell.get("source", "")):
            return index
    return None


def notebook_variant(nb) -> int | None:
    """The variant a notebook claims (its first ``VARIANT = n`` line), None without one."""
    index = variant_cell(nb)
    return None if index is None else source_variant(nb.cells[index].source)


def read_roster(path: str | Path, id_column: str = "id") -> list[str]:
    """The student identities of a roster CSV (column ``id_column``), in file order, unique.

    VariantError when the file cannot be read, has no such column (the message lists the
    columns), or holds no id.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            if id_column not in columns:
                raise VariantError(f"--variants: the roster {path} has no column {id_column!r} "
                                   f"(columns: {', '.join(columns) or 'none'}); "
                                   "name it with --id-column")
            ids = [(row.get(id_column) or "").strip() for row in reader]
    except OSError as error:
        raise VariantError(f"--variants: cannot read the roster {path}: "
                           f"{error.strerror or error}") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise VariantError(f"--variants: the roster {path} is not a UTF-8 CSV file: "
                           f"{error}") from None
    ids = list(dict.fromkeys(i for i in ids if i))
    if not ids:
        raise VariantError(f"--variants: the roster {path} has no ids in column {id_column!r}")
    return ids


# ----------------------------------------------------------------------------- data (inputs)
def _rng(variant: int, dataset: str) -> np.random.Generator:
    """A generator for one data set of one variant (data sets of a variant are independent)."""
    return np.random.default_rng([as_variant(variant), int.from_bytes(dataset.encode(), "big")])


def house_prices(variant: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Exercise 02: five house prices and a model's predictions, in dollars.

    Variant 0 is the published table; other variants draw prices of 200,000 to 600,000 and
    five errors of different sizes (multiples of 5,000 up to 90,000, either sign), as the
    question text says.
    """
    if as_variant(variant) == 0:
        return (np.array([310_000, 455_000, 280_000, 520_000, 395_000], dtype=float),
                np.array([360_000, 435_000, 290_000, 440_000, 425_000], dtype=float))
    rng = _rng(variant, "house")
    true = 5_000.0 * rng.integers(40, 121, size=5)
    errors = 5_000.0 * rng.choice(np.arange(1, 19), size=5, replace=False)
    return true, true + errors * rng.choice([-1.0, 1.0], size=5)


def delivery_times(variant: int = 0) -> tuple[np.ndarray, float]:
    """Exercise 02: seven delivery times in minutes, and one extreme delay.

    Variant 0: the published times and 180; other variants: seven distinct times of 25 to 45
    minutes and a delay of 120 to 240 minutes.
    """
    if as_variant(variant) == 0:
        return np.array([31.0, 35.0, 29.0, 40.0, 33.0, 36.0, 30.0]), 180.0
    rng = _rng(variant, "times")
    times = rng.choice(np.arange(25.0, 46.0), size=7, replace=False)
    return times, float(rng.integers(120, 241))


def two_lines(variant: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Exercise 02: six points on y = 2x + 1 except the last, which lies far above.

    The last value is 30 in variant 0, and 25.00 to 40.00 (two decimals) otherwise: in that
    range line B = (5, -1) is better under the MSE and line A = (2, 1) under the MAE, the
    point of the question.
    """
    x = np.arange(6.0)
    y = 2 * x + 1
    y[-1] = 30.0 if as_variant(variant) == 0 else round(_rng(variant, "lines")
                                                          .uniform(25.0, 40.0), 2)
    return x, y
