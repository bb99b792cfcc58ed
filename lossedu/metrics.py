r"""Metrics: numbers we report about a model, as opposed to the losses we train on.

A metric such as accuracy is what we care about; a loss such as cross-entropy is what we
can optimise (smooth, with useful gradients). Notebook 06 compares the two.
"""

import numpy as np

from lossedu._validation import _binary_labels, _check_finite, _pair
from lossedu.losses import mse

__all__ = ["accuracy", "confusion_counts", "rmse", "r2"]


def _labels(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred, "y_true", "y_pred")
    _check_finite(y_true, "y_true")
    _check_finite(y_pred, "y_pred")
    return y_true, y_pred


def accuracy(y_true, y_pred):
    r"""Fraction of predicted labels equal to the true labels.

    .. math:: \mathrm{accuracy} = \frac{1}{n} \sum_i [\hat y_i = y_i]

    Parameters
    ----------
    y_true : array_like
        True labels, shape (n,) (any numeric labels: 0/1, -1/+1, class indices).
    y_pred : array_like
        Predicted **labels**, same shape. Probabilities or scores are not accepted as such:
        turn them into labels first, e.g. ``(p >= 0.5).astype(int)`` or
        ``scores.argmax(axis=1)``. (A probability of 0.9 compared with the label 1 would
        silently count as wrong.)

    Returns
    -------
    float
        In [0, 1].

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf.
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> accuracy([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    """
    y_true, y_pred = _labels(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_counts(y_true, y_pred):
    r"""Counts of true/false positives/negatives for binary labels 0/1.

    Parameters
    ----------
    y_true, y_pred : array_like
        True and predicted labels, 0 or 1, same shape.

    Returns
    -------
    dict
        ``{"tp": ..., "fp": ..., "fn": ..., "tn": ...}`` with int values
        (tp: predicted 1 and truly 1; fp: predicted 1 but truly 0; and so on).

    Raises
    ------
    ValueError
        Labels other than 0/1, shapes differ or empty input.
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> confusion_counts([1, 1, 0, 0], [1, 0, 1, 0])
    {'tp': 1, 'fp': 1, 'fn': 1, 'tn': 1}
    """
    y_true, y_pred = _pair(y_true, y_pred, "y_true", "y_pred")
    _binary_labels(y_true, "y_true")
    _binary_labels(y_pred, "y_pred")
    t, p = y_true == 1.0, y_pred == 1.0
    return {
        "tp": int(np.sum(t & p)),
        "fp": int(np.sum(~t & p)),
        "fn": int(np.sum(t & ~p)),
        "tn": int(np.sum(~t & ~p)),
    }


def rmse(y_true, y_pred):
    r"""Root mean squared error, in the units of the target.

    .. math:: \mathrm{RMSE} = \sqrt{\frac{1}{n}\sum_i (\hat y_i - y_i)^2}

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets and predictions, same shape.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf.
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> rmse([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 6.0])
    1.0
    """
    return float(np.sqrt(mse(y_true, y_pred)))


def r2(y_true, y_pred):
    r"""Coefficient of determination R², like ``sklearn.metrics.r2_score``.

    .. math:: R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}

    1 is a perfect fit, 0 is as good as always predicting the mean of `y_true`, and it is
    negative for worse predictions.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets and predictions, shape (n,), n >= 2.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Shapes differ, fewer than 2 values, NaN or inf, or constant `y_true` (R² undefined).
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> r2([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 5.0])
    0.8
    """
    y_true, y_pred = _labels(y_true, y_pred)
    if y_true.size < 2:
        raise ValueError(f"y_true has {y_true.size} value; R² needs at least 2")
    total = float(np.sum((y_true - np.mean(y_true)) ** 2))
    if total == 0.0:
        raise ValueError("y_true is constant, so R² is undefined (division by zero)")
    return 1.0 - float(np.sum((y_true - y_pred) ** 2)) / total
