"""Questions of exercise 08 (regularization in practice: proximal steps, cross-validation).

* ``ista_step`` (derivation): ``ista_step(w, b, X, y, lam, eta)``, one proximal gradient step on
  ``mse(y, X @ w + b) + lam * sum(|w|)``: a gradient step on the MSE for ``w`` and ``b``, then
  soft thresholding of ``w`` by ``eta * lam`` (``b`` is not penalised). Returns
  ``(w_new, b_new)``; rtol 1e-6, atol 1e-9.
* ``cv_mse`` (procedure): ``cv_mse(alpha, X, y, n_folds)``, the mean over ``n_folds``
  contiguous folds (``np.array_split(np.arange(n), n_folds)``) of the held-out MSE of
  ``Ridge(alpha)`` fitted on the other folds; rtol 1e-6.
* ``cv_choice`` (decision): ``best_alpha`` chosen by 5-fold cross-validation on the training
  rows of :func:`poly_diabetes` over :data:`ALPHAS`, and ``test_mse`` of ``Ridge(best_alpha)``
  refitted on all training rows; the diabetes split varies per student (``split_seed``:
  :func:`lossedu.exercise_data.seed` of the notebook's ``VARIANT``, 1 for variant 0). Any
  alpha of the grid whose reference CV MSE is within 2 % of the grid's smallest is accepted
  (shuffled folds or another number of folds give a slightly different curve); ``test_mse``
  is recomputed from the learner's alpha (rtol 1e-6).
* ``textbook_lam`` is the same for everyone: its numbers are in the question's text.
* ``textbook_lam`` (derivation): the course's ``lam`` and ``Ridge``'s ``alpha`` for the textbook
  objective ``(1/(2n)) sum r^2 + (lam'/(2n)) ||w||^2`` with ``lam' = 4``, ``n = 250``.

References: NumPy and scikit-learn (imported only when a check runs).
"""

from functools import cache

import numpy as np

from lossedu import exercise_data
from lossedu.checks._core import Case, Hint, Question, register
from lossedu.checks._core import near as _near

#: the grid of Ridge alphas of ``cv_choice`` (the notebook uses the same one)
ALPHAS = np.logspace(-2, 4, 25)
#: the published split of the diabetes data (variant 0)
DIABETES_SEED = 1
#: an alpha is accepted when its reference 5-fold CV MSE is at most this factor times the best
CV_TOLERANCE = 1.02
#: ``textbook_lam``: the textbook strength lam' and the number of examples n
TEXTBOOK_LAM, TEXTBOOK_N = 4.0, 250


# ----------------------------------------------------------------------------- ista_step
def _soft(v, thresh):
    return np.sign(v) * np.maximum(np.abs(v) - thresh, 0.0)


def _grads(w, b, X, y, factor=2.0, mean=True):
    w, X, y = np.asarray(w, float), np.asarray(X, float), np.asarray(y, float)
    r = y - (X @ w + b)
    scale = factor / (len(y) if mean else 1.0)
    return -scale * (X.T @ r), -scale * float(np.sum(r))


def ista_reference(w, b, X, y, lam, eta):
    """One proximal gradient (ISTA) step on mse + lam ||w||_1; the intercept is not penalised."""
    gw, gb = _grads(w, b, X, y)
    w = np.asarray(w, float)
    return _soft(w - eta * gw, eta * lam), float(b) - eta * gb


def _pair(r):
    w_new, b_new = r
    return np.asarray(w_new, float), float(np.asarray(b_new, float))


def _w_near(r, w_expected):
    return _near(_pair(r)[0], w_expected)


def _not_pair(c, r, e):
    return not (isinstance(r, tuple | list) and len(r) == 2)


def _subgradient(c, r, e):
    w, b, X, y, lam, eta = c.args
    gw, _ = _grads(w, b, X, y)
    return _w_near(r, np.asarray(w, float) - eta * (gw + lam * np.sign(w)))


def _threshold_lam(c, r, e):
    w, b, X, y, lam, eta = c.args
    gw, _ = _grads(w, b, X, y)
    return _w_near(r, _soft(np.asarray(w, float) - eta * gw, lam)) and not _w_near(r, e[0])


def _b_penalised(c, r, e):
    w, b, X, y, lam, eta = c.args
    _, gb = _grads(w, b, X, y)
    return (_w_near(r, e[0]) and _near(_pair(r)[1], _soft(b - eta * gb, eta * lam))
            and not _near(_pair(r)[1], e[1]))


