"""Accuracy of the losses against a high-precision reference (mpmath, 60 digits).

Each per-element value must be within 1e-15 relative error of the exact value. Where the
exact value is a subnormal double (below 2.2e-308), doubles themselves hold fewer digits, so
an absolute error of one subnormal step (2**-1074) is also accepted; an exact 0 is accepted
only when the true value is below the smallest positive double.
"""

import mpmath as mp
import numpy as np
import pytest

import lossedu.losses as L

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")  # numpy warnings fail tests

mp.mp.dps = 60
TINY = 2.0**-1074  # the smallest positive double
RTOL = 1e-15


def assert_accurate(got, exact):
    """Per element: |got - exact| <= 1e-15 |exact| (+ one subnormal step); 0 only on underflow."""
    got = np.asarray(got, dtype=float).ravel()
    exact = list(np.ravel(np.asarray(exact, dtype=object)))
    assert len(got) == len(exact)
    for g, e in zip(got, exact, strict=True):
        err = abs(mp.mpf(float(g)) - e)
        assert err <= RTOL * abs(e) + TINY, f"got {g!r}, exact {mp.nstr(e, 20)}"
        if g == 0.0:
            assert abs(e) < TINY, f"got 0 but the exact value {mp.nstr(e, 20)} is a double"


def softplus(x):  # log(1 + e^x), exactly
    return mp.log1p(mp.exp(x))


def sigmoid(x):
    return 1 / (1 + mp.exp(-x))


# ------------------------------------------------------------------ binary cross-entropy (logits)

Z_HARD = [0.0, 1e-300, 1e-10, 0.5, 1.0, 10.0, 36.0, 37.0, 40.0, 100.0, 700.0, 709.0, 710.0,
          720.0, 740.0, 745.0, 745.2, 746.0, 800.0, 1e3, 5e3, 1e4]  # fmt: skip


def z_grid():
    rng = np.random.default_rng(1)
    z = np.array(Z_HARD + list(rng.uniform(0, 1e4, 30)) + list(np.logspace(-8, 4, 40))
                 + list(rng.uniform(0, 40, 300)) + list(np.linspace(0, 2, 101)))
    return np.concatenate([z, -z])


@pytest.mark.parametrize("label", [0, 1])
def test_bce_with_logits_per_element(label):
    z = z_grid()
    y = np.full(z.shape, label)
    got = L.binary_cross_entropy_with_logits(y, z, reduction="none")
    t = 2 * label - 1  # loss = log(1 + exp(-t z))
    assert_accurate(got, [softplus(-t * mp.mpf(float(v))) for v in z])


def test_bce_with_logits_named_cases():
    got = L.binary_cross_entropy_with_logits([1, 0], [40.0, -40.0], reduction="none")
    assert got[0] == got[1] and f"{got[0]:.4g}" == "4.248e-18"
    assert_accurate(got, [softplus(mp.mpf(-40))] * 2)
    assert L.binary_cross_entropy_with_logits([1], [746.0]) == 0.0  # true loss e^-746 < 2**-1074


@pytest.mark.parametrize("label", [0, 1])
def test_bce_with_logits_grad_per_element(label):
    z = z_grid()
    y = np.full(z.shape, label)
    got = L.binary_cross_entropy_with_logits_grad(y, z)
    # exact sigmoid(z) - y: for y = 1 write it as -1 / (1 + e^z) (60 digits cannot hold 1 - 1e-4343)
    if label == 1:
        exact = [-1 / (1 + mp.exp(mp.mpf(float(v)))) for v in z]
    else:
        exact = [sigmoid(mp.mpf(float(v))) for v in z]
    assert_accurate(got, [e / z.size for e in exact])


def test_bce_with_logits_grad_named_case():
    g = L.binary_cross_entropy_with_logits_grad([1], [40.0])[0]
    assert f"{g:.4g}" == "-4.248e-18"


# ------------------------------------------------------------------ binary cross-entropy (probs)

P_HARD = [1e-300, 1e-200, 1e-20, 1e-16, 2.0**-53, 1e-5, 0.1, 0.3, 0.5, 0.7, 0.9, 1 - 1e-10,
          1 - 2.0**-52, 1 - 2.0**-53]  # fmt: skip


@pytest.mark.parametrize("label", [0, 1])
def test_bce_from_probabilities_per_element(label):
    p = np.array(P_HARD)
    got = L.binary_cross_entropy(np.full(p.shape, label), p, reduction="none")
    exact = [-mp.log(mp.mpf(v)) if label == 1 else -mp.log1p(-mp.mpf(v)) for v in P_HARD]
    assert_accurate(got, exact)


def test_bce_from_probabilities_named_cases():
    assert L.binary_cross_entropy([0], [1e-300]) == 1e-300
    assert L.binary_cross_entropy([1], [1 - 2.0**-53]) == pytest.approx(2.0**-53, rel=1e-15)
    assert L.binary_cross_entropy([0], [1 - 2.0**-53]) == pytest.approx(53 * np.log(2), rel=1e-15)


