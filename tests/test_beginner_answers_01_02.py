"""Beginner answers to exercises 01 and 02, checked in process (no notebook run).

Every right answer below is written in a style other than the solution's (loops, lists, float32,
np.median vs sorting, a grid search within the stated tolerance, either median of an even count)
and must pass; the wrong ones must fail with a hint that names their mistake. A value the
learner must compute or decide (the best grid line, the house errors, a verdict) is never
printed by a failing check.
"""

import textwrap

import numpy as np
import pytest

from lossedu.checks import run_check
from lossedu.checks.ex01 import _best_on_grid, _lam_sum
from lossedu.checks.ex02 import _house

DATA_01 = '''
from lossedu.data import make_linear
x, y = make_linear(n=40, slope=1.5, intercept=2.0, noise=1.0, seed=11)
w_grid = np.linspace(0.0, 3.0, 31)
b_grid = np.linspace(-2.0, 6.0, 33)
def line_cost(w, b, x, y):
    x = np.asarray(x, float).ravel(); y = np.asarray(y, float).ravel()
    return np.mean((y - (w * x + b)) ** 2)
'''
TABLE_01 = DATA_01 + '''
costs = np.array([[line_cost(w, b, x, y) for b in b_grid] for w in w_grid])
'''
DATA_02 = '''
house_true = np.array([310_000, 455_000, 280_000, 520_000, 395_000], dtype=float)
house_pred = np.array([360_000, 435_000, 290_000, 440_000, 425_000], dtype=float)
times = np.array([31.0, 35.0, 29.0, 40.0, 33.0, 36.0, 30.0])
times_outlier = np.append(times, 180.0)
line_x = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
line_y = np.array([1.0, 3.0, 5.0, 7.0, 9.0, 30.0])
def mse(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape:
        raise ValueError("y_true and y_pred differ in shape")
    return np.mean((a - b) ** 2)
def mae(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape:
        raise ValueError("y_true and y_pred differ in shape")
    return np.mean(np.abs(a - b))
'''
COSTS_02 = '''
mse_a, mse_b = mse(line_y, 2 * line_x + 1), mse(line_y, 5 * line_x - 1)
mae_a, mae_b = mae(line_y, 2 * line_x + 1), mae(line_y, 5 * line_x - 1)
'''


def _line(question, code, setup=""):
    namespace = {"np": np}
    exec(textwrap.dedent(setup), namespace)
    exec(textwrap.dedent(code), namespace)
    return run_check(question, namespace).line


