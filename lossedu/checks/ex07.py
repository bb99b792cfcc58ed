"""Questions of exercise 05 (regularization: penalties, gradients, choosing lambda).

* ``l2_penalty``: ``l2_penalty(w, lam) = lam * sum(w**2)`` over every entry of ``w``.
* ``l2_grad``: ``l2_penalty_grad(w, lam) = 2 * lam * w`` (same shape as ``w``).
* ``l1_grad``: ``l1_penalty_grad(w, lam) = lam * sign(w)``, the subgradient 0 at ``w = 0``.
* ``validation_curve``: ``validation_mse(alphas, X_train, y_train, X_val, y_val)``, the
  validation MSE of ``sklearn.linear_model.Ridge(alpha=a)`` for each alpha.
* ``best_alpha``: the values ``best_alpha`` and ``best_val_mse`` chosen on the diabetes split
  of the notebook (:func:`diabetes_split`, grid :data:`ALPHAS`); the check refits every model
  itself with trusted code.

References: :mod:`lossedu.regularization` and scikit-learn (imported only when a check runs,
so importing :mod:`lossedu.checks` stays fast).
"""

import numpy as np

from lossedu import regularization
from lossedu.checks._core import Case, Hint, Question, Raised, register
from lossedu.checks._core import near as _near

#: the grid of Ridge alphas of the ``best_alpha`` question (the notebook uses the same one)
ALPHAS = np.logspace(-2, 3, 11)


def diabetes_split():
    """The notebook's data: scikit-learn's diabetes set, 331 training and 111 validation rows.

    ``lossedu.data.load_diabetes_split(test_size=0.25, seed=0)``: features standardised with
    the training rows' statistics; its "test" rows serve as the validation rows here.
    """
    from lossedu.data import load_diabetes_split

    d = load_diabetes_split(test_size=0.25, seed=0)
    return d.X_train, d.y_train, d.X_test, d.y_test


_LIST_HINT = Hint(
    lambda c, r, e: isinstance(r, Raised) and ("list" in r.message or "sequence" in r.message),
    "your code fails on Python lists: convert first, e.g. w = np.asarray(w, dtype=float).",
)


_MATMUL_HINT = Hint(
    lambda c, r, e: isinstance(r, Raised) and ("matmul" in r.message or "not aligned" in r.message),
    "w may be a matrix or a column (n, 1): w @ w only works for 1-D w. Use np.sum(w ** 2), "
    "which adds up every entry.",
)


def _w(c):
    return np.asarray(c.args[0], dtype=float)


def _lam(c):
    return float(c.args[1])


# ----------------------------------------------------------------------------- l2_penalty
def _l2_sqrt(c, r, e):
    return e != 0 and _near(r, _lam(c) * np.sqrt(np.sum(_w(c) ** 2)))


def _l2_mean(c, r, e):
    return e != 0 and _near(r, _lam(c) * np.mean(_w(c) ** 2))


def _l2_is_l1(c, r, e):
    return e != 0 and _near(r, _lam(c) * np.sum(np.abs(_w(c))))


def _l2_half(c, r, e):
    return e != 0 and _near(r, 0.5 * e)


def _l2_no_lam(c, r, e):
    return _lam(c) != 1 and _near(r, np.sum(_w(c) ** 2)) and not _near(r, e)


def _not_one_number(c, r, e):
    return np.ndim(r) != 0 and np.size(r) != 1


def _weights_cases(name_of_2d="weight matrix (3, 2)"):
    return (
        Case("three weights", (np.array([0.5, -1.0, 2.0]), 0.1)),
        Case("lists instead of arrays", ([1, -2, 0, 3], 0.01)),
        Case(name_of_2d, (np.array([[0.3, -0.7], [1.5, 0.0], [-2.0, 0.25]]), 0.5)),
        Case("float32 weights", (np.array([0.1, -0.4, 0.9, 1.7], dtype=np.float32), 0.001)),
        Case("lam = 0", (np.array([3.0, -4.0]), 0.0)),
        Case("a column (n, 1) and lam = 2", (np.array([[1.0], [-0.5], [0.0], [2.5]]), 2.0)),
    )


register(Question(
    id="l2_penalty",
    title="l2_penalty",
    names=("l2_penalty",),
    cases=_weights_cases(),
    reference=regularization.l2_penalty,
    rtol=1e-6,
    hints=(
        _LIST_HINT,
        _MATMUL_HINT,
        Hint(_not_one_number, "return one number: sum over every entry of w (np.sum without "
                              "an axis)."),
        Hint(_l2_sqrt, "no square root: the L2 penalty uses the SQUARED norm, lam * sum(w**2)."),
        Hint(_l2_mean, "sum the squares, don't average them: lam * sum(w**2)."),
        Hint(_l2_is_l1, "that is the L1 penalty (sum of |w|); the L2 penalty sums w**2."),
        Hint(_l2_half, "no factor 1/2 in this course's convention: lam * sum(w**2)."),
        Hint(_l2_no_lam, "multiply by the strength lam."),
    ),
    default_hint="l2_penalty(w, lam) = lam * sum(w**2); convert w with "
                 "np.asarray(w, dtype=float) so lists work too.",
))


