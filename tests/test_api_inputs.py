"""Issue 14: awkward valid inputs get the right answer, bad ones a clear error naming the argument.

One section per cause; each regression test is parametrised over every public function the
cause affects. Kept fast (tiny inputs only).
"""

import inspect

import numpy as np
import pytest

import lossedu.calibration as C
import lossedu.losses as L
import lossedu.metrics as M
import lossedu.nn as N
import lossedu.regularization as R


def _name(value):
    return getattr(value, "__name__", "")


# --------------------------------------------------------------------------- 0-d input (item 2)

# every loss reduced by _kernels.reduce_loss with in-place kernels (out=...), and rmse:
# (function, args as single numbers, keyword arguments)
ELEMENTWISE = [
    (L.mse, (0.5, 1.0), {}),
    (L.mae, (0.5, 1.0), {}),
    (L.huber, (0.5, 3.0), {}),
    (L.pinball, (0.5, 1.0), {"quantile": 0.9}),
    (L.binary_cross_entropy_with_logits, (1, 0.5), {}),
    (L.gaussian_nll, (0.5, 1.0, 2.0), {}),
]


@pytest.mark.parametrize(("func", "args", "kwargs"), ELEMENTWISE, ids=_name)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_zero_d_input_is_a_length_one_input(func, args, kwargs, reduction):
    got = func(*args, reduction=reduction, **kwargs)
    want = func(*[[a] for a in args], reduction=reduction, **kwargs)
    if reduction == "none":
        assert isinstance(got, np.ndarray) and got.shape == ()
        assert float(got) == want[0]
    else:
        assert type(got) is float and got == want


@pytest.mark.parametrize(("func", "args", "kwargs"), ELEMENTWISE, ids=_name)
def test_zero_d_nan_names_the_argument(func, args, kwargs):
    bad = (*args[:-1], np.nan)
    with pytest.raises(ValueError, match="contains nan"):
        func(*bad, **kwargs)


def test_zero_d_rmse():
    assert M.rmse(0.5, 1.0) == M.rmse([0.5], [1.0]) == 0.5
    assert M.rmse(np.float32(2.0), 5) == 3.0


# --------------------------------------------------------------------------- axis (item 3)

SOFTMAXES = [L.softmax, L.log_softmax]


@pytest.mark.parametrize("func", SOFTMAXES, ids=_name)
@pytest.mark.parametrize(
    ("axis", "error"),
    [(5, ValueError), (-3, ValueError), (None, TypeError), (1.5, TypeError), ("0", TypeError),
     ([0], TypeError), (True, TypeError)],
)
def test_bad_axis_is_refused_naming_axis(func, axis, error):
    with pytest.raises(error, match=r"^axis "):
        func([[1.0, 2.0], [3.0, 5.0]], axis=axis)


@pytest.mark.parametrize("func", SOFTMAXES, ids=_name)
@pytest.mark.parametrize("axis", [0, 1, -1, -2, np.int64(1)])
def test_valid_axis_gives_the_same_as_numpy(func, axis):
    x = np.array([[1.0, 2.0, 0.5], [3.0, 5.0, -1.0]])
    e = np.exp(x - x.max(axis=int(axis), keepdims=True))
    want = e / e.sum(axis=int(axis), keepdims=True)
    got = func(x, axis=axis)
    np.testing.assert_allclose(got if func is L.softmax else np.exp(got), want, rtol=1e-14)


@pytest.mark.parametrize("func", SOFTMAXES, ids=_name)
@pytest.mark.parametrize("x", [0.75, np.float64(0.75), np.array(0.75)])
def test_softmax_of_a_single_number_is_refused_clearly(func, x):
    with pytest.raises(ValueError, match=r"^x is a single number"):
        func(x)
    assert func([x]).tolist() == ([1.0] if func is L.softmax else [0.0])


# --------------------------------------------------------------------------- masked arrays (item 1)

