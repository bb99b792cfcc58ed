"""Issue 14, review: causes found after the first round of fixes.

Each cause has one regression test, parametrised over every public function it affects; the
expected values are exact (fractions.Fraction) or follow from an exact identity. Everything
runs with every warning and every floating-point error but underflow turned into an error.
"""

import inspect
import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_api_inputs import ARRAY_CALLS, _by_name, _name

import lossedu.calibration as C
import lossedu.losses as L
import lossedu.metrics as M
import lossedu.nn as N
import lossedu.regularization as R
from lossedu._validation import ARRAY_SIZE, InvalidParameterError


@pytest.fixture(autouse=True)
def _strict():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            yield


def _float(q):
    """A Fraction rounded to the nearest double, inf beyond the float range."""
    try:
        return float(q)
    except OverflowError:
        return math.inf if q > 0 else -math.inf


BIG = 1.7e308
LN2 = Fraction(math.log(2.0))  # only added to numbers near 1e308, where it vanishes

# ------------------------------------- a per-sample loss above 1.8e308 whose mean is finite
# (function, args, kwargs, exact per-sample losses as Fractions)
PER_SAMPLE_OVERFLOW = [
    # the residual 3.4e308 overflows; delta (|r| - delta / 2) = 1.7e308 - 1/16 does not
    (L.huber, ([-BIG, 0.0], [BIG, 0.0]), {"delta": 0.5},
     [Fraction(1, 2) * (2 * Fraction(BIG) - Fraction(1, 4)), 0]),
    (L.huber, ([-1e308, 1.0], [1e308, 1.0]), {"delta": 1e-300},
     [Fraction(1e-300) * (2 * Fraction(1e308) - Fraction(1e-300) / 2), 0]),
    # the residual is finite, delta |r| = 3e308 is not, the mean 1.5e308 is
    (L.huber, ([0.0, 0.0], [1e308, 0.0]), {"delta": 3.0},
     [3 * (Fraction(1e308) - Fraction(3, 2)), 0]),
    # r^2 / (2 v) = 2e308, mean 1e308
    (L.gaussian_nll, ([0.0, 0.0], [2e154, 0.0], [1.0, 1.0]), {},
     [Fraction(2e154) ** 2 / 2, 0]),
    # scores 2e308 apart: the loss of row 0 is 2e308 (+ 0), of row 1 ln 2
    (L.softmax_cross_entropy, ([0, 0], [[-1e308, 1e308], [0.0, 0.0]]), {},
     [2 * Fraction(1e308), LN2]),
    (L.softmax_cross_entropy, ([0, 0], [[-1e308, 1e308], [0.0, 0.0]]), {"label_smoothing": 0.5},
     [Fraction(3, 2) * Fraction(1e308), LN2]),
    (L.sequence_cross_entropy, ([[0, 0]], [[[-1e308, 1e308], [0.0, 0.0]]]), {},
     [[2 * Fraction(1e308), LN2]]),
]


def test_every_loss_with_a_scaled_slow_path_is_in_the_table():
    """Found from the source: the losses that hand reduce_loss a ``scaled`` twin."""
    with_scaled = {getattr(L, name) for name in L.__all__
                   if "scaled=" in inspect.getsource(getattr(L, name))}
    assert with_scaled == {func for func, _, _, _ in PER_SAMPLE_OVERFLOW}


@pytest.mark.parametrize(("func", "args", "kwargs", "exact"), PER_SAMPLE_OVERFLOW, ids=_name)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_per_sample_overflow_with_a_finite_mean(func, args, kwargs, exact, reduction):
    got = func(*args, reduction=reduction, **kwargs)
    flat = np.ravel(np.array(exact, dtype=object)).tolist()
    if reduction == "none":
        want = np.reshape([_float(q) for q in flat], np.shape(got))
        np.testing.assert_allclose(got, want, rtol=1e-15)
    else:
        total = sum(flat, Fraction(0))
        want = _float(total / len(flat) if reduction == "mean" else total)
        assert got == pytest.approx(want, rel=1e-15)


def test_huber_overflowing_residual_zero_d():
    assert L.huber(-BIG, BIG, delta=0.25, reduction="none") == pytest.approx(0.25 * 2 * BIG)


# ------------------------------------- penalties: a sum that underflows is not zero
PENALTIES = [(R.l1_penalty, 1.0), (R.l2_penalty, 0.0)] + [
    (R.elastic_net, ratio) for ratio in (0.0, 0.25, 1.0)]