# ----------------------------------------------------------------------------- l2_grad
def _wrong_shape(c, r, e):
    return np.shape(r) != np.shape(e)


def _grad_no_two(c, r, e):
    return _near(r, _lam(c) * _w(c)) and not _near(r, e)


def _grad_is_l1(c, r, e):
    return _near(r, _lam(c) * np.sign(_w(c))) and not _near(r, e)


def _grad_no_lam(c, r, e):
    return _lam(c) != 1 and _near(r, 2 * _w(c)) and not _near(r, e)


register(Question(
    id="l2_grad",
    title="l2_penalty_grad",
    names=("l2_penalty_grad",),
    cases=_weights_cases(),
    reference=regularization.l2_penalty_grad,
    rtol=1e-6,
    hints=(
        _LIST_HINT,
        Hint(_wrong_shape, "the gradient has one entry per weight: return an array with the "
                           "same shape as w."),
        Hint(_grad_no_two, "the derivative of w**2 is 2*w: did you forget the factor 2?"),
        Hint(_grad_is_l1, "that is the L1 (sub)gradient lam * sign(w); for L2 it is 2 * lam * w."),
        Hint(_grad_no_lam, "multiply by the strength lam: 2 * lam * w."),
    ),
    default_hint="d/dw_j of lam * sum(w**2) is 2 * lam * w_j; convert w with "
                 "np.asarray(w, dtype=float) so lists work too.",
))


# ----------------------------------------------------------------------------- l1_grad
def _kink_not_zero(c, r, e):
    w, r = _w(c), np.asarray(r, dtype=float)
    zero = w == 0
    return zero.any() and np.shape(r) == w.shape and np.any(r[zero] != 0) and _near(
        r[~zero], np.asarray(e)[~zero])


def _division_at_zero(c, r, e):
    return not np.all(np.isfinite(np.asarray(r, dtype=float)))


def _tiny_zeroed(c, r, e):
    """Weights that are tiny but not 0 were treated as 0."""
    w, r = _w(c), np.asarray(r, dtype=float)
    tiny = (w != 0) & (np.abs(w) < 1e-6)
    return tiny.any() and np.shape(r) == w.shape and np.all(r[tiny] == 0)


def _l1_is_l2(c, r, e):
    return (_near(r, 2 * _lam(c) * _w(c)) or _near(r, _lam(c) * _w(c))) and not _near(r, e)


def _l1_two(c, r, e):
    return _near(r, 2 * np.asarray(e)) and not _near(r, e)


register(Question(
    id="l1_grad",
    title="l1_penalty_grad",
    names=("l1_penalty_grad",),
    cases=(
        Case("three weights", (np.array([0.5, -1.0, 2.0]), 0.1)),
        Case("a zero weight", (np.array([0.0, -3.0, 0.2]), 0.5)),
        Case("lists instead of arrays", ([1, -2, 0, 3], 0.01)),
        Case("weight matrix (2, 3)", (np.array([[0.3, 0.0, -0.7], [1.5, -2.0, 0.0]]), 2.0)),
        Case("float32 weights", (np.array([0.1, -0.4, 0.0], dtype=np.float32), 0.25)),
        Case("tiny weights", (np.array([1e-12, -1e-12, 0.0]), 1.0)),
    ),
    reference=regularization.l1_penalty_grad,
    rtol=1e-6,
    hints=(
        _LIST_HINT,
        Hint(_division_at_zero, "w / |w| is 0/0 = nan at w = 0: use np.sign(w), which is 0 "
                                "there."),
        Hint(_wrong_shape, "the (sub)gradient has one entry per weight: return an array with "
                           "the same shape as w."),
        Hint(_kink_not_zero, "at w = 0 |w| has a kink: use the subgradient 0 there "
                             "(np.sign(0) is 0)."),
        Hint(_tiny_zeroed, "only an exact 0 gets the subgradient 0: a tiny weight such as 1e-12 "
                           "still has slope +1 or -1 (np.sign(w), no threshold)."),
        Hint(_l1_is_l2, "the derivative of |w| is sign(w) (+1 or -1), not proportional to w."),
        Hint(_l1_two, "no factor 2 here: the slope of |w| is +1 or -1, so lam * sign(w)."),
    ),
    default_hint="the (sub)gradient of lam * sum(|w|) is lam * np.sign(w) (0 where w = 0).",
))


# ----------------------------------------------------------------------------- validation_curve
def _ridge_mse(alpha, X_fit, y_fit, X_eval, y_eval):
    from sklearn.linear_model import Ridge

    model = Ridge(alpha=float(alpha)).fit(np.asarray(X_fit, float), np.asarray(y_fit, float))
    residual = model.predict(np.asarray(X_eval, float)) - np.asarray(y_eval, float)
    return float(np.mean(residual ** 2))


