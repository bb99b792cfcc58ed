"""Questions of exercise 06 (the probabilistic view).

* ``laplace_nll`` (warm-up, derived): the mean negative log-likelihood of targets under a
  Laplace distribution with location ``c`` and scale ``s``.
* ``laplace_best`` (derivation): the constant and the scale that minimise it on given data
  (median, mean absolute deviation from it); any answer within 0.01 passes, so a fine grid does.
* ``gauss_logvar_grad`` (derivation): the gradient of the mean Gaussian NLL with respect to the
  predicted mean and log-variance, checked against central finite differences at random points
  (any correct form passes).
* ``kl_from_entropies``: KL(q || p) = H(q, p) - H(q), with 0 ln 0 = 0 (absolute tolerance 1e-9,
  so an epsilon inside the log passes).
* ``pinball_constant`` (derivation): a constant within 0.01 of a minimiser of the mean pinball
  loss (every minimiser passes when several tie, and so does a fine grid).
* ``noise_choice`` and ``nll_units_choice`` (decisions): one letter each, one hint per wrong
  option.
"""

import numpy as np

from lossedu import exercise_data, losses
from lossedu.checks._core import Case, Hint, Question, near, register
from lossedu.checks._core import flat as _flat
from lossedu.checks.hints import choice_question, fails_on_lists, unreadable

#: the data of part 2 in the published notebook (each variant has its own:
#: lossedu.exercise_data.laplace_times(VARIANT), which the notebook calls)
Y_LAP = exercise_data.laplace_times(0)
#: tolerance of part 2, stated in the question
LAPLACE_TOL = 0.01


_LIST_HINT = fails_on_lists("y")


# ----------------------------------------------------------------------------- laplace_nll
def _reference_laplace(y, c, s):
    y = _flat(y)
    return float(np.mean(np.log(2 * s) + np.abs(y - c) / s))


def _laplace_variant(per_sample):
    def when(case, r, e):
        y, c, s = case.args
        return np.ndim(r) == 0 and near(r, np.mean(per_sample(_flat(y), c, s)))
    return when


register(Question(
    id="laplace_nll",
    title="laplace_nll",
    names=("laplace_nll",),
    cases=(
        Case("five targets", (np.array([1.0, 2.0, 4.0, 7.0, 11.0]), 3.0, 2.5)),
        Case("lists, scale below 1", ([0.5, -1.0, 2.0, 0.0], 0.25, 0.5)),
        Case("a column (n, 1)", (np.array([[1.0], [3.0], [8.0]]), 2.0, 1.5)),
        Case("float32 input", (np.array([10.0, 12.5, 9.0], dtype=np.float32), 10.0, 3.0)),
    ),
    reference=_reference_laplace,
    rtol=1e-6,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: np.ndim(r) != 0,
             "return one number, the MEAN loss over the examples (flatten y first)."),
        Hint(lambda c, r, e: near(r, e * _flat(c.args[0]).size),
             "did you average over the examples? Return the mean NLL, not the sum."),
        Hint(lambda c, r, e: near(r, -e), "the NLL is MINUS the log density: check the sign."),
        Hint(_laplace_variant(lambda y, c, s: np.abs(y - c) / s),
             "you left out the term from the normalising factor 1/(2s): it does not move the "
             "best c, but it is part of the NLL and it decides the best s."),
        Hint(_laplace_variant(lambda y, c, s: np.log(s) + np.abs(y - c) / s),
             "check the normalising factor: the density is 1/(2s) times an exponential, so "
             "-ln of the factor is not ln(s)."),
        Hint(_laplace_variant(lambda y, c, s: 0.5 * np.log(2 * np.pi * s**2)
                              + (y - c) ** 2 / (2 * s**2)),
             "that is the Gaussian NLL: the Laplace density has |y - c| / s in its exponent."),
        Hint(_laplace_variant(lambda y, c, s: np.log(2 * s) + (y - c) ** 2 / s),
             "the Laplace exponent holds the absolute residual |y - c|, not its square."),
        Hint(lambda c, r, e: np.ndim(r) == 0 and (near(r, e / np.log(2)) or near(r, e / np.log(10))
                                                  or _laplace_variant(
                                                      lambda y, c, s: np.log2(2 * s)
                                                      + np.abs(y - c) / s)(c, r, e)
                                                  or _laplace_variant(
                                                      lambda y, c, s: np.log10(2 * s)
                                                      + np.abs(y - c) / s)(c, r, e)),
             "use the natural log np.log (the NLL is in nats), not log2 or log10."),
        Hint(_laplace_variant(lambda y, c, s: -np.log(2 * s) + np.abs(y - c) / s),
             "check the sign of the constant term: -ln(1/(2s)) is +ln(2s)."),
        Hint(_laplace_variant(lambda y, c, s: np.log(2 * s) + np.abs(y - c) * s),
             "the absolute residual is DIVIDED by the scale s in the exponent, not multiplied."),
        Hint(_laplace_variant(lambda y, c, s: np.log(2 * s) + np.abs(y - c) / (2 * s)),
             "check the exponent: the Laplace density has |y - c| / s, without the 2 of the "
             "normalising factor (the 2s² belongs to the Gaussian)."),
        Hint(_laplace_variant(lambda y, c, s: (np.log(2 * s) + np.abs(y - c)) / s),
             "only the residual term is divided by s: -ln of the factor 1/(2s) stands alone."),
    ),
    default_hint="take -ln of the Laplace density of each target, then average over the "
                 "examples; convert y with np.asarray(y, dtype=float).ravel().",
))


