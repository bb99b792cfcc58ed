"""Per-student variants: each student gets their own data, so a copied number fails.

A *variant* is a small integer that a notebook carries in one line of its first set-up
cell, ``VARIANT = 0``. Variant 0 is the course's published notebook (the data the solution
notebook shows); a student's variant is 1 ... :data:`MAX_VARIANT`, derived from their
identity (LMS id or login) and the exercise with a course secret that only the instructor
keeps (:func:`variant_of`, an HMAC-SHA256). The same variant always gives the same data.

One mechanism, three users:

* the notebook's set-up cells pass ``VARIANT`` to the data generators of
  :mod:`lossedu.exercise_data` (``house_true, house_pred = exercise_data.house_prices(VARIANT)``),
  the only part a student's kernel needs (this module stays with the instructor and grader);
* a variant-aware question (``Question(variant_inputs=...)`` in ``lossedu/checks/exNN.py``)
  builds its judging case from the same generator, so ``check(...)`` in the learner's kernel
  (self-check: the notebook's ``VARIANT``) and the grader (the variant derived from the
  student's identity, never the one the notebook claims) judge against that variant's data;
* ``lossedu exercises NN --variants ROSTER`` writes one notebook per student with their
  ``VARIANT`` line and a table of every student's variant; ``lossedu grade --variants``
  derives each student's variant again, runs the set-up cells with it and flags a notebook
  that claims another one (see docs/grading.md, "Variants").
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
import re
from pathlib import Path

from lossedu.exercise_data import MAX_VARIANT, VariantError, as_variant

__all__ = ["MAX_VARIANT", "SECRET_ENV", "VariantError", "as_variant", "has_variant_line",
           "notebook_variant", "read_roster", "read_secret", "source_variant", "variant_cell",
           "variant_of", "with_variant"]

#: environment variable holding the course secret (instead of ``--variant-secret FILE``)
SECRET_ENV = "LOSSEDU_VARIANT_SECRET"
#: a secret shorter than this is refused (it could be guessed)
MIN_SECRET_BYTES = 16

#: the line of a set-up cell that holds the notebook's variant
_LINE = re.compile(r"^VARIANT[ \t]*=[ \t]*(?P<value>\S+?)[ \t]*(?P<comment>#.*)?$", re.M)


# ----------------------------------------------------------------------------- numbers
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
