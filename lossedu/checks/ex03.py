"""Questions of exercise 03 (gradient descent: the loss drives learning).

* ``gd_step`` (warm-up): ``gradient_step(w, b, X, y, lr)``, one gradient-descent step on the
  mean squared error of the linear model ``X @ w + b``; returns ``(w_new, b_new)``.
* ``gd_fit`` (warm-up): ``fit(X, y, lr, n_steps)``, ``n_steps`` such steps from ``w = 0, b = 0``.
* ``gd_curvature``: ``mu_max`` and ``mu_min``, the eigenvalues of the Hessian of the MSE of the
  line ``w x + b`` on :func:`target_data` (within :data:`RTOL` relative); the data vary per
  student (make_linear's seed: ``exercise_data.seed(VARIANT, 0)``), like ``gd_learning_rates``.
* ``gd_learning_rates``: ``lr_max = 2 / mu_max`` (largest stable learning rate) and
  ``lr_best = 2 / (mu_max + mu_min)`` (best fixed learning rate), within :data:`RTOL`.
* ``gd_oscillation``: a choice (letter) about an oscillating run at ``lr_best``.
* ``huber_line_grad``: ``huber_line_grad(w, b, x, y, delta)``, the gradient ``(dJ/dw, dJ/db)``
  of the mean Huber loss of the line, checked against central finite differences of the
  trusted :func:`lossedu.losses.huber` at random points (so every correct form passes).

References use the trusted :mod:`lossedu.losses` (``mse_grad``, ``huber``).
"""

import numpy as np

from lossedu import exercise_data
from lossedu.checks._core import Case, Hint, Question, close, flat, near, register
from lossedu.checks.carried import Uses, carry_forward
from lossedu.checks.hints import choice_question, fails_on_lists
from lossedu.data import make_linear
from lossedu.losses import huber, mse_grad

#: relative tolerance of the eigenvalue and learning-rate answers (stated in the question: 0.1 %)
RTOL = 1e-3
#: tolerances of the Huber gradient against finite differences (stated in the question)
GRAD_RTOL, GRAD_ATOL = 1e-4, 1e-6


#: the make_linear seed of parts 3 and 4 in the published notebook (variant 0)
TARGET_SEED = 0


def target_data(c=None):
    """The data of parts 3 and 4 (the notebook builds the same with make_linear), for the
    judged case's variant (its seed: ``exercise_data.seed(VARIANT, TARGET_SEED)``); default:
    the published data."""
    seed = c.args[0] if c is not None else TARGET_SEED
    x, y = make_linear(n=20, slope=2.0, intercept=1.0, noise=1.0, seed=seed)
    return x.reshape(-1, 1), y


def _target_case(variant):
    return Case(f"variant {variant}", (exercise_data.seed(variant, TARGET_SEED),))


# ----------------------------------------------------------------------------- trusted helpers
def _arrays(X, y):
    X = np.asarray(X, dtype=float)
    return X.reshape(len(X), -1), np.asarray(y, dtype=float).ravel()


def _step(w, b, X, y, lr, *, factor=1.0, sign=-1.0, per_sample=False, no_b=False):
    """One gradient step; the keyword arguments build the classic mistakes for the hints."""
    X, y = _arrays(X, y)
    w = np.asarray(w, dtype=float).ravel()
    pred = X @ w + (0.0 if no_b else float(b))  # no_b: the prediction forgot the intercept
    grad_pred = factor * mse_grad(y, pred)  # 2 (pred - y) / n
    if per_sample:
        grad_pred = grad_pred * len(y)
    return w + sign * lr * (X.T @ grad_pred), float(b) + sign * lr * float(np.sum(grad_pred))


def _fit(X, y, lr, n_steps):
    X, y = _arrays(X, y)
    w, b = np.zeros(X.shape[1]), 0.0
    with np.errstate(all="ignore"):
        for _ in range(int(n_steps)):
            w, b = _step(w, b, X, y, lr)
    return w, b


def _final_mse(X, y, w, b):
    X, y = _arrays(X, y)
    with np.errstate(all="ignore"):
        return float(np.mean((X @ np.asarray(w, float).ravel() + float(b) - y) ** 2))


