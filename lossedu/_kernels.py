"""Numerical kernels and speed machinery behind lossedu's losses (private).

The public modules (:mod:`lossedu.losses`, :mod:`lossedu.metrics`,
:mod:`lossedu.regularization`) read as the textbook: formula first, checks at the boundary.
What makes them fast and exact on awkward inputs lives here:

* :func:`reduce_loss`, the one reduction path of every loss ("mean", "sum", "none"), with
  its NaN/inf contract, the block-by-block sum (:func:`blockwise_sum`) and the thread pool;
* power-of-two rescaling (:func:`scale_exponent`, :func:`scaled_mean`,
  :func:`root_mean_square`, :func:`centred_sum_of_squares`, :func:`weighted_power_sum`), used
  only on a slow path when a cheap test of the fast result says an intermediate step
  overflowed or underflowed, as ``np.hypot`` and BLAS ``nrm2`` do; per-sample losses divided
  by a power of two (:func:`huber_scaled`, :func:`cross_entropy_scaled`) for losses whose
  per-sample values can overflow while their mean does not;
* stable forms of elementwise functions (:func:`sigmoid`, :func:`softplus`,
  :func:`log1p`, :func:`log_softmax`, ...), without input checks.

Every function here takes float64 arrays that the caller has already checked.
"""

import concurrent.futures
import functools
import math
import os

import numpy as np

from lossedu._validation import REDUCTION, _check_finite

# Below _TINY a sum of squares may have lost digits to underflow (subnormal numbers); above
# the largest double it is inf. Between them the fast result is exact to rounding.
_TINY = 2.0**-960


def quiet():
    """numpy's floating-point warnings off, in the calling thread only (``np.errstate``).

    Used where a warning would be wrong (``log(0) = -inf`` is the intended answer, an overflow
    to inf is the honest answer) or where bad input is reported afterwards with a clear error.
    numpy's error state is per thread: worker threads set their own (see :func:`blockwise_sum`).
    """
    return np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore")


# --------------------------------------------------------------------------- the reduction path

BLOCK = 65536  # elements per block in blockwise_sum (512 KB: stays in the CPU cache)
THREADED = 16 * BLOCK  # from about a million values on, blocks are shared between cores


@functools.cache
def _block_pool():
    """A thread pool with one worker per core, made on first use and kept."""
    return concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1)


def blockwise_sum(per_sample, *arrays, parallel=False):
    """Return ``np.sum(per_sample(*arrays))``, computed block by block.

    Same result as the one-liner, but for large inputs the temporary arrays of each block
    stay in the CPU cache instead of being written to and read back from main memory
    (about 2x faster for 10 million values). With ``parallel=True``, from about a million
    values on, the blocks are spread over the machine's cores (numpy releases the GIL while
    it computes); each worker silences numpy's warnings itself, since ``np.errstate`` only
    holds in the thread that set it. Each block is summed with numpy's pairwise summation
    and so are the block sums, always in block order, so the result is the same on any
    number of cores and its rounding error is as small as ``np.sum``'s.
    """
    n = arrays[0].size
    if n <= BLOCK:
        return float(np.add.reduce(per_sample(*arrays), axis=None))
    flat = [a.ravel() for a in arrays]

    def block_sum(start):
        with quiet():  # this may run in a worker thread, which has its own error state
            return np.add.reduce(per_sample(*(a[start : start + BLOCK] for a in flat)))

    starts = range(0, n, BLOCK)
    if parallel and n >= THREADED:
        block_sums = list(_block_pool().map(block_sum, starts))
    else:
        block_sums = [block_sum(start) for start in starts]
    return float(np.add.reduce(np.array(block_sums)))