TINY_WEIGHTS = [
    ([3e-200], 1e300),  # the square 9e-400 underflows to 0; the penalty is 9e-100
    ([5e-324, 5e-324], 1e300),  # subnormal weights: |w| sums to 1e-323
    ([3e-200, 1e-170], 1e300),
    ([1e-160, 1e-161], 1e300),  # a subnormal sum of squares times lam lost digits
    ([1e200, 1e-200], 1e-300),  # the squares overflow, lam brings the penalty back
]


@pytest.mark.parametrize(("func", "ratio"), PENALTIES,
                         ids=[f"{f.__name__}-{r}" for f, r in PENALTIES])
@pytest.mark.parametrize(("w", "lam"), TINY_WEIGHTS)
def test_penalty_is_exact_where_the_sum_leaves_the_normal_range(func, ratio, w, lam):
    q = [Fraction(x) for x in w]
    r = Fraction(ratio)
    want = _float(Fraction(lam) * (r * sum(abs(x) for x in q) + (1 - r) * sum(x * x for x in q)))
    kwargs = {"l1_ratio": ratio} if func is R.elastic_net else {}
    assert func(w, lam, **kwargs) == pytest.approx(want, rel=1e-15, abs=5e-324)


# ------------------------------------- gradients: an overflowing entry costs no other digits
# (function, args, kwargs, exact gradient) with one entry that overflows on the fast path and
# one subnormal entry that halving the inputs would round to 0
GRADIENT_MIX = [
    (L.mse_grad, ([1e308, 1e-323, 0.0, 0.0], [0.0] * 4), {},
     [Fraction(2, 4) * (-Fraction(1e308)), Fraction(2, 4) * -Fraction(1e-323), 0, 0]),
    (R.elastic_net_grad, ([1e308, 1e-323],), {"lam": 0.25, "l1_ratio": 0.0},
     [Fraction(1, 2) * Fraction(1e308), Fraction(1, 2) * Fraction(1e-323)]),
]


@pytest.mark.parametrize(("func", "args", "kwargs", "exact"), GRADIENT_MIX, ids=_name)
def test_gradient_entries_keep_their_digits(func, args, kwargs, exact):
    got = func(*args, **kwargs)
    np.testing.assert_array_equal(got, [_float(q) for q in exact])


# (function, args, which output, exact gradient): finite where the true gradient is, although
# a textbook step (1 / p, r / v, 1 / (2 v) - (r / v)**2 / 2) overflows
GRADIENT_STEPS = [
    (L.binary_cross_entropy_grad, ([1, 1], [5e-309, 0.5]), None,
     [-1 / (2 * Fraction(5e-309)), Fraction(-1)]),
    (L.binary_cross_entropy_grad, ([0, 1], [1.0, -0.0]), None, [math.inf, -math.inf]),
    (L.gaussian_nll_grad, ([0.0] * 4, [1e308, 0.0, 0.0, 0.0], [0.5, 1.0, 1.0, 1.0]), 0,
     [Fraction(1e308) / Fraction(1, 2) / 4, 0, 0, 0]),
    # 1 / (2 v) and (r / v)**2 / 2 both overflow (inf - inf): the true value is below -1.8e308
    (L.gaussian_nll_grad, ([0.0], [1e308], [5e-324]), 1, [-math.inf]),
    # r = 1.89e308 overflows, (r / v)**2 = 4.5 does not
    (L.gaussian_nll_grad, ([1e308], [-8.9e307], [8.9e307]), 1,
     [(Fraction(8.9e307) - (Fraction(1e308) + Fraction(8.9e307)) ** 2)
      / (2 * Fraction(8.9e307) ** 2)]),
    # (r / v)**2 = 3.2e308 overflows, its half does not
    (L.gaussian_nll_grad, ([0.0], [1.7976931348623157e308], [1e154]), 1,
     [(Fraction(1e154) - Fraction(1.7976931348623157e308) ** 2) / (2 * Fraction(1e154) ** 2)]),
]


@pytest.mark.parametrize(("func", "args", "output", "exact"), GRADIENT_STEPS, ids=_name)
def test_gradient_is_finite_where_the_true_one_is(func, args, output, exact):
    got = func(*args)
    got = got if output is None else got[output]
    want = [q if isinstance(q, float) else _float(q) for q in exact]
    np.testing.assert_allclose(got, want, rtol=1e-15)


