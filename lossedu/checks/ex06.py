"""Questions of exercise 06 (the probabilistic view).

* ``laplace_nll`` (warm-up, derived): the mean negative log-likelihood of targets under a
  Laplace distribution with location ``c`` and scale ``s``.
* ``laplace_best`` (derivation): the constant and the scale that minimise it on given data
  (median, mean absolute deviation from it); any answer within 0.01 passes, so a fine grid does.
* ``gauss_logvar_grad`` (derivation): the gradient of the mean Gaussian NLL with respect to the
  predicted mean and log-variance, checked against central finite differences at random points
  (any correct form passes).
* ``kl_from_entropies``: KL(q || p) = H(q, p) - H(q), with 0 ln 0 = 0.
* ``pinball_constant`` (derivation): a constant that minimises the mean pinball loss, judged by
  its loss (every minimiser passes, also between two data points).
* ``noise_choice`` and ``nll_units_choice`` (decisions): one letter each, one hint per wrong
  option.
"""

import numpy as np

from lossedu import losses
from lossedu.checks._core import Case, Hint, Question, Raised, near, register
from lossedu.checks._core import flat as _flat

#: the data of part 2 (also printed in the exercise notebook)
Y_LAP = np.array([12.0, 14.0, 15.0, 15.0, 17.0, 18.0, 21.0, 30.0, 48.0])
#: tolerance of part 2, stated in the question
LAPLACE_TOL = 0.01


def _raised(*words):
    return lambda c, r, e: isinstance(r, Raised) and any(w in r.message for w in words)


_LIST_HINT = Hint(_raised("list", "sequence", "unsupported operand"),
                  "your code fails on Python lists: convert first, "
                  "e.g. y = np.asarray(y, dtype=float).")


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
        Case("five targets", (np.array([1.0, 2.0, 4.0, 7.0, 11.0]), 3.0, 2.0)),
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
    ),
    default_hint="take -ln of the Laplace density of each target, then average over the "
                 "examples; convert y with np.asarray(y, dtype=float).ravel().",
))


# ----------------------------------------------------------------------------- laplace_best
def _best_pair():
    c = float(np.median(Y_LAP))
    return c, float(np.mean(np.abs(Y_LAP - c)))


def _number(v):
    a = np.asarray(v, dtype=float)
    if a.size != 1:
        raise ValueError("not one number")
    return float(a.ravel()[0])


def _numbers(r):
    return tuple(_number(v) for v in r)


def _laplace_best_outcome(case, returned):
    c, s = _best_pair()
    text = f"c_best and s_best within {LAPLACE_TOL} of the minimisers (two numbers)"
    try:
        got_c, got_s = _numbers(returned)
    except (TypeError, ValueError):
        return False, text
    return abs(got_c - c) <= LAPLACE_TOL and abs(got_s - s) <= LAPLACE_TOL, text


def _not_two_numbers(c, r, e):
    try:
        _numbers(r)
    except (TypeError, ValueError):
        return True
    return False


def _c_is(value):
    return lambda c, r, e: abs(_numbers(r)[0] - value) <= LAPLACE_TOL


def _s_is(value):
    def when(c, r, e):
        got_c, got_s = _numbers(r)
        return abs(got_c - _best_pair()[0]) <= LAPLACE_TOL and abs(got_s - value) <= LAPLACE_TOL
    return when


_C, _S = _best_pair()

register(Question(
    id="laplace_best",
    title="best Laplace c and s",
    names=("c_best", "s_best"),
    kind="value",
    check_outcome=_laplace_best_outcome,
    hints=(
        Hint(_not_two_numbers, "c_best and s_best must each be one number (a float)."),
        Hint(_c_is(float(np.mean(Y_LAP))),
             "c_best is the mean of y_lap: the mean minimises a sum of SQUARED residuals "
             "(Gaussian noise). Which constant minimises a sum of absolute residuals?"),
        Hint(lambda c, r, e: abs(_numbers(r)[0] - _C) > LAPLACE_TOL,
             "c_best is not where laplace_nll(y_lap, c, s) is smallest: for a fixed s only the "
             "sum of |y - c| depends on c; try a fine grid of c if in doubt."),
        Hint(_s_is(float(np.sqrt(np.mean((Y_LAP - _C) ** 2)))),
             "that s comes from squared residuals (a standard deviation, the Gaussian's scale). "
             "Set the derivative of ln(2s) + MAE/s with respect to s to zero."),
        Hint(_s_is(float(np.std(Y_LAP))),
             "that s is the standard deviation of y_lap, the Gaussian's scale. Set the "
             "derivative of ln(2s) + MAE/s with respect to s to zero."),
        Hint(_s_is(float(np.median(np.abs(Y_LAP - _C)))),
             "that is the MEDIAN of the absolute residuals; the derivative in s involves "
             "their mean (the MAE at c_best)."),
        Hint(_s_is(2 * _S), "s_best is twice too large: redo the derivative of ln(2s) "
                            "(the factor 2 inside the log does not survive it)."),
        Hint(_s_is(_S / 2), "s_best is half the right value: redo the derivative of ln(2s) "
                            "(the factor 2 inside the log does not survive it)."),
    ),
    default_hint="c_best minimises the mean of |y - c|; then minimise ln(2s) + MAE/s over s "
                 "(derivative zero) with the MAE taken at c_best.",
))


