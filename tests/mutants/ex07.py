"""Plausible wrong answers for exercise 07 (regularization: penalties, soft thresholding,
MAP): each must fail its own check, with the hint aimed at that mistake, and leave every other
check passing
(format: tests/mutants/__init__.py)."""

from mutants import Mutant

_L2 = '''
def l2_penalty(w, lam):
    w = np.asarray(w, dtype=float)
    return {}
'''
_L2_GRAD = _L2.replace("def l2_penalty", "def l2_penalty_grad")
_SOFT = '''
def soft_threshold(a, lam):
    a = np.asarray(a, dtype=float)
    return {}
'''
_LASSO = _SOFT.replace("def soft_threshold", "def lasso_weight")
_MAP = '''
def map_lam(n, noise_scale, prior_scale):
    s, s_w = noise_scale, prior_scale
    return {}
'''


def _choose(letter):
    return f'zeros_answer = "{letter}"'


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
    Mutant("l2_penalty", "l2_penalty_code", _L2.format("lam * float(np.sum(w)) ** 2"),
           "square of the sum", "square of the sum"),
    # ---- l2_grad
    Mutant("l2_grad", "l2_grad_code", _L2_GRAD.format("lam * w"), "forget the factor 2",
           "factor 2"),
    Mutant("l2_grad", "l2_grad_code", _L2_GRAD.format("2 * lam * np.sum(w)"),
           "same shape as w", "scalar"),
    Mutant("l2_grad", "l2_grad_code", _L2_GRAD.format("lam * np.sign(w)"),
           "that is the L1 (sub)gradient", "l1 instead"),
    Mutant("l2_grad", "l2_grad_code", _L2_GRAD.format("lam * w ** 2"),
           "not its derivative", "penalty instead of gradient"),
    Mutant("l2_grad", "l2_grad_code", _L2_GRAD.format("2 * w"),
           "multiply by the strength lam", "lam forgotten"),
    Mutant("l2_grad", "l2_grad_code", '''
def l2_penalty_grad(w, lam):
    return 2 * lam * w
''', "fails on Python lists", "lists not converted"),
    # ---- soft_threshold
    Mutant("soft_threshold", "soft_code", _SOFT.format("a / (1 + 2 * lam)"),
           "that is the L2 answer", "l2 shrink"),
    Mutant("soft_threshold", "soft_code", _SOFT.format("np.where(np.abs(a) > lam, a, 0.0)"),
           "hard thresholding", "hard threshold"),
    Mutant("soft_threshold", "soft_code", _SOFT.format("np.maximum(np.abs(a) - lam, 0.0)"),
           "you lost the sign", "no sign"),
    Mutant("soft_threshold", "soft_code", _SOFT.format("np.maximum(a - lam, 0.0)"),
           "you handled only the side w > 0", "positive side only"),
    Mutant("soft_threshold", "soft_code", _SOFT.format("a - lam * np.sign(a)"),
           "crosses to the other side of 0", "no clipping"),
    Mutant("soft_threshold", "soft_code",
           _SOFT.format("np.sign(a) * np.maximum(np.abs(a) - lam / 2, 0.0)"),
           "did you drop the 0.5?", "threshold lam/2"),
    Mutant("soft_threshold", "soft_code",
           _SOFT.format("np.sign(a) * np.maximum(np.abs(a) - 2 * lam, 0.0)"),
           "not ±2 lam", "threshold 2 lam"),
    Mutant("soft_threshold", "soft_code",
           _SOFT.format("float(np.sum(np.sign(a) * np.maximum(np.abs(a) - lam, 0.0)))"),
           "same shape as a", "one number"),
    Mutant("soft_threshold", "soft_code", '''
def soft_threshold(a, lam):
    return np.sign(a) * np.maximum(abs(a) - lam, 0.0)
''', "fails on Python lists", "lists not converted"),
    Mutant("soft_threshold", "soft_code",
           _SOFT.format("np.sign(a) * max(np.abs(a) - lam, 0.0)"),
           "Python's max() and if compare a whole array", "python max"),
    Mutant("soft_threshold", "soft_code",
           _SOFT.format("np.where(np.abs(a) > lam, a - lam, 0.0)"),
           "moved AWAY from 0", "a - lam on both sides"),
    # ---- lasso_weight
    Mutant("lasso_weight", "lasso_code",
           _LASSO.format("np.sign(a) * np.maximum(np.abs(a) - lam, 0.0)"),
           "that is part 3's answer", "threshold lam"),
    Mutant("lasso_weight", "lasso_code",
           _LASSO.format("np.sign(a) * np.maximum(np.abs(a) - 2 * lam, 0.0)"),
           "the threshold moved the wrong way", "threshold 2 lam"),
    Mutant("lasso_weight", "lasso_code", _LASSO.format("a / (1 + lam)"),
           "that is an L2 (ridge) answer", "l2 shrink"),
    Mutant("lasso_weight", "lasso_code", _LASSO.format("np.where(np.abs(a) > lam / 2, a, 0.0)"),
           "hard thresholding", "hard threshold"),
    Mutant("lasso_weight", "lasso_code", _LASSO.format("np.maximum(np.abs(a) - lam / 2, 0.0)"),
           "you lost the sign", "no sign"),
    Mutant("lasso_weight", "lasso_code",
           _LASSO.format("np.sign(a) * max(np.abs(a) - lam / 2, 0.0)"),
           "Python's max() and if compare a whole array", "python max"),
    # ---- map_lam
    Mutant("map_lam", "map_code", _MAP.format("s**2 / n * s_w**2"), "check the brackets",
           "operator precedence"),
    Mutant("map_lam", "map_code", _MAP.format("2 * s**2 / (n * s_w)"), "LAPLACE prior",
           "laplace strength"),
    Mutant("map_lam", "map_code", _MAP.format("1 / (2 * s_w**2)"), "before rescaling",
           "posterior coefficient"),
    Mutant("map_lam", "map_code", _MAP.format("1 / (n * s_w**2)"), "where is the noise scale",
           "no noise scale"),
    Mutant("map_lam", "map_code", _MAP.format("n * s_w**2 / s**2"), "which scale goes on top",
           "inverted"),
    Mutant("map_lam", "map_code", _MAP.format("s**2 / s_w**2"), "divide by n", "no n"),
    Mutant("map_lam", "map_code", _MAP.format("s_w**2 / (n * s**2)"), "which scale goes on top",
           "flipped"),
    Mutant("map_lam", "map_code", _MAP.format("s / (n * s_w)"), "both scales enter squared",
           "not squared"),
    Mutant("map_lam", "map_code", _MAP.format("s**2 / (2 * n * s_w**2)"), "off by a factor 2",
           "half"),
    Mutant("map_lam", "map_code", _MAP.format("2 * s**2 / (n * s_w**2)"), "off by a factor 2",
           "double"),
    Mutant("map_lam", "map_code", _MAP.format("s**2 / (n**2 * s_w**2)"), "n appears once",
           "n squared"),
    # ---- zeros_choice
    Mutant("zeros_choice", "zeros_code", _choose("a"), "never exactly 0 unless a is 0", "a"),
    Mutant("zeros_choice", "zeros_code", _choose("c"), "the shape at 0", "c"),
    Mutant("zeros_choice", "zeros_code", _choose("d"), "probability 0 to any single value", "d"),
    Mutant("zeros_choice", "zeros_code", "zeros_answer = 2", "answer with one letter", "number"),
]
