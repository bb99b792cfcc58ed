"""The deep-learning losses of notebook 12: focal loss, label smoothing, masked sequence
cross-entropy. Values against the textbook formulas and mpmath, gradients against central
finite differences (hypothesis draws the points), validation messages name the argument."""

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lossedu.losses as L

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

mp.mp.dps = 50


def finite_difference(f, x, h=1e-6):
    """Central differences of the scalar function f at every entry of x."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f(up) - f(down)) / (2 * h)
    return grad


# ----------------------------------------------------------------------------- focal loss
def focal_exact(y, z, gamma, alpha):
    """-alpha_t (1 - p_t)^gamma ln p_t in 50-digit arithmetic."""
    m = mp.mpf(float(z)) * (1 if y == 1 else -1)     # p_t = sigmoid(m)
    minus_log_pt = mp.log1p(mp.exp(-m))
    one_minus_pt = 1 / (1 + mp.exp(m))
    a_t = mp.mpf(alpha) if y == 1 else 1 - mp.mpf(alpha)
    return a_t * one_minus_pt ** mp.mpf(gamma) * minus_log_pt


@pytest.mark.parametrize("gamma, alpha", [(2.0, 0.25), (0.5, 0.9), (0.0, 0.5), (3.0, 1.0)])
def test_focal_loss_matches_mpmath(gamma, alpha):
    y = np.array([1, 0, 1, 0, 1, 0, 1, 0])
    z = np.array([-40.0, 40.0, -3.0, 0.7, 0.0, -12.0, 30.0, -700.0])
    got = L.focal_loss(y, z, gamma=gamma, alpha=alpha, reduction="none")
    for g, yi, zi in zip(got, y, z, strict=True):
        exact = focal_exact(yi, zi, gamma, alpha)
        assert abs(mp.mpf(float(g)) - exact) <= 1e-14 * abs(exact) + 2.0**-1074, (yi, zi, g)


def test_focal_loss_reduces_to_cross_entropy():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 50)
    z = rng.normal(0, 4, 50)
    bce = L.binary_cross_entropy_with_logits(y, z, reduction="none")
    half = L.focal_loss(y, z, gamma=0.0, alpha=0.5, reduction="none")
    np.testing.assert_allclose(half, bce / 2, rtol=1e-13)
    weights = np.where(y == 1, 0.8, 0.2)
    np.testing.assert_allclose(L.focal_loss(y, z, gamma=0.0, alpha=0.8, reduction="none"),
                               weights * bce, rtol=1e-13)


def test_focal_loss_extreme_logits_are_finite_and_tiny_values_kept():
    # confident and right: 1 - p_t = e^-40, loss = 0.25 * e^-80 * e^-40 (not 0)
    got = L.focal_loss([1], [40.0], reduction="sum")
    exact = focal_exact(1, 40.0, 2.0, 0.25)
    assert got > 0 and abs(mp.mpf(got) - exact) <= 1e-14 * exact
    # confident and wrong: finite, close to 0.75 * 1000
    assert L.focal_loss([0], [1000.0]) == pytest.approx(750.0)


def test_focal_reductions():
    y, z = [1, 0, 1], [0.3, -2.0, 1.5]
    per = L.focal_loss(y, z, reduction="none")
    assert per.shape == (3,)
    assert L.focal_loss(y, z) == pytest.approx(per.mean())
    assert L.focal_loss(y, z, reduction="sum") == pytest.approx(per.sum())


@settings(max_examples=60, deadline=None)
@given(
    z=st.lists(st.floats(-8, 8), min_size=1, max_size=6),
    gamma=st.floats(0, 4),
    alpha=st.floats(0, 1),
    seed=st.integers(0, 2**16),
)
def test_focal_grad_matches_finite_differences(z, gamma, alpha, seed):
    z = np.array(z)
    y = np.random.default_rng(seed).integers(0, 2, z.size)
    fd = finite_difference(lambda v: L.focal_loss(y, v, gamma=gamma, alpha=alpha), z)
    got = L.focal_loss_grad(y, z, gamma=gamma, alpha=alpha)
    np.testing.assert_allclose(got, fd, rtol=1e-5, atol=1e-8)


def test_focal_grad_with_gamma_zero_is_weighted_cross_entropy_grad():
    y, z = np.array([1, 0, 1, 0]), np.array([-2.0, 1.0, 3.0, -0.5])
    expected = np.where(y == 1, 0.3, 0.7) * L.binary_cross_entropy_with_logits_grad(y, z)
    np.testing.assert_allclose(L.focal_loss_grad(y, z, gamma=0.0, alpha=0.3), expected,
                               rtol=1e-14)


def test_focal_grad_extreme_logits():
    g = L.focal_loss_grad([1, 0, 1], [1000.0, -1000.0, -1000.0])
    assert np.all(np.isfinite(g))
    assert g[2] == pytest.approx(-0.25 / 3)  # confidently wrong: full push, weighted by alpha


@pytest.mark.parametrize("kwargs, word", [
    ({"gamma": -1.0}, "gamma"), ({"alpha": 1.5}, "alpha"), ({"alpha": -0.1}, "alpha"),
    ({"gamma": "two"}, "gamma"), ({"reduction": "avg"}, "reduction"),
])
def test_focal_validation_names_the_argument(kwargs, word):
    with pytest.raises((ValueError, TypeError), match=word):
        L.focal_loss([1, 0], [0.0, 1.0], **kwargs)


def test_focal_validation_labels_and_shapes():
    with pytest.raises(ValueError, match="y_true"):
        L.focal_loss([2, 0], [0.0, 1.0])
    with pytest.raises(ValueError, match="z"):
        L.focal_loss([1, 0], [0.0, np.nan])
    with pytest.raises(ValueError, match="shape"):
        L.focal_loss([1, 0], [[0.0], [1.0]])
    with pytest.raises(TypeError):
        L.focal_loss([1, 0], [0.0, 1.0], 2.0)  # hyperparameters are keyword-only


# ----------------------------------------------------------------------------- label smoothing
def smoothed_target(y, k, eps):
    return (1 - eps) * np.eye(k)[y] + eps / k


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.3, 1.0])
def test_label_smoothing_is_cross_entropy_with_the_smoothed_target(eps):
    rng = np.random.default_rng(1)
    z = rng.normal(0, 3, (7, 4))
    y = rng.integers(0, 4, 7)
    q = smoothed_target(y, 4, eps)
    expected = -(q * L.log_softmax(z, axis=1)).sum(axis=1)
    got = L.softmax_cross_entropy(y, z, reduction="none", label_smoothing=eps)
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    # PyTorch's formula: (1 - eps) * nll + eps * mean over classes of -log p
    nll = L.softmax_cross_entropy(y, z, reduction="none")
    torch_style = (1 - eps) * nll + eps * (-L.log_softmax(z, axis=1)).mean(axis=1)
    np.testing.assert_allclose(got, torch_style, rtol=1e-13)


def test_label_smoothing_matches_mpmath():
    z, y, eps = [3.0, -1.0, 0.5], 0, 0.1
    zs = [mp.mpf(v) for v in z]
    lse = mp.log(sum(mp.exp(v) for v in zs))
    q = [(1 - mp.mpf(eps)) * (k == y) + mp.mpf(eps) / 3 for k in range(3)]
    exact = sum(qk * (lse - zk) for qk, zk in zip(q, zs, strict=True))
    got = L.softmax_cross_entropy([y], [z], label_smoothing=eps)
    assert abs(mp.mpf(got) - exact) <= 1e-15 * exact


def test_label_smoothing_floor_is_the_entropy_of_the_target():
    k, eps = 5, 0.1
    q = smoothed_target(np.array([2]), k, eps)[0]
    entropy = -(q * np.log(q)).sum()
    # the best logits are log q (up to a constant): the loss then equals H(q)
    assert L.softmax_cross_entropy([2], [np.log(q)], label_smoothing=eps) == pytest.approx(entropy)
    gap = np.log((1 - eps + eps / k) / (eps / k))
    best = np.array([[0, 0, gap, 0, 0]])
    assert L.softmax_cross_entropy([2], best, label_smoothing=eps) == pytest.approx(entropy)
    np.testing.assert_allclose(L.softmax_cross_entropy_grad([2], best, label_smoothing=eps),
                               0.0, atol=1e-15)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**16), eps=st.floats(0, 1), k=st.integers(2, 5))
def test_label_smoothing_grad_matches_finite_differences(seed, eps, k):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, (3, k))
    y = rng.integers(0, k, 3)
    fd = finite_difference(lambda v: L.softmax_cross_entropy(y, v, label_smoothing=eps), z)
    got = L.softmax_cross_entropy_grad(y, z, label_smoothing=eps)
    np.testing.assert_allclose(got, fd, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(got, (L.softmax(z, axis=1) - smoothed_target(y, k, eps)) / 3,
                               atol=1e-15)


def test_label_smoothing_keyword_only_and_validated():
    with pytest.raises(ValueError, match="label_smoothing"):
        L.softmax_cross_entropy([0], [[1.0, 0.0]], label_smoothing=1.5)
    with pytest.raises(ValueError, match="label_smoothing"):
        L.softmax_cross_entropy_grad([0], [[1.0, 0.0]], label_smoothing=-0.1)
    with pytest.raises(TypeError):
        L.softmax_cross_entropy_grad([0], [[1.0, 0.0]], 0.1)
    # one-hot labels work too
    assert L.softmax_cross_entropy([[0, 1]], [[1.0, 0.0]], label_smoothing=0.2) == pytest.approx(
        L.softmax_cross_entropy([1], [[1.0, 0.0]], label_smoothing=0.2))


# ----------------------------------------------------------------------------- sequences
def toy_batch(seed=0, n=3, t=5, k=4):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, (n, t, k))
    y = rng.integers(0, k, (n, t))
    lengths = rng.integers(1, t + 1, n)
    mask = (np.arange(t)[None, :] < lengths[:, None]).astype(int)
    y = np.where(mask == 1, y, -100)  # padding labels are ignored, whatever they are
    return y, z, mask


def by_loop(y, z, mask, average):
    total, count, per_seq = 0.0, 0, []
    for i in range(z.shape[0]):
        seq = [L.softmax_cross_entropy([y[i, t]], [z[i, t]]) for t in range(z.shape[1])
               if mask[i, t]]
        total += sum(seq)
        count += len(seq)
        per_seq.append(np.mean(seq))
    return total / count if average == "tokens" else float(np.mean(per_seq))


@pytest.mark.parametrize("average", ["tokens", "sequences"])
def test_sequence_cross_entropy_matches_a_loop(average):
    y, z, mask = toy_batch()
    got = L.sequence_cross_entropy(y, z, mask=mask, average=average)
    assert got == pytest.approx(by_loop(y, z, mask, average), rel=1e-13)


def test_sequence_reductions_and_default_mask():
    y, z, mask = toy_batch(seed=3)
    per = L.sequence_cross_entropy(y, z, mask=mask, reduction="none")
    assert per.shape == y.shape and np.all(per[mask == 0] == 0)
    assert L.sequence_cross_entropy(y, z, mask=mask, reduction="sum") == pytest.approx(per.sum())
    y_full = np.where(mask == 1, y, 0)
    flat = L.softmax_cross_entropy(y_full.ravel(), z.reshape(-1, z.shape[2]))
    assert L.sequence_cross_entropy(y_full, z) == pytest.approx(flat)
    # booleans are a fine mask; padding logits can be anything finite
    z2 = z.copy()
    z2[mask == 0] = 1e300
    assert L.sequence_cross_entropy(y, z2, mask=mask.astype(bool)) == pytest.approx(
        L.sequence_cross_entropy(y, z, mask=mask))


def test_sequence_matches_mpmath_on_a_confident_token():
    z = [[[50.0, 0.0, 0.0], [0.0, 0.0, 0.0]]]
    got = L.sequence_cross_entropy([[0, 2]], z, mask=[[1, 0]])
    exact = mp.log(1 + 2 * mp.exp(-50))
    assert abs(mp.mpf(got) - exact) <= 1e-15 * exact


def test_average_weights_long_sequences_differently():
    # one long easy sequence, one short hard one: the token mean follows the long one
    k = 2
    z = np.zeros((2, 10, k))
    z[0, :, 0] = 5.0           # easy: class 0 is right, confidently
    y = np.zeros((2, 10), dtype=int)
    mask = np.zeros((2, 10))
    mask[0, :] = 1
    mask[1, :1] = 1            # the short sequence: one token at chance
    tokens = L.sequence_cross_entropy(y, z, mask=mask)
    sequences = L.sequence_cross_entropy(y, z, mask=mask, average="sequences")
    assert tokens < sequences


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**16), average=st.sampled_from(["tokens", "sequences"]))
def test_sequence_grad_matches_finite_differences(seed, average):
    y, z, mask = toy_batch(seed, n=2, t=3, k=3)
    fd = finite_difference(
        lambda v: L.sequence_cross_entropy(y, v, mask=mask, average=average), z)
    got = L.sequence_cross_entropy_grad(y, z, mask=mask, average=average)
    np.testing.assert_allclose(got, fd, rtol=1e-5, atol=1e-8)
    assert np.all(got[mask == 0] == 0.0)


@pytest.mark.parametrize("call, word", [
    (lambda: L.sequence_cross_entropy([[0, 1]], [[0.0, 1.0]]), "logits"),
    (lambda: L.sequence_cross_entropy([0, 1], [[[0.0, 1.0], [1.0, 0.0]]]), "y_true"),
    (lambda: L.sequence_cross_entropy([[0, 5]], [[[0.0, 1.0], [1.0, 0.0]]]), "y_true"),
    (lambda: L.sequence_cross_entropy([[0, 1]], [[[0.0, 1.0], [1.0, 0.0]]], mask=[[1, 2]]),
     "mask"),
    (lambda: L.sequence_cross_entropy([[0, 1]], [[[0.0, 1.0], [1.0, 0.0]]], mask=[1, 1]), "mask"),
    (lambda: L.sequence_cross_entropy([[0, 1]], [[[0.0, 1.0], [1.0, 0.0]]], mask=[[0, 0]]),
     "mask"),
    (lambda: L.sequence_cross_entropy([[0, 1]], [[[0.0, 1.0], [1.0, 0.0]]], average="batch"),
     "average"),
    (lambda: L.sequence_cross_entropy([[0, 1]], [[[0.0, np.inf], [1.0, 0.0]]]), "logits"),
    (lambda: L.sequence_cross_entropy_grad([[0, 1], [1, 1]], np.zeros((2, 2, 2)),
                                           mask=[[1, 1], [0, 0]], average="sequences"),
     "mask row 1"),
])
def test_sequence_validation_names_the_argument(call, word):
    with pytest.raises(ValueError, match=word):
        call()


def test_sequence_label_out_of_range_at_padding_is_ignored():
    z = np.zeros((1, 2, 3))
    assert L.sequence_cross_entropy([[1, 99]], z, mask=[[1, 0]]) == pytest.approx(np.log(3))
