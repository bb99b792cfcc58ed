"""Questions of exercise 01 (what is a loss): loss vs cost vs sum, the cost of a line,
the objective, the best line on a grid, the grid's best point against the exact least-squares
line (computed, then decided), and the penalty strength that a summed cost needs (derived).

The data set of the grid questions comes from :func:`lossedu.data.make_linear` with the
constants below and the seed ``exercise_data.seed(VARIANT, 11)``: each student's variant has
its own points (variant 0: seed 11, the published notebook); the notebook makes the same
call. ``lam_for_sum`` is the same for everyone (its n = 40 is in the question's text).
"""

import numpy as np

from lossedu import exercise_data, losses
from lossedu.checks._core import Case, Hint, Question, register
from lossedu.checks._core import flat as _f
from lossedu.checks.carried import Uses, carry_forward
from lossedu.checks.hints import fails_on_lists
from lossedu.data import make_linear

#: the grid question's data and grids (the notebook uses the same values)
GRID_DATA = dict(n=40, slope=1.5, intercept=2.0, noise=1.0, seed=11)
W_GRID = np.linspace(0.0, 3.0, 31)
B_GRID = np.linspace(-2.0, 6.0, 33)


def _same(returned, value):
    returned = np.asarray(returned, dtype=float)
    value = np.asarray(value, dtype=float)
    return returned.shape == value.shape and bool(np.allclose(returned, value, rtol=1e-5))


_LIST_HINT = fails_on_lists("y_true")


# ----------------------------------------------------------------------------- 1. reductions
def _squared_loss(y_true, y_pred, reduction="mean"):
    return losses.mse(y_true, y_pred, reduction=reduction)


def _reduction(case):
    return case.kwargs.get("reduction", case.args[2] if len(case.args) > 2 else "mean")


register(Question(
    id="squared_loss_reduction",
    title="squared_loss",
    names=("squared_loss",),
    cases=(
        Case("one loss per example (lists)", ([35.0, 20.0, 12.0], [32.0, 21.0, 12.0], "none")),
        Case("mean over examples", (np.array([35.0, 20.0, 12.0]), np.array([32.0, 21.0, 12.0]),
                                    "mean")),
        Case("sum over examples", (np.array([35.0, 20.0, 12.0]), np.array([32.0, 21.0, 12.0]),
                                   "sum")),
        Case("mean, negative values", (np.array([-1.0, 2.0, -3.0, 4.0]),
                                       np.array([1.0, 2.0, 3.0, 4.0]), "mean")),
        Case("none, float32 input", (np.array([0.5, 1.5, 2.5], dtype=np.float32),
                                     np.array([1.0, 1.0, 1.0], dtype=np.float32), "none")),
        Case("sum of one example", ([3.0], [1.0], "sum")),
    ),
    reference=_squared_loss,
    rtol=1e-5,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: _reduction(c) == "none" and np.ndim(r) == 0,
             'reduction="none" returns one loss per example (an array), not a single number.'),
        Hint(lambda c, r, e: _reduction(c) == "mean" and np.isclose(r, e * len(c.args[0])),
             "you returned the sum: did you divide by n?"),
        Hint(lambda c, r, e: _reduction(c) == "mean" and len(c.args[0]) > 1
             and np.isclose(r, e * len(c.args[0]) / (len(c.args[0]) - 1)),
             "you divided by n - 1: the mean divides the sum by the number of examples n "
             "(n - 1 belongs to a sample variance, not to a cost)."),
        Hint(lambda c, r, e: _reduction(c) == "sum" and np.isclose(r, e / len(c.args[0])),
             'you returned the mean; reduction="sum" adds the losses up without dividing by n.'),
        Hint(lambda c, r, e: _same(r, np.abs(_f(c.args[0]) - _f(c.args[1])))
             or np.isclose(r, np.mean(np.abs(_f(c.args[0]) - _f(c.args[1])))),
             "you used the absolute error; the squared loss is (y - y_hat)**2."),
        Hint(lambda c, r, e: _same(r, _f(c.args[0]) - _f(c.args[1]))
             or _same(r, _f(c.args[1]) - _f(c.args[0])),
             "you returned the errors themselves: square them."),
    ),
    default_hint='compute (y_true - y_pred)**2 per example, then keep it ("none"), add it up '
                 '("sum") or average it ("mean").',
))


# ----------------------------------------------------------------------------- 2. line cost
def _line_cost(w, b, x, y):
    return losses.mse(_f(y), w * _f(x) + b)


def _broadcast_cost(c):
    w, b, x, y = c.args
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean((y - (w * x + b)) ** 2))


_X = [0.0, 1.0, 2.0, 3.0, 4.0]
_Y = [1.2, 2.9, 5.1, 7.2, 8.8]