def _column(r):
    """True when the returned weights have shape (d, 1) (or any 2-d shape)."""
    return isinstance(r, tuple | list) and len(r) == 2 and np.ndim(r[0]) == 2


def _y_column(c):
    """True when the case's y has shape (n, 1) (y is the first 1-d or column argument after X)."""
    names = {5: 3, 4: 1, 3: 2}  # gradient_step(w, b, X, y, lr), fit(X, y, lr, n), grad(w, X, y)
    return np.ndim(c.args[names[len(c.args)]]) == 2


_LIST_HINT = fails_on_lists("X")


def _matches(c, r, **mistake):
    return close(r, _step(*c.args, **mistake), rtol=1e-5, atol=1e-8)


# ----------------------------------------------------------------------------- gd_step
_rng = np.random.default_rng(0)
_X2 = np.round(_rng.normal(size=(5, 2)), 2)
_Y2 = np.round(_X2 @ np.array([1.5, -0.5]) + 0.3 + 0.1 * _rng.normal(size=5), 2)

register(Question(
    id="gd_step",
    title="gradient_step",
    names=("gradient_step",),
    cases=(
        Case("one feature", (np.array([0.0]), 0.0, np.array([[1.0], [2.0], [3.0], [4.0]]),
                             np.array([3.0, 5.0, 7.0, 9.0]), 0.1)),
        Case("two features", (np.array([0.5, -0.2]), 0.1, _X2, _Y2, 0.05)),
        Case("lists instead of arrays", ([1.0, 1.0], -0.5, _X2.tolist(), _Y2.tolist(), 0.2)),
        Case("float32 input", (np.array([0.2, 0.4], dtype=np.float32), np.float32(0.0),
                               _X2.astype(np.float32), _Y2.astype(np.float32), 0.1)),
        Case("y of shape (n, 1)", (np.array([0.0, 0.0]), 1.0, _X2, _Y2.reshape(-1, 1), 0.1)),
        Case("learning rate 0.01", (np.array([2.0]), 1.0, np.array([[0.5], [1.5], [2.5]]),
                                    np.array([1.0, 2.0, 6.0]), 0.01)),
    ),
    reference=_step,
    rtol=1e-5,
    atol=1e-8,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: _column(r), "returned w of shape (d, 1): flatten it (np.ravel) "
                                         "so it has the shape (d,) of the w you were given."),
        Hint(lambda c, r, e: _y_column(c),
             "y has shape (n, 1) in this case: flatten it (np.ravel) before computing "
             "X @ w + b - y, or the difference broadcasts to an (n, n) table."),
        Hint(lambda c, r, e: _matches(c, r, sign=+1.0),
             "you moved up the gradient: subtract lr * grad (w - lr * grad_w)."),
        Hint(lambda c, r, e: _matches(c, r, factor=0.5),
             "did you forget the factor 2 in the MSE gradient? The derivative of r**2 is 2 r r'."),
        Hint(lambda c, r, e: _matches(c, r, per_sample=True),
             "did you divide by n? The loss is a mean, so its gradient is too."),
        Hint(lambda c, r, e: _matches(c, r, factor=1.0 / c.args[4]),
             "is the learning rate used as given? The step is lr * grad."),
        Hint(lambda c, r, e: _matches(c, r, no_b=True),
             "your prediction leaves out the intercept: the model predicts X @ w + b, so the "
             "residuals must use b too."),
        Hint(lambda c, r, e: close(r[0], e[0], rtol=1e-5, atol=1e-8),
             "w is right but b is not: b's gradient has the same factor and the same mean as "
             "w's, with 1 in place of x (b enters every prediction with coefficient 1)."),
        Hint(lambda c, r, e: close(r[1], e[1], rtol=1e-5, atol=1e-8),
             "b is right but w is not: in w's gradient each example's residual is weighted by "
             "its features (chain rule: d y_pred / d w = x)."),
    ),
    default_hint="compare your gradients with the derivation box of section 1 of the lecture, "
                 "one factor at a time (sign, factor 2, mean over n, the x in w's gradient).",
))


# ----------------------------------------------------------------------------- gd_fit
def _fit_matches(c, r, n_steps):
    X, y, lr, _ = c.args
    return close(r, _fit(X, y, lr, n_steps), rtol=1e-4, atol=1e-6)


