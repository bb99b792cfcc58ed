"""Plausible wrong answers for exercise 12 (loss design in deep-learning practice): each must
fail its own check with the hint aimed at that mistake, and leave every other check passing."""

from mutants import Mutant

_FOCAL_HEAD = '''
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    m = (2 * y - 1) * z
    minus_log_pt = np.logaddexp(0.0, -m)
    one_minus_pt = np.exp(-np.logaddexp(0.0, m))
'''

_GRAD_HEAD = '''
def focal_grad(y, z, gamma=2.0, alpha=0.25):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    sign = 2 * y - 1
    m = sign * z
    c = np.logaddexp(0.0, -m)
    p_t = np.exp(-c)
    s = np.exp(-np.logaddexp(0.0, m))
'''

_SEQ_HEAD = '''
def masked_sequence_loss(y, logits, mask):
    y = np.asarray(y)
    x = np.asarray(logits, dtype=float)
    m = np.asarray(mask, dtype=float)
    labels = np.where(m == 1, y, 0).astype(int)
    shifted = x - x.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    per_token = -np.take_along_axis(log_p, labels[..., None], axis=-1)[..., 0]
'''

_LS_HEAD = '''
q_true = 1 - eps + eps / k_classes
q_other = eps / k_classes
'''

MUTANTS = [
    # ---- focal_loss_fn
    Mutant("focal_loss_fn", "focal_loss_code", '''
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    m = (2 * y - 1) * z
    minus_log_pt = np.logaddexp(0.0, -m)
    one_minus_pt = np.exp(-np.logaddexp(0.0, m))
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return float(np.mean(alpha_t * one_minus_pt**gamma * minus_log_pt))
''', "fails on Python lists", "lists not converted"),
    Mutant("focal_loss_fn", "focal_loss_code", '''
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    p = 1 / (1 + np.exp(-z))
    p_t = np.where(y == 1, p, 1 - p)
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return float(np.mean(-alpha_t * (1 - p_t) ** gamma * np.log(p_t)))
''', "logaddexp", "textbook log of sigmoid"),
    Mutant("focal_loss_fn", "focal_loss_code", '''
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    m = (2 * y - 1) * z
    minus_log_pt = np.logaddexp(0.0, -m)
    one_minus_pt = np.exp(-np.logaddexp(0.0, m))
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return float(np.mean(alpha_t * one_minus_pt**gamma * minus_log_pt))
''', "flatten both", "no ravel"),
    Mutant("focal_loss_fn", "focal_loss_code", _FOCAL_HEAD + '''
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return float(np.sum(alpha_t * one_minus_pt**gamma * minus_log_pt))
''', "the mean of the per-example losses", "sum not mean"),
    Mutant("focal_loss_fn", "focal_loss_code", _FOCAL_HEAD + '''
    alpha_t = np.where(y == 1, 1 - alpha, alpha)
    return float(np.mean(alpha_t * one_minus_pt**gamma * minus_log_pt))
''', "other way round", "alpha swapped"),
    Mutant("focal_loss_fn", "focal_loss_code", _FOCAL_HEAD + '''
    return float(np.mean(one_minus_pt**gamma * minus_log_pt))
''', "leave out α_t", "no alpha"),
    Mutant("focal_loss_fn", "focal_loss_code", _FOCAL_HEAD + '''
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return float(np.mean(alpha_t * one_minus_pt**2 * minus_log_pt))
''', "use the gamma argument", "gamma fixed"),
    Mutant("focal_loss_fn", "focal_loss_code", _FOCAL_HEAD + '''
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    one_minus_p = np.exp(-np.logaddexp(0.0, z))  # 1 - p for every example, whatever y
    return float(np.mean(alpha_t * one_minus_p**gamma * minus_log_pt))
''', "probability of the TRUE", "factor uses p, not p_t"),
    Mutant("focal_loss_fn", "focal_loss_code", '''
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    p = np.clip(1 / (1 + np.exp(-np.clip(z, -500, 500))), 1e-7, 1 - 1e-7)
    p_t = np.where(y == 1, p, 1 - p)
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return float(np.mean(-alpha_t * (1 - p_t) ** gamma * np.log(p_t)))
''', "far too small at logits", "log of a clipped probability"),
    Mutant("focal_loss_fn", "focal_loss_code", _FOCAL_HEAD + '''
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    p_t = 1 - one_minus_pt
    return float(np.mean(alpha_t * p_t**gamma * minus_log_pt))
''', "not p_t^γ", "gamma on p_t, not 1 - p_t"),
    Mutant("focal_loss_fn", "focal_loss_code", _FOCAL_HEAD + '''
    return float(np.mean(alpha * one_minus_pt**gamma * minus_log_pt))
''', "uses α for every example", "alpha for both classes"),
    Mutant("focal_loss_fn", "focal_loss_code", _FOCAL_HEAD + '''
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return float(np.mean(alpha_t * minus_log_pt))
''', "modulating factor (1 - p_t)^γ is missing", "no modulating factor"),
    # ---- focal_grad_fn
    Mutant("focal_grad_fn", "focal_grad_code", '''
def focal_grad(y, z, gamma=2.0, alpha=0.25):
    sign = 2 * y - 1
    m = sign * z
    c = np.logaddexp(0.0, -m)
    p_t, s = np.exp(-c), np.exp(-np.logaddexp(0.0, m))
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return -alpha_t * sign * s**gamma * (gamma * p_t * c + s) / len(y)
''', "fails on Python lists", "lists not converted"),
    Mutant("focal_grad_fn", "focal_grad_code", _GRAD_HEAD + '''
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return float(np.sum(-alpha_t * sign * s**gamma * (gamma * p_t * c + s) / y.size))
''', "one derivative per example", "summed gradient"),
    Mutant("focal_grad_fn", "focal_grad_code", _GRAD_HEAD + '''
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return -alpha_t * sign * s**gamma * (gamma * p_t * c + s)
''', "gradient of the SUM", "no 1/n"),
    Mutant("focal_grad_fn", "focal_grad_code", _GRAD_HEAD + '''
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return alpha_t * sign * s**gamma * (gamma * p_t * c + s) / y.size
''', "check the sign", "sign flipped"),
    Mutant("focal_grad_fn", "focal_grad_code", _GRAD_HEAD + '''
    alpha_t = np.where(y == 1, 1 - alpha, alpha)
    return -alpha_t * sign * s**gamma * (gamma * p_t * c + s) / y.size
''', "α goes with class 1", "alpha swapped"),
    Mutant("focal_grad_fn", "focal_grad_code", _GRAD_HEAD + '''
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    p = np.exp(-np.logaddexp(0.0, -z))
    return alpha_t * s**gamma * (p - y) / y.size   # the factor treated as a constant
''', "treated (1 - p_t)^γ as a constant", "factor as constant"),
    Mutant("focal_grad_fn", "focal_grad_code", _GRAD_HEAD + '''
    return -sign * s**gamma * (gamma * p_t * c + s) / y.size
''', "α_t is missing", "no alpha"),
    Mutant("focal_grad_fn", "focal_grad_code", _GRAD_HEAD + '''
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return -alpha_t * s**gamma * (gamma * p_t * c + s) / y.size   # d/dm, not d/dz
''', "sign wrong for y = 0", "chain rule through m left out"),
    # ---- masked_seq_ce
    Mutant("masked_seq_ce", "masked_seq_code", '''
def masked_sequence_loss(y, logits, mask):
    y = np.where(np.asarray(mask) == 1, y, 0).astype(int)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    per_token = -np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]
    return float(np.sum(per_token * mask) / np.sum(mask))
''', "fails on Python lists", "lists not converted"),
    Mutant("masked_seq_ce", "masked_seq_code", '''
def masked_sequence_loss(y, logits, mask):
    y = np.asarray(y).astype(int)
    x = np.asarray(logits, dtype=float)
    m = np.asarray(mask, dtype=float)
    shifted = x - x.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    per_token = -np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]
    return float(np.sum(per_token * m) / m.sum())
''', "padding labels are -100", "-100 used as an index"),
    Mutant("masked_seq_ce", "masked_seq_code", '''
def masked_sequence_loss(y, logits, mask):
    y = np.asarray(y)
    x = np.asarray(logits, dtype=float)
    m = np.asarray(mask, dtype=float)
    labels = np.where(m == 1, y, 0).astype(int)
    p = np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)
    per_token = -np.log(np.take_along_axis(p, labels[..., None], axis=-1)[..., 0])
    return float(np.sum(per_token * m) / m.sum())
''', "log-softmax with each", "naive softmax"),
    Mutant("masked_seq_ce", "masked_seq_code", _SEQ_HEAD + '''
    return float(per_token.mean())
''', "the padding is counted", "no mask"),
    Mutant("masked_seq_ce", "masked_seq_code", _SEQ_HEAD + '''
    return float(np.mean(per_token * m))
''', "not by every position", "divided by N*T"),
    Mutant("masked_seq_ce", "masked_seq_code", _SEQ_HEAD + '''
    return float(np.mean(np.sum(per_token * m, axis=1) / m.sum(axis=1)))
''', "averaged within each sequence", "mean of sequence means"),
    Mutant("masked_seq_ce", "masked_seq_code", _SEQ_HEAD + '''
    return float(np.sum(per_token * m))
''', "divided by their count", "sum not mean"),
    Mutant("masked_seq_ce", "masked_seq_code", '''
def masked_sequence_loss(y, logits, mask):
    y = np.asarray(y)
    x = np.asarray(logits, dtype=float)
    m = np.asarray(mask, dtype=float)
    labels = np.where(m == 1, y, 0).astype(int)
    shifted = x - x.max(axis=-1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=-1, keepdims=True)
    p_true = np.take_along_axis(p, labels[..., None], axis=-1)[..., 0]
    per_token = -np.log(np.clip(p_true, 1e-12, 1.0))
    return float(np.sum(per_token * m) / m.sum())
''', "far too small at logits", "log of a clipped softmax"),
    Mutant("masked_seq_ce", "masked_seq_code", '''
def masked_sequence_loss(y, logits, mask):
    y = np.asarray(y)
    x = np.asarray(logits, dtype=float)
    m = np.asarray(mask, dtype=float)
    labels = np.where(m == 1, y, 0).astype(int)
    shifted = x - x.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    per_token = -np.take_along_axis(log_p, labels[..., None], axis=-1)[..., 0]
    return float(np.sum(per_token * m) / m.sum())
''', "the last axis of the", "softmax over the time axis"),
    # ---- ls_floor
    Mutant("ls_floor", "ls_code", _LS_HEAD + '''
ls_floor = 0.0
ls_gap = np.log(q_true / q_other)
''', "cannot reach 0", "floor zero"),
    Mutant("ls_floor", "ls_code", _LS_HEAD + '''
ls_floor = -(q_true * np.log2(q_true) + (k_classes - 1) * q_other * np.log2(q_other))
ls_gap = np.log(q_true / q_other)
''', "in bits", "log2"),
    Mutant("ls_floor", "ls_code", _LS_HEAD + '''
ls_floor = -np.log(q_true)
ls_gap = np.log(q_true / q_other)
''', "entropy of the WHOLE target", "true class only"),
    Mutant("ls_floor", "ls_code", '''
q_true = 1 - eps
q_other = eps / (k_classes - 1)
ls_floor = -(q_true * np.log(q_true) + (k_classes - 1) * q_other * np.log(q_other))
ls_gap = np.log(q_true / q_other)
''', "spread over all K classes", "eps over K-1 classes"),
    Mutant("ls_floor", "ls_code", _LS_HEAD + '''
ls_floor = -(q_true * np.log(q_true) + (k_classes - 1) * q_other * np.log(q_other))
ls_gap = np.log((1 - eps) / eps)
''', "compares one wrong class", "gap from eps"),
    Mutant("ls_floor", "ls_code", _LS_HEAD + '''
ls_floor = -(q_true * np.log(q_true) + (k_classes - 1) * q_other * np.log(q_other))
ls_gap = np.log((1 - eps) / q_other)
''', "gets its share of ε/K", "true class target 1 - eps"),
    Mutant("ls_floor", "ls_code", _LS_HEAD + '''
ls_gap = -(q_true * np.log(q_true) + (k_classes - 1) * q_other * np.log(q_other))
ls_floor = np.log(q_true / q_other)
''', "swapped", "floor and gap swapped"),
    Mutant("ls_floor", "ls_code", _LS_HEAD + '''
ls_floor = -(q_true * np.log(q_true) + (k_classes - 1) * q_other * np.log(q_other))
ls_gap = np.log2(q_true / q_other)
''', "not log2", "gap in log2"),
    Mutant("ls_floor", "ls_code", _LS_HEAD + '''
ls_floor = -(q_true * np.log(q_true) + (k_classes - 1) * q_other * np.log(q_other))
ls_gap = q_true / q_other
''', "its logarithm", "gap as a probability ratio"),
    Mutant("ls_floor", "ls_code", '''
ls_floor, ls_gap = "0.5875", "2.8332"
''', "not strings", "strings"),
    Mutant("ls_floor", "ls_code", _LS_HEAD + '''
ls_floor = -(1 - eps) * np.log(1 - eps)          # loss of a one-hot-like prediction
ls_gap = np.log(q_true / q_other)
''', "ls_floor is off", "floor of the wrong prediction"),
    Mutant("ls_floor", "ls_code", _LS_HEAD + '''
ls_floor = -(q_true * np.log(q_true) + (k_classes - 1) * q_other * np.log(q_other))
ls_gap = q_true - q_other                         # a difference of probabilities
''', "ls_gap is off", "gap as a probability difference"),
    # ---- imbalance_choice
    Mutant("imbalance_choice", "choice_code", 'choice = "A"', "counts the costs twice", "A"),
    Mutant("imbalance_choice", "choice_code", 'choice = "c"', "not their cost", "C lower case"),
    Mutant("imbalance_choice", "choice_code", 'choice = "D"', "focal loss changes", "D"),
    Mutant("imbalance_choice", "choice_code", 'choice = 2', "as a string", "a number"),
    Mutant("imbalance_choice", "choice_code", 'choice = "E"', "exactly one of the letters",
           "not an option"),
    Mutant("imbalance_choice", "choice_code", 'choice = "A or B"', "exactly one of the letters",
           "two letters"),
]
