"""Questions of exercise 02 (MSE and MAE): both losses from scratch (refusing mismatched
shapes, like :mod:`lossedu.losses`), the house-price errors, what an outlier does to the best
constant prediction under each loss, which constant minimises the MAE (a choice), and which of
two lines is better under each loss (computed, then decided).

The data of the value questions come from :mod:`lossedu.exercise_data` (``house_prices``,
``delivery_times``, ``two_lines``), which the notebook's set-up cells call with its
``VARIANT``: the three value questions are judged on the variant's data (variant 0: the
constants below, the published notebook's); the function questions use fixed cases.
Tolerances are stated in the notebook's question texts: :data:`TOL` for the best constants and
their shifts (so a grid search with step 0.01 or finer passes), relative 1e-6 elsewhere.
"""

import numpy as np

from lossedu import exercise_data, losses
from lossedu.checks._core import Case, Hint, Question, Raised, register
from lossedu.checks._core import flat as _f
from lossedu.checks.carried import Uses, carry_forward
from lossedu.checks.hints import choice_question, chosen_letter, fails_on_lists

#: house prices in dollars, and a model's predictions (errors of different sizes and signs)
HOUSE_TRUE, HOUSE_PRED = (tuple(map(float, a)) for a in exercise_data.house_prices(0))
#: delivery times in minutes, then the same with one extreme value added
TIMES = tuple(map(float, exercise_data.delivery_times(0)[0]))
TIMES_OUTLIER = TIMES + (exercise_data.delivery_times(0)[1],)
#: absolute tolerance (in the units of y) of best_constants and outlier_shift
TOL = 0.01
#: the two lines of part 6 and their data
LINE_X, LINE_Y = (tuple(map(float, a)) for a in exercise_data.two_lines(0))
LINE_A = (2.0, 1.0)   # (w, b): through the first five points
LINE_B = (5.0, -1.0)  # a steeper line


def _err(c):
    return _f(c.args[0]) - _f(c.args[1])


def _is(returned, value, rtol=1e-5):
    try:
        return np.ndim(returned) == 0 and bool(np.isclose(float(returned), float(value),
                                                          rtol=rtol))
    except (TypeError, ValueError):
        return False


def _mismatched(c):
    return np.shape(c.args[0]) != np.shape(c.args[1])


def _broadcast(c, square):
    y, p = np.asarray(c.args[0], dtype=float), np.asarray(c.args[1], dtype=float)
    d = y - p
    return float(np.mean(d**2 if square else np.abs(d)))


def _wrapped(c, square):
    """What numpy gives when unsigned integer inputs are subtracted without converting."""
    with np.errstate(all="ignore"):
        d = np.asarray(c.args[0]) - np.asarray(c.args[1])
        return float(np.mean(d * d if square else np.abs(d)))


def _names_an_argument(raised):
    return "y_true" in raised.message or "y_pred" in raised.message


_LIST_HINT = fails_on_lists("y_true")
_UINT8 = np.array([10, 200, 30, 250], dtype=np.uint8), np.array([20, 180, 60, 255], dtype=np.uint8)


def _shape_hints(square):
    return (
        Hint(lambda c, r, e: _mismatched(c) and _is(r, _broadcast(c, square)),
             "y_true has shape (3, 1) and y_pred shape (3,): their difference broadcast to a "
             "(3, 3) table of every target minus every prediction. Compare the shapes first and "
             "raise ValueError when they differ."),
        Hint(lambda c, r, e: _mismatched(c) and not isinstance(r, Raised),
             "for shapes (3, 1) and (3,) your function returned a number (did you flatten?). "
             "The rule of lecture 02 is to refuse: raise ValueError naming the argument, as "
             "lossedu.losses.mse does; the caller flattens on purpose."),
        Hint(lambda c, r, e: _mismatched(c) and isinstance(r, Raised)
             and r.type_name != "ValueError",
             "refuse mismatched shapes with a ValueError (raise ValueError(...)), not another "
             "error type: an assert or an accidental error is not a clear refusal."),
        Hint(lambda c, r, e: _mismatched(c) and isinstance(r, Raised),
             "your ValueError should name the argument and the shapes, e.g. "
             "'y_true has shape (3, 1) but y_pred has shape (3,)'."),
        Hint(lambda c, r, e: not _mismatched(c) and isinstance(r, Raised)
             and r.type_name == "ValueError",
             "your function refused inputs of the same shape: compare the two shapes "
             "(np.shape), not e.g. their types or number of dimensions with a fixed value."),
    )


