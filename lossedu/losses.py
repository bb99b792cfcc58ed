r"""Loss functions of the course, each with a gradient twin.

Regression: :func:`mse`, :func:`mae`, :func:`huber`.
Binary classification: :func:`binary_cross_entropy` (from probabilities),
:func:`binary_cross_entropy_with_logits` (from scores), :func:`hinge`.
Multi-class: :func:`cross_entropy` (from probabilities), :func:`softmax_cross_entropy`
(from scores). Helpers: :func:`sigmoid`, :func:`softmax`, :func:`log_softmax`.
Probabilistic view (lecture 06): :func:`pinball` (quantile loss), :func:`gaussian_nll`
(Gaussian negative log-likelihood with a predicted variance).

Conventions shared by every loss
--------------------------------
* ``reduction="mean"`` (default) returns the average loss as a float, ``"sum"`` the total,
  ``"none"`` the array of per-sample losses.
* ``<name>_grad(y_true, pred)`` returns the gradient of the **mean** loss with respect to the
  prediction argument (same shape as ``pred``); that is why it contains a ``1/n``.
* Inputs may be lists or numpy arrays; float32 and integers are converted to float64.
  Bad input (wrong shape, NaN, labels outside the allowed set, ...) raises a ``ValueError`` or
  ``TypeError`` whose message starts with the argument's name. A hyperparameter (``delta``,
  ``eps``, ``quantile``, ``reduction``, ...) outside its declared range raises
  ``InvalidParameterError``, which is both (booleans and strings such as ``"0.5"`` are refused
  where a number is expected).
* Finite inputs never give NaN or a warning: a loss whose true value is beyond the largest
  double (1.8e308) is ``inf``, and a representable mean is returned even where an
  intermediate sum, a residual or a per-sample loss overflows
  (``lossedu._kernels.reduce_loss`` states the contract).
* Binary labels are 0 or 1 (``hinge`` also accepts -1/+1). Multi-class labels are integer class
  indices of shape (n,) or one-hot rows of shape (n, K).

The code follows the textbook formulas. Where the textbook formula loses accuracy in floating
point (``log(1 - sigmoid(z))`` is ``-inf`` for z >= 37; ``exp(1000)`` overflows) the Notes of the
function explain the equivalent, stable form we use instead.
"""

from numbers import Real

import numpy as np

from lossedu import _kernels as K
from lossedu._validation import (
    NONNEGATIVE,
    POSITIVE,
    REDUCTION,
    UNIT,
    Boolean,
    Interval,
    NoneOr,
    StrOptions,
    _as_float,
    _axis,
    _binary_probabilities,
    _binary_scores,
    _check_finite,
    _check_positive,
    _class_indices,
    _class_labels,
    _finite_pair,
    _pair,
    _probability_rows,
    _same_shape,
    _scores_2d,
    check_params,
)

__all__ = [
    "mse", "mse_grad", "mae", "mae_grad", "huber", "huber_grad",
    "binary_cross_entropy", "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits_grad",
    "cross_entropy", "cross_entropy_grad", "softmax_cross_entropy", "softmax_cross_entropy_grad",
    "hinge", "hinge_grad", "sigmoid", "softmax", "log_softmax",
    "pinball", "pinball_grad", "gaussian_nll", "gaussian_nll_grad",
]  # fmt: skip

# Every loss below follows one pattern: check the hyperparameters against their declared
# constraints (check_params), check the arrays with the preamble of their kind
# (lossedu._validation), then hand the per-sample formula to the one reduction path,
# K.reduce_loss, whose docstring states what happens with NaN, inf and overflow.


def mse(y_true, y_pred, reduction="mean"):
    r"""Mean squared error.

    .. math:: \mathrm{MSE} = \frac{1}{n} \sum_{i=1}^{n} (\hat y_i - y_i)^2

    Parameters
    ----------
    y_true : array_like
        Targets, any shape (usually (n,)).
    y_pred : array_like
        Predictions, same shape as `y_true` (no broadcasting: (n, 1) and (n,) is an error).
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" averages over all elements, "sum" adds them, "none" returns
        the per-element squared errors.

    Returns
    -------
    float or ndarray
        The loss (a float), or the array of squared errors for ``reduction="none"``.

    Raises
    ------
    ValueError
        Shapes differ, input is empty, contains NaN or inf, or `reduction` is unknown.
    TypeError
        Input is not numeric.

    Notes
    -----
    Computed as the mean of the squared differences with numpy's pairwise summation (relative
    error about 1e-16 even for 10^7 values), never as ``dot(d, d) / n``, which is faster but
    loses accuracy. float32 input is converted to float64 first. The MSE of residuals c r is
    c² times that of r (``degree=2`` below): where the squares leave the float range (residuals
    near 1e160 or 1e-160) but the mean does not, the residuals are divided by a power of two
    first, which is exact.

    Examples
    --------
    >>> mse([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    1.3333333333333333
    >>> mse([1.0, 2.0, 3.0], [1.0, 2.0, 5.0], reduction="none")
    array([0., 0., 4.])
    """
    y_true, y_pred = _pair(y_true, y_pred, "y_true", "y_pred")
    return K.reduce_loss(K.squared_error, reduction, {"y_true": y_true, "y_pred": y_pred},
                         degree=2)


def mse_grad(y_true, y_pred):
    r"""Gradient of the mean squared error with respect to `y_pred`.

    .. math:: \frac{\partial\,\mathrm{MSE}}{\partial \hat y_i} = \frac{2}{n} (\hat y_i - y_i)

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets and predictions of the same shape.

    Returns
    -------
    ndarray
        Array shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        As for :func:`mse`.

    Examples
    --------
    >>> mse_grad([1.0, 2.0], [2.0, 2.0])
    array([1., 0.])
    """
    y_true, y_pred = _finite_pair(y_true, y_pred)
    with K.quiet():  # 2 (y_pred - y_true) may overflow although the gradient does not
        grad = 2.0 * (y_pred - y_true) / y_true.size
        if not np.isfinite(grad).all():  # there, halve the inputs first (only there: halving
            # would cost the last digits of subnormal gradients elsewhere); inf is still the
            # answer where the true gradient exceeds 1.8e308
            halved = (0.5 * y_pred - 0.5 * y_true) / y_true.size * 4.0
            grad = np.where(np.isfinite(grad), grad, halved)
    return grad


def mae(y_true, y_pred, reduction="mean"):
    r"""Mean absolute error.

    .. math:: \mathrm{MAE} = \frac{1}{n} \sum_{i=1}^{n} |\hat y_i - y_i|

    Parameters
    ----------
    y_true : array_like
        Targets, any shape (usually (n,)).
    y_pred : array_like
        Predictions, same shape as `y_true`.
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-element absolute errors.

    Returns
    -------
    float or ndarray
        The loss, or the per-element absolute errors for ``reduction="none"``.

    Raises
    ------
    ValueError
        Shapes differ, input is empty, contains NaN or inf, or `reduction` is unknown.
    TypeError
        Input is not numeric.

    Notes
    -----
    Summed with numpy's pairwise summation in float64, like :func:`mse`. Where the sum
    overflows but the mean does not (``mae([1e308, -1e308], [0, 0])`` is 1e308), the
    residuals are divided by a power of two first.

    Examples
    --------
    >>> mae([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    0.6666666666666666
    """
    y_true, y_pred = _pair(y_true, y_pred, "y_true", "y_pred")
    return K.reduce_loss(K.absolute_error, reduction, {"y_true": y_true, "y_pred": y_pred},
                         degree=1)


