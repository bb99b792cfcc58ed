"""Issue 14, items 4, 5, 6, 11, 12 and the structure it asks for (one hyperparameter layer,
one reduction path): regression tests, each parametrised over every function the cause
affects, run with every numpy warning turned into an error.

Expected values are exact: ``float(Fraction(...))`` is the correctly rounded true value.
"""

import inspect
import warnings
from fractions import Fraction

import numpy as np
import pytest
from sklearn.metrics import r2_score
from test_api_inputs import ARRAY_CALLS, SCALAR_PARAMS, _by_name, _name

import lossedu._kernels as K
import lossedu.losses as L
import lossedu.metrics as M
import lossedu.nn as N
import lossedu.regularization as R
from lossedu._validation import InvalidParameterError


@pytest.fixture(autouse=True)
def _strict():
    """Any warning (numpy's RuntimeWarning included) and any floating-point error but
    underflow fails the test, as the issue asks."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            yield


def _exact_mean(values):
    return float(sum(Fraction(v) for v in values) / len(values))


BIG = 1.7e308  # below the largest double (1.797e308), so twice it overflows

# ------------------------------------------------------- item 4: overflow in intermediate steps
# (function, args, kwargs, the true value) where the true value is finite
FINITE_DESPITE_OVERFLOW = [
    (L.mae, ([1e308, -1e308], [0.0, 0.0]), {}, 1e308),  # the sum overflows
    (L.mae, ([BIG, 0.0], [-BIG, 0.0]), {}, BIG),  # the residual 2 * BIG overflows
    (L.pinball, ([1e308, -1e308], [0.0, 0.0]), {"quantile": 0.5}, 5e307),
    (L.huber, ([0.0, 0.0], [1e308, 1e308]), {}, 1e308 - 0.5),
    (L.hinge, ([1, 0], [-1e308, 1e308]), {}, _exact_mean([1e308 + 1, 1e308 + 1])),
    (L.binary_cross_entropy_with_logits, ([0, 0], [1e308, 1e308]), {}, 1e308),
    (L.softmax_cross_entropy, ([0, 0], [[0.0, 1e308], [0.0, 1e308]]), {}, 1e308),
    (L.gaussian_nll, ([1e200], [0.0], [1e300]), {}, 0.5 * np.log(1e300) + 0.5e100),
    (M.rmse, ([1e170, -1e170], [0.0, 0.0]), {}, 1e170),
    (R.l2_penalty, ([1e200],), {"lam": 0.0}, 0.0),
    (R.l2_penalty, ([1e200],), {"lam": 1e-100}, float(Fraction(1e200) ** 2 * Fraction(1e-100))),
    (R.l1_penalty, ([1e308, 1e308],), {"lam": 0.25}, 5e307),
    (R.elastic_net, ([1e200] * 3,), {"lam": 0.5, "l1_ratio": 1.0}, 1.5e200),
    (R.elastic_net, ([1e200] * 3,), {"lam": 1e-100, "l1_ratio": 0.0},
     float(3 * Fraction(1e200) ** 2 * Fraction(1e-100))),
]


@pytest.mark.parametrize(("func", "args", "kwargs", "want"), FINITE_DESPITE_OVERFLOW,
                         ids=[_name(c[0]) for c in FINITE_DESPITE_OVERFLOW])
def test_finite_answer_despite_overflow_in_intermediate_steps(func, args, kwargs, want):
    got = func(*args, **kwargs)
    assert np.isfinite(got) and got == pytest.approx(want, rel=1e-15)


# (function, args, kwargs, index, true value) for gradients
GRADIENTS_DESPITE_OVERFLOW = [
    (L.mse_grad, ([1e308, 0.0, 0.0, 0.0], [0.0] * 4), {}, 0, -5e307),
    (L.mse_grad, ([BIG, 0.0, 0.0, 0.0], [-BIG, 0.0, 0.0, 0.0]), {}, 0, -BIG),
    (L.mae_grad, ([BIG, 0.0], [-BIG, 0.0]), {}, 0, -0.5),
    (L.huber_grad, ([BIG, 0.0], [-BIG, 0.0]), {}, 0, -0.5),
    (L.gaussian_nll_grad, ([BIG, 0.0], [-BIG, 0.0], [1e10, 1.0]), {}, (0, 0),
     float(-2 * Fraction(BIG) / Fraction(1e10) / 2)),
    (R.l2_penalty_grad, ([1e-10],), {"lam": 1e308}, 0,
     float(2 * Fraction(1e-10) * Fraction(1e308))),
    (R.elastic_net_grad, ([BIG],), {"lam": 0.25, "l1_ratio": 0.0}, 0, float(Fraction(BIG) / 2)),
]


@pytest.mark.parametrize(("func", "args", "kwargs", "index", "want"), GRADIENTS_DESPITE_OVERFLOW,
                         ids=[_name(c[0]) for c in GRADIENTS_DESPITE_OVERFLOW])
def test_finite_gradient_despite_overflow_in_intermediate_steps(func, args, kwargs, index, want):
    grad = func(*args, **kwargs)
    if isinstance(index, tuple):  # (which output, which entry)
        grad, index = grad[index[0]], index[1]
    assert np.isfinite(grad).all() and grad[index] == pytest.approx(want, rel=1e-15)


# (function, args, kwargs) whose true value exceeds the largest double: inf, quietly
TRUE_OVERFLOW = [
    (L.mse, ([1e200], [-1e200]), {}),
    (L.mae, ([BIG, BIG], [-BIG, -BIG]), {"reduction": "sum"}),
    (L.pinball, ([BIG, BIG], [-BIG, -BIG]), {"quantile": 0.9}),
    (L.huber, ([0.0], [BIG]), {"delta": 1e300, "reduction": "sum"}),
    (L.hinge, ([1, 1], [-BIG, -BIG]), {"reduction": "sum"}),
    (L.binary_cross_entropy_with_logits, ([0, 0], [BIG, BIG]), {"reduction": "sum"}),
    (L.softmax_cross_entropy, ([0], [[-BIG, BIG]]), {}),
    (L.softmax_cross_entropy, ([0], [[-BIG, BIG]]), {"label_smoothing": 0.5}),
    (L.gaussian_nll, ([BIG], [-BIG], [1.0]), {}),
    (M.rmse, ([BIG], [-BIG]), {}),
    (L.mse_grad, ([BIG], [-BIG]), {}),
    (R.l1_penalty, ([BIG, BIG],), {"lam": 1.0}),
    (R.l2_penalty, ([1e200],), {"lam": 1.0}),
    (R.elastic_net, ([1e200],), {"lam": 1.0, "l1_ratio": 0.5}),
    (R.l2_penalty_grad, ([BIG],), {"lam": 1.0}),
]


@pytest.mark.parametrize(("func", "args", "kwargs"), TRUE_OVERFLOW,
                         ids=[_name(c[0]) for c in TRUE_OVERFLOW])
def test_true_overflow_is_inf_without_a_warning(func, args, kwargs):
    got = np.asarray(func(*args, **kwargs))
    assert not np.isnan(got).any() and np.isinf(got).any()


# ------------------------------------------------------------------------ item 5: underflow


@pytest.mark.parametrize("scale", [2.0**-560, 2.0**-1000, 2.0**-1040, 2.0**560, 2.0**1000])
def test_rmse_is_scale_equivariant(scale):
    # powers of two: y * scale and p * scale are exact, so rmse must scale exactly too
    y, p = np.array([1.0, -2.0, 3.0]), np.array([0.5, 1.0, -1.0])
    assert M.rmse(y * scale, p * scale) == pytest.approx(M.rmse(y, p) * scale, rel=1e-15)


def test_rmse_of_the_issue():
    assert M.rmse([1e-170, 0.0], [0.0, 1e-170]) == 1e-170
    assert M.rmse([1e-170], [0.0]) == 1e-170
    assert M.rmse([0.0, 0.0], [0.0, 0.0]) == 0.0


@pytest.mark.parametrize("scale", [1e-170, 1e-300, 1e170, 1e300])
def test_r2_is_scale_invariant(scale):
    y, p = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.0, 3.0, 5.0])
    assert M.r2(y * scale, p * scale) == pytest.approx(0.8, rel=1e-14)


@pytest.mark.parametrize(("func", "power", "x"), [
    (L.mse, 2, 1e-160), (L.mse, 2, 3e-162), (L.mae, 1, 1e-320), (L.mae, 1, 5e-324),
], ids=lambda v: getattr(v, "__name__", str(v)))
def test_mean_of_tiny_residuals_is_correctly_rounded(func, power, x):
    # the squares (or values) are subnormal: the slow path rescales before summing
    values = [x, 3 * x, 0.0]
    want = float(sum(Fraction(v) ** power for v in values) / 3)  # rounded once, like ours
    assert func(values, [0.0, 0.0, 0.0]) == want


def test_rmse_of_tiny_residuals():
    assert M.rmse([1e-170, 3e-170, 0.0], [0.0] * 3) == pytest.approx(1e-170 * (10 / 3) ** 0.5,
                                                                     rel=1e-15)


def test_penalty_of_tiny_weights():
    assert R.l2_penalty([1e-160], lam=1.0) == float(Fraction(1e-160) ** 2)
    assert R.l2_penalty([1e-200], lam=1e100) == pytest.approx(1e-300, rel=1e-15)


# ------------------------------------------------------------------- item 6: documented shapes


def test_accuracy_on_one_hot_rows_is_subset_accuracy():
    y = [[1, 0, 0], [0, 1, 0]]
    assert M.accuracy(y, [[1, 0, 0], [0, 0, 1]]) == 0.5
    assert M.accuracy(y, y) == 1.0
    assert M.accuracy([[0], [2], [1]], [[0], [2], [2]]) == 2 / 3  # (n, 1): one label per row
    multilabel = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 0], [0, 0, 0]])
    pred = np.array([[1, 1, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]])
    assert M.accuracy(multilabel, pred) == 0.5  # sklearn.metrics.accuracy_score gives 0.5 too
    with pytest.raises(ValueError, match="^y_true must contain binary labels"):
        M.accuracy([[2, 0], [0, 1]], [[2, 0], [0, 1]])


@pytest.mark.parametrize("func", [M.accuracy, M.r2], ids=_name)
def test_three_dimensional_input_is_refused(func):
    y = np.zeros((2, 2, 2))
    y[:, :, 0] = [[0, 1], [1, 2]]
    with pytest.raises(ValueError, match=r"^y_true has shape \(2, 2, 2\); expected"):
        func(y, y)


def test_r2_of_several_outputs_is_scikit_learns_average():
    y = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 4.0]])
    p = np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 4.0], [5.0, 3.0]])
    assert M.r2(y, p) == pytest.approx(r2_score(y, p), rel=1e-14)
    assert M.r2(y[:, :1], p[:, :1]) == M.r2(y[:, 0], p[:, 0])  # (n, 1) is one output
    with pytest.raises(ValueError, match="^y_true is constant in column 1"):
        M.r2([[1.0, 2.0], [2.0, 2.0]], [[1.0, 2.0], [2.0, 2.0]])


# ----------------------------------------------------------- item 11: worker threads, errstate


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
def test_no_warning_from_the_worker_threads(reduction, bad):
    n = K.THREADED + 3  # the blocks are spread over the cores
    z = np.zeros(n)
    z[n // 2] = bad
    y = np.zeros(n)
    y[::2] = 1.0
    with pytest.raises(ValueError, match=rf"^z contains {bad} at flat index {n // 2}"):
        L.binary_cross_entropy_with_logits(y, z, reduction=reduction)
    z[n // 2] = 1e308  # a finite value whose sum overflows in a worker: no warning either
    z[n // 2 + 1] = 1e308
    y[n // 2: n // 2 + 2] = 0.0
    assert L.binary_cross_entropy_with_logits(y, z, reduction=reduction) == \
        (pytest.approx(2 * (1e308 / n), rel=1e-3) if reduction == "mean" else np.inf)


# ---------------------------------------------------------------- item 12: r2 mean rounding


def test_r2_centred_sum_is_exact_where_the_mean_rounds():
    assert M.r2([1, 1 + 2**-52, 1, 1], [1.0] * 4) == pytest.approx(-1 / 3, rel=1e-15)
    y = np.array([[1, 5.0], [1 + 2**-52, 6.0], [1, 7.0], [1, 8.0]])
    assert M.r2(y, np.array([[1.0, 5.0]] * 4)) == pytest.approx((-1 / 3 + 1 - 14 / 5) / 2,
                                                                rel=1e-15)


# ------------------------------------------------- the hyperparameter layer (one for all)


_TRAIN = {"params": N.init_mlp(1, 2, 2), "X": [[1.0]], "y": [0]}
# the hyperparameters not in test_api_inputs.SCALAR_PARAMS: (function, valid kwargs, name)
MORE_PARAMS = [
    *[(f, {"y_true": [0, 1], "p": [0.2, 0.8], "n_bins": 10}, "n_bins")
      for f in (M.reliability_curve, M.expected_calibration_error)],
    (R.convert_lam, {"value": 10.0, "source": "ridge_alpha", "n_samples": 100}, "n_samples"),
    *[(N.init_mlp, {"n_features": 2, "n_hidden": 2, "n_outputs": 2}, name)
      for name in ("n_features", "n_hidden", "n_outputs")],
    *[(N.train, {**_TRAIN, name: value}, name)
      for name, value in (("lr", 0.1), ("batch_size", 32), ("epochs", 1), ("lam", 0.0),
                          ("weight_decay", 0.0))],
    (N.load_digits_split, {"n_train": 1280}, "n_train"),
]
HYPERPARAMETERS = SCALAR_PARAMS + MORE_PARAMS


def test_every_numeric_hyperparameter_is_in_the_table():
    """Found from the signatures: every parameter with a numeric default (but seeds, which go
    to numpy, and softmax's axis, checked against the array) is tested below."""
    tested = {(f, name) for f, _, name in HYPERPARAMETERS}
    for module in (L, M, R, N):
        for fname in module.__all__:
            func = getattr(module, fname)
            if not inspect.isfunction(func):
                continue
            for p in inspect.signature(func).parameters.values():
                if isinstance(p.default, int | float) and not isinstance(p.default, bool) \
                        and p.name not in ("seed", "axis"):
                    assert (func, p.name) in tested, (fname, p.name)


@pytest.mark.parametrize(("func", "kwargs", "name"), HYPERPARAMETERS,
                         ids=[f"{f.__name__}-{name}" for f, _, name in HYPERPARAMETERS])
@pytest.mark.parametrize("bad", [True, np.bool_(False), None, [0.5], np.nan, np.inf, -np.inf,
                                 "0.5"], ids=repr)
def test_every_numeric_hyperparameter_refuses_non_numbers(func, kwargs, name, bad):
    if bad is None and inspect.signature(func).parameters[name].default is None:
        return  # None is the documented default there (convert_lam's n_samples)
    with pytest.raises(InvalidParameterError, match=rf"^{name} must be ") as info:
        func(**{**kwargs, name: bad})
    assert isinstance(info.value, ValueError) and isinstance(info.value, TypeError)


# every public function with a `reduction` (found from the signatures)
REDUCED = [(f, a, k) for f, a, k in ARRAY_CALLS if "reduction" in inspect.signature(f).parameters]


def test_every_loss_with_a_reduction_is_covered():
    public = {getattr(m, n) for m in (L, M, R) for n in m.__all__
              if inspect.isfunction(getattr(m, n))
              and "reduction" in inspect.signature(getattr(m, n)).parameters}
    assert {f for f, _, _ in REDUCED} == public


@pytest.mark.parametrize(("func", "args", "kwargs"), REDUCED, ids=_name)
@pytest.mark.parametrize("bad", ["avg", None, "MEAN", ["mean"], 0], ids=repr)
def test_reduction_is_declared_once(func, args, kwargs, bad):
    with pytest.raises(InvalidParameterError, match="^reduction must be one of 'mean', 'sum'"):
        func(*args, **{**kwargs, "reduction": bad})


# ------------------------------------------------- the reduction path's NaN/inf contract

CONTRACT = [
    (func, args, kwargs, name)
    for func, args, kwargs in REDUCED
    for name, value in _by_name(func, args, kwargs).items()
    if isinstance(value, list) and name != "mask"
]


@pytest.mark.parametrize(("func", "args", "kwargs", "name"), CONTRACT,
                         ids=[f"{c[0].__name__}-{c[3]}" for c in CONTRACT])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf], ids=str)
def test_nan_or_inf_input_is_an_error_naming_the_argument(func, args, kwargs, name, reduction,
                                                          bad):
    call = _by_name(func, args, kwargs)
    value = np.array(call[name], dtype=float)
    value.flat[-1] = bad
    call[name], call["reduction"] = value, reduction
    with pytest.raises(ValueError, match=rf"^{name} "):
        func(**call)


def test_reduce_loss_contract():
    per = np.array([1e308, 1e308])
    assert K.reduce_loss(K.identity, "mean", {"x": per}) == 1e308  # the sum overflows
    assert K.reduce_loss(K.identity, "sum", {"x": per}) == np.inf
    with pytest.raises(ValueError, match="^x contains nan at flat index 1"):
        K.reduce_loss(K.identity, "mean", {"x": np.array([1.0, np.nan])})
    # checked=True: the caller vouches for its inputs; an inf result is the answer
    assert K.reduce_loss(K.identity, "mean", {"x": np.array([1.0, np.inf])},
                         checked=True) == np.inf
    got = K.reduce_loss(K.absolute_error, "none", {"a": np.array(1.0), "b": np.array(3.0)})
    assert got.shape == () and got == 2.0