def _diverged(c, r):
    X, y = c.args[0], c.args[1]
    start = _final_mse(X, y, np.zeros(np.shape(_arrays(X, y)[0])[1]), 0.0)
    loss = _final_mse(X, y, r[0], r[1])
    return not np.isfinite(loss) or loss > start


register(Question(
    id="gd_fit",
    title="fit",
    names=("fit",),
    cases=(
        Case("one feature, 50 steps", (np.array([[0.0], [1.0], [2.0], [3.0]]),
                                       np.array([1.0, 3.0, 5.0, 7.0]), 0.1, 50)),
        Case("a single step", (_X2, _Y2, 0.1, 1)),
        Case("lists instead of arrays", (_X2.tolist(), _Y2.tolist(), 0.2, 30)),
        Case("float32 input", (_X2.astype(np.float32), _Y2.astype(np.float32), 0.1, 40)),
        Case("y of shape (n, 1)", (_X2, _Y2.reshape(-1, 1), 0.1, 20)),
        Case("small learning rate", (np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 4.0, 6.5]),
                                     0.02, 25)),
    ),
    reference=_fit,
    rtol=1e-4,
    atol=1e-6,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: _column(r), "returned w of shape (d, 1): flatten it (np.ravel) "
                                         "to shape (d,)."),
        Hint(lambda c, r, e: _diverged(c, r),
             "your loss diverged (it ended higher than it started): is the learning rate "
             "used as given?"),
        Hint(lambda c, r, e: np.allclose(np.asarray(r[0], float), 0) and float(r[1]) == 0,
             "you returned the starting point: keep the result of each step, "
             "w, b = gradient_step(w, b, X, y, lr)."),
        Hint(lambda c, r, e: _fit_matches(c, r, c.args[3] + 1) or _fit_matches(c, r, c.args[3] - 1),
             "you took one step too many or too few: run exactly n_steps steps."),
        Hint(lambda c, r, e: c.args[3] > 1 and _fit_matches(c, r, 1),
             "you returned after the first step: is your return statement inside the loop? "
             "Return once the loop has finished."),
        Hint(lambda c, r, e: _y_column(c),
             "y has shape (n, 1) in this case: flatten it (np.ravel) first."),
    ),
    default_hint="start from w = 0 (shape (d,)) and b = 0, and feed each step's result into "
                 "the next step.",
))


# ----------------------------------------------------------------------------- gd_curvature
def _hessian_eigenvalues(x, *, factor=2.0, divide=True, ones=True, centre=False, ddof=0):
    """(mu_max, mu_min) of factor/n A.T A, A = [x, 1]; keywords build the classic mistakes."""
    x = np.asarray(x, dtype=float).ravel()
    if centre:
        x = x - x.mean()
    A = np.c_[x, np.ones_like(x)] if ones else x[:, None]
    H = factor * A.T @ A / ((len(x) - ddof) if divide else 1.0)
    mu = np.linalg.eigvalsh(H)
    return float(mu[-1]), float(mu[0])


def _mu(c=None):
    return _hessian_eigenvalues(target_data(c)[0])


def _numbers(returned, count):
    """The answer as `count` finite floats, or None when it is not that."""
    try:
        values = [float(np.asarray(v, dtype=float).item()) for v in returned]
    except (TypeError, ValueError):
        return None
    return values if len(values) == count and all(np.isfinite(values)) else None


def _is(returned, wanted, rtol=RTOL):
    got = _numbers(returned, len(wanted))
    return got is not None and bool(np.allclose(got, wanted, rtol=rtol, atol=0.0))


def _singular(returned):
    """True when the smaller returned eigenvalue is 0 up to rounding (a singular matrix)."""
    got = _numbers(returned, 2)
    return got is not None and max(map(abs, got)) > 0 and min(map(abs, got)) < 1e-9 * max(
        map(abs, got))


def _curvature_outcome(c, returned):
    return _is(returned, _mu(c)), "the two eigenvalues of H, each within 0.1 %"


def _x(c=None):
    return target_data(c)[0].ravel()


