r"""Penalties on the weights: L1, L2 and elastic net, with their gradients.

The course's convention
-----------------------
We add the penalty to the **mean** loss over the n training samples::

    J(w) = mean_i loss_i(w) + l2_penalty(w, lam)   with   l2_penalty(w, lam) = lam * sum(w**2)
    J(w) = mean_i loss_i(w) + l1_penalty(w, lam)   with   l1_penalty(w, lam) = lam * sum(|w|)

(no 1/2 factor, no 1/n on the penalty). Libraries and textbooks write the same objective with
other scalings; minimising any positive multiple of J gives the same weights, so each convention
maps to our ``lam`` by a simple formula (n = number of training samples, ``mse`` is the mean of
the squared errors):

=================  ===================================  ==============  =================
name               objective as written there           our lam         back
=================  ===================================  ==============  =================
"lam" (course)     mean(loss) + lam ||w||^2             lam             lam
"half"             mean(loss) + (λ/2) ||w||^2           λ / 2           λ = 2 lam
"half_m"           (1/n) sum(loss) + (λ/(2n)) ||w||^2   λ / (2n)        λ = 2 n lam
"ridge_alpha"      ||y - Xw||^2 + alpha ||w||^2         alpha / n       alpha = n lam
"C" (logistic)     C sum(loss) + (1/2) ||w||^2          1 / (2 C n)     C = 1 / (2 n lam)
"lasso_alpha"      (1/(2n)) ||y - Xw||^2 + alpha |w|_1  2 alpha         alpha = lam / 2
=================  ===================================  ==============  =================

"ridge_alpha" is scikit-learn's ``Ridge`` (a *sum* of squared errors, not a mean),
"C" is ``LogisticRegression`` (L2 penalty, ``l1_ratio=0``), "lasso_alpha" is ``Lasso``
(its L1 strength, for :func:`l1_penalty`). Use :func:`convert_lam` to convert.

So ``C = 1/λ`` holds for "sum of losses + (λ/2)||w||^2" (``C = 1/(2 n lam)`` in ours): a large C
means weak regularisation. For the ``"half_m"`` row with squared error, Andrew Ng's
``(1/(2m)) sum (h - y)^2 + (λ/(2m)) ||w||^2`` is half of mean(loss) + (λ/m)||w||^2, so there
lam = λ / n; the table assumes the loss is written without the extra 1/2, as for log loss.

Elastic net: ours is ``lam * (l1_ratio * ||w||_1 + (1 - l1_ratio) * ||w||^2)``. scikit-learn's
``ElasticNet(alpha, l1_ratio=rho)`` minimises
``(1/(2n)) ||y - Xw||^2 + alpha * rho * ||w||_1 + (alpha/2) * (1 - rho) * ||w||^2``, which is
half of ours with ``lam = alpha * (1 + rho)`` and ``l1_ratio = 2 rho / (1 + rho)``
(see :func:`from_sklearn_elastic_net`).
"""

import numpy as np

from lossedu import _kernels as K
from lossedu._validation import NONNEGATIVE, POSITIVE_INT, UNIT, StrOptions, _weights, check_params

__all__ = [
    "l1_penalty", "l1_penalty_grad", "l2_penalty", "l2_penalty_grad",
    "elastic_net", "elastic_net_grad", "convert_lam", "from_sklearn_elastic_net",
]  # fmt: skip


_LAM = {"lam": NONNEGATIVE}
_ELASTIC = {"lam": NONNEGATIVE, "l1_ratio": UNIT}


def l1_penalty(w, lam):
    r"""L1 penalty (lasso): ``lam * sum(|w|)``.

    .. math:: \Omega(w) = \lambda \sum_j |w_j|

    Parameters
    ----------
    w : array_like
        Weights (do not include the intercept: it is usually not penalised).
    lam : float
        Strength :math:`\lambda \ge 0`, added to the *mean* loss (see the module docstring
        for scikit-learn's ``alpha`` and other conventions: ``Lasso(alpha)`` is ``lam = 2*alpha``).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        `w` empty or not finite, `lam` negative or not finite.
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> l1_penalty([1.0, -2.0, 0.5], lam=0.5)
    1.75
    """
    w = _weights(w)
    (lam,) = check_params(_LAM, lam=lam)
    return K.weighted_power_sum(w, 1, lam)  # lam * sum(|w|), inf only if it overflows