register(Question(
    id="line_cost",
    title="line_cost",
    names=("line_cost",),
    cases=(
        Case("the line y = 2x + 1 (lists)", (2.0, 1.0, _X, _Y)),
        Case("a flat line y = 5", (0.0, 5.0, np.array(_X), np.array(_Y))),
        Case("a steep line y = 3x - 1", (3.0, -1.0, np.array(_X), np.array(_Y))),
        Case("float32 data", (1.5, 0.5, np.array(_X, dtype=np.float32),
                              np.array(_Y, dtype=np.float32))),
        Case("x of shape (n, 1), y of shape (n,)", (2.0, 1.0, np.array(_X).reshape(-1, 1),
                                                    np.array(_Y))),
    ),
    reference=_line_cost,
    rtol=1e-5,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: np.ndim(c.args[2]) != np.ndim(c.args[3])
             and np.isclose(r, _broadcast_cost(c)),
             "x has shape (n, 1) and y shape (n,): y - prediction broadcast to an (n, n) table of "
             "every target minus every prediction. x is one feature per example: flatten it "
             "first (np.ravel)."),
        Hint(lambda c, r, e: np.isclose(r, e * len(_f(c.args[3]))),
             "you returned the sum of squared errors: did you divide by n?"),
        Hint(lambda c, r, e: np.isclose(r, np.sqrt(e)),
             "you returned the RMSE (the square root); the cost here is the MSE itself."),
        Hint(lambda c, r, e: np.isclose(r, e * len(_f(c.args[3])) / (len(_f(c.args[3])) - 1)),
             "you divided by n - 1: the cost is the mean over the n examples."),
        Hint(lambda c, r, e: np.isclose(r, np.mean(_f(c.args[3]) - c.args[0] * _f(c.args[2])
                                                   - c.args[1]) ** 2),
             "square before averaging: the mean of the squared errors, not the square of the "
             "mean error."),
        Hint(lambda c, r, e: np.isclose(r, _line_cost(c.args[1], c.args[0], c.args[2], c.args[3])),
             "you swapped w and b: the prediction is w * x + b (slope times x, plus intercept)."),
        Hint(lambda c, r, e: np.isclose(r, np.mean(np.abs(_f(c.args[3]) - c.args[0] * _f(c.args[2])
                                                          - c.args[1]))),
             "you averaged absolute errors (the MAE); the cost here uses squared errors."),
    ),
    default_hint="predict y_hat = w * x + b, then return the mean of (y - y_hat)**2.",
))


# ----------------------------------------------------------------------------- 3. objective
def _objective(w, b, x, y, lam):
    return _line_cost(w, b, x, y) + lam * w**2


register(Question(
    id="line_objective",
    title="objective",
    names=("objective",),
    cases=(
        Case("large lambda, negative slope", (-1.0, 3.0, np.array(_X), np.array(_Y), 10.0)),
        Case("lambda = 0.1 (lists)", (2.0, 1.0, _X, _Y, 0.1)),
        Case("lambda = 0 is the cost", (2.0, 1.0, np.array(_X), np.array(_Y), 0.0)),
        Case("large intercept", (0.5, 4.0, np.array(_X), np.array(_Y), 1.0)),
    ),
    reference=_objective,
    rtol=1e-5,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: np.isclose(r, e + c.args[4] * c.args[1] ** 2),
             "you penalised the intercept b too; penalise only the slope: lam * w**2."),
        Hint(lambda c, r, e: np.isclose(r, _line_cost(*c.args[:4])) and c.args[4] != 0,
             "the penalty is missing: objective = cost + lam * w**2."),
        Hint(lambda c, r, e: np.isclose(r, _line_cost(*c.args[:4]) + c.args[4] * abs(c.args[0])),
             "that is an L1 penalty (lam * |w|); this objective uses lam * w**2."),
        Hint(lambda c, r, e: np.isclose(r, _line_cost(*c.args[:4]) + c.args[4] * c.args[0]),
             "square the slope in the penalty: lam * w**2 (a negative slope must not lower it)."),
        Hint(lambda c, r, e: np.isclose(r, _line_cost(*c.args[:4]) * len(_f(c.args[2]))
                                        + c.args[4] * c.args[0] ** 2),
             "your cost part is the SUM of squared errors; the objective here adds the penalty "
             "to the mean cost (your line_cost)."),
    ),
    default_hint="objective = the cost of the line (your line_cost) + lam * w**2.",
))
# objective = your line_cost + the penalty: a line_cost mistake is charged once, in line_cost
carry_forward(
    "line_objective", rtol=1e-5,
    uses=(Uses("line_cost", lambda c: [Case(c.label, c.args[:4])]),),
    expected=lambda c, got: float(got["line_cost"][0]) + c.args[4] * c.args[0] ** 2)