register(Question(
    id="gd_curvature",
    title="curvatures from the Hessian",
    names=("mu_max", "mu_min"),
    kind="value",
    variant_inputs=_target_case,
    check_outcome=_curvature_outcome,
    hints=(
        Hint(lambda c, r, e: _numbers(r, 2) is None,
             "mu_max and mu_min must each be one finite number (a float, not an array)."),
        Hint(lambda c, r, e: _is(r, _mu(c)[::-1]),
             "swapped: mu_max is the larger eigenvalue (np.linalg.eigvalsh returns them in "
             "increasing order)."),
        Hint(lambda c, r, e: _is(r, (2 * np.mean(_x(c) ** 2), 2.0)),
             "those are the diagonal entries of H (the curvatures along the w and b axes). The "
             "valley is tilted because x is not centred: take the eigenvalues of H."),
        Hint(lambda c, r, e: _is(r, _hessian_eigenvalues(_x(c), factor=1.0)),
             "your curvatures are half the right ones: the second derivative of r**2 brings "
             "a factor 2."),
        Hint(lambda c, r, e: _is(r, _hessian_eigenvalues(_x(c), divide=False))
             or _is(r, _hessian_eigenvalues(_x(c), factor=1.0, divide=False)),
             "your curvatures are n times too large: J is a mean, so H is too (divide by n)."),
        Hint(lambda c, r, e: _is(r[:1], _hessian_eigenvalues(_x(c), ones=False)[:1])
             or _is(r[:1], _hessian_eigenvalues(_x(c), factor=1.0, ones=False)[:1]),
             "the line has two parameters, w and b: H is 2 x 2, built from A = [x, 1] "
             "(a column of ones for b)."),
        Hint(lambda c, r, e: _is(r, _hessian_eigenvalues(_x(c), centre=True)),
             "you centred x: that is the Hessian of the standardised problem, not of this one. "
             "Use x as given."),
        Hint(lambda c, r, e: _is(r, _hessian_eigenvalues(_x(c), ddof=1)),
             "you divided by n - 1: J is the mean over the n examples, so H is divided by n."),
        Hint(lambda c, r, e: _singular(r),
             "your mu_min is 0: the matrix you took the eigenvalues of is singular. H is the "
             "2 x 2 matrix of second derivatives in w and b: A.T @ A (not the n x n A @ A.T), "
             "with the mean of x**2 (not the square of the mean of x)."),
    ),
    default_hint="H holds the second derivatives of J in w and b (the derivation box of "
                 "section 3 of the lecture); mu_max and mu_min are its eigenvalues.",
))


# ----------------------------------------------------------------------------- gd_learning_rates
def _rates(mu_max, mu_min):
    return 2.0 / mu_max, 2.0 / (mu_max + mu_min)


def _rates_outcome(c, returned):
    return _is(returned[:2], _rates(*_mu(c))), ("lr_max and lr_best from the eigenvalues of H, "
                                                "each within 0.1 %")


def _own_rates(c, r):
    """True when the learning rates follow from the learner's own (wrong) eigenvalues."""
    own = _numbers(r[2:], 2)
    return own is not None and not _is(own, _mu(c)) and _is(r[:2], _rates(*own))


def _lr_max_ok(c, r):
    return _is(r[:1], _rates(*_mu(c))[:1])


