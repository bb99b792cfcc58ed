"""Beginner answers to exercises 03-05, checked in process (no notebook run).

Every right answer below is written in a style other than the solution's (a loop, lists, float32,
np.where, scipy, another correct formula) and must pass; the wrong ones must fail with a hint
that names their mistake. A wrong letter in a choice question must not be told the right letter.
"""

import textwrap

import numpy as np
import pytest

from lossedu.checks import run_check

DATA_03 = '''
from lossedu.data import make_linear
x, y = make_linear(n=20, slope=2.0, intercept=1.0, noise=1.0, seed=0)
X = x.reshape(-1, 1)
A = np.c_[x, np.ones_like(x)]
mu_min, mu_max = np.linalg.eigvalsh(2 * A.T @ A / len(x))
'''
STEP = '''
def gradient_step(w, b, X, y, lr):
    X = np.asarray(X, float); y = np.asarray(y, float).ravel(); w = np.asarray(w, float).ravel()
    r = y - X @ w - b
    return w + lr * 2 * (X.T @ r) / len(y), float(b + lr * 2 * r.mean())
'''
CLIP_05 = '''
from lossedu import losses
y_clip = np.array([1, 0, 1, 0, 1, 0, 1, 0, 1, 0])
z_clip = np.array([4.0, -2.5, 25.0, -1.2, -0.7, 3.0, -12.0, 20.0, -45.0, 60.0])
'''


def _line(question, code, setup=""):
    namespace = {"np": np}
    exec(textwrap.dedent(setup), namespace)
    exec(textwrap.dedent(code), namespace)
    return run_check(question, namespace).line