def reduce_loss(per_sample, reduction, inputs, *, degree=None, scaled=None, parallel=False,
                checked=False):
    """Per-sample losses ``per_sample(*inputs.values())`` reduced by `reduction`.

    The one reduction path of every loss in :mod:`lossedu.losses`.

    Parameters
    ----------
    per_sample : callable
        Takes the arrays of `inputs`, in order, and returns the per-sample losses (same
        shape). It may work in place on its own temporaries, never on its inputs.
    reduction : {"mean", "sum", "none"}
        Checked here (:data:`lossedu._validation.REDUCTION`).
    inputs : dict
        ``{argument name: float64 array}``, all of the same shape (0-d allowed). A
        multi-class loss passes its per-sample losses, computed from checked arrays, with
        ``per_sample=identity`` and ``checked=True``.
    degree : int, optional
        p for a loss of two inputs ``(y_true, y_pred)`` that depends only on the residual
        ``y_pred - y_true`` and is positively homogeneous of degree p in it,
        ``loss(c r) = c**p loss(r)`` for c > 0 (MSE: 2; MAE, pinball: 1). The slow path then
        rescales the residuals (or, where they overflow, the inputs) by a power of two, which
        is exact.
    scaled : callable, optional
        For a loss whose per-sample values can exceed 1.8e308 although its mean does not
        (the Huber loss of a residual that overflows, the Gaussian NLL of a tiny variance,
        the cross-entropy of scores more than 1.8e308 apart): ``scaled(k)`` returns the
        per-sample losses divided by ``2**k`` (shape of the inputs), computed without
        overflow. The slow path then uses it with ``2**k > 2 n``.
    parallel : bool, default False
        Let :func:`blockwise_sum` spread large inputs over the cores: worth it for losses that
        cost an ``exp`` and a ``log`` per value, not for memory-bound ones (MSE).
    checked : bool, default False
        True when the caller has already refused NaN and inf in the inputs (a loss whose
        formula could hide them, such as the hinge, or a probability loss whose inputs are
        checked to lie in [0, 1]): a non-finite result is then an overflow or a true
        infinity (``-log(0)``), never an input error, and the inputs are not searched.

    Returns
    -------
    float or ndarray
        A float for "mean" and "sum"; the per-sample array for "none" (0-d for 0-d inputs).

    Notes
    -----
    The NaN/inf contract, which every loss inherits:

    1. **NaN or inf in an input is an error**: a ValueError naming the first such argument
       (in the order of `inputs`) and the flat index. It is found lazily, so `per_sample`
       must turn a NaN or inf input into a NaN or inf loss (arithmetic, ``abs``, ``exp``,
       ``log1p`` and ``np.maximum`` do). A finite result then proves finite inputs, and the
       inputs are searched only when the result is not finite. A loss whose formula can
       hide an inf (the hinge's ``max(0, 1 - t s)`` is 0 for ``s = inf``) checks its inputs
       before calling, and says so with ``checked=True``.
    2. **Finite inputs give no NaN and no warning.** numpy's warnings are off in this thread
       and in every worker thread. A per-sample loss or a sum above the largest double
       (1.8e308) is ``inf``, the honest answer. A mean that is representable is returned
       even when the sum overflows (the per-sample losses are rescaled), and, with `degree`,
       even when an intermediate step (the residual, its square) overflows or underflows:
       ``mae([1e308, -1e308], [0, 0])`` is 1e308, the MSE of residuals near 1e-160 is
       correctly rounded; with `scaled`, even when a per-sample loss overflows.
    3. **Speed**: the fast path is one pass (:func:`blockwise_sum`) plus a test of the
       result; the slow path (a non-finite result, or with `degree` a result below 2**-960)
       costs a few passes more.
    """
    REDUCTION.check(reduction, "reduction")
    values = list(inputs.values())
    scalar = values[0].ndim == 0
    if scalar:  # 0-d input: the in-place kernels (out=...) need arrays, so use shape (1,)
        values = [v.reshape(1) for v in values]
    with quiet():
        if reduction == "none":
            result = per_sample(*values)
            ok = np.isfinite(result).all()
        else:
            result = blockwise_sum(per_sample, *values, parallel=parallel)
            if reduction == "mean":
                result /= values[0].size
            ok = math.isfinite(result) and (degree is None or not 0.0 < abs(result) < _TINY)
        if not ok:
            result = _reduce_slowly(per_sample, reduction, inputs, values, degree, scaled,
                                    checked)
    if scalar and reduction == "none":
        result = result.reshape(())
    return result


