"""Plausible wrong answers for exercise 01 (see tests/mutants/__init__.py)."""

from mutants import Mutant

MUTANTS = [
    # ---- squared_loss_reduction
    Mutant("squared_loss_reduction", "squared_loss_code", '''
def squared_loss(y_true, y_pred, reduction="mean"):
    per_example = (np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)) ** 2
    if reduction == "none":
        return per_example
    return per_example.sum()
''', "did you divide by n?", "mean is the sum"),
    Mutant("squared_loss_reduction", "squared_loss_code", '''
def squared_loss(y_true, y_pred, reduction="mean"):
    per_example = (np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)) ** 2
    if reduction == "sum":
        return per_example.sum()
    return per_example.mean()
''', 'reduction="none" returns one loss per example', "none gives the mean"),
    Mutant("squared_loss_reduction", "squared_loss_code", '''
def squared_loss(y_true, y_pred, reduction="mean"):
    per_example = (y_true - y_pred) ** 2
    if reduction == "none":
        return per_example
    if reduction == "sum":
        return per_example.sum()
    return per_example.mean()
''', "fails on Python lists", "no conversion of lists"),
    Mutant("squared_loss_reduction", "squared_loss_code", '''
def squared_loss(y_true, y_pred, reduction="mean"):
    per_example = np.abs(np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float))
    if reduction == "none":
        return per_example
    if reduction == "sum":
        return per_example.sum()
    return per_example.mean()
''', "you used the absolute error", "absolute instead of squared"),
    # ---- line_cost
    Mutant("line_cost", "line_cost_code", '''
def line_cost(w, b, x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return np.mean((y - (w * x + b)) ** 2)
''', "flatten it first", "(n,1) broadcasts to (n,n)"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(w, b, x, y):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    return np.sum((y - (w * x + b)) ** 2)
''', "did you divide by n?", "sum of squared errors"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(w, b, x, y):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    return np.sqrt(np.mean((y - (w * x + b)) ** 2))
''', "you returned the RMSE", "rmse"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(w, b, x, y):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    return np.mean(y - (w * x + b)) ** 2
''', "square before averaging", "square of the mean error"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(w, b, x, y):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    return np.mean((y - (b * x + w)) ** 2)
''', "you swapped w and b", "slope and intercept swapped"),
    # ---- line_objective
    Mutant("line_objective", "objective_code", '''
def objective(w, b, x, y, lam):
    return line_cost(w, b, x, y) + lam * (w**2 + b**2)
''', "penalised the intercept", "intercept penalised"),
    Mutant("line_objective", "objective_code", '''
def objective(w, b, x, y, lam):
    return line_cost(w, b, x, y)
''', "the penalty is missing", "no penalty"),
    Mutant("line_objective", "objective_code", '''
def objective(w, b, x, y, lam):
    return line_cost(w, b, x, y) + lam * abs(w)
''', "that is an L1 penalty", "L1 penalty"),
    # ---- best_line_on_grid
    Mutant("best_line_on_grid", "grid_code", '''
costs = np.array([[line_cost(w, b, x, y) for b in b_grid] for w in w_grid])
i, j = np.unravel_index(np.argmax(costs), costs.shape)
best_w, best_b = w_grid[i], b_grid[j]
''', "you picked the largest cost", "argmax"),
    Mutant("best_line_on_grid", "grid_code", '''
costs = np.array([[line_cost(w, b, x, y) for b in b_grid] for w in w_grid])
best_w, best_b = np.unravel_index(np.argmin(costs), costs.shape)
''', "those are positions in the grids", "indices instead of values"),
    Mutant("best_line_on_grid", "grid_code", '''
costs = np.array([[line_cost(w, b, x, y) for b in b_grid] for w in w_grid])
i, j = np.unravel_index(np.argmin(costs), costs.shape)
best_b, best_w = w_grid[i], b_grid[j]
''', "you swapped them", "swapped"),
    Mutant("best_line_on_grid", "grid_code", '''
best_w, best_b = np.polyfit(x, y, deg=1)
''', "exact least-squares line", "polyfit instead of the grid"),
    Mutant("best_line_on_grid", "grid_code", '''
costs = np.array([[line_cost(w, b, x, y) for b in b_grid] for w in w_grid])
best = np.argmin(costs)
best_w, best_b = w_grid[best // len(w_grid)], b_grid[best % len(w_grid)]
''', "wrong row length", "mis-unravelled flat index"),
    Mutant("line_objective", "objective_code", '''
def objective(w, b, x, y, lam):
    return line_cost(w, b, x, y) + lam * w
''', "square the slope in the penalty", "unsquared slope"),
    # ---- grid_vs_exact
    Mutant("grid_vs_exact", "grid_vs_exact_code", '''
exact_b, exact_w = np.polyfit(x, y, deg=1)
nearest_is_best = False
''', "np.polyfit(x, y, deg=1) returns the slope first", "polyfit order"),
    Mutant("grid_vs_exact", "grid_vs_exact_code", '''
exact_w, exact_b = best_w, best_b
nearest_is_best = False
''', "that is the best grid point", "grid point as exact"),
    Mutant("grid_vs_exact", "grid_vs_exact_code", '''
exact_w, exact_b = np.polyfit(y, x, deg=1)
nearest_is_best = False
''', "the least-squares line of the part-4 data", "x and y swapped"),
    Mutant("grid_vs_exact", "grid_vs_exact_code", '''
exact_w, exact_b = np.polyfit(x, y, deg=1)
nearest_is_best = "no"
''', "(a bool)", "string instead of bool"),
    Mutant("grid_vs_exact", "grid_vs_exact_code", '''
exact_w, exact_b = np.polyfit(x, y, deg=1)
nearest_is_best = True
''', "is a comparison, not an expectation", "assumed nearest is best"),
    # ---- lam_for_sum
    Mutant("lam_for_sum", "lam_sum_code", '''
lam_sum = 0.1
''', "n times weaker", "same lambda"),
    Mutant("lam_for_sum", "lam_sum_code", '''
lam_sum = 0.1 / x.size
''', "multiply, do not divide", "divided by n"),
    Mutant("lam_for_sum", "lam_sum_code", '''
lam_sum = 0.1 * x.size**2
''', "one factor of n too many", "n squared"),
    Mutant("lam_for_sum", "lam_sum_code", '''
lam_sum = 0.1 * np.sqrt(x.size)
''', "factor n out of the objective", "sqrt n"),
    Mutant("squared_loss_reduction", "squared_loss_code", '''
def squared_loss(y_true, y_pred, reduction="mean"):
    per_example = (np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)) ** 2
    if reduction == "none":
        return per_example
    return per_example.mean()
''', 'you returned the mean; reduction="sum"', "sum gives the mean"),
    Mutant("squared_loss_reduction", "squared_loss_code", '''
def squared_loss(y_true, y_pred, reduction="mean"):
    per_example = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    if reduction == "none":
        return per_example
    if reduction == "sum":
        return per_example.sum()
    return per_example.mean()
''', "you returned the errors themselves", "errors not squared"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(w, b, x, y):
    return np.mean((y - (w * x + b)) ** 2)
''', "fails on Python lists", "no conversion of lists"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(w, b, x, y):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    return np.mean(np.abs(y - (w * x + b)))
''', "you averaged absolute errors", "mae"),
    Mutant("line_objective", "objective_code", '''
def objective(w, b, x, y, lam):
    return np.mean((y - (w * x + b)) ** 2) + lam * w**2
''', "fails on Python lists", "no conversion of lists"),
    # ---- added by the second review
    Mutant("line_objective", "objective_code", '''
def objective(w, b, x, y, lam):
    return line_cost(w, b, x, y) * len(np.ravel(x)) + lam * w**2
''', "your cost part is the SUM", "summed cost"),
    Mutant("best_line_on_grid", "grid_code", '''
costs = np.array([[line_cost(w, b, x, y) for b in b_grid] for w in w_grid])
j, i = np.unravel_index(np.argmin(costs), costs.shape)
best_w, best_b = w_grid[i], b_grid[j]
''', "your two indices are swapped", "row and column index swapped"),
    Mutant("lam_for_sum", "lam_sum_code", "lam_sum = 0.1 * (x.size - 1)\n",
           "not n - 1", "n - 1"),
    Mutant("squared_loss_reduction", "squared_loss_code", '''
def squared_loss(y_true, y_pred, reduction="mean"):
    per_example = (np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)) ** 2
    if reduction == "none":
        return per_example
    if reduction == "sum":
        return per_example.sum()
    return per_example.sum() / (per_example.size - 1)
''', "you divided by n - 1", "n - 1"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(w, b, x, y):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    return np.sum((y - (w * x + b)) ** 2) / (y.size - 1)
''', "you divided by n - 1", "n - 1"),
]