def test_gaussian_nll_grad_entries_keep_their_digits():
    grad_mean, _ = L.gaussian_nll_grad([1e308, 1e-323], [-1e308, 0.0], [4.0, 1.0])
    np.testing.assert_array_equal(grad_mean, [-2.5e307, _float(-Fraction(1e-323) / 2)])


# ------------------------------------- object arrays, Fractions, ints beyond int64 and float128

ARRAY_ARGUMENTS = [
    (func, args, kwargs, name)
    for func, args, kwargs in ARRAY_CALLS
    for name, value in _by_name(func, args, kwargs).items()
    if isinstance(value, list)
]
ARRAY_IDS = [f"{f.__name__}-{n}" for f, _, _, n in ARRAY_ARGUMENTS]


def _same(a, b):
    if isinstance(a, tuple):
        return all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a == b
    np.testing.assert_array_equal(a, b)
    return True


@pytest.mark.parametrize(("func", "args", "kwargs", "name"), ARRAY_ARGUMENTS, ids=ARRAY_IDS)
def test_object_array_of_numbers_is_read_as_floats(func, args, kwargs, name):
    call = _by_name(func, args, kwargs)
    want = func(**call)
    call[name] = np.array(call[name], dtype=float).astype(object)
    assert _same(func(**call), want)
    call[name] = _fractions(_by_name(func, args, kwargs)[name])
    assert _same(func(**call), want)


def _fractions(value):
    """Nested lists of numbers as nested lists of Fractions (an object array for numpy)."""
    return [_fractions(v) for v in value] if isinstance(value, list) else Fraction(value)


@pytest.mark.parametrize(("func", "args", "kwargs", "name"), ARRAY_ARGUMENTS, ids=ARRAY_IDS)
def test_number_beyond_the_float_range_names_the_argument(func, args, kwargs, name):
    call = _by_name(func, args, kwargs)
    value = np.array(call[name], dtype=float)
    huge = value.astype(object)
    huge.flat[0] = 10**400
    call[name] = huge
    with pytest.raises(ValueError, match=rf"^{name} contains a number beyond the float range"):
        func(**call)
    if np.finfo(np.longdouble).max > 1e309:  # float128 / 80-bit long double
        wide = value.astype(np.longdouble)
        wide.flat[0] = np.longdouble("1e400")
        call[name] = wide
        with pytest.raises(ValueError, match=rf"^{name} contains a number beyond the float"):
            func(**call)


@pytest.mark.parametrize("bad", [np.array([None, 1.0]), np.array(["1", 2.0], dtype=object)])
def test_object_array_of_non_numbers_is_refused(bad):
    with pytest.raises(TypeError, match="^y_true must contain numbers"):
        L.mse(bad, [0.0, 0.0])


# ------------------------------------- fit_temperature on logits up to 1e308

TEMPERATURE_DATA = [
    ([1, 0, 1, 0, 1], [4.0, -6.0, 3.0, 5.0, -2.0]),
    ([0, 1, 2, 1], [[2.0, 1.0, 0.0], [0.5, 1.5, -1.0], [3.0, 0.0, 1.0], [2.0, 1.0, 0.5]]),
]


@pytest.mark.parametrize(("y", "z"), TEMPERATURE_DATA, ids=["binary", "multiclass"])
@pytest.mark.parametrize("power", [-1000, -60, 60, 1018])
def test_temperature_scales_with_the_logits(y, z, power):
    """T(2**k z) = 2**k T(z): no warning near 1e308, a relative tolerance near 1e-300."""
    base = C.fit_temperature(y, z)
    assert C.fit_temperature(y, np.ldexp(z, power)) == pytest.approx(
        math.ldexp(base, power), rel=1e-11)


def test_temperature_near_the_overflow_limit():
    # loss(b) = (2 softplus(-u) + softplus(u)) / 3, u = 1e308 b: the minimum is at u = ln 2
    assert C.fit_temperature([1, 1, 0], [1e308, -1e308, -1e308]) == pytest.approx(
        1e308 / math.log(2.0), rel=1e-12)


