"""``lossedu grade --variants``: grade each student on their own variant of the data.

The variant comes from the student's identity (:func:`identity`: the LMS id the submission's
file name carries, else the student's name as the folder or file names them) and the
course secret (:func:`lossedu.variants.variant_of`), never from the notebook: a student who
pasted a classmate's ``VARIANT = ...`` line (or kept the published 0) is still graded on
their own variant, and the row is flagged. :func:`assign` rewrites the ``VARIANT`` line of
the instructor's set-up cells in the plan (the kernel then builds that variant's data) and
returns the variant, which the engine passes to :func:`lossedu.checks.judge` so that the
variant-aware value questions are judged on the same data.
"""

from __future__ import annotations

import dataclasses

from lossedu.variants import (
    VariantError,
    has_variant_line,
    notebook_variant,
    variant_cell,
    variant_of,
    with_variant,
)


def require_variants(solution_nb, exercise: str) -> None:
    """VariantError unless the exercise's solution notebook has a ``VARIANT = ...`` line (an
    exercise without one has no per-student data)."""
    if variant_cell(solution_nb) is None:
        raise VariantError(f"--variants: {exercise} has no per-student variants (its set-up "
                           "cells have no `VARIANT = ...` line); grade it without --variants")


def identity(sub) -> str:
    """Whom a submission's variant belongs to: its LMS id, else the student's name."""
    return (sub.student_id or sub.student or "").strip()


def assign(plan, student_nb, exercise: str, who: str, secret: bytes):
    """The plan run with ``who``'s variant.

    Returns ``(plan, variant, notes, flags)``: the plan whose set-up steps carry
    ``VARIANT = <variant>``; the notes for the student's feedback (which variant was graded;
    a notebook that claims another one); the flags for the instructor (a mismatch).
    """
    variant = variant_of(who, exercise, secret)
    steps = [dataclasses.replace(step, source=with_variant(step.source, variant))
             if step.kind == "setup" and has_variant_line(step.source) else step
             for step in plan.steps]
    plan = dataclasses.replace(plan, steps=steps)
    notes = [f"graded with variant {variant}: your own data (the variant of {who!r})"]
    flags = []
    claimed = notebook_variant(student_nb)
    if claimed != variant:
        said = ("has no VARIANT line" if claimed is None
                else f"says VARIANT = {claimed}")
        notes.append(f"your notebook {said}, but your variant is {variant}: your answers ran "
                     f"on variant {variant}'s data and were judged on it")
        flags.append(f"variant mismatch: the notebook {said}, {who!r} has variant {variant} "
                     "(a classmate's notebook, or the published one?)")
    return plan, variant, notes, flags


__all__ = ["VariantError", "assign", "identity", "require_variants"]
