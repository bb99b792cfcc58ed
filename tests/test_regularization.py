"""lossedu.regularization: values, gradients, and the mapping to scikit-learn's parameters."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression, Ridge

import lossedu.losses as L
import lossedu.regularization as R

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

FAST = settings(max_examples=40, deadline=None)
weights = arrays(np.float64, st.integers(1, 6), elements=st.floats(-10, 10))
lams = st.floats(0, 5)
ratios = st.floats(0, 1)


def numerical_grad(f, w, h=1e-6):
    g = np.zeros_like(w)
    for i in range(w.size):
        e = np.zeros_like(w)
        e[i] = h
        g[i] = (f(w + e) - f(w - e)) / (2 * h)
    return g


def test_values():
    w = [1.0, -2.0, 0.5]
    assert R.l1_penalty(w, 0.1) == pytest.approx(0.35)
    assert R.l2_penalty(w, 0.1) == pytest.approx(0.525)
    assert R.elastic_net(w, 0.1, 1.0) == pytest.approx(R.l1_penalty(w, 0.1))
    assert R.elastic_net(w, 0.1, 0.0) == pytest.approx(R.l2_penalty(w, 0.1))
    assert R.elastic_net(w, 0.1, 0.25) == pytest.approx(0.1 * (0.25 * 3.5 + 0.75 * 5.25))
    assert R.l2_penalty(w, 0) == 0.0


@FAST
@given(weights, lams, ratios)
def test_penalties_non_negative_and_gradients_match_finite_differences(w, lam, r):
    assert R.l1_penalty(w, lam) >= 0 and R.l2_penalty(w, lam) >= 0
    assert R.elastic_net(w, lam, r) >= 0
    np.testing.assert_allclose(
        R.l2_penalty_grad(w, lam), numerical_grad(lambda v: R.l2_penalty(v, lam), w),
        rtol=1e-6, atol=1e-6,
    )
    if np.abs(w).min() > 1e-3:  # away from the kink of |w|
        np.testing.assert_allclose(
            R.l1_penalty_grad(w, lam), numerical_grad(lambda v: R.l1_penalty(v, lam), w),
            rtol=1e-6, atol=1e-6,
        )
        np.testing.assert_allclose(
            R.elastic_net_grad(w, lam, r),
            numerical_grad(lambda v: R.elastic_net(v, lam, r), w),
            rtol=1e-6, atol=1e-6,
        )


def test_subgradient_zero_at_zero():
    assert R.l1_penalty_grad([0.0], 1.0)[0] == 0.0
    assert R.elastic_net_grad([0.0], 1.0, 0.5)[0] == 0.0


def test_convert_lam_round_trips():
    for conv in ("lam", "half", "half_m", "ridge_alpha", "C"):
        lam = R.convert_lam(0.37, conv, n_samples=50)
        assert R.convert_lam(lam, "lam", conv, n_samples=50) == pytest.approx(0.37)
    assert R.convert_lam(2.0, "half") == 1.0
    assert R.convert_lam(3.0, "half_m", n_samples=10) == pytest.approx(0.15)
    assert R.convert_lam(0.5, "lasso_alpha") == 1.0
    assert R.convert_lam(1.0, "C", n_samples=100) == pytest.approx(0.005)
    assert R.convert_lam(10.0, "ridge_alpha", "C", n_samples=100) == pytest.approx(0.05)


# ---------------------------------------------------------------- agreement with scikit-learn

rng = np.random.default_rng(0)
N, D = 200, 4
X = rng.standard_normal((N, D))
W0 = rng.standard_normal(D)
Y_REG = X @ W0 + 0.5 * rng.standard_normal(N)
Y_CLS = (X @ W0 + rng.standard_normal(N) > 0).astype(float)


@pytest.mark.parametrize("alpha", [0.1, 10.0, 300.0])
def test_ridge_alpha_equals_our_lam(alpha):
    w_sk = Ridge(alpha=alpha, fit_intercept=False).fit(X, Y_REG).coef_
    lam = R.convert_lam(alpha, "ridge_alpha", n_samples=N)
    # minimiser of mse(y, Xw) + lam * ||w||^2:  (X'X / n + lam I) w = X'y / n
    w_ours = np.linalg.solve(X.T @ X / N + lam * np.eye(D), X.T @ Y_REG / N)
    np.testing.assert_allclose(w_sk, w_ours, rtol=1e-10, atol=1e-12)
    grad = X.T @ L.mse_grad(Y_REG, X @ w_sk) + R.l2_penalty_grad(w_sk, lam)
    np.testing.assert_allclose(grad, 0.0, atol=1e-10)


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.5])
def test_lasso_alpha_equals_our_lam(alpha):
    w = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(X, Y_REG).coef_
    lam = R.convert_lam(alpha, "lasso_alpha")
    g = X.T @ L.mse_grad(Y_REG, X @ w)  # optimality of mse + lam*||w||_1:
    nz = w != 0
    np.testing.assert_allclose(g[nz] + lam * np.sign(w[nz]), 0.0, atol=1e-9)  # grad = 0
    assert (np.abs(g[~nz]) <= lam + 1e-9).all()  # 0 in the subdifferential


@pytest.mark.parametrize(("alpha", "rho"), [(0.05, 0.3), (0.2, 0.8)])
def test_elastic_net_conversion(alpha, rho):
    model = ElasticNet(alpha=alpha, l1_ratio=rho, fit_intercept=False, tol=1e-14, max_iter=100_000)
    w = model.fit(X, Y_REG).coef_
    lam, r = R.from_sklearn_elastic_net(alpha, rho)
    g = X.T @ L.mse_grad(Y_REG, X @ w) + lam * 2 * (1 - r) * w
    nz = w != 0
    np.testing.assert_allclose(g[nz] + lam * r * np.sign(w[nz]), 0.0, atol=1e-9)
    assert (np.abs(g[~nz]) <= lam * r + 1e-9).all()


@pytest.mark.parametrize("C", [0.01, 1.0])
def test_logistic_regression_C(C):
    model = LogisticRegression(C=C, fit_intercept=False, tol=1e-12, max_iter=10_000)
    w = model.fit(X, Y_CLS).coef_.ravel()
    lam = R.convert_lam(C, "C", n_samples=N)
    grad = X.T @ L.binary_cross_entropy_with_logits_grad(Y_CLS, X @ w) + R.l2_penalty_grad(w, lam)
    np.testing.assert_allclose(grad, 0.0, atol=1e-7)
