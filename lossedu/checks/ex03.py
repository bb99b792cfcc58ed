"""Questions of exercise 07 (gradient descent: the loss drives learning).

* ``gd_step``: ``gradient_step(w, b, X, y, lr)``, one gradient-descent step on the mean
  squared error of the linear model ``X @ w + b``; returns ``(w_new, b_new)``.
* ``gd_fit``: ``fit(X, y, lr, n_steps)``, ``n_steps`` such steps from ``w = 0, b = 0``.
* ``gd_below_target``: choose ``chosen_lr`` and ``chosen_steps`` (at most :data:`MAX_STEPS`)
  so that gradient descent on :func:`target_data` ends with an MSE below :data:`TARGET_MSE`.

References use the trusted :mod:`lossedu.losses` (``mse``, ``mse_grad``).
"""

import numpy as np

from lossedu.checks._core import Case, Hint, Question, Raised, close, register
from lossedu.data import make_linear
from lossedu.losses import mse, mse_grad

#: the learning-rate question: reach a training MSE below TARGET_MSE in at most MAX_STEPS steps
TARGET_MSE = 0.5
MAX_STEPS = 100


def target_data():
    """The data of ``gd_below_target`` (the notebook builds the same with make_linear)."""
    x, y = make_linear(n=20, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    return x.reshape(-1, 1), y


# ----------------------------------------------------------------------------- trusted helpers
def _arrays(X, y):
    X = np.asarray(X, dtype=float)
    return X.reshape(len(X), -1), np.asarray(y, dtype=float).ravel()


def _step(w, b, X, y, lr, *, factor=1.0, sign=-1.0, per_sample=False):
    """One gradient step; the keyword arguments build the classic mistakes for the hints."""
    X, y = _arrays(X, y)
    w = np.asarray(w, dtype=float).ravel()
    grad_pred = factor * mse_grad(y, X @ w + float(b))  # 2 (pred - y) / n
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


def _raised_on_list(case, returned, expected):
    return isinstance(returned, Raised) and ("list" in returned.message
                                             or "sequence" in returned.message)


_LIST_HINT = Hint(_raised_on_list, "your code fails on Python lists: convert first, "
                                   "e.g. X = np.asarray(X, dtype=float).")


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
             "did you forget the factor 2 in the MSE gradient? d/dw mean((Xw + b - y)**2) "
             "= 2 X.T (Xw + b - y) / n."),
        Hint(lambda c, r, e: _matches(c, r, per_sample=True),
             "did you divide by n? The loss is a mean, so its gradient is too."),
        Hint(lambda c, r, e: _matches(c, r, factor=1.0 / c.args[4]),
             "is the learning rate used as given? The step is lr * grad."),
        Hint(lambda c, r, e: close(r[0], e[0], rtol=1e-5, atol=1e-8),
             "w is right but b is not: the gradient for b is 2 * mean(X @ w + b - y)."),
        Hint(lambda c, r, e: close(r[1], e[1], rtol=1e-5, atol=1e-8),
             "b is right but w is not: the gradient for w is 2 * X.T @ (X @ w + b - y) / n."),
    ),
    default_hint="flatten y (np.ravel), then residual = X @ w + b - y; "
                 "grad_w = 2 * X.T @ residual / n; grad_b = 2 * mean(residual); "
                 "return (w - lr * grad_w, b - lr * grad_b).",
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
        Hint(lambda c, r, e: _y_column(c),
             "y has shape (n, 1) in this case: flatten it (np.ravel) first."),
    ),
    default_hint="flatten y (np.ravel), start from w = np.zeros(d) and b = 0.0, then repeat "
                 "n_steps times: w, b = gradient_step(w, b, X, y, lr); return (w, b).",
))


# ----------------------------------------------------------------------------- gd_below_target
def _chosen(returned):
    lr, n_steps = returned
    lr = float(lr)
    if isinstance(n_steps, bool) or not float(n_steps).is_integer():
        raise ValueError("chosen_steps must be a whole number")
    return lr, int(n_steps)


def _valid_choice(returned):
    try:
        lr, n_steps = _chosen(returned)
    except (TypeError, ValueError):
        return False
    return bool(np.isfinite(lr) and lr > 0 and 1 <= n_steps <= MAX_STEPS)


def _loss_after(returned):
    lr, n_steps = _chosen(returned)
    X, y = target_data()
    w, b = _fit(X, y, lr, n_steps)
    return float(mse(y, X @ w + b)) if np.all(np.isfinite(w)) and np.isfinite(b) else np.inf


def _below_target_outcome(case, returned):
    if not _valid_choice(returned):
        return False, f"a learning rate > 0 and 1 to {MAX_STEPS} steps"
    loss = _loss_after(returned)
    shown = f"{loss:.4g}" if np.isfinite(loss) and loss < 1e6 else "a diverged loss"
    return loss < TARGET_MSE, f"a final MSE below {TARGET_MSE} (yours reaches {shown})"


def _start_loss():
    X, y = target_data()
    return float(mse(y, np.zeros_like(y)))


register(Question(
    id="gd_below_target",
    title="learning rate that reaches the target",
    names=("chosen_lr", "chosen_steps"),
    kind="value",
    check_outcome=_below_target_outcome,
    hints=(
        Hint(lambda c, r, e: not _valid_choice(r),
             f"chosen_lr must be a positive number and chosen_steps a whole number from 1 "
             f"to {MAX_STEPS}."),
        Hint(lambda c, r, e: _loss_after(r) > _start_loss(),
             "your loss diverged: the learning rate is too large (each step overshoots). "
             "Try a smaller one."),
        Hint(lambda c, r, e: _chosen(r)[1] < MAX_STEPS,
             f"you may use up to {MAX_STEPS} steps: take them all."),
        Hint(lambda c, r, e: True,
             "the loss goes down but too slowly: increase the learning rate, up to just "
             "below the value where it starts to diverge."),
    ),
))