def _reduce_slowly(per_sample, reduction, inputs, values, degree, scaled, checked):
    """The slow path of :func:`reduce_loss` (called with numpy's warnings off)."""
    if not checked:
        for name, arr in inputs.items():
            _check_finite(arr, name)  # raises, naming the argument
    if scaled is not None:  # losses / 2**k: a mean up to 1.8e308 stays below 1.8e308 / 2
        k = values[0].size.bit_length() + 1
        per = np.reshape(scaled(k), values[0].shape)
        if reduction == "none":  # the fast value where it is finite (no digits lost)
            fast = per_sample(*values)
            return np.where(np.isfinite(fast), fast, np.ldexp(per, k))
        total = scaled_mean(per) if reduction == "mean" else float(np.sum(per))
        return float(np.ldexp(total, k))  # inf only if the true value overflows
    if reduction == "none":
        return per_sample(*values)  # inf where a per-sample loss overflows
    if degree is not None:
        y_true, y_pred = values
        r = y_pred - y_true
        if np.isfinite(r).all():  # rescale the residuals: max |r| in [0.5, 1)
            e = scale_exponent(r)
            per = per_sample(np.zeros_like(r), np.ldexp(r, -e))
        else:  # the residual overflowed: rescale the inputs instead (every |input| < 1)
            e = scale_exponent(y_true, y_pred)
            per = per_sample(np.ldexp(y_true, -e), np.ldexp(y_pred, -e))
        total = float(np.mean(per) if reduction == "mean" else np.sum(per))
        return float(np.ldexp(total, e * degree))  # inf if the true value overflows
    per = per_sample(*values)
    return scaled_mean(per) if reduction == "mean" else float(np.sum(per))


# --------------------------------------------------------------------------- rescaling


def identity(values):
    """The per-sample function of losses whose per-sample values are already computed."""
    return values


def scale_exponent(*arrays):
    """The e such that every value of `arrays` is below 2**e in absolute value (0 for zeros).

    Multiplying by ``2**-e`` (``np.ldexp(x, -e)``) is exact and brings the largest value into
    [0.5, 1), so that squares and sums of squares neither overflow nor underflow.
    """
    top = max(float(np.max(np.abs(a))) for a in arrays)
    return int(np.frexp(top)[1]) if top > 0.0 else 0


def scaled_mean(values):
    """Mean of finite or infinite `values` whose sum may overflow: inf only if the mean does."""
    if not np.isfinite(values).all():
        return float(np.mean(values))  # an inf per-sample value: the mean is inf too
    e = scale_exponent(values)
    return float(np.ldexp(np.mean(np.ldexp(values, -e)), e))


def root_mean_square(a, b):
    """``sqrt(mean((a - b)**2))`` of finite arrays, correct where the squares over/underflow.

    The fast path is the textbook formula; it is kept when its mean square lies in
    [2**-960, 1.8e308], where it is exact to rounding. Otherwise (residuals beyond about
    1e154 or below about 1e-144) the residuals are divided by a power of two near the
    largest one first, as ``np.hypot`` does; where ``a - b`` itself overflows, the inputs.
    """
    with quiet():
        ms = blockwise_sum(squared_error, b.reshape(-1), a.reshape(-1)) / a.size
        if _TINY <= ms < math.inf:
            return math.sqrt(ms)
        r, e = _rescaled_difference(a, b, a - b)
        return float(np.ldexp(math.sqrt(float(np.mean(r * r))), e))


def _rescaled_difference(a, b, r):
    """``(s, e)`` with ``a - b = s * 2**e`` and max |s| in [0.5, 1) (r is ``a - b``, rounded)."""
    if not np.isfinite(r).all():  # a - b overflowed: halve the inputs, then rescale
        r = np.ldexp(a, -1) - np.ldexp(b, -1)
        e = scale_exponent(r)
        return np.ldexp(r, -e), e + 1
    e = scale_exponent(r)
    return np.ldexp(r, -e), e


