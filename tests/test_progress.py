"""lossedu progress: course-wide progress from the learner's saved exercise notebooks."""

import hashlib
import shutil

import nbformat
import pytest

from lossedu import exercises as ex
from lossedu.cli import main as cli_main
from lossedu.progress import (
    FAILED,
    NOT_STARTED,
    PASSED,
    course_progress,
    exercise_progress,
    format_progress,
)


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_untouched_student_versions_are_not_started_without_running(tmp_path, monkeypatch):
    for name in ex.EXERCISES[:3]:
        shutil.copy(ex.student_path(name), tmp_path / f"{name}.ipynb")
    monkeypatch.setattr("lossedu.progress._run", lambda *a: pytest.fail("ran a kernel"))
    progress = course_progress(tmp_path, ex.EXERCISES[:3])
    assert all(c.status == NOT_STARTED for p in progress for c in p.checks)
    assert all(p.total_points == ex.parse_exercise(ex.solution_path(p.name)).total_points
               for p in progress)
    text = format_progress(progress)
    assert "○ not started" in text and f"Next: open {tmp_path}" in text


def test_missing_notebook_is_reported(tmp_path):
    progress = exercise_progress(ex.EXERCISES[0], tmp_path)
    assert progress.missing and "no notebook at" in format_progress([progress])


def test_a_written_exercise_is_rerun_and_a_wrong_answer_named(tmp_path, capsys):
    """One real run: the solution of exercise 02 with its mse answer replaced by a sum."""
    name = "02_mse_exercise"
    nb = nbformat.read(ex.solution_path(name), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("lossedu", {}).get("answer") == "mse_code")
    cell.source = ("def mse(y_true, y_pred):\n"
                   "    r = np.asarray(y_true, float) - np.asarray(y_pred, float)\n"
                   "    return float(np.sum(r ** 2))\n")
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    before = _sha(path)
    assert cli_main(["progress", "--exercises-dir", str(tmp_path), "02"]) == 1
    out = capsys.readouterr().out
    assert _sha(path) == before  # the learner's file is never modified
    progress = exercise_progress(name, tmp_path)
    statuses = {c.question: c.status for c in progress.checks}
    assert statuses["mse_numpy"] == FAILED
    assert PASSED in statuses.values()
    assert 'fix the answer of check("mse_numpy")' in out and "✗ mse" in out


def test_unknown_exercise_is_refused(capsys):
    assert cli_main(["progress", "99"]) == 2
    assert "lossedu progress:" in capsys.readouterr().err
