"""Plausible wrong answers for exercise 05 (reading a log-loss number): each must fail its own
check, with the hint aimed at that mistake, and leave every other check passing. At least one
mutant per hint of every question."""

from mutants import Mutant

CLIP_RIGHT = '''
loss_logits = losses.binary_cross_entropy_with_logits(y_clip, z_clip)
eps = float(np.finfo(np.float32).eps)
loss_clipped = losses.binary_cross_entropy(y_clip, np.clip(losses.sigmoid(z_clip), eps, 1 - eps))
'''

MUTANTS = [
    # ---- logloss_threshold
    Mutant("logloss_threshold", "prob_at_loss_code", '''
def prob_at_loss(loss, base=np.e):
    import math
    return math.pow(float(base), -loss)
''', "the math module works on one number", "math.pow"),
    Mutant("logloss_threshold", "prob_at_loss_code", '''
def prob_at_loss(loss, base=np.e):
    return base ** (-loss)
''', "fails on Python lists", "lists not converted"),
    Mutant("logloss_threshold", "prob_at_loss_code", '''
def prob_at_loss(loss, base=np.e):
    return 2.0 ** (-np.asarray(loss, dtype=float))  # bits, whatever the base
''', "not -log2(p) = loss", "always base 2"),
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
    return np.vectorize(lambda value: base ** -value)(loss)  # output type from the first value
''', "whole numbers only", "np.vectorize to int"),
    # ---- logit_at_loss
    Mutant("logit_at_loss", "logit_at_loss_code", '''
def logit_at_loss(loss):
    import math
    return -math.log(math.exp(loss) - 1)
''', "the math module works on one number", "math.log"),
    Mutant("logit_at_loss", "logit_at_loss_code", '''
def logit_at_loss(loss):
    return -loss - np.log(-np.expm1(-loss))
''', "fails on Python lists", "lists not converted"),
    Mutant("logit_at_loss", "logit_at_loss_code", '''
def logit_at_loss(loss):
    loss = np.asarray(loss, dtype=float)
    return -np.log(np.exp(loss) - 1)  # right on paper, overflows at 800
''', "np.exp(800) overflows", "overflow"),
    Mutant("logit_at_loss", "logit_at_loss_code", '''
def logit_at_loss(loss):
    loss = np.asarray(loss, dtype=float)
    return np.log(np.expm1(loss))
''', "wrong sign", "sign"),
    Mutant("logit_at_loss", "logit_at_loss_code", '''
def logit_at_loss(loss):
    return np.exp(-np.asarray(loss, dtype=float))
''', "that is the probability", "probability not logit"),
    Mutant("logit_at_loss", "logit_at_loss_code", '''
def logit_at_loss(loss):
    return -np.asarray(loss, dtype=float)  # the asymptote only
''', "only the asymptote", "asymptote"),
    Mutant("logit_at_loss", "logit_at_loss_code", '''
def logit_at_loss(loss):
    p = np.exp(-np.asarray(loss, dtype=float))  # underflows to 0 for 800 nats
    with np.errstate(divide="ignore"):
        return np.log(p / (1 - p))
''', "underflows to 0", "logit of an underflowed probability"),
    # ---- chance_baseline
    Mutant("chance_baseline", "chance_code", '''
def chance_log_loss(k, base=np.e):
    import math
    return math.log(k, base)
''', "the math module works on one number", "math.log"),
    Mutant("chance_baseline", "chance_code", '''
def chance_log_loss(k, base=np.e):
    return -np.log(1 / k) / np.log(base)
''', "fails on Python lists", "lists not converted"),
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
    # ---- constant_predictor
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    import math
    y = np.asarray(y).ravel().astype(int)
    f = np.bincount(y) / y.size
    return float(np.mean(-math.log(f[y])))
''', "the math module works on one number", "math.log"),
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    f = np.bincount(y) / y.size
    return float(np.mean(-np.log(f[y])))
''', "fails on Python lists", "lists not converted"),
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    y = np.asarray(y).ravel().astype(int)
    f = np.bincount(y) / y.size
    return float(-np.sum(f * np.log(f)))  # nan when a class never occurs
''', "0 * log(0)", "0 log 0"),
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    return float(np.log(len(np.unique(y))))  # the uniform guess
''', "uniform guess 1/K", "uniform guess"),
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
''', "average over examples", "sum not mean"),
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    y = np.asarray(y).ravel().astype(int)
    f = np.bincount(y) / y.size
    return float(np.mean(np.log(f[y])))