RIGHT = [
    ("gd_step", '''
def gradient_step(w, b, X, y, lr):
    X = np.array(X, dtype=np.float64); y = np.array(y, float).reshape(-1); w = np.array(w, float)
    gw, gb = np.zeros_like(w), 0.0
    for i in range(len(y)):
        r = y[i] - (X[i] @ w + b)
        gw += -2 * r * X[i] / len(y); gb += -2 * r / len(y)
    return list(w - lr * gw), b - lr * gb
''', ""),
    ("gd_fit", '''
def fit(X, y, lr, n_steps):
    X = np.asarray(X, float); w, b, t = np.zeros(X.shape[1]), 0, 0
    while t < n_steps:
        w, b = gradient_step(w, b, X, y, lr); t += 1
    return w, b
''', STEP),
    ("gd_curvature", '''
h11, h22, h12 = 2 * np.mean(x**2), 2.0, 2 * np.mean(x)
m, s = (h11 + h22) / 2, np.sqrt(((h11 - h22) / 2) ** 2 + h12**2)
mu_max, mu_min = np.float32(m + s), round(m - s, 4)
''', DATA_03),
    ("gd_learning_rates", "lr_max = 2 / mu_max; lr_best = 2 / (mu_min + mu_max)", DATA_03),
    ("gd_oscillation", "oscillation_choice = ' (b) '", ""),
    ("huber_line_grad", '''
def huber_line_grad(w, b, x, y, delta):
    gw = gb = 0.0
    for xi, yi in zip(x, y):
        r = yi - w * xi - b
        d = r if abs(r) < delta else delta * np.sign(r)
        gw -= d * xi; gb -= d
    return np.array([gw, gb]) / len(x)
''', ""),
    ("bce_logits", '''
def bce_with_logits(y, z):
    y, z = np.ravel(y), np.ravel(z)
    return np.mean(np.where(y == 1, np.logaddexp(0, -z), np.logaddexp(0, z)))
''', ""),
    ("softmax", '''
def softmax(z):
    z = np.asarray(z)
    e = np.exp(z - z.max(axis=-1)[:, None]); return e / e.sum(-1)[:, None]
''', ""),
    ("softmax_ce", '''
def softmax_cross_entropy(y, z):
    from scipy.special import logsumexp
    y = np.asarray(y).ravel().astype(int); z = np.asarray(z, float)
    return np.mean(logsumexp(z, axis=1) - z[np.arange(len(y)), y])
''', ""),
    ("softmax_ce_grad", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).ravel().astype(int); z = np.asarray(z, float)
    e = np.exp(z - z.max(1, keepdims=True)); g = e / e.sum(1, keepdims=True)
    g[np.arange(len(y)), y] -= 1
    return (g / len(y)).astype(np.float32).tolist()
''', ""),
    ("logistic_grad", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, float); w = np.asarray(w, float).ravel(); t = np.asarray(y_pm, float).ravel()
    s = -t * sigmoid(-t * (X @ w + b)) / len(t)
    return list(X.T @ s + 2 * lam * w), s.sum()
''', "from lossedu.losses import sigmoid"),
    ("separable", "separable_answer = 'B.'", ""),
    ("logloss_threshold", '''
def prob_at_loss(loss, base=np.e):
    return np.exp(-np.asarray(loss, float) * np.log(base))
''', ""),
    ("logit_at_loss", '''
def logit_at_loss(loss):
    L = np.asarray(loss, float)
    with np.errstate(over="ignore"):
        return np.where(L > 30, -L, -np.log(np.expm1(np.minimum(L, 30))))
''', ""),
    ("chance_baseline", '''
def chance_log_loss(k, base=np.e):
    return -np.log(1 / np.asarray(k)) / np.log(base)
''', ""),
    ("constant_predictor", '''
def constant_log_loss(y):
    _, counts = np.unique(y, return_counts=True)
    f = counts / counts.sum()
    return -(f * np.log(f)).sum()
''', ""),
    ("perplexity", '''
def perplexity(y, p):
    y = np.asarray(y).astype(int); p = np.asarray(p, float)
    return 2 ** np.mean(-np.log2(p[np.arange(len(y)), y]))
''', ""),
    ("clipped_vs_logits", '''
from sklearn.metrics import log_loss
loss_logits = float(np.mean(np.logaddexp(0, -(2 * y_clip - 1) * z_clip)))
loss_clipped = log_loss(y_clip, losses.sigmoid(z_clip).astype(np.float32))
n_zero_grad = np.int64(3)
''', CLIP_05),
    ("baseline_choice", "baseline_answer = 'c.'", ""),
    ("calibration_choice", "calibration_answer = ' C '", ""),
]


@pytest.mark.parametrize("question, code, setup", RIGHT, ids=[r[0] for r in RIGHT])
def test_right_answers_in_other_styles_pass(question, code, setup):
    assert _line(question, code, setup).startswith("✓"), _line(question, code, setup)


