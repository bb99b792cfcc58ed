"""Questions of exercise 02 (MSE and MAE): both losses from scratch, the house-price example,
and what an outlier does to the best constant prediction under each.

The data of the value questions are the constants below; the notebook types the same values.
"""

import numpy as np

from lossedu import losses
from lossedu.checks._core import Case, Hint, Question, Raised, register
from lossedu.checks._core import flat as _f

#: house prices in dollars, and a model's predictions: every prediction is $50,000 off
HOUSE_TRUE = (310_000.0, 455_000.0, 280_000.0, 520_000.0, 395_000.0)
HOUSE_PRED = (360_000.0, 405_000.0, 330_000.0, 470_000.0, 445_000.0)
#: delivery times in minutes, then the same with one extreme value added
TIMES = (31.0, 35.0, 29.0, 40.0, 33.0, 36.0, 30.0)
TIMES_OUTLIER = TIMES + (180.0,)


def _err(c):
    return _f(c.args[0]) - _f(c.args[1])


def _is(returned, value):
    return np.ndim(returned) == 0 and bool(np.isclose(float(returned), float(value), rtol=1e-5))


def _broadcast(c, square):
    y, p = np.asarray(c.args[0], dtype=float), np.asarray(c.args[1], dtype=float)
    d = y - p
    return float(np.mean(d**2 if square else np.abs(d)))


def _wrapped(c, square):
    """What numpy gives when unsigned integer inputs are subtracted without converting."""
    with np.errstate(all="ignore"):
        d = np.asarray(c.args[0]) - np.asarray(c.args[1])
        return float(np.mean(d * d if square else np.abs(d)))


_LIST_HINT = Hint(
    lambda c, r, e: isinstance(r, Raised) and ("list" in r.message or "sequence" in r.message),
    "your code fails on Python lists: convert first, "
    "e.g. y_true = np.asarray(y_true, dtype=float).",
)
_UINT8 = np.array([10, 200, 30, 250], dtype=np.uint8), np.array([20, 180, 60, 255], dtype=np.uint8)


def _shape_hint(square):
    return Hint(
        lambda c, r, e: np.shape(c.args[0]) != np.shape(c.args[1])
        and _is(r, _broadcast(c, square)),
        "y_true has shape (n, 1) and y_pred shape (n,): their difference broadcast to an (n, n) "
        "table. Flatten your inputs first (np.ravel, or .reshape(-1)).",
    )


def _uint8_hint(square):
    return Hint(
        lambda c, r, e: np.asarray(c.args[0]).dtype == np.uint8 and _is(r, _wrapped(c, square)),
        "the inputs are uint8 (0..255), where 20 - 30 wraps around to 246: convert to float "
        "first (np.asarray(y, dtype=float)).",
    )


_COMMON_CASES = (
    Case("three values (lists)", ([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])),
    Case("negative errors", (np.array([3.0, -1.0, 2.0, 0.5]), np.array([1.0, 1.0, 2.0, 2.5]))),
    Case("float32 input", (np.array([0.5, 1.5, 2.5], dtype=np.float32),
                           np.array([1.0, 1.0, 1.0], dtype=np.float32))),
    Case("y_true (n, 1), y_pred (n,)", (np.array([[2.0], [4.0], [6.0]]),
                                        np.array([1.0, 5.0, 6.0]))),
    Case("uint8 pixel values", _UINT8),
    Case("house prices (dollars)", (np.array(HOUSE_TRUE[:3]), np.array(HOUSE_PRED[:3]))),
)


def _mse_ref(y_true, y_pred):
    return losses.mse(_f(y_true), _f(y_pred))


def _mae_ref(y_true, y_pred):
    return losses.mae(_f(y_true), _f(y_pred))


register(Question(
    id="mse_numpy",
    title="mse",
    names=("mse",),
    cases=_COMMON_CASES,
    reference=_mse_ref,
    rtol=1e-5,
    hints=(
        _LIST_HINT,
        _shape_hint(square=True),
        _uint8_hint(square=True),
        Hint(lambda c, r, e: _is(r, e * _err(c).size),
             "you returned the sum of squared errors: did you divide by n?"),
        Hint(lambda c, r, e: _is(r, np.sqrt(e)),
             "you returned the RMSE (the square root); the MSE is the mean of the squares."),
        Hint(lambda c, r, e: _is(r, np.mean(_err(c)) ** 2),
             "square before averaging: the mean of the squared errors, not the square of the "
             "mean error."),
        Hint(lambda c, r, e: _is(r, np.mean(np.abs(_err(c)))),
             "you computed the MAE (absolute errors); the MSE squares the errors."),
        Hint(lambda c, r, e: _is(r, np.mean(_err(c))) or _is(r, -np.mean(_err(c))),
             "you averaged the raw errors, so positive and negative ones cancel: square them."),
    ),
    default_hint="mse = mean of (y_true - y_pred)**2 over the n examples.",
))

register(Question(
    id="mae_numpy",
    title="mae",
    names=("mae",),
    cases=_COMMON_CASES,
    reference=_mae_ref,
    rtol=1e-5,
    hints=(
        _LIST_HINT,
        _shape_hint(square=False),
        _uint8_hint(square=False),
        Hint(lambda c, r, e: _is(r, e * _err(c).size),
             "you returned the sum of absolute errors: did you divide by n?"),
        Hint(lambda c, r, e: _is(r, np.mean(_err(c)) ** 2) or _is(r, np.mean(_err(c) ** 2)),
             "you squared the errors (that is the MSE); the MAE takes their absolute value."),
        Hint(lambda c, r, e: _is(r, np.abs(np.mean(_err(c)))) or _is(r, np.mean(_err(c)))
             or _is(r, -np.mean(_err(c))),
             "take the absolute value of each error before averaging (np.abs), otherwise "
             "positive and negative errors cancel."),
        Hint(lambda c, r, e: _is(r, np.median(np.abs(_err(c)))),
             "you took the median of the absolute errors; the MAE is their mean."),
    ),
    default_hint="mae = mean of |y_true - y_pred| over the n examples.",
))