def mae_grad(y_true, y_pred):
    r"""(Sub)gradient of the mean absolute error with respect to `y_pred`.

    .. math:: \frac{\partial\,\mathrm{MAE}}{\partial \hat y_i}
              = \frac{1}{n}\,\mathrm{sign}(\hat y_i - y_i)

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets and predictions of the same shape.

    Returns
    -------
    ndarray
        Array shaped like `y_pred` with values -1/n, 0 or +1/n.

    Raises
    ------
    ValueError, TypeError
        As for :func:`mae`.

    Notes
    -----
    ``|r|`` has no derivative at ``r = 0`` (a kink). We return 0 there, which is a valid
    subgradient (any value in [-1/n, 1/n] is) and the choice ``np.sign`` makes.

    Examples
    --------
    >>> mae_grad([0.0, 0.0, 0.0], [-2.0, 0.0, 3.0])
    array([-0.33333333,  0.        ,  0.33333333])
    """
    y_true, y_pred = _finite_pair(y_true, y_pred)
    # sign(y_pred - y_true) from two comparisons: the difference itself may overflow
    sign = np.subtract(y_pred > y_true, y_pred < y_true, dtype=np.float64)
    return sign / y_true.size


_HUBER_PARAMS = {"delta": POSITIVE}


def huber(y_true, y_pred, delta=1.0, reduction="mean"):
    r"""Huber loss: squared error for small residuals, absolute error for large ones.

    With the residual :math:`r_i = y_i - \hat y_i` (docs/notation.md):

    .. math::

        \ell_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\
                      \delta\,(|r| - \tfrac12\delta) & |r| > \delta \end{cases}

    and the loss is the mean of :math:`\ell_\delta(r_i)`. This is the convention of PyTorch's
    ``HuberLoss``; scikit-learn's ``HuberRegressor`` uses twice it (:math:`r^2` inside), which
    scales the loss but does not move its minimiser. The loss is differentiable once (the
    pieces meet with equal value and slope) but not twice: its curvature jumps from 1 to 0 at
    :math:`|r| = \delta`.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets and predictions of the same shape.
    delta : float, default 1.0
        Where the quadratic part ends (> 0). The two pieces meet with equal value and slope.
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-element losses.

    Returns
    -------
    float or ndarray
        The loss, or the per-element losses for ``reduction="none"``.

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf, ``delta <= 0`` or unknown `reduction`.
    TypeError
        Input is not numeric.

    Notes
    -----
    The code follows the formula, with :math:`\tfrac12 r^2` computed as
    :math:`(\tfrac12 |r|)\,|r|`, which overflows only where the loss itself does. Where a
    residual or a per-element loss is beyond the largest double (1.8e308) but the mean is
    not, the losses are computed divided by a power of two first (exact), using
    :math:`\ell_\delta(r) / c = \tfrac12 |r| \cdot (|r| / c)` or
    :math:`\delta\,(|r| / c - \delta / (2c))`.

    Examples
    --------
    >>> huber([0.0, 0.0], [0.5, 3.0])
    1.3125
    >>> huber([0.0, 0.0], [0.5, 3.0], reduction="none")
    array([0.125, 2.5  ])
    """
    (delta,) = check_params(_HUBER_PARAMS, delta=delta)
    y_true, y_pred = _pair(y_true, y_pred, "y_true", "y_pred")

    def per_sample(y_true, y_pred):  # (0.5 |r|) |r| overflows only where the loss does
        abs_r = np.abs(y_pred - y_true)
        return np.where(abs_r <= delta, (0.5 * abs_r) * abs_r, delta * (abs_r - 0.5 * delta))

    return K.reduce_loss(per_sample, reduction, {"y_true": y_true, "y_pred": y_pred},
                         scaled=lambda k: K.huber_scaled(y_true, y_pred, delta, k))


def huber_grad(y_true, y_pred, delta=1.0):
    r"""Gradient of the mean Huber loss with respect to `y_pred`.

    .. math::

        \frac{\partial L}{\partial \hat y_i} = -\frac{1}{n} \mathrm{clip}(r_i, -\delta, \delta)

    with :math:`r_i = y_i - \hat y_i`: that is :math:`-r_i/n` inside the quadratic zone and
    :math:`\mp\delta/n` outside.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets and predictions of the same shape.
    delta : float, default 1.0
        As in :func:`huber`.

    Returns
    -------
    ndarray
        Array shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        As for :func:`huber`.

    Examples
    --------
    >>> huber_grad([0.0, 0.0], [0.5, 3.0])
    array([0.25, 0.5 ])
    """
    (delta,) = check_params(_HUBER_PARAMS, delta=delta)
    y_true, y_pred = _finite_pair(y_true, y_pred)
    with K.quiet():  # an overflowing y_pred - y_true is +-inf, which the clip turns into +-delta
        return np.clip(y_pred - y_true, -delta, delta) / y_true.size


# --------------------------------------------------------------------------- sigmoid & softmax


def sigmoid(x):
    r"""Logistic sigmoid, computed without overflow.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}

    Parameters
    ----------
    x : array_like or float
        Finite scores (logits).

    Returns
    -------
    float or ndarray
        Values in [0, 1]; a float for scalar input, an array otherwise.

    Raises
    ------
    ValueError
        Empty input, NaN or inf.
    TypeError
        Input is not numeric.

    Notes
    -----
    ``1 / (1 + exp(-x))`` overflows (with a warning) for x < -709. We use the equivalent
    ``exp(x) / (1 + exp(x))`` for negative x, so ``exp`` only ever sees ``-|x| <= 0``.
    This also keeps small values such as sigmoid(-40) = 4.2e-18 accurate. Note that
    sigmoid(x) rounds to exactly 1.0 for x >= 37 in float64, so never compute
    ``log(1 - sigmoid(x))``: use :func:`binary_cross_entropy_with_logits`.

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> sigmoid([-1000.0, 0.0, 1000.0])
    array([0. , 0.5, 1. ])
    """
    arr = _as_float(x, "x")
    _check_finite(arr, "x")
    out = K.sigmoid(arr)
    return float(out) if out.ndim == 0 else out


def _scores_and_axis(x, axis):
    """Checked scores (float64, at least 1-D, finite) and `axis` for softmax/log_softmax."""
    arr = _as_float(x, "x")
    if arr.ndim == 0:
        raise ValueError(
            f"x is a single number ({float(arr)!r}); softmax needs a vector of scores along "
            "`axis`, e.g. [x] (the softmax of one score is [1.0])"
        )
    axis = _axis(axis, arr.ndim)
    _check_finite(arr, "x")
    return arr, axis


def softmax(x, axis=-1):
    r"""Softmax: turns scores into probabilities that sum to 1 along `axis`.

    .. math:: \mathrm{softmax}(x)_k = \frac{e^{x_k}}{\sum_j e^{x_j}}

    Parameters
    ----------
    x : array_like
        Finite scores, e.g. shape (n, K) with one row per sample.
    axis : int, default -1
        The axis holding the classes.

    Returns
    -------
    ndarray
        Probabilities, same shape as `x`.

    Raises
    ------
    ValueError
        Empty input, a single number (0-d; use e.g. ``[x]``), NaN or inf, or `axis` out of
        range.
    TypeError
        Input is not numeric, or `axis` is not an integer.

    Notes
    -----
    Softmax does not change when the same number is subtracted from every score, so we
    subtract the row maximum m first: :math:`e^{x_k - m} / \sum_j e^{x_j - m}`. Every
    exponent is then <= 0, so nothing overflows (the naive softmax of [1000, 1001, 1002]
    is NaN), and the largest term is exactly 1, so the denominator is >= 1.

    Examples
    --------
    >>> softmax([1000.0, 1001.0, 1002.0]).round(4)
    array([0.09  , 0.2447, 0.6652])
    """
    arr, axis = _scores_and_axis(x, axis)
    return K.softmax(arr, axis)