# ----------------------------------------------------------------------------- 4. grid search
def _grid_case(variant):
    return Case(f"variant {variant}", (exercise_data.seed(variant, GRID_DATA["seed"]),))


def grid_data(c=None):
    """The (x, y) data of the grid question (of the judged case's variant; default: the
    published data)."""
    return make_linear(**{**GRID_DATA, "seed": c.args[0] if c is not None else GRID_DATA["seed"]})


def _cost_table(c=None):
    x, y = grid_data(c)
    return np.array([[losses.mse(y, w * x + b) for b in B_GRID] for w in W_GRID])


def _best_on_grid(c=None):
    table = _cost_table(c)
    i, j = np.unravel_index(np.argmin(table), table.shape)
    return float(W_GRID[i]), float(B_GRID[j])


def _worst_on_grid(c=None):
    table = _cost_table(c)
    i, j = np.unravel_index(np.argmax(table), table.shape)
    return float(W_GRID[i]), float(B_GRID[j])


def _indices_of_best(c=None):
    table = _cost_table(c)
    i, j = np.unravel_index(np.argmin(table), table.shape)
    return float(i), float(j)


def _indices_swapped(c=None):
    """(w, b) when the row index of the cost table is used for b and the column index for w."""
    i, j = (int(v) for v in _indices_of_best(c))
    if j < len(W_GRID) and i < len(B_GRID):
        return [(float(W_GRID[j]), float(B_GRID[i]))]
    return []


def _misunravelled(c=None):
    """The (w, b) pairs a flat argmin index gives when unravelled with the wrong row length
    (``k // len(w_grid)`` for a table with one row per slope, or the mirror image)."""
    table = _cost_table(c)
    nw, nb = len(W_GRID), len(B_GRID)
    found = []
    k = int(np.argmin(table))  # table with one row per slope: row length nb
    i, j = k // nw, k % nw
    if i < nw and j < nb:
        found.append((float(W_GRID[i]), float(B_GRID[j])))
    k = int(np.argmin(table.T))  # one row per intercept: row length nw
    j, i = k // nb, k % nb
    if i < nw and j < nb:
        found.append((float(W_GRID[i]), float(B_GRID[j])))
    return [p for p in found if p != _best_on_grid(c)]


def _pair_is(returned, pair):
    pairs = zip(returned, pair, strict=True)
    return len(returned) == 2 and all(np.isclose(float(r), p) for r, p in pairs)


register(Question(
    id="best_line_on_grid",
    title="best (w, b) on the grid",
    names=("best_w", "best_b"),
    kind="value",
    variant_inputs=_grid_case,
    check_outcome=lambda c, returned: (
        len(returned) == 2 and _pair_is(returned, _best_on_grid(c)),
        "the (w, b) of the grid's cheapest line (values from w_grid and b_grid)"),
    hints=(
        Hint(lambda c, r, e: _pair_is(r, _best_on_grid(c)[::-1]),
             "you swapped them: best_w is the slope (from w_grid), best_b the intercept."),
        Hint(lambda c, r, e: _pair_is(r, _indices_of_best(c)),
             "those are positions in the grids; look the values up: w_grid[i], b_grid[j]."),
        Hint(lambda c, r, e: any(_pair_is(r, p) for p in _misunravelled(c)),
             "you turned the flat argmin index into a row and a column with the wrong row "
             "length: a row of your cost table holds one value per column, so divide by the "
             "number of columns (or let np.unravel_index(k, costs.shape) do it)."),
        Hint(lambda c, r, e: any(_pair_is(r, p) for p in _indices_swapped(c)),
             "your two indices are swapped: the first index of the cost table runs over the "
             "values of its rows and the second over its columns; look each one up in the grid "
             "it belongs to."),
        Hint(lambda c, r, e: _pair_is(r, _worst_on_grid(c)),
             "you picked the largest cost (argmax); the best line has the smallest (argmin)."),
        Hint(lambda c, r, e: _pair_is(r, np.polyfit(*grid_data(c), deg=1)),
             "that is the exact least-squares line; the question asks for the best point "
             "of the grid."),
    ),
    default_hint="compute line_cost(w, b, x, y) for every w in w_grid and b in b_grid and keep "
                 "the pair with the smallest cost.",
))


def _grid_calls(c):
    x, y = grid_data(c)
    return [Case(f"w = {w:g}, b = {b:g}", (float(w), float(b), x, y))
            for w in W_GRID for b in B_GRID]


def _best_of_costs(costs):
    table = np.asarray([float(v) for v in costs]).reshape(len(W_GRID), len(B_GRID))
    i, j = np.unravel_index(np.argmin(table), table.shape)
    return float(W_GRID[i]), float(B_GRID[j])


