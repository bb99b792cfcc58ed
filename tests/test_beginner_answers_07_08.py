"""Beginner answers to exercises 07 and 08, checked in process (no notebook run).

The mutant suite (tests/mutants/ex07.py, ex08.py) proves that wrong answers fail with their hint.
This file proves the other half: right answers written in another style than the solution's
(np.where, np.clip, masks, loops, float32, Python lists, KFold, pooled predictions, a
neighbouring alpha of the band, shuffled folds in part 3, letters written as "B." or "(b)") pass.
"""

import textwrap

import numpy as np
import pytest
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, cross_val_score

from lossedu.checks import ex08, run_check


def _line(question, code, **extra):
    namespace = dict(np=np, Ridge=Ridge, KFold=KFold, cross_val_score=cross_val_score, **extra)
    exec(textwrap.dedent(code), namespace)
    return run_check(question, namespace).line


def _body(name, args, expression):
    return f"def {name}({args}):\n    return {expression}\n"


SOFT = {
    "sign times max": "np.sign(np.asarray(a, float)) "
                      "* np.maximum(np.abs(np.asarray(a, float)) - lam, 0)",
    "nested where": "np.where(np.asarray(a, float) > lam, np.asarray(a, float) - lam, "
                    "np.where(np.asarray(a, float) < -lam, np.asarray(a, float) + lam, 0.0))",
    "minus clip": "np.asarray(a, float) - np.clip(np.asarray(a, float), -lam, lam)",
    "float32 kept": "np.sign(np.asarray(a)) * np.maximum(np.abs(np.asarray(a)) - lam, 0)",
    "maximum plus minimum": "np.maximum(np.asarray(a, float) - lam, 0) "
                            "+ np.minimum(np.asarray(a, float) + lam, 0)",
    "vectorized scalar rule": "np.vectorize(lambda x: x - lam if x > lam else "
                              "(x + lam if x < -lam else 0.0))(np.asarray(a, float))",
}


@pytest.mark.parametrize("style", list(SOFT))
def test_soft_threshold_right_answers_pass(style):
    line = _line("soft_threshold", _body("soft_threshold", "a, lam", SOFT[style]))
    assert line.startswith("✓"), line


@pytest.mark.parametrize("style", list(SOFT))
def test_lasso_weight_right_answers_pass(style):
    # the same rule at lam / 2, written by calling a helper as a learner would
    code = _body("_soft", "a, lam", SOFT[style]) + _body("lasso_weight", "a, lam",
                                                        "_soft(a, lam / 2)")
    line = _line("lasso_weight", code)
    assert line.startswith("✓"), line


def test_soft_threshold_with_masks_passes():
    line = _line("soft_threshold", '''
    def soft_threshold(a, lam):
        a = np.array(a, dtype=float)
        out = np.zeros_like(a)
        out[a > lam] = a[a > lam] - lam
        out[a < -lam] = a[a < -lam] + lam
        return out
    ''')
    assert line.startswith("✓"), line


@pytest.mark.parametrize("expression", [
    "noise_scale**2 / (n * prior_scale**2)",
    "(noise_scale * noise_scale) / (prior_scale * prior_scale) / n",
    "(noise_scale / prior_scale) ** 2 / n",
    "float(np.float32(noise_scale**2 / (n * prior_scale**2)))",
])
def test_map_lam_right_answers_pass(expression):
    line = _line("map_lam", _body("map_lam", "n, noise_scale, prior_scale", expression))
    assert line.startswith("✓"), line


@pytest.mark.parametrize("expression", [
    "lam * np.linalg.norm(np.asarray(w, float)) ** 2",
    "lam * np.sum(np.asarray(w) ** 2)",
    "lam * sum(x * x for x in np.ravel(w))",
    "lam * np.vdot(w, w)",
])
def test_l2_penalty_right_answers_pass(expression):
    line = _line("l2_penalty", _body("l2_penalty", "w, lam", expression))
    assert line.startswith("✓"), line


@pytest.mark.parametrize("letter", ["b", "B", " b ", "(b)", "b)", "b.", "B:"])
def test_zeros_choice_accepts_every_way_of_writing_b(letter):
    assert run_check("zeros_choice", {"zeros_answer": letter}).line.startswith("✓")


@pytest.mark.parametrize("wrong", ["a", "c", "d"])
def test_zeros_choice_never_names_the_right_letter(wrong):
    line = run_check("zeros_choice", {"zeros_answer": wrong}).line
    assert line.startswith("✗") and "'b'" not in line, line


ISTA = '''
def ista_step(w, b, X, y, lam, eta):
    w = np.asarray(w, float)
    n = len(y)
    r = y - X @ w - b
    gw = {gw}
    gb = {gb}
    v = w - eta * gw
    return {ret}
'''