# ----------------------------------------------------------------------------- laplace_best
def _laplace_case(variant):
    return Case(f"variant {variant}", (exercise_data.laplace_times(variant),))


def _y(c=None):
    return np.asarray(c.args[0] if c is not None else Y_LAP, dtype=float)


def _best_pair(c=None):
    y = _y(c)
    centre = float(np.median(y))
    return centre, float(np.mean(np.abs(y - centre)))


def _number(v):
    a = np.asarray(v, dtype=float)
    if a.size != 1:
        raise ValueError("not one number")
    return float(a.ravel()[0])


def _numbers(r):
    return tuple(_number(v) for v in r)


def _laplace_best_outcome(case, returned):
    c, s = _best_pair(case)
    text = f"c_best and s_best within {LAPLACE_TOL} of the minimisers (two numbers)"
    try:
        got_c, got_s = _numbers(returned)
    except (TypeError, ValueError):
        return False, text
    return abs(got_c - c) <= LAPLACE_TOL and abs(got_s - s) <= LAPLACE_TOL, text


_not_two_numbers = unreadable(_numbers)


def _c_is(value):
    """``value(y, c_best, s_best)``: the wrong c_best of a hint."""
    return lambda c, r, e: abs(_numbers(r)[0] - value(_y(c), *_best_pair(c))) <= LAPLACE_TOL


def _s_is(*values):
    """Each ``value(y, c_best, s_best)``: a wrong s_best (with the right c_best) of a hint."""
    def when(c, r, e):
        got_c, got_s = _numbers(r)
        y, (best_c, best_s) = _y(c), _best_pair(c)
        return abs(got_c - best_c) <= LAPLACE_TOL and any(
            abs(got_s - value(y, best_c, best_s)) <= LAPLACE_TOL for value in values)
    return when


