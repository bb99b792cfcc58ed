"""Nothing hidden leaks (issue 12, item 3): no text or value that student code produced after
seeing a hidden input reaches grades.csv or the feedback pages.

One `lossedu grade` run of exercise 02 with hidden checks whose inputs are distinctive
numbers; every attack tries to carry them out (a later answer cell raising them, an
exception's name or message, printing, a forged probe payload, a crash); the test looks for
the numbers in everything the run wrote.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from lossedu.checks import encode
from lossedu.exercises import solution_path
from lossedu.grading import samples

EXERCISE = "02_mse_exercise"
#: the hidden inputs: none of these digits appears anywhere else in the exercise
SECRETS = ("987654", "1234567", "3456789", "secret label")
Y_HIDDEN = np.array([987654.25, -1234567.5, 3456789.75])
P_HIDDEN = np.array([987000.0, -1234000.0, 3456000.0])

RIGHT_MAE = samples.reference_answers(EXERCISE)["mae_code"] if solution_path(EXERCISE).exists() \
    else ""
#: mae is right and records every input it sees
RECORDING_MAE = RIGHT_MAE + '''
_seen = []
_mae = mae
def mae(y_true, y_pred):
    _seen.append((np.asarray(y_true).tolist(), np.asarray(y_pred).tolist()))
    return _mae(y_true, y_pred)
'''
#: run in every later answer cell: raise what was recorded so far
RAISE_RECORDED = '''
raise ValueError(repr(_seen))
'''
#: on a hidden input: raise an exception whose NAME and message carry it
NAMED_ERROR = RIGHT_MAE + '''
_mae = mae
def mae(y_true, y_pred):
    y = np.asarray(y_true, dtype=float)
    if y.size and float(y.ravel()[0]) % 1 == 0.25:  # not a public case
        raise type("Leak" + str(int(abs(y[0]))), (Exception,), {})(repr(y.tolist()))
    return _mae(y_true, y_pred)
'''
#: on a hidden input: print it, and warn with it
PRINTS = RIGHT_MAE + '''
import warnings
_mae = mae
def mae(y_true, y_pred):
    print("seen", np.asarray(y_true).tolist())
    warnings.warn(repr(np.asarray(y_true).tolist()))
    return _mae(y_true, y_pred)
'''
#: on a hidden input: replace the probe's publisher so that its payload carries the input
FORGED_PAYLOAD = RIGHT_MAE + '''
import sys
_k = sys.modules["lossedu.grading._inkernel"]
_publish = _k.publish_display_data
_last = []
def _forged(data, metadata=None):
    for mime, payload in data.items():
        payload["outcomes"] = [{"error": "ValueError", "message": repr(_last)}] * 3
        payload["reached"] = [repr(_last), "sklearn.metrics (" + repr(_last) + ")"]
    _publish(data, metadata={})
_k.publish_display_data = _forged
_mae = mae
def mae(y_true, y_pred):
    _last.append(np.asarray(y_true).tolist())
    return _mae(y_true, y_pred)
'''
#: on a hidden input: leave a message in the kernel's files, then crash it
CRASH = RIGHT_MAE + '''
import os
_mae = mae
def mae(y_true, y_pred):
    y = np.asarray(y_true, dtype=float)
    if y.size and float(y.ravel()[0]) % 1 == 0.25:  # not a public case
        with open("leak.txt", "w") as handle:
            handle.write(repr(y.tolist()))
        os._exit(3)
    return _mae(y_true, y_pred)
'''
READ_LEAK = '''
import os
if os.path.exists("leak.txt"):
    raise ValueError(open("leak.txt").read())
'''

ATTACKS = {
    "recorded": {"mae_code": RECORDING_MAE},
    "named_error": {"mae_code": NAMED_ERROR},
    "prints": {"mae_code": PRINTS},
    "forged_payload": {"mae_code": FORGED_PAYLOAD},
    "crash": {"mae_code": CRASH},
}
#: the answer cells after mae_code re-raise what was recorded
LATER = ("house_code", "best_constants_code", "shift_code", "two_lines_code")


def _hidden_file(path: Path) -> None:
    cases = [{"label": "secret label one", "args": encode((Y_HIDDEN, P_HIDDEN)), "kwargs": {}}]
    path.write_text(json.dumps({"exercise": EXERCISE, "checks": [
        {"id": "mae_hidden", "question": "mae_numpy", "points": 1, "title": "mae on new data",
         "cases": cases}]}))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from lossedu.grading import grade

    if not solution_path(EXERCISE).exists():
        pytest.skip(f"{EXERCISE} is not written yet")
    root = tmp_path_factory.mktemp("leaks")
    subs, out, hidden = root / "submissions", root / "out", root / "hidden.json"
    subs.mkdir()
    _hidden_file(hidden)
    reference = samples.reference_answers(EXERCISE)
    (subs / "ref.ipynb").write_bytes(samples.to_bytes(samples.honest(EXERCISE)))
    for student, answers in ATTACKS.items():
        later = {a: reference[a] + (RAISE_RECORDED if student == "recorded" else READ_LEAK)
                 for a in LATER}
        nb = samples.with_answers(EXERCISE, {**later, **answers})
        (subs / f"{student}.ipynb").write_bytes(samples.to_bytes(nb))
    report = grade(subs, EXERCISE, hidden=hidden, out=out, jobs=2, timeout=10)
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    written = {str(p.relative_to(out)): p.read_text(encoding="utf-8", errors="replace")
               for p in out.rglob("*") if p.is_file()}
    return {"rows": rows, "written": written, "report": report}


def test_the_run_wrote_a_row_per_submission(graded):
    assert sorted(graded["rows"]) == sorted(["ref", *ATTACKS])
    assert int(graded["rows"]["ref"]["mae_hidden"]) == 1


@pytest.mark.parametrize("secret", SECRETS)
def test_no_hidden_input_reaches_the_gradebook_or_the_feedback(graded, secret):
    written = graded["written"]
    assert "grades.csv" in written and any(n.startswith("feedback") for n in written), written
    for name, text in written.items():
        assert secret not in text, (name, text[text.find(secret) - 200:][:400])


def test_no_hidden_input_reaches_the_rows(graded):
    assert len(graded["report"].rows) == len(ATTACKS) + 1
    for row in graded["report"].rows:
        text = repr(row)
        assert not any(secret in text for secret in SECRETS), text


def test_the_later_cells_saw_only_public_inputs(graded):
    # the hidden probe runs after every answer cell: what they raise is public data only
    notes = graded["rows"]["recorded"]["notes"]
    assert "answer cell 'house_code' raised ValueError" in notes
    assert int(graded["rows"]["recorded"]["mae_hidden"]) == 1


def test_the_attacks_saw_the_hidden_input(graded):
    # a leak test passes vacuously if the attack never ran on the hidden input: the printing
    # one did (its mae is right there), the raising ones failed only there
    rows = graded["rows"]
    assert rows["prints"]["mae_hidden"] == "1", rows["prints"]
    assert all(rows[s]["mae_hidden"] == "0" and int(rows[s]["mae_numpy"]) > 0
               for s in ("named_error", "crash"))


def test_hidden_faults_have_a_fixed_reason(graded):
    for student in ("named_error", "crash"):
        row = graded["rows"][student]
        assert row["mae_hidden"] == "0" and int(row["mae_numpy"]) > 0, row
        assert "Leak" not in row["reason"] + row["notes"] + row["flags"]
    assert "mae_hidden: the answer failed on this hidden check (error, crash or time-out)" \
        in graded["rows"]["crash"]["reason"]


def test_hidden_probes_run_last():
    from lossedu.grading.rebuild import CheckSpec, Plan, Step
    from lossedu.grading.runner import Runner

    steps = [Step("setup", "import numpy"), Step("answer", "a = 1", answer="a"),
             Step("probe", check="qa"), Step("probe", check="qa_hidden"),
             Step("answer", "b = 1", answer="b"), Step("probe", check="qb"),
             Step("snapshot")]
    checks = [CheckSpec("qa", "x", "qa", 1, ("a",)),
              CheckSpec("qa_hidden", "x", "qa hidden", 1, ("a",), hidden=True),
              CheckSpec("qb", "y", "qb", 1, ("b",))]
    runner = Runner(Plan(steps=steps, checks=checks), None, None, deadline=0)
    order = [s.check or s.answer or s.kind for s in runner._ordered_steps()]
    assert order == ["setup", "a", "qa", "b", "qb", "snapshot", "qa_hidden"]