def l1_penalty_grad(w, lam):
    r"""(Sub)gradient of the L1 penalty: ``lam * sign(w)``.

    .. math:: \frac{\partial\Omega}{\partial w_j} = \lambda\,\mathrm{sign}(w_j)

    Parameters
    ----------
    w : array_like
        Weights.
    lam : float
        Strength >= 0.

    Returns
    -------
    ndarray
        Same shape as `w`.

    Raises
    ------
    ValueError, TypeError
        As for :func:`l1_penalty`.

    Notes
    -----
    ``|w|`` has a kink at 0; we return 0 there (a valid subgradient: any value in
    [-lam, lam] is). This kink is why L1 can make weights exactly zero.

    Examples
    --------
    >>> l1_penalty_grad([1.0, -2.0, 0.0], lam=0.1)
    array([ 0.1, -0.1,  0. ])
    """
    w = _weights(w)
    (lam,) = check_params(_LAM, lam=lam)
    return lam * np.sign(w)


def l2_penalty(w, lam):
    r"""L2 penalty (ridge, weight decay): ``lam * sum(w**2)``.

    .. math:: \Omega(w) = \lambda \sum_j w_j^2 = \lambda \lVert w \rVert_2^2

    Parameters
    ----------
    w : array_like
        Weights (usually without the intercept).
    lam : float
        Strength :math:`\lambda \ge 0`, added to the *mean* loss. No 1/2 factor: the
        textbook ``(λ/2)||w||^2`` is ``lam = λ/2``; scikit-learn's ``Ridge(alpha)`` is
        ``lam = alpha / n``; ``LogisticRegression(C)`` is ``lam = 1 / (2 C n)``
        (see :func:`convert_lam`).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        `w` empty or not finite, `lam` negative or not finite.
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> l2_penalty([1.0, -2.0, 0.5], lam=0.1)
    0.525
    """
    w = _weights(w)
    (lam,) = check_params(_LAM, lam=lam)
    # lam * sum(w**2); the sum of squares is rescaled where it would overflow or underflow,
    # and lam = 0 gives 0 even for weights whose squares overflow (not 0 * inf = NaN)
    return K.weighted_power_sum(w, 2, lam)


def l2_penalty_grad(w, lam):
    r"""Gradient of the L2 penalty: ``2 * lam * w``.

    .. math:: \frac{\partial\Omega}{\partial w_j} = 2\lambda w_j

    Parameters
    ----------
    w : array_like
        Weights.
    lam : float
        Strength >= 0.

    Returns
    -------
    ndarray
        Same shape as `w`.

    Raises
    ------
    ValueError, TypeError
        As for :func:`l2_penalty`.

    Notes
    -----
    With the textbook ``(λ/2)||w||^2`` the factor 2 cancels and the gradient is ``λ w``; that
    is the only reason for the 1/2 in those books.

    Examples
    --------
    >>> l2_penalty_grad([1.0, -2.0], lam=0.1)
    array([ 0.2, -0.4])
    """
    w = _weights(w)
    (lam,) = check_params(_LAM, lam=lam)
    with K.quiet():  # inf where 2 lam w exceeds 1.8e308
        return lam * w * 2.0  # not (2 lam) w: 2 lam overflows first for lam near 1e308