register(Question(
    id="laplace_best",
    title="best Laplace c and s",
    names=("c_best", "s_best"),
    kind="value",
    variant_inputs=_laplace_case,
    check_outcome=_laplace_best_outcome,
    hints=(
        Hint(_not_two_numbers, "c_best and s_best must each be one number (a float)."),
        Hint(_c_is(lambda y, C, S: np.mean(y)),
             "c_best is the mean of y_lap: the mean minimises a sum of SQUARED residuals "
             "(Gaussian noise). Which constant minimises a sum of absolute residuals?"),
        Hint(lambda c, r, e: abs(_numbers(r)[0] - _best_pair(c)[0]) > LAPLACE_TOL,
             "c_best is not where laplace_nll(y_lap, c, s) is smallest: for a fixed s only the "
             "sum of |y - c| depends on c; try a fine grid of c if in doubt."),
        Hint(_s_is(lambda y, C, S: np.sqrt(np.mean((y - C) ** 2))),
             "that s comes from squared residuals (a standard deviation, the Gaussian's scale). "
             "Set the derivative of ln(2s) + MAE/s with respect to s to zero."),
        Hint(_s_is(lambda y, C, S: np.std(y)),
             "that s is the standard deviation of y_lap, the Gaussian's scale. Set the "
             "derivative of ln(2s) + MAE/s with respect to s to zero."),
        Hint(_s_is(lambda y, C, S: np.median(np.abs(y - C))),
             "that is the MEDIAN of the absolute residuals; the derivative in s involves "
             "their mean (the MAE at c_best)."),
        Hint(_s_is(lambda y, C, S: 2 * S), "s_best is twice too large: redo the derivative of "
                                           "ln(2s) (the factor 2 inside the log does not "
                                           "survive it)."),
        Hint(_s_is(lambda y, C, S: S / 2), "s_best is half the right value: redo the derivative "
                                           "of ln(2s) (the factor 2 inside the log does not "
                                           "survive it)."),
        Hint(_s_is(lambda y, C, S: np.mean(np.abs(y - np.mean(y)))),
             "your s_best averages the absolute residuals around the MEAN of y_lap; the NLL "
             "you minimise over s is taken at c_best."),
        Hint(_s_is(lambda y, C, S: np.sum(np.abs(y - C))),
             "that s is a SUM of absolute residuals; laplace_nll uses their mean."),
        Hint(_s_is(lambda y, C, S: np.sqrt(2) * S, lambda y, C, S: S / np.sqrt(2),
                   lambda y, C, S: np.std(y) / np.sqrt(2),
                   lambda y, C, S: np.sqrt(np.mean((y - C) ** 2)) / np.sqrt(2)),
             "a factor √2 comes from matching the variance 2s² of the Laplace distribution; "
             "maximum likelihood is a different recipe: minimise ln(2s) + MAE/s over s."),
        Hint(_s_is(lambda y, C, S: np.mean((y - C) ** 2)),
             "that s is a mean of SQUARED residuals; the Laplace NLL has the absolute ones."),
    ),
    default_hint="c_best minimises the mean of |y - c|; then minimise ln(2s) + MAE/s over s "
                 "(derivative zero) with the MAE taken at c_best.",
))


# ----------------------------------------------------------------------------- gauss_logvar_grad
def _mean_nll(y, y_hat, u):
    return np.mean(0.5 * u + (y - y_hat) ** 2 / (2 * np.exp(u)))


def _finite_differences(y, y_hat, u, h=1e-5):
    y, y_hat, u = (np.asarray(a, dtype=float) for a in (y, y_hat, u))
    g_mean, g_u = np.empty_like(y_hat), np.empty_like(u)
    for i in range(y_hat.size):
        step = np.zeros_like(y_hat)
        step[i] = h
        g_mean[i] = (_mean_nll(y, y_hat + step, u) - _mean_nll(y, y_hat - step, u)) / (2 * h)
        g_u[i] = (_mean_nll(y, y_hat, u + step) - _mean_nll(y, y_hat, u - step)) / (2 * h)
    return g_mean, g_u


def _pair_of_arrays(r, n):
    if not isinstance(r, tuple | list) or len(r) != 2:
        raise TypeError("expected two arrays")
    g_mean, g_u = (np.asarray(a, dtype=float) for a in r)
    if g_mean.shape != (n,) or g_u.shape != (n,):
        raise ValueError("wrong shapes")
    return g_mean, g_u


GRAD_RTOL, GRAD_ATOL = 1e-4, 1e-7


def _grad_outcome(case, returned):
    y, y_hat, u = case.args
    fd_mean, fd_u = _finite_differences(y, y_hat, u)
    text = f"(g_mean, g_log_var) = ({_fmt(fd_mean)}, {_fmt(fd_u)}) (central finite differences)"
    try:
        g_mean, g_u = _pair_of_arrays(returned, len(y))
    except (TypeError, ValueError):
        return False, text
    ok = (np.allclose(g_mean, fd_mean, rtol=GRAD_RTOL, atol=GRAD_ATOL)
          and np.allclose(g_u, fd_u, rtol=GRAD_RTOL, atol=GRAD_ATOL))
    return ok, text


def _fmt(a):
    with np.printoptions(precision=5, threshold=6, edgeitems=2):
        return np.array2string(np.asarray(a), separator=", ")


def _random_points(seed, n):
    rng = np.random.default_rng(seed)
    return (rng.normal(0, 2, n), rng.normal(0, 2, n), rng.uniform(-2, 2, n))


def _grads_are(fn):
    """A hint predicate: the answer equals ``fn(y, y_hat, u)`` (a pair of arrays)."""
    def when(c, r, e):
        g_mean, g_u = _pair_of_arrays(r, len(c.args[0]))
        want_mean, want_u = fn(*(np.asarray(a, dtype=float) for a in c.args))
        return near(g_mean, want_mean) and near(g_u, want_u)
    return when