def _b_not_updated(c, r, e):
    w, b, X, y, lam, eta = c.args
    return _w_near(r, e[0]) and _near(_pair(r)[1], b) and not _near(_pair(r)[1], e[1])


def _variant(factor, mean):
    def when(c, r, e):
        w, b, X, y, lam, eta = c.args
        gw, gb = _grads(w, b, X, y, factor=factor, mean=mean)
        return (_w_near(r, _soft(np.asarray(w, float) - eta * gw, eta * lam))
                and not _w_near(r, e[0]))
    return when


def _uphill(c, r, e):
    w, b, X, y, lam, eta = c.args
    gw, _ = _grads(w, b, X, y)
    return _w_near(r, _soft(np.asarray(w, float) + eta * gw, eta * lam))


def _prox_first(c, r, e):
    w, b, X, y, lam, eta = c.args
    gw, _ = _grads(w, b, X, y)
    return _w_near(r, _soft(np.asarray(w, float), eta * lam) - eta * gw) and not _w_near(r, e[0])


def _threshold_other(c, r, e):
    """w_new is soft(v, thresh) for the right v but a thresh other than eta * lam (and lam)."""
    w, b, X, y, lam, eta = c.args
    gw, _ = _grads(w, b, X, y)
    v = np.asarray(w, float) - eta * gw
    w_new = _pair(r)[0]
    if w_new.shape != v.shape:
        return False
    moved = w_new != 0
    if not moved.any():
        return False
    thresh = float(np.median(np.abs(v[moved]) - np.abs(w_new[moved])))
    return (thresh > 0 and _w_near(r, _soft(v, thresh)) and not _near(thresh, eta * lam)
            and not _near(thresh, lam))


def _hard_threshold(c, r, e):
    w, b, X, y, lam, eta = c.args
    gw, _ = _grads(w, b, X, y)
    v = np.asarray(w, float) - eta * gw
    return _w_near(r, np.where(np.abs(v) > eta * lam, v, 0.0)) and not _w_near(r, e[0])


def _residual_without_b(c, r, e):
    w, b, X, y, lam, eta = c.args
    gw, _ = _grads(w, 0.0, X, y)
    return (_w_near(r, _soft(np.asarray(w, float) - eta * gw, eta * lam))
            and not _w_near(r, e[0]))


def _b_wrong(c, r, e):
    return _w_near(r, e[0]) and not _near(_pair(r)[1], e[1])


