"""lossedu.losses: values, agreement with scikit-learn, reductions, gradients (hypothesis)."""

import doctest

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import expit
from sklearn.metrics import hinge_loss, log_loss, mean_absolute_error, mean_squared_error

import lossedu._kernels as K
import lossedu.calibration
import lossedu.losses as L
import lossedu.metrics
import lossedu.regularization

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")  # numpy warnings fail tests

FAST = settings(max_examples=40, deadline=None)
rng = np.random.default_rng(0)


# --------------------------------------------------------------------------- strategies


def finite(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def regression(draw, lo=-100.0, hi=100.0):
    n = draw(st.integers(1, 6))
    y = draw(arrays(np.float64, n, elements=finite(lo, hi)))
    p = draw(arrays(np.float64, n, elements=finite(lo, hi)))
    return y, p


@st.composite
def binary(draw, lo=-30.0, hi=30.0):
    n = draw(st.integers(1, 6))
    y = draw(arrays(np.int64, n, elements=st.integers(0, 1)))
    z = draw(arrays(np.float64, n, elements=finite(lo, hi)))
    return y, z


@st.composite
def multiclass(draw, lo=-30.0, hi=30.0):
    n, k = draw(st.integers(1, 5)), draw(st.integers(2, 4))
    y = draw(arrays(np.int64, n, elements=st.integers(0, k - 1)))
    x = draw(arrays(np.float64, (n, k), elements=finite(lo, hi)))
    return y, x


def central_difference(f, x, h):
    """Numerical gradient of the scalar function f at x (any shape), step h per coordinate."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = h * max(1.0, abs(x[i]))
        xp, xm = x.copy(), x.copy()
        xp[i] += step
        xm[i] -= step
        grad[i] = (f(xp) - f(xm)) / (xp[i] - xm[i])
    return grad


def assert_grad_matches(grad, f, x, h=1e-6, rtol=1e-5, atol=1e-7):
    np.testing.assert_allclose(grad, central_difference(f, x, h), rtol=rtol, atol=atol)


# --------------------------------------------------------------------------- known values


def test_known_values():
    assert L.mse([1, 2, 3], [1, 2, 5]) == pytest.approx(4 / 3)
    assert L.mae([1, 2, 3], [1, 2, 5]) == pytest.approx(2 / 3)
    assert L.huber([0, 0, 0], [0.5, 1.0, 3.0]) == pytest.approx((0.125 + 0.5 + 2.5) / 3)
    assert L.huber([0.0], [3.0], delta=2.0) == pytest.approx(2.0 * (3.0 - 1.0))
    assert L.hinge([1, 0], [0.5, 0.5]) == pytest.approx((0.5 + 1.5) / 2)
    assert L.binary_cross_entropy([1, 0], [0.5, 0.5]) == pytest.approx(np.log(2))
    assert L.binary_cross_entropy_with_logits([1, 0], [0.0, 0.0]) == pytest.approx(np.log(2))
    assert L.softmax_cross_entropy([1], [[0.0, 0.0, 0.0, 0.0]]) == pytest.approx(np.log(4))
    assert L.cross_entropy([[0, 1]], [[0.25, 0.75]]) == pytest.approx(-np.log(0.75))
    assert L.sigmoid(0) == 0.5
    np.testing.assert_allclose(L.softmax([[0.0, np.log(3.0)]]), [[0.25, 0.75]])


def test_mean_returns_python_float_and_none_returns_array():
    assert type(L.mse([1.0], [2.0])) is float
    assert isinstance(L.mse([1.0], [2.0], reduction="none"), np.ndarray)


def test_float32_and_int_inputs_are_accumulated_in_float64():
    a32 = np.array([0.1, 0.2, 0.3], dtype=np.float32)
    b32 = np.array([0.3, 0.1, 0.7], dtype=np.float32)
    a64, b64 = a32.astype(np.float64), b32.astype(np.float64)
    assert L.mse(a32, b32) == L.mse(a64, b64)
    assert L.mae(a32, b32) == L.mae(a64, b64)
    assert L.mse([1, 2], [3, 2]) == 2.0
    assert L.binary_cross_entropy_with_logits([True, False], a32[:2]) == (
        L.binary_cross_entropy_with_logits([1, 0], a64[:2])
    )


def test_one_hot_and_integer_labels_agree():
    x = rng.standard_normal((6, 4))
    y = rng.integers(0, 4, 6)
    onehot = np.eye(4)[y]
    assert L.softmax_cross_entropy(y, x) == L.softmax_cross_entropy(onehot, x)
    np.testing.assert_array_equal(
        L.softmax_cross_entropy_grad(y, x), L.softmax_cross_entropy_grad(onehot, x)
    )
    p = L.softmax(x)
    assert L.cross_entropy(y, p) == L.cross_entropy(onehot, p)
    assert L.cross_entropy(y, p) == pytest.approx(L.softmax_cross_entropy(y, x), rel=1e-12)


def test_hinge_label_conventions_agree():
    s = rng.standard_normal(8)
    y01 = rng.integers(0, 2, 8)
    assert L.hinge(y01, s) == L.hinge(2 * y01 - 1, s)
    np.testing.assert_array_equal(L.hinge_grad(y01, s), L.hinge_grad(2 * y01 - 1, s))


def test_confident_wrong_probability_is_inf_without_warning():
    assert L.binary_cross_entropy([1], [0.0]) == np.inf
    assert L.binary_cross_entropy([0], [1.0]) == np.inf
    assert L.binary_cross_entropy([1, 0], [1.0, 0.0]) == 0.0
    assert L.cross_entropy([0], [[0.0, 1.0]]) == np.inf
    assert L.binary_cross_entropy_grad([1], [0.0])[0] == -np.inf
    assert L.cross_entropy_grad([0], [[0.0, 1.0]])[0, 0] == -np.inf


def test_eps_clips_and_caps_the_loss():
    eps = np.finfo(np.float64).eps
    assert L.binary_cross_entropy([1], [0.0], eps=eps) == pytest.approx(-np.log(eps))
    assert round(-np.log(eps), 2) == 36.04
    assert L.binary_cross_entropy([1], [0.5], eps=eps) == pytest.approx(np.log(2))


def test_softmax_does_not_overflow():
    p = L.softmax([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    assert np.isfinite(p).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert L.sigmoid(-1000.0) == 0.0 and L.sigmoid(1000.0) == 1.0
    np.testing.assert_allclose(L.softmax(np.zeros((2, 3)), axis=0), 0.5)
    np.testing.assert_allclose(np.exp(L.log_softmax([[1.0, 2.0], [3.0, 5.0]], axis=0)).sum(0), 1.0)


# --------------------------------------------------------------------------- scikit-learn


def test_regression_losses_match_sklearn():
    y, p = rng.standard_normal(1000) * 3, rng.standard_normal(1000)
    assert L.mse(y, p) == pytest.approx(mean_squared_error(y, p), rel=1e-14)
    assert L.mae(y, p) == pytest.approx(mean_absolute_error(y, p), rel=1e-14)
    from sklearn.metrics import r2_score, root_mean_squared_error

    assert lossedu.metrics.rmse(y, p) == pytest.approx(root_mean_squared_error(y, p), rel=1e-14)
    assert lossedu.metrics.r2(y, p) == pytest.approx(r2_score(y, p), rel=1e-12)


def test_hinge_matches_sklearn():
    y = rng.integers(0, 2, 500)
    s = rng.standard_normal(500) * 2
    assert L.hinge(y, s) == pytest.approx(hinge_loss(y, s), rel=1e-14)
    assert L.hinge(2 * y - 1, s) == pytest.approx(hinge_loss(2 * y - 1, s), rel=1e-14)


def test_log_losses_match_sklearn_on_safe_inputs():
    y = rng.integers(0, 2, 500)
    z = rng.standard_normal(500) * 3
    p = expit(z)
    assert L.binary_cross_entropy(y, p) == pytest.approx(log_loss(y, p), rel=1e-12)
    assert L.binary_cross_entropy_with_logits(y, z) == pytest.approx(log_loss(y, p), rel=1e-12)
    yk = rng.integers(0, 3, 300)
    x = rng.standard_normal((300, 3))
    pk = L.softmax(x)
    assert L.cross_entropy(yk, pk) == pytest.approx(log_loss(yk, pk, labels=[0, 1, 2]), rel=1e-12)
    assert L.softmax_cross_entropy(yk, x) == pytest.approx(
        log_loss(yk, pk, labels=[0, 1, 2]), rel=1e-12
    )


# --------------------------------------------------------------------------- properties

LOSSES = [  # name, loss(y, pred, **kw), strategy
    ("mse", L.mse, regression()),
    ("mae", L.mae, regression()),
    ("huber", L.huber, regression()),
    ("hinge", L.hinge, binary()),
    ("bce_logits", L.binary_cross_entropy_with_logits, binary()),
    ("softmax_ce", L.softmax_cross_entropy, multiclass()),
]


@pytest.mark.parametrize(("name", "loss", "strategy"), LOSSES, ids=[x[0] for x in LOSSES])
def test_reductions_and_non_negativity(name, loss, strategy):
    @FAST
    @given(strategy)
    def check(case):
        y, pred = case
        per = loss(y, pred, reduction="none")
        assert per.shape == (y.shape[0],)
        assert (per >= 0).all()
        mean, total = loss(y, pred), loss(y, pred, reduction="sum")
        assert total == pytest.approx(y.shape[0] * mean, rel=1e-12, abs=1e-300)
        assert mean == pytest.approx(np.mean(per), rel=1e-12, abs=1e-300)

    check()


@FAST
@given(regression())
def test_regression_losses_zero_at_perfect_prediction(case):
    y, _ = case
    for loss in (L.mse, L.mae, L.huber):
        assert loss(y, y) == 0.0
        assert (loss(y, y, reduction="none") == 0.0).all()


@FAST
@given(binary(lo=-5, hi=5))
def test_probability_bce_agrees_with_logits_and_is_zero_when_certain(case):
    y, z = case
    assert L.binary_cross_entropy(y, expit(z)) == pytest.approx(
        L.binary_cross_entropy_with_logits(y, z), rel=1e-10
    )
    assert L.binary_cross_entropy(y, y.astype(float)) == 0.0
    per = L.binary_cross_entropy(y, expit(z), reduction="none")
    assert L.binary_cross_entropy(y, expit(z), reduction="sum") == pytest.approx(per.sum())


@FAST
@given(multiclass(lo=-5, hi=5))
def test_probability_cross_entropy_agrees_with_logits(case):
    y, x = case
    p = L.softmax(x)
    assert L.cross_entropy(y, p) == pytest.approx(L.softmax_cross_entropy(y, x), rel=1e-10)
    assert L.cross_entropy(y, np.eye(x.shape[1])[y]) == 0.0
    per = L.cross_entropy(y, p, reduction="none")
    assert L.cross_entropy(y, p, reduction="sum") == pytest.approx(per.sum())


@FAST
@given(multiclass())
def test_softmax_rows_sum_to_one_and_log_softmax_matches(case):
    _, x = case
    p = L.softmax(x)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(L.log_softmax(x), np.log(p), rtol=1e-12, atol=1e-14)


# --------------------------------------------------------------------------- gradients


@FAST
@given(regression())
def test_mse_grad(case):
    y, p = case
    assert_grad_matches(L.mse_grad(y, p), lambda q: L.mse(y, q), p, rtol=1e-6, atol=1e-6)


@FAST
@given(regression())
def test_mae_grad(case):
    y, p = case
    assume(np.abs(p - y).min() > 1e-3)  # away from the kink at r = 0
    assert_grad_matches(L.mae_grad(y, p), lambda q: L.mae(y, q), p)


@FAST
@given(regression(lo=-3, hi=3), finite(0.1, 3.0))
def test_huber_grad(case, delta):
    y, p = case
    assume(np.abs(np.abs(p - y) - delta).min() > 1e-3)
    g = L.huber_grad(y, p, delta=delta)
    assert_grad_matches(g, lambda q: L.huber(y, q, delta=delta), p)


@FAST
@given(binary(lo=-5, hi=5))
def test_hinge_grad(case):
    y, s = case
    assume(np.abs(1.0 - (2 * y - 1) * s).min() > 1e-3)  # away from the kink
    assert_grad_matches(L.hinge_grad(y, s), lambda q: L.hinge(y, q), s)


def test_subgradients_at_kinks_are_zero():
    assert L.mae_grad([1.0], [1.0])[0] == 0.0
    assert L.hinge_grad([1], [1.0])[0] == 0.0
    assert L.hinge_grad([-1], [-1.0])[0] == 0.0


@FAST
@given(binary())
def test_bce_with_logits_grad(case):
    y, z = case
    g = L.binary_cross_entropy_with_logits_grad(y, z)
    assert_grad_matches(g, lambda q: L.binary_cross_entropy_with_logits(y, q), z)


@FAST
@given(binary(), st.integers(0, 2**31))
def test_bce_grad(case, seed):
    y, _ = case
    p = np.random.default_rng(seed).uniform(0.05, 0.95, y.shape)
    g = L.binary_cross_entropy_grad(y, p)
    assert_grad_matches(g, lambda q: L.binary_cross_entropy(y, q), p, h=1e-7)


@FAST
@given(multiclass())
def test_softmax_cross_entropy_grad(case):
    y, x = case
    g = L.softmax_cross_entropy_grad(y, x)
    assert g.shape == x.shape
    np.testing.assert_allclose(g.sum(axis=1), 0.0, atol=1e-15)
    assert_grad_matches(g, lambda q: L.softmax_cross_entropy(y, q), x)


@FAST
@given(multiclass(lo=-3, hi=3))
def test_cross_entropy_grad(case):
    y, x = case
    p = L.softmax(x)
    g = L.cross_entropy_grad(y, p)

    def loss_free_p(q):  # the gradient treats p as free numbers: same formula, no row check
        return float(np.mean(-np.log(q[np.arange(len(y)), y])))

    assert_grad_matches(g, loss_free_p, p, h=1e-7)
    expected = np.zeros_like(p)
    expected[np.arange(len(y)), y] = -1.0 / (p[np.arange(len(y)), y] * len(y))
    np.testing.assert_allclose(g, expected, rtol=1e-15)


# --------------------------------------------------------------------------- doctests


@pytest.mark.parametrize("module", [L, lossedu.regularization, lossedu.metrics,
                                    lossedu.calibration])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_blockwise_reduction_of_large_inputs_matches_per_sample_values():
    # more than one block (lossedu._kernels.BLOCK values): the block-by-block path is used
    n = 3 * K.BLOCK + 17
    y, p = rng.standard_normal(n), rng.standard_normal(n)
    labels = rng.integers(0, 2, n)
    for loss, args in [(L.mse, (y, p)), (L.mae, (y, p)), (L.huber, (y, p)),
                       (L.binary_cross_entropy_with_logits, (labels, 5 * p))]:
        per = loss(*args, reduction="none")
        assert loss(*args, reduction="sum") == pytest.approx(np.sum(per), rel=1e-13)
        assert loss(*args) == pytest.approx(np.mean(per), rel=1e-13)
    with pytest.raises(ValueError, match="^y_pred contains nan at flat index 100000"):
        q = p.copy()
        q[100_000] = np.nan
        L.mse(y, q)


def test_parallel_blockwise_sum_is_bit_identical_to_serial():
    rng = np.random.default_rng(7)
    z = rng.normal(0.0, 5.0, 3_000_000)
    y = (rng.random(z.size) < 0.5).astype(float)
    serial = K.blockwise_sum(K.bce_with_logits, y, z)
    assert K.blockwise_sum(K.bce_with_logits, y, z, parallel=True) == serial
    assert serial == pytest.approx(float(np.sum(K.bce_with_logits(y, z))), rel=1e-13)