''', "check the sign", "sign"),
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    y = np.asarray(y).ravel().astype(int)
    counts = np.bincount(y)
    return float(np.mean(-np.log(counts[y])))  # counts, not shares
''', "class counts where the class shares belong", "counts"),
    Mutant("constant_predictor", "constant_code", '''
def constant_log_loss(y):
    f = np.mean(np.asarray(y, dtype=float))  # the share of label 1: two classes only
    with np.errstate(all="ignore"):
        return float(-(f * np.log(f) + (1 - f) * np.log(1 - f)))
''', "more than two classes", "binary formula"),
    # ---- perplexity
    Mutant("perplexity", "perplexity_code", '''
def perplexity(y, p):
    y = np.asarray(y).ravel().astype(int)
    return float(np.exp(np.mean(-np.log(p[np.arange(y.size), y]))))
''', "fails on Python lists", "lists not converted"),
    Mutant("perplexity", "perplexity_code", '''
def perplexity(y, p):
    y = np.asarray(y).ravel().astype(int)
    p = np.asarray(p, dtype=float)
    return float(np.exp(np.mean(-np.log(p[:, y]))))  # the classic indexing mistake
''', "p[:, y] picks an n x n block", "p[:, y]"),
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
    Mutant("perplexity", "perplexity_code", '''
def perplexity(y, p):
    y = np.asarray(y).ravel().astype(int)
    p = np.asarray(p, dtype=float)
    return float(np.exp(np.sum(-np.log(p[np.arange(y.size), y]))))
''', "e to the SUM of the losses", "exp of the sum"),
    Mutant("perplexity", "perplexity_code", '''
def perplexity(y, p):
    p = np.asarray(p, dtype=float)
    return float(np.exp(np.mean(-np.log(p.max(axis=1)))))  # the predicted class
''', "largest probability", "argmax probability"),
    # ---- clipped_vs_logits
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", CLIP_RIGHT + '''
n_zero_grad = np.array([3])
loss_logits = np.array([loss_logits, loss_logits])
''', "give two numbers and a whole number", "arrays"),
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", CLIP_RIGHT + '''
loss_logits = losses.binary_cross_entropy(y_clip, losses.sigmoid(z_clip))  # through p: inf
n_zero_grad = 3
''', "infinite", "through probabilities"),
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", CLIP_RIGHT + '''
loss_logits = losses.binary_cross_entropy_with_logits(y_clip, z_clip, reduction="sum")
n_zero_grad = 3
''', "looks like a sum", "sum"),
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", CLIP_RIGHT + '''
eps = float(np.finfo(np.float64).eps)
loss_clipped = losses.binary_cross_entropy(y_clip, np.clip(losses.sigmoid(z_clip), eps, 1 - eps))
n_zero_grad = 3
''', "float64 epsilon; these probabilities", "float64 clip"),
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", CLIP_RIGHT + '''
loss_clipped = loss_logits
n_zero_grad = 3
''', "the unclipped loss", "no clip"),
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", CLIP_RIGHT + '''
margin = np.where(y_clip == 1, z_clip, -z_clip)
n_zero_grad = int(np.sum(margin < 0))  # every mistake
''', "not every mistake is silenced", "all mistakes"),
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", CLIP_RIGHT + '''
margin = np.where(y_clip == 1, z_clip, -z_clip)
n_zero_grad = int(np.sum(margin < np.log(np.finfo(np.float64).eps)))
''', "not the float64 one", "float64 count"),
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", CLIP_RIGHT + '''
margin = np.where(y_clip == 1, z_clip, -z_clip)
n_zero_grad = int(np.sum(np.abs(margin) > -np.log(eps)))  # every clipped example
''', "count only the misclassified", "clipped right ones too"),
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", '''
loss_logits = losses.binary_cross_entropy_with_logits(y_clip, z_clip) / np.log(2)
eps = float(np.finfo(np.float32).eps)
loss_clipped = losses.binary_cross_entropy(y_clip, np.clip(losses.sigmoid(z_clip), eps, 1 - eps))
n_zero_grad = 3
''', "loss_logits is in bits", "bits"),
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", '''
loss_logits = losses.binary_cross_entropy_with_logits(y_clip, z_clip)
eps = float(np.finfo(np.float32).eps)
with np.errstate(divide="ignore"):
    loss_clipped = losses.binary_cross_entropy(y_clip, np.clip(losses.sigmoid(z_clip), eps, 1))
n_zero_grad = 3
''', "clip both ends", "lower clip only"),
    Mutant("clipped_vs_logits", "clipped_vs_logits_code", '''
loss_logits = losses.binary_cross_entropy_with_logits(y_clip, z_clip)
eps = 1e-7
loss_clipped = losses.binary_cross_entropy(y_clip, np.clip(losses.sigmoid(z_clip), eps, 1 - eps))
n_zero_grad = 3
''', "you clipped at 1e-7", "eps 1e-7"),
    # ---- baseline_choice
    Mutant("baseline_choice", "baseline_choice_code", 'baseline_answer = 3',
           "answer with one letter", "not a letter"),
    Mutant("baseline_choice", "baseline_choice_code", 'baseline_answer = "a"',
           "loss of the uniform guess", "a: ln 2"),
    Mutant("baseline_choice", "baseline_choice_code", 'baseline_answer = "b"',
           "accuracy needs its own baseline", "b: accuracy"),
    Mutant("baseline_choice", "baseline_choice_code", 'baseline_answer = "D"',
           "infinite log loss", "d: majority class"),
    # ---- calibration_choice
    Mutant("calibration_choice", "calibration_choice_code", 'calibration_answer = "f"',
           "answer with one letter", "not an option"),
    Mutant("calibration_choice", "calibration_choice_code", 'calibration_answer = "a"',
           "not that its ranking is useless", "a: learned nothing"),
    Mutant("calibration_choice", "calibration_choice_code", 'calibration_answer = "b"',
           "not better in every respect", "b: lower loss wins"),
    Mutant("calibration_choice", "calibration_choice_code", 'calibration_answer = " d "',
           "near-certainty", "d: contradiction"),
    Mutant("calibration_choice", "calibration_choice_code", 'calibration_answer = "(e)"',
           "cannot change anyone's accuracy", "e: temperature and accuracy"),
]