def log_softmax(x, axis=-1):
    r"""Logarithm of the softmax, computed stably.

    .. math:: \log \mathrm{softmax}(x)_k = x_k - \log \sum_j e^{x_j}

    Parameters
    ----------
    x : array_like
        Finite scores, e.g. shape (n, K).
    axis : int, default -1
        The axis holding the classes.

    Returns
    -------
    ndarray
        Log-probabilities (all <= 0), same shape as `x`.

    Raises
    ------
    ValueError
        Empty input, a single number (0-d; use e.g. ``[x]``), NaN or inf, or `axis` out of
        range.
    TypeError
        Input is not numeric, or `axis` is not an integer.

    Notes
    -----
    With m the maximum along `axis` (attained at position a):

    .. math:: \log \mathrm{softmax}(x)_k
              = (x_k - m) - \mathrm{log1p}\Big(\sum_{j \ne a} e^{x_j - m}\Big)

    Shifting by m avoids overflow. Taking the largest term (exactly 1) out of the sum and
    using ``log1p`` keeps tiny values accurate: for [50, 0, 0] the first entry is
    -3.86e-22, while ``log(softmax(x))`` and even ``x - logsumexp(x)`` return exactly 0.
    Finally, ``x_j - m`` is rounded and ``exp`` magnifies that rounding error by up to
    ``|x_j - m|``; the code recovers the error exactly and corrects ``exp`` for it.

    Examples
    --------
    >>> log_softmax([50.0, 0.0, 0.0])
    array([-3.8574997e-22, -5.0000000e+01, -5.0000000e+01])
    """
    arr, axis = _scores_and_axis(x, axis)
    return K.log_softmax(arr, axis)


# --------------------------------------------------------------------------- binary


_BCE_PARAMS = {"eps": NoneOr(Interval(Real, 0, 0.5, closed="neither"))}


def binary_cross_entropy(y_true, p, eps=None, reduction="mean"):
    r"""Binary cross-entropy (log loss) from predicted probabilities.

    .. math:: L = -\frac{1}{n}\sum_i \big[y_i \log p_i + (1 - y_i)\log(1 - p_i)\big]

    Parameters
    ----------
    y_true : array_like
        Labels 0 or 1.
    p : array_like
        Predicted probability of class 1, in [0, 1], same shape as `y_true`.
    eps : float or None, default None
        None (default): no clipping. A confidently wrong prediction (p = 0 for a 1, or
        p = 1 for a 0) gives ``inf``, which is the true value of the loss.
        A number in (0, 0.5): clip `p` to [eps, 1 - eps] first, as scikit-learn's
        ``log_loss`` always does. Clipping has a cost: it caps every per-sample loss at
        -ln(eps) (36.04 for eps = 2.2e-16, the float64 machine epsilon; the cap holds for
        any eps, also where ``1 - eps`` rounds to 1), so a prediction that is certainly
        wrong looks merely bad, the loss is biased downwards, and predictions closer to 0
        or 1 than eps are all scored alike.
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-sample losses.

    Returns
    -------
    float or ndarray
        The loss (may be ``inf``), or the per-sample losses for ``reduction="none"``.

    Raises
    ------
    ValueError
        Labels not 0/1, probabilities outside [0, 1] or NaN, shapes differ, empty input,
        bad `eps` or unknown `reduction`.
    TypeError
        Input is not numeric.

    Notes
    -----
    Per sample only one term is non-zero, so we compute ``-log(p)`` where y = 1 and
    ``-log1p(-p)`` where y = 0. ``log1p(-p)`` is accurate for tiny p (p = 1e-300 gives
    1e-300 where ``log(1 - p)`` gives 0), and ``log(p)`` is accurate for p near 1. ``log(0)``
    is ``-inf`` by design here, so numpy's divide-by-zero warning is silenced.

    Examples
    --------
    >>> binary_cross_entropy([1, 0], [0.9, 0.2])
    0.16425203348601802
    >>> binary_cross_entropy([1], [0.0])
    inf
    >>> round(binary_cross_entropy([1], [0.0], eps=2.0**-52), 2)
    36.04
    """
    (eps,) = check_params(_BCE_PARAMS, eps=eps)
    y_true, p = _binary_probabilities(y_true, p)

    def per_sample(y_true, p):  # log(0) = -inf is the intended answer (no warning)
        if eps is None:
            return np.where(y_true == 1.0, -np.log(p), -np.log1p(-p))
        # 1 - eps is rounded (to exactly 1 for eps < 5.6e-17), so clipping p at 1 - eps
        # would not cap the y = 0 loss -log(1 - p) at -ln(eps): cap it directly
        cap = -np.log(eps)
        return np.where(y_true == 1.0, -np.log(np.clip(p, eps, 1.0 - eps)),
                        np.minimum(-np.log1p(-np.maximum(p, eps)), cap))

    return K.reduce_loss(per_sample, reduction, {"y_true": y_true, "p": p}, checked=True)


def binary_cross_entropy_grad(y_true, p):
    r"""Gradient of the mean binary cross-entropy with respect to the probabilities `p`.

    .. math:: \frac{\partial L}{\partial p_i}
              = \frac{1}{n}\Big(-\frac{y_i}{p_i} + \frac{1 - y_i}{1 - p_i}\Big)

    Parameters
    ----------
    y_true : array_like
        Labels 0 or 1.
    p : array_like
        Probabilities in [0, 1], same shape.

    Returns
    -------
    ndarray
        Array shaped like `p`; ``-inf`` / ``+inf`` where the loss is infinite.

    Raises
    ------
    ValueError, TypeError
        As for :func:`binary_cross_entropy`.

    Notes
    -----
    As in the loss, only the term of the true label is computed (``-1/p`` for y = 1,
    ``1/(1 - p)`` for y = 0), so no ``0 * inf = NaN`` appears. Without clipping, this
    gradient is unbounded near the wrong end; in practice use
    :func:`binary_cross_entropy_with_logits_grad`, whose gradient is ``sigmoid(z) - y``.

    Examples
    --------
    >>> binary_cross_entropy_grad([1, 0], [0.5, 0.5])
    array([-1.,  1.])
    """
    y_true, p = _binary_probabilities(y_true, p)
    n = p.size  # 1 / (n p), not (1 / p) / n: 1 / p overflows for p < 5.6e-309 where 1 / (n p)
    # may not; p + 0.0 turns -0.0 into 0.0, so that p = -0.0 gives -inf like 0.0, not +inf
    with K.quiet():
        return np.where(y_true == 1.0, -1.0 / ((p + 0.0) * n), 1.0 / ((1.0 - p) * n))


def binary_cross_entropy_with_logits(y_true, z, reduction="mean"):
    r"""Binary cross-entropy computed from scores (logits), where p = sigmoid(z).

    .. math:: L = \frac{1}{n}\sum_i \big[\max(z_i, 0) - y_i z_i + \log(1 + e^{-|z_i|})\big]

    which equals :math:`-\frac1n\sum_i [y_i \log\sigma(z_i) + (1 - y_i)\log(1 - \sigma(z_i))]`.

    Parameters
    ----------
    y_true : array_like
        Labels 0 or 1.
    z : array_like
        Finite real scores, same shape as `y_true`.
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-sample losses.

    Returns
    -------
    float or ndarray
        The loss, or the per-sample losses for ``reduction="none"``.

    Raises
    ------
    ValueError
        Labels not 0/1, NaN or inf in `z`, shapes differ, empty input or unknown `reduction`.
    TypeError
        Input is not numeric.

    Notes
    -----
    The textbook route, ``log(sigmoid(z))`` and ``log(1 - sigmoid(z))``, fails in float64:
    sigmoid(z) is exactly 1.0 for z >= 37, so ``log(1 - sigmoid(40))`` is ``-inf``. Using
    :math:`\log\sigma(z) = -\log(1 + e^{-z})` and splitting on the sign of z gives the form
    above: ``exp`` only sees ``-|z| <= 0`` (no overflow) and ``log1p`` keeps tiny losses
    such as 4.248e-18 (z = 40, y = 1) accurate to the last digit. The result is exactly 0
    only when the true loss is below the smallest positive double (|z| > 745).
    (``log1p`` is evaluated by a faster, equally accurate private helper, ``_kernels.log1p``.)

    Examples
    --------
    >>> binary_cross_entropy_with_logits([1, 0], [2.0, -1.0])
    0.2200948492805977
    >>> binary_cross_entropy_with_logits([1], [40.0])
    4.248354255291589e-18
    """
    y_true, z = _binary_scores(y_true, z, finite=False)  # NaN/inf: found by reduce_loss
    return K.reduce_loss(K.bce_with_logits, reduction, {"y_true": y_true, "z": z},
                         parallel=True)