# ----------------------------------------------------------------------------- house prices
def _house():
    mse = losses.mse(HOUSE_TRUE, HOUSE_PRED)
    return mse, float(np.sqrt(mse))


def _pair_is(returned, pair):
    return len(returned) == 2 and all(_is(r, p) for r, p in zip(returned, pair, strict=True))


register(Question(
    id="house_price_errors",
    title="house-price MSE and RMSE",
    names=("house_mse", "house_rmse"),
    kind="value",
    reference=_house,
    rtol=1e-9,
    hints=(
        Hint(lambda c, r, e: _pair_is(r, e[::-1]),
             "you swapped them: house_mse is in dollars² (huge), house_rmse in dollars."),
        Hint(lambda c, r, e: _is(r[1], e[0]),
             "house_rmse is the square root of the MSE (back in dollars)."),
        Hint(lambda c, r, e: _is(r[0], e[0] / 1e6) or _is(r[0], e[0] / 1e3),
             "compute in dollars, not thousands: the MSE is in dollars²."),
        Hint(lambda c, r, e: _is(r[0], e[1]),
             "house_mse is in dollars²: square the errors before averaging (don't take the root)."),
        Hint(lambda c, r, e: _is(r[0], e[0] * len(HOUSE_TRUE)),
             "did you divide by n? The MSE is the mean of the squared errors."),
    ),
    default_hint="use your mse on house_true and house_pred; the RMSE is its square root.",
))


# ----------------------------------------------------------------------------- best constant
def _best_constants_outcome(case, returned):
    """Right when c_mse minimises the MSE and c_mae the MAE (any median minimises the MAE)."""
    y = _f(case.args[0])
    text = f"({np.mean(y):.6g}, a median such as {np.median(y):.6g})"
    if not isinstance(returned, tuple | list) or len(returned) != 2:
        return False, text + " as a tuple (c_mse, c_mae)"
    c_mse, c_mae = (float(np.asarray(v, dtype=float)) for v in returned)
    best_mae = losses.mae(y, np.full_like(y, np.median(y)))
    ok_mse = np.isclose(c_mse, np.mean(y), rtol=1e-6, atol=1e-9)
    ok_mae = np.isclose(losses.mae(y, np.full_like(y, c_mae)), best_mae, rtol=1e-9, atol=1e-12)
    return bool(ok_mse and ok_mae), text


def _pair_close(returned, a, b):
    return len(returned) == 2 and _is(returned[0], a) and _is(returned[1], b)


register(Question(
    id="best_constants",
    title="best_constants",
    names=("best_constants",),
    cases=(
        Case("delivery times (list)", (list(TIMES),)),
        Case("with an outlier", (np.array(TIMES_OUTLIER),)),
        Case("even number of values", (np.array([1.0, 2.0, 4.0, 10.0]),)),
        Case("float32 input", (np.array([2.0, 8.0, 3.0], dtype=np.float32),)),
        Case("one value", (np.array([7.0]),)),
    ),
    check_outcome=_best_constants_outcome,
    hints=(
        Hint(lambda c, r, e: _pair_close(r, np.median(_f(c.args[0])), np.mean(_f(c.args[0]))),
             "swapped: the mean minimises the MSE, the median minimises the MAE."),
        Hint(lambda c, r, e: _pair_close(r, np.mean(_f(c.args[0])), np.mean(_f(c.args[0]))),
             "c_mae: the constant with the smallest mean ABSOLUTE error is the median, not the "
             "mean."),
        Hint(lambda c, r, e: _pair_close(r, np.median(_f(c.args[0])), np.median(_f(c.args[0]))),
             "c_mse: the constant with the smallest mean SQUARED error is the mean."),
    ),
    default_hint="return (c_mse, c_mae): the constants c that make mse(y, c) and mae(y, c) "
                 "smallest.",
))


# ----------------------------------------------------------------------------- outlier shift
def _shifts():
    clean, dirty = np.array(TIMES), np.array(TIMES_OUTLIER)
    return (float(np.mean(dirty) - np.mean(clean)), float(np.median(dirty) - np.median(clean)))


register(Question(
    id="outlier_shift",
    title="outlier shift",
    names=("shift_mse", "shift_mae"),
    kind="value",
    reference=_shifts,
    rtol=1e-9,
    atol=1e-9,
    hints=(
        Hint(lambda c, r, e: _pair_is(r, e[::-1]),
             "swapped: shift_mse is how far the MSE-best constant (the mean) moves."),
        Hint(lambda c, r, e: _pair_is(r, (-e[0], -e[1])),
             "sign: compute (with the outlier) minus (without it)."),
        Hint(lambda c, r, e: _is(r[0], np.mean(TIMES_OUTLIER))
             or _is(r[1], np.median(TIMES_OUTLIER)),
             "a shift is a difference: best constant with the outlier minus without it."),
    ),
    default_hint="shift = best constant on times_outlier - best constant on times, for each loss.",
))
