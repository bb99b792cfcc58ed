"""Issue 14: awkward valid inputs get the right answer, bad ones a clear error naming the argument.

One section per cause; each regression test is parametrised over every public function the
cause affects. Kept fast (tiny inputs only).
"""

import numpy as np
import pytest

import lossedu.losses as L
import lossedu.metrics as M


def _name(value):
    return getattr(value, "__name__", "")


# --------------------------------------------------------------------------- 0-d input (item 2)

# every loss reduced through _elementwise_loss (the in-place out= path), and rmse on top of mse:
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