def binary_cross_entropy_with_logits_grad(y_true, z):
    r"""Gradient of the mean binary cross-entropy with respect to the logits `z`.

    .. math:: \frac{\partial L}{\partial z_i} = \frac{1}{n}\big(\sigma(z_i) - y_i\big)

    Parameters
    ----------
    y_true : array_like
        Labels 0 or 1.
    z : array_like
        Finite scores, same shape.

    Returns
    -------
    ndarray
        Array shaped like `z`, values in [-1/n, 1/n].

    Raises
    ------
    ValueError, TypeError
        As for :func:`binary_cross_entropy_with_logits`.

    Notes
    -----
    For y = 1 the textbook ``sigmoid(z) - 1`` is exactly 0 once sigmoid(z) rounds to 1
    (z >= 37). We use the identity :math:`\sigma(z) - 1 = -\sigma(-z)` for y = 1, which keeps
    tiny gradients accurate: at z = 40 it is -4.248e-18 / n, not 0.

    Examples
    --------
    >>> binary_cross_entropy_with_logits_grad([1, 0], [0.0, 0.0])
    array([-0.25,  0.25])
    >>> binary_cross_entropy_with_logits_grad([1], [40.0])
    array([-4.24835426e-18])
    """
    y_true, z = _binary_scores(y_true, z)
    return np.where(y_true == 1.0, -K.sigmoid(-z), K.sigmoid(z)) / z.size


def hinge(y_true, scores, reduction="mean"):
    r"""Hinge loss (the loss of linear support vector machines).

    With labels :math:`t_i \in \{-1, +1\}`:

    .. math:: L = \frac{1}{n}\sum_i \max(0,\ 1 - t_i s_i)

    Parameters
    ----------
    y_true : array_like
        Labels in {0, 1} or in {-1, +1}; 0 is treated as -1.
    scores : array_like
        Finite real scores (positive means class 1), same shape.
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-sample losses.

    Returns
    -------
    float or ndarray
        The loss, or the per-sample losses for ``reduction="none"``.

    Raises
    ------
    ValueError
        Labels outside {0, 1} and {-1, +1} (or mixing 0 and -1), NaN or inf, shapes differ,
        empty input or unknown `reduction`.
    TypeError
        Input is not numeric.

    Examples
    --------
    >>> hinge([1, 0, 1], [2.0, -0.5, 0.25])
    0.4166666666666667
    >>> hinge([1, -1, 1], [2.0, -0.5, 0.25], reduction="none")
    array([0.  , 0.5 , 0.75])
    """
    t, scores = _binary_scores(y_true, scores, "scores", signed=True)

    def per_sample(t, scores):
        return np.maximum(0.0, 1.0 - t * scores)

    # max(0, .) would turn scores = -inf * t into 0: the scores were checked above
    return K.reduce_loss(per_sample, reduction, {"y_true": t, "scores": scores}, checked=True)


def hinge_grad(y_true, scores):
    r"""(Sub)gradient of the mean hinge loss with respect to `scores`.

    .. math:: \frac{\partial L}{\partial s_i} = \begin{cases} -t_i / n & t_i s_i < 1 \\
              0 & t_i s_i \ge 1 \end{cases}

    Parameters
    ----------
    y_true : array_like
        Labels in {0, 1} or {-1, +1}.
    scores : array_like
        Finite scores, same shape.

    Returns
    -------
    ndarray
        Array shaped like `scores`.

    Raises
    ------
    ValueError, TypeError
        As for :func:`hinge`.

    Notes
    -----
    At the kink :math:`t_i s_i = 1` the hinge has no derivative; we return 0 there (any
    value between -t/n and 0 is a valid subgradient).

    Examples
    --------
    >>> hinge_grad([1, 0], [0.5, -3.0])
    array([-0.5,  0. ])
    """
    t, scores = _binary_scores(y_true, scores, "scores", signed=True)
    return np.where(t * scores < 1.0, -t, 0.0) / scores.size


# --------------------------------------------------------------------------- multi-class


_RAW_SCORES_HINT = " (use softmax_cross_entropy for raw scores)"


def cross_entropy(y_true, p, reduction="mean"):
    r"""Multi-class cross-entropy from predicted probabilities.

    .. math:: L = -\frac{1}{n}\sum_i \log p_{i, y_i}

    the mean negative log-probability given to the true class.

    Parameters
    ----------
    y_true : array_like
        Integer class labels of shape (n,) in 0..K-1, or one-hot rows of shape (n, K).
    p : array_like
        Probabilities of shape (n, K); each row in [0, 1] and summing to 1 (within 1e-6).
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-sample losses.

    Returns
    -------
    float or ndarray
        The loss (``inf`` if a true class has probability 0), or the per-sample losses.

    Raises
    ------
    ValueError
        Bad labels (class index >= K, negative, not an integer, row not one-hot), `p` not of
        shape (n, K), outside [0, 1], rows not summing to 1, NaN, or unknown `reduction`.
    TypeError
        Input is not numeric.

    Notes
    -----
    No clipping: p = 0 for the true class gives ``inf`` (without a warning), the true
    value. For scores, use :func:`softmax_cross_entropy`, which is more accurate than
    ``cross_entropy(y, softmax(scores))``.

    Examples
    --------
    >>> cross_entropy([0, 2], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    0.2899092476264711
    """
    p = _probability_rows(p, hint=_RAW_SCORES_HINT)
    k = _class_labels(y_true, p, "p")
    p_true = p[np.arange(p.shape[0]), k]  # the probability given to the true class

    def per_sample(p_true):  # log(0) = -inf is the intended answer (no warning)
        return -np.log(p_true)

    return K.reduce_loss(per_sample, reduction, {"p": p_true}, checked=True)


def cross_entropy_grad(y_true, p):
    r"""Gradient of the mean cross-entropy with respect to the probabilities `p`.

    .. math:: \frac{\partial L}{\partial p_{ij}} = -\frac{[j = y_i]}{n\,p_{ij}}

    Parameters
    ----------
    y_true : array_like
        Integer labels (n,) or one-hot (n, K).
    p : array_like
        Probabilities of shape (n, K).

    Returns
    -------
    ndarray
        Shape (n, K): zero except at the true class of each row.

    Raises
    ------
    ValueError, TypeError
        As for :func:`cross_entropy`.

    Notes
    -----
    This treats the K probabilities as free numbers (it ignores that rows sum to 1).
    The gradient with respect to the scores, through softmax, is far simpler:
    see :func:`softmax_cross_entropy_grad`.

    Examples
    --------
    >>> cross_entropy_grad([1], [[0.5, 0.25, 0.25]])
    array([[ 0., -4.,  0.]])
    """
    p = _probability_rows(p, hint=_RAW_SCORES_HINT)
    k = _class_labels(y_true, p, "p")
    rows = np.arange(p.shape[0])
    grad = np.zeros_like(p)
    with K.quiet():
        grad[rows, k] = -1.0 / ((p[rows, k] + 0.0) * p.shape[0])  # + 0.0: -0.0 gives -inf too
    return grad


_SMOOTHING_PARAMS = {"label_smoothing": UNIT}


