"""Plausible wrong answers for exercise 08 (regularization in practice: proximal steps,
cross-validation, choosing lambda, conventions): each must fail its own check, with the hint
aimed at that mistake, and leave every other check passing (format: tests/mutants/__init__.py)."""

from mutants import Mutant

_ISTA = '''
def ista_step(w, b, X, y, lam, eta):
    r = y - (X @ w + b)
    grad_w = -2.0 / len(y) * (X.T @ r)
    grad_b = -2.0 / len(y) * np.sum(r)
    {}
'''
_SOFT = "np.sign(v) * np.maximum(np.abs(v) - {}, 0.0)"
_CV = '''
def cv_mse(alpha, X, y, n_folds):
    n = len(y)
    fold_mses = []
    for fold in np.array_split(np.arange(n), n_folds):
        train = np.setdiff1d(np.arange(n), fold)
        {}
    return {}
'''
_FIT = "model = Ridge(alpha=alpha).fit(X[train], y[train])"
_HELD_OUT = "fold_mses.append(np.mean((y[fold] - model.predict(X[fold])) ** 2))"
_CHOICE = '''
cv_curve = np.array([cv_mse(a, X_train, y_train, 5) for a in alphas])
best_alpha = alphas[int(np.argmin(cv_curve))]
final = Ridge(alpha=best_alpha).fit(X_train, y_train)
test_mse = float(np.mean((y_test - final.predict(X_test)) ** 2))
'''


def _cv(body, result="float(np.mean(fold_mses))"):
    return _CV.format(body.replace("\n", "\n        "), result)


