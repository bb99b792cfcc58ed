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

from lossedu import _kernels as K
from lossedu._validation import _binary_or_rows

__all__ = ["fit_temperature"]


def _logits_and_labels(y_true, z):
    """Binary labels and logits (n,), or class labels and rows of logits (n, K)."""
    return _binary_or_rows(y_true, z, "z", probabilities=False)


def _slope(beta, y, z, multiclass):
    r"""d/dβ of the mean log loss of the logits β·z (β = 1/T); increasing in β (convex loss)."""
    with K.quiet():  # the logits are checked and scaled to |z| < 1 (see fit_temperature)
        if multiclass:
            p = K.softmax(beta * z, axis=1)
            return float(np.mean(np.sum(p * z, axis=1) - z[np.arange(z.shape[0]), y]))
        return float(np.mean((K.sigmoid(beta * z) - y) * z))


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

    def mistakes(z):  # examples on the wrong side (compared, not subtracted: no overflow)
        if multiclass:
            others = np.where(np.arange(z.shape[1]) == y[:, None], -np.inf, z)
            return z[np.arange(z.shape[0]), y] < others.max(axis=1)
        return np.where(y == 1.0, z < 0.0, z > 0.0)

    if not mistakes(z).any():
        raise ValueError(
            "z puts every example on its correct side (no mistake), so the log loss of z / T "
            "keeps falling as T -> 0: no finite temperature to fit"
        )
    # z / T = (beta * 2**e) * (z / 2**e): with the logits scaled into |z| < 1 (exact), nothing
    # overflows for logits near 1e308, and beta is found for the scaled logits
    e = max(K.scale_exponent(z), 0)
    z = np.ldexp(z, -e)
    if not mistakes(z).any():  # the mistakes' logits underflowed to 0 when scaled
        raise ValueError(
            "z: the logits of the mistakes are below 1e-308 times the largest logit, so the "
            "best temperature is beyond the float range"
        )
    if _slope(0.0, y, z, multiclass) >= 0.0:
        raise ValueError(
            "z does not favour the true labels on average, so the log loss of z / T is smallest "
            "as T grows without bound (or for a negative T): no temperature to fit"
        )
    low, high = 1.0, 1.0
    while _slope(high, y, z, multiclass) < 0.0:  # a mistake makes the slope positive eventually
        low, high = high, 2.0 * high
    while low > 0.0 and _slope(low, y, z, multiclass) >= 0.0:  # a bracket [low, high] ...
        high, low = low, 0.5 * low  # ... with low > 0, for a relative tolerance on beta
    beta = brentq(_slope, low, high, args=(y, z, multiclass), xtol=max(low * 1e-14, 5e-324),
                  rtol=1e-13)
    with K.quiet():
        temperature = float(np.ldexp(1.0 / beta, e))  # T = 2**e / beta
    if temperature == np.inf:
        raise ValueError("z: the best temperature is beyond the float range (above 1.8e308)")
    return temperature