def softmax_cross_entropy(y_true, logits, reduction="mean", *, label_smoothing=0.0):
    r"""Multi-class cross-entropy computed from scores (logits), p = softmax(logits).

    .. math:: L = \frac{1}{n}\sum_i \Big(\log\sum_j e^{x_{ij}} - x_{i, y_i}\Big)

    With label smoothing :math:`\varepsilon` the target of row i is the distribution
    :math:`q_i = (1 - \varepsilon)\,\text{one-hot}(y_i) + \varepsilon / K` and the loss is the
    cross-entropy :math:`-\frac1n \sum_i \sum_k q_{ik} \log p_{ik}` (PyTorch's
    ``CrossEntropyLoss(label_smoothing=...)`` uses the same target).

    Parameters
    ----------
    y_true : array_like
        Integer class labels (n,) in 0..K-1, or one-hot rows (n, K).
    logits : array_like
        Finite scores of shape (n, K).
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-sample losses.
    label_smoothing : float, default 0.0
        :math:`\varepsilon` in [0, 1] (keyword only): the weight moved from the true class
        to the uniform distribution over all K classes (the true class keeps
        :math:`1 - \varepsilon + \varepsilon / K`).

    Returns
    -------
    float or ndarray
        The loss, or the per-sample losses for ``reduction="none"``.

    Raises
    ------
    ValueError
        Bad labels, `logits` not of shape (n, K), NaN or inf, unknown `reduction`, or
        `label_smoothing` outside [0, 1].
    TypeError
        Input is not numeric.

    Notes
    -----
    Per row, with m the largest score (at position a) and k the true class:

    .. math:: \ell = (m - x_k) + \mathrm{log1p}\Big(\sum_{j \ne a} e^{x_j - m}\Big)

    i.e. ``-log_softmax(x)[k]``. No exponent is positive, so nothing overflows (rows like
    [1000, 0, -1000] are fine), and leaving the largest term out of the sum keeps tiny
    losses: [50, 0, 0] with class 0 gives 3.86e-22, where ``-log(softmax(x)[0])`` gives 0.

    Examples
    --------
    >>> softmax_cross_entropy([0, 2], [[2.0, 1.0, 0.0], [0.0, 0.0, 3.0]])
    0.2512644604326706
    >>> softmax_cross_entropy([0], [[50.0, 0.0, 0.0]])
    3.8574996959278356e-22

    With label smoothing, over-confident logits are penalised: the target keeps 0.1 / 3 on
    each wrong class, which gets probability about e^-50 here.

    >>> round(softmax_cross_entropy([0], [[50.0, 0.0, 0.0]], label_smoothing=0.1), 4)
    3.3333
    """
    (eps_ls,) = check_params(_SMOOTHING_PARAMS, label_smoothing=label_smoothing)
    x = _scores_2d(logits, "logits")
    k = _class_labels(y_true, x, "logits")
    with K.quiet():  # -inf where x_j - m overflows (a spread above 1.8e308): the loss is inf
        log_p = K.log_softmax(x, axis=1)
        per_sample = -log_p[np.arange(x.shape[0]), k]
        if eps_ls > 0.0:
            # -sum_k q_k log p_k with q = (1 - eps) one-hot + eps / K
            uniform = -log_p.mean(axis=1)
            if not np.isfinite(uniform).all():  # the sum overflowed: sum log p / K instead
                uniform = -np.sum(log_p / x.shape[1], axis=1)
            per_sample = uniform if eps_ls == 1.0 else \
                (1.0 - eps_ls) * per_sample + eps_ls * uniform

    def scaled(e):  # per_sample / 2**e, where the scores are more than 1.8e308 apart
        target = x[np.arange(x.shape[0]), k]  # the loss is logsumexp(x) - target
        if eps_ls > 0.0:  # sum_k q_k x_k, the score the smoothed target q picks
            target = (1.0 - eps_ls) * target + eps_ls * np.sum(x / x.shape[1], axis=1)
        return K.cross_entropy_scaled(x, target, 1, e)

    return K.reduce_loss(K.identity, reduction, {"logits": per_sample}, scaled=scaled,
                         checked=True)


def softmax_cross_entropy_grad(y_true, logits, *, label_smoothing=0.0):
    r"""Gradient of the mean softmax cross-entropy with respect to the logits.

    .. math:: \frac{\partial L}{\partial x_{ij}}
              = \frac{1}{n}\big(\mathrm{softmax}(x_i)_j - q_{ij}\big),
       \qquad q_{ij} = (1 - \varepsilon)[j = y_i] + \varepsilon / K

    (the one-hot target when ``label_smoothing`` :math:`\varepsilon = 0`).

    Parameters
    ----------
    y_true : array_like
        Integer labels (n,) or one-hot (n, K).
    logits : array_like
        Finite scores of shape (n, K).
    label_smoothing : float, default 0.0
        :math:`\varepsilon` in [0, 1], keyword only; see :func:`softmax_cross_entropy`.

    Returns
    -------
    ndarray
        Shape (n, K); each row sums to 0.

    Raises
    ------
    ValueError, TypeError
        As for :func:`softmax_cross_entropy`.

    Notes
    -----
    At the true class, ``softmax - 1`` cancels to 0 when the softmax rounds to 1. We use
    :math:`\mathrm{softmax}_k - 1 = -\sum_{j \ne k} \mathrm{softmax}_j` instead, so small
    gradients stay accurate (for [50, 0, 0], class 0, it is -3.86e-22 / n, not 0).

    Examples
    --------
    >>> softmax_cross_entropy_grad([0], [[0.0, 0.0]])
    array([[-0.5,  0.5]])
    >>> softmax_cross_entropy_grad([0], [[0.0, 0.0]], label_smoothing=0.2)
    array([[-0.4,  0.4]])
    """
    (eps_ls,) = check_params(_SMOOTHING_PARAMS, label_smoothing=label_smoothing)
    x = _scores_2d(logits, "logits")
    k = _class_labels(y_true, x, "logits")
    rows = np.arange(x.shape[0])
    grad = K.softmax(x, axis=1)
    grad[rows, k] = 0.0
    grad[rows, k] = -grad.sum(axis=1)  # softmax_k - 1, without cancellation
    if eps_ls > 0.0:
        grad -= eps_ls / x.shape[1]   # q puts eps / K on every class ...
        grad[rows, k] += eps_ls       # ... and 1 - eps (not 1) extra on the true class
    return grad / x.shape[0]


# --------------------------------------------------------------------------- probabilistic view


_PINBALL_PARAMS = {"quantile": Interval(Real, 0, 1, closed="neither")}


def _pinball_per_sample(quantile):
    def per_sample(y_true, y_pred):
        r = y_true - y_pred
        return np.maximum(quantile * r, (quantile - 1.0) * r)

    return per_sample


def pinball(y_true, y_pred, *, quantile=0.5, reduction="mean"):
    r"""Pinball (quantile) loss: an asymmetric absolute error whose minimiser is a quantile.

    With the residual :math:`r_i = y_i - \hat y_i` (positive when the prediction is too low)
    and the quantile level :math:`0 < \tau < 1`:

    .. math::

        \ell_\tau(r) = \max\big(\tau\, r,\ (\tau - 1)\, r\big)
                     = \begin{cases} \tau\, r & r \ge 0 \\ (1 - \tau)\,|r| & r < 0 \end{cases}

    and the loss is the mean of :math:`\ell_\tau(r_i)`. A prediction that is too low costs
    :math:`\tau` per unit, one that is too high :math:`1 - \tau`; the best constant prediction
    is a :math:`\tau`-quantile of the targets. At :math:`\tau = 0.5` the loss is half the
    absolute error (the median).

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets and predictions of the same shape (no broadcasting).
    quantile : float, default 0.5
        The quantile level :math:`\tau`, strictly between 0 and 1 (keyword only).
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-element losses (keyword only).

    Returns
    -------
    float or ndarray
        The loss, or the per-element losses for ``reduction="none"``.

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf, `quantile` not in (0, 1), unknown `reduction`.
    TypeError
        Input or `quantile` is not numeric.

    See Also
    --------
    sklearn.metrics.mean_pinball_loss : the same mean loss (argument ``alpha`` is :math:`\tau`).

    Examples
    --------
    >>> pinball([10.0, 10.0], [8.0, 13.0], quantile=0.9)
    1.05
    >>> pinball([10.0, 10.0], [8.0, 13.0], quantile=0.9, reduction="none")
    array([1.8, 0.3])
    """
    (quantile,) = check_params(_PINBALL_PARAMS, quantile=quantile)
    y_true, y_pred = _pair(y_true, y_pred, "y_true", "y_pred")
    return K.reduce_loss(_pinball_per_sample(quantile), reduction,
                         {"y_true": y_true, "y_pred": y_pred}, degree=1)