register(Question(
    id="gd_learning_rates",
    title="learning rates from the eigenvalues",
    names=("lr_max", "lr_best", "mu_max", "mu_min"),
    kind="value",
    variant_inputs=_target_case,
    check_outcome=_rates_outcome,
    hints=(
        Hint(lambda c, r, e: _numbers(r[:2], 2) is None,
             "lr_max and lr_best must each be one finite number."),
        Hint(lambda c, r, e: _own_rates(c, r),
             "your formulas are right but your eigenvalues are not: fix mu_max and mu_min "
             "(part 3a) first."),
        Hint(lambda c, r, e: _is(r[:1], [1.0 / _mu(c)[0]]),
             "lr_max: at the stability limit the factor 1 - lr * mu_max reaches -1, not 0."),
        Hint(lambda c, r, e: _is(r[:1], [2.0 / _mu(c)[1]]) or _is(r[:1], [1.0 / _mu(c)[1]]),
             "lr_max: the steepest direction (largest curvature) is the first to become "
             "unstable, so it sets the limit."),
        Hint(lambda c, r, e: _lr_max_ok(c, r) and (_is(r[1:2], [1.0 / sum(_mu(c))])
                                                or _is(r[1:2], [1.0 / _mu(c)[0]])),
             "lr_best: the best fixed step makes the slowest and the steepest direction shrink "
             "equally fast, |1 - lr * mu_min| = |1 - lr * mu_max|; check the factor of your "
             "formula against that equation."),
        Hint(lambda c, r, e: _lr_max_ok(c, r),
             "lr_max is right, lr_best is not: solve |1 - lr * mu_min| = |1 - lr * mu_max| "
             "for lr."),
    ),
    default_hint="each direction multiplies its error by 1 - lr * mu per step: find the lr "
                 "where the worst |1 - lr * mu| reaches 1 (lr_max), and where it is smallest "
                 "(lr_best).",
))
# the rates follow from the learner's own eigenvalues (part of this answer), which
# gd_curvature charges: right formulas on wrong eigenvalues are not charged twice
carry_forward(
    "gd_learning_rates", uses=(Uses("gd_curvature"),), rtol=1e-3,
    expected=lambda c, got: (*_rates(*(float(v) for v in got["gd_curvature"])),
                             *got["gd_curvature"]))


# ----------------------------------------------------------------------------- gd_oscillation
register(choice_question(
    "gd_oscillation", "an oscillating run", "oscillation_choice", "B", {
        "A": "A is wrong: below 1 / mu_max the oscillation stops, but the flat direction's "
             "factor 1 - lr * mu_min moves closer to 1, so the run gets slower, not faster.",
        "C": "C is wrong: at lr = 2 / mu_max the steep direction's factor is exactly -1, so its "
             "swings never shrink (and above it they grow).",
        "D": "D is wrong: a diverging run has swings that grow and a loss that rises; here the "
             "swings shrink and the loss falls at every step.",
    },
    not_a_letter='answer with one letter, A, B, C or D, as a string (e.g. "A").',
    expected="the right letter (A, B, C or D)",
))


# ----------------------------------------------------------------------------- huber_line_grad
def _huber_line_grad(w, b, x, y, delta, *, h=1e-6):
    """Trusted reference: central finite differences of the mean Huber loss of the line."""
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    w, b, delta = float(w), float(b), float(delta)

    def J(w_, b_):
        return huber(y, w_ * x + b_, delta=delta)

    return ((J(w + h, b) - J(w - h, b)) / (2 * h), (J(w, b + h) - J(w, b - h)) / (2 * h))


def _huber_mistake(w, b, x, y, delta, *, inside=1.0, outside=None, sign=-1.0, mean=True,
                   use_x=True, signed=True, value=False, threshold=None, scale_by=1.0,
                   product_of_means=False):
    """Closed-form gradient with one classic mistake switched on by a keyword."""
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    r = y - (w * x + b)
    cut = delta if threshold is None else threshold  # threshold: clipped at a wrong number
    cap = cut if outside is None else outside
    beyond = cap * np.sign(r) if signed else cap * np.ones_like(r)
    if np.isinf(cap):  # the squared-error slope everywhere
        beyond = r
    if value:  # the loss itself beyond delta, not its slope
        beyond = delta * (np.abs(r) - delta / 2)
    psi = np.where(np.abs(r) <= cut, inside * r, beyond) / scale_by
    scale = sign / (len(x) if mean else 1.0)
    if product_of_means:
        return (sign * np.mean(x) * np.mean(psi), scale * np.sum(psi))
    return (scale * np.sum((x if use_x else 1.0) * psi), scale * np.sum(psi))


def _pair(returned):
    values = flat(returned)
    if values.size != 2:
        raise ValueError("expected two numbers")
    return values


def _not_pair(returned):
    try:
        return not np.all(np.isfinite(_pair(returned)))
    except (TypeError, ValueError):
        return True


def _huber_outcome(case, returned):
    expected = _huber_line_grad(*case.args)
    try:
        got = _pair(returned)
    except (TypeError, ValueError):
        return False, f"{_show(expected)} (two numbers: dJ/dw, dJ/db)"
    ok = bool(np.allclose(got, expected, rtol=GRAD_RTOL, atol=GRAD_ATOL))
    return ok, _show(expected)


