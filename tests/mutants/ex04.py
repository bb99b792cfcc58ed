"""Plausible wrong answers for exercise 04 (cross-entropy): each must fail its own check, with
the hint aimed at that mistake, and leave every other check of the notebook passing."""

from mutants import Mutant

MUTANTS = [
    # ---- bce_logits
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    p = 1 / (1 + np.exp(-z))  # textbook: log(0) for confident mistakes
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
''', "underflows to -inf", "textbook log(sigmoid)"),
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    return float(np.mean(np.maximum(z, 0) - y * z + np.log(1 + np.exp(-np.abs(z)))))
''', "np.log1p", "log(1 + x) not log1p"),
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    return float(np.sum(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))
''', "did you average over samples", "sum not mean"),
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))
''', "flatten both", "no ravel"),
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    p = np.clip(0.5 * (1 + np.tanh(z / 2)), 1e-7, 1 - 1e-7)  # sigmoid, then clip
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
''', "clipping the probabilities", "clipped probabilities"),
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    return float(np.mean(np.maximum(z, 0) - (1 - y) * z + np.log1p(np.exp(-np.abs(z)))))
''', "swapped y and 1 - y", "swapped labels"),
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))
''', "fails on Python lists", "lists not converted"),
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    return float(np.mean(y * z - np.maximum(z, 0) - np.log1p(np.exp(-np.abs(z)))))  # log-likelihood
''', "check the sign", "negative loss"),
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    return float(np.mean(np.maximum(z, 0) + y * z + np.log1p(np.exp(-np.abs(z)))))
''', "check the sign of the y*z term", "+y z"),
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    with np.errstate(over="ignore"):
        return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-z))))
''', "with the absolute value of z", "exp(-z) without abs"),
    Mutant("bce_logits", "bce_code", '''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))) / np.log(2))
''', "your loss is in bits", "bits"),
    # ---- softmax
    Mutant("softmax", "softmax_code", '''
def softmax(z):
    e = np.exp(np.asarray(z, dtype=float))  # no shift: exp(1000) overflows
    return e / e.sum(axis=1, keepdims=True)
''', "subtract the row max", "no max shift"),
    Mutant("softmax", "softmax_code", '''
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())  # one shift for the whole batch
    return e / e.sum(axis=1, keepdims=True)
''', "subtract the row max", "global max"),
    Mutant("softmax", "softmax_code", '''
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
''', "your columns sum to 1, not your rows", "axis 0"),
    Mutant("softmax", "softmax_code", '''
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1))
    return e / e.sum(axis=1)
''', "keepdims=True", "no keepdims"),
    Mutant("softmax", "softmax_code", '''
def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
''', "fails on Python lists", "lists not converted"),
    Mutant("softmax", "softmax_code", '''
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).ravel()  # flattened
''', "same shape as z", "flattened result"),
    # ---- softmax_ce
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)  # a stable softmax, but then log(0)
    return float(np.mean(-np.log(p[np.arange(len(y)), y])))
''', "log(softmax(z)) is log(0)", "log of softmax"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    log_sum_exp = np.log(np.sum(np.exp(z), axis=1))  # no max: exp(1000) overflows
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
''', "row max subtracted", "lse without max"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    z_max = z.max(axis=0, keepdims=True)
    log_sum_exp = z_max[0] + np.log(np.sum(np.exp(z - z_max), axis=0))
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
''', "the shapes do not line up", "lse along axis 0 (broadcast)"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    z_max = z.max(axis=0, keepdims=True)
    log_p = z - z_max - np.log(np.sum(np.exp(z - z_max), axis=0, keepdims=True))  # per column
    return float(np.mean(-log_p[np.arange(len(y)), y]))
''', "runs down the columns", "log-softmax along axis 0"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).astype(int)
    z = np.asarray(z, dtype=float)
    z_max = z.max(axis=1, keepdims=True)
    log_sum_exp = z_max[:, 0] + np.log(np.sum(np.exp(z - z_max), axis=1))
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
''', "flatten it", "labels not flattened"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    z_max = z.max(axis=1, keepdims=True)
    log_sum_exp = z_max[:, 0] + np.log(np.sum(np.exp(z - z_max), axis=1))
    return float(np.sum(log_sum_exp - z[np.arange(len(y)), y]))
''', "did you average", "sum not mean"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    z = np.asarray(z, dtype=float)
    z_max = z.max(axis=1, keepdims=True)
    log_p = z - z_max - np.log(np.sum(np.exp(z - z_max), axis=1, keepdims=True))
    return float(np.mean(-log_p))  # every class, not the true one
