"""Plausible wrong answers for exercise 02 (see tests/mutants/__init__.py)."""

from mutants import Mutant

_MSE = '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {{y_true.shape}} but y_pred has shape {{y_pred.shape}}")
    return {}
'''
_MAE = _MSE.replace("def mse", "def mae")

MUTANTS = [
    # ---- mse_numpy
    Mutant("mse_numpy", "mse_code", _MSE.format("np.sum((y_true - y_pred) ** 2)"),
           "did you divide by n?", "sum"),
    Mutant("mse_numpy", "mse_code", _MSE.format("np.sqrt(np.mean((y_true - y_pred) ** 2))"),
           "you returned the RMSE", "rmse"),
    Mutant("mse_numpy", "mse_code", _MSE.format("np.mean(y_true - y_pred) ** 2"),
           "square before averaging", "square of the mean"),
    Mutant("mse_numpy", "mse_code", _MSE.format("np.mean(np.abs(y_true - y_pred))"),
           "you computed the MAE", "mae instead"),
    Mutant("mse_numpy", "mse_code", _MSE.format("np.mean(y_true - y_pred)"),
           "positive and negative ones cancel", "raw errors"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
    return np.mean((np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)) ** 2)
''', "broadcast to a (3, 3) table", "no shape check"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float).ravel()
    y_pred = np.asarray(y_pred, dtype=float).ravel()
    return np.mean((y_true - y_pred) ** 2)
''', "returned a number (did you flatten?)", "flattens instead of refusing"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    assert y_true.shape == y_pred.shape, "shapes differ"
    return np.mean((y_true - y_pred) ** 2)
''', "not another error type", "assert instead of ValueError"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError("shapes differ")
    return np.mean((y_true - y_pred) ** 2)
''', "should name the argument", "message names nothing"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.ndim != 1:
        raise ValueError(f"y_true must be 1-D, got shape {y_true.shape}")
    return np.mean((y_true - y_pred) ** 2)
''', "refused inputs of the same shape", "refuses all columns"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
    if np.shape(y_true) != np.shape(y_pred):
        raise ValueError(f"y_true has shape {np.shape(y_true)}, y_pred {np.shape(y_pred)}")
    return np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)