def _uint8_hint(square):
    return Hint(
        lambda c, r, e: np.asarray(c.args[0]).dtype == np.uint8 and _is(r, _wrapped(c, square)),
        "the inputs are uint8 (0..255), where 20 - 30 wraps around to 246: convert to float "
        "first (np.asarray(y, dtype=float)).",
    )


_COMMON_CASES = (
    # errors -1, 0, 3: MSE, MAE, half the MSE, RMSE, sum, n - 1 and the mean error all differ
    Case("three values (lists)", ([1.0, 2.0, 3.0], [2.0, 2.0, 0.0])),
    Case("negative errors", (np.array([3.0, -1.0, 2.0, 0.5]), np.array([1.0, 1.0, 2.0, 2.5]))),
    Case("float32 input", (np.array([0.5, 1.5, 2.5], dtype=np.float32),
                           np.array([1.0, 1.0, 1.0], dtype=np.float32))),
    Case("y_true (3, 1), y_pred (3,): must raise ValueError",
         (np.array([[2.0], [4.0], [6.0]]), np.array([1.0, 5.0, 6.0]))),
    Case("both columns (3, 1): same shape, fine", (np.array([[2.0], [4.0], [6.0]]),
                                                   np.array([[1.0], [5.0], [6.0]]))),
    Case("uint8 pixel values", _UINT8),
    Case("house prices (dollars)", (np.array(HOUSE_TRUE[:3]), np.array(HOUSE_PRED[:3]))),
)


def _loss_outcome(reference):
    def outcome(case, returned):
        if _mismatched(case):
            ok = (isinstance(returned, Raised) and returned.type_name == "ValueError"
                  and _names_an_argument(returned))
            return ok, "ValueError naming y_true or y_pred"
        if isinstance(returned, Raised):
            return False, f"{reference(case):.6g}"
        want = reference(case)
        try:
            got = float(np.asarray(returned, dtype=float))
        except (TypeError, ValueError):
            return False, f"{want:.6g} (one number)"
        return bool(np.isclose(got, want, rtol=1e-6)), f"{want:.6g}"
    return outcome


def _mse_ref(case):
    return losses.mse(_f(case.args[0]), _f(case.args[1]))


def _mae_ref(case):
    return losses.mae(_f(case.args[0]), _f(case.args[1]))


register(Question(
    id="mse_numpy",
    title="mse",
    names=("mse",),
    cases=_COMMON_CASES,
    check_outcome=_loss_outcome(_mse_ref),
    judge_errors=True,
    hints=(
        _LIST_HINT,
        *_shape_hints(square=True),
        _uint8_hint(square=True),
        Hint(lambda c, r, e: _is(r, _mse_ref(c) * _err(c).size),
             "you returned the sum of squared errors: did you divide by n?"),
        Hint(lambda c, r, e: _err(c).size > 1
             and _is(r, _mse_ref(c) * _err(c).size / (_err(c).size - 1)),
             "you divided by n - 1: a cost is the mean over the n examples (n - 1 belongs to a "
             "sample variance)."),
        Hint(lambda c, r, e: _is(r, _mse_ref(c) / 2),
             "you returned half the MSE (the textbook 1/2 convention); this mse is the plain "
             "mean of the squared errors."),
        Hint(lambda c, r, e: _is(r, np.sqrt(_mse_ref(c))),
             "you returned the RMSE (the square root); the MSE is the mean of the squares."),
        Hint(lambda c, r, e: _is(r, np.mean(_err(c)) ** 2),
             "square before averaging: the mean of the squared errors, not the square of the "
             "mean error."),
        Hint(lambda c, r, e: _is(r, np.mean(np.abs(_err(c)))),
             "you computed the MAE (absolute errors); the MSE squares the errors."),
        Hint(lambda c, r, e: _is(r, np.mean(_err(c))) or _is(r, -np.mean(_err(c))),
             "you averaged the raw errors, so positive and negative ones cancel: square them."),
    ),
    default_hint="mse = mean of (y_true - y_pred)**2 over the n examples; refuse different "
                 "shapes with ValueError.",
))

