"""Plausible wrong answers for exercise 02 (see tests/mutants/__init__.py)."""

from mutants import Mutant

_MSE = '''
def mse(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float).ravel()
    y_pred = np.asarray(y_pred, dtype=float).ravel()
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
''', "Flatten your inputs", "no flattening"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
    return np.mean((np.ravel(y_true) - np.ravel(y_pred)) ** 2)
''', "wraps around", "uint8 not converted"),
    Mutant("mse_numpy", "mse_code", '''
def mse(y_true, y_pred):
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
''', "Flatten your inputs", "no flattening"),
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
''', "square the errors before averaging", "mae as mse"),
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
''', "is the median, not the mean", "mean for both"),
    Mutant("best_constants", "best_constants_code", '''
def best_constants(y):
    y = np.asarray(y, dtype=float)
    return np.median(y), np.median(y)
''', "SQUARED error is the mean", "median for both"),
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
]