# ----------------------------------------------------------------------------- gauss_logvar_grad
def _mean_nll(y, m, u):
    return np.mean(0.5 * u + (y - m) ** 2 / (2 * np.exp(u)))


def _finite_differences(y, m, u, h=1e-5):
    y, m, u = (np.asarray(a, dtype=float) for a in (y, m, u))
    g_m, g_u = np.empty_like(m), np.empty_like(u)
    for i in range(m.size):
        e = np.zeros_like(m)
        e[i] = h
        g_m[i] = (_mean_nll(y, m + e, u) - _mean_nll(y, m - e, u)) / (2 * h)
        g_u[i] = (_mean_nll(y, m, u + e) - _mean_nll(y, m, u - e)) / (2 * h)
    return g_m, g_u


def _pair_of_arrays(r, n):
    if not isinstance(r, tuple | list) or len(r) != 2:
        raise TypeError("expected two arrays")
    g_m, g_u = (np.asarray(a, dtype=float) for a in r)
    if g_m.shape != (n,) or g_u.shape != (n,):
        raise ValueError("wrong shapes")
    return g_m, g_u


GRAD_RTOL, GRAD_ATOL = 1e-4, 1e-7


def _grad_outcome(case, returned):
    y, m, u = case.args
    fd_m, fd_u = _finite_differences(y, m, u)
    text = f"(g_mean, g_log_var) = ({_fmt(fd_m)}, {_fmt(fd_u)}) (central finite differences)"
    try:
        g_m, g_u = _pair_of_arrays(returned, len(y))
    except (TypeError, ValueError):
        return False, text
    ok = (np.allclose(g_m, fd_m, rtol=GRAD_RTOL, atol=GRAD_ATOL)
          and np.allclose(g_u, fd_u, rtol=GRAD_RTOL, atol=GRAD_ATOL))
    return ok, text


def _fmt(a):
    with np.printoptions(precision=5, threshold=6, edgeitems=2):
        return np.array2string(np.asarray(a), separator=", ")


def _random_points(seed, n):
    rng = np.random.default_rng(seed)
    return (rng.normal(0, 2, n), rng.normal(0, 2, n), rng.uniform(-2, 2, n))


def _grads_are(fn):
    """A hint predicate: the answer equals ``fn(y, m, u)`` (a pair of arrays)."""
    def when(c, r, e):
        g_m, g_u = _pair_of_arrays(r, len(c.args[0]))
        w_m, w_u = fn(*(np.asarray(a, dtype=float) for a in c.args))
        return near(g_m, w_m) and near(g_u, w_u)
    return when


def _exact(y, m, u):
    n, v = y.size, np.exp(u)
    return (m - y) / (n * v), (1 - (y - m) ** 2 / v) / (2 * n)


def _g_mean_wrong(fn):
    def when(c, r, e):
        g_m, g_u = _pair_of_arrays(r, len(c.args[0]))
        y, m, u = (np.asarray(a, dtype=float) for a in c.args)
        return near(g_m, fn(y, m, u)) and not near(g_m, _exact(y, m, u)[0])
    return when


def _g_u_wrong(fn):
    def when(c, r, e):
        g_m, g_u = _pair_of_arrays(r, len(c.args[0]))
        y, m, u = (np.asarray(a, dtype=float) for a in c.args)
        return near(g_u, fn(y, m, u)) and not near(g_u, _exact(y, m, u)[1])
    return when


register(Question(
    id="gauss_logvar_grad",
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
        Hint(_grads_are(lambda y, m, u: tuple(g * y.size for g in _exact(y, m, u))),
             "each of your gradients is n times too large: the loss is the MEAN over the "
             "examples, so each partial derivative has a factor 1/n."),
        Hint(_g_mean_wrong(lambda y, m, u: -_exact(y, m, u)[0]),
             "check the sign of g_mean: raising the mean above y must increase the loss."),
        Hint(_g_mean_wrong(lambda y, m, u: (m - y) / (y.size * u)),
             "log_var is ln v, not the variance: the variance is np.exp(log_var)."),
        Hint(_g_u_wrong(lambda y, m, u: (np.exp(u) - (y - m) ** 2) / (2 * y.size
                                                                     * np.exp(u) ** 2)),
             "your g_log_var is the derivative with respect to the variance v; the question "
             "asks for u = ln v: apply the chain rule (how does v change with u?)."),
        Hint(_g_u_wrong(lambda y, m, u: 2 * _exact(y, m, u)[1]),
             "g_log_var is twice the right value: the loss has (1/2) u, and the residual term "
             "has a 2 in its denominator."),
        Hint(_g_u_wrong(lambda y, m, u: (1 + (y - m) ** 2 / np.exp(u)) / (2 * y.size)),
             "check the sign of the residual part of g_log_var: e^(-u) decreases when u "
             "grows."),
    ),
    default_hint="write the mean loss as (1/n) sum of [u_i/2 + (y_i - m_i)^2 e^(-u_i) / 2] and "
                 "differentiate each term in m_i and in u_i.",
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


def _reference_kl(q, p):
    return float(_cross_entropy(q, p) - _entropy(q))


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
    atol=1e-12,
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
        Hint(lambda c, r, e: near(r, e / np.log(2)), "use the natural log (nats), not log2."),
    ),
    default_hint="compute H(q) = -sum q ln q and H(q, p) = -sum q ln p (terms with q = 0 are 0) "
                 "and return their difference.",
))


