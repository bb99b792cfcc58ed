"""The shared input checks: every bad input gives a clear error naming the argument."""

import numpy as np
import pytest

from lossedu import losses as L
from lossedu import metrics as M
from lossedu import regularization as R
from lossedu._kernels import identity, reduce_loss
from lossedu._validation import _as_float, _class_indices, _signed_labels

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")  # numpy warnings fail tests

P3 = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]
Z3 = [[1.0, 2.0, 3.0], [0.0, 0.0, 1.0]]

# (call, exception type, regex that the message must match from its start)
BAD = [
    # shape mismatch shows both shapes
    (lambda: L.mse([1, 2, 3], [1, 2, 3, 4]), ValueError,
     r"y_true has shape \(3,\) but y_pred has shape \(4,\)"),
    (lambda: L.mae(np.ones((3, 1)), np.ones(3)), ValueError,
     r"y_true has shape \(3, 1\) but y_pred has shape \(3,\)"),
    (lambda: L.binary_cross_entropy([1, 0], [0.5]), ValueError, r"y_true has shape \(2,\) but p"),
    (lambda: L.binary_cross_entropy_with_logits([1], [0.5, 1]), ValueError, r"y_true has shape"),
    (lambda: L.hinge([1, 0], [0.5]), ValueError, r"y_true has shape \(2,\) but scores"),
    (lambda: L.cross_entropy([0, 1, 2], P3), ValueError, r"y_true has 3 samples but p"),
    (lambda: L.softmax_cross_entropy([0], Z3), ValueError, r"y_true has 1 samples but logits"),
    (lambda: L.softmax_cross_entropy([[1, 0], [0, 1]], Z3), ValueError,
     r"y_true looks one-hot with shape \(2, 2\) but there are 3 classes"),
    # empty input
    (lambda: L.mse([], []), ValueError, r"y_true is empty"),
    (lambda: L.sigmoid([]), ValueError, r"x is empty"),
    (lambda: R.l2_penalty([], 1.0), ValueError, r"w is empty"),
    (lambda: M.accuracy([], []), ValueError, r"y_true is empty"),
    # NaN or inf
    (lambda: L.mse([1, np.nan], [1, 2]), ValueError, r"y_true contains nan"),
    (lambda: L.mse([1, 2], [np.inf, 2]), ValueError, r"y_pred contains inf"),
    (lambda: L.mae([1, 2], [np.inf, np.inf]), ValueError, r"y_pred contains inf"),
    (lambda: L.mse([np.nan], [1.0], reduction="none"), ValueError, r"y_true contains nan"),
    (lambda: L.huber([1, 2], [np.nan, 2]), ValueError, r"y_pred contains nan"),
    (lambda: L.huber_grad([1, 2], [np.inf, 2]), ValueError, r"y_pred contains inf"),
    (lambda: L.mse_grad([1, 2], [np.inf, 2]), ValueError, r"y_pred contains inf"),
    (lambda: L.mae_grad([1, 2], [np.inf, 2]), ValueError, r"y_pred contains inf"),
    (lambda: L.binary_cross_entropy([1, 0], [np.nan, 0.5]), ValueError, r"p contains nan"),
    (lambda: L.binary_cross_entropy_with_logits([1, 0], [np.inf, 0]), ValueError,
     r"z contains inf"),
    (lambda: L.binary_cross_entropy_with_logits([0, 0], [-np.inf, 0]), ValueError,
     r"z contains -inf"),
    (lambda: L.binary_cross_entropy_with_logits([1, 0], [np.nan, 0], reduction="sum"),
     ValueError, r"z contains nan"),
    (lambda: L.binary_cross_entropy_with_logits_grad([1], [np.inf]), ValueError, r"z contains inf"),
    (lambda: L.hinge([1, 0], [np.inf, 0]), ValueError, r"scores contains inf"),
    (lambda: L.hinge_grad([1, 0], [np.inf, 0]), ValueError, r"scores contains inf"),
    (lambda: L.softmax_cross_entropy([1], [[-np.inf, 0.0]]), ValueError, r"logits contains -inf"),
    (lambda: L.softmax([1.0, np.nan]), ValueError, r"x contains nan"),
    (lambda: L.log_softmax([1.0, np.inf]), ValueError, r"x contains inf"),
    (lambda: L.sigmoid(np.nan), ValueError, r"x contains nan"),
    (lambda: R.l1_penalty([np.nan], 1.0), ValueError, r"w contains nan"),
    (lambda: M.rmse([1.0], [np.nan]), ValueError, r"y_pred contains nan"),
    # probabilities outside [0, 1]
    (lambda: L.binary_cross_entropy([1, 0], [1.2, 0.3]), ValueError,
     r"p must hold probabilities in \[0, 1\]; found 1.2"),
    (lambda: L.binary_cross_entropy_grad([1, 0], [-0.1, 0.3]), ValueError, r"p must hold prob"),
    (lambda: L.cross_entropy([0, 1], [[1.5, -0.5, 0.0], [0, 1, 0]]), ValueError,
     r"p must hold probabilities"),
    (lambda: L.cross_entropy([0, 1], [[0.5, 0.6, 0.0], [0, 1, 0]]), ValueError,
     r"p row 0 sums to 1.1"),
    (lambda: L.cross_entropy([0, 1], [0.5, 0.5]), ValueError, r"p must have shape \(n_samples"),
    # labels outside the allowed set
    (lambda: L.binary_cross_entropy([1, 2], [0.2, 0.3]), ValueError,
     r"y_true must contain binary labels 0 or 1; found 2.0"),
    (lambda: L.binary_cross_entropy_with_logits([-1, 1], [0.2, 0.3]), ValueError,
     r"y_true must contain binary labels"),
    (lambda: L.hinge([0, 2], [1, 2]), ValueError, r"y_true must contain labels in \{0, 1\} or"),
    (lambda: L.hinge([0, -1, 1], [1, 2, 3]), ValueError, r"y_true mixes 0 and -1"),
    (lambda: M.confusion_counts([0, 1], [0, 2]), ValueError, r"y_pred must contain binary"),
    # class index >= K, negative, non-integer, bad one-hot
    (lambda: L.cross_entropy([0, 3], P3), ValueError,
     r"y_true must contain class indices 0\.\.2 \(there are 3 classes\); found 3"),
    (lambda: L.softmax_cross_entropy([0, -1], Z3), ValueError, r"y_true must contain class ind"),
    (lambda: L.softmax_cross_entropy_grad([0, 1.5], Z3), ValueError,
     r"y_true must contain integer class labels; found 1.5"),
    (lambda: L.softmax_cross_entropy([[1, 1, 0], [0, 1, 0]], Z3), ValueError,
     r"y_true row 0 is not one-hot"),
    (lambda: L.cross_entropy_grad([[0.5, 0.5, 0], [0, 1, 0]], P3), ValueError,
     r"y_true row 0 is not one-hot"),
    (lambda: L.softmax_cross_entropy(np.zeros((2, 1, 1)), Z3), ValueError,
     r"y_true must be integer labels of shape \(n,\) or one-hot"),
    # non-numeric data
    (lambda: L.mse(["a", "b"], [1, 2]), TypeError, r"y_true must contain numbers"),
    (lambda: L.mse([1, 2], [1j, 2]), TypeError, r"y_pred must contain numbers"),
    (lambda: L.binary_cross_entropy([1, 0], [None, 0.5]), TypeError, r"p must contain numbers"),
    (lambda: L.softmax_cross_entropy(["cat"], [[1.0, 2.0]]), TypeError, r"y_true must contain"),
    (lambda: L.mse([[1, 2], [3]], [1, 2]), ValueError, r"y_true could not be turned into an array"),
    (lambda: R.l2_penalty([1.0], "big"), TypeError, r"lam must be a finite number >= 0, not a st"),
    # unknown reduction, bad parameters
    (lambda: L.mse([1], [1], reduction="avg"), ValueError,
     r"reduction must be one of 'mean', 'sum', 'none'; got 'avg'"),
    (lambda: L.binary_cross_entropy([1], [0.5], reduction=None), ValueError, r"reduction must be"),
    (lambda: L.softmax_cross_entropy([0], [[1.0, 0.0]], reduction="max"), ValueError,
     r"reduction must be"),
    (lambda: L.huber([1], [2], delta=0), ValueError, r"delta must be a finite number > 0"),
    (lambda: L.binary_cross_entropy([1], [0.5], eps=0.7), ValueError, r"eps must be None or"),
    (lambda: R.l1_penalty([1.0], -0.1), ValueError, r"lam must be a finite number >= 0"),
    (lambda: R.elastic_net([1.0], 0.1, 1.5), ValueError, r"l1_ratio must be a number in \[0, 1\]"),
    (lambda: R.elastic_net_grad([1.0], 0.1, -0.5), ValueError, r"l1_ratio must be a number in"),
    (lambda: R.convert_lam(1.0, "alpha"), ValueError, r"source must be one of"),
    (lambda: R.convert_lam(1.0, "ridge_alpha"), ValueError, r"n_samples must be a positive"),
    (lambda: R.convert_lam(1.0, "lasso_alpha", "C", n_samples=3), ValueError, r"source 'lasso"),
    (lambda: M.r2([1.0, 1.0], [1.0, 2.0]), ValueError, r"y_true is constant"),
]