def _exact(y, y_hat, u):
    n, var = y.size, np.exp(u)
    return (y_hat - y) / (n * var), (1 - (y - y_hat) ** 2 / var) / (2 * n)


def _g_mean_wrong(fn):
    def when(c, r, e):
        g_mean, g_u = _pair_of_arrays(r, len(c.args[0]))
        y, y_hat, u = (np.asarray(a, dtype=float) for a in c.args)
        return near(g_mean, fn(y, y_hat, u)) and not near(g_mean, _exact(y, y_hat, u)[0])
    return when


def _g_u_wrong(fn):
    def when(c, r, e):
        g_mean, g_u = _pair_of_arrays(r, len(c.args[0]))
        y, y_hat, u = (np.asarray(a, dtype=float) for a in c.args)
        return near(g_u, fn(y, y_hat, u)) and not near(g_u, _exact(y, y_hat, u)[1])
    return when


def _coefficients(c, r):
    """Fit the answer to the shapes every hand-derived form has.

    Returns ``(gamma, alpha, beta)`` such that, exactly (relative 1e-6),
    ``n * g_mean = gamma * (y_hat - y) / var`` and
    ``n * g_log_var = alpha + beta * (y - y_hat)**2 / var``
    (right answer: 1, 1/2, -1/2), or None for a part that has another shape.
    """
    g_mean, g_u = _pair_of_arrays(r, len(c.args[0]))
    y, y_hat, u = (np.asarray(a, dtype=float) for a in c.args)
    n, sq = y.size, (y - y_hat) ** 2 * np.exp(-u)
    gamma = alpha = beta = None
    base = (y_hat - y) * np.exp(-u)
    if np.any(np.abs(base) > 1e-9):
        scale = float(np.dot(base, n * g_mean) / np.dot(base, base))
        if near(scale * base, n * g_mean, rtol=1e-6, atol=1e-12):
            gamma = scale
    if n >= 2:
        design = np.column_stack([np.ones(n), sq])
        (a, b), *_ = np.linalg.lstsq(design, n * g_u, rcond=None)
        if near(design @ [a, b], n * g_u, rtol=1e-6, atol=1e-12):
            alpha, beta = float(a), float(b)
    return gamma, alpha, beta


def _coef_is(index, value, *, also_n=False):
    """A hint predicate: coefficient ``index`` of :func:`_coefficients` equals ``value``
    (times n when ``also_n``: the 1/n was left out as well)."""
    def when(c, r, e):
        got = _coefficients(c, r)[index]
        if got is None:
            return False
        n = len(c.args[0])
        return any(abs(got - t) <= 1e-6 * max(1.0, abs(t))
                   for t in ((value, value * n) if also_n else (value,)))
    return when


def _coef_n_times(index, value):
    """A hint predicate: coefficient ``index`` is ``value * n`` (n > 1): the 1/n is missing."""
    def when(c, r, e):
        got, n = _coefficients(c, r)[index], len(c.args[0])
        return got is not None and n > 1 and abs(got - value * n) <= 1e-6 * abs(value * n)
    return when


