"""Beginner answers to exercise 10 (choosing a loss), checked in process (no notebook run).

Right answers in other styles (other exact MAE solvers, other solvers of the logistic regression,
class weights computed by scikit-learn, letters written as "b." or "B) ...") must pass; the
plausible wrong ones must fail with a hint that names their mistake, in particular a Huber fit
where the MAE line is asked for (it used to pass ``slope_gap``) and a threshold hard-coded from
the text (it used to pass ``balanced_threshold``).
"""

import textwrap

import numpy as np
import pytest

from lossedu.checks import run_check

SETUP = '''
from sklearn.linear_model import LinearRegression, LogisticRegression, QuantileRegressor
from lossedu.checks.ex10 import outlier_data, imbalanced_data
x, y = outlier_data()
X_train, y_train, X_test, y_test = imbalanced_data()
'''
LP = '''
from scipy.optimize import linprog
n = len(x)
A = np.c_[x, np.ones(n), np.eye(n), -np.eye(n)]
res = linprog(np.r_[0, 0, np.ones(2 * n)], A_eq=A, b_eq=y,
              bounds=[(None, None)] * 2 + [(0, None)] * (2 * n))
slope_gap = float(np.polyfit(x, y, 1)[0] - res.x[0])
'''
IRLS = '''
A = np.c_[x, np.ones_like(x)]
w = np.ones_like(x)
for _ in range({steps}):
    s = np.sqrt(w)
    beta = np.linalg.lstsq(A * s[:, None], y * s, rcond=None)[0]
    w = 1 / np.maximum(np.abs(y - A @ beta), 1e-8)
slope_gap = float(np.polyfit(x, y, 1)[0] - beta[0])
'''
NELDER_MEAD = '''
from scipy.optimize import minimize
fit = minimize(lambda p: np.mean(np.abs(y - p[0] * x - p[1])), [0.0, 0.0], method="{method}")
slope_gap = float(np.polyfit(x, y, 1)[0] - fit.x[0])
'''
RECALL = '''
from sklearn.metrics import recall_score
plain = LogisticRegression(C=1.0, solver="{solver}").fit(X_train, y_train)
weighted = LogisticRegression(C=1.0, solver="{solver}", class_weight="balanced")
weighted.fit(X_train, y_train)
recall_gain = (recall_score(y_test, weighted.predict(X_test))
               - recall_score(y_test, plain.predict(X_test)))
'''


def _line(question, code):
    namespace = {"np": np}
    exec(textwrap.dedent(SETUP), namespace)
    exec(textwrap.dedent(code), namespace)
    return run_check(question, namespace).line


RIGHT = [
    ("slope_gap", "slope_gap = LinearRegression().fit(x[:, None], y).coef_[0] - "
                  "QuantileRegressor(quantile=0.5, alpha=0).fit(x[:, None], y).coef_[0]"),
    ("slope_gap", LP),
    ("slope_gap", IRLS.format(steps=200)),
    ("slope_gap", NELDER_MEAD.format(method="Nelder-Mead")),
    ("slope_gap", NELDER_MEAD.format(method="Powell")),
    ("recall_gain", RECALL.format(solver="lbfgs")),
    ("recall_gain", RECALL.format(solver="liblinear")),
    ("recall_gain", RECALL.format(solver="newton-cholesky")),
    ("balanced_threshold", "def balanced_threshold(y):\n    return sum(y) / len(y)"),
    ("balanced_threshold", '''
from sklearn.utils.class_weight import compute_class_weight
def balanced_threshold(y):
    c = compute_class_weight("balanced", classes=np.array([0, 1]), y=np.asarray(y))
    return c[0] / (c[0] + c[1])
'''),
    ("class1_weight", "def class1_weight(t):\n    return 1 / t - 1"),
    ("hinge_mean", "def hinge_mean(y, z):\n    return sum(max(0.0, 1 - (2 * a - 1) * b) "
                   "for a, b in zip(y, z)) / len(y)"),
    ("scenario_glitch", 'scenario_glitch = "b."'),
    ("scenario_glitch", 'scenario_glitch = "B) Huber or MAE"'),
]

WRONG = [
    ("slope_gap", "from sklearn.linear_model import HuberRegressor\n"
                  "slope_gap = np.polyfit(x, y, 1)[0]"
                  " - HuberRegressor().fit(x[:, None], y).coef_[0]",
     "a Huber fit is not MAE"),
    ("slope_gap", IRLS.format(steps=10), "can stop before the kink"),
    ("slope_gap", NELDER_MEAD.format(method="L-BFGS-B"), "can stop before the kink"),
    ("slope_gap", "slope_gap = np.polyfit(x, y, 1)[1] - QuantileRegressor(quantile=0.5, alpha=0)"
                  ".fit(x[:, None], y).intercept_", "difference of the intercepts"),
    ("balanced_threshold", "def balanced_threshold(y):\n    return 0.06",
     "same number for every label set"),
    ("balanced_threshold", "def balanced_threshold(y):\n    return (y == 1).sum() / len(y)",
     "y == 1 is a single False"),
    ("recall_gain", RECALL.format(solver="lbfgs") + "recall_gain *= 100", "percentage"),
    ("hinge_mean", "def hinge_mean(y, z):\n    y, z = np.asarray(y), np.asarray(z)\n"
                   "    return np.mean(max(0, 1 - (2 * y - 1) * z))", "Python's max"),
    ("scenario_glitch", 'scenario_glitch = "A or B"', "one letter in quotes"),
]


@pytest.mark.parametrize("question, code", RIGHT)
def test_right_answer_passes(question, code):
    line = _line(question, code)
    assert line.startswith("✓"), line


@pytest.mark.parametrize("question, code, hint", WRONG)
def test_wrong_answer_gets_its_hint(question, code, hint):
    line = _line(question, code)
    assert line.startswith("✗"), line
    assert hint in line, line