@pytest.mark.parametrize(("call", "exc", "pattern"), BAD, ids=[b[2][:40] for b in BAD])
def test_bad_input_names_the_argument(call, exc, pattern):
    with pytest.raises(exc, match="^" + pattern):
        call()


def test_as_float_converts_lists_ints_bools_float32():
    assert _as_float([1, 2], "x").dtype == np.float64
    assert _as_float(np.array([True, False]), "x").tolist() == [1.0, 0.0]
    x32 = np.array([0.1], dtype=np.float32)
    assert _as_float(x32, "x")[0] == np.float64(np.float32(0.1))
    x = np.array([1.0, 2.0])
    assert _as_float(x, "x") is x  # float64 arrays are not copied


def test_reduce():
    per = np.array([1.0, 2.0, 3.0])
    assert reduce_loss(identity, "mean", {"x": per}) == 2.0
    assert reduce_loss(identity, "sum", {"x": per}) == 6.0
    assert reduce_loss(identity, "none", {"x": per}) is per
    with pytest.raises(ValueError, match="^reduction must be one of"):
        reduce_loss(identity, "median", {"x": per})


def test_signed_labels_and_class_indices():
    assert _signed_labels(np.array([0.0, 1.0])).tolist() == [-1.0, 1.0]
    assert _signed_labels(np.array([-1.0, 1.0])).tolist() == [-1.0, 1.0]
    assert _signed_labels(np.array([1.0, 1.0])).tolist() == [1.0, 1.0]
    assert _class_indices([2, 0], 3).tolist() == [2, 0]
    assert _class_indices([[0, 0, 1], [1, 0, 0]], 3).tolist() == [2, 0]


def test_genuine_overflow_is_returned_not_reported():
    # finite inputs whose squared error exceeds the largest double: inf is the honest answer
    assert L.mse([1e200], [-1e200]) == np.inf