# ------------------------------------------------------------------ softmax cross-entropy

ROWS = [
    [1e4, 1e4 + 1, 1e4 - 1],
    [50.0, 0.0, 0.0],
    [1000.0, 0.0, -1000.0],
    [-1000.0, 1000.0, 0.0],
    [1e-20, 0.0, -1e-20],
    [3.0, 3.0, 3.0],
    [708.0, 709.0, 710.0],
    [-745.0, 0.0, 745.0],
]


def exact_log_softmax(row):
    """x_k - log(sum_j e^x_j), written (x_k - m) - log1p(sum_{j != a} e^(x_j - m)) so that
    60 digits suffice even when the result is as small as 1e-141."""
    xs = [mp.mpf(float(v)) for v in row]
    a = max(range(len(xs)), key=lambda j: xs[j])
    rest = mp.fsum(mp.exp(v - xs[a]) for j, v in enumerate(xs) if j != a)
    return [(v - xs[a]) - mp.log1p(rest) for v in xs]


@pytest.mark.parametrize("row", ROWS, ids=[str(r) for r in ROWS])
def test_softmax_cross_entropy_every_target(row):
    x = np.array([row] * len(row))
    y = np.arange(len(row))
    got = L.softmax_cross_entropy(y, x, reduction="none")
    assert_accurate(got, [-v for v in exact_log_softmax(row)])
    assert_accurate(L.log_softmax(np.array(row)), exact_log_softmax(row))


def test_softmax_cross_entropy_random_rows():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((30, 4)) * rng.choice([1.0, 30.0, 1e3], (30, 1))
    y = rng.integers(0, 4, 30)
    got = L.softmax_cross_entropy(y, x, reduction="none")
    assert_accurate(got, [-exact_log_softmax(r)[k] for r, k in zip(x, y, strict=True)])


def test_softmax_cross_entropy_named_case():
    loss = L.softmax_cross_entropy([0], [[50.0, 0.0, 0.0]])
    assert f"{loss:.3g}" == "3.86e-22"


def test_softmax_cross_entropy_grad_accurate():
    x = np.array(ROWS[:4] + [[50.0, 0.0, 0.0]])
    y = np.array([0, 0, 2, 1, 0])
    got = L.softmax_cross_entropy_grad(y, x)
    exact = []
    for row, k in zip(x, y, strict=True):
        p = [mp.exp(v) for v in exact_log_softmax(row)]
        exact.append([(pj - (j == k)) / len(y) for j, pj in enumerate(p)])
    assert_accurate(got, exact)


def test_cross_entropy_from_probabilities():
    p = np.array([[1e-300, 1 - 1e-300], [0.5, 0.5], [1 - 2.0**-53, 2.0**-53]])
    got = L.cross_entropy([0, 1, 0], p, reduction="none")
    exact = [-mp.log(mp.mpf(v)) for v in (1e-300, 0.5, 1 - 2.0**-53)]
    assert_accurate(got, exact)


# ------------------------------------------------------------------ mse / mae on 10^7 values


@pytest.fixture(scope="module")
def mixed_magnitudes():
    """10^7 values spanning 16 orders of magnitude, and an exact-enough reference."""
    if np.finfo(np.longdouble).nmant < 63:
        pytest.skip("needs 80-bit long double for the reference sums")
    rng = np.random.default_rng(3)
    n = 10**7
    y = rng.standard_normal(n) * 10.0 ** rng.uniform(-8, 8, n)
    p = y + rng.standard_normal(n) * 10.0 ** rng.uniform(-8, 8, n)
    return y, p


def reference_mean(d_long):
    """Mean of long-double values: 64-bit mantissas, pairwise sum, error ~1e-18 relative."""
    return np.sum(d_long, dtype=np.longdouble) / d_long.size


def test_mse_and_mae_accurate_on_ten_million_values(mixed_magnitudes):
    y, p = mixed_magnitudes
    d = p.astype(np.longdouble) - y.astype(np.longdouble)  # exact for these magnitudes
    exact_mse, exact_mae = reference_mean(d * d), reference_mean(np.abs(d))
    for got, exact in ((L.mse(y, p), exact_mse), (L.mae(y, p), exact_mae)):
        rel = abs(np.longdouble(got) - exact) / exact
        assert rel <= 2e-16, rel
    # the shortcut dot(d, d) / n is what we avoid: it is measurably less accurate here
    dd = p - y
    rel_dot = abs(np.longdouble(np.dot(dd, dd) / dd.size) - exact_mse) / exact_mse
    assert abs(np.longdouble(L.mse(y, p)) - exact_mse) / exact_mse <= rel_dot


def test_float32_inputs_reduced_in_float64():
    rng = np.random.default_rng(4)
    y = rng.standard_normal(10**6).astype(np.float32)
    p = (y + rng.standard_normal(10**6) * 1e-3).astype(np.float32)
    d = p.astype(np.longdouble) - y.astype(np.longdouble)
    exact = reference_mean(d * d)
    assert abs(np.longdouble(L.mse(y, p)) - exact) / exact <= 2e-16
