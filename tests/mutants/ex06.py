"""Plausible wrong answers for exercise 06 (the probabilistic view): each must fail its own
check with the hint aimed at that mistake, and leave every other check passing. At least one
mutant per hint of every question."""

from mutants import Mutant

_LAPLACE = '''
def laplace_nll(y, c, s):
    y = np.asarray(y, dtype=float).ravel()
    return {}
'''

_BEST = '''
c_best = {}
s_best = {}
'''

_GRAD = '''
def gaussian_nll_grads(y, mean, log_var):
    y, mean, log_var = (np.asarray(a, dtype=float) for a in (y, mean, log_var))
    n = y.size
    inv_var = np.exp(-log_var)
    g_mean = {}
    g_log_var = {}
    return g_mean, g_log_var
'''
_G_MEAN = "(mean - y) * inv_var / n"
_G_LOGVAR = "0.5 * (1.0 - (y - mean) ** 2 * inv_var) / n"

_KL = '''
def kl_divergence(q, p):
    q = np.asarray(q, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    seen = q > 0
    entropy = -np.sum(q[seen] * np.log(q[seen]))
    cross_entropy = -np.sum(q[seen] * np.log(p[seen]))
    return {}
'''

_PINBALL = '''
def best_pinball_constant(y, tau):
    y = np.asarray(y, dtype=float).ravel()
    return {}
'''

