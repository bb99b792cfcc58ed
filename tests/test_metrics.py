"""lossedu.metrics."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix, r2_score, root_mean_squared_error

import lossedu.metrics as M

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")
rng = np.random.default_rng(0)


def test_accuracy_matches_sklearn():
    y, p = rng.integers(0, 3, 100), rng.integers(0, 3, 100)
    assert M.accuracy(y, p) == accuracy_score(y, p)
    assert M.accuracy([0, 1], [0, 1]) == 1.0
    assert M.accuracy(np.array([1, 0], dtype=np.float32), [True, True]) == 0.5


def test_confusion_counts_match_sklearn():
    y, p = rng.integers(0, 2, 100), rng.integers(0, 2, 100)
    tn, fp, fn, tp = confusion_matrix(y, p).ravel()
    assert M.confusion_counts(y, p) == {"tp": tp, "fp": fp, "fn": fn, "tn": tn}


def test_rmse_and_r2_match_sklearn():
    y, p = rng.standard_normal(50), rng.standard_normal(50)
    assert M.rmse(y, p) == pytest.approx(root_mean_squared_error(y, p), rel=1e-14)
    assert M.r2(y, p) == pytest.approx(r2_score(y, p), rel=1e-12)
    assert M.r2(y, y) == 1.0


def test_bad_input():
    with pytest.raises(ValueError, match=r"^y_true has shape \(2,\) but y_pred has shape \(3,\)"):
        M.accuracy([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="^y_true has 1 value"):
        M.r2([1.0], [1.0])
    with pytest.raises(TypeError, match="^y_pred must contain numbers"):
        M.accuracy([0, 1], ["a", "b"])