''', "wraps around", "uint8 not converted"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return np.mean((y_true - y_pred) ** 2)
''', "fails on Python lists", "lists not converted"),
    # ---- mae_numpy
    Mutant("mae_numpy", "mae_code", _MAE.format("np.mean(y_true - y_pred)"),
           "take the absolute value", "no abs"),
    Mutant("mae_numpy", "mae_code", _MAE.format("np.mean((y_true - y_pred) ** 2)"),
           "you squared the errors", "squared"),
    Mutant("mae_numpy", "mae_code", _MAE.format("np.sum(np.abs(y_true - y_pred))"),
           "did you divide by n?", "sum"),
    Mutant("mae_numpy", "mae_code", _MAE.format("np.median(np.abs(y_true - y_pred))"),
           "median of the absolute errors", "median"),
    Mutant("mae_numpy", "mae_code", '''
def mae(y_true, y_pred):
    return np.mean(np.abs(np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)))
''', "broadcast to a (3, 3) table", "no shape check"),
    Mutant("mae_numpy", "mae_code", '''
def mae(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float).ravel()
    y_pred = np.asarray(y_pred, dtype=float).ravel()
    return np.mean(np.abs(y_true - y_pred))
''', "returned a number (did you flatten?)", "flattens instead of refusing"),
    # ---- house_price_errors
    Mutant("house_price_errors", "house_code", '''
house_mse = mse(house_true, house_pred)
house_rmse = house_mse
''', "square root of the MSE", "rmse not rooted"),
    Mutant("house_price_errors", "house_code", '''
house_rmse = mse(house_true, house_pred)
house_mse = np.sqrt(house_rmse)
''', "you swapped them", "swapped"),
    Mutant("house_price_errors", "house_code", '''
house_mse = mse(house_true / 1000, house_pred / 1000)
house_rmse = np.sqrt(house_mse) * 1000
''', "compute in dollars, not thousands", "thousands"),
    Mutant("house_price_errors", "house_code", '''
house_mse = np.mean(np.abs(house_true - house_pred))
house_rmse = np.sqrt(mse(house_true, house_pred))
''', "not their absolute values", "mae as mse"),
    Mutant("house_price_errors", "house_code", '''
house_mse = mse(house_true, house_pred)
house_rmse = np.mean(np.abs(house_true - house_pred))
''', "house_rmse is the MAE", "mae as rmse"),
    Mutant("house_price_errors", "house_code", '''
house_mse = mse(house_true / 1000, house_pred / 1000) * 1e5
house_rmse = np.sqrt(mse(house_true, house_pred))
''', "off by a factor of 10", "a zero lost converting back"),
    Mutant("house_price_errors", "house_code", '''
house_mse = np.sum((house_true - house_pred) ** 2)
house_rmse = np.sqrt(mse(house_true, house_pred))
''', "did you divide by n?", "sum"),
    # ---- best_constants
    Mutant("best_constants", "best_constants_code", '''
def best_constants(y):
    y = np.asarray(y, dtype=float)
    return np.median(y), np.mean(y)
''', "swapped: the mean minimises the MSE", "swapped"),
    Mutant("best_constants", "best_constants_code", '''
def best_constants(y):
    y = np.asarray(y, dtype=float)
    return np.mean(y), np.mean(y)
''', "is a median, not the mean", "mean for both"),
    Mutant("best_constants", "best_constants_code", '''
def best_constants(y):
    y = np.asarray(y, dtype=float)
    return np.median(y), np.median(y)
''', "SQUARED error is the mean", "median for both"),
    Mutant("best_constants", "best_constants_code", '''
def best_constants(y):
    y = np.asarray(y, dtype=float).ravel()
    grid = np.arange(y.min(), y.max() + 0.5, 0.5)
    c_mse = grid[np.argmin([mse(y, np.full_like(y, c)) for c in grid])]
    c_mae = grid[np.argmin([mae(y, np.full_like(y, c)) for c in grid])]
    return c_mse, c_mae
''', "is your grid fine enough", "coarse grid"),
    # ---- outlier_shift
    Mutant("outlier_shift", "shift_code", '''
shift_mse = np.median(times_outlier) - np.median(times)
shift_mae = np.mean(times_outlier) - np.mean(times)
''', "swapped: shift_mse", "swapped"),
    Mutant("outlier_shift", "shift_code", '''
shift_mse = np.mean(times) - np.mean(times_outlier)
shift_mae = np.median(times) - np.median(times_outlier)
''', "with the outlier) minus (without it)", "sign"),
    Mutant("outlier_shift", "shift_code", '''
shift_mse, shift_mae = best_constants(times_outlier)
''', "a shift is a difference", "not a difference"),
    # ---- mae_minimiser_choice
    Mutant("mae_minimiser_choice", "mae_choice_code", 'mae_choice = "A"\n',
           "A is wrong", "the mean"),
    Mutant("mae_minimiser_choice", "mae_choice_code", 'mae_choice = "C"\n',
           "C is wrong", "the midrange"),
    Mutant("mae_minimiser_choice", "mae_choice_code", 'mae_choice = "D"\n',
           "D is wrong", "the mode"),
    Mutant("mae_minimiser_choice", "mae_choice_code", 'mae_choice = 2\n',
           "one letter in quotes", "not a letter"),
    # ---- two_lines_choice
    Mutant("two_lines_choice", "two_lines_code", '''
mse_a, mse_b = np.sum((line_y - (2 * line_x + 1)) ** 2), np.sum((line_y - (5 * line_x - 1)) ** 2)
mae_a, mae_b = np.sum(np.abs(line_y - (2 * line_x + 1))), np.sum(np.abs(line_y - (5 * line_x - 1)))
better_under_mse, better_under_mae = "B", "A"
''', "your four costs are sums", "sums"),
    Mutant("two_lines_choice", "two_lines_code", '''
mse_a, mse_b = mae(line_y, 2 * line_x + 1), mae(line_y, 5 * line_x - 1)
mae_a, mae_b = mse(line_y, 2 * line_x + 1), mse(line_y, 5 * line_x - 1)
better_under_mse, better_under_mae = "A", "B"
''', "look swapped or mixed up", "mse and mae mixed up"),
    Mutant("two_lines_choice", "two_lines_code", '''
mse_a, mse_b = mse(line_y, 2 * line_x + 1), mse(line_y, -1 * line_x + 5)
mae_a, mae_b = mae(line_y, 2 * line_x + 1), mae(line_y, -1 * line_x + 5)
better_under_mse, better_under_mae = "B", "A"
''', "at least one of the four costs is off", "line B with w and b swapped"),
    Mutant("two_lines_choice", "two_lines_code", '''
mse_a, mse_b = mse(line_y, 2 * line_x + 1), mse(line_y, 5 * line_x - 1)
mae_a, mae_b = mae(line_y, 2 * line_x + 1), mae(line_y, 5 * line_x - 1)
better_under_mse, better_under_mae = "A", "B"
''', "both verdicts contradict your own four costs", "letters swapped"),
    Mutant("two_lines_choice", "two_lines_code", '''
mse_a, mse_b = mse(line_y, 2 * line_x + 1), mse(line_y, 5 * line_x - 1)
mae_a, mae_b = mae(line_y, 2 * line_x + 1), mae(line_y, 5 * line_x - 1)
better_under_mse, better_under_mae = "B", "B"
''', "one of your two verdicts does not follow", "B for both"),
    Mutant("two_lines_choice", "two_lines_code", '''
mse_a, mse_b = mse(line_y, 2 * line_x + 1), mse(line_y, 5 * line_x - 1)
mae_a, mae_b = mae(line_y, 2 * line_x + 1), mae(line_y, 5 * line_x - 1)
better_under_mse, better_under_mae = "A", "A"
''', "one of your two verdicts does not follow", "A for both (fits five points)"),
    Mutant("two_lines_choice", "two_lines_code", '''
mse_a, mse_b = mse(line_y, 2 * line_x + 1), mse(line_y, 5 * line_x - 1)
mae_a, mae_b = mae(line_y, 2 * line_x + 1), mae(line_y, 5 * line_x - 1)
better_under_mse, better_under_mae = 2, 1
''', "letters in quotes", "numbers instead of letters"),
    Mutant("mae_numpy", "mae_code", '''
def mae(y_true, y_pred):
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return np.mean(np.abs(y_true - y_pred))
''', "fails on Python lists", "lists not converted"),
    Mutant("mae_numpy", "mae_code", '''
def mae(y_true, y_pred):
    if np.shape(y_true) != np.shape(y_pred):
        raise ValueError(f"y_true has shape {np.shape(y_true)}, y_pred {np.shape(y_pred)}")
    return np.mean(np.abs(np.asarray(y_true) - np.asarray(y_pred)))
''', "wraps around", "uint8 not converted"),
    Mutant("mae_numpy", "mae_code", '''
def mae(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    assert y_true.shape == y_pred.shape, "shapes differ"
    return np.mean(np.abs(y_true - y_pred))
''', "not another error type", "assert instead of ValueError"),
    Mutant("mae_numpy", "mae_code", '''
def mae(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError("shapes differ")
    return np.mean(np.abs(y_true - y_pred))
''', "should name the argument", "message names nothing"),
    Mutant("mae_numpy", "mae_code", '''
def mae(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.ndim != 1:
        raise ValueError(f"y_true must be 1-D, got shape {y_true.shape}")
    return np.mean(np.abs(y_true - y_pred))
''', "refused inputs of the same shape", "refuses all columns"),
    # ---- added by the second review: hints that name these mistakes
    Mutant("mae_numpy", "mae_code", '''
def mae(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return np.sqrt(np.mean((y_true - y_pred) ** 2))
''', "you returned the RMSE", "RMSE for MAE"),
    Mutant("house_price_errors", "house_code", '''
house_mse = mse(house_true, house_pred)
house_rmse = house_mse / 2
''', "with nothing divided afterwards", "RMSE as half the MSE"),
    Mutant("best_constants", "best_constants_code", '''
def best_constants(y):
    y = np.asarray(y, dtype=float)
    return np.mean(y), (y.min() + y.max()) / 2
''', "midpoint of the smallest and largest", "midrange for the MAE"),
    Mutant("best_constants", "best_constants_code", '''
def best_constants(y):
    s = np.sort(np.asarray(y, dtype=float))
    return s.mean(), s[len(s) // 2 - 1]
''', "not a middle one for this case", "median index off by one"),
    Mutant("best_constants", "best_constants_code", '''
def best_constants(y):
    y = np.asarray(y, dtype=float)
    grid = np.arange(y.min(), y.max() + 0.1, 0.1)
    c_mse = grid[np.argmin([np.mean((y - c) ** 2) for c in grid])]
    c_mae = grid[np.argmin([np.mean(np.abs(y - c)) for c in grid])]
    return c_mse, c_mae
''', "close but not within", "grid too coarse (step 0.1)"),
    Mutant("outlier_shift", "shift_code", '''
shift_mse = np.mean(times_outlier) - np.mean(times)
shift_mae = np.mean(times_outlier) - np.mean(times)
''', "that constant is not the mean", "mean shift for both"),
    Mutant("outlier_shift", "shift_code", '''
shift_mse = np.median(times_outlier) - np.median(times)
shift_mae = np.median(times_outlier) - np.median(times)
''', "that constant is not a median", "median shift for both"),
    Mutant("two_lines_choice", "two_lines_code", '''
mse_a, mse_b = np.sqrt(mse(line_y, 2 * line_x + 1)), np.sqrt(mse(line_y, 5 * line_x - 1))
mae_a, mae_b = mae(line_y, 2 * line_x + 1), mae(line_y, 5 * line_x - 1)
better_under_mse, better_under_mae = "B", "A"
''', "look like RMSEs", "RMSE stored as MSE"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return np.sum((y_true - y_pred) ** 2) / (y_true.size - 1)
''', "you divided by n - 1", "n - 1"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return 0.5 * np.mean((y_true - y_pred) ** 2)
''', "half the MSE", "textbook one half"),
    Mutant("mae_numpy", "mae_code", '''
def mae(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return np.sum(np.abs(y_true - y_pred)) / (y_true.size - 1)
''', "you divided by n - 1", "n - 1"),
]
