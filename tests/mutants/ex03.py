"""Plausible wrong answers for exercise 07 (gradient descent); see tests/mutants/__init__.py."""

from mutants import Mutant

MUTANTS = [
    # ---- gd_step
    Mutant("gd_step", "gradient_step_code", '''
def gradient_step(w, b, X, y, lr):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    residual = X @ w + b - y
    return w - lr * X.T @ residual / len(y), float(b - lr * np.mean(residual))
''', "forget the factor 2", "no factor 2"),
    Mutant("gd_step", "gradient_step_code", '''
def gradient_step(w, b, X, y, lr):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    residual = X @ w + b - y
    return w + lr * 2 * X.T @ residual / len(y), float(b + lr * 2 * np.mean(residual))
''', "you moved up the gradient", "uphill"),
    Mutant("gd_step", "gradient_step_code", '''
def gradient_step(w, b, X, y, lr):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    residual = X @ w + b - y
    return w - lr * 2 * X.T @ residual, float(b - lr * 2 * np.sum(residual))
''', "did you divide by n?", "no division by n"),
    Mutant("gd_step", "gradient_step_code", '''
def gradient_step(w, b, X, y, lr):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    residual = X @ w + b - y
    return w - 2 * X.T @ residual / len(y), float(b - 2 * np.mean(residual))
''', "is the learning rate used as given?", "lr forgotten"),
    Mutant("gd_step", "gradient_step_code", '''
def gradient_step(w, b, X, y, lr):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1, 1)
    w = np.asarray(w, dtype=float).reshape(-1, 1)
    residual = X @ w + b - y
    return w - lr * 2 * X.T @ residual / len(y), float(b - lr * 2 * np.mean(residual))
''', "returned w of shape (d, 1)", "column weights"),
    Mutant("gd_step", "gradient_step_code", '''
def gradient_step(w, b, X, y, lr):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.asarray(w, dtype=float)
    residual = X @ w + b - y
    return w - lr * 2 * X.T @ residual / len(y), float(b - lr * 2 * np.mean(residual))
''', "y has shape (n, 1) in this case", "y not flattened"),
    Mutant("gd_step", "gradient_step_code", '''
def gradient_step(w, b, X, y, lr):
    residual = X @ w + b - y
    return w - lr * 2 * X.T @ residual / len(y), b - lr * 2 * np.mean(residual)
''', "fails on Python lists", "no conversion of lists"),
    Mutant("gd_step", "gradient_step_code", '''
def gradient_step(w, b, X, y, lr):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    residual = X @ w + b - y
    return w - lr * 2 * X.T @ residual / len(y), float(b - lr * np.mean(residual))
''', "w is right but b is not", "bias gradient without 2"),
    # ---- gd_fit
    Mutant("gd_fit", "fit_code", '''
def fit(X, y, lr, n_steps):
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_steps):
        gradient_step(w, b, X, y, lr)  # result thrown away
    return w, b
''', "you returned the starting point", "updates discarded"),
    Mutant("gd_fit", "fit_code", '''
def fit(X, y, lr, n_steps):
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_steps + 1):
        w, b = gradient_step(w, b, X, y, lr)
    return w, b
''', "one step too many or too few", "off by one"),
    Mutant("gd_fit", "fit_code", '''
def fit(X, y, lr, n_steps):
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_steps):
        w, b = gradient_step(w, b, X, y, lr * len(X))  # "scaled" learning rate
    return w, b
''', "your loss diverged", "learning rate scaled by n"),
    Mutant("gd_fit", "fit_code", '''
def fit(X, y, lr, n_steps):
    X = np.asarray(X, dtype=float)
    w, b = np.zeros((X.shape[1], 1)), 0.0
    for _ in range(n_steps):
        w, b = gradient_step(w, b, X, y, lr)
        w = w.reshape(-1, 1)
    return w, b
''', "returned w of shape (d, 1)", "column weights"),
    # ---- gd_below_target
    Mutant("gd_below_target", "learning_rate_code", '''
chosen_lr = 0.1
chosen_steps = 100
''', "your loss diverged", "learning rate too large"),
    Mutant("gd_below_target", "learning_rate_code", '''
chosen_lr = 0.01
chosen_steps = 100
''', "the loss goes down but too slowly", "learning rate too small"),
    Mutant("gd_below_target", "learning_rate_code", '''
chosen_lr = 0.025
chosen_steps = 40
''', "take them all", "too few steps"),
    Mutant("gd_below_target", "learning_rate_code", '''
chosen_lr = 0.01
chosen_steps = 500  # over the budget
''', "a whole number from 1 to 100", "over the step budget"),
]