@pytest.mark.parametrize(("y", "z"), [
    ([0, 1, 2], [[1e308, -1e308, 0.0], [0.0, 1e308, -1e308], [1e308, 0.0, -1e308]]),
    ([1, 0, 1, 0], [1.7e308, -1.7e308, -1e-300, 1e-300]),
])
def test_temperature_beyond_the_float_range_is_a_clear_error(y, z):
    with pytest.raises(ValueError, match=r"^z: .*float range"):
        C.fit_temperature(y, z)


# ------------------------------------- sizes of arrays the function allocates are bounded

SIZE_PARAMS = [
    *[(f, {"y_true": [0, 1], "p": [0.2, 0.8]}, "n_bins")
      for f in (M.reliability_curve, M.expected_calibration_error)],
    *[(N.init_mlp, {"n_features": 2, "n_hidden": 2, "n_outputs": 2}, name)
      for name in ("n_features", "n_hidden", "n_outputs")],
]


def test_every_array_size_parameter_is_in_the_table():
    """Found from the declarations: every parameter checked against ARRAY_SIZE."""
    declared = {name for spec in (M._BIN_PARAMS, N._SIZES) for name, constraint in spec.items()
                if constraint is ARRAY_SIZE}
    assert declared == {name for _, _, name in SIZE_PARAMS}
    for module in (L, M, R, N):  # and no other module declares one
        source = inspect.getsource(module)
        assert ("ARRAY_SIZE" in source) == (module in (M, N)), module.__name__


@pytest.mark.parametrize(("func", "kwargs", "name"), SIZE_PARAMS,
                         ids=[f"{f.__name__}-{n}" for f, _, n in SIZE_PARAMS])
@pytest.mark.parametrize("huge", [1e308, 10**7, 10**400])
def test_huge_whole_number_size_is_refused_naming_it(func, kwargs, name, huge):
    with pytest.raises(InvalidParameterError, match=rf"^{name} must be an integer in \[1, "):
        func(**{**kwargs, name: huge})
    func(**{**kwargs, name: 10**6 if func is not N.init_mlp else 3})  # the bound is allowed


# ------------------------------------- property test: exact values near the float limits

POOL = [0.0, 5e-324, 1e-320, 2.2250738585072014e-308, 1e-170, 1e-160, 0.5, 3.0, 1e154,
        1e170, 1e200, 1e307, 8.9e307, 1e308, 1.7976931348623157e308]
_values = st.lists(st.tuples(st.sampled_from(POOL), st.sampled_from([1.0, -1.0])).map(
    lambda t: t[0] * t[1]), min_size=2, max_size=10)
PROPERTY = settings(max_examples=60, derandomize=True, deadline=None, database=None)


def _huber(y, p, delta):
    d, total = Fraction(delta), Fraction(0)
    for a, b in zip(y, p, strict=True):
        r = abs(Fraction(b) - Fraction(a))
        total += r * r / 2 if r <= d else d * (r - d / 2)
    return total


def _penalty(w, lam, ratio):
    q, r = [Fraction(x) for x in w], Fraction(ratio)
    return Fraction(lam) * (r * sum(abs(x) for x in q) + (1 - r) * sum(x * x for x in q))


def _close(got, want):
    """Correctly rounded up to a few units in the last place (absolute for subnormals)."""
    return got == want or abs(got - want) <= max(4e-16 * abs(want), 1e-322)


@PROPERTY
@given(_values, st.sampled_from([1e-300, 0.5, 1.0, 3.0, 1e300]), st.data())
def test_huber_is_exact_near_the_float_limits(values, delta, data):
    y = values[: len(values) // 2]
    p = data.draw(st.permutations(values))[: len(y)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            got = L.huber(y, p, delta=delta)
    assert _close(got, _float(_huber(y, p, delta) / len(y)))


@PROPERTY
@given(_values, st.sampled_from([0.0, 1e-300, 0.5, 1e300]), st.sampled_from([0.0, 0.25, 1.0]))
@example([1e-170, 0.0], 1e300, 0.0)  # the squares underflow to 0, the penalty is 1e-40
@example([1e-160, -1e-160], 1e300, 0.25)  # a subnormal sum of squares
def test_penalties_are_exact_near_the_float_limits(w, lam, ratio):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            got = {1.0: R.l1_penalty(w, lam), 0.0: R.l2_penalty(w, lam)}.get(ratio)
            got_net = R.elastic_net(w, lam, ratio)
    want = _float(_penalty(w, lam, ratio))
    assert _close(got_net, want)
    assert got is None or _close(got, want)