register(Question(
    id="mae_numpy",
    title="mae",
    names=("mae",),
    cases=_COMMON_CASES,
    check_outcome=_loss_outcome(_mae_ref),
    judge_errors=True,
    hints=(
        _LIST_HINT,
        *_shape_hints(square=False),
        _uint8_hint(square=False),
        Hint(lambda c, r, e: _is(r, _mae_ref(c) * _err(c).size),
             "you returned the sum of absolute errors: did you divide by n?"),
        Hint(lambda c, r, e: _err(c).size > 1
             and _is(r, _mae_ref(c) * _err(c).size / (_err(c).size - 1)),
             "you divided by n - 1: the MAE is the mean over the n examples."),
        Hint(lambda c, r, e: _is(r, np.mean(_err(c)) ** 2) or _is(r, np.mean(_err(c) ** 2)),
             "you squared the errors (that is the MSE); the MAE takes their absolute value."),
        Hint(lambda c, r, e: _is(r, np.abs(np.mean(_err(c)))) or _is(r, np.mean(_err(c)))
             or _is(r, -np.mean(_err(c))),
             "take the absolute value of each error before averaging (np.abs), otherwise "
             "positive and negative errors cancel."),
        Hint(lambda c, r, e: _is(r, np.median(np.abs(_err(c)))),
             "you took the median of the absolute errors; the MAE is their mean."),
        Hint(lambda c, r, e: _is(r, np.sqrt(np.mean(_err(c) ** 2))),
             "you returned the RMSE (square root of the mean squared error); the MAE averages "
             "the absolute errors, with no squares and no root."),
    ),
    default_hint="mae = mean of |y_true - y_pred| over the n examples; refuse different shapes "
                 "with ValueError.",
))


# ----------------------------------------------------------------------------- house prices
def _house_case(variant):
    return Case(f"variant {variant}", exercise_data.house_prices(variant))


def _house(c=None):
    """(MSE, RMSE) of the case's house prices (default: the published ones)."""
    mse = losses.mse(*(c or _house_case(0)).args)
    return mse, float(np.sqrt(mse))


def _house_mae(c=None):
    return losses.mae(*(c or _house_case(0)).args)


def _pair_is(returned, pair, rtol=1e-5):
    return len(returned) == 2 and all(_is(r, p, rtol=rtol)
                                      for r, p in zip(returned, pair, strict=True))


register(Question(
    id="house_price_errors",
    title="house-price MSE and RMSE",
    names=("house_mse", "house_rmse"),
    kind="value",
    variant_inputs=_house_case,
    check_outcome=lambda case, returned: (
        _pair_is(returned, _house(case), rtol=1e-6),
        "the MSE in dollars² and the RMSE in dollars (relative tolerance 1e-6)"),
    hints=(
        Hint(lambda c, r, e: _pair_is(r, _house(c)[::-1]),
             "you swapped them: house_mse is in dollars² (huge), house_rmse in dollars."),
        Hint(lambda c, r, e: _is(r[0], _house(c)[0] / 10) or _is(r[0], _house(c)[0] * 10),
             "house_mse is off by a factor of 10, the slip of the popular page that gives "
             "250,000,000 for a 50,000-dollar error (50,000² = 2,500,000,000): count the zeros."),
        Hint(lambda c, r, e: _is(r[0], _house(c)[0]) and _is(r[1], _house_mae(c)),
             "house_rmse is the MAE (mean of the absolute errors); the RMSE is the square root "
             "of the MSE. They agree only when every error has the same size."),
        Hint(lambda c, r, e: _is(r[0], _house(c)[0]) and _is(r[1], _house(c)[0]),
             "house_rmse is the square root of the MSE (back in dollars)."),
        Hint(lambda c, r, e: _is(r[0], _house(c)[0]) and (_is(r[1], _house(c)[0] / 2)
                                                        or _is(r[1], _house(c)[1] / 5)),
             "house_mse is right, house_rmse is not: the RMSE is the square root of the MSE, "
             "with nothing divided afterwards."),
        Hint(lambda c, r, e: _is(r[0], _house(c)[0] / 1e6) or _is(r[0], _house(c)[0] / 1e3),
             "compute in dollars, not thousands: the MSE is in dollars²."),
        Hint(lambda c, r, e: _is(r[0], _house(c)[1]) or _is(r[0], _house_mae(c)),
             "house_mse is in dollars²: the mean of the squared errors (not their root, not "
             "their absolute values)."),
        Hint(lambda c, r, e: _is(r[0], _house(c)[0] * len(c.args[0])),
             "did you divide by n? The MSE is the mean of the squared errors."),
    ),
    default_hint="use your mse on house_true and house_pred; the RMSE is its square root.",
))


