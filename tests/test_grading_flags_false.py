"""False flags must not bury real ones (issue 13, item 6): what honest libraries register and
what the notebook itself provides is not flagged; the same kind of thing done by the student
still is.

One `lossedu grade` run of exercise 04 (whose set-up cells import ``check``, ``quiz`` and
lossedu.losses.sigmoid).
"""

from __future__ import annotations

import pytest

from lossedu.exercises import solution_path
from lossedu.grading import samples

EXERCISE = "04_cross_entropy_exercise"
REFERENCE = samples.reference_answers(EXERCISE) if solution_path(EXERCISE).exists() else {}

PLOT = '''
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot([0, 1], [0, 1])
plt.close(fig)
'''
#: the helpers the set-up cells import, imported again in an answer
REIMPORT = '''
from lossedu.losses import sigmoid
from lossedu.checks import check
from lossedu.quiz import quiz
'''
#: a hook that looks like matplotlib's, registered out of sight of the static scan
LOOKALIKE_HOOK = '''
import matplotlib.pyplot as plt
def _draw_all_if_interactive():
    pass
_shell = __import__("IPy" + "thon").get_ipython()
getattr(_shell, "ev" + "ents").register("post_execute", _draw_all_if_interactive)
'''

SUBMISSIONS = {
    "plots": {"softmax_code": REFERENCE.get("softmax_code", "") + PLOT},
    "reimports": {"softmax_code": REIMPORT + REFERENCE.get("softmax_code", "")},
    "lookalike_hook": {"softmax_code": REFERENCE.get("softmax_code", "") + LOOKALIKE_HOOK},
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from lossedu.grading import grade

    if not solution_path(EXERCISE).exists():
        pytest.skip(f"{EXERCISE} is not written yet")
    subs = tmp_path_factory.mktemp("false-flags")
    for student, answers in SUBMISSIONS.items():
        nb = samples.with_answers(EXERCISE, answers)
        (subs / f"{student}.ipynb").write_bytes(samples.to_bytes(nb))
    report = grade(subs, EXERCISE, out=subs.parent / "false-flags-out", jobs=2, timeout=10,
                   write=False)
    return {row.student: row for row in report.rows}


@pytest.mark.parametrize("student", ["plots", "reimports"])
def test_honest_code_is_not_flagged(graded, student):
    row = graded[student]
    assert row.flags == [], row.flags
    assert row.status == "graded" and row.score == row.max_score, row.reason


def test_a_student_hook_is_still_flagged(graded):
    row = graded["lookalike_hook"]
    assert "IPython hook: event callback (post_execute)" in row.flags, row.flags
    assert row.score == row.max_score  # a flag never changes a score by itself
