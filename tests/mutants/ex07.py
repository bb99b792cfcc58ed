"""Plausible wrong answers for exercise 05 (regularization): each must fail its own check,
with the hint aimed at that mistake, and leave every other check passing
(format: tests/mutants/__init__.py)."""

from mutants import Mutant

_L2 = '''
def l2_penalty(w, lam):
    w = np.asarray(w, dtype=float)
    return {}
'''
_L2_GRAD = _L2.replace("def l2_penalty", "def l2_penalty_grad")
_L1_GRAD = _L2.replace("def l2_penalty", "def l1_penalty_grad")
_CURVE = '''
def validation_mse(alphas, X_train, y_train, X_val, y_val):
    errors = []
    for alpha in alphas:
        model = Ridge(alpha=alpha).fit(X_train, y_train)
        errors.append({})
    return np.array(errors)
'''

MUTANTS = [
    # ---- l2_penalty
    Mutant("l2_penalty", "l2_penalty_code", _L2.format("lam * float(np.sqrt(np.sum(w ** 2)))"),
           "no square root", "norm not squared"),
    Mutant("l2_penalty", "l2_penalty_code", _L2.format("lam * float(np.mean(w ** 2))"),
           "don't average them", "mean"),
    Mutant("l2_penalty", "l2_penalty_code", _L2.format("lam * float(np.sum(np.abs(w)))"),
           "that is the L1 penalty", "l1 instead"),
    Mutant("l2_penalty", "l2_penalty_code", _L2.format("0.5 * lam * float(np.sum(w ** 2))"),
           "no factor 1/2", "half"),
    Mutant("l2_penalty", "l2_penalty_code", _L2.format("float(np.sum(w ** 2))"),
           "multiply by the strength lam", "lam forgotten"),
    Mutant("l2_penalty", "l2_penalty_code", _L2.format("lam * np.sum(w ** 2, axis=0)"),
           "return one number", "sum along axis 0"),
    Mutant("l2_penalty", "l2_penalty_code", '''
def l2_penalty(w, lam):
    return lam * sum(w ** 2)
''', "fails on Python lists", "lists not converted"),
    Mutant("l2_penalty", "l2_penalty_code", _L2.format("lam * float(w @ w)"),
           "w @ w only works for 1-D w", "w @ w"),
    # ---- l2_grad
    Mutant("l2_grad", "l2_grad_code", _L2_GRAD.format("lam * w"), "forget the factor 2",
           "factor 2"),
    Mutant("l2_grad", "l2_grad_code", _L2_GRAD.format("2 * lam * np.sum(w)"),
           "same shape as w", "scalar"),
    Mutant("l2_grad", "l2_grad_code", _L2_GRAD.format("lam * np.sign(w)"),
           "that is the L1 (sub)gradient", "l1 instead"),
    Mutant("l2_grad", "l2_grad_code", _L2_GRAD.format("2 * w"),
           "multiply by the strength lam", "lam forgotten"),
    Mutant("l2_grad", "l2_grad_code", '''
def l2_penalty_grad(w, lam):
    return 2 * lam * w
''', "fails on Python lists", "lists not converted"),
    # ---- l1_grad
    Mutant("l1_grad", "l1_grad_code", _L1_GRAD.format("lam * w / np.abs(w)"),
           "w / |w| is 0/0", "division by |w|"),
    Mutant("l1_grad", "l1_grad_code", _L1_GRAD.format("lam * np.where(w >= 0, 1.0, -1.0)"),
           "use the subgradient 0", "slope 1 at 0"),
    Mutant("l1_grad", "l1_grad_code",
           _L1_GRAD.format("lam * np.where(np.abs(w) < 1e-8, 0.0, np.sign(w))"),
           "only an exact 0", "threshold"),
    Mutant("l1_grad", "l1_grad_code", _L1_GRAD.format("2 * lam * w"),
           "not proportional to w", "l2 instead"),
    Mutant("l1_grad", "l1_grad_code", _L1_GRAD.format("2 * lam * np.sign(w)"),
           "no factor 2", "factor 2"),
    # ---- validation_curve
    Mutant("validation_curve", "validation_code",
           _CURVE.format("np.mean((model.predict(X_train) - y_train) ** 2)"),
           "training rows", "training error"),
    Mutant("validation_curve", "validation_code",
           _CURVE.format("np.sqrt(np.mean((model.predict(X_val) - y_val) ** 2))"),
           "not its square root", "rmse"),
    Mutant("validation_curve", "validation_code", _CURVE.format("model.score(X_val, y_val)"),
           "returns R²", "r2"),
    Mutant("validation_curve", "validation_code",
           _CURVE.format("np.sum((model.predict(X_val) - y_val) ** 2)"),
           "average over the validation samples", "sum"),
    Mutant("validation_curve", "validation_code", '''
def validation_mse(alphas, X_train, y_train, X_val, y_val):
    model = Ridge(alpha=alphas[0]).fit(X_train, y_train)  # fitted once, outside the loop
    return np.array([np.mean((model.predict(X_val) - y_val) ** 2) for alpha in alphas])
''', "fit a new Ridge", "one model"),
    Mutant("validation_curve", "validation_code", '''
def validation_mse(alphas, X_train, y_train, X_val, y_val):
    model = Ridge(alpha=alphas[-1]).fit(X_train, y_train)
    return float(np.mean((model.predict(X_val) - y_val) ** 2))
''', "one validation MSE per alpha", "one number"),
    # ---- best_alpha
    Mutant("best_alpha", "best_alpha_code", '''
val_mse = validation_mse(alphas, X_train, y_train, X_val, y_val)
best = int(np.argmax(val_mse))
best_alpha, best_val_mse = alphas[best], val_mse[best]
''', "use np.argmin", "argmax"),
    Mutant("best_alpha", "best_alpha_code", '''
train_mse = validation_mse(alphas, X_train, y_train, X_train, y_train)
best = int(np.argmin(train_mse))
best_alpha, best_val_mse = alphas[best], train_mse[best]
''', "lowest TRAINING error", "chosen by training error"),
    Mutant("best_alpha", "best_alpha_code", '''
val_mse = validation_mse(alphas, X_train, y_train, X_val, y_val)
best = int(np.argmin(val_mse))
best_alpha, best_val_mse = best, val_mse[best]
''', "one of the alphas of the grid", "index not alpha"),
    Mutant("best_alpha", "best_alpha_code", '''
val_mse = validation_mse(alphas, X_train, y_train, X_val, y_val)
best_alpha, best_val_mse = alphas[int(np.argmin(val_mse))], float(np.mean(val_mse))
''', "best_alpha is right", "mean of the curve"),
]