_REG = ([0.0, 1.0, 2.0], [0.5, 1.0, 2.0])
_BIN_P = ([1, 0, 1], [0.9, 0.2, 0.6])
_BIN_Z = ([1, 0, 1], [2.0, -1.0, 0.5])
# one valid call of every public function that takes arrays: (function, args, keyword arguments)
ARRAY_CALLS = [
    *[(f, _REG, {}) for f in (L.mse, L.mse_grad, L.mae, L.mae_grad, L.huber, L.huber_grad,
                             L.pinball, L.pinball_grad, M.rmse, M.r2)],
    *[(f, _BIN_P, {}) for f in (L.binary_cross_entropy, L.binary_cross_entropy_grad,
                               M.brier_score, M.reliability_curve, M.expected_calibration_error)],
    *[(f, _BIN_Z, {}) for f in (L.binary_cross_entropy_with_logits, L.hinge, L.hinge_grad,
                               L.binary_cross_entropy_with_logits_grad, L.focal_loss,
                               L.focal_loss_grad)],
    (C.fit_temperature, ([1, 0, 1, 0, 1], [4.0, -6.0, 3.0, 5.0, -2.0]), {}),
    *[(f, ([0, 1, 1], [0, 1, 0]), {}) for f in (M.accuracy, M.confusion_counts)],
    *[(f, ([0, 2], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]), {})
      for f in (L.cross_entropy, L.cross_entropy_grad)],
    *[(f, ([0, 2], [[2.0, 1.0, 0.0], [0.0, 0.0, 3.0]]), {})
      for f in (L.softmax_cross_entropy, L.softmax_cross_entropy_grad)],
    *[(f, ([1.0, 2.0, 3.0],), {}) for f in (L.sigmoid, L.softmax, L.log_softmax)],
    *[(f, ([1.0, 2.0], [1.0, 0.0], [1.0, 4.0]), {})
      for f in (L.gaussian_nll, L.gaussian_nll_grad)],
    *[(f, ([[0, 1]], [[[0.0, 1.0], [1.0, 0.0]]]), {"mask": [[1, 1]]})
      for f in (L.sequence_cross_entropy, L.sequence_cross_entropy_grad)],
    *[(f, ([1.0, -2.0],), {"lam": 0.5}) for f in (R.l1_penalty, R.l1_penalty_grad,
                                                  R.l2_penalty, R.l2_penalty_grad)],
    *[(f, ([1.0, -2.0],), {"lam": 0.5, "l1_ratio": 0.5}) for f in (R.elastic_net,
                                                                   R.elastic_net_grad)],
]


def _by_name(func, args, kwargs):
    """The call's arguments as a dict {parameter name: value}."""
    return {**dict(zip(inspect.signature(func).parameters, args, strict=False)), **kwargs}


MASKED_CASES = [
    (func, args, kwargs, name)
    for func, args, kwargs in ARRAY_CALLS
    for name, value in _by_name(func, args, kwargs).items()
    if isinstance(value, list)
]


def test_every_public_array_function_is_in_the_masked_table():
    covered = {func for func, _, _ in ARRAY_CALLS}
    skipped = {R.convert_lam, R.from_sklearn_elastic_net}  # scalar arguments only
    public = {getattr(m, n) for m in (L, M, R, C) for n in m.__all__
              if inspect.isfunction(getattr(m, n))}
    assert public - skipped == covered


@pytest.mark.parametrize(("func", "args", "kwargs"), ARRAY_CALLS, ids=_name)
def test_the_unmasked_calls_are_valid(func, args, kwargs):
    func(*args, **kwargs)


@pytest.mark.parametrize(
    ("func", "args", "kwargs", "name"), MASKED_CASES,
    ids=[f"{f.__name__}-{n}" for f, _, _, n in MASKED_CASES],
)
def test_masked_array_is_refused_naming_the_argument(func, args, kwargs, name):
    call = _by_name(func, args, kwargs)
    value = np.asarray(call[name])
    mask = np.zeros(value.shape, dtype=bool)
    mask.flat[0] = True
    for masked in (np.ma.array(value, mask=mask), np.ma.array(value)):  # with and without a mask
        call[name] = masked
        with pytest.raises(TypeError, match=rf"^{name} is a masked array"):
            func(**call)


def test_masked_example_of_the_issue():
    y_pred = np.ma.array([0.0, 1e6, 2.0], mask=[0, 1, 0])
    with pytest.raises(TypeError, match="y_true is a masked array"):
        L.mse(y_pred, [0.0, 1.0, 2.0])
    keep = ~y_pred.mask
    assert L.mse(y_pred[keep].data, np.array([0.0, 1.0, 2.0])[keep]) == 0.0


# --------------------------------------------------------------------------- -0.0 (item 7)