def r2_per_column(y_true, y_pred):
    """``1 - sum((y - y_pred)**2) / sum((y - mean(y))**2)`` per column of 2-D arrays.

    Every column of `y_true` must hold at least two different values. The fast path is the
    formula with the centred sum of :func:`centred_sum_of_squares`; where a sum leaves the
    float range, the column's deviations and residuals are each rescaled by a power of two
    and the ratio is scaled back (``inf``, so R² = -inf, only if the true ratio overflows).
    """
    with quiet():
        r = y_true - y_pred
        total = centred_sum_of_squares(y_true, axis=0)
        residual = np.sum(r * r, axis=0)
        if np.all((total >= _TINY) & (total < math.inf) & (residual < math.inf)):
            return 1.0 - residual / total
        scores = np.empty(y_true.shape[1])
        for j in range(y_true.shape[1]):
            e_y = scale_exponent(y_true[:, j])
            total_j = centred_sum_of_squares(np.ldexp(y_true[:, j], -e_y))
            s, e_r = _rescaled_difference(y_true[:, j], y_pred[:, j], r[:, j])
            ratio = float(np.sum(s * s)) / float(total_j)
            scores[j] = 1.0 - np.ldexp(ratio, 2 * (e_r - e_y))
        return scores


def centred_sum_of_squares(y, axis=None):
    """``sum((y - mean(y))**2)`` by the corrected two-pass algorithm.

    The rounded mean leaves a small error in every ``y - mean``; subtracting
    ``(sum of the deviations)**2 / n`` removes it (Chan, Golub and LeVeque, 1983), so that
    ``[1, 1 + 2**-52, 1, 1]`` gives 3 * 2**-106, not the 2**-104 of the plain formula.
    """
    d = y - np.mean(y, axis=axis, keepdims=True)
    n = y.size if axis is None else y.shape[axis]
    return np.sum(d * d, axis=axis) - np.sum(d, axis=axis) ** 2 / n


def weighted_power_sum(w, power, *factors):
    """``prod(factors) * sum(|w|**power)`` for power 1 or 2, without spurious overflow,
    underflow or NaN.

    0 when a factor is 0 or `w` is all zeros (not ``0 * inf = NaN`` when the sum overflows).
    When the sum, or its product with the factors, leaves the range of normal doubles, `w`
    is rescaled by a power of two and every factor split into mantissa and exponent
    (``np.frexp``), so that only the final result is rounded:
    ``1e-100 * sum([1e200]**2)`` is 1e300 and ``1e300 * sum([3e-200]**2)`` is 9e-100.
    """
    if not w.any() or 0.0 in factors:
        return 0.0
    with quiet():
        total = float(np.sum(np.abs(w) if power == 1 else w * w))
        exact = _TINY <= total < math.inf  # the sum did not underflow or overflow
        for factor in factors:
            total *= factor
        if exact and _TINY <= total < math.inf:
            return total
        e = scale_exponent(w)
        scaled = np.ldexp(w, -e)
        total = float(np.sum(np.abs(scaled) if power == 1 else scaled * scaled))
        exponent = e * power
        for factor in factors:
            mantissa, e_factor = math.frexp(factor)
            total *= mantissa
            exponent += e_factor
        return float(np.ldexp(total, exponent))  # inf only if the true value overflows


# --------------------------------------------------------------------------- elementwise kernels


def squared_error(y_true, y_pred):
    """``(y_pred - y_true)**2``, in place in one temporary array."""
    r = y_pred - y_true
    return np.multiply(r, r, out=r)


def absolute_error(y_true, y_pred):
    """``|y_pred - y_true|``, in place in one temporary array."""
    r = y_pred - y_true
    return np.abs(r, out=r)


def huber_scaled(y_true, y_pred, delta, k):
    """Huber losses divided by ``2**k`` (k >= 1), finite where the loss is below 2**k * 1.8e308
    (the `scaled` of :func:`lossedu.losses.huber`).

    With ``a = |r| / 2**k`` (from the inputs divided by 2**k: exact, and their difference
    cannot overflow): ``0.5 r**2 / 2**k = (0.5 |r|) a`` (``|r| <= delta`` is finite there) and
    ``delta (|r| - delta / 2) / 2**k = delta (a - delta / 2**(k+1))``.
    """
    abs_r = np.abs(y_pred - y_true)  # inf where the difference overflows
    a = np.abs(np.ldexp(y_pred, -k) - np.ldexp(y_true, -k))
    return np.where(abs_r <= delta, (0.5 * abs_r) * a, delta * (a - np.ldexp(delta, -k - 1)))