def _ista_problem(n, d, seed, w_scale=1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w_true = np.where(rng.random(d) < 0.5, 0.0, rng.normal(scale=2.0, size=d))
    y = X @ w_true + 1.0 + rng.normal(scale=0.5, size=n)
    w = rng.normal(scale=w_scale, size=d)
    w[:2] = (0.03, 0.0)  # one weight inside the threshold, one at the kink
    return w, float(rng.normal()), X, y


_P1 = _ista_problem(30, 6, seed=1)
_P2 = _ista_problem(50, 8, seed=2, w_scale=0.05)
_P3 = _ista_problem(20, 3, seed=3)

register(Question(
    id="ista_step",
    title="ista_step",
    names=("ista_step",),
    cases=(
        Case("6 weights, some thresholded to 0", (*_P1, 0.8, 0.1)),
        Case("small weights, strong penalty", (*_P2, 3.0, 0.05)),
        Case("lam = 0 (a plain gradient step)", (*_P3, 0.0, 0.2)),
        Case("weights at exactly 0", (np.zeros(6), 0.0, *_P1[2:], 0.5, 0.1)),
        Case("a huge penalty (every weight 0)", (*_P3, 1e6, 0.1)),
    ),
    reference=ista_reference,
    rtol=1e-6,
    atol=1e-9,
    hints=(
        Hint(_not_pair, "return the pair (w_new, b_new): the new weights (an array shaped like "
                        "w) and the new intercept (a number)."),
        Hint(_subgradient, "that is a subgradient step (lam * sign(w) added to the gradient): it "
                           "does not produce exact zeros. Take the gradient step on the MSE "
                           "alone, then soft-threshold."),
        Hint(_threshold_lam, "the proximal step soft-thresholds by eta * lam (the step size "
                             "times the strength), not by lam."),
        Hint(_threshold_other, "your gradient step is right, but the soft threshold is not "
                               "eta * lam: the minimiser of 0.5 (w_j - v_j)**2 + eta * lam |w_j| "
                               "thresholds at exactly eta * lam (exercise 07, part 3)."),
        Hint(_hard_threshold, "weights beyond the threshold must also move toward 0, by "
                              "eta * lam: that was hard thresholding, not soft."),
        Hint(_residual_without_b, "the prediction includes the intercept: the residuals are "
                                  "y - (X @ w + b)."),
        Hint(_uphill, "your step goes uphill: subtract eta times the gradient."),
        Hint(_prox_first, "first the gradient step on the MSE, then soft-threshold its result "
                          "(not the other way round)."),
        Hint(_variant(1.0, True), "the gradient of the MSE has a factor 2: d/dw of r**2 is "
                                  "2 r dr/dw."),
        Hint(_variant(2.0, False), "the MSE is a mean: its gradient is divided by n."),
        Hint(_b_penalised, "the intercept is not penalised: update b by a plain gradient step, "
                           "without soft thresholding."),
        Hint(_b_not_updated, "update the intercept too: b minus eta times d MSE / d b."),
        Hint(_b_wrong, "w_new is right, b_new is not: derive d MSE / d b like d MSE / d w_j "
                       "(the same factor 2 and 1/n, with 1 in place of the feature), and step "
                       "downhill."),
    ),
    default_hint="check the order of the step: a gradient step on the MSE alone (derive the "
                 "gradient with respect to w and to b), then soft thresholding of the weights "
                 "only, by eta * lam (lecture 08, section 5).",
))


# ----------------------------------------------------------------------------- cv_mse
def _fold_mses(alpha, X, y, n_folds, fit_rows="others", score_rows="fold"):
    from sklearn.linear_model import Ridge

    X, y = np.asarray(X, float), np.asarray(y, float)
    n = len(y)
    out = []
    for fold in np.array_split(np.arange(n), int(n_folds)):
        others = np.setdiff1d(np.arange(n), fold)
        fit = {"others": others, "all": np.arange(n)}[fit_rows]
        score = {"fold": fold, "others": others, "all": np.arange(n)}[score_rows]
        model = Ridge(alpha=float(alpha)).fit(X[fit], y[fit])
        out.append(float(np.mean((y[score] - model.predict(X[score])) ** 2)))
    return np.array(out)


def cv_mse_reference(alpha, X, y, n_folds):
    """Mean over n_folds contiguous folds of the held-out MSE of Ridge(alpha) fitted on the rest."""
    return float(np.mean(_fold_mses(alpha, X, y, n_folds)))


def _fitted_on_all(c, r, e):
    return (_near(r, np.mean(_fold_mses(*c.args, fit_rows="all")))
            or _near(r, np.mean(_fold_mses(*c.args, fit_rows="all", score_rows="all"))))


def _scored_on_training(c, r, e):
    return _near(r, np.mean(_fold_mses(*c.args, score_rows="others")))


def _one_fold(c, r, e):
    folds = _fold_mses(*c.args)
    return any(_near(r, f) for f in folds) and not _near(r, e)


def _cv_rmse(c, r, e):
    folds = _fold_mses(*c.args)
    return _near(r, np.mean(np.sqrt(folds))) or _near(r, np.sqrt(e))


def _cv_sum(c, r, e):
    folds = _fold_mses(*c.args)
    n, n_folds = len(c.args[2]), int(c.args[3])
    return (_near(r, np.sum(folds)) or _near(r, np.mean(folds) * n / n_folds)
            or _near(r, e * n))


def _not_number(c, r, e):
    return np.size(r) != 1


def _folds_of_n_folds_rows(c, r, e):
    from sklearn.linear_model import Ridge

    alpha, X, y, n_folds = c.args
    X, y, n, n_folds = np.asarray(X, float), np.asarray(y, float), len(y), int(n_folds)
    out = []
    for start in range(0, n, n_folds):  # folds of n_folds rows each
        fold = np.arange(start, min(start + n_folds, n))
        others = np.setdiff1d(np.arange(n), fold)
        model = Ridge(alpha=float(alpha)).fit(X[others], y[others])
        out.append(float(np.mean((y[fold] - model.predict(X[fold])) ** 2)))
    return _near(r, np.mean(out)) and not _near(r, e)


def _dropped_a_fold(c, r, e):
    folds = _fold_mses(*c.args)
    return (_near(r, np.mean(folds[:-1])) or _near(r, np.mean(folds[1:]))) and not _near(r, e)


def _ignored_alpha(c, r, e):
    alpha, X, y, n_folds = c.args
    return (float(alpha) != 1.0 and _near(r, cv_mse_reference(1.0, X, y, n_folds))
            and not _near(r, e))


def _cv_mae(c, r, e):
    from sklearn.linear_model import Ridge

    alpha, X, y, n_folds = c.args
    X, y, n = np.asarray(X, float), np.asarray(y, float), len(y)
    out = []
    for fold in np.array_split(np.arange(n), int(n_folds)):
        others = np.setdiff1d(np.arange(n), fold)
        model = Ridge(alpha=float(alpha)).fit(X[others], y[others])
        out.append(float(np.mean(np.abs(y[fold] - model.predict(X[fold])))))
    return _near(r, np.mean(out))


def _cv_problem(n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 2.0 + rng.normal(scale=1.0, size=n)
    y[: n // 4] += 1.5  # the folds differ: contiguous and shuffled folds give different MSEs
    return X, y


_C1 = _cv_problem(40, 5, seed=11)
_C2 = _cv_problem(30, 8, seed=12)
_C3 = _cv_problem(60, 4, seed=13)

register(Question(
    id="cv_mse",
    title="cv_mse",
    names=("cv_mse",),
    cases=(
        Case("5 folds of 8 rows", (1.0, *_C1, 5)),
        Case("3 folds, 8 features on 30 rows", (0.1, *_C2, 3)),
        Case("10 folds", (10.0, *_C3, 10)),
        Case("2 folds, a huge alpha", (1e5, *_C1, 2)),
    ),
    reference=cv_mse_reference,
    rtol=1e-6,
    hints=(
        Hint(_not_number, "return one number: the mean of the fold MSEs."),
        Hint(_fitted_on_all, "the model was fitted on rows it is then scored on: for each "
                             "fold, fit on the OTHER folds only."),
        Hint(_scored_on_training, "you scored each model on the rows it was fitted on: score "
                                  "it on its held-out fold."),
        Hint(_one_fold, "that is the MSE of one fold: average over all the folds."),
        Hint(_cv_rmse, "return the MSE (mean of squared errors), not a square root."),
        Hint(_cv_mae, "that is a mean ABSOLUTE error: square the held-out residuals."),
        Hint(_folds_of_n_folds_rows, "you made folds of n_folds rows each; make n_folds folds "
                               "(n / n_folds rows each), as "
                               "np.array_split(np.arange(n), n_folds) does."),
        Hint(_dropped_a_fold, "one fold is missing from your average: every one of the "
                              "folds is held out once (check your range or slice)."),
        Hint(_ignored_alpha, "your result does not depend on alpha: pass it to Ridge(alpha=alpha) "
                             "(Ridge() alone uses alpha = 1)."),
        Hint(_cv_sum, "average: the MSE of a fold is a mean over its rows, and the result a "
                      "mean over the folds."),
    ),
    default_hint="check each step against the question: the folds are contiguous, in the rows' "
                 "order (do not shuffle); each model is fitted on the other folds only and scored "
                 "on its own fold; the result is the mean of the fold MSEs.",
))


# ----------------------------------------------------------------------------- cv_choice
def poly_diabetes(split_seed=DIABETES_SEED):
    """The exercise's data: diabetes (split ``split_seed``: 1 in the published notebook),
    squares and products of the 10 features.

    Returns ``(X_train, y_train, X_test, y_test)`` with 65 standardised features (scaled with
    the training rows' statistics), 331 training and 111 test rows.
    """
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    from lossedu.data import load_diabetes_split

    d = load_diabetes_split(test_size=0.25, seed=split_seed)
    poly, scale = PolynomialFeatures(degree=2, include_bias=False), StandardScaler()
    X_train = scale.fit_transform(poly.fit_transform(d.X_train))
    X_test = scale.transform(poly.transform(d.X_test))
    return X_train, d.y_train, X_test, d.y_test


@cache
def _curves(split_seed=DIABETES_SEED):
    from sklearn.linear_model import Ridge
    from threadpoolctl import threadpool_limits

    X_train, y_train, X_test, y_test = poly_diabetes(split_seed)
    with threadpool_limits(1):  # small fits: one BLAS thread is fastest
        cv = np.array([cv_mse_reference(a, X_train, y_train, 5) for a in ALPHAS])
        test, train = [], []
        for a in ALPHAS:
            model = Ridge(alpha=float(a)).fit(X_train, y_train)
            test.append(float(np.mean((y_test - model.predict(X_test)) ** 2)))
            train.append(float(np.mean((y_train - model.predict(X_train)) ** 2)))
    return cv, np.array(test), np.array(train)


def _choice_case(variant):
    return Case(f"variant {variant}", (exercise_data.seed(variant, DIABETES_SEED),))


def _split(c):
    """The split seed of a judged case."""
    return c.args[0] if c is not None else DIABETES_SEED


def _grid_index(alpha):
    hits = np.flatnonzero(np.isclose(float(alpha), ALPHAS, rtol=1e-9))
    return int(hits[0]) if hits.size else None


def _choice_outcome(case, returned):
    cv, test, _ = _curves(_split(case))  # the expected text never names the answer
    text = ("an alpha of the grid with 5-fold CV MSE within 2% of the smallest, and the test "
            "MSE of Ridge refitted with it on all training rows (relative tolerance 1e-6)")
    alpha, test_mse = returned
    i = _grid_index(np.asarray(alpha, float))
    if i is None or cv[i] > CV_TOLERANCE * cv.min():
        return False, text
    return bool(np.isclose(float(np.asarray(test_mse, float)), test[i], rtol=1e-6)), text


def _alpha_index(r):
    return _grid_index(np.asarray(r[0], float))


def _not_in_grid(c, r, e):
    return _alpha_index(r) is None


def _by_test(c, r, e):
    _, test, _ = _curves(_split(c))
    return _alpha_index(r) == int(np.argmin(test))


def _by_train(c, r, e):
    _, _, train = _curves(_split(c))
    return _alpha_index(r) == int(np.argmin(train))


def _by_argmax(c, r, e):
    cv, _, _ = _curves(_split(c))
    return _alpha_index(r) == int(np.argmax(cv))


def _outside_band(c, r, e):
    cv, _, _ = _curves(_split(c))
    return cv[_alpha_index(r)] > CV_TOLERANCE * cv.min()


def _rounded_grid_value(c, r, e):
    try:
        alpha = float(np.asarray(r[0], float))
    except (TypeError, ValueError):
        return False
    return _grid_index(alpha) is None and bool(np.any(np.isclose(alpha, ALPHAS, rtol=1e-3)))


def _an_index(c, r, e):
    try:
        alpha = float(np.asarray(r[0], float))
    except (TypeError, ValueError):
        return False
    return _grid_index(alpha) is None and alpha == int(alpha) and 0 <= alpha < len(ALPHAS)


def _test_rmse(c, r, e):
    _, test, _ = _curves(_split(c))
    return _near(r[1], np.sqrt(test[_alpha_index(r)]), rtol=1e-4)


def _test_sum(c, r, e):
    _, test, _ = _curves(_split(c))
    n_test = len(poly_diabetes(_split(c))[3])
    return _near(r[1], n_test * test[_alpha_index(r)], rtol=1e-4)


def _fold_model(c, r, e):
    """test_mse of a model fitted on the training rows of one CV fold (not refitted)."""
    from sklearn.linear_model import Ridge

    X_train, y_train, X_test, y_test = poly_diabetes(_split(c))
    alpha = ALPHAS[_alpha_index(r)]
    n = len(y_train)
    for n_folds in (5, 10):
        for fold in np.array_split(np.arange(n), n_folds):
            others = np.setdiff1d(np.arange(n), fold)
            model = Ridge(alpha=float(alpha)).fit(X_train[others], y_train[others])
            if _near(r[1], float(np.mean((y_test - model.predict(X_test)) ** 2)), rtol=1e-4):
                return True
    return False


def _reported_cv(c, r, e):
    cv, _, _ = _curves(_split(c))
    return _near(r[1], cv[_alpha_index(r)], rtol=1e-4)


def _reported_train(c, r, e):
    _, _, train = _curves(_split(c))
    return _near(r[1], train[_alpha_index(r)], rtol=1e-4)


register(Question(
    id="cv_choice",
    title="cv_choice",
    names=("best_alpha", "test_mse"),
    kind="value",
    variant_inputs=_choice_case,
    check_outcome=_choice_outcome,
    hints=(
        Hint(_rounded_grid_value, "best_alpha is a rounded copy of a grid value: take it from "
                                  "the grid itself (alphas[i]), so that test_mse is computed for "
                                  "exactly that alpha."),
        Hint(_an_index, "best_alpha is the strength itself, not its position in the grid: "
                        "alphas[i], not i."),
        Hint(_not_in_grid, "best_alpha must be one of the alphas of the grid `alphas`."),
        Hint(_by_test, "that alpha has the lowest TEST MSE: the test set must not choose. "
                       "Choose by the cross-validation MSE on the training rows."),
        Hint(_by_train, "that alpha has the lowest TRAINING MSE, which always prefers the "
                        "weakest penalty: choose by the cross-validation MSE."),
        Hint(_by_argmax, "that alpha has the LARGEST cross-validation MSE: use np.argmin."),
        Hint(_outside_band, "that alpha's 5-fold CV MSE is more than 2% above the best of the "
                            "grid: compute cv_mse for every alpha and take the smallest."),
        Hint(_reported_cv, "best_alpha is fine; test_mse is the MSE on the TEST rows of the "
                           "model refitted on all training rows, not the CV MSE."),
        Hint(_reported_train, "best_alpha is fine; test_mse is measured on the TEST rows, not "
                              "on the training rows."),
        Hint(_test_rmse, "best_alpha is fine; test_mse is a mean of SQUARED errors (points²): "
                         "no square root."),
        Hint(_test_sum, "best_alpha is fine; test_mse is the MEAN of the squared test errors, "
                        "not their sum."),
        Hint(_fold_model, "best_alpha is fine, but test_mse comes from a model fitted on part of "
                          "the training rows (one CV fold's model): refit Ridge(best_alpha) on "
                          "ALL training rows first."),
    ),
    default_hint="best_alpha is fine if the hints above are silent: refit Ridge(best_alpha) on "
                 "ALL training rows, then test_mse = its MSE on X_test, y_test, computed once.",
))


# ----------------------------------------------------------------------------- textbook_lam
def _textbook_reference():
    return TEXTBOOK_LAM / TEXTBOOK_N, TEXTBOOK_LAM


def _textbook_outcome(case, returned):  # the expected text never names the numbers
    lam, alpha = _textbook_reference()
    try:
        ok = (np.ndim(returned[0]) == 0 and np.ndim(returned[1]) == 0
              and _near(returned[0], lam, rtol=1e-6) and _near(returned[1], alpha, rtol=1e-6))
    except (TypeError, ValueError):
        ok = False
    return bool(ok), ("the course's lam and Ridge's alpha for that objective (relative "
                      "tolerance 1e-6)")


def _lam_is(value):
    def when(c, r, e):
        return _near(r[0], value) and not _near(r[0], _textbook_reference()[0])
    return when


def _alpha_is(value):
    def when(c, r, e):
        lam, alpha = _textbook_reference()
        return _near(r[0], lam) and _near(r[1], value) and not _near(r[1], alpha)
    return when


register(Question(
    id="textbook_lam",
    title="textbook_lam",
    names=("textbook_lam", "textbook_alpha"),
    kind="value",
    check_outcome=_textbook_outcome,
    hints=(
        Hint(_lam_is(TEXTBOOK_LAM / (2 * TEXTBOOK_N)),
             "your lam is half the right one: the 1/2 also sits on the squared error, so "
             "multiply the WHOLE objective by 2 to get the MSE."),
        Hint(_lam_is(TEXTBOOK_LAM / 2), "the textbook divides its penalty by n too (lam'/(2n))."),
        Hint(_lam_is(TEXTBOOK_LAM), "lam' is the textbook's number; the course's lam multiplies "
                                    "||w||^2 next to the MSE: rewrite the objective first."),
        Hint(_lam_is(TEXTBOOK_LAM * TEXTBOOK_N), "too large by n**2: the course's lam is for the "
                                                 "MEAN loss, lam' / n."),
        Hint(_alpha_is(TEXTBOOK_LAM / TEXTBOOK_N), "Ridge's alpha is for a SUM of squared "
                                                   "errors: alpha = n * lam."),
        Hint(_alpha_is(TEXTBOOK_LAM / 2), "multiply the textbook objective by 2n: that gives "
                                          "Ridge's objective; what multiplies ||w||^2 then?"),
        Hint(lambda c, r, e: (_near(r[0], _textbook_reference()[0])
                              and not _near(r[1], _textbook_reference()[1])),
             "your lam is right, your alpha is not: multiply the textbook objective by the "
             "constant that turns (1/(2n)) sum r^2 into the plain sum of squares."),
    ),
    default_hint="multiply the whole textbook objective by the positive constant that turns its "
                 "data term into the MSE (for lam), then by the one that turns it into the SUM "
                 "of squares (for alpha); the same constant multiplies the penalty term.",
))
