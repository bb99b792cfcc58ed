"""Plausible wrong answers for exercise 03 (cross-entropy): each must fail its own check, with
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
''', "along axis=1", "axis 0"),
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
    m = z.max(axis=0, keepdims=True)
    log_sum_exp = m[0] + np.log(np.sum(np.exp(z - m), axis=0))
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
''', "along axis=1", "lse along axis 0"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).astype(int)
    z = np.asarray(z, dtype=float)
    m = z.max(axis=1, keepdims=True)
    log_sum_exp = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1))
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
''', "flatten it", "labels not flattened"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    m = z.max(axis=1, keepdims=True)
    log_sum_exp = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1))
    return float(np.sum(log_sum_exp - z[np.arange(len(y)), y]))
''', "did you average", "sum not mean"),
    Mutant("softmax_ce", "softmax_ce_code", '''
def softmax_cross_entropy(y, z):
    z = np.asarray(z, dtype=float)
    m = z.max(axis=1, keepdims=True)
    log_p = z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))
    return float(np.mean(-log_p))  # every class, not the true one
''', "only the true class", "every class"),
]
