"""Questions of exercise 01 (what is a loss): loss vs cost vs sum, the cost of a line,
the objective, and the best line on a grid.

The data set of the grid question comes from :func:`lossedu.data.make_linear` with the
constants below; the notebook creates the same data with the same call.
"""

import numpy as np

from lossedu import losses
from lossedu.checks._core import Case, Hint, Question, Raised, register
from lossedu.checks._core import flat as _f
from lossedu.data import make_linear

#: the grid question's data and grids (the notebook uses the same values)
GRID_DATA = dict(n=40, slope=1.5, intercept=2.0, noise=1.0, seed=11)
M_GRID = np.linspace(0.0, 3.0, 31)
B_GRID = np.linspace(-2.0, 6.0, 33)


def _same(returned, value):
    returned = np.asarray(returned, dtype=float)
    value = np.asarray(value, dtype=float)
    return returned.shape == value.shape and bool(np.allclose(returned, value, rtol=1e-5))


def _raised_on_list(case, returned, expected):
    return isinstance(returned, Raised) and ("list" in returned.message
                                             or "sequence" in returned.message)


_LIST_HINT = Hint(
    _raised_on_list,
    "your code fails on Python lists: convert first, "
    "e.g. y_true = np.asarray(y_true, dtype=float).",
)


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
def _line_cost(m, b, x, y):
    return losses.mse(_f(y), m * _f(x) + b)


def _broadcast_cost(c):
    m, b, x, y = c.args
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean((y - (m * x + b)) ** 2))


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
             "x has shape (n, 1) and y shape (n,): y - prediction broadcast to an (n, n) table. "
             "Flatten your inputs first (np.ravel)."),
        Hint(lambda c, r, e: np.isclose(r, e * len(_f(c.args[3]))),
             "you returned the sum of squared errors: did you divide by n?"),
        Hint(lambda c, r, e: np.isclose(r, np.sqrt(e)),
             "you returned the RMSE (the square root); the cost here is the MSE itself."),
        Hint(lambda c, r, e: np.isclose(r, np.mean(_f(c.args[3]) - c.args[0] * _f(c.args[2])
                                                   - c.args[1]) ** 2),
             "square before averaging: the mean of the squared errors, not the square of the "
             "mean error."),
        Hint(lambda c, r, e: np.isclose(r, _line_cost(c.args[1], c.args[0], c.args[2], c.args[3])),
             "you swapped m and b: the prediction is m * x + b (slope times x, plus intercept)."),
        Hint(lambda c, r, e: np.isclose(r, np.mean(np.abs(_f(c.args[3]) - c.args[0] * _f(c.args[2])
                                                          - c.args[1]))),
             "you averaged absolute errors (the MAE); the cost here uses squared errors."),
    ),
    default_hint="predict y_hat = m * x + b, then return the mean of (y - y_hat)**2.",
))


# ----------------------------------------------------------------------------- 3. objective
def _objective(m, b, x, y, lam):
    return _line_cost(m, b, x, y) + lam * m**2


register(Question(
    id="line_objective",
    title="objective",
    names=("objective",),
    cases=(
        Case("lambda = 0.1 (lists)", (2.0, 1.0, _X, _Y, 0.1)),
        Case("lambda = 0 is the cost", (2.0, 1.0, np.array(_X), np.array(_Y), 0.0)),
        Case("large lambda, negative slope", (-1.0, 3.0, np.array(_X), np.array(_Y), 10.0)),
        Case("large intercept", (0.5, 4.0, np.array(_X), np.array(_Y), 1.0)),
    ),
    reference=_objective,
    rtol=1e-5,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: np.isclose(r, e + c.args[4] * c.args[1] ** 2),
             "you penalised the intercept b too; penalise only the slope: lam * m**2."),
        Hint(lambda c, r, e: np.isclose(r, _line_cost(*c.args[:4])) and c.args[4] != 0,
             "the penalty is missing: objective = cost + lam * m**2."),
        Hint(lambda c, r, e: np.isclose(r, _line_cost(*c.args[:4]) + c.args[4] * abs(c.args[0])),
             "that is an L1 penalty (lam * |m|); this objective uses lam * m**2."),
        Hint(lambda c, r, e: np.isclose(r, _line_cost(*c.args[:4]) + c.args[4] * c.args[0]),
             "square the slope in the penalty: lam * m**2 (a negative slope must not lower it)."),
    ),
    default_hint="objective = the cost of the line (your line_cost) + lam * m**2.",
))


# ----------------------------------------------------------------------------- 4. grid search
def grid_data():
    """The (x, y) data of the grid question."""
    return make_linear(**GRID_DATA)


def _cost_table():
    x, y = grid_data()
    return np.array([[losses.mse(y, m * x + b) for b in B_GRID] for m in M_GRID])


def _best_on_grid():
    table = _cost_table()
    i, j = np.unravel_index(np.argmin(table), table.shape)
    return float(M_GRID[i]), float(B_GRID[j])


def _worst_on_grid():
    table = _cost_table()
    i, j = np.unravel_index(np.argmax(table), table.shape)
    return float(M_GRID[i]), float(B_GRID[j])


def _indices_of_best():
    table = _cost_table()
    i, j = np.unravel_index(np.argmin(table), table.shape)
    return float(i), float(j)


def _pair_is(returned, pair):
    pairs = zip(returned, pair, strict=True)
    return len(returned) == 2 and all(np.isclose(float(r), p) for r, p in pairs)


register(Question(
    id="best_line_on_grid",
    title="best (m, b) on the grid",
    names=("best_m", "best_b"),
    kind="value",
    reference=_best_on_grid,
    hints=(
        Hint(lambda c, r, e: _pair_is(r, e[::-1]),
             "you swapped them: best_m is the slope (from m_grid), best_b the intercept."),
        Hint(lambda c, r, e: _pair_is(r, _indices_of_best()),
             "those are positions in the grids; look the values up: m_grid[i], b_grid[j]."),
        Hint(lambda c, r, e: _pair_is(r, _worst_on_grid()),
             "you picked the largest cost (argmax); the best line has the smallest (argmin)."),
        Hint(lambda c, r, e: _pair_is(r, np.polyfit(*grid_data(), deg=1)),
             "that is the exact least-squares line; the question asks for the best point "
             "of the grid."),
    ),
    default_hint="compute line_cost(m, b, x, y) for every m in m_grid and b in b_grid and keep "
                 "the pair with the smallest cost.",
))