def _reference_validation(alphas, X_train, y_train, X_val, y_val):
    return np.array([_ridge_mse(a, X_train, y_train, X_val, y_val)
                     for a in np.asarray(alphas, float).ravel()])


def _training_mse(c, r, e):
    alphas, X_train, y_train, _, _ = c.args
    return _near(r, _reference_validation(alphas, X_train, y_train, X_train, y_train))


def _rmse(c, r, e):
    return _near(r, np.sqrt(e))


def _r2(c, r, e):
    y_val = np.asarray(c.args[4], float)
    return _near(r, 1.0 - np.asarray(e) / np.var(y_val))


def _one_model(c, r, e):
    r = np.asarray(r, dtype=float)
    return r.ndim == 1 and r.size > 1 and np.allclose(r, r[0]) and not np.allclose(e, e[0])


def _curve_sum(c, r, e):
    return _near(r, np.asarray(e) * len(c.args[4]))


def _curve_shape(c, r, e):
    return np.shape(r) != np.shape(e)


def _toy_regression(n_train, n_val, seed):
    """A small linear problem with 3 features (X_train, y_train, X_val, y_val)."""
    rng = np.random.default_rng(seed)
    n = n_train + n_val
    X = rng.normal(size=(n, 3))
    y = X @ np.array([1.5, -2.0, 0.5]) + 3.0 + rng.normal(scale=1.0, size=n)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


_TOY = _toy_regression(30, 10, seed=0)
_TOY_SMALL = _toy_regression(12, 8, seed=1)

register(Question(
    id="validation_curve",
    title="validation_mse",
    names=("validation_mse",),
    cases=(
        Case("four alphas", (np.array([0.01, 1.0, 10.0, 100.0]), *_TOY)),
        Case("alphas as a list", ([0.1, 3.0, 30.0], *_TOY)),
        Case("one alpha", (np.array([5.0]), *_TOY)),
        Case("huge alphas (predict the mean)", (np.array([1e4, 1e6]), *_TOY)),
        Case("another data set", (np.array([0.5, 5.0, 50.0]), *_TOY_SMALL)),
    ),
    reference=_reference_validation,
    rtol=1e-6,
    hints=(
        Hint(_curve_shape, "return one validation MSE per alpha, in the order of `alphas` "
                           "(a 1-D array)."),
        Hint(_training_mse, "you measured the error on the training rows: predict X_val and "
                            "compare with y_val."),
        Hint(_one_model, "every alpha gives the same error: fit a new Ridge(alpha=a) inside "
                         "the loop, for every alpha."),
        Hint(_rmse, "return the MSE (mean of squared errors), not its square root."),
        Hint(_r2, "model.score returns R², not the MSE: compute np.mean((pred - y_val)**2)."),
        Hint(_curve_sum, "did you average over the validation samples? The MSE is a mean."),
    ),
    default_hint="for each alpha: model = Ridge(alpha=alpha).fit(X_train, y_train), then "
                 "np.mean((model.predict(X_val) - y_val) ** 2).",
))


# ----------------------------------------------------------------------------- best_alpha
def _reference_best():
    curve = _reference_validation(ALPHAS, *diabetes_split())
    best = int(np.argmin(curve))
    return float(ALPHAS[best]), float(curve[best])


def _alpha_of(r):
    return float(np.asarray(r[0], dtype=float))


def _not_in_grid(c, r, e):
    return not np.any(np.isclose(_alpha_of(r), ALPHAS, rtol=1e-9))


def _by_training(c, r, e):
    X_train, y_train, _, _ = diabetes_split()
    train = _reference_validation(ALPHAS, X_train, y_train, X_train, y_train)
    return np.isclose(_alpha_of(r), ALPHAS[np.argmin(train)], rtol=1e-9)


def _argmax(c, r, e):
    curve = _reference_validation(ALPHAS, *diabetes_split())
    return np.isclose(_alpha_of(r), ALPHAS[np.argmax(curve)], rtol=1e-9)


def _mse_mismatch(c, r, e):
    return np.isclose(_alpha_of(r), e[0], rtol=1e-9)


register(Question(
    id="best_alpha",
    title="best_alpha",
    names=("best_alpha", "best_val_mse"),
    kind="value",
    reference=_reference_best,
    rtol=1e-6,
    hints=(
        Hint(_not_in_grid, "best_alpha must be one of the alphas of the grid `alphas`."),
        Hint(_by_training, "that alpha has the lowest TRAINING error (or is simply the first): "
                           "choose the alpha with the smallest VALIDATION MSE."),
        Hint(_argmax, "that alpha has the LARGEST validation MSE: use np.argmin."),
        Hint(_mse_mismatch, "best_alpha is right; best_val_mse is the validation MSE at that "
                            "alpha (the minimum of your curve)."),
    ),
    default_hint="val = validation_mse(alphas, X_train, y_train, X_val, y_val); "
                 "i = np.argmin(val); best_alpha, best_val_mse = alphas[i], val[i].",
))