@pytest.mark.parametrize("gw, gb, ret", [
    ("-2 / n * X.T @ r", "-2 / n * r.sum()",
     "np.sign(v) * np.maximum(np.abs(v) - eta * lam, 0), b - eta * gb"),
    ("-2 * np.mean(X * r[:, None], axis=0)", "-2 * np.mean(r)",
     "np.sign(v) * np.maximum(np.abs(v) - eta * lam, 0), b - eta * gb"),
    ("-2 / n * (r @ X)", "-2 / n * r.sum()",
     "[np.where(v > eta * lam, v - eta * lam, np.where(v < -eta * lam, v + eta * lam, 0.0)), "
     "b - eta * gb]"),
], ids=["matrix form", "mean form", "where, list returned"])
def test_ista_step_right_answers_pass(gw, gb, ret):
    line = _line("ista_step", ISTA.format(gw=gw, gb=gb, ret=ret))
    assert line.startswith("✓"), line


@pytest.mark.parametrize("code", [
    '''
    def cv_mse(alpha, X, y, n_folds):
        scores = []
        for train, test in KFold(n_folds).split(X):
            model = Ridge(alpha=alpha).fit(X[train], y[train])
            scores.append(np.mean((y[test] - model.predict(X[test])) ** 2))
        return np.mean(scores)
    ''',
    '''
    def cv_mse(alpha, X, y, n_folds):
        n = len(y)
        pred = np.empty(n)
        for fold in np.array_split(np.arange(n), n_folds):
            keep = np.ones(n, bool)
            keep[fold] = False
            pred[fold] = Ridge(alpha=alpha).fit(X[keep], y[keep]).predict(X[fold])
        return np.mean((y - pred) ** 2)
    ''',
    '''
    def cv_mse(alpha, X, y, n_splits):  # another parameter name: the check calls positionally
        return -cross_val_score(Ridge(alpha=alpha), X, y, cv=n_splits,
                                scoring="neg_mean_squared_error").mean()
    ''',
], ids=["KFold", "pooled held-out predictions", "cross_val_score"])
def test_cv_mse_right_answers_pass(code):
    line = _line("cv_mse", code)
    assert line.startswith("✓"), line


def _test_mse(alpha):
    X_train, y_train, X_test, y_test = ex08.poly_diabetes()
    model = Ridge(alpha=float(alpha)).fit(X_train, y_train)
    return float(np.mean((y_test - model.predict(X_test)) ** 2))


def test_cv_choice_accepts_the_band_and_other_folds():
    cv, _, _ = ex08._curves()
    band = np.flatnonzero(cv <= ex08.CV_TOLERANCE * cv.min())
    assert band.size >= 2  # a neighbour of the best alpha is accepted too
    for i in band:
        for test_mse in (_test_mse(ex08.ALPHAS[i]), np.float32(_test_mse(ex08.ALPHAS[i]))):
            line = run_check("cv_choice", {"best_alpha": ex08.ALPHAS[i], "test_mse": test_mse}).line
            assert line.startswith("✓"), line
    # shuffled folds (any seed) or another number of folds choose an alpha inside the band
    X_train, y_train, _, _ = ex08.poly_diabetes()
    for folds in (KFold(5, shuffle=True, random_state=3), KFold(10), KFold(3)):
        scores = [-cross_val_score(Ridge(alpha=a), X_train, y_train, cv=folds,
                                   scoring="neg_mean_squared_error").mean() for a in ex08.ALPHAS]
        alpha = ex08.ALPHAS[int(np.argmin(scores))]
        line = run_check("cv_choice", {"best_alpha": alpha, "test_mse": _test_mse(alpha)}).line
        assert line.startswith("✓"), line


def test_cv_choice_and_textbook_never_print_the_numbers():
    cv, test, _ = ex08._curves()
    best = int(np.argmin(cv))
    line = run_check("cv_choice", {"best_alpha": ex08.ALPHAS[0], "test_mse": 1.0}).line
    assert f"{ex08.ALPHAS[best]:.4g}" not in line and f"{test[best]:.6g}" not in line, line
    line = run_check("textbook_lam", {"textbook_lam": 1.0, "textbook_alpha": 1.0}).line
    assert "0.016" not in line and line.startswith("✗"), line


@pytest.mark.parametrize("lam, alpha", [(0.016, 4), (4 / 250, 4.0), (np.float32(0.016), 4.0),
                                        (2 / 125, 250 * 4 / 250)])
def test_textbook_right_answers_pass(lam, alpha):
    line = run_check("textbook_lam", {"textbook_lam": lam, "textbook_alpha": alpha}).line
    assert line.startswith("✓"), line
