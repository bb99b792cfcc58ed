"""The losses of lecture 06 (the probabilistic view): pinball and Gaussian NLL.

Values against mpmath (60 digits) and against scipy / scikit-learn, gradients against central
finite differences, validation (errors name the argument), reductions, and the heteroscedastic
data generator of lossedu.data.
"""

import mpmath as mp
import numpy as np
import pytest
from scipy.stats import norm
from sklearn.metrics import mean_pinball_loss

import lossedu.losses as L
from lossedu.data import make_heteroscedastic

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")  # numpy warnings fail tests

mp.mp.dps = 60


def _close_to_exact(got, exact, scale):
    """|got - exact| <= 4e-16 * scale per element (scale: the size of the terms summed)."""
    got = np.ravel(got)
    for g, e, sc in zip(got, exact, np.ravel(scale), strict=True):
        assert abs(mp.mpf(float(g)) - e) <= 4e-16 * sc + 1e-300, (g, mp.nstr(e, 20))


# ------------------------------------------------------------------------------- pinball
def _random_pair(seed, n=40):
    rng = np.random.default_rng(seed)
    return rng.normal(0, 3, n), rng.normal(0, 3, n)


@pytest.mark.parametrize("tau", [0.01, 0.1, 0.5, 0.9, 0.99])
def test_pinball_matches_mpmath(tau):
    y, p = _random_pair(0)
    got = L.pinball(y, p, quantile=tau, reduction="none")
    exact = []
    for yi, pi in zip(y, p, strict=True):
        r = mp.mpf(float(yi)) - mp.mpf(float(pi))
        exact.append(max(mp.mpf(tau) * r, (mp.mpf(tau) - 1) * r))
    _close_to_exact(got, exact, np.abs(y - p) + np.abs(y) + np.abs(p))


@pytest.mark.parametrize("tau", [0.1, 0.5, 0.9])
def test_pinball_matches_sklearn(tau):
    y, p = _random_pair(1)
    assert L.pinball(y, p, quantile=tau) == pytest.approx(mean_pinball_loss(y, p, alpha=tau),
                                                          rel=1e-14)


def test_pinball_half_is_half_the_mae():
    y, p = _random_pair(2)
    assert L.pinball(y, p, quantile=0.5) == pytest.approx(0.5 * L.mae(y, p), rel=1e-14)


def test_pinball_asymmetry_and_reductions():
    # too low by 2 costs tau * 2; too high by 3 costs (1 - tau) * 3
    assert L.pinball([10.0], [8.0], quantile=0.9) == pytest.approx(1.8)
    assert L.pinball([10.0], [13.0], quantile=0.9) == pytest.approx(0.3)
    y, p = _random_pair(3)
    each = L.pinball(y, p, quantile=0.3, reduction="none")
    assert each.shape == y.shape and (each >= 0).all()
    assert L.pinball(y, p, quantile=0.3, reduction="sum") == pytest.approx(each.sum())
    assert L.pinball(y, p, quantile=0.3) == pytest.approx(each.mean())


def test_pinball_minimiser_is_the_quantile():
    rng = np.random.default_rng(4)
    y = rng.exponential(2.0, 999)
    grid = np.linspace(0, 10, 10001)
    for tau in (0.1, 0.5, 0.9):
        costs = [L.pinball(y, np.full_like(y, c), quantile=tau) for c in grid]
        best = grid[int(np.argmin(costs))]
        assert best == pytest.approx(np.quantile(y, tau, method="inverted_cdf"), abs=1e-3)


@pytest.mark.parametrize("tau", [0.1, 0.5, 0.8])
def test_pinball_grad_matches_finite_differences(tau):
    y, p = _random_pair(5, n=25)
    grad = L.pinball_grad(y, p, quantile=tau)
    h = 1e-6
    for i in range(y.size):  # away from the kink, the loss is linear: differences are exact
        up, down = p.copy(), p.copy()
        up[i] += h
        down[i] -= h
        fd = (L.pinball(y, up, quantile=tau) - L.pinball(y, down, quantile=tau)) / (2 * h)
        assert grad[i] == pytest.approx(fd, rel=1e-5, abs=1e-9)