register(Question(
    id="gauss_logvar_grad",
    forbids=("lossedu.losses.gaussian_nll_grad",),
    title="Gaussian NLL gradient (mean, log-variance)",
    names=("gaussian_nll_grads",),
    cases=(
        Case("5 random points", _random_points(1, 5)),
        Case("8 random points", _random_points(2, 8)),
        Case("one example", _random_points(3, 1)),
        Case("large log-variances", (np.array([0.0, 1.0, -2.0]), np.array([3.0, 1.0, 0.5]),
                                     np.array([4.0, -3.0, 0.0]))),
    ),
    check_outcome=_grad_outcome,
    hints=(
        Hint(lambda c, r, e: not (isinstance(r, tuple | list) and len(r) == 2),
             "return two arrays, as a tuple (g_mean, g_log_var), each of shape (n,)."),
        Hint(_grads_are(lambda y, y_hat, u: tuple(g * y.size for g in _exact(y, y_hat, u))),
             "each of your gradients is n times too large: the loss is the MEAN over the "
             "examples, so each partial derivative has a factor 1/n."),
        Hint(_g_mean_wrong(lambda y, y_hat, u: (y_hat - y) / (y.size * u)),
             "log_var is ln s², not the variance: the variance is np.exp(log_var)."),
        Hint(_g_u_wrong(lambda y, y_hat, u: (1 - (y - y_hat) ** 2 / u) / (2 * y.size)),
             "in g_log_var, log_var is ln s², not the variance: the variance is "
             "np.exp(log_var)."),
        Hint(_g_u_wrong(lambda y, y_hat, u: (np.exp(u) - (y - y_hat) ** 2) / (2 * y.size
                                                                     * np.exp(u) ** 2)),
             "your g_log_var is the derivative with respect to the variance s²; the question "
             "asks for u = ln s²: apply the chain rule (how does s² change with u?)."),
        Hint(_g_mean_wrong(lambda y, y_hat, u: (y_hat - y) / (y.size * np.exp(u / 2))),
             "g_mean divides the residual by the standard deviation; the loss divides the "
             "squared residual by the variance e^u."),
        Hint(_coef_is(0, -1.0, also_n=True),
             "check the sign of g_mean: raising the mean above y must increase the loss."),
        Hint(_coef_is(0, 2.0, also_n=True),
             "g_mean is twice the right value: differentiating (y - ŷ)² gives a 2 that cancels "
             "the 2 in the denominator 2e^u."),
        Hint(_coef_is(0, 0.5, also_n=True),
             "g_mean is half the right value: differentiating (y - ŷ)² gives a factor 2."),
        Hint(_coef_n_times(0, 1.0),
             "g_mean is n times too large: the loss is the MEAN over the examples."),
        Hint(lambda c, r, e: _coef_n_times(1, 0.5)(c, r, e) and _coef_n_times(2, -0.5)(c, r, e),
             "g_log_var is n times too large: the loss is the MEAN over the examples."),
        Hint(lambda c, r, e: _coef_is(1, -0.5, also_n=True)(c, r, e)
             and _coef_is(2, 0.5, also_n=True)(c, r, e),
             "g_log_var has the wrong sign throughout: a larger u raises the term u/2."),
        Hint(_coef_is(2, 0.5, also_n=True),
             "check the sign of the residual part of g_log_var: e^(-u) decreases when u "
             "grows."),
        Hint(lambda c, r, e: _coef_is(1, 1.0, also_n=True)(c, r, e)
             and _coef_is(2, -1.0, also_n=True)(c, r, e),
             "g_log_var is twice the right value: the loss has (1/2) u, and the residual term "
             "has a 2 in its denominator."),
        Hint(_coef_is(1, 1.0, also_n=True),
             "the derivative of u/2 with respect to u is 1/2, not 1."),
        Hint(_coef_is(2, -1.0, also_n=True),
             "the residual part of g_log_var is twice the right value: keep the 2 of the "
             "denominator 2e^u."),
        Hint(_g_u_wrong(lambda y, y_hat, u: (1 - (y - y_hat) ** 2 * np.exp(u)) / (2 * y.size)),
             "in the residual part of g_log_var you multiplied by e^u: the loss divides by "
             "e^u, and the derivative of e^(-u) is -e^(-u)."),
        Hint(_g_u_wrong(lambda y, y_hat, u: (1 - np.abs(y - y_hat) / np.exp(u)) / (2 * y.size)),
             "the residual part of g_log_var needs the SQUARED residual."),
    ),
    default_hint="write the mean loss as (1/n) sum of [u_i/2 + (y_i - ŷ_i)^2 e^(-u_i) / 2] and "
                 "differentiate each term in ŷ_i (the mean) and in u_i.",
))


# ----------------------------------------------------------------------------- kl
def _entropy(q):
    q = _flat(q)
    nz = q > 0
    return -np.sum(q[nz] * np.log(q[nz]))


def _cross_entropy(q, p):
    q, p = _flat(q), _flat(p)
    nz = q > 0
    return -np.sum(q[nz] * np.log(p[nz]))


#: absolute tolerance of part 4, stated in the question (a tiny epsilon inside the log passes)
KL_ATOL = 1e-9


def _reference_kl(q, p):
    return float(_cross_entropy(q, p) - _entropy(q))


def _unweighted_log_ratio(q, p):
    q, p = _flat(q), _flat(p)
    nz = q > 0
    return float(np.sum(np.log(q[nz] / p[nz])))


