"""Plausible wrong answers for exercise 04 (reading a log-loss number): each must fail its own
check, with the hint aimed at that mistake, and leave every other check passing. Most are
log-base mistakes."""

from mutants import Mutant

MUTANTS = [
    # ---- logloss_threshold
    Mutant("logloss_threshold", "prob_at_loss_code", '''
def prob_at_loss(loss, base=np.e):
    return 2.0 ** (-np.asarray(loss, dtype=float))  # bits, whatever the base
''', "not 2 ** -loss", "always base 2"),
    Mutant("logloss_threshold", "prob_at_loss_code", '''
def prob_at_loss(loss, base=np.e):
    return 10.0 ** (-np.asarray(loss, dtype=float))  # log10 thinking
''', "not 10", "always base 10"),
    Mutant("logloss_threshold", "prob_at_loss_code", '''
def prob_at_loss(loss, base=np.e):
    return np.exp(-np.asarray(loss, dtype=float))
''', "you ignored `base`", "base ignored"),
    Mutant("logloss_threshold", "prob_at_loss_code", '''
def prob_at_loss(loss, base=np.e):
    return float(base) ** np.asarray(loss, dtype=float)
''', "MINUS the log", "sign"),
    Mutant("logloss_threshold", "prob_at_loss_code", '''
def prob_at_loss(loss, base=np.e):
    return 1.0 - float(base) ** (-np.asarray(loss, dtype=float))
''', "TRUE class", "complement"),
    Mutant("logloss_threshold", "prob_at_loss_code", '''
def prob_at_loss(loss, base=np.e):
    return base ** (-loss)
''', "fails on Python lists", "lists not converted"),
    # ---- chance_baseline
    Mutant("chance_baseline", "chance_code", '''
def chance_log_loss(k, base=np.e):
    return np.log2(np.asarray(k, dtype=float))
''', "np.log2 gives bits", "log2"),
    Mutant("chance_baseline", "chance_code", '''
def chance_log_loss(k, base=np.e):
    return np.log10(np.asarray(k, dtype=float))
''', "np.log10", "log10"),
    Mutant("chance_baseline", "chance_code", '''
def chance_log_loss(k, base=np.e):
    return np.log(np.asarray(k, dtype=float))
''', "you ignored `base`", "base ignored"),
    Mutant("chance_baseline", "chance_code", '''
def chance_log_loss(k, base=np.e):
    return 1.0 / np.asarray(k, dtype=float)
''', "probability of each class", "probability not loss"),
    Mutant("chance_baseline", "chance_code", '''
def chance_log_loss(k, base=np.e):
    return np.log(1.0 / np.asarray(k, dtype=float)) / np.log(base)
''', "check the sign", "sign"),
    Mutant("chance_baseline", "chance_code", '''
def chance_log_loss(k, base=np.e):
    import math
    return math.log(k, base)
''', "the math module works on one number", "math.log"),
    # ---- constant_predictor
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    y = np.asarray(y).ravel().astype(int)
    f = np.bincount(y) / y.size
    return float(-np.sum(f * np.log(f)))  # nan when a class never occurs
''', "0 * log(0)", "0 log 0"),
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    return float(np.log(len(np.unique(y))))  # the uniform guess
''', "not 1/K", "uniform guess"),
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    y = np.asarray(y).ravel().astype(int)
    f = np.bincount(y) / y.size
    return float(np.mean(-np.log2(f[y])))
''', "np.log2", "bits"),
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    y = np.asarray(y).ravel().astype(int)
    f = np.bincount(y) / y.size
    return float(np.sum(-np.log(f[y])))
''', "average over samples", "sum not mean"),
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    f = np.bincount(y) / y.size
    return float(np.mean(-np.log(f[y])))
''', "fails on Python lists", "lists not converted"),
    # ---- perplexity
    Mutant("perplexity", "perplexity_code", '''
def perplexity(y, p):
    y = np.asarray(y).ravel().astype(int)
    p = np.asarray(p, dtype=float)
    return float(2.0 ** np.mean(-np.log(p[np.arange(y.size), y])))  # nats, then 2**
''', "don't mix bases", "2 ** nats"),
    Mutant("perplexity", "perplexity_code", '''
def perplexity(y, p):
    y = np.asarray(y).ravel().astype(int)
    p = np.asarray(p, dtype=float)
    return float(np.mean(-np.log(p[np.arange(y.size), y])))
''', "the log loss itself", "loss not perplexity"),
    Mutant("perplexity", "perplexity_code", '''
def perplexity(y, p):
    y = np.asarray(y).ravel().astype(int)
    p = np.asarray(p, dtype=float)
    return float(np.mean(1.0 / p[np.arange(y.size), y]))
''', "geometric mean", "mean of 1/p"),
]
