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
def line_cost(m, b, x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return np.mean((y - (m * x + b)) ** 2)
''', "Flatten your inputs", "(n,1) broadcasts to (n,n)"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(m, b, x, y):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    return np.sum((y - (m * x + b)) ** 2)
''', "did you divide by n?", "sum of squared errors"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(m, b, x, y):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    return np.sqrt(np.mean((y - (m * x + b)) ** 2))
''', "you returned the RMSE", "rmse"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(m, b, x, y):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    return np.mean(y - (m * x + b)) ** 2
''', "square before averaging", "square of the mean error"),
    Mutant("line_cost", "line_cost_code", '''
def line_cost(m, b, x, y):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    return np.mean((y - (b * x + m)) ** 2)
''', "you swapped m and b", "slope and intercept swapped"),
    # ---- line_objective
    Mutant("line_objective", "objective_code", '''
def objective(m, b, x, y, lam):
    return line_cost(m, b, x, y) + lam * (m**2 + b**2)
''', "penalised the intercept", "intercept penalised"),
    Mutant("line_objective", "objective_code", '''
def objective(m, b, x, y, lam):
    return line_cost(m, b, x, y)
''', "the penalty is missing", "no penalty"),
    Mutant("line_objective", "objective_code", '''
def objective(m, b, x, y, lam):
    return line_cost(m, b, x, y) + lam * abs(m)
''', "that is an L1 penalty", "L1 penalty"),
    # ---- best_line_on_grid
    Mutant("best_line_on_grid", "grid_code", '''
costs = np.array([[line_cost(m, b, x, y) for b in b_grid] for m in m_grid])
i, j = np.unravel_index(np.argmax(costs), costs.shape)
best_m, best_b = m_grid[i], b_grid[j]
''', "you picked the largest cost", "argmax"),
    Mutant("best_line_on_grid", "grid_code", '''
costs = np.array([[line_cost(m, b, x, y) for b in b_grid] for m in m_grid])
best_m, best_b = np.unravel_index(np.argmin(costs), costs.shape)
''', "those are positions in the grids", "indices instead of values"),
    Mutant("best_line_on_grid", "grid_code", '''
costs = np.array([[line_cost(m, b, x, y) for b in b_grid] for m in m_grid])
i, j = np.unravel_index(np.argmin(costs), costs.shape)
best_b, best_m = m_grid[i], b_grid[j]
''', "you swapped them", "swapped"),
    Mutant("best_line_on_grid", "grid_code", '''
best_m, best_b = np.polyfit(x, y, deg=1)
''', "exact least-squares line", "polyfit instead of the grid"),
]
