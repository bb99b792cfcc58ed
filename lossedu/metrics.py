r"""Metrics: numbers we report about a model, as opposed to the losses we train on.

A metric such as accuracy is what we care about; a loss such as cross-entropy is what we
can optimise (smooth, with useful gradients). Notebook 09 compares the two, and measures
calibration: the Brier score (a strictly proper scoring rule, like the log loss), the
reliability curve and the expected calibration error.
"""

import math
from typing import NamedTuple

import numpy as np

from lossedu import _kernels as K
from lossedu._validation import (
    ARRAY_SIZE,
    StrOptions,
    _binary_labels,
    _binary_or_rows,
    _finite_pair,
    _pair,
    check_params,
)

__all__ = [
    "accuracy",
    "confusion_counts",
    "rmse",
    "r2",
    "brier_score",
    "reliability_curve",
    "expected_calibration_error",
]


def accuracy(y_true, y_pred):
    r"""Fraction of predicted labels equal to the true labels.

    .. math:: \mathrm{accuracy} = \frac{1}{n} \sum_i [\hat y_i = y_i]

    Parameters
    ----------
    y_true : array_like
        True labels, shape (n,) or (n, 1) (any numeric labels: 0/1, -1/+1, class indices);
        or indicator rows of shape (n, K) holding 0 and 1 (one-hot or multi-label).
    y_pred : array_like
        Predicted **labels**, same shape. Probabilities or scores are not accepted as such:
        turn them into labels first, e.g. ``(p > 0.5).astype(int)`` (the course's rule: class 1
        when p > 0.5) or ``scores.argmax(axis=1)``. (A probability of 0.9 compared with the
        label 1 would silently count as wrong.)

    Returns
    -------
    float
        In [0, 1]. For indicator rows (n, K) it is the *subset accuracy*, as in
        ``sklearn.metrics.accuracy_score``: a row counts as correct only when all its K
        entries match (not the share of matching entries, which would credit the K - 2
        agreeing zeros of a wrong one-hot row).

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf, more than 2 dimensions, or 2-D input that is
        not made of 0/1 indicator rows.
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> accuracy([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    >>> accuracy([[1, 0, 0], [0, 1, 0]], [[1, 0, 0], [0, 0, 1]])  # one row of two is right
    0.5
    """
    y_true, y_pred = _finite_pair(y_true, y_pred)
    if y_true.ndim <= 1 or (y_true.ndim == 2 and y_true.shape[1] == 1):  # (n, 1): one label
        return float(np.mean(y_true == y_pred))
    if y_true.ndim > 2:
        raise ValueError(
            f"y_true has shape {y_true.shape}; expected labels (n,) or indicator rows (n, K)"
        )
    _binary_labels(y_true, "y_true")  # indicator rows: 0 or 1 only
    _binary_labels(y_pred, "y_pred")
    return float(np.mean((y_true == y_pred).all(axis=1)))


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

    Notes
    -----
    ``sqrt(mse)`` is right unless the squares leave the float range: residuals near 1e170
    have squares beyond 1.8e308 (``inf``) and residuals near 1e-170 have squares below
    the smallest double (0), although their RMSE is an ordinary number. Then the residuals
    are first divided by a power of two near their largest value (exact in binary), as
    ``np.hypot`` does. A cheap test of the mean square decides, so usual inputs pay nothing.

    Examples
    --------
    >>> rmse([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 6.0])
    1.0
    >>> rmse([1e-170, 0.0], [0.0, 1e-170])
    1e-170
    """
    y_true, y_pred = _pair(y_true, y_pred, "y_true", "y_pred")
    value = K.root_mean_square(y_pred, y_true)
    if not math.isfinite(value):  # a NaN or inf input always gets here: name it
        _finite_pair(y_true, y_pred)
    return value


def r2(y_true, y_pred):
    r"""Coefficient of determination R², like ``sklearn.metrics.r2_score``.

    .. math:: R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}

    1 is a perfect fit, 0 is as good as always predicting the mean of `y_true`, and it is
    negative for worse predictions.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets and predictions, shape (n,) with n >= 2; or (n, k) for k outputs, each column
        a target of its own.

    Returns
    -------
    float
        For (n, k) input, the mean of the k per-column R² values (scikit-learn's default,
        ``multioutput="uniform_average"``), not the R² of the pooled values.

    Raises
    ------
    ValueError
        Shapes differ, fewer than 2 rows, more than 2 dimensions, NaN or inf, or a constant
        `y_true` (column): R² is undefined there (scikit-learn returns 0 or 1 instead).
    TypeError
        Non-numeric input.

    Notes
    -----
    The denominator is computed by the corrected two-pass algorithm
    (``_kernels.centred_sum_of_squares``), which removes the rounding error of the mean:
    ``r2([1, 1 + 2**-52, 1, 1], [1, 1, 1, 1])`` is -1/3, where the plain formula (and
    scikit-learn) gives 0. R² does not change when both arrays are multiplied by the same
    number, so where the sums of squares leave the float range (values near 1e170 or
    1e-170) the deviations and the residuals are divided by powers of two first; a cheap
    test of the two sums decides.

    Examples
    --------
    >>> r2([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 5.0])
    0.8
    >>> r2([[1.0, 0.0], [2.0, 1.0], [3.0, 2.0]], [[1.0, 0.0], [2.0, 1.0], [3.0, 3.0]])
    0.75
    """
    y_true, y_pred = _finite_pair(y_true, y_pred)
    if y_true.ndim > 2:
        raise ValueError(
            f"y_true has shape {y_true.shape}; expected (n,) or (n, k) (one column per output)"
        )
    n = y_true.shape[0] if y_true.ndim else 1
    if n < 2:
        raise ValueError(f"y_true has {n} value; R² needs at least 2")
    columns = (y_true if y_true.ndim == 2 else y_true.reshape(n, -1),
               y_pred if y_true.ndim == 2 else y_pred.reshape(n, -1))
    constant = columns[0].min(axis=0) == columns[0].max(axis=0)
    if constant.any():
        where = "" if y_true.ndim < 2 else f" in column {int(np.flatnonzero(constant)[0])}"
        raise ValueError(f"y_true is constant{where}, so R² is undefined (division by zero)")
    return float(np.mean(K.r2_per_column(*columns)))


# --------------------------------------------------------------------------- calibration
def brier_score(y_true, p, *, reduction="mean"):
    r"""Brier score: the squared error of predicted probabilities (lower is better).

    Binary, with $p_i$ the probability of class 1 and $y_i \in \{0, 1\}$:

    .. math:: \mathrm{BS} = \frac{1}{n}\sum_i (p_i - y_i)^2 \in [0, 1]

    Multi-class, with one-hot targets $q_{ik}$ (Brier's original form, between 0 and 2):

    .. math:: \mathrm{BS} = \frac{1}{n}\sum_i \sum_{k=1}^{K} (p_{ik} - q_{ik})^2

    Like the log loss it is a *strictly proper* scoring rule: when the true probability of
    class 1 is $\pi$, the expected score $\pi(1-p)^2 + (1-\pi)p^2$ of a report $p$ is smallest
    only at $p = \pi$. Unlike the log loss it is bounded, so one confident mistake costs at
    most 1 (binary) instead of an unbounded amount.

    Parameters
    ----------
    y_true : array_like
        Binary labels 0/1 of shape (n,) when `p` has shape (n,); integer class labels (n,)
        or one-hot rows (n, K) when `p` has shape (n, K).
    p : array_like
        Probabilities of class 1, shape (n,), in [0, 1]; or rows of shape (n, K) in [0, 1]
        summing to 1 (within 1e-6). Note that a two-column `p` gives twice the binary score.
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-example scores.

    Returns
    -------
    float or ndarray
        The score, or the per-example scores (shape (n,)) for ``reduction="none"``.

    Raises
    ------
    ValueError
        Shapes differ, labels not 0/1 (binary) or not valid class labels, `p` outside
        [0, 1], rows not summing to 1, NaN or inf, or an unknown `reduction`.
    TypeError
        Non-numeric input.

    Notes
    -----
    The binary form equals ``sklearn.metrics.brier_score_loss``. It is the mean squared error
    of lecture 02 applied to probabilities.

    Examples
    --------
    >>> brier_score([1, 0, 1, 0], [0.5, 0.25, 1.0, 0.0])
    0.078125
    >>> brier_score([0, 2], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    0.1
    """
    y, p, multiclass = _binary_or_rows(y_true, p, "p", probabilities=True)
    if not multiclass:
        return K.reduce_loss(K.squared_error, reduction, {"y_true": y, "p": p}, checked=True)
    q = np.zeros_like(p)
    q[np.arange(p.shape[0]), y] = 1.0
    per_example = np.sum((p - q) ** 2, axis=1)
    return K.reduce_loss(K.identity, reduction, {"p": per_example}, checked=True)


class ReliabilityCurve(NamedTuple):
    """The non-empty bins of a reliability diagram (see :func:`reliability_curve`)."""

    confidence: np.ndarray  #: mean predicted probability in each bin
    accuracy: np.ndarray  #: observed frequency (binary) or share correct (multi-class)
    count: np.ndarray  #: number of examples in each bin


_BIN_PARAMS = {"n_bins": ARRAY_SIZE, "strategy": StrOptions(("uniform", "quantile"))}


def _confidence_and_hits(y_true, p):
    y, p, multiclass = _binary_or_rows(y_true, p, "p", probabilities=True)
    if multiclass:
        return p.max(axis=1), (p.argmax(axis=1) == y).astype(float)
    return p, y


def _bin_statistics(confidence, hits, n_bins, strategy):
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    else:
        edges = np.percentile(confidence, np.linspace(0.0, 100.0, n_bins + 1))
    # bins [e_0, e_1), [e_1, e_2), ..., [e_{B-1}, e_B], as np.histogram; scikit-learn's
    # calibration_curve closes them on the right instead (side="left"): only values exactly on
    # an inner edge land differently
    index = np.searchsorted(edges[1:-1], confidence, side="right")
    count = np.bincount(index, minlength=n_bins)
    conf_sum = np.bincount(index, weights=confidence, minlength=n_bins)
    hit_sum = np.bincount(index, weights=hits, minlength=n_bins)
    full = count > 0
    return conf_sum[full] / count[full], hit_sum[full] / count[full], count[full]


def reliability_curve(y_true, p, *, n_bins=10, strategy="uniform"):
    r"""The points of a reliability diagram: per bin, mean confidence against observed accuracy.

    The examples are grouped by their predicted probability into `n_bins` bins. For each
    non-empty bin, holding $n_{\text{bin}}$ examples,

    .. math::
        \mathrm{conf}(\text{bin}) = \frac{1}{n_{\text{bin}}}\sum_{i \in \text{bin}} c_i, \qquad
        \mathrm{acc}(\text{bin}) = \frac{1}{n_{\text{bin}}}\sum_{i \in \text{bin}} h_i

    where, for a binary `p` (probability of class 1), $c_i = p_i$ and $h_i = y_i$ (the
    observed frequency of class 1, as in ``sklearn.calibration.calibration_curve``); for
    rows `p` of shape (n, K), $c_i = \max_k p_{ik}$ and $h_i = [\arg\max_k p_{ik} = y_i]$
    (the top-label curve). A calibrated model has $\mathrm{acc} \approx \mathrm{conf}$ in
    every bin: its points lie on the diagonal.

    Parameters
    ----------
    y_true : array_like
        Binary labels 0/1 (with a 1-D `p`), or class labels / one-hot rows (with a 2-D `p`).
    p : array_like
        Probabilities of class 1, shape (n,); or probability rows of shape (n, K).
    n_bins : int, default 10
        Number of bins, from 1 to 1,000,000.
    strategy : {"uniform", "quantile"}, default "uniform"
        "uniform": equal-width bins $[0, 0.1), [0.1, 0.2), \dots, [0.9, 1]$ for 10 bins (each
        bin closed on the left, the last one also on the right, as ``np.histogram``;
        ``sklearn.calibration.calibration_curve`` closes its bins on the right, so a probability
        exactly on an inner edge, such as 0.1, lands one bin lower there). "quantile": edges at the
        quantiles of the confidences, so the bins hold about equally many examples.

    Returns
    -------
    ReliabilityCurve
        Named tuple ``(confidence, accuracy, count)`` of arrays, one entry per **non-empty**
        bin, in increasing order of confidence bins.

    Raises
    ------
    ValueError
        Invalid labels or probabilities (see :func:`brier_score`), `n_bins` not an integer
        in [1, 1000000], or an unknown `strategy`.
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> curve = reliability_curve([0, 0, 1, 1, 1], [0.1, 0.3, 0.35, 0.8, 0.9], n_bins=2)
    >>> curve.confidence.round(3).tolist(), curve.accuracy.round(3).tolist(), curve.count.tolist()
    ([0.25, 0.85], [0.333, 1.0], [3, 2])
    """
    n_bins, strategy = check_params(_BIN_PARAMS, n_bins=n_bins, strategy=strategy)
    confidence, hits = _confidence_and_hits(y_true, p)
    return ReliabilityCurve(*_bin_statistics(confidence, hits, n_bins, strategy))


def expected_calibration_error(y_true, p, *, n_bins=10, strategy="uniform"):
    r"""Expected calibration error (ECE): the count-weighted gap of the reliability diagram.

    With the bins of :func:`reliability_curve` (empty bins contribute nothing),

    .. math::
        \mathrm{ECE} = \sum_{\text{bins}} \frac{n_{\text{bin}}}{n}\,
        \big|\mathrm{acc}(\text{bin}) - \mathrm{conf}(\text{bin})\big|

    0 means that, bin by bin, the predicted probabilities match the observed frequencies.
    The value depends on the binning (`n_bins`, `strategy`), so always state it. ECE is a
    diagnostic, not a proper scoring rule: predicting the base rate for every example has an
    ECE near 0 and is useless for ranking.

    Parameters
    ----------
    y_true : array_like
        Binary labels 0/1 (with a 1-D `p`), or class labels / one-hot rows (with a 2-D `p`).
    p : array_like
        Probabilities of class 1, shape (n,) (the class-1 ECE); or probability rows of shape
        (n, K) (the top-label ECE, with the confidence $\max_k p_{ik}$).
    n_bins : int, default 10
        Number of bins, from 1 to 1,000,000.
    strategy : {"uniform", "quantile"}, default "uniform"
        Equal-width bins or equal-count bins (see :func:`reliability_curve`).

    Returns
    -------
    float
        In [0, 1].

    Raises
    ------
    ValueError
        Invalid labels or probabilities, `n_bins` not an integer in [1, 1000000],
        unknown `strategy`.
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> round(expected_calibration_error([0, 0, 1, 1, 1], [0.1, 0.3, 0.35, 0.8, 0.9],
    ...                                  n_bins=2), 4)
    0.11
    """
    curve = reliability_curve(y_true, p, n_bins=n_bins, strategy=strategy)
    weights = curve.count / curve.count.sum()
    return float(np.sum(weights * np.abs(curve.accuracy - curve.confidence)))
