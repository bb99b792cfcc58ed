"""lossedu.nn: the one-hidden-layer network of lecture 11 (gradients vs finite differences)."""

import doctest

import numpy as np
import pytest

import lossedu.nn as nn
from lossedu.losses import softmax


def _point(seed=0, n=6, d=4, hidden=5, k=3, scale=1.0):
    rng = np.random.default_rng(seed)
    params = nn.init_mlp(d, hidden, k, seed=seed, scale=scale)
    params["b1"] = rng.normal(size=hidden) * 0.1
    params["b2"] = rng.normal(size=k) * 0.1
    X = rng.normal(size=(n, d))
    y = rng.integers(0, k, size=n)
    return params, X, y


@pytest.mark.parametrize("loss", nn.OUTPUT_LOSSES)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("seed", range(5))
def test_gradients_match_finite_differences(loss, reduction, seed):
    params, X, y = _point(seed)
    if loss == "bce_sigmoid":
        y = np.random.default_rng(seed).integers(0, 2, size=(X.shape[0], 3))
    lam = 0.05 * seed

    def f(p):
        return nn.loss_and_grads(p, X, y, loss=loss, reduction=reduction, lam=lam)[0]

    _, grads = nn.loss_and_grads(params, X, y, loss=loss, reduction=reduction, lam=lam)
    numeric = nn.numerical_gradient(f, params)
    assert nn.relative_error(grads, numeric) < 1e-7


def test_output_loss_grads_match_finite_differences_on_logits():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(5, 4)) * 3
    y = rng.integers(0, 4, size=5)
    for loss in ("cross_entropy", "brier"):
        g = nn.output_loss_grad(y, z, loss=loss)
        num = nn.numerical_gradient(lambda p, loss=loss: nn.output_loss(y, p["z"], loss=loss),
                                    {"z": z})["z"]
        assert nn.relative_error(g, num) < 1e-8


def test_cross_entropy_gradient_is_p_minus_one_hot_over_n():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(7, 3))
    y = rng.integers(0, 3, size=7)
    expected = (softmax(z, axis=1) - np.eye(3)[y]) / 7
    np.testing.assert_allclose(nn.output_loss_grad(y, z), expected, atol=1e-15)


def test_brier_is_sum_over_classes_mean_over_examples():
    z = np.array([[0.0, 0.0, 0.0], [2.0, 0.0, -1.0]])
    y = np.array([1, 0])
    p = softmax(z, axis=1)
    q = np.eye(3)[y]
    assert nn.output_loss(y, z, loss="brier") == pytest.approx(np.mean(np.sum((p - q) ** 2, 1)))


def test_sum_reduction_is_n_times_mean():
    params, X, y = _point(3)
    mean, gm = nn.loss_and_grads(params, X, y)
    total, gs = nn.loss_and_grads(params, X, y, reduction="sum")
    assert total == pytest.approx(len(y) * mean)
    for k in gm:
        np.testing.assert_allclose(gs[k], len(y) * gm[k], rtol=1e-12)


def test_forward_shapes_and_relu():
    params, X, _ = _point(0, n=6, d=4, hidden=5, k=3)
    z, cache = nn.forward(params, X)
    assert z.shape == (6, 3) and cache["a"].shape == (6, 5)
    np.testing.assert_array_equal(cache["h"], np.maximum(cache["a"], 0))
    np.testing.assert_allclose(z, cache["h"] @ params["W2"] + params["b2"])


def test_forward_accepts_lists_and_float32():
    params, X, _ = _point(0)
    z = nn.forward(params, X)[0]
    as_lists = {k: v.tolist() for k, v in params.items()}
    np.testing.assert_allclose(nn.forward(as_lists, X.tolist())[0], z)
    z32 = nn.forward(params, X.astype(np.float32))[0]
    assert z32.dtype == np.float64


def test_init_is_seeded_and_scaled():
    a, b = nn.init_mlp(64, 32, 10, seed=4), nn.init_mlp(64, 32, 10, seed=4)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])
    big = nn.init_mlp(64, 32, 10, seed=4, scale=10.0)
    np.testing.assert_allclose(big["W2"], 10 * a["W2"])
    assert not a["b1"].any() and not a["b2"].any()


def test_minibatches_cover_every_example_once():
    rng = np.random.default_rng(0)
    batches = list(nn.minibatches(103, 10, rng=rng))
    assert [len(b) for b in batches] == [10] * 10 + [3]
    assert sorted(np.concatenate(batches).tolist()) == list(range(103))


def test_weight_decay_equals_two_lam():
    d = nn.load_digits_split(n_train=256)
    p0 = nn.init_mlp(64, 8, 10, seed=1)
    pa, ha = nn.train(p0, d.X_train, d.y_train, lr=0.1, epochs=2, lam=0.01, seed=3)
    pb, hb = nn.train(p0, d.X_train, d.y_train, lr=0.1, epochs=2, weight_decay=0.02, seed=3)
    assert nn.relative_error(pa, pb) < 1e-14
    # and a hand-written step on J = L + lam ||W||^2 is the same as one decayed step
    X, y = d.X_train[:32], d.y_train[:32]
    _, g = nn.loss_and_grads(p0, X, y, lam=0.01)
    manual = {k: p0[k] - 0.1 * g[k] for k in p0}
    stepped, _ = nn.train(p0, X, y, lr=0.1, epochs=1, batch_size=32, weight_decay=0.02)
    assert nn.relative_error(manual, stepped) < 1e-14