MUTANTS = [
    # ---- ista_step
    Mutant("ista_step", "ista_code", _ISTA.format(
        "return w - eta * (grad_w + lam * np.sign(w)), b - eta * grad_b"),
        "that is a subgradient step", "subgradient"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w - eta * grad_w\n    return " + _SOFT.format("lam") + ", b - eta * grad_b"),
        "by eta * lam", "threshold lam"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w + eta * grad_w\n    return " + _SOFT.format("eta * lam") + ", b + eta * grad_b"),
        "goes uphill", "uphill"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w\n    return " + _SOFT.format("eta * lam") + " - eta * grad_w, b - eta * grad_b"),
        "not the other way round", "prox first"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w - eta * grad_w / 2\n    return " + _SOFT.format("eta * lam")
        + ", b - eta * grad_b / 2"),
        "has a factor 2", "no factor 2"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w - eta * grad_w * len(y)\n    return " + _SOFT.format("eta * lam")
        + ", b - eta * grad_b * len(y)"),
        "the MSE is a mean", "sum not mean"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w - eta * grad_w\n    c = b - eta * grad_b\n    return " + _SOFT.format("eta * lam")
        + ", np.sign(c) * max(abs(c) - eta * lam, 0.0)"),
        "the intercept is not penalised", "b thresholded"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w - eta * grad_w\n    return " + _SOFT.format("eta * lam") + ", b"),
        "update the intercept too", "b not updated"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w - eta * grad_w\n    return " + _SOFT.format("eta * lam")),
        "return the pair (w_new, b_new)", "only w"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w - eta * grad_w\n    return " + _SOFT.format("eta * lam / 2") + ", b - eta * grad_b"),
        "the soft threshold is not eta * lam", "threshold eta lam / 2"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w - eta * grad_w\n    return np.where(np.abs(v) > eta * lam, v, 0.0), "
        "b - eta * grad_b"),
        "hard thresholding", "hard threshold"),
    Mutant("ista_step", "ista_code", _ISTA.replace("r = y - (X @ w + b)", "r = y - X @ w").format(
        "v = w - eta * grad_w\n    return " + _SOFT.format("eta * lam") + ", b - eta * grad_b"),
        "the prediction includes the intercept", "residual without b"),
    Mutant("ista_step", "ista_code", _ISTA.format(
        "v = w - eta * grad_w\n    return " + _SOFT.format("eta * lam")
        + ", b - eta * grad_b / 2"),
        "w_new is right, b_new is not", "intercept gradient halved"),
    # ---- cv_mse
    Mutant("cv_mse", "cv_code", '''
def cv_mse(alpha, X, y, n_folds):
    n = len(y)
    fold_mses = []
    for start in range(0, n, n_folds):
        fold = np.arange(start, min(start + n_folds, n))
        train = np.setdiff1d(np.arange(n), fold)
        model = Ridge(alpha=alpha).fit(X[train], y[train])
        fold_mses.append(np.mean((y[fold] - model.predict(X[fold])) ** 2))
    return float(np.mean(fold_mses))
''', "folds of n_folds rows each", "folds of n_folds rows"),
    Mutant("cv_mse", "cv_code", _cv(_FIT + "\n" + _HELD_OUT, "float(np.mean(fold_mses[:-1]))"),
        "one fold is missing", "a fold dropped"),
    Mutant("cv_mse", "cv_code", _cv(
        "model = Ridge().fit(X[train], y[train])\n" + _HELD_OUT),
        "does not depend on alpha", "alpha ignored"),
    Mutant("cv_mse", "cv_code", _cv(
        _FIT + "\nfold_mses.append(np.mean(np.abs(y[fold] - model.predict(X[fold]))))"),
        "mean ABSOLUTE error", "mae"),
    Mutant("cv_mse", "cv_code", _cv(
        "model = Ridge(alpha=alpha).fit(X, y)\n" + _HELD_OUT),
        "fit on the OTHER folds only", "fitted on all rows"),
    Mutant("cv_mse", "cv_code", _cv(
        _FIT + "\nfold_mses.append(np.mean((y[train] - model.predict(X[train])) ** 2))"),
        "scored each model on the rows it was fitted on", "scored on training folds"),
    Mutant("cv_mse", "cv_code", _cv(_FIT + "\n" + _HELD_OUT, "float(fold_mses[0])"),
        "average over all the folds", "first fold only"),
    Mutant("cv_mse", "cv_code", _cv(
        _FIT + "\nfold_mses.append(np.sqrt(np.mean((y[fold] - model.predict(X[fold])) ** 2)))"),
        "not a square root", "rmse"),
    Mutant("cv_mse", "cv_code", _cv(_FIT + "\n" + _HELD_OUT, "float(np.sum(fold_mses))"),
        "average", "sum over folds"),
    Mutant("cv_mse", "cv_code", _cv(_FIT + "\n" + _HELD_OUT, "np.array(fold_mses)"),
        "return one number", "the fold MSEs"),
    # ---- cv_choice
    Mutant("cv_choice", "choice_code", _CHOICE.replace(
        "np.argmin(cv_curve)", "np.argmax(cv_curve)"), "use np.argmin", "argmax"),
    Mutant("cv_choice", "choice_code", '''
test_curve = [np.mean((y_test - Ridge(alpha=a).fit(X_train, y_train).predict(X_test)) ** 2)
              for a in alphas]
best_alpha = alphas[int(np.argmin(test_curve))]
test_mse = float(np.min(test_curve))
''', "the test set must not choose", "chosen on the test set"),
    Mutant("cv_choice", "choice_code", '''
train_curve = [np.mean((y_train - Ridge(alpha=a).fit(X_train, y_train).predict(X_train)) ** 2)
               for a in alphas]
best_alpha = alphas[int(np.argmin(train_curve))]
final = Ridge(alpha=best_alpha).fit(X_train, y_train)
test_mse = float(np.mean((y_test - final.predict(X_test)) ** 2))
''', "lowest TRAINING MSE", "chosen on the training rows"),
    Mutant("cv_choice", "choice_code", _CHOICE.replace(
        "best_alpha = alphas[int(np.argmin(cv_curve))]", "best_alpha = int(np.argmin(cv_curve))"),
        "not its position in the grid", "index not alpha"),
    Mutant("cv_choice", "choice_code", _CHOICE.replace(
        "best_alpha = alphas[int(np.argmin(cv_curve))]",
        "best_alpha = round(float(alphas[int(np.argmin(cv_curve))]), 2)"),
        "rounded copy of a grid value", "rounded alpha"),
    Mutant("cv_choice", "choice_code", _CHOICE + "test_mse = float(np.sqrt(test_mse))\n",
        "no square root", "test rmse"),
    Mutant("cv_choice", "choice_code", _CHOICE + "test_mse = float(np.sum((y_test - "
        "final.predict(X_test)) ** 2))\n", "not their sum", "test sum"),
    Mutant("cv_choice", "choice_code", _CHOICE.replace(
        "best_alpha = alphas[int(np.argmin(cv_curve))]", "best_alpha = alphas[-3]"),
        "more than 2% above the best", "a poor alpha"),
    Mutant("cv_choice", "choice_code", _CHOICE + "test_mse = float(np.min(cv_curve))\n",
        "not the CV MSE", "reported the CV MSE"),
    Mutant("cv_choice", "choice_code", _CHOICE
        + "test_mse = float(np.mean((y_train - final.predict(X_train)) ** 2))\n",
        "not on the training rows", "reported the training MSE"),
    Mutant("cv_choice", "choice_code", _CHOICE
        + "test_mse = float(np.mean((y_test - Ridge(alpha=best_alpha).fit(X_train[:265], "
          "y_train[:265]).predict(X_test)) ** 2))\n",
        "refit Ridge(best_alpha) on ALL training rows", "not refitted on all rows"),
    # ---- textbook_lam
    Mutant("textbook_lam", "textbook_code", "textbook_lam = 4 / (2 * 250)\ntextbook_alpha = 2.0",
           "multiply the WHOLE objective by 2", "lam'/(2n)"),
    Mutant("textbook_lam", "textbook_code", "textbook_lam = 4 / 2\ntextbook_alpha = 500.0",
           "divides its penalty by n too", "lam'/2"),
    Mutant("textbook_lam", "textbook_code", "textbook_lam = 4.0\ntextbook_alpha = 4.0",
           "the textbook's number", "lam' itself"),
    Mutant("textbook_lam", "textbook_code", "textbook_lam = 4.0 * 250\ntextbook_alpha = 4.0",
           "too large by n**2", "lam' n"),
    Mutant("textbook_lam", "textbook_code", "textbook_lam = 4 / 250\ntextbook_alpha = 4 / 250",
           "alpha = n * lam", "alpha = lam"),
    Mutant("textbook_lam", "textbook_code", "textbook_lam = 4 / 250\ntextbook_alpha = 2.0",
           "multiply the textbook objective by 2n", "alpha = lam'/2"),
    Mutant("textbook_lam", "textbook_code",
           "textbook_lam = 4 / 250\ntextbook_alpha = 2 * 250 * 4 / 250",
           "your lam is right, your alpha is not", "alpha = 2n lam"),
]