register(Question(
    id="kl_from_entropies",
    title="kl_divergence",
    names=("kl_divergence",),
    cases=(
        Case("three classes", (np.array([0.7, 0.2, 0.1]), np.array([0.5, 0.3, 0.2]))),
        Case("lists, four classes", ([0.1, 0.4, 0.4, 0.1], [0.25, 0.25, 0.25, 0.25])),
        Case("a class with q = 0", (np.array([0.5, 0.5, 0.0]), np.array([0.2, 0.3, 0.5]))),
        Case("one-hot target", (np.array([0.0, 1.0, 0.0]), np.array([0.1, 0.6, 0.3]))),
        Case("p equal to q", (np.array([0.3, 0.3, 0.4]), np.array([0.3, 0.3, 0.4]))),
    ),
    reference=_reference_kl,
    rtol=1e-6,
    atol=KL_ATOL,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: not np.all(np.isfinite(np.asarray(r, dtype=float))),
             "0 * ln 0 gave nan: classes with q_k = 0 contribute nothing (leave them out, "
             "e.g. with a mask q > 0)."),
        Hint(lambda c, r, e: near(r, _reference_kl(c.args[1], c.args[0])),
             "you computed KL(p || q): the target q is the weight in front of every log."),
        Hint(lambda c, r, e: near(r, -e), "KL = H(q, p) - H(q) is never negative: check the "
                                          "order of the subtraction."),
        Hint(lambda c, r, e: near(r, _cross_entropy(*c.args)),
             "that is the cross-entropy H(q, p): the KL divergence is the part of it that is "
             "due to p, so something must be subtracted."),
        Hint(lambda c, r, e: near(r, e / np.log(2)) or near(r, e / np.log(10)),
             "use the natural log np.log (nats), not log2 or log10."),
        Hint(lambda c, r, e: near(r, e / _flat(c.args[0]).size),
             "H(q) and H(q, p) are SUMS over the classes, not means."),
        Hint(lambda c, r, e: near(r, _cross_entropy(*c.args) + _entropy(c.args[0])),
             "you added the entropy: H(q, p) = H(q) + KL, so KL is what is left when H(q) is "
             "taken away."),
        Hint(lambda c, r, e: near(r, -_entropy(c.args[0])) or near(r, _entropy(c.args[0])),
             "your answer does not depend on p: it is (minus) the entropy H(q) alone."),
        Hint(lambda c, r, e: near(r, _unweighted_log_ratio(*c.args)),
             "each log ratio ln(q_k / p_k) must be weighted by q_k before summing."),
    ),
    default_hint="compute H(q) = -sum q ln q and H(q, p) = -sum q ln p (terms with q = 0 are 0) "
                 "and return their difference.",
))


# ----------------------------------------------------------------------------- pinball_constant
#: tolerance of part 5, stated in the question: within 0.01 of a minimiser (so a grid passes)
PINBALL_TOL = 0.01


def _minimisers(y, tau):
    """The interval [lo, hi] of constants that minimise the mean pinball loss.

    The loss is convex and piecewise linear with kinks at the targets, so its minimisers form
    an interval whose ends are targets (one target when the minimiser is unique).
    """
    y = _flat(y)
    costs = np.array([losses.pinball(y, np.full_like(y, c), quantile=tau) for c in y])
    best = y[costs <= costs.min() * (1 + 1e-12) + 1e-15]
    return float(best.min()), float(best.max())


def _pinball_outcome(case, returned):
    y, tau = _flat(case.args[0]), case.args[1]
    lo, hi = _minimisers(y, tau)
    where = f"{lo:.6g}" if lo == hi else f"any c from {lo:.6g} to {hi:.6g}"
    text = f"a minimiser of the mean pinball loss within {PINBALL_TOL} ({where})"
    c = np.asarray(returned, dtype=float)
    if c.size != 1 or not np.isfinite(c).all():
        return False, text
    c = float(c.ravel()[0])
    return bool(lo - PINBALL_TOL <= c <= hi + PINBALL_TOL), text


def _constant_is(fn):
    def when(c, r, e):
        y, tau = _flat(c.args[0]), c.args[1]
        return np.size(r) == 1 and near(float(np.ravel(r)[0]), fn(y, tau))
    return when


def _minimises_at_one_minus_tau(c, r, e):
    y, tau = _flat(c.args[0]), c.args[1]
    lo, hi = _minimisers(y, 1 - tau)
    return bool(lo - PINBALL_TOL <= float(np.ravel(r)[0]) <= hi + PINBALL_TOL)