# ----------------------------------------------------------------------------- best constant
def _medians(y):
    """The interval of medians: [lower middle value, upper middle value]."""
    s = np.sort(y)
    n = s.size
    return float(s[(n - 1) // 2]), float(s[n // 2])


def _pair(returned):
    """Two floats from a tuple, list or 1-D array of two numbers, else None."""
    if isinstance(returned, np.ndarray) and returned.shape == (2,):
        returned = list(returned)
    if not isinstance(returned, tuple | list) or len(returned) != 2:
        return None
    try:
        return tuple(float(np.asarray(v, dtype=float)) for v in returned)
    except (TypeError, ValueError):
        return None


def _best_constants_outcome(case, returned):
    """Right when c_mse is within TOL of the mean and c_mae within TOL of a median (any value
    between the two middle values)."""
    y = _f(case.args[0])
    low, high = _medians(y)
    text = f"(the minimiser of the MSE, a minimiser of the MAE) within {TOL}"
    pair = _pair(returned)
    if pair is None:
        return False, text + " as a pair (c_mse, c_mae): a tuple, a list or an array of two"
    c_mse, c_mae = pair
    ok_mse = abs(c_mse - np.mean(y)) <= TOL
    ok_mae = low - TOL <= c_mae <= high + TOL
    return bool(ok_mse and ok_mae), text


def _mse_ok(case, value):
    return abs(value - np.mean(_f(case.args[0]))) <= TOL


def _mae_ok(case, value):
    low, high = _medians(_f(case.args[0]))
    return low - TOL <= value <= high + TOL


def _pair_close(returned, a, b):
    pair = _pair(returned)
    return pair is not None and abs(pair[0] - a) <= TOL and abs(pair[1] - b) <= TOL


register(Question(
    id="best_constants",
    title="best_constants",
    names=("best_constants",),
    cases=(
        Case("delivery times (list)", (list(TIMES),)),
        Case("with an outlier (even count: every median counts)", (np.array(TIMES_OUTLIER),)),
        Case("even number of values", (np.array([1.0, 2.0, 4.0, 10.0]),)),
        Case("float32 input", (np.array([2.0, 8.0, 3.0], dtype=np.float32),)),
        Case("one value", (np.array([7.0]),)),
        Case("skewed times", (np.array([12.0, 14.0, 15.0, 15.0, 16.0, 18.0, 95.0]),)),
    ),
    check_outcome=_best_constants_outcome,
    hints=(
        Hint(lambda c, r, e: _pair_close(r, np.median(_f(c.args[0])), np.mean(_f(c.args[0]))),
             "swapped: the mean minimises the MSE, a median minimises the MAE."),
        Hint(lambda c, r, e: _pair_close(r, np.mean(_f(c.args[0])), np.mean(_f(c.args[0]))),
             "c_mae: the constant with the smallest mean ABSOLUTE error is a median, not the "
             "mean."),
        Hint(lambda c, r, e: _pair_close(r, np.median(_f(c.args[0])), np.median(_f(c.args[0]))),
             "c_mse: the constant with the smallest mean SQUARED error is the mean."),
        Hint(lambda c, r, e: _pair(r) is not None
             and abs(_pair(r)[1] - (_f(c.args[0]).min() + _f(c.args[0]).max()) / 2) <= TOL
             and not _mae_ok(c, _pair(r)[1]),
             "c_mae is the midpoint of the smallest and largest value; it depends on the two "
             "extremes only. Which constant makes the mean absolute error smallest?"),
        Hint(lambda c, r, e: _pair(r) is not None and _mse_ok(c, _pair(r)[0])
             and not _mae_ok(c, _pair(r)[1])
             and any(abs(_pair(r)[1] - v) <= TOL for v in _f(c.args[0])),
             "c_mae is one of the data values, but not a middle one for this case: check how "
             "you pick it from the sorted values (Python counts from 0; try an odd and an even "
             "number of values)."),
        Hint(lambda c, r, e: _pair(r) is not None
             and abs(_pair(r)[0] - np.mean(_f(c.args[0]))) <= 0.5
             and min(abs(_pair(r)[1] - v) for v in _medians(_f(c.args[0]))) <= 0.5,
             f"close but not within {TOL}: is your grid fine enough (step {TOL} or less) and "
             "does it cover every value from min(y) to max(y)?"),
    ),
    default_hint="return (c_mse, c_mae): the constants c that make mse(y, c) and mae(y, c) "
                 "smallest.",
))


# ----------------------------------------------------------------------------- outlier shift
def _times_case(variant):
    times, delay = exercise_data.delivery_times(variant)
    return Case(f"variant {variant}", (times, np.append(times, delay)))


def _shifts(c):
    clean, dirty = _f(c.args[0]), _f(c.args[1])
    return (float(np.mean(dirty) - np.mean(clean)), float(np.median(dirty) - np.median(clean)))


def _shift_range(c):
    """Every valid shift_mae: a median of the data with the outlier minus the clean median."""
    low, high = _medians(_f(c.args[1]))
    clean = float(np.median(_f(c.args[0])))
    return low - clean, high - clean


def _shift_outcome(case, returned):
    pair = _pair(returned)
    low, high = _shift_range(case)
    text = f"the shift of the mean and of a median, within {TOL}"
    if pair is None:
        return False, text
    ok = abs(pair[0] - _shifts(case)[0]) <= TOL and low - TOL <= pair[1] <= high + TOL
    return bool(ok), text


register(Question(
    id="outlier_shift",
    title="outlier shift",
    names=("shift_mse", "shift_mae"),
    kind="value",
    variant_inputs=_times_case,
    check_outcome=_shift_outcome,
    hints=(
        Hint(lambda c, r, e: _pair_close(r, _shifts(c)[1], _shifts(c)[0]),
             "swapped: shift_mse is how far the MSE-best constant (the mean) moves."),
        Hint(lambda c, r, e: _pair_close(r, -_shifts(c)[0], -_shifts(c)[1]),
             "sign: compute (with the outlier) minus (without it)."),
        Hint(lambda c, r, e: _is(r[0], np.mean(c.args[1])) or _is(r[1], np.median(c.args[1])),
             "a shift is a difference: best constant with the outlier minus without it."),
        Hint(lambda c, r, e: _pair_close(r, _shifts(c)[0], _shifts(c)[0]),
             "shift_mae is how far the MAE-best constant moves, and that constant is not the "
             "mean."),
        Hint(lambda c, r, e: _pair_close(r, _shifts(c)[1], _shifts(c)[1]),
             "shift_mse is how far the MSE-best constant moves, and that constant is not a "
             "median."),
    ),
    default_hint="shift = best constant on times_outlier - best constant on times, for each loss.",
))


# ----------------------------------------------------------------------------- which constant
register(choice_question(
    "mae_minimiser_choice", "which constant minimises the MAE", "mae_choice", "B", {
        "A": "A is wrong: the mean minimises the squared loss. For the absolute loss, redo the "
             "step of the question: when c moves up by h, does the change of the MAE depend on "
             "how far the points are, or only on how many lie on each side?",
        "C": "C is wrong: the midpoint of min and max depends only on the two extreme points; "
             "moving c towards the bulk of the data lowers the MAE as long as more points lie "
             "on that side.",
        "D": "D is wrong: when the most frequent value has more points above it than below, "
             "moving c up still lowers the MAE; only the balance of counts matters.",
    },
    not_a_letter='answer with one letter in quotes, e.g. mae_choice = "A".',
    expected="the right letter (A, B, C or D)",
    default_hint="move c by a small step and count the points that get closer and further.",
))


# ----------------------------------------------------------------------------- two lines
def _lines_case(variant):
    return Case(f"variant {variant}", exercise_data.two_lines(variant))


def _line_losses(c):
    x, y = _f(c.args[0]), _f(c.args[1])
    out = {}
    for name, (w, b) in (("a", LINE_A), ("b", LINE_B)):
        pred = w * x + b
        out[name] = (losses.mse(y, pred), losses.mae(y, pred))
    return out


def _line_reference(case):
    c = _line_losses(case)
    better_mse = "A" if c["a"][0] < c["b"][0] else "B"
    better_mae = "A" if c["a"][1] < c["b"][1] else "B"
    return c["a"][0], c["b"][0], c["a"][1], c["b"][1], better_mse, better_mae


def _numbers_ok(c, returned):
    want = _line_reference(c)[:4]
    try:
        return all(_is(r, w, rtol=1e-6) for r, w in zip(returned[:4], want, strict=True))
    except (TypeError, ValueError):
        return False


def _letters(returned):
    return chosen_letter(returned[4], "AB"), chosen_letter(returned[5], "AB")


def _line_outcome(case, returned):
    want = _line_reference(case)
    text = "the four costs (relative tolerance 1e-6) and the better line under each loss"
    ok = _numbers_ok(case, returned) and _letters(returned) == (want[4], want[5])
    return ok, text


def _sums(c, returned):
    want = _line_reference(c)[:4]
    n = len(c.args[0])
    return all(_is(r, w * n) for r, w in zip(returned[:4], want, strict=True))


register(Question(
    id="two_lines_choice",
    title="two lines under MSE and MAE",
    names=("mse_a", "mse_b", "mae_a", "mae_b", "better_under_mse", "better_under_mae"),
    kind="value",
    variant_inputs=_lines_case,
    check_outcome=_line_outcome,
    hints=(
        Hint(lambda c, r, e: _sums(c, r),
             "your four costs are sums: divide by n (the MSE and MAE are means)."),
        Hint(lambda c, r, e: _is(r[0], np.sqrt(_line_reference(c)[0]))
             or _is(r[1], np.sqrt(_line_reference(c)[1])),
             "mse_a and mse_b look like RMSEs (square roots); store the MSEs themselves."),
        Hint(lambda c, r, e: _is(r[0], _line_reference(c)[2]) or _is(r[2], _line_reference(c)[0]),
             "mse_* and mae_* look swapped or mixed up: mse squares the residuals, mae takes "
             "their absolute values."),
        Hint(lambda c, r, e: not _numbers_ok(c, r),
             "at least one of the four costs is off: predict w * x + b with (w, b) = (2, 1) "
             "for line A and (5, -1) for line B, then use your mse and mae."),
        Hint(lambda c, r, e: None in _letters(r),
             'better_under_mse and better_under_mae are letters in quotes: "A" or "B".'),
        Hint(lambda c, r, e: _letters(r) == (_line_reference(c)[5], _line_reference(c)[4]),
             "both verdicts contradict your own four costs: a loss prefers the line with the "
             "SMALLER cost, not the larger one."),
        Hint(lambda c, r, e: _letters(r)[0] == _letters(r)[1],
             "one of your two verdicts does not follow from your own four costs: under each "
             "loss, the better line is the one with the smaller cost of that loss. The two "
             "losses need not agree."),
    ),
    default_hint="compute the four costs with your mse and mae; the better line under a loss "
                 "is the one with the smaller cost.",
))


# ----------------------------------------------------------------------------- carried forward
# house_mse, the two lines' costs and the shifts are computed with the learner's own mse, mae
# and best_constants: a mistake there is charged once, in its own question (docs/grading.md).
def _pair_of(value):
    return tuple(float(v) for v in np.asarray(value, dtype=float).ravel()[:2])


def _line_calls(c):
    x, y = _f(c.args[0]), _f(c.args[1])
    return [Case(f"line {name}", (y, w * x + b)) for name, (w, b) in (("A", LINE_A),
                                                                       ("B", LINE_B))]


def _lines_from(got):
    (mse_a, mse_b), (mae_a, mae_b) = got["mse_numpy"], got["mae_numpy"]
    return (mse_a, mse_b, mae_a, mae_b, "A" if mse_a < mse_b else "B",
            "A" if mae_a < mae_b else "B")


def _shifts_from(got):
    clean, dirty = (_pair_of(v) for v in got["best_constants"])
    if len(clean) != 2 or len(dirty) != 2:
        raise ValueError("best_constants did not return two numbers")
    return dirty[0] - clean[0], dirty[1] - clean[1]


carry_forward(
    "house_price_errors",
    uses=(Uses("mse_numpy", lambda c: [Case("house prices", c.args)]),),
    expected=lambda c, got: (float(got["mse_numpy"][0]), float(np.sqrt(got["mse_numpy"][0]))))
carry_forward(
    "two_lines_choice",
    uses=(Uses("mse_numpy", _line_calls), Uses("mae_numpy", _line_calls)),
    expected=lambda c, got: _lines_from(got))
carry_forward(
    "outlier_shift",
    uses=(Uses("best_constants", lambda c: [Case("times", (c.args[0],)),
                                             Case("times with the outlier", (c.args[1],))]),),
    expected=lambda c, got: _shifts_from(got), atol=1e-9)
