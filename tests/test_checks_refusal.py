"""Question(judge_errors=True): answers that must refuse an input (exercise 02's mse)."""

import numpy as np
import pytest

from lossedu.checks._core import Case, Question, Raised, judge, probe


def _outcome(case, returned):
    if np.shape(case.args[0]) != np.shape(case.args[1]):
        return (isinstance(returned, Raised) and returned.type_name == "ValueError"
                and "y_true" in returned.message), "ValueError naming y_true"
    return not isinstance(returned, Raised) and np.isclose(returned, 1.0), "1"


QUESTION = Question(
    id="refusal_demo", title="refusal demo", names=("f",), judge_errors=True,
    cases=(Case("same shapes", ([1.0], [0.0])), Case("mismatch", ([[1.0]], [0.0]))),
    check_outcome=_outcome,
)


def _verdict(fn):
    return judge(QUESTION, probe(QUESTION, {"f": fn}))


def refuses(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return float(np.mean((y_true - y_pred) ** 2))


def flattens(y_true, y_pred):
    return float(np.mean((np.ravel(y_true) - np.ravel(y_pred)) ** 2))


def always_raises(y_true, y_pred):
    raise ValueError("y_true is refused")


def test_a_refusal_passes():
    verdict = _verdict(refuses)
    assert verdict.passed, verdict.line


def test_a_value_where_a_refusal_is_due_fails():
    verdict = _verdict(flattens)
    assert not verdict.passed and "case 2 (mismatch)" in verdict.line, verdict.line
    assert "returned" in verdict.line


def test_an_error_where_a_value_is_due_fails_and_is_reported_as_raised():
    verdict = _verdict(always_raises)
    assert not verdict.passed
    assert "case 1 (same shapes): expected 1, raised ValueError: y_true is refused" in verdict.line


def test_judge_errors_needs_check_outcome():
    with pytest.raises(ValueError, match="judge_errors"):
        Question(id="bad", title="bad", names=("f",), judge_errors=True,
                 cases=(Case("x", (1,)),), reference=lambda x: x)