def elastic_net(w, lam, l1_ratio):
    r"""Elastic-net penalty: a mix of L1 and L2.

    .. math:: \Omega(w) = \lambda\Big(\text{l1\_ratio} \sum_j |w_j|
              + (1 - \text{l1\_ratio}) \sum_j w_j^2\Big)

    with the share `l1_ratio` written by name (the course's :math:`r` is the residual).
    ``l1_ratio=1`` is :func:`l1_penalty`, ``l1_ratio=0`` is :func:`l2_penalty` (same `lam`).

    Parameters
    ----------
    w : array_like
        Weights.
    lam : float
        Overall strength >= 0, added to the mean loss.
    l1_ratio : float
        Share of the L1 part, between 0 and 1.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        `w` empty or not finite, `lam` < 0, `l1_ratio` outside [0, 1].
    TypeError
        Non-numeric input.

    Notes
    -----
    scikit-learn's ``ElasticNet`` puts a factor 1/2 on its L2 part and 1/(2n) on the squared
    error; :func:`from_sklearn_elastic_net` converts its ``alpha, l1_ratio`` to ours.

    Examples
    --------
    >>> elastic_net([1.0, -2.0], lam=0.1, l1_ratio=0.5)
    0.4
    """
    w = _weights(w)
    lam, ratio = check_params(_ELASTIC, lam=lam, l1_ratio=l1_ratio)
    # lam * l1_ratio * sum|w| + lam * (1 - l1_ratio) * sum(w**2), each part weighed before adding
    # so that neither lam * (...) nor 0 * inf can give a spurious inf or NaN
    return K.weighted_power_sum(w, 1, lam, ratio) + K.weighted_power_sum(w, 2, lam, 1.0 - ratio)


def elastic_net_grad(w, lam, l1_ratio):
    r"""(Sub)gradient of the elastic-net penalty.

    .. math:: \frac{\partial\Omega}{\partial w_j}
              = \lambda\big(\text{l1\_ratio}\,\mathrm{sign}(w_j)
              + 2(1 - \text{l1\_ratio})\, w_j\big)

    Parameters
    ----------
    w : array_like
        Weights.
    lam : float
        Strength >= 0.
    l1_ratio : float
        Share of the L1 part, between 0 and 1.

    Returns
    -------
    ndarray
        Same shape as `w`.

    Raises
    ------
    ValueError, TypeError
        As for :func:`elastic_net`.

    Notes
    -----
    Uses sign(0) = 0 at the kink of the L1 part, like :func:`l1_penalty_grad`.

    Examples
    --------
    >>> elastic_net_grad([1.0, 0.0], lam=0.1, l1_ratio=0.5)
    array([0.15, 0.  ])
    """
    w = _weights(w)
    lam, ratio = check_params(_ELASTIC, lam=lam, l1_ratio=l1_ratio)
    with K.quiet():  # inf where a gradient entry exceeds 1.8e308
        grad = lam * (ratio * np.sign(w) + 2.0 * (1.0 - ratio) * w)
        if not np.isfinite(grad).all():  # 2 (1 - ratio) w overflowed: multiply by lam first
            slow = lam * ratio * np.sign(w) + lam * (1.0 - ratio) * w * 2.0
            grad = np.where(np.isfinite(grad), grad, slow)
    return grad


# conventions: name -> (to our lam, from our lam); n = number of training samples
_CONVENTIONS = {
    "lam": (lambda v, n: v, lambda lam, n: lam),
    "half": (lambda v, n: v / 2.0, lambda lam, n: 2.0 * lam),
    "half_m": (lambda v, n: v / (2.0 * n), lambda lam, n: 2.0 * n * lam),
    "ridge_alpha": (lambda v, n: v / n, lambda lam, n: n * lam),
    "C": (lambda v, n: 1.0 / (2.0 * v * n), lambda lam, n: 1.0 / (2.0 * lam * n)),
    "lasso_alpha": (lambda v, n: 2.0 * v, lambda lam, n: lam / 2.0),
}
_NEEDS_N = ("half_m", "ridge_alpha", "C")


_CONVERT_PARAMS = {
    "source": StrOptions(_CONVENTIONS),
    "target": StrOptions(_CONVENTIONS),
    "value": NONNEGATIVE,
}