RIGHT = [
    ("squared_loss_reduction", '''
def squared_loss(y_true, y_pred, reduction="mean"):
    out = [(float(a) - float(b)) ** 2 for a, b in zip(y_true, y_pred)]
    if reduction == "none":
        return out
    if reduction == "sum":
        return sum(out)
    return sum(out) / len(out)
''', ""),
    ("squared_loss_reduction", '''
def squared_loss(y_true, y_pred, reduction="mean"):
    d = np.subtract(y_true, y_pred, dtype=np.float32) ** 2
    return {"none": d, "sum": d.sum(), "mean": d.mean()}[reduction]
''', ""),
    ("line_cost", '''
def line_cost(w, b, x, y):
    x = np.asarray(x, float).reshape(-1)
    total = 0.0
    for xi, yi in zip(x, y):
        total += (yi - w * xi - b) ** 2
    return total / len(y)
''', ""),
    ("line_cost", '''
def line_cost(w, b, x, y):
    x = np.squeeze(np.asarray(x, np.float32)); y = np.asarray(y, np.float32)
    return float(((y - w * x - b) ** 2).mean())
''', ""),
    ("line_objective", "def objective(w, b, x, y, lam): return line_cost(w, b, x, y) + lam * w * w",
     DATA_01),
    ("best_line_on_grid", '''
W, B = np.meshgrid(w_grid, b_grid)          # shape (len(b_grid), len(w_grid))
C = np.mean((y - (W[..., None] * x + B[..., None])) ** 2, axis=-1)
j, i = np.unravel_index(C.argmin(), C.shape)
best_w, best_b = W[j, i], B[j, i]
''', DATA_01),
    ("best_line_on_grid", '''
best = None
for w in w_grid:
    for b in b_grid:
        c = line_cost(w, b, x, y)
        if best is None or c < best[0]:
            best = (c, w, b)
_, best_w, best_b = best
''', DATA_01),
    ("best_line_on_grid", '''
k = int(np.argmin(costs))
best_w, best_b = float(w_grid[k // len(b_grid)]), float(b_grid[k % len(b_grid)])
''', TABLE_01),
    ("grid_vs_exact", '''
xm, ym = x.mean(), y.mean()
exact_w = ((x - xm) * (y - ym)).sum() / ((x - xm) ** 2).sum()
exact_b = ym - exact_w * xm
near = (w_grid[np.abs(w_grid - exact_w).argmin()], b_grid[np.abs(b_grid - exact_b).argmin()])
i, j = np.unravel_index(costs.argmin(), costs.shape)
nearest_is_best = near == (w_grid[i], b_grid[j])
''', TABLE_01),
    ("lam_for_sum", "lam_sum = 4", ""),
    ("lam_for_sum", "lam_sum = np.float32(40 * 0.1)", ""),
    ("mse_numpy", '''
def mse(y_true, y_pred):
    if np.shape(y_true) != np.shape(y_pred):
        raise ValueError(f"y_true {np.shape(y_true)} and y_pred {np.shape(y_pred)} differ")
    a, b = np.ravel(y_true).astype(float), np.ravel(y_pred).astype(float)
    total = 0.0
    for u, v in zip(a, b):
        total += (u - v) ** 2
    return total / len(a)
''', ""),
    ("mse_numpy", '''
def mse(y_true, y_pred):
    y_true = np.array(y_true, dtype=np.float64); y_pred = np.array(y_pred, dtype=np.float64)
    if y_true.shape != y_pred.shape:
        raise ValueError("shape of y_pred does not match y_true")
    return float(np.square(y_true - y_pred).mean())
''', ""),
    ("mae_numpy", '''
def mae(y_true, y_pred):
    y_true = np.asarray(y_true, np.float32); y_pred = np.asarray(y_pred, np.float32)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_pred has the wrong shape")
    return np.abs(y_true - y_pred).mean()
''', ""),
    ("house_price_errors",
     "house_mse = float(np.mean((house_true - house_pred) ** 2)); house_rmse = house_mse ** 0.5",
     DATA_02),
    ("house_price_errors", "house_mse = 2.06e9; house_rmse = np.sqrt(2.06e9)", DATA_02),
    ("best_constants", '''
def best_constants(y):
    y = np.asarray(y, float).ravel()
    g = np.arange(y.min(), y.max() + 0.005, 0.01)
    m1 = [mse(y, np.full(y.shape, c)) for c in g]
    m2 = [mae(y, np.full(y.shape, c)) for c in g]
    return [g[int(np.argmin(m1))], g[int(np.argmin(m2))]]
''', DATA_02),
    ("best_constants", '''
def best_constants(y):
    y = np.asarray(y, float).ravel()
    g = np.linspace(y.min(), y.max(), 10001)
    return (g[np.argmin([np.mean((y - c) ** 2) for c in g])],
            g[np.argmin([np.mean(abs(y - c)) for c in g])])
''', DATA_02),
    ("best_constants", '''
def best_constants(y):
    s = sorted(float(v) for v in np.ravel(y)); n = len(s)
    return sum(s) / n, s[(n - 1) // 2]          # the lower median
''', ""),
    ("best_constants", '''
def best_constants(y):
    s = sorted(float(v) for v in np.ravel(y)); n = len(s)
    return sum(s) / n, s[n // 2]                # the upper median
''', ""),
    ("outlier_shift", "shift_mse = times_outlier.mean() - times.mean(); "
                      "shift_mae = sorted(times_outlier)[3] - np.median(times)", DATA_02),
    ("outlier_shift", "shift_mse = times_outlier.mean() - times.mean(); "
                      "shift_mae = sorted(times_outlier)[4] - np.median(times)", DATA_02),
    ("outlier_shift", "shift_mse = times_outlier.mean() - times.mean(); shift_mae = 0.5", DATA_02),
    ("best_constants", "def best_constants(y): return np.array([np.mean(y), np.median(y)])", ""),
    ("outlier_shift", '''
def best_constants(y):
    y = np.asarray(y, float).ravel()
    g = np.linspace(0, 200, 20001)                      # step 0.01
    return (g[np.argmin([np.mean((y - c) ** 2) for c in g])],
            g[np.argmin([np.mean(np.abs(y - c)) for c in g])])
(a, b), (c, d) = best_constants(times), best_constants(times_outlier)
shift_mse, shift_mae = c - a, d - b
''', DATA_02),
    ("mae_minimiser_choice", "mae_choice = ' b. '", ""),
    ("two_lines_choice", COSTS_02 + 'better_under_mse = "b"; better_under_mae = "a"', DATA_02),
]


@pytest.mark.parametrize("question, code, setup", RIGHT, ids=[r[0] for r in RIGHT])
def test_right_answers_in_other_styles_pass(question, code, setup):
    line = _line(question, code, setup)
    assert line.startswith("✓"), line