def _show(pair):
    return "(" + ", ".join(f"{v:.6g}" for v in pair) + ")"


def _like(c, r, **mistake):
    return near(_pair(r), _huber_mistake(*c.args, **mistake), rtol=1e-4, atol=1e-6)


def _huber_case(label, seed, n, delta, spread):
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(-3, 3, size=n), 3)
    y = np.round(1.5 * x - 0.5 + spread * rng.standard_t(3, size=n), 3)
    w, b = (float(v) for v in np.round(rng.normal(size=2), 3))
    return Case(label, (w, b, x, y, delta))


_HUBER_CASES = (
    _huber_case("random point, delta = 1", 1, 12, 1.0, 1.5),
    _huber_case("random point, delta = 0.5", 2, 15, 0.5, 1.0),
    _huber_case("random point, delta = 2, large residuals", 3, 20, 2.0, 4.0),
    _huber_case("all residuals inside delta", 4, 8, 50.0, 1.0),
    _huber_case("all residuals outside delta", 5, 10, 0.01, 2.0),
    _huber_case("random point, delta = 1.5", 6, 30, 1.5, 2.0),
)

register(Question(
    id="huber_line_grad",
    title="huber_line_grad",
    names=("huber_line_grad",),
    cases=_HUBER_CASES,
    check_outcome=_huber_outcome,
    hints=(
        Hint(lambda c, r, e: _not_pair(r), "return two finite numbers, (dJ/dw, dJ/db)."),
        Hint(lambda c, r, e: _like(c, r, sign=1.0),
             "wrong sign: the residual r = y - (w x + b) falls when w or b rises "
             "(dr/dw = -x, dr/db = -1)."),
        Hint(lambda c, r, e: _like(c, r, mean=False),
             "did you divide by n? J is the mean Huber loss, so its gradient is a mean too."),
        Hint(lambda c, r, e: near(_pair(r)[::-1], _huber_line_grad(*c.args), rtol=1e-4, atol=1e-6),
             "you returned (dJ/db, dJ/dw): return dJ/dw first."),
        Hint(lambda c, r, e: _like(c, r, use_x=False),
             "your dJ/dw has no x: by the chain rule each example's term is multiplied by "
             "d y_pred / d w = x."),
        Hint(lambda c, r, e: _like(c, r, inside=2.0),
             "inside delta the loss is r**2 / 2 (with the 1/2), so its derivative in r is r, "
             "not 2 r."),
        Hint(lambda c, r, e: _like(c, r, outside=1.0),
             "outside delta the loss is delta * (|r| - delta / 2): its slope in r is "
             "+-delta, not +-1."),
        Hint(lambda c, r, e: _like(c, r, signed=False),
             "outside delta the slope is +delta for r > delta and -delta for r < -delta: "
             "keep the sign of r."),
        Hint(lambda c, r, e: _like(c, r, outside=np.inf),
             "you used the squared-error slope r for every example: beyond delta the Huber "
             "loss grows linearly, so its slope in r stops growing at +-delta."),
        Hint(lambda c, r, e: _like(c, r, value=True),
             "beyond delta you used the loss delta * (|r| - delta / 2) itself: the gradient "
             "needs its slope in r."),
        Hint(lambda c, r, e: float(c.args[4]) != 1.0 and _like(c, r, threshold=1.0),
             "you switched between the two pieces at |r| = 1: the threshold is delta, the "
             "argument of the function."),
        Hint(lambda c, r, e: float(c.args[4]) != 1.0 and _like(c, r, scale_by=float(c.args[4])),
             "your gradient is the right one divided by delta: that is the gradient of the Huber "
             "loss divided by delta (PyTorch's SmoothL1Loss); here the loss is r**2 / 2 inside "
             "delta."),
        Hint(lambda c, r, e: _like(c, r, product_of_means=True),
             "dJ/dw is the mean of the products x_i * (slope of example i), not the mean of x "
             "times the mean of the slopes."),
    ),
    default_hint="derive it in two steps: the slope of the loss in r, piece by piece (|r| <= "
                 "delta, r > delta, r < -delta), then the chain rule through r_i = y_i - "
                 "(w x_i + b) and the mean over the examples.",
))