def convert_lam(value, source, target="lam", n_samples=None):
    r"""Convert a regularisation strength between conventions (see the module docstring).

    ===============  ================================================  ==============
    name             objective                                         our lam
    ===============  ================================================  ==============
    "lam"            mean(loss) + lam ||w||^2 (this course)            lam
    "half"           mean(loss) + (λ/2) ||w||^2                        λ/2
    "half_m"         (1/n) sum(loss) + (λ/(2n)) ||w||^2                λ/(2n)
    "ridge_alpha"    ||y - Xw||^2 + alpha ||w||^2 (sklearn Ridge)      alpha/n
    "C"              C sum(loss) + ||w||^2 / 2 (LogisticRegression)    1/(2 C n)
    "lasso_alpha"    ||y - Xw||^2/(2n) + alpha ||w||_1 (sklearn Lasso) 2 alpha
    ===============  ================================================  ==============

    All but "lasso_alpha" are L2 conventions; "lasso_alpha" converts the L1 strength
    (to use with :func:`l1_penalty`).

    Parameters
    ----------
    value : float
        The strength in the `source` convention (> 0 for "C").
    source, target : str
        Convention names from the table.
    n_samples : int, optional
        Number of training samples n; required when either convention involves n.

    Returns
    -------
    float
        The same strength in the `target` convention.

    Raises
    ------
    ValueError
        Unknown convention (or not a string), missing or bad `n_samples` (not a whole number
        >= 1, NaN, inf, beyond the float range), negative or non-finite `value`, or mixing
        "lasso_alpha" (L1) with an L2 convention.
    TypeError
        `value` or `n_samples` is not a number (strings included).

    Examples
    --------
    ``Ridge(alpha=10)`` on 100 samples equals ``mse + l2_penalty(w, lam=0.1)``:

    >>> convert_lam(10.0, "ridge_alpha", n_samples=100)
    0.1
    >>> convert_lam(0.1, "lam", "C", n_samples=100)
    0.05
    """
    source, target, value = check_params(_CONVERT_PARAMS, source=source, target=target,
                                         value=value)
    if ("lasso_alpha" in (source, target)) and ({source, target} - {"lasso_alpha", "lam"}):
        raise ValueError(
            f"source {source!r} and target {target!r} mix an L1 convention ('lasso_alpha') "
            "with an L2 one; only 'lasso_alpha' <-> 'lam' is meaningful"
        )
    if source == "C" and value == 0.0:
        raise ValueError("value must be > 0 for the 'C' convention (C = 0 means infinite lam)")
    n = None if n_samples is None else POSITIVE_INT.check(n_samples, "n_samples")
    if n is None and (source in _NEEDS_N or target in _NEEDS_N):
        raise ValueError(
            f"n_samples must be a positive integer for {source!r} -> {target!r}; got None"
        )
    lam = _CONVENTIONS[source][0](value, n)
    if target == "C" and lam == 0.0:
        raise ValueError("value 0 means no regularisation, which is C = inf")
    return _CONVENTIONS[target][1](lam, n)


_FROM_SKLEARN_PARAMS = {"alpha": NONNEGATIVE, "l1_ratio": UNIT}


def from_sklearn_elastic_net(alpha, l1_ratio):
    r"""Convert scikit-learn's ``ElasticNet(alpha, l1_ratio)`` to our ``(lam, l1_ratio)``.

    scikit-learn minimises
    :math:`\frac{1}{2n}\lVert y - Xw\rVert^2 + \alpha\rho\lVert w\rVert_1
    + \frac{\alpha(1-\rho)}{2}\lVert w\rVert^2`; twice that is
    ``mse + elastic_net(w, lam, l1_ratio)`` with

    .. math:: \lambda = \alpha(1 + \rho), \qquad \text{l1\_ratio} = \frac{2\rho}{1 + \rho}

    Parameters
    ----------
    alpha : float
        scikit-learn's ``alpha`` (>= 0).
    l1_ratio : float
        scikit-learn's ``l1_ratio`` :math:`\rho` in [0, 1].

    Returns
    -------
    (float, float)
        ``(lam, l1_ratio)`` for :func:`elastic_net`.

    Raises
    ------
    ValueError
        `alpha` < 0 or `l1_ratio` outside [0, 1].

    Examples
    --------
    >>> from_sklearn_elastic_net(alpha=0.1, l1_ratio=0.5)
    (0.15000000000000002, 0.6666666666666666)
    """
    alpha, rho = check_params(_FROM_SKLEARN_PARAMS, alpha=alpha, l1_ratio=l1_ratio)
    return alpha * (1.0 + rho), 2.0 * rho / (1.0 + rho)