WRONG = [
    ("gd_step", '''
def gradient_step(w, b, X, y, lr):
    X = np.asarray(X, float); y = np.asarray(y, float).ravel(); w = np.asarray(w, float).ravel()
    r = y - X @ w
    return w + lr * 2 * (X.T @ r) / len(y), b + lr * 2 * r.mean()
''', "", "leaves out the intercept"),
    ("gd_fit", '''
def fit(X, y, lr, n_steps):
    w, b = np.zeros(np.shape(X)[1]), 0.0
    for _ in range(n_steps):
        w, b = gradient_step(w, b, X, y, lr)
        return w, b
''', STEP, "returned after the first step"),
    ("gd_curvature", '''
ev = np.linalg.eigvalsh(2 * A @ A.T / len(x)); mu_max, mu_min = ev[-1], ev[0]
''', DATA_03, "your mu_min is 0"),
    ("gd_curvature", "mu_min, mu_max = np.linalg.eigvalsh(2 * A.T @ A / (len(x) - 1))", DATA_03,
     "n - 1"),
    ("huber_line_grad", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b); d = np.clip(r, -1, 1)
    return -np.mean(d * x), -np.mean(d)
''', "", "at |r| = 1"),
    ("huber_line_grad", '''
def huber_line_grad(w, b, x, y, delta):
    r = y - (w * x + b); d = np.clip(r, -delta, delta)
    return -np.mean(d) * np.mean(x), -np.mean(d)
''', "", "not the mean of x"),
    ("bce_logits", '''
def bce_with_logits(y, z):
    y, z = np.ravel(y).astype(float), np.ravel(z).astype(float)
    return np.mean(np.maximum(z, 0) + y * z + np.log1p(np.exp(-np.abs(z))))
''', "", "sign of the y*z term"),
    ("bce_logits", '''
def bce_with_logits(y, z):
    y, z = np.ravel(y).astype(float), np.ravel(z).astype(float)
    return np.mean(np.logaddexp(0, z) - y * z)  # exact on paper, cancels a tiny loss
''', "", "cancels the tiny part away"),
    ("softmax_ce", '''
def softmax_cross_entropy(y, z):
    from scipy.special import log_softmax
    y = np.asarray(y).ravel().astype(int)
    return -np.mean(log_softmax(np.asarray(z, float), axis=1)[:, y])
''', "", "z[:, y] picks whole columns"),
    ("softmax_ce_grad", '''
def softmax_ce_grad(y, z):
    y = np.asarray(y).ravel().astype(int); z = np.asarray(z, float)
    e = np.exp(z - z.max(1, keepdims=True)); p = e / e.sum(1, keepdims=True)
    return (p - np.eye(z.shape[1])[y]) * p * (1 - p) / len(y)
''', "", "p(1 - p)"),
    ("logistic_grad", '''
def logistic_grad(w, b, X, y_pm, lam):
    X = np.asarray(X, float); w = np.asarray(w, float).ravel(); t = np.asarray(y_pm, float).ravel()
    s = (sigmoid(X @ w + b) - (t + 1) / 2) / len(t)
    return X.T @ s + 2 * lam * w / len(t), s.sum()
''', "from lossedu.losses import sigmoid", "divided the penalty's gradient by n"),
    ("logit_at_loss", '''
def logit_at_loss(loss):
    p = np.exp(-np.asarray(loss, float))
    with np.errstate(divide="ignore"):
        return np.log(p / (1 - p))
''', "", "underflows to 0"),
    ("constant_predictor", '''
def constant_log_loss(y):
    f = np.mean(np.asarray(y, float))
    with np.errstate(all="ignore"):
        return -(f * np.log(f) + (1 - f) * np.log(1 - f))
''', "", "more than two classes"),
    ("perplexity", '''
def perplexity(y, p):
    return float(np.exp(-np.mean(np.log(np.asarray(p, float)))))
''', "", "more than one probability per example"),
    ("clipped_vs_logits", '''
loss_logits = losses.binary_cross_entropy_with_logits(y_clip, z_clip)
loss_clipped = losses.binary_cross_entropy(y_clip, np.clip(losses.sigmoid(z_clip), 1e-7, 1 - 1e-7))
n_zero_grad = 3
''', CLIP_05, "clipped at 1e-7"),
]


@pytest.mark.parametrize("question, code, setup, hint", WRONG,
                         ids=[f"{w[0]}-{w[3][:20]}" for w in WRONG])
def test_beginner_mistakes_get_their_hint(question, code, setup, hint):
    line = _line(question, code, setup)
    assert line.startswith("✗") and hint in line, line


@pytest.mark.parametrize("question, name, wrong, right", [
    ("baseline_choice", "baseline_answer", "a", "c"),
    ("calibration_choice", "calibration_answer", "b", "c"),
    ("separable", "separable_answer", "a", "b"),
    ("gd_oscillation", "oscillation_choice", "A", "B"),
])
def test_a_wrong_choice_is_not_told_the_right_letter(question, name, wrong, right):
    line = _line(question, f"{name} = {wrong!r}")
    assert line.startswith("✗")
    assert f"'{right}'" not in line and f'"{right}"' not in line, line