def test_sum_with_lr_over_b_equals_mean():
    d = nn.load_digits_split()
    p0 = nn.init_mlp(64, 8, 10, seed=2)
    pm, _ = nn.train(p0, d.X_train, d.y_train, lr=0.1, batch_size=32, epochs=1, seed=0)
    ps, _ = nn.train(p0, d.X_train, d.y_train, lr=0.1 / 32, batch_size=32, epochs=1,
                     reduction="sum", seed=0)
    assert nn.relative_error(pm, ps) < 1e-12


def test_train_reduces_the_loss_and_records_history():
    d = nn.load_digits_split()
    p0 = nn.init_mlp(64, 16, 10, seed=0)
    p, h = nn.train(p0, d.X_train, d.y_train, X_val=d.X_test, y_val=d.y_test, lr=0.1,
                    epochs=3, batch_size=64)
    assert len(h["train_loss"]) == len(h["val_acc"]) == 4
    assert len(h["batch_loss"]) == 3 * 1280 // 64
    assert h["train_loss"][-1] < h["train_loss"][0] and h["val_acc"][-1] > 0.7
    np.testing.assert_array_equal(p0["W1"], nn.init_mlp(64, 16, 10, seed=0)["W1"])  # untouched


def test_diverging_run_ends_without_warnings():
    d = nn.load_digits_split(n_train=256)
    with np.errstate(all="raise"):
        _, h = nn.train(nn.init_mlp(64, 8, 10), d.X_train, d.y_train, lr=50.0, epochs=3,
                        reduction="sum", batch_size=256)
    last = h["train_loss"][-1]
    assert np.isnan(last) or last > 1e6


def test_multilabel_training():
    d = nn.load_digits_split(n_train=512)
    Y = np.stack([d.y_train % 2 == 0, d.y_train >= 5], axis=1).astype(int)
    p, h = nn.train(nn.init_mlp(64, 16, 2), d.X_train, Y, loss="bce_sigmoid", lr=0.2,
                    epochs=5)
    assert h["train_acc"][-1] > 0.9
    assert nn.predict(p, d.X_train, loss="bce_sigmoid").shape == Y.shape


@pytest.mark.parametrize(("call", "message"), [
    (lambda: nn.init_mlp(0, 3, 2), "n_features"),
    (lambda: nn.init_mlp(3, 3, 2, scale=-1), "scale"),
    (lambda: nn.forward({"W1": [[1.0]]}, [[1.0]]), "params"),
    (lambda: nn.forward(nn.init_mlp(3, 2, 2), [[1.0, 2.0]]), "X has 2 features"),
    (lambda: nn.output_loss([0], [[0.0, 1.0]], loss="hinge"), "loss"),
    (lambda: nn.output_loss([5], [[0.0, 1.0]]), "y"),
    (lambda: nn.output_loss([[1, 0]], [[0.0, 1.0]], loss="bce_sigmoid", reduction="none"),
     "reduction"),
    (lambda: nn.output_loss([[2, 0]], [[0.0, 1.0]], loss="bce_sigmoid"), "y"),
    (lambda: nn.train(nn.init_mlp(1, 2, 2), [[1.0]], [0], lr=0), "lr"),
    (lambda: nn.train(nn.init_mlp(1, 2, 2), [[1.0]], [0], batch_size=0), "batch_size"),
    (lambda: nn.train(nn.init_mlp(1, 2, 2), [[1.0]], [0], weight_decay=-1), "weight_decay"),
    (lambda: nn.numerical_gradient(lambda p: 0.0, {"w": [1.0]}, step=0), "step"),
    (lambda: nn.train(nn.init_mlp(1, 2, 2), [[1.0]], [0], X_val=[[1.0]], y_val=[7]), "y_val"),
    (lambda: nn.backward(nn.init_mlp(1, 2, 2), {"X": [[1.0]]}, [[0.0, 0.0]]), "cache"),
    (lambda: nn.load_digits_split(n_train=1797), "n_train"),
])
def test_errors_name_the_argument(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_doctests():
    result = doctest.testmod(nn, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10 and result.failed == 0


PUBLIC = [name for name in nn.__all__ if callable(getattr(nn, name))]


def test_all_lists_every_public_function():
    import inspect

    public = {n for n, f in vars(nn).items()
              if inspect.isfunction(f) and not n.startswith("_") and f.__module__ == nn.__name__}
    assert public == set(PUBLIC)


@pytest.mark.parametrize("name", PUBLIC)
def test_numpydoc_docstring(name):
    import inspect
    import re

    doc = inspect.getdoc(getattr(nn, name))
    assert doc, f"nn.{name} has no docstring"
    for section in ("Parameters", "Raises", "Examples"):
        assert re.search(rf"^{section}\n-{{{len(section)}}}$", doc, re.M), (name, section)
    assert re.search(r"^(Returns|Yields)\n-+$", doc, re.M), name
    assert ">>> " in doc