# the cheapest grid point by your own line_cost (probed only when the strict check fails)
carry_forward(
    "best_line_on_grid", uses=(Uses("line_cost", _grid_calls),),
    expected=lambda c, got: _best_of_costs(got["line_cost"]))


# ----------------------------------------------------------------------------- 5. grid vs exact
def _exact_line(c=None):
    w, b = np.polyfit(*grid_data(c), deg=1)
    return float(w), float(b)


def _nearest_grid_point(c=None):
    w, b = _exact_line(c)
    return (float(W_GRID[np.abs(W_GRID - w).argmin()]), float(B_GRID[np.abs(B_GRID - b).argmin()]))


def _grid_vs_exact(c=None):
    return (*_exact_line(c), _nearest_grid_point(c) == _best_on_grid(c))


def _grid_vs_exact_outcome(c, returned):
    w, b, nearest_is_best = _grid_vs_exact(c)
    text = "the exact least-squares line (relative tolerance 1e-6) and the right decision"
    try:
        numbers = np.allclose([float(returned[0]), float(returned[1])], [w, b], rtol=1e-6)
    except (TypeError, ValueError):
        return False, text
    decided = isinstance(returned[2], bool | np.bool_) and bool(returned[2]) == nearest_is_best
    return bool(numbers and decided), text


def _numbers_right(c, returned):
    try:
        return bool(np.allclose([float(returned[0]), float(returned[1])], _exact_line(c),
                                rtol=1e-6))
    except (TypeError, ValueError):
        return False


register(Question(
    id="grid_vs_exact",
    title="the grid against the exact line",
    names=("exact_w", "exact_b", "nearest_is_best"),
    kind="value",
    variant_inputs=_grid_case,
    check_outcome=_grid_vs_exact_outcome,
    hints=(
        Hint(lambda c, r, e: _pair_is(r[:2], _exact_line(c)[::-1]),
             "exact_w and exact_b are swapped: np.polyfit(x, y, deg=1) returns the slope first."),
        Hint(lambda c, r, e: _pair_is(r[:2], _best_on_grid(c)),
             "that is the best grid point; exact_w and exact_b are the exact least-squares line "
             "(the lecture's formula, or np.polyfit)."),
        Hint(lambda c, r, e: not _numbers_right(c, r),
             "exact_w, exact_b: the least-squares line of the part-4 data, e.g. "
             "np.polyfit(x, y, deg=1) (checked to a relative tolerance of 1e-6)."),
        Hint(lambda c, r, e: not isinstance(r[2], bool | np.bool_),
             "nearest_is_best is True or False (a bool), not a string or a number."),
        Hint(lambda c, r, e: bool(r[2]),
             "nearest_is_best is a comparison, not an expectation: find the w_grid value nearest "
             "exact_w and the b_grid value nearest exact_b, then compare that pair with "
             "(best_w, best_b) in both coordinates, or compare their costs."),
    ),
    default_hint="compute the least-squares line, the grid point nearest to it, and compare "
                 "that point with your best grid point.",
))


# ----------------------------------------------------------------------------- 6. penalty of a sum
#: the penalty strength next to the mean cost in the question
LAM_MEAN = 0.1


def _lam_sum():
    return (GRID_DATA["n"] * LAM_MEAN,)


def _lam_sum_outcome(case, returned):
    return (_is_number(returned[0], _lam_sum()[0]),
            "the strength that keeps the same best line (relative tolerance 1e-6)")


register(Question(
    id="lam_for_sum",
    title="penalty strength for a summed cost",
    names=("lam_sum",),
    kind="value",
    check_outcome=_lam_sum_outcome,
    hints=(
        Hint(lambda c, r, e: _is_number(r[0], LAM_MEAN),
             "the same lambda next to a sum is n times weaker: the sum is n times the mean, so "
             "the penalty must grow with it to keep the same balance."),
        Hint(lambda c, r, e: _is_number(r[0], LAM_MEAN / GRID_DATA["n"]),
             "the other way round: the summed cost is n times the mean cost, so multiply, "
             "do not divide."),
        Hint(lambda c, r, e: _is_number(r[0], LAM_MEAN * GRID_DATA["n"] ** 2),
             "one factor of n too many: the sum is n times the mean once, so multiplying the "
             "mean objective by n multiplies its penalty by n once."),
        Hint(lambda c, r, e: _is_number(r[0], LAM_MEAN * (GRID_DATA["n"] - 1)),
             "n here is the number of examples in the sum (40), not n - 1."),
    ),
    default_hint="write the summed cost as n times the mean cost and factor n out of the "
                 "objective: which penalty strength appears next to the sum?",
))


def _is_number(returned, value):
    try:
        return bool(np.isclose(float(returned), value, rtol=1e-6))
    except (TypeError, ValueError):
        return False