def pinball_grad(y_true, y_pred, *, quantile=0.5):
    r"""(Sub)gradient of the mean pinball loss with respect to `y_pred`.

    .. math::

        \frac{\partial L}{\partial \hat y_i} = \frac{1}{n} \begin{cases}
            -\tau & \hat y_i < y_i \\ 0 & \hat y_i = y_i \\ 1 - \tau & \hat y_i > y_i
        \end{cases}

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets and predictions of the same shape.
    quantile : float, default 0.5
        As in :func:`pinball`.

    Returns
    -------
    ndarray
        Array shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        As for :func:`pinball`.

    Notes
    -----
    The loss has a kink at :math:`\hat y_i = y_i`; there any value in
    :math:`[-\tau/n, (1 - \tau)/n]` is a subgradient and we return 0, as :func:`mae_grad` does.

    Examples
    --------
    >>> pinball_grad([10.0, 10.0, 10.0, 10.0], [8.0, 13.0, 10.0, 9.0], quantile=0.9)
    array([-0.225,  0.025,  0.   , -0.225])
    """
    (quantile,) = check_params(_PINBALL_PARAMS, quantile=quantile)
    y_true, y_pred = _finite_pair(y_true, y_pred)
    grad = np.where(y_pred < y_true, -quantile, np.where(y_pred > y_true, 1.0 - quantile, 0.0))
    return grad / y_true.size


def _gaussian_arrays(y_true, mean, var):
    y_true, mean = _pair(y_true, mean, "y_true", "mean")
    var = _as_float(var, "var")
    _same_shape(y_true, var, "y_true", "var")
    _check_positive(var, "var")
    return y_true, mean, var


_HALF_LN_2PI = 0.5 * np.log(2.0 * np.pi)  # 0.9189385332046727
_GAUSSIAN_PARAMS = {"full": Boolean()}


def gaussian_nll(y_true, mean, var, *, reduction="mean", full=False):
    r"""Negative log-likelihood of a Gaussian whose mean and variance are both predicted.

    For a target :math:`y_i`, a predicted mean :math:`\hat y_i` and a predicted variance
    :math:`v_i = s_i^2 > 0`:

    .. math::

        \ell_i = \tfrac12 \ln v_i + \frac{(y_i - \hat y_i)^2}{2\, v_i}
                 \;\big[+\ \tfrac12 \ln(2\pi)\ \text{if } \texttt{full}\big]

    and the loss is the mean of :math:`\ell_i`, in nats. With ``full=True`` it is exactly
    :math:`-\ln` of the normal density :math:`\mathcal N(y_i;\ \hat y_i, v_i)`; by default the
    constant :math:`\tfrac12\ln(2\pi) \approx 0.919` is left out, as in PyTorch's
    ``GaussianNLLLoss(full=False)``. The constant changes no minimiser and no gradient.

    The loss is **not** bounded below by 0: a density can exceed 1, so a confident, accurate
    prediction (small :math:`v_i`, small residual) has a negative loss.

    Parameters
    ----------
    y_true : array_like
        Targets.
    mean : array_like
        Predicted means :math:`\hat y_i`, same shape as `y_true`.
    var : array_like
        Predicted variances :math:`v_i` (not standard deviations), same shape, every value > 0.
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-element losses (keyword only).
    full : bool, default False
        Add the constant :math:`\tfrac12 \ln(2\pi)` (keyword only).

    Returns
    -------
    float or ndarray
        The loss, or the per-element losses for ``reduction="none"``.

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf, a variance <= 0, unknown `reduction`.
    TypeError
        Input is not numeric, or `full` is not a bool.

    Notes
    -----
    Unlike PyTorch, which silently clamps the variance at ``eps=1e-6``, a variance <= 0 is an
    error here: the loss is not defined there. The code writes the second term as
    :math:`\tfrac12 (r_i / s_i)^2` with :math:`s_i = \sqrt{v_i}`: ``r * r`` alone would
    overflow for residuals above 1.3e154 even where the loss is an ordinary number.
    With a constant variance :math:`v` the loss is
    :math:`\mathrm{MSE}/(2v) + \tfrac12 \ln v`, so the mean that minimises it is the
    least-squares one, whatever :math:`v`.

    Examples
    --------
    >>> gaussian_nll([1.0, 2.0], [1.0, 0.0], [1.0, 4.0])
    0.5965735902799727
    >>> round(gaussian_nll([0.0], [0.0], [0.01], full=True), 4)
    -1.3836
    """
    (full,) = check_params(_GAUSSIAN_PARAMS, full=full)
    y_true, mean, var = _gaussian_arrays(y_true, mean, var)
    constant = _HALF_LN_2PI if full else 0.0

    def per_sample(y_true, mean, var):
        h = (y_true - mean) / np.sqrt(var)  # r / s: r * r / var would overflow for r > 1e154
        return 0.5 * np.log(var) + h * (0.5 * h) + constant

    def scaled(k):  # per_sample / 2**k, for losses above 1.8e308 (lossedu._kernels.reduce_loss)
        j = (k + 1) // 2  # h / 2**j from the inputs / 2**j (exact; their difference is finite)
        h = (np.ldexp(y_true, -j) - np.ldexp(mean, -j)) / np.sqrt(var)
        return np.ldexp(0.5 * np.log(var) + constant, -k) + np.ldexp(h * (0.5 * h), 2 * j - k)

    return K.reduce_loss(per_sample, reduction, {"y_true": y_true, "mean": mean, "var": var},
                         scaled=scaled)


def gaussian_nll_grad(y_true, mean, var):
    r"""Gradient of the mean Gaussian NLL with respect to the predicted mean and variance.

    .. math::

        \frac{\partial L}{\partial \hat y_i} = \frac{1}{n}\,\frac{\hat y_i - y_i}{v_i},
        \qquad
        \frac{\partial L}{\partial v_i} = \frac{1}{n}\,\frac{v_i - (y_i - \hat y_i)^2}{2\, v_i^2}

    The constant of ``full=True`` does not change either.

    Parameters
    ----------
    y_true, mean, var : array_like
        As in :func:`gaussian_nll`.

    Returns
    -------
    grad_mean, grad_var : ndarray
        Two arrays shaped like `mean`. The variance gradient is zero where
        :math:`v_i = (y_i - \hat y_i)^2`: the best variance for one example is its squared
        residual.

    Raises
    ------
    ValueError, TypeError
        As for :func:`gaussian_nll`.

    Notes
    -----
    For a model that predicts the log-variance :math:`u_i = \ln v_i` (always a valid variance),
    the chain rule gives :math:`\partial L / \partial u_i = v_i\, \partial L / \partial v_i
    = \frac{1}{2n}\big(1 - (y_i - \hat y_i)^2 / v_i\big)`.

    Examples
    --------
    >>> g_mean, g_var = gaussian_nll_grad([1.0, 2.0], [1.0, 0.0], [1.0, 4.0])
    >>> g_mean
    array([ 0.  , -0.25])
    >>> g_var
    array([0.25, 0.  ])
    """
    y_true, mean, var = _gaussian_arrays(y_true, mean, var)
    _check_finite(y_true, "y_true")
    _check_finite(mean, "mean")
    _check_finite(var, "var")
    n = y_true.size
    with K.quiet():  # inf where a gradient exceeds 1.8e308
        grad_mean = (mean - y_true) / var / n
        if not np.isfinite(grad_mean).all():  # mean - y_true or r / v overflowed: there, halve
            halved = (0.5 * mean - 0.5 * y_true) / n / var * 2.0  # both and divide by n first
            grad_mean = np.where(np.isfinite(grad_mean), grad_mean, halved)
        # (v - r^2) / (2 v^2) written as 1/(2v) - (r/v)^2 / 2: v^2 and r^2 overflow early
        q = (y_true - mean) / var
        grad_var = (0.5 / var - (0.5 * q) * q) / n
        if not np.isfinite(grad_var).all():  # r, (r/v)^2 or the difference overflowed
            grad_var = np.where(np.isfinite(grad_var), grad_var, _nll_var_grad_slowly(
                y_true, mean, var, n))
    return grad_mean, grad_var