WRONG = [
    ("squared_loss_reduction", '''
def squared_loss(y_true, y_pred, reduction="mean"):
    d = (np.asarray(y_true, float) - np.asarray(y_pred, float)) ** 2
    return d if reduction == "none" else d.mean()
''', "", 'you returned the mean; reduction="sum"'),
    ("line_cost", '''
def line_cost(w, b, x, y):
    x = np.asarray(x, float); y = np.asarray(y, float)
    return np.mean((y - (w * x + b)) ** 2)
''', "", "flatten it first"),
    ("line_cost", '''
def line_cost(w, b, x, y):
    x = np.asarray(x, float).ravel(); y = np.asarray(y, float)
    return np.mean(y - (w * x + b)) ** 2
''', "", "square before averaging"),
    ("line_objective",
     "def objective(w, b, x, y, lam): return line_cost(w, b, x, y) + lam * (w*w + b*b)",
     DATA_01, "you penalised the intercept"),
    ("line_objective",
     "def objective(w, b, x, y, lam): return line_cost(w, b, x, y) * np.size(x) + lam * w * w",
     DATA_01, "your cost part is the SUM"),
    ("best_line_on_grid", '''
k = costs.argmin()
best_w, best_b = w_grid[k // len(w_grid)], b_grid[k % len(w_grid)]
''', TABLE_01, "wrong row length"),
    ("best_line_on_grid", '''
j, i = np.unravel_index(costs.argmin(), costs.shape)
best_w, best_b = w_grid[i], b_grid[j]
''', TABLE_01, "your two indices are swapped"),
    ("best_line_on_grid", '''
i, j = np.unravel_index(costs.argmin(), costs.shape)
best_w, best_b = i, j
''', TABLE_01, "those are positions in the grids"),
    ("best_line_on_grid", '''
i, j = np.unravel_index(costs.argmax(), costs.shape)
best_w, best_b = w_grid[i], b_grid[j]
''', TABLE_01, "argmax"),
    ("grid_vs_exact", "exact_w, exact_b = np.polyfit(x, y, 1); nearest_is_best = True", DATA_01,
     "is a comparison, not an expectation"),
    ("grid_vs_exact", "exact_w, exact_b = np.polyfit(x, y, 1); nearest_is_best = 'False'", DATA_01,
     "(a bool)"),
    ("grid_vs_exact", "exact_b, exact_w = np.polyfit(x, y, 1); nearest_is_best = False", DATA_01,
     "swapped"),
    ("lam_for_sum", "lam_sum = 0.1", "", "n times weaker"),
    ("lam_for_sum", "lam_sum = 0.1 / 40", "", "multiply, do not divide"),
    ("lam_for_sum", "lam_sum = 0.1 * 40 ** 2", "", "one factor of n too many"),
    ("lam_for_sum", "lam_sum = 0.1 * 39", "", "not n - 1"),
    ("mse_numpy", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, float).ravel(); y_pred = np.asarray(y_pred, float).ravel()
    return np.mean((y_true - y_pred) ** 2)
''', "", "did you flatten?"),
    ("mse_numpy", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, float); y_pred = np.asarray(y_pred, float)
    return np.mean((y_true - y_pred) ** 2)
''', "", "(3, 3) table"),
    ("mse_numpy", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, float); y_pred = np.asarray(y_pred, float)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred have different shapes")
    return np.sum((y_true - y_pred) ** 2)
''', "", "did you divide by n?"),
    ("mse_numpy", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true); y_pred = np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred have different shapes")
    return np.mean((y_true - y_pred) ** 2)
''', "", "wraps around"),
    ("mae_numpy", '''
def mae(y_true, y_pred):
    y_true = np.asarray(y_true, float); y_pred = np.asarray(y_pred, float)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred have different shapes")
    return np.sqrt(np.mean((y_true - y_pred) ** 2))
''', "", "you returned the RMSE"),
    ("mse_numpy", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, float); y_pred = np.asarray(y_pred, float)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred have different shapes")
    return np.mean((y_true - y_pred) ** 2) / 2