''', "only the true class", "every class"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z_max = z.max(axis=1, keepdims=True)  # z used as given: lists have no .max
    log_sum_exp = z_max[:, 0] + np.log(np.sum(np.exp(z - z_max), axis=1))
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
''', "fails on Python lists", "lists not converted"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel()  # float labels cannot index
    z = np.asarray(z, dtype=float)
    z_max = z.max(axis=1, keepdims=True)
    log_sum_exp = z_max[:, 0] + np.log(np.sum(np.exp(z - z_max), axis=1))
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
''', "index with integer labels", "labels not cast to int"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    z_max = z.max(axis=1, keepdims=True)
    log_sum_exp = z_max[:, 0] + np.log(np.sum(np.exp(z - z_max), axis=1))
    return float(np.mean(z[np.arange(len(y)), y] - log_sum_exp))  # the log-likelihood
''', "check the sign", "negative loss"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    z_max = z.max(axis=1, keepdims=True)
    log_p = z - z_max - np.log(np.exp(z - z_max).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[:, y]))
''', "z[:, y] picks whole columns", "z[:, y]"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    z_max = z.max(axis=1, keepdims=True)
    lse = np.log(np.exp(z - z_max).sum(axis=1))  # z_max never added back
    return float(np.mean(lse - z[np.arange(len(y)), y]))
''', "did not add it back", "max not added back"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    z_max = z.max(axis=1, keepdims=True)
    lse = z_max[:, 0] + np.log(np.exp(z - z_max).sum(axis=1))
    return float(np.mean(lse - z[np.arange(len(y)), y]) / np.log(2))
''', "your loss is in bits", "bits"),
    # ---- softmax_ce_grad
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1.0
    return p  # the slope of the SUM, not the mean
''', "did you divide by n?", "no 1/n"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    q = np.eye(z.shape[1])[y]
    return (q - p) / len(y)
''', "wrong sign", "target minus prediction"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return (p - 1) / len(z)
''', "subtracted 1 from every entry", "minus 1 everywhere"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True) / len(z)
''', "you left out the target", "no target"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    p = e / e.sum(axis=0, keepdims=True)
    return (p - np.eye(z.shape[1])[y]) / len(y)
''', "your columns sum to 1, not your rows", "softmax over axis 0"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z)  # no shift: exp(1000) overflows
    p = e / e.sum(axis=1, keepdims=True)
    return (p - np.eye(z.shape[1])[y]) / len(y)
''', "overflows for large logits", "no max shift"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return (p[np.arange(len(y)), y] - 1) / len(y)  # only the true-class slopes
''', "same shape as z", "true class only"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return (p - np.eye(z.shape[1])[y]) / len(y)
''', "flatten it", "labels not flattened"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return (p - np.eye(z.shape[1])[y]) / len(y)
''', "fails on Python lists", "lists not converted"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    q = np.eye(z.shape[1])[y]
    return (p - q) * p * (1 - p) / len(y)
''', "you multiplied by p(1 - p)", "sigmoid slope factor"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    q = np.eye(z.shape[1])[y]
    return -q / p / len(y)
''', "slope in the probabilities", "d loss / d p"),
    Mutant("softmax_ce_grad", "softmax_ce_grad_code", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    q = np.eye(z.shape[1])[y]
    return (p - q) / z.shape[1]
''', "you divided by K", "mean over classes"),
    # ---- logistic_grad
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).ravel() + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    z = X @ w + b
    p = np.exp(z) / (1 + np.exp(z))  # inf / inf for z = 1000
    slope = (p - y) / len(y)
    return X.T @ slope + 2 * lam * w, float(slope.sum())
''', "contains nan", "naive sigmoid"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).ravel() + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    slope = (y - sigmoid(X @ w + b)) / len(y)
    return X.T @ slope + 2 * lam * w, float(slope.sum())
''', "wrong sign", "label minus prediction"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).ravel() + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    slope = sigmoid(X @ w + b) - y
    return X.T @ slope + 2 * lam * w, float(slope.sum())
''', "did you divide by n?", "no 1/n"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y_pm, dtype=float).ravel()  # -1/+1 used as if 0/1
    w = np.asarray(w, dtype=float).ravel()
    slope = (sigmoid(X @ w + b) - y) / len(y)
    return X.T @ slope + 2 * lam * w, float(slope.sum())