_QUANTILE_METHODS = ("linear", "lower", "higher", "nearest", "midpoint", "hazen", "weibull",
                     "median_unbiased", "normal_unbiased", "closest_observation",
                     "interpolated_inverted_cdf", "averaged_inverted_cdf")


def _some_np_quantile(c, r, e):
    y, tau = _flat(c.args[0]), c.args[1]
    return np.size(r) == 1 and any(near(float(np.ravel(r)[0]), np.quantile(y, tau, method=m))
                                   for m in _QUANTILE_METHODS)


register(Question(
    id="pinball_constant",
    title="best_pinball_constant",
    names=("best_pinball_constant",),
    cases=(
        Case("ten delivery times, τ = 0.9", (np.array([31.0, 25, 40, 28, 35, 22, 60, 27, 33, 45]),
                                             0.9)),
        Case("skewed data, τ = 0.2", (np.array([1.0, 2.0, 2.5, 3.0, 4.0, 9.0, 15.0]), 0.2)),
        Case("lists, τ = 0.75", ([4.0, 1.0, 3.0, 2.0, 8.0, 6.0, 5.0, 7.0, 9.0], 0.75)),
        Case("a column (n, 1), τ = 0.5", (np.array([[3.0], [1.0], [10.0], [4.0], [2.0]]), 0.5)),
        Case("three values, τ = 0.9", (np.array([5.0, 1.0, 12.0]), 0.9)),
        Case("six values, τ = 0.3", (np.array([6.0, 2.0, 9.0, 4.0, 7.0, 3.0]), 0.3)),
    ),
    check_outcome=_pinball_outcome,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: np.size(r) != 1, "return one number, the constant c."),
        Hint(_constant_is(lambda y, tau: np.percentile(y, tau)),
             "np.percentile takes a percentage between 0 and 100, not a level between 0 and 1."),
        Hint(_minimises_at_one_minus_tau,
             "that minimises the pinball loss at 1 - τ: you swapped the costs. A prediction "
             "that is too LOW costs τ per unit."),
        Hint(_constant_is(lambda y, tau: np.quantile(y, tau)),
             "np.quantile's default method interpolates between two targets, and a point "
             "between them is not always a minimiser of the pinball loss (check the loss on "
             "both sides). Which method, or which target value, leaves a share τ below it?"),
        Hint(_some_np_quantile,
             "np.quantile's `method` decides which point it returns, and yours is not a "
             "minimiser of the pinball loss here (compare the loss on both sides of it). Which "
             "target value leaves a share τ of the targets below it?"),
        Hint(_constant_is(lambda y, tau: np.mean(y)),
             "the mean minimises the squared error, not the pinball loss."),
        Hint(_constant_is(lambda y, tau: np.median(y)),
             "the median minimises the pinball loss only at τ = 0.5."),
    ),
    default_hint="the best constant leaves a share τ of the targets below it (lecture §7); "
                 "or search: try every target value as c, or a fine grid, and keep the one "
                 "with the smallest loss.",
))


# ----------------------------------------------------------------------------- choices
_READ_OPTIONS = "read each option against the lecture's sections 2 to 5."

register(choice_question(
    "noise_choice", "which noise model", "noise_answer", "b", {
        "a": "under Gaussian noise a reading far off is nearly impossible, so maximum likelihood "
             "(the squared error) bends the line hard towards each glitch.",
        "c": "the Bernoulli distribution describes labels 0 or 1, not real-valued readings.",
        "d": "a predicted variance models noise that changes smoothly with x; glitches that strike "
             "at random are not predictable from x, and the squared residual still dominates the "
             "loss of each glitch.",
    },
    not_a_letter='answer with one letter among a, b, c, d, as a string '
                 '(for example noise_answer = "a").',
    expected_invalid="one letter among a, b, c, d",
    default_hint=_READ_OPTIONS,
))

register(choice_question(
    "nll_units_choice", "NLL in different units", "units_answer", "b", {
        "a": "the two NLLs are in different units of y: a density per centimetre is 100 times "
             "smaller than per metre, so the numbers cannot be compared as they stand.",
        "c": "a density can exceed 1, so a negative NLL is fine for a continuous target "
             "(lecture §5).",
        "d": "they can be compared: changing the unit of y by a factor k shifts every NLL by the "
             "same known constant.",
    },
    not_a_letter='answer with one letter among a, b, c, d, as a string '
                 '(for example units_answer = "a").',
    expected_invalid="one letter among a, b, c, d",
    default_hint=_READ_OPTIONS,
))