def sigmoid(x):
    """Stable sigmoid of a float64 array: ``exp`` only ever sees ``-|x| <= 0``."""
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softplus(u):
    """``log(1 + exp(u))`` without overflow: ``max(u, 0) + log1p(exp(-|u|))``."""
    return np.maximum(u, 0.0) + np.log1p(np.exp(-np.abs(u)))


def log1p(u):
    """``log(1 + u)`` for u >= 0, as accurate as ``np.log1p`` and about 5x faster.

    ``np.log1p`` is not vectorised in numpy (44 ns per value on the course machine against
    about 5 ns for ``np.log``) and would dominate the cost of the logits loss. ``w = 1 + u``
    is rounded; ``c = (w - 1) - u`` is exactly that rounding error, and
    ``log(1 + u) = log(w - c) = log(w) - c/w`` to double precision. When ``w`` rounds to 1
    this gives ``u``, the right answer for tiny u (tested against mpmath: error < 2.3e-16).
    Works in place on its own temporaries.
    """
    w = u + 1.0
    c = w - 1.0
    c -= u  # c = (w - 1) - u, the rounding error of 1 + u, computed exactly
    c /= w
    np.log(w, out=w)
    w -= c  # log(w) - c / w
    return w


def bce_with_logits(y, z):
    """Per-sample ``max(z, 0) - y*z + log1p(exp(-|z|))``, in place where possible."""
    # in-place steps (out=...): fewer temporary arrays, which is measurably faster
    u = np.copysign(z, -1.0)  # -|z| in one step
    np.exp(u, out=u)  # u = exp(-|z|), in (0, 1]: never overflows
    softplus_part = log1p(u)  # log1p(exp(-|z|))
    loss = np.maximum(z, 0.0)
    loss -= np.multiply(y, z, out=u)  # y * z, stored in u's memory (u is no longer needed)
    loss += softplus_part
    return loss


def shifted_exp(x, axis):
    """Return ``(d, e, rest)`` for a float64 array; see :func:`lossedu.losses.log_softmax`.

    d = x - max(x) (all <= 0), e = exp(d) (the largest entry is exactly 1, nothing
    overflows) and rest = the sum of e without that largest entry.
    """
    with quiet():  # only |x| near 1e308 can overflow x - m; those entries give e = 0
        m = np.max(x, axis=axis, keepdims=True)
        d = x - m
        # x - m is rounded, and exp magnifies an error in its argument by |d| (up to 745):
        # recover the rounding error r exactly (the "TwoSum" trick) and use
        # exp(d + r) = exp(d) * (1 + r), good to the last digit.
        b = d - x
        r = (x - (d - b)) - (m + b)
        e = np.exp(d)
        e += np.where(np.isfinite(r), e * r, 0.0)
    top = np.argmax(x, axis=axis, keepdims=True)
    others = e.copy()
    np.put_along_axis(others, top, 0.0, axis=axis)  # leave the largest term (exactly 1) out
    return d, e, np.sum(others, axis=axis, keepdims=True)


def cross_entropy_scaled(x, target, axis, k):
    """``(log sum_j exp(x_j) - target) / 2**k`` along `axis`, finite where the loss is below
    2**k * 1.8e308 (`target`: the true class's score, or the smoothed mix of scores).

    ``log sum_j exp(x_j) = m + log1p(rest)`` (:func:`shifted_exp`); ``m - target`` overflows
    when the scores are more than 1.8e308 apart, ``m / 2**k - target / 2**k`` does not.
    """
    with quiet():
        _, _, rest = shifted_exp(x, axis)
        m = np.max(x, axis=axis)
        log1p_rest = np.log1p(np.squeeze(rest, axis=axis))
        return (np.ldexp(m, -k) - np.ldexp(target, -k)) + np.ldexp(log1p_rest, -k)


def log_softmax(x, axis):
    """Stable log-softmax of a float64 array. See :func:`lossedu.losses.log_softmax`."""
    d, _, rest = shifted_exp(x, axis)
    return d - np.log1p(rest)


def softmax(x, axis):
    """Stable softmax of a float64 array. See :func:`lossedu.losses.softmax`."""
    _, e, rest = shifted_exp(x, axis)
    return e / (1.0 + rest)