MUTANTS = [
    # ---- laplace_nll
    Mutant("laplace_nll", "laplace_nll_code", '''
def laplace_nll(y, c, s):
    return np.mean(np.log(2 * s) + abs(y - c) / s)
''', "fails on Python lists", "lists not converted"),
    Mutant("laplace_nll", "laplace_nll_code", _LAPLACE.format("np.log(2 * s) + np.abs(y - c) / s"),
           "return one number, the MEAN loss", "per-example array"),
    Mutant("laplace_nll", "laplace_nll_code",
           _LAPLACE.format("np.sum(np.log(2 * s) + np.abs(y - c) / s)"),
           "did you average over the examples?", "sum"),
    Mutant("laplace_nll", "laplace_nll_code",
           _LAPLACE.format("np.mean(np.log(1 / (2 * s)) - np.abs(y - c) / s)"),
           "MINUS the log density", "log-likelihood, not its negative"),
    Mutant("laplace_nll", "laplace_nll_code", _LAPLACE.format("np.mean(np.abs(y - c) / s)"),
           "you left out the term from the normalising factor", "no constant"),
    Mutant("laplace_nll", "laplace_nll_code",
           _LAPLACE.format("np.mean(np.log(s) + np.abs(y - c) / s)"),
           "so -ln of the factor is not ln(s)", "ln s"),
    Mutant("laplace_nll", "laplace_nll_code",
           _LAPLACE.format("np.mean(0.5 * np.log(2 * np.pi * s**2) + (y - c) ** 2 / (2 * s**2))"),
           "that is the Gaussian NLL", "gaussian"),
    Mutant("laplace_nll", "laplace_nll_code",
           _LAPLACE.format("np.mean(np.log(2 * s) + (y - c) ** 2 / s)"),
           "not its square", "squared residual"),
    Mutant("laplace_nll", "laplace_nll_code",
           _LAPLACE.format("np.mean(np.log2(2 * s) + np.abs(y - c) / s)"),
           "not log2 or log10", "log2"),
    Mutant("laplace_nll", "laplace_nll_code",
           _LAPLACE.format("np.mean(-np.log(2 * s) + np.abs(y - c) / s)"),
           "check the sign of the constant term", "constant with the wrong sign"),
    Mutant("laplace_nll", "laplace_nll_code",
           _LAPLACE.format("np.mean(np.log(2 * s) + np.abs(y - c) * s)"),
           "DIVIDED by the scale s", "residual times s"),
    Mutant("laplace_nll", "laplace_nll_code",
           _LAPLACE.format("np.mean(np.log(2 * s) + np.abs(y - c) / (2 * s))"),
           "check the exponent", "2s in the exponent"),
    Mutant("laplace_nll", "laplace_nll_code",
           _LAPLACE.format("np.mean(np.log(2 * s) + np.abs(y - c)) / s"),
           "only the residual term is divided by s", "everything divided by s"),
    # ---- laplace_best
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.median(y_lap))", "np.abs(y_lap - c_best)"),
           "must each be one number", "array"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.mean(y_lap))", "float(np.mean(np.abs(y_lap - c_best)))"),
           "c_best is the mean of y_lap", "mean"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float((y_lap.min() + y_lap.max()) / 2)",
                        "float(np.mean(np.abs(y_lap - c_best)))"),
           "c_best is not where laplace_nll", "midrange"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.median(y_lap))",
                        "float(np.sqrt(np.mean((y_lap - c_best) ** 2)))"),
           "that s comes from squared residuals", "rms residual"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.median(y_lap))", "float(np.std(y_lap))"),
           "that s is the standard deviation of y_lap", "std"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.median(y_lap))", "float(np.median(np.abs(y_lap - c_best)))"),
           "that is the MEDIAN of the absolute residuals", "median abs dev"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.median(y_lap))", "2 * float(np.mean(np.abs(y_lap - c_best)))"),
           "s_best is twice too large", "2 MAE"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.median(y_lap))", "float(np.mean(np.abs(y_lap - c_best))) / 2"),
           "s_best is half the right value", "MAE / 2"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.median(y_lap))", "float(np.mean(np.abs(y_lap - y_lap.mean())))"),
           "around the MEAN of y_lap", "MAE around the mean"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.median(y_lap))", "float(np.sum(np.abs(y_lap - c_best)))"),
           "that s is a SUM of absolute residuals", "sum"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.median(y_lap))", "float(np.std(y_lap)) / np.sqrt(2)"),
           "matching the variance 2s²", "moment matching"),
    Mutant("laplace_best", "laplace_best_code",
           _BEST.format("float(np.median(y_lap))", "float(np.mean((y_lap - c_best) ** 2))"),
           "a mean of SQUARED residuals", "MSE"),
    # ---- gauss_logvar_grad
    Mutant("gauss_logvar_grad", "grad_code", '''
def gaussian_nll_grads(y, mean, log_var):
    y, mean, log_var = (np.asarray(a, dtype=float) for a in (y, mean, log_var))
    inv_var = np.exp(-log_var)
    g_mean = (mean - y) * inv_var / y.size
    g_log_var = 0.5 * (1.0 - (y - mean) ** 2 * inv_var) / y.size
    return np.concatenate([g_mean, g_log_var])
''', "return two arrays, as a tuple", "one array"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format("(mean - y) * inv_var", "0.5 * (1.0 - (y - mean) ** 2 * inv_var)"),
           "n times too large", "no 1/n"),
    Mutant("gauss_logvar_grad", "grad_code", _GRAD.format("(y - mean) * inv_var / n", _G_LOGVAR),
           "check the sign of g_mean", "mean sign"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format("(mean - y) / log_var / n", "0.5 * (1.0 - (y - mean) ** 2 / log_var) / n"),
           "log_var is ln s², not the variance", "no exp"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format(_G_MEAN, "(np.exp(log_var) - (y - mean) ** 2)"
                                 " / (2 * np.exp(log_var) ** 2) / n"),
           "derivative with respect to the variance s²", "d/d(variance) instead of d/du"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format(_G_MEAN, "(1.0 - (y - mean) ** 2 * inv_var) / n"),
           "g_log_var is twice the right value", "no one half"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format(_G_MEAN, "0.5 * (1.0 + (y - mean) ** 2 * inv_var) / n"),
           "check the sign of the residual part", "residual sign"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format("2 * (mean - y) * inv_var / n", _G_LOGVAR),
           "g_mean is twice the right value", "g_mean twice"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format("(mean - y) * inv_var / (2 * n)", _G_LOGVAR),
           "g_mean is half the right value", "g_mean half"),
    Mutant("gauss_logvar_grad", "grad_code", _GRAD.format("(mean - y) * inv_var", _G_LOGVAR),
           "g_mean is n times too large", "g_mean without 1/n"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format(_G_MEAN, "0.5 * (1.0 - (y - mean) ** 2 * inv_var)"),
           "g_log_var is n times too large", "g_log_var without 1/n"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format("(mean - y) * np.exp(-log_var / 2) / n", _G_LOGVAR),
           "by the standard deviation", "g_mean over the standard deviation"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format(_G_MEAN, "0.5 * (1.0 - (y - mean) ** 2 / log_var) / n"),
           "in g_log_var, log_var is ln s²", "log_var used as the variance in g_log_var"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format(_G_MEAN, "-0.5 * (1.0 - (y - mean) ** 2 * inv_var) / n"),
           "wrong sign throughout", "g_log_var sign"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format(_G_MEAN, "(1.0 - 0.5 * (y - mean) ** 2 * inv_var) / n"),
           "the derivative of u/2", "u-term 1"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format(_G_MEAN, "(0.5 - (y - mean) ** 2 * inv_var) / n"),
           "the residual part of g_log_var is twice", "residual term twice"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format(_G_MEAN, "0.5 * (1.0 - (y - mean) ** 2 * np.exp(log_var)) / n"),
           "you multiplied by e^u", "e^u instead of e^-u"),
    Mutant("gauss_logvar_grad", "grad_code",
           _GRAD.format(_G_MEAN, "0.5 * (1.0 - np.abs(y - mean) * inv_var) / n"),
           "needs the SQUARED residual", "absolute residual"),
    # ---- kl_from_entropies
    Mutant("kl_from_entropies", "kl_code", '''
def kl_divergence(q, p):
    seen = q > 0
    return float(np.sum(q[seen] * np.log(q[seen] / p[seen])))
''', "fails on Python lists", "lists not converted"),
    Mutant("kl_from_entropies", "kl_code", '''
def kl_divergence(q, p):
    q = np.asarray(q, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    return float(np.sum(q * np.log(q)) - np.sum(q * np.log(p)))
''', "0 * ln 0 gave nan", "0 ln 0"),
    Mutant("kl_from_entropies", "kl_code", '''
def kl_divergence(q, p):
    q = np.asarray(q, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    return float(np.sum(p * np.log(p / q)))
''', "you computed KL(p || q)", "swapped"),
    Mutant("kl_from_entropies", "kl_code", _KL.format("float(entropy - cross_entropy)"),
           "check the order of the subtraction", "sign"),
    Mutant("kl_from_entropies", "kl_code", _KL.format("float(cross_entropy)"),
           "that is the cross-entropy H(q, p)", "cross-entropy only"),
    Mutant("kl_from_entropies", "kl_code", _KL.format("float(cross_entropy - entropy) / np.log(2)"),
           "not log2 or log10", "bits"),
    Mutant("kl_from_entropies", "kl_code",
           _KL.format("float(cross_entropy - entropy) / np.log(10)"),
           "not log2 or log10", "log10"),
    Mutant("kl_from_entropies", "kl_code", _KL.format("float(cross_entropy - entropy) / q.size"),
           "SUMS over the classes, not means", "mean over classes"),
    Mutant("kl_from_entropies", "kl_code", _KL.format("float(cross_entropy + entropy)"),
           "you added the entropy", "added"),
    Mutant("kl_from_entropies", "kl_code", _KL.format("float(-entropy)"),
           "does not depend on p", "entropy only"),
    Mutant("kl_from_entropies", "kl_code", """
def kl_divergence(q, p):
    q = np.asarray(q, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    seen = q > 0
    return float(np.sum(np.log(q[seen] / p[seen])))
""", "must be weighted by q_k", "unweighted"),
    # ---- pinball_constant
    Mutant("pinball_constant", "pinball_code", '''
def best_pinball_constant(y, tau):
    return float(np.quantile(y.ravel(), tau, method="inverted_cdf"))
''', "fails on Python lists", "lists not converted"),
    Mutant("pinball_constant", "pinball_code",
           _PINBALL.format('np.full_like(y, np.quantile(y, tau, method="inverted_cdf"))'),
           "return one number, the constant c", "prediction vector"),
    Mutant("pinball_constant", "pinball_code", _PINBALL.format("float(np.percentile(y, tau))"),
           "np.percentile takes a percentage", "percentile of tau"),
    Mutant("pinball_constant", "pinball_code",
           _PINBALL.format('float(np.quantile(y, 1 - tau, method="inverted_cdf"))'),
           "you swapped the costs", "1 - tau"),
    Mutant("pinball_constant", "pinball_code", _PINBALL.format("float(np.quantile(y, tau))"),
           "default method interpolates", "linear interpolation"),
    Mutant("pinball_constant", "pinball_code",
           _PINBALL.format('float(np.quantile(y, tau, method="lower"))'),
           "np.quantile's `method` decides", "method lower"),
    Mutant("pinball_constant", "pinball_code",
           _PINBALL.format('float(np.quantile(y, tau, method="hazen"))'),
           "np.quantile's `method` decides", "method hazen"),
    Mutant("pinball_constant", "pinball_code", _PINBALL.format("float(np.mean(y))"),
           "the mean minimises the squared error", "mean"),
    Mutant("pinball_constant", "pinball_code", _PINBALL.format("float(np.median(y))"),
           "only at τ = 0.5", "median"),
    # ---- noise_choice
    Mutant("noise_choice", "noise_code", "noise_answer = 2", "answer with one letter",
           "not a letter"),
    Mutant("noise_choice", "noise_code", 'noise_answer = "a"', "bends the line hard", "a"),
    Mutant("noise_choice", "noise_code", 'noise_answer = "c"', "labels 0 or 1", "c"),
    Mutant("noise_choice", "noise_code", 'noise_answer = "d"', "not predictable from x", "d"),
    # ---- nll_units_choice
    Mutant("nll_units_choice", "units_code", 'units_answer = "model B"', "answer with one letter",
           "not a letter"),
    Mutant("nll_units_choice", "units_code", 'units_answer = "A"', "in different units of y", "a"),
    Mutant("nll_units_choice", "units_code", 'units_answer = "c"', "a density can exceed 1", "c"),
    Mutant("nll_units_choice", "units_code", 'units_answer = "(d)"', "shifts every NLL", "d"),
]