''', "", "half the MSE"),
    ("mse_numpy", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, float); y_pred = np.asarray(y_pred, float)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred have different shapes")
    return np.sum((y_true - y_pred) ** 2) / (len(y_true) - 1)
''', "", "n - 1"),
    ("house_price_errors", "house_mse = mse(house_true, house_pred); "
     "house_rmse = np.mean(np.abs(house_true - house_pred))", DATA_02, "house_rmse is the MAE"),
    ("house_price_errors", "house_mse = mse(house_true, house_pred) / 10; house_rmse = 45387.2",
     DATA_02, "off by a factor of 10"),
    ("house_price_errors", "house_mse = np.sum((house_true - house_pred) ** 2); "
     "house_rmse = np.sqrt(house_mse)", DATA_02, "did you divide by n?"),
    ("house_price_errors", "house_mse = mse(house_true / 1000, house_pred / 1000); "
     "house_rmse = np.sqrt(house_mse)", DATA_02, "not thousands"),
    ("best_constants", "def best_constants(y): return np.mean(y), np.mean(y)", "",
     "is a median, not the mean"),
    ("best_constants", "def best_constants(y): return np.median(y), np.mean(y)", "", "swapped"),
    ("best_constants", "def best_constants(y): return np.mean(y), (np.min(y) + np.max(y)) / 2", "",
     "midpoint of the smallest and largest"),
    ("best_constants", '''
def best_constants(y):
    s = np.sort(np.asarray(y, float))
    return s.mean(), s[len(s) // 2 - 1]
''', "", "not a middle one"),
    ("best_constants", '''
def best_constants(y):
    y = np.asarray(y, float); g = np.arange(y.min(), y.max(), 0.1)
    return (g[np.argmin([np.mean((y - c) ** 2) for c in g])],
            g[np.argmin([np.mean(abs(y - c)) for c in g])])
''', "", "close but not within"),
    ("outlier_shift", "shift_mse = times_outlier.mean(); shift_mae = np.median(times_outlier)",
     DATA_02, "a shift is a difference"),
    ("outlier_shift", "shift_mse = times.mean() - times_outlier.mean(); "
     "shift_mae = np.median(times) - np.median(times_outlier)", DATA_02, "sign"),
    ("outlier_shift", "shift_mse = shift_mae = times_outlier.mean() - times.mean()", DATA_02,
     "not the mean"),
    ("outlier_shift", "shift_mse = shift_mae = np.median(times_outlier) - np.median(times)",
     DATA_02, "not a median"),
    ("mae_minimiser_choice", "mae_choice = 'A'", "", "A is wrong"),
    ("two_lines_choice", COSTS_02 + 'better_under_mse = better_under_mae = "A"', DATA_02,
     "one of your two verdicts"),
    ("two_lines_choice", COSTS_02 + 'better_under_mse = better_under_mae = "B"', DATA_02,
     "one of your two verdicts"),
    ("two_lines_choice", COSTS_02 + '''
better_under_mse = "A" if mse_a > mse_b else "B"
better_under_mae = "A" if mae_a > mae_b else "B"
''', DATA_02, "SMALLER cost"),
    ("two_lines_choice", COSTS_02 + '''
mse_a, mse_b = np.sqrt(mse_a), np.sqrt(mse_b)
better_under_mse, better_under_mae = "B", "A"
''', DATA_02, "look like RMSEs"),
]


@pytest.mark.parametrize("question, code, setup, hint", WRONG,
                         ids=[f"{w[0]}-{w[3][:20]}" for w in WRONG])
def test_beginner_mistakes_get_their_hint(question, code, setup, hint):
    line = _line(question, code, setup)
    assert line.startswith("✗") and hint in line, line


def _shown(value):
    return {f"{value:g}", f"{value:.6g}", f"{value:,.0f}"}


@pytest.mark.parametrize("question, code, setup, secrets", [
    ("best_line_on_grid", "best_w, best_b = 1.0, 1.0", "", _best_on_grid()),
    ("house_price_errors", "house_mse, house_rmse = 1.0, 1.0", "", _house()),
    ("lam_for_sum", "lam_sum = 1.0", "", _lam_sum()),
])
def test_a_wrong_value_is_not_told_the_right_value(question, code, setup, secrets):
    line = _line(question, code, setup)
    assert line.startswith("✗")
    for secret in secrets:
        assert not any(text in line for text in _shown(float(secret))), line


@pytest.mark.parametrize("code", [
    'better_under_mse = better_under_mae = "A"', 'better_under_mse = better_under_mae = "B"',
    'better_under_mse, better_under_mae = "A", "B"'])
def test_a_wrong_verdict_is_not_told_the_right_letters(code):
    line = _line("two_lines_choice", COSTS_02 + code, DATA_02)
    assert line.startswith("✗")
    assert "'B', 'A'" not in line and "line B" not in line and "line A" not in line, line


def test_a_wrong_decision_is_not_told_the_right_one():
    line = _line("grid_vs_exact", "exact_w, exact_b = np.polyfit(x, y, 1); nearest_is_best = True",
                 DATA_01)
    assert line.startswith("✗")
    assert "differ" not in line and "False" not in line, line
