"""Plausible wrong answers for exercise 03 (gradient descent); see tests/mutants/__init__.py."""

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
    Mutant("gd_step", "gradient_step_code", '''
def gradient_step(w, b, X, y, lr):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    residual = X @ w - y  # the intercept is missing from the prediction
    return w - lr * 2 * X.T @ residual / len(y), float(b - lr * 2 * np.mean(residual))
''', "your prediction leaves out the intercept", "prediction without b"),
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
    Mutant("gd_fit", "fit_code", '''
def fit(X, y, lr, n_steps):
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_steps):
        w, b = gradient_step(w, b, X, y, lr)
        return w, b  # inside the loop
''', "you returned after the first step", "return inside the loop"),
    # ---- gd_curvature
    Mutant("gd_curvature", "curvature_code", '''
A = np.c_[x, np.ones_like(x)]
H = 2 * A.T @ A / len(x)
mu_max, mu_min = np.linalg.eigvalsh(H)  # forgot that eigvalsh sorts increasingly
''', "swapped", "swapped eigenvalues"),
    Mutant("gd_curvature", "curvature_code", '''
H = 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])
mu_max, mu_min = H[0, 0], H[1, 1]
''', "diagonal entries of H", "diagonal instead of eigenvalues"),
    Mutant("gd_curvature", "curvature_code", '''
A = np.c_[x, np.ones_like(x)]
mu_min, mu_max = np.linalg.eigvalsh(A.T @ A / len(x))
''', "half the right ones", "no factor 2"),
    Mutant("gd_curvature", "curvature_code", '''
A = np.c_[x, np.ones_like(x)]
mu_min, mu_max = np.linalg.eigvalsh(2 * A.T @ A)
''', "n times too large", "no division by n"),
    Mutant("gd_curvature", "curvature_code", '''
mu_max = mu_min = 2 * np.mean(x**2)  # one parameter only
''', "two parameters, w and b", "no column of ones"),
    Mutant("gd_curvature", "curvature_code", '''
xc = x - x.mean()
A = np.c_[xc, np.ones_like(xc)]
mu_min, mu_max = np.linalg.eigvalsh(2 * A.T @ A / len(x))
''', "you centred x", "centred x"),
    Mutant("gd_curvature", "curvature_code", '''
A = np.c_[x, np.ones_like(x)]
mu_max = mu_min = np.linalg.eigvalsh(2 * A.T @ A / len(x))  # arrays, not numbers
''', "each be one finite number", "arrays"),
    Mutant("gd_curvature", "curvature_code", '''
A = np.c_[x, np.ones_like(x)]
mu_min, mu_max = np.linalg.eigvalsh(2 * A.T @ A / (len(x) - 1))
''', "you divided by n - 1", "n - 1"),
    Mutant("gd_curvature", "curvature_code", '''
A = np.c_[x, np.ones_like(x)]
mu = np.linalg.eigvalsh(2 * A @ A.T / len(x))  # n x n instead of 2 x 2
mu_min, mu_max = float(mu[0]), float(mu[-1])
''', "your mu_min is 0", "A A^T"),
    # ---- gd_learning_rates
    Mutant("gd_learning_rates", "learning_rates_code", '''
lr_max = 1 / mu_max
lr_best = 2 / (mu_max + mu_min)
''', "reaches -1, not 0", "lr_max = 1 / mu_max"),
    Mutant("gd_learning_rates", "learning_rates_code", '''
lr_max = 2 / mu_min
lr_best = 2 / (mu_max + mu_min)
''', "steepest direction", "lr_max from mu_min"),
    Mutant("gd_learning_rates", "learning_rates_code", '''
lr_max = 2 / mu_max
lr_best = 1 / (mu_max + mu_min)
''', "check the factor of your formula", "lr_best without 2"),
    Mutant("gd_learning_rates", "learning_rates_code", '''
lr_max = 2 / mu_max
lr_best = 1 / mu_max  # "factor 0 is best"
''', "check the factor of your formula", "lr_best = 1 / mu_max"),
    Mutant("gd_learning_rates", "learning_rates_code", '''
lr_max = 2 / mu_max
lr_best = 2 / (mu_max - mu_min)
''', "lr_max is right, lr_best is not", "lr_best with a minus"),
    Mutant("gd_learning_rates", "learning_rates_code", '''
lr_max = np.array([2 / mu_max, 2 / mu_min])  # both limits at once
lr_best = 2 / (mu_max + mu_min)
''', "must each be one finite number", "an array"),
    Mutant("gd_learning_rates", "curvature_code", '''
A = np.c_[x, np.ones_like(x)]
mu_min, mu_max = np.linalg.eigvalsh(A.T @ A / len(x))
''', "fix mu_max and mu_min", "wrong eigenvalues carried over"),
    # ---- gd_oscillation
    Mutant("gd_oscillation", "oscillation_code", '''
oscillation_choice = "A"
''', "A is wrong", "choice A"),
    Mutant("gd_oscillation", "oscillation_code", '''
oscillation_choice = "c"
''', "C is wrong", "choice C"),
    Mutant("gd_oscillation", "oscillation_code", '''
oscillation_choice = "D"
''', "D is wrong", "choice D"),
    Mutant("gd_oscillation", "oscillation_code", '''
oscillation_choice = 2
''', "answer with one letter", "not a letter"),
    # ---- huber_line_grad
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.clip(r, -delta, delta)
    return np.mean(slope * x), np.mean(slope)
''', "wrong sign", "sign"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.clip(r, -delta, delta)
    return -np.sum(slope * x), -np.sum(slope)
''', "did you divide by n?", "sum"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.clip(r, -delta, delta)
    return -np.mean(slope), -np.mean(slope * x)
''', "return dJ/dw first", "swapped"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.clip(r, -delta, delta)
    return -np.mean(slope), -np.mean(slope)
''', "your dJ/dw has no x", "no x"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.where(np.abs(r) <= delta, 2 * r, delta * np.sign(r))
    return -np.mean(slope * x), -np.mean(slope)
''', "not 2 r", "factor 2 inside"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.where(np.abs(r) <= delta, r, np.sign(r))
    return -np.mean(slope * x), -np.mean(slope)
''', "not +-1", "MAE slope outside"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.where(np.abs(r) <= delta, r, delta)
    return -np.mean(slope * x), -np.mean(slope)
''', "keep the sign of r", "unsigned delta"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    return -np.mean(r * x), -np.mean(r)
''', "stops growing at +-delta", "no clipping"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.clip(r, -delta, delta)
    return -np.mean(slope * x)
''', "return two finite numbers", "one number"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.where(np.abs(r) <= delta, r, delta * (np.abs(r) - delta / 2))
    return -np.mean(slope * x), -np.mean(slope)
''', "the loss delta * (|r| - delta / 2) itself", "loss value beyond delta"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.clip(r, -1, 1)  # threshold 1 instead of delta
    return -np.mean(slope * x), -np.mean(slope)
''', "at |r| = 1", "threshold 1"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.clip(r, -delta, delta) / delta  # SmoothL1 scaling
    return -np.mean(slope * x), -np.mean(slope)
''', "divided by delta", "SmoothL1"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.clip(r, -delta, delta)
    return -np.mean(x) * np.mean(slope), -np.mean(slope)
''', "not the mean of x", "product of means"),
    Mutant("huber_line_grad", "huber_grad_code", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b)
    slope = np.where(np.abs(r) <= delta, r, -delta * np.sign(r) * 7)
    return -np.mean(slope * x), -np.mean(slope)
''', "derive it in two steps", "default hint"),
]