@pytest.mark.parametrize("zero", [0.0, -0.0], ids=["+0", "-0"])
def test_negative_zero_probability_gives_minus_inf_gradient(zero):
    g = L.binary_cross_entropy_grad([1, 0], [zero, zero])
    assert g[0] == -np.inf and g[1] == 0.5
    g = L.cross_entropy_grad([0, 1], [[zero, 1.0], [zero, 1.0]])
    assert g[0, 0] == -np.inf and g[1, 1] == -0.5
    assert np.signbit(g[0, 1]) == np.signbit(0.0)  # untouched entries stay +0.0
    assert L.binary_cross_entropy([1], [zero]) == np.inf
    assert L.cross_entropy([0], [[zero, 1.0]]) == np.inf


@pytest.mark.parametrize(
    ("func", "y", "p", "index"),
    [(L.binary_cross_entropy_grad, [1], [-0.0], (0,)),
     (L.cross_entropy_grad, [1], [[1.0, -0.0]], (0, 1))],
    ids=["binary_cross_entropy_grad", "cross_entropy_grad"],
)
def test_negative_zero_does_not_flip_the_infinite_gradient(func, y, p, index):
    assert func(y, p)[index] == -np.inf


# --------------------------------------------------------------------------- eps cap (item 8)

EPSILONS = [1e-300, 1e-20, 5e-17, 6e-17, 2.0**-53, 2.0**-52, 1e-15, 1e-7, 0.1, 0.25, 0.4999]


@pytest.mark.parametrize("eps", EPSILONS)
def test_eps_caps_every_per_sample_loss_at_minus_log_eps(eps):
    cap = -np.log(eps)
    near = [0.0, eps / 2, eps, 1.0 - eps, np.nextafter(1.0, 0.0), 1.0]
    p = np.array(near * 2)
    y = np.repeat([1, 0], len(near))
    losses = L.binary_cross_entropy(y, p, eps=eps, reduction="none")
    assert np.isfinite(losses).all() and losses.max() <= cap * (1 + 1e-15)
    # confidently wrong, on either side, costs exactly the cap
    worst = L.binary_cross_entropy([1, 0], [0.0, 1.0], eps=eps, reduction="none")
    assert worst.tolist() == pytest.approx([cap, cap], rel=1e-15)
    assert L.binary_cross_entropy([1, 0], [0.0, 1.0], eps=eps) == pytest.approx(cap, rel=1e-15)


@pytest.mark.parametrize("eps", [1e-20, 2.0**-52, 1e-7, 0.1])
def test_eps_leaves_predictions_inside_the_clip_alone(eps):
    y, p = [1, 0, 1, 0], [0.9, 0.2, 0.3, 0.75]
    assert (L.binary_cross_entropy(y, p, eps=eps, reduction="none")
            == L.binary_cross_entropy(y, p, reduction="none")).all()


# ----------------------------------------------------------------- numeric strings (item 9)

_W = [1.0, -2.0]
# (function, valid keyword arguments, the scalar hyperparameter to try strings for)
SCALAR_PARAMS = [
    *[(f, {"w": _W, "lam": 0.5}, "lam") for f in (R.l1_penalty, R.l1_penalty_grad,
                                                   R.l2_penalty, R.l2_penalty_grad)],
    *[(f, {"w": _W, "lam": 0.5, "l1_ratio": 0.5}, name)
      for f in (R.elastic_net, R.elastic_net_grad) for name in ("lam", "l1_ratio")],
    (R.convert_lam, {"value": 10.0, "source": "ridge_alpha", "n_samples": 100}, "value"),
    *[(R.from_sklearn_elastic_net, {"alpha": 0.1, "l1_ratio": 0.5}, name)
      for name in ("alpha", "l1_ratio")],
    *[(f, {"y_true": [1, 0], "z": [2.0, -1.0], "gamma": 2.0, "alpha": 0.25}, name)
      for f in (L.focal_loss, L.focal_loss_grad) for name in ("gamma", "alpha")],
    *[(f, {"y_true": [0], "logits": [[1.0, 0.0]], "label_smoothing": 0.1}, "label_smoothing")
      for f in (L.softmax_cross_entropy, L.softmax_cross_entropy_grad)],
    *[(f, {"y_true": [0.0], "y_pred": [2.0], "delta": 1.0}, "delta")
      for f in (L.huber, L.huber_grad)],
    *[(f, {"y_true": [0.0], "y_pred": [2.0], "quantile": 0.5}, "quantile")
      for f in (L.pinball, L.pinball_grad)],
    (N.init_mlp, {"n_features": 2, "n_hidden": 2, "n_outputs": 2, "scale": 1.0}, "scale"),
    (N.loss_and_grads, {"params": N.init_mlp(2, 2, 2), "X": [[1.0, 0.0]], "y": [1], "lam": 0.1},
     "lam"),
    (N.numerical_gradient, {"f": lambda p: float(np.sum(p["w"])), "params": {"w": [1.0]},
                            "step": 1e-6}, "step"),
]
SCALAR_IDS = [f"{f.__name__}-{name}" for f, _, name in SCALAR_PARAMS]


