"""Plausible wrong answers for exercise 03 (cross-entropy): each must fail its own check, with
the hint aimed at that mistake, and leave every other check of the notebook passing."""

MUTANTS = [
    # ---------------------------------------------------------------- bce_logits
    dict(question="bce_logits", answer="bce_code", hint_contains="underflows to -inf", code='''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    p = 1 / (1 + np.exp(-z))  # textbook: log(0) for confident mistakes
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
'''),
    dict(question="bce_logits", answer="bce_code", hint_contains="np.log1p", code='''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    return float(np.mean(np.maximum(z, 0) - y * z + np.log(1 + np.exp(-np.abs(z)))))
'''),
    dict(question="bce_logits", answer="bce_code", hint_contains="did you average over samples",
         code='''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    return float(np.sum(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))
'''),
    dict(question="bce_logits", answer="bce_code", hint_contains="flatten both", code='''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))
'''),
    dict(question="bce_logits", answer="bce_code", hint_contains="clipping the probabilities",
         code='''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    p = np.clip(0.5 * (1 + np.tanh(z / 2)), 1e-7, 1 - 1e-7)  # sigmoid, then clip
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
'''),
    dict(question="bce_logits", answer="bce_code", hint_contains="swapped y and 1 - y", code='''
def bce_with_logits(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    return float(np.mean(np.maximum(z, 0) - (1 - y) * z + np.log1p(np.exp(-np.abs(z)))))
'''),
    dict(question="bce_logits", answer="bce_code", hint_contains="fails on Python lists", code='''
def bce_with_logits(y, z):
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))
'''),
    # ---------------------------------------------------------------- softmax
    dict(question="softmax", answer="softmax_code", hint_contains="subtract the row max", code='''
def softmax(z):
    e = np.exp(np.asarray(z, dtype=float))  # no shift: exp(1000) overflows
    return e / e.sum(axis=1, keepdims=True)
'''),
    dict(question="softmax", answer="softmax_code", hint_contains="subtract the row max", code='''
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())  # one shift for the whole batch
    return e / e.sum(axis=1, keepdims=True)
'''),
    dict(question="softmax", answer="softmax_code", hint_contains="along axis=1", code='''
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
'''),
    dict(question="softmax", answer="softmax_code", hint_contains="keepdims=True", code='''
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1))
    return e / e.sum(axis=1)
'''),
    dict(question="softmax", answer="softmax_code", hint_contains="fails on Python lists", code='''
def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
'''),
    # ---------------------------------------------------------------- softmax_ce
    dict(question="softmax_ce", answer="softmax_ce_code", hint_contains="log(softmax(z)) is log(0)",
         code='''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)  # a stable softmax, but then log(0)
    return float(np.mean(-np.log(p[np.arange(len(y)), y])))
'''),
    dict(question="softmax_ce", answer="softmax_ce_code", hint_contains="row max subtracted",
         code='''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    log_sum_exp = np.log(np.sum(np.exp(z), axis=1))  # no max: exp(1000) overflows
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
'''),
    dict(question="softmax_ce", answer="softmax_ce_code", hint_contains="along axis=1", code='''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    m = z.max(axis=0, keepdims=True)
    log_sum_exp = m[0] + np.log(np.sum(np.exp(z - m), axis=0))
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
'''),
    dict(question="softmax_ce", answer="softmax_ce_code", hint_contains="flatten it", code='''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).astype(int)
    z = np.asarray(z, dtype=float)
    m = z.max(axis=1, keepdims=True)
    log_sum_exp = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1))
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
'''),
    dict(question="softmax_ce", answer="softmax_ce_code", hint_contains="did you average",
         code='''
def softmax_cross_entropy(y, z):
    y = np.asarray(y).ravel().astype(int)
    z = np.asarray(z, dtype=float)
    m = z.max(axis=1, keepdims=True)
    log_sum_exp = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1))
    return float(np.sum(log_sum_exp - z[np.arange(len(y)), y]))
'''),
    dict(question="softmax_ce", answer="softmax_ce_code", hint_contains="only the true class",
         code='''
def softmax_cross_entropy(y, z):
    z = np.asarray(z, dtype=float)
    m = z.max(axis=1, keepdims=True)
    log_p = z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))
    return float(np.mean(-log_p))  # every class, not the true one
'''),
]
