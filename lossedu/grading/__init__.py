"""The grader: ``lossedu grade SUBMISSIONS --exercise NAME`` (see docs/grading.md).

Modules: :mod:`~lossedu.grading.submissions` (find and read submissions, name students,
roster), :mod:`~lossedu.grading.rebuild` (answers and extra cells into the instructor's copy),
:mod:`~lossedu.grading.carried` (error carried forward),
:mod:`~lossedu.grading.sandbox` and :mod:`~lossedu.grading.kernel` (the sandboxed kernel),
:mod:`~lossedu.grading.runner` (probes, faults, fresh kernels),
:mod:`~lossedu.grading.flags` (flags for review), :mod:`~lossedu.grading.hidden` (hidden
checks), :mod:`~lossedu.grading.engine` (the batch and judging),
:mod:`~lossedu.grading.report` (grades.csv, feedback, summary), :mod:`~lossedu.grading.cli`.
"""


def add_subcommand(subparsers) -> None:
    """Register ``lossedu grade`` (imports the grader only when it runs)."""
    from lossedu.grading.cli import add_subcommand as add

    add(subparsers)


def grade(*args, **kwargs):
    """:func:`lossedu.grading.engine.grade` (imported lazily)."""
    from lossedu.grading.engine import grade as _grade

    return _grade(*args, **kwargs)


__all__ = ["add_subcommand", "grade"]