def _nll_var_grad_slowly(y_true, mean, var, n):
    """(v - r^2) / (2 v^2 n) where the textbook steps overflow (with numpy's warnings off)."""
    q = (0.5 * y_true - 0.5 * mean) / var * 2.0  # r / v, although r itself may overflow
    grad = (0.5 / n) / var - ((0.5 / n) * q) * q
    # inf - inf for a tiny v: (1 - r^2 / v) / (2 v n), with h = r / sqrt(v)
    h = (0.5 * y_true - 0.5 * mean) / np.sqrt(var) * 2.0
    return np.where(np.isnan(grad), (1.0 - h * h) * (0.5 / n) / var, grad)


# --------------------------------------------------------------------------- deep-learning losses
# focal loss (class imbalance) and the masked sequence cross-entropy; label smoothing is the
# ``label_smoothing`` argument of softmax_cross_entropy above. Taught in notebook 12.

__all__ += [
    "focal_loss", "focal_loss_grad", "sequence_cross_entropy", "sequence_cross_entropy_grad",
]  # fmt: skip


_FOCAL_PARAMS = {"gamma": NONNEGATIVE, "alpha": UNIT}


def _focal_parts(y_true, z, alpha):
    """The pieces shared by the focal loss and its gradient, from checked arrays.

    Returns ``(sign, alpha_t, minus_log_pt, one_minus_pt)`` with sign = 2y - 1, so that
    the signed logit m = sign * z has p_t = sigmoid(m).
    """
    sign = 2.0 * y_true - 1.0
    m = sign * z
    minus_log_pt = K.softplus(-m)      # -log sigmoid(m), never log(0)
    one_minus_pt = K.sigmoid(-m)       # 1 - p_t, accurate even when p_t rounds to 1
    alpha_t = np.where(y_true == 1.0, alpha, 1.0 - alpha)
    return sign, alpha_t, minus_log_pt, one_minus_pt


def focal_loss(y_true, z, *, gamma=2.0, alpha=0.25, reduction="mean"):
    r"""Binary focal loss (Lin et al., 2017) computed from logits, p = sigmoid(z).

    .. math:: \ell_i = -\alpha_t\,(1 - p_t)^{\gamma}\,\ln p_t, \qquad
              p_t = \begin{cases} p_i & y_i = 1\\ 1 - p_i & y_i = 0 \end{cases}, \quad
              \alpha_t = \begin{cases} \alpha & y_i = 1\\ 1 - \alpha & y_i = 0 \end{cases}

    and :math:`L = \frac1n\sum_i \ell_i`. With :math:`\gamma = 0` and :math:`\alpha = 0.5` it is
    half the binary cross-entropy; the factor :math:`(1 - p_t)^\gamma` shrinks the loss of
    well-classified examples (:math:`p_t` near 1) far more than that of badly classified ones.

    Parameters
    ----------
    y_true : array_like
        Labels 0 or 1.
    z : array_like
        Finite logits, same shape as `y_true`.
    gamma : float, default 2.0
        Focusing exponent :math:`\gamma \ge 0` (keyword only).
    alpha : float, default 0.25
        Weight :math:`\alpha \in [0, 1]` of class 1; class 0 gets :math:`1 - \alpha`
        (keyword only). The defaults are the values Lin et al. found best for their detector.
    reduction : {"mean", "sum", "none"}, default "mean"
        How to combine the per-sample losses.

    Returns
    -------
    float or ndarray
        The loss, or the per-sample losses for ``reduction="none"``.

    Raises
    ------
    ValueError
        Labels not 0/1, NaN or inf in `z`, shapes differ, empty input, `gamma` < 0,
        `alpha` outside [0, 1] or unknown `reduction`.
    TypeError
        Input (or `gamma`, `alpha`) is not numeric.

    Notes
    -----
    Write the signed logit :math:`m = (2y - 1) z`, so that :math:`p_t = \sigma(m)`. The code
    never forms :math:`p_t` and takes its log: it uses
    :math:`-\ln p_t = \ln(1 + e^{-m}) = \max(-m, 0) + \mathrm{log1p}(e^{-|m|})` (the
    log-sigmoid of notebook 04, finite for any logit) and :math:`1 - p_t = \sigma(-m)`
    computed by the stable sigmoid, which keeps tiny values such as
    :math:`1 - p_t = 4.2 \times 10^{-18}` at z = 40 that ``1 - sigmoid(40)`` rounds to 0.

    Examples
    --------
    >>> round(focal_loss([1, 0], [2.0, -1.0]), 6)
    0.008722
    >>> round(focal_loss([1, 0], [2.0, -1.0], gamma=0.0, alpha=0.5), 6)  # half the BCE
    0.110047
    """
    gamma, alpha = check_params(_FOCAL_PARAMS, gamma=gamma, alpha=alpha)
    y_true, z = _binary_scores(y_true, z)

    def per_sample(y_true, z):
        _, alpha_t, minus_log_pt, one_minus_pt = _focal_parts(y_true, z, alpha)
        return alpha_t * one_minus_pt**gamma * minus_log_pt

    return K.reduce_loss(per_sample, reduction, {"y_true": y_true, "z": z}, checked=True)


def focal_loss_grad(y_true, z, *, gamma=2.0, alpha=0.25):
    r"""Gradient of the mean focal loss with respect to the logits `z`.

    .. math:: \frac{\partial L}{\partial z_i} = -\frac{\alpha_t\,(2y_i - 1)}{n}\,
              (1 - p_t)^{\gamma}\,\big[\gamma\,p_t\,(-\ln p_t) + (1 - p_t)\big]

    With :math:`\gamma = 0` this is :math:`\alpha_t (p_i - y_i) / n`, the cross-entropy
    gradient times the class weight.

    Parameters
    ----------
    y_true : array_like
        Labels 0 or 1.
    z : array_like
        Finite logits, same shape.
    gamma, alpha : float
        As for :func:`focal_loss` (keyword only).

    Returns
    -------
    ndarray
        Array shaped like `z`.

    Raises
    ------
    ValueError, TypeError
        As for :func:`focal_loss`.

    Notes
    -----
    Derivation: with the margin :math:`m = (2y - 1) z`, :math:`p_t = \sigma(m)` and
    :math:`dp_t/dm = p_t(1 - p_t)`. The product rule gives
    :math:`\frac{d}{dp_t}\big[-(1 - p_t)^\gamma \ln p_t\big] = \gamma(1 - p_t)^{\gamma - 1}\ln p_t
    - (1 - p_t)^\gamma / p_t`; times :math:`p_t(1 - p_t)` this is
    :math:`-(1 - p_t)^\gamma\big[\gamma\,p_t(-\ln p_t) + (1 - p_t)\big]`, and the chain rule
    through :math:`dm/dz = 2y - 1` gives the formula. :math:`1 - p_t`, :math:`p_t` and
    :math:`-\ln p_t` are computed as in :func:`focal_loss`, so no term is ``0 * inf``.

    Examples
    --------
    >>> focal_loss_grad([1, 0], [0.0, 0.0], gamma=0.0, alpha=0.5)
    array([-0.125,  0.125])
    """
    gamma, alpha = check_params(_FOCAL_PARAMS, gamma=gamma, alpha=alpha)
    y_true, z = _binary_scores(y_true, z)
    sign, alpha_t, minus_log_pt, one_minus_pt = _focal_parts(y_true, z, alpha)
    p_t = K.sigmoid(sign * z)
    with K.quiet():
        inner = gamma * p_t * minus_log_pt + one_minus_pt
        grad = -alpha_t * sign * one_minus_pt**gamma * inner
    return grad / z.size