# ----------------------------------------------------------------------------- pinball_constant
def _min_pinball(y, tau):
    y = _flat(y)
    return min(losses.pinball(y, np.full_like(y, c), quantile=tau) for c in y)


def _pinball_outcome(case, returned):
    y, tau = _flat(case.args[0]), case.args[1]
    best = _min_pinball(y, tau)
    text = f"a constant whose mean pinball loss is {best:.6g} (the smallest possible)"
    c = np.asarray(returned, dtype=float)
    if c.size != 1 or not np.isfinite(c).all():
        return False, text
    loss = losses.pinball(y, np.full_like(y, float(c.ravel()[0])), quantile=tau)
    return bool(loss <= best * (1 + 1e-9) + 1e-12), text


def _constant_is(fn):
    def when(c, r, e):
        y, tau = _flat(c.args[0]), c.args[1]
        return np.size(r) == 1 and near(float(np.ravel(r)[0]), fn(y, tau))
    return when


def _minimises_at_one_minus_tau(c, r, e):
    y, tau = _flat(c.args[0]), c.args[1]
    loss = losses.pinball(y, np.full_like(y, float(np.ravel(r)[0])), quantile=1 - tau)
    return bool(loss <= _min_pinball(y, 1 - tau) * (1 + 1e-9) + 1e-12)


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
        Hint(_constant_is(lambda y, tau: np.mean(y)),
             "the mean minimises the squared error, not the pinball loss."),
        Hint(_constant_is(lambda y, tau: np.median(y)),
             "the median minimises the pinball loss only at τ = 0.5."),
    ),
    default_hint="the best constant leaves a share τ of the targets below it (lecture §7); "
                 "or try every target value as c and keep the one with the smallest loss.",
))


# ----------------------------------------------------------------------------- choices
def _letter(r):
    (answer,) = r
    if not isinstance(answer, str):
        raise TypeError("not a string")
    return answer.strip().lower().strip("()")


def _choice(question_id, title, name, right, options, wrong_hints):
    """A checked choice: the answer is one letter (a string) among ``options``."""

    def outcome(case, returned):
        try:
            return _letter(returned) == right, f"'{right}'"
        except (TypeError, ValueError):
            return False, f"'{right}'"

    def picked(letter):
        def when(c, r, e):
            return _letter(r) == letter
        return when

    def invalid(c, r, e):
        try:
            return _letter(r) not in options
        except (TypeError, ValueError):
            return True

    register(Question(
        id=question_id,
        title=title,
        names=(name,),
        kind="value",
        check_outcome=outcome,
        hints=(Hint(invalid, f"answer with one letter among {', '.join(options)}, as a string "
                             f"(for example {name} = \"{options[0]}\")."),
               *(Hint(picked(letter), text) for letter, text in wrong_hints.items())),
        default_hint="read each option against the lecture's sections 2 to 5.",
    ))


_choice("noise_choice", "which noise model", "noise_answer", "b", ("a", "b", "c", "d"), {
    "a": "under Gaussian noise a reading far off is nearly impossible, so maximum likelihood "
         "(the squared error) bends the line hard towards each glitch.",
    "c": "the Bernoulli distribution describes labels 0 or 1, not real-valued readings.",
    "d": "a predicted variance models noise that changes smoothly with x; glitches that strike "
         "at random are not predictable from x, and the squared residual still dominates the "
         "loss of each glitch.",
})

_choice("nll_units_choice", "NLL in different units", "units_answer", "b", ("a", "b", "c", "d"), {
    "a": "the two NLLs are in different units of y: a density per centimetre is 100 times "
         "smaller than per metre, so the numbers cannot be compared as they stand.",
    "c": "a density can exceed 1, so a negative NLL is fine for a continuous target "
         "(lecture §5).",
    "d": "they can be compared: changing the unit of y by a factor k shifts every NLL by the "
         "same known constant.",
})