''', "the labels here are -1 and +1", "labels not converted"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).ravel() + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    slope = (X @ w + b - y) / len(y)
    return X.T @ slope + 2 * lam * w, float(slope.sum())
''', "apply the sigmoid", "no sigmoid"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).ravel() + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    slope = (sigmoid(X @ w + b) - y) / len(y)
    return X.T @ slope, float(slope.sum())
''', "includes the penalty", "penalty forgotten"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).ravel() + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    slope = (sigmoid(X @ w + b) - y) / len(y)
    return X.T @ slope + lam * w, float(slope.sum())
''', "a factor 2 is missing", "penalty without 2"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).ravel() + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    slope = (sigmoid(X @ w + b) - y) / len(y)
    return X.T @ slope + 2 * lam * w, float(slope.sum() + 2 * lam * b)
''', "intercept b is not penalised", "penalised intercept"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).ravel() + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    slope = (sigmoid(X @ w + b) - y) / len(y)
    return X.T @ slope + 2 * lam * w, float(slope.mean())
''', "grad_w is right but grad_b is not", "grad_b averaged twice"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).ravel() + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    slope = (sigmoid(X @ w + b) - y) / len(y)
    return X.sum(axis=0) * slope.sum() + 2 * lam * w, float(slope.sum())
''', "grad_b is right but grad_w is not", "wrong chain for w"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).reshape(-1, 1) + 1) / 2
    w = np.asarray(w, dtype=float).reshape(-1, 1)
    slope = (sigmoid(X @ w + b) - y) / len(y)
    return X.T @ slope + 2 * lam * w, float(slope.sum())
''', "grad_w has shape (d, 1)", "column gradient"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float) + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    slope = (sigmoid(X @ w + b) - y) / len(y)
    return X.T @ slope + 2 * lam * w, float(np.sum(slope))
''', "y has shape (n, 1) in this case", "y not flattened"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    y = (y_pm + 1) / 2
    slope = (sigmoid(X @ w + b) - y) / len(y)
    return X.T @ slope + 2 * lam * w, float(slope.sum())
''', "fails on Python lists", "lists not converted"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y_pm, dtype=float).ravel() + 1) / 2
    w = np.asarray(w, dtype=float).ravel()
    slope = (sigmoid(X @ w + b) - y) / len(y)
    return np.append(X.T @ slope + 2 * lam * w, slope.sum())  # one array, not a pair
''', "return a pair (grad_w, grad_b)", "not a pair"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    t = np.asarray(y_pm, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    z = X @ w + b
    slope = (sigmoid(z) - (t + 1) / 2) / len(t)
    return X.T @ slope + 2 * lam * w / len(t), float(slope.sum())
''', "divided the penalty's gradient by n", "penalty over n"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    t = np.asarray(y_pm, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    z = X @ w + b
    slope = (sigmoid(z) - (1 - t) / 2) / len(t)  # labels converted the wrong way round
    return X.T @ slope + 2 * lam * w, float(slope.sum())
''', "labels are the wrong way round", "flipped labels"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    t = np.asarray(y_pm, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    z = X @ w + b
    slope = -t * sigmoid(t * z) / len(t)
    return X.T @ slope + 2 * lam * w, float(slope.sum())
''', "check the sign inside your sigmoid", "sigmoid(t z)"),
    Mutant("logistic_grad", "logistic_grad_code", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, dtype=float)
    t = np.asarray(y_pm, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    z = X @ w + b
    p = sigmoid(z)
    slope = (p - (t + 1) / 2) * p * (1 - p) / len(t)
    return X.T @ slope + 2 * lam * w, float(slope.sum())
''', "you multiplied by p(1 - p)", "squared-error slope"),
    # ---- separable
    Mutant("separable", "separable_code", '''
separable_answer = "a"
''', "not that a minimum exists", "option a"),
    Mutant("separable", "separable_code", '''
separable_answer = "c"
''', "what grows here is not the loss", "option c"),
    Mutant("separable", "separable_code", '''
separable_answer = "d"
''', "no local minimum that is not global", "option d"),
    Mutant("separable", "separable_code", '''
separable_answer = "the second one"
''', "answer with one letter", "not a letter"),
]