def _sequence_parts(y_true, logits, mask):
    """Checked (N, T, K) logits, (N, T) integer labels (0 at padding) and (N, T) float mask."""
    x = _as_float(logits, "logits")
    if x.ndim != 3:
        raise ValueError(
            f"logits must have shape (n_sequences, n_steps, n_classes); got shape {x.shape}"
        )
    _check_finite(x, "logits")
    n, t, k = x.shape
    y = _as_float(y_true, "y_true")
    if y.shape != (n, t):
        raise ValueError(
            f"y_true has shape {y.shape} but logits has shape {x.shape}; "
            f"expected integer labels of shape ({n}, {t})"
        )
    if mask is None:
        m = np.ones((n, t))
    else:
        m = _as_float(mask, "mask")
        if m.shape != (n, t):
            raise ValueError(f"mask has shape {m.shape}; expected ({n}, {t}) like y_true")
        if not ((m == 0.0) | (m == 1.0)).all():
            raise ValueError(
                f"mask must contain 0 (padding) or 1 (real token); found {_bad_mask(m)}"
            )
    real = m == 1.0
    _check_finite(y, "y_true")
    labels = _class_indices(np.where(real, y, 0.0).ravel(), k).reshape(n, t)
    if not real.any():
        raise ValueError("mask marks no real token; at least one entry must be 1")
    return x, labels, m


def _bad_mask(m):
    return ", ".join(repr(float(v)) for v in np.unique(m[(m != 0.0) & (m != 1.0)])[:5])


_SEQUENCE_PARAMS = {"average": StrOptions(("tokens", "sequences")), "reduction": REDUCTION}


def _token_weights(m, average):
    """Weight of each token in the mean loss: 1/(real tokens) or 1/(N * |s_i|)."""
    if average == "tokens":
        return m / m.sum()
    lengths = m.sum(axis=1)
    if (lengths == 0).any():
        row = int(np.flatnonzero(lengths == 0)[0])
        raise ValueError(
            f"mask row {row} has no real token; average='sequences' needs at least one per row"
        )
    return m / (m.shape[0] * lengths[:, None])


def sequence_cross_entropy(y_true, logits, *, mask=None, average="tokens", reduction="mean"):
    r"""Per-token softmax cross-entropy of sequences, with padding masked out.

    With :math:`\ell_{it} = -\ln \mathrm{softmax}(z_{it})_{y_{it}}` the loss of token t of
    sequence i, :math:`\text{mask}_{it} \in \{0, 1\}` and :math:`|s_i| = \sum_t \text{mask}_{it}`
    (the letter m is the margin in this course):

    .. math:: L_{\text{tokens}} = \frac{\sum_i \sum_t \text{mask}_{it}\,\ell_{it}}{\sum_i |s_i|},
              \qquad
              L_{\text{sequences}} = \frac1N \sum_i \frac{1}{|s_i|}\sum_t \text{mask}_{it}\,
              \ell_{it}

    "tokens" gives every real token the same weight (a long sequence counts more);
    "sequences" gives every sequence the same weight (a token of a short sequence counts
    more). Perplexity is ``exp`` of the "tokens" mean.

    Parameters
    ----------
    y_true : array_like
        Integer labels of shape (N, T); values at padded positions are ignored.
    logits : array_like
        Finite scores of shape (N, T, K).
    mask : array_like, optional
        Shape (N, T): 1 for a real token, 0 for padding (booleans accepted). Default: every
        token is real.
    average : {"tokens", "sequences"}, default "tokens"
        How ``reduction="mean"`` averages (keyword only).
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" is the average chosen by `average`; "sum" the total over real tokens; "none"
        the (N, T) array of per-token losses, 0 at padding.

    Returns
    -------
    float or ndarray
        The loss, or the (N, T) per-token losses for ``reduction="none"``.

    Raises
    ------
    ValueError
        Wrong shapes, labels outside 0..K-1 at a real token, a mask that is not 0/1, no real
        token (or, for average="sequences", a sequence without one), NaN or inf, unknown
        `average` or `reduction`.
    TypeError
        Input is not numeric.

    Notes
    -----
    Each token's loss is computed with the stable log-softmax of :func:`log_softmax`, so
    padded positions may hold any finite logits: they are multiplied by 0, never used.

    Examples
    --------
    >>> z = [[[2.0, 0.0], [0.0, 2.0], [5.0, 5.0]], [[0.0, 0.0], [9.0, 9.0], [9.0, 9.0]]]
    >>> y = [[0, 1, 0], [1, 0, 0]]
    >>> mask = [[1, 1, 0], [1, 0, 0]]
    >>> round(sequence_cross_entropy(y, z, mask=mask), 6)
    0.315668
    >>> round(sequence_cross_entropy(y, z, mask=mask, average="sequences"), 6)
    0.410038
    """
    average, reduction = check_params(_SEQUENCE_PARAMS, average=average, reduction=reduction)
    x, labels, m = _sequence_parts(y_true, logits, mask)
    with K.quiet():  # inf where x_j - m overflows (a spread above 1.8e308): the loss is inf
        log_p = K.log_softmax(x, axis=2)
    per_token = -np.take_along_axis(log_p, labels[:, :, None], axis=2)[:, :, 0]
    per_token = np.where(m == 1.0, per_token, 0.0)  # padding: 0 (never 0 * inf)
    weights = _token_weights(m, average) if reduction == "mean" else m
    if reduction == "mean":  # the weighted mean is the sum of the weighted per-token losses
        with K.quiet():
            per_token = per_token * weights
        reduction = "sum"

    def scaled(e):  # per_token / 2**e, where the logits are more than 1.8e308 apart
        target = np.take_along_axis(x, labels[:, :, None], axis=2)[:, :, 0]
        return np.where(m == 1.0, K.cross_entropy_scaled(x, target, 2, e) * weights, 0.0)

    return K.reduce_loss(K.identity, reduction, {"logits": per_token}, scaled=scaled,
                         checked=True)


def sequence_cross_entropy_grad(y_true, logits, *, mask=None, average="tokens"):
    r"""Gradient of the mean sequence cross-entropy with respect to the logits.

    .. math:: \frac{\partial L}{\partial z_{itk}} = \text{weight}_{it}\,
              \big(\mathrm{softmax}(z_{it})_k - [k = y_{it}]\big)

    with the token's weight :math:`\text{mask}_{it} / \sum_j |s_j|` for ``average="tokens"``
    and :math:`\text{mask}_{it} / (N\,|s_i|)` for ``average="sequences"``: zero at padding.

    Parameters
    ----------
    y_true, logits, mask, average
        As for :func:`sequence_cross_entropy`.

    Returns
    -------
    ndarray
        Shape (N, T, K), like `logits`.

    Raises
    ------
    ValueError, TypeError
        As for :func:`sequence_cross_entropy`.

    Examples
    --------
    >>> g = sequence_cross_entropy_grad([[0, 1]], [[[0.0, 0.0], [0.0, 0.0]]], mask=[[1, 0]])
    >>> g.tolist()
    [[[-0.5, 0.5], [0.0, 0.0]]]
    """
    (average,) = check_params({"average": _SEQUENCE_PARAMS["average"]}, average=average)
    x, labels, m = _sequence_parts(y_true, logits, mask)
    grad = K.softmax(x, axis=2)
    np.put_along_axis(grad, labels[:, :, None], 0.0, axis=2)
    # softmax_k - 1 at the true class, as minus the other classes' probabilities (no cancellation)
    np.put_along_axis(grad, labels[:, :, None], -grad.sum(axis=2, keepdims=True), axis=2)
    grad *= _token_weights(m, average)[:, :, None]
    grad += 0.0  # padding: -0.0 becomes 0.0
    return grad
