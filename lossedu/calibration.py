r"""Temperature scaling: one number that recalibrates a classifier's probabilities (notebook 09).

A trained classifier's logits $z$ are divided by a temperature $T > 0$: the probabilities become
$\sigma(z / T)$ (binary) or $\mathrm{softmax}(z / T)$ (multi-class). $T > 1$ softens
over-confident predictions, $T < 1$ sharpens under-confident ones. Dividing by a positive number
keeps the sign of every binary logit, so the predicted labels, the accuracy and the ranking of the
examples by $p$ do not change, only the confidence does. With $K$ classes it keeps the order
within every row of logits, so the predicted labels and the accuracy stay, but the ranking of the
examples by one class's probability can change.
$T$ is fitted on a **validation** split (never the test set, never the training set the model
was fitted on) by minimising the log loss.
"""

import numpy as np

from lossedu._validation import _binary_or_rows
from lossedu.losses import sigmoid, softmax

__all__ = ["fit_temperature"]


def _logits_and_labels(y_true, z):
    """Binary labels and logits (n,), or class labels and rows of logits (n, K)."""
    return _binary_or_rows(y_true, z, "z", probabilities=False)


def _slope(beta, y, z, multiclass):
    r"""d/dβ of the mean log loss of the logits β·z (β = 1/T); increasing in β (convex loss)."""
    if multiclass:
        p = softmax(beta * z, axis=1)
        return float(np.mean(np.sum(p * z, axis=1) - z[np.arange(z.shape[0]), y]))
    return float(np.mean((sigmoid(beta * z) - y) * z))


def fit_temperature(y_true, z):
    r"""The temperature $T$ that minimises the log loss of ``z / T`` on the given data.

    Binary (`z` of shape (n,)) and multi-class (`z` of shape (n, K)):

    .. math::
        T^\star = \arg\min_{T > 0} -\frac{1}{n}\sum_i \ln \sigma\!\big(\tilde y_i z_i / T\big)
        \quad\text{or}\quad
        \arg\min_{T > 0} -\frac{1}{n}\sum_i \ln \mathrm{softmax}(z_i / T)_{y_i}

    With $\beta = 1/T$ the loss is the log loss of a one-weight logistic model without
    intercept, so it is convex in $\beta$; its slope is
    $\frac1n\sum_i(\sigma(\beta z_i) - y_i)\,z_i$ (binary) and the minimiser is the root of
    that slope, found by bracketing and Brent's method (``scipy.optimize.brentq``).

    Parameters
    ----------
    y_true : array_like
        Binary labels 0/1, shape (n,), with binary logits; class labels (n,) or one-hot rows
        (n, K) with logits of shape (n, K).
    z : array_like
        Logits (scores before the sigmoid or softmax) of the **validation** examples.

    Returns
    -------
    float
        $T^\star > 0$. Apply it as ``sigmoid(z / T)`` or ``softmax(z / T, axis=1)``.

    Raises
    ------
    ValueError
        Invalid shapes or labels, NaN or inf; or no finite positive minimiser exists: no
        example is on the wrong side (the loss keeps falling as $T \to 0$), or the logits
        carry no information in the right direction (the best $T$ is infinite or negative).
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> round(fit_temperature([1, 0, 1, 0, 1], [4.0, -6.0, 3.0, 5.0, -2.0]), 3)
    7.213
    """
    from scipy.optimize import brentq

    y, z, multiclass = _logits_and_labels(y_true, z)
    if _slope(0.0, y, z, multiclass) >= 0.0:
        raise ValueError(
            "z does not favour the true labels on average, so the log loss of z / T is smallest "
            "as T grows without bound (or for a negative T): no temperature to fit"
        )
    if multiclass:
        rows = np.arange(z.shape[0])
        others = np.where(np.arange(z.shape[1]) == y[:, None], -np.inf, z)
        margin = z[rows, y] - others.max(axis=1)
    else:
        margin = (2.0 * y - 1.0) * z
    if np.all(margin >= 0.0):
        raise ValueError(
            "z puts every example on its correct side (no mistake), so the log loss of z / T "
            "keeps falling as T -> 0: no finite temperature to fit"
        )
    high = 1.0
    while _slope(high, y, z, multiclass) < 0.0:  # a mistake makes the slope positive eventually
        high *= 2.0
    beta = brentq(_slope, 0.0, high, args=(y, z, multiclass), xtol=1e-14, rtol=1e-13)
    return float(1.0 / beta)