def test_pinball_grad_at_the_kink_is_a_subgradient():
    assert L.pinball_grad([1.0, 2.0], [1.0, 2.0], quantile=0.2).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("bad", [0, 1, 0.0, 1.0, -0.1, 1.5, float("nan")])
def test_pinball_rejects_quantiles_outside_the_open_interval(bad):
    with pytest.raises(ValueError, match="^quantile"):
        L.pinball([1.0], [1.0], quantile=bad)
    with pytest.raises(ValueError, match="^quantile"):
        L.pinball_grad([1.0], [1.0], quantile=bad)


def test_pinball_validation_names_the_argument():
    with pytest.raises(TypeError, match="^quantile"):
        L.pinball([1.0], [1.0], quantile="0.5")
    with pytest.raises(TypeError, match="^quantile"):
        L.pinball([1.0], [1.0], quantile=True)
    with pytest.raises(ValueError, match="^y_true has shape"):
        L.pinball([1.0, 2.0], [[1.0], [2.0]])
    with pytest.raises(ValueError, match="^y_pred contains nan"):
        L.pinball([1.0, 2.0], [1.0, np.nan])
    with pytest.raises(ValueError, match="^reduction"):
        L.pinball([1.0], [1.0], reduction="avg")
    with pytest.raises(TypeError):
        L.pinball([1.0], [1.0], 0.5)  # the quantile is keyword-only


# ------------------------------------------------------------------------------- Gaussian NLL
def _random_gaussian(seed, n=40):
    rng = np.random.default_rng(seed)
    y, mean = rng.normal(0, 3, n), rng.normal(0, 3, n)
    var = np.exp(rng.uniform(-8, 8, n))
    return y, mean, var


@pytest.mark.parametrize("full", [False, True])
def test_gaussian_nll_matches_mpmath(full):
    y, mean, var = _random_gaussian(0)
    var[:3] = [1e-300, 1e300, 1.0]
    got = L.gaussian_nll(y, mean, var, reduction="none", full=full)
    exact, scale = [], []
    for yi, mi, vi in zip(y, mean, var, strict=True):
        r = mp.mpf(float(yi)) - mp.mpf(float(mi))
        v = mp.mpf(float(vi))
        terms = [mp.log(v) / 2, r * r / (2 * v)] + ([mp.log(2 * mp.pi) / 2] if full else [])
        exact.append(sum(terms))
        scale.append(float(sum(abs(t) for t in terms)))
    _close_to_exact(got, exact, np.array(scale))


def test_gaussian_nll_full_is_the_normal_log_density():
    y, mean, var = _random_gaussian(1)
    want = -norm.logpdf(y, loc=mean, scale=np.sqrt(var))
    np.testing.assert_allclose(L.gaussian_nll(y, mean, var, full=True, reduction="none"),
                               want, rtol=1e-12, atol=1e-12)
    const = 0.5 * np.log(2 * np.pi)
    assert L.gaussian_nll(y, mean, var, full=True) == pytest.approx(
        L.gaussian_nll(y, mean, var) + const, rel=1e-14)


def test_gaussian_nll_can_be_negative():
    assert L.gaussian_nll([0.0], [0.0], [0.01], full=True) < 0


def test_gaussian_nll_constant_variance_is_scaled_mse():
    y, mean, _ = _random_gaussian(2)
    v = 2.5
    want = L.mse(y, mean) / (2 * v) + 0.5 * np.log(v)
    assert L.gaussian_nll(y, mean, np.full_like(y, v)) == pytest.approx(want, rel=1e-14)


def test_gaussian_nll_reductions():
    y, mean, var = _random_gaussian(3)
    each = L.gaussian_nll(y, mean, var, reduction="none")
    assert L.gaussian_nll(y, mean, var, reduction="sum") == pytest.approx(each.sum())
    assert L.gaussian_nll(y, mean, var) == pytest.approx(each.mean())