@pytest.mark.parametrize(("func", "kwargs", "name"), SCALAR_PARAMS, ids=SCALAR_IDS)
@pytest.mark.parametrize("text", ["0.5", "1", b"0.5", np.str_("0.5")], ids=str)
def test_numeric_string_hyperparameter_is_refused(func, kwargs, name, text):
    func(**kwargs)  # valid as given
    with pytest.raises((TypeError, ValueError), match=rf"^{name} must be"):
        func(**{**kwargs, name: text})


@pytest.mark.parametrize(("func", "kwargs", "name"), SCALAR_PARAMS, ids=SCALAR_IDS)
@pytest.mark.parametrize("huge", [10**400, -(10**400)], ids=["1e400", "-1e400"])
def test_integer_beyond_the_float_range_is_refused(func, kwargs, name, huge):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        func(**{**kwargs, name: huge})


def test_numeric_strings_in_the_issue():
    with pytest.raises(TypeError, match="^lam must be a finite number >= 0, not a string"):
        R.l1_penalty([1.0, -2.0], lam="0.5")
    assert R.l1_penalty([1.0, -2.0], lam=0.5) == 1.5
    assert R.l1_penalty([1.0, -2.0], lam=np.float32(0.5)) == 1.5
    assert R.from_sklearn_elastic_net(alpha=np.int64(1), l1_ratio=1) == (2.0, 1.0)


# ----------------------------------------------------------------- convert_lam arguments (item 10)


@pytest.mark.parametrize("which", ["source", "target"])
@pytest.mark.parametrize("bad", [["lam"], ("lam",), {"lam": 1}, None, 3, b"lam", "alpha"], ids=repr)
def test_convert_lam_bad_convention_names_the_argument(which, bad):
    kwargs = {"value": 0.5, "source": "lam", "target": "half", which: bad}
    with pytest.raises(ValueError, match=rf"^{which} must be one of"):
        R.convert_lam(**kwargs)


@pytest.mark.parametrize(("source", "target"), [("ridge_alpha", "lam"), ("lam", "C"),
                                                ("half", "lam"), ("lasso_alpha", "lam")])
@pytest.mark.parametrize(
    ("n_samples", "error"),
    [(float("nan"), ValueError), (float("inf"), ValueError), (-np.inf, ValueError),
     (10**400, ValueError), (2**1024, ValueError), (0, ValueError), (2.5, ValueError),
     ([100], TypeError), ("100", TypeError), (True, TypeError), (np.array([100]), TypeError)],
    ids=["nan", "inf", "-inf", "1e400", "2^1024", "0", "2.5", "[100]", "'100'", "True", "array"],
)
def test_convert_lam_bad_n_samples_names_the_argument(source, target, n_samples, error):
    with pytest.raises(error, match=r"^n_samples must be a positive integer"):
        R.convert_lam(0.5, source, target, n_samples=n_samples)


@pytest.mark.parametrize("n_samples", [100, 100.0, np.int64(100), np.float32(100), np.uint16(100)])
def test_convert_lam_valid_n_samples(n_samples):
    assert R.convert_lam(10.0, "ridge_alpha", n_samples=n_samples) == 0.1
    assert R.convert_lam(0.1, "lam", "C", n_samples=n_samples) == 0.05


def test_convert_lam_missing_n_samples():
    with pytest.raises(ValueError, match=r"^n_samples must be a positive integer for 'C'"):
        R.convert_lam(1.0, "C")
    assert R.convert_lam(2.0, "half") == 1.0  # no n needed