def _central(f, x, i, h):
    up, down = x.copy(), x.copy()
    up[i] += h
    down[i] -= h
    return (f(up) - f(down)) / (2 * h)


@pytest.mark.parametrize("seed", range(3))
def test_gaussian_nll_grad_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    n = 12
    y, mean = rng.normal(0, 2, n), rng.normal(0, 2, n)
    var = np.exp(rng.uniform(-1, 1.5, n))
    g_mean, g_var = L.gaussian_nll_grad(y, mean, var)
    assert g_mean.shape == g_var.shape == y.shape
    for i in range(n):
        fd_m = _central(lambda m: L.gaussian_nll(y, m, var), mean, i, 1e-6)
        fd_v = _central(lambda v: L.gaussian_nll(y, mean, v), var, i, 1e-6 * var[i])
        assert g_mean[i] == pytest.approx(fd_m, rel=1e-6, abs=1e-10)
        assert g_var[i] == pytest.approx(fd_v, rel=1e-6, abs=1e-10)


def test_gaussian_nll_grad_zero_at_the_best_variance():
    g_mean, g_var = L.gaussian_nll_grad([3.0], [1.0], [4.0])  # v = r^2: best variance
    assert g_mean.tolist() == [-0.5] and g_var.tolist() == [0.0]


@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan, np.inf])
def test_gaussian_nll_rejects_bad_variances(bad):
    var = np.array([1.0, bad])
    with pytest.raises(ValueError, match="^var"):
        L.gaussian_nll([0.0, 0.0], [0.0, 0.0], var)
    with pytest.raises(ValueError, match="^var"):
        L.gaussian_nll_grad([0.0, 0.0], [0.0, 0.0], var)


def test_gaussian_nll_validation_names_the_argument():
    with pytest.raises(ValueError, match="^var must be > 0; found -2.0 at flat index 1"):
        L.gaussian_nll([0.0, 0.0], [0.0, 0.0], [1.0, -2.0])
    with pytest.raises(ValueError, match="^y_true has shape .* but var"):
        L.gaussian_nll([0.0, 0.0], [0.0, 0.0], [1.0])
    with pytest.raises(ValueError, match="^y_true has shape .* but mean"):
        L.gaussian_nll([0.0, 0.0], [0.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="^mean contains inf"):
        L.gaussian_nll([0.0, 0.0], [0.0, np.inf], [1.0, 1.0])
    with pytest.raises(TypeError, match="^var must contain numbers"):
        L.gaussian_nll([0.0], [0.0], ["1"])
    with pytest.raises(ValueError, match="^reduction"):
        L.gaussian_nll([0.0], [0.0], [1.0], reduction="mean ")
    with pytest.raises(TypeError):
        L.gaussian_nll([0.0], [0.0], [1.0], "sum")  # reduction is keyword-only
    with pytest.raises(TypeError, match="^full must be True or False"):
        L.gaussian_nll([0.0], [0.0], [1.0], full="yes")


def test_new_losses_are_public():
    for name in ("pinball", "pinball_grad", "gaussian_nll", "gaussian_nll_grad"):
        assert name in L.__all__


# ------------------------------------------------------------------------------- data
def test_make_heteroscedastic():
    x, y, s = make_heteroscedastic(n=500, seed=3)
    assert x.shape == y.shape == s.shape == (500,)
    assert (np.diff(x) >= 0).all() and (s > 0).all()
    np.testing.assert_allclose(s, 0.1 * np.exp(0.3 * x))
    x2, y2, _ = make_heteroscedastic(n=500, seed=3)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    z = (y - (0.5 * x + 1.0)) / s  # standardised noise
    assert abs(z.mean()) < 0.2 and 0.85 < z.std() < 1.15


def test_make_heteroscedastic_validation():
    with pytest.raises(ValueError, match="^scale must be a finite number > 0"):
        make_heteroscedastic(scale=0.0)
    with pytest.raises(TypeError, match="^growth"):
        make_heteroscedastic(growth="fast")
    with pytest.raises(ValueError, match="^n must be"):
        make_heteroscedastic(n=0)
