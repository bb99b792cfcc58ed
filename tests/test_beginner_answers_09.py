"""Beginner answers to exercise 09, checked in process (no notebook run).

Every right answer below is written in another style than the solution's (loops, lists, np.digitize,
np.histogram, scipy, scikit-learn, grids of other steps) and must pass; every wrong one must fail
with a hint that names its mistake (the text after "|" in the expected hint), never the default.
"""

import textwrap

import numpy as np
import pytest

from lossedu.checks import ex09, run_check
from lossedu.losses import binary_cross_entropy, binary_cross_entropy_with_logits, sigmoid

SOL_ECE = '''
def ece(y_true, p, n_bins=10):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    index = np.minimum((p * n_bins).astype(int), n_bins - 1)
    total = 0.0
    for k in range(n_bins):
        in_bin = index == k
        if in_bin.any():
            total += in_bin.mean() * abs(y_true[in_bin].mean() - p[in_bin].mean())
    return float(total)
'''


def _line(question, code):
    z_val, y_val, z_test, y_test = ex09.calibration_split()
    namespace = dict(np=np, binary_cross_entropy=binary_cross_entropy,
                     binary_cross_entropy_with_logits=binary_cross_entropy_with_logits,
                     sigmoid=sigmoid, y_true=np.array([1, 0, 1, 1, 0, 1, 0, 0]),
                     z_val=z_val, y_val=y_val.astype(int), z_test=z_test,
                     y_test=y_test.astype(int))
    exec(textwrap.dedent(code), namespace)
    return run_check(question, namespace).line


RIGHT = {
"acc_loop": ("accuracy_fn", '''
def accuracy(y_true, p, threshold=0.5):
    y = np.ravel(y_true); q = np.ravel(p)
    right = 0
    for yi, pi in zip(y, q):
        pred = 1 if pi > threshold else 0
        if pred == yi: right += 1
    return right / len(y)
'''),
"acc_where": ("accuracy_fn", '''
def accuracy(y_true, p, threshold=0.5):
    p = np.array(p).flatten(); y_true = np.array(y_true).flatten()
    return np.mean(np.where(p > threshold, 1, 0) == y_true)
'''),
"acc_reshape": ("accuracy_fn", '''
def accuracy(y_true, p, threshold=0.5):
    p = np.asarray(p).reshape(-1); y = np.asarray(y_true).reshape(-1)
    return (np.sum((p > threshold).astype(int) == y)) / y.size
'''),
"acc_not_le": ("accuracy_fn", '''
def accuracy(y_true, p, threshold=0.5):
    p = np.asarray(p).ravel(); y = np.asarray(y_true).ravel()
    return float(np.mean(~(p <= threshold) == (y == 1)))
'''),
"ece_digitize": ("ece_fn", '''
def ece(y_true, p, n_bins=10):
    y = np.asarray(y_true, float).ravel(); p = np.asarray(p, float).ravel()
    edges = np.linspace(0, 1, n_bins + 1)
    idx = np.digitize(p, edges[1:-1])
    out = 0.0
    for b in range(n_bins):
        m = idx == b
        if m.sum() > 0:
            out += m.sum() / len(p) * abs(y[m].mean() - p[m].mean())
    return out
'''),
"ece_edges_loop": ("ece_fn", '''
def ece(y_true, p, n_bins=10):
    y = np.array(y_true, dtype=float).flatten(); p = np.array(p, dtype=float).flatten()
    edges = np.linspace(0, 1, n_bins + 1)
    total = 0
    for k in range(n_bins):
        lo, hi = edges[k], edges[k + 1]
        if k == n_bins - 1:
            m = (p >= lo) & (p <= hi)
        else:
            m = (p >= lo) & (p < hi)
        if np.any(m):
            total += np.sum(m) * abs(np.mean(y[m]) - np.mean(p[m]))
    return total / len(p)
'''),
"ece_histogram": ("ece_fn", '''
def ece(y_true, p, n_bins=10):
    y = np.asarray(y_true, float).ravel(); p = np.asarray(p, float).ravel()
    cnt, _ = np.histogram(p, bins=n_bins, range=(0, 1))
    sy, _ = np.histogram(p, bins=n_bins, range=(0, 1), weights=y)
    sp, _ = np.histogram(p, bins=n_bins, range=(0, 1), weights=p)
    full = cnt > 0
    return float(np.sum(np.abs(sy[full] - sp[full])) / len(p))
'''),
"ece_floor_div": ("ece_fn", '''
def ece(y_true, p, n_bins=10):
    y = np.asarray(y_true, float).ravel(); p = np.asarray(p, float).ravel()
    width = 1 / n_bins
    idx = np.floor(p / width).astype(int)
    idx[idx == n_bins] = n_bins - 1
    e = 0.0
    for k in np.unique(idx):
        m = idx == k
        e += m.mean() * abs(y[m].mean() - p[m].mean())
    return e
'''),
"ece_lists_pure": ("ece_fn", '''
def ece(y_true, p, n_bins=10):
    y = [float(v) for v in np.ravel(y_true)]; p = [float(v) for v in np.ravel(p)]
    bins = [[] for _ in range(n_bins)]
    for yi, pi in zip(y, p):
        k = min(int(pi * n_bins), n_bins - 1)
        bins[k].append((yi, pi))
    total = 0.0
    for b in bins:
        if b:
            fy = sum(t[0] for t in b) / len(b); fp = sum(t[1] for t in b) / len(b)
            total += len(b) / len(y) * abs(fy - fp)
    return total
'''),
"ece_searchsorted": ("ece_fn", '''
def ece(y_true, p, n_bins=10):
    y = np.asarray(y_true, float).ravel(); p = np.asarray(p, float).ravel()
    edges = np.linspace(0, 1, n_bins + 1)
    idx = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, n_bins - 1)
    counts = np.bincount(idx, minlength=n_bins)
    gap = np.abs(np.bincount(idx, y, n_bins) - np.bincount(idx, p, n_bins))
    return float(gap.sum() / len(p))
'''),
"T_grid01": ("temperature_fit", '''
Ts = np.arange(0.1, 50, 0.1)
T = Ts[np.argmin([binary_cross_entropy_with_logits(y_val, z_val / t) for t in Ts])]
'''),
"T_scipy": ("temperature_fit", '''
from scipy.optimize import minimize_scalar
res = minimize_scalar(lambda t: binary_cross_entropy_with_logits(y_val, z_val / t),
                      bounds=(0.1, 100), method="bounded")
T = res.x
'''),
"T_lossedu": ("temperature_fit", '''
from lossedu.calibration import fit_temperature
T = fit_temperature(y_val, z_val)
'''),
"T_probs": ("temperature_fit", '''
Ts = np.linspace(1, 40, 391)
T = float(Ts[np.argmin([binary_cross_entropy(y_val, sigmoid(z_val / t)) for t in Ts])])
'''),
"T_log": ("temperature_fit", '''
Ts = np.exp(np.linspace(np.log(0.5), np.log(50), 400))
T = Ts[np.argmin([binary_cross_entropy_with_logits(y_val, z_val / t) for t in Ts])]
'''),
"T_sklearn_logreg": ("temperature_fit", '''
from sklearn.linear_model import LogisticRegression
m = LogisticRegression(C=1e10, fit_intercept=False, max_iter=10000)
m.fit(z_val.reshape(-1, 1), y_val)
T = 1 / m.coef_[0, 0]
'''),
"T_list": ("temperature_fit", '''
best = None
for t in [i / 10 for i in range(1, 500)]:
    l = binary_cross_entropy_with_logits(y_val, z_val / t)
    if best is None or l < best[0]:
        best = (l, t)
T = best[1]
'''),
"cost_alt": ("cost_threshold", '''
def cost_threshold(c_fp, c_fn):
    return 1 / (1 + c_fn / c_fp)
'''),
"cost_int": ("cost_threshold", '''
def cost_threshold(c_fp, c_fn):
    return c_fp / (c_fn + c_fp)
'''),
"report_lib": ("calibration_report", '''
from lossedu.metrics import expected_calibration_error as ece2
T = 15.0
loss_before = binary_cross_entropy_with_logits(y_test, z_test)
loss_after = binary_cross_entropy_with_logits(y_test, z_test / T)
ece_before = ece2(y_test, sigmoid(z_test))
ece_after = ece2(y_test, sigmoid(z_test / T))
'''),
"report_lists": ("calibration_report", SOL_ECE + '''
T = 15.32
loss_before, loss_after = [binary_cross_entropy_with_logits(y_test, z_test / t) for t in (1, T)]
ece_before, ece_after = [ece(list(y_test), list(sigmoid(z_test / t))) for t in (1, T)]
'''),
}

def E(body):
    return '''
def ece(y_true, p, n_bins=10):
    y = np.asarray(y_true, float).ravel(); p = np.asarray(p, float).ravel()
    idx = np.minimum((p * n_bins).astype(int), n_bins - 1)
''' + body
WRONG = {
"acc_ge": ("accuracy_fn", '''
def accuracy(y_true, p, threshold=0.5):
    return float(np.mean((np.ravel(p) >= threshold) == np.ravel(y_true)))
'''),
"acc_round": ("accuracy_fn", '''
def accuracy(y_true, p, threshold=0.5):
    return float(np.mean(np.round(np.ravel(p)) == np.ravel(y_true)))
'''),
"acc_print": ("accuracy_fn", '''
def accuracy(y_true, p, threshold=0.5):
    print(float(np.mean((np.ravel(p) > threshold) == np.ravel(y_true))))
'''),
"acc_y_vs_p": ("accuracy_fn", '''
def accuracy(y_true, p, threshold=0.5):
    return float(np.mean(np.ravel(p) == np.ravel(y_true)))
'''),
"ece_nan": ("ece_fn", E('''
    total = 0.0
    for k in range(n_bins):
        m = idx == k
        total += m.mean() * abs(y[m].mean() - p[m].mean())
    return total
''')),
"ece_no_div_n": ("ece_fn", E('''
    total = 0.0
    for k in range(n_bins):
        m = idx == k
        if m.any(): total += m.sum() * abs(y[m].mean() - p[m].mean())
    return total
''')),
"ece_mean_nonempty": ("ece_fn", E('''
    gaps = []
    for k in range(n_bins):
        m = idx == k
        if m.any(): gaps.append(abs(y[m].mean() - p[m].mean()))
    return float(np.mean(gaps))
''')),
"ece_top_label": ("ece_fn", '''
def ece(y_true, p, n_bins=10):
    y = np.asarray(y_true, float).ravel(); p = np.asarray(p, float).ravel()
    conf = np.maximum(p, 1 - p); hit = ((p > 0.5) == y).astype(float)
    idx = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    total = 0.0
    for k in range(n_bins):
        m = idx == k
        if m.any(): total += m.mean() * abs(hit[m].mean() - conf[m].mean())
    return total
'''),
"ece_max_gap": ("ece_fn", E('''
    gaps = [abs(y[idx == k].mean() - p[idx == k].mean()) for k in range(n_bins) if (idx == k).any()]
    return max(gaps)
''')),
"ece_per_example": ("ece_fn", E('''
    return float(np.mean(np.abs(y - p)))
''')),
"ece_squared": ("ece_fn", E('''
    total = 0.0
    for k in range(n_bins):
        m = idx == k
        if m.any(): total += m.mean() * (y[m].mean() - p[m].mean()) ** 2
    return total
''')),
"ece_digitize_full": ("ece_fn", '''
def ece(y_true, p, n_bins=10):
    y = np.asarray(y_true, float).ravel(); p = np.asarray(p, float).ravel()
    idx = np.digitize(p, np.linspace(0, 1, n_bins + 1)) - 1
    total = 0.0
    for k in range(n_bins):
        m = idx == k
        if m.any(): total += m.mean() * abs(y[m].mean() - p[m].mean())
    return total
'''),
"ece_round": ("ece_fn", '''
def ece(y_true, p, n_bins=10):
    y = np.asarray(y_true, float).ravel(); p = np.asarray(p, float).ravel()
    idx = np.round(p * n_bins).astype(int)
    total = 0.0
    for k in range(n_bins + 1):
        m = idx == k
        if m.any(): total += m.mean() * abs(y[m].mean() - p[m].mean())
    return total
'''),
"ece_y_minus_pred": ("ece_fn", E('''
    total = 0.0
    yhat = (p > 0.5).astype(float)
    for k in range(n_bins):
        m = idx == k
        if m.any(): total += m.mean() * abs(y[m].mean() - yhat[m].mean())
    return total
''')),
"T_test": ("temperature_fit", '''
Ts = np.arange(0.1, 50, 0.1)
T = Ts[np.argmin([binary_cross_entropy_with_logits(y_test, z_test / t) for t in Ts])]
'''),
"T_all": ("temperature_fit", '''
Ts = np.arange(0.1, 50, 0.1)
zz, yy = np.r_[z_val, z_test], np.r_[y_val, y_test]
T = Ts[np.argmin([binary_cross_entropy_with_logits(yy, zz / t) for t in Ts])]
'''),
"T_ece": ("temperature_fit", '''
from lossedu.metrics import expected_calibration_error as E
Ts = np.arange(0.1, 50, 0.1)
T = Ts[np.argmin([E(y_val, sigmoid(z_val / t)) for t in Ts])]
'''),
"T_brier": ("temperature_fit", '''
Ts = np.arange(0.1, 50, 0.1)
T = Ts[np.argmin([np.mean((sigmoid(z_val / t) - y_val) ** 2) for t in Ts])]
'''),
"T_step1": ("temperature_fit", '''
Ts = np.arange(1, 51)
T = Ts[np.argmin([binary_cross_entropy_with_logits(y_val, z_val / t) for t in Ts])]
'''),
"T_index": ("temperature_fit", '''
Ts = np.arange(0.1, 50, 0.1)
T = np.argmin([binary_cross_entropy_with_logits(y_val, z_val / t) for t in Ts])
'''),
"T_loss": ("temperature_fit", '''
Ts = np.arange(0.1, 50, 0.1)
T = min([binary_cross_entropy_with_logits(y_val, z_val / t) for t in Ts])
'''),
"T_mult": ("temperature_fit", '''
Ts = np.arange(0.001, 2, 0.001)
T = Ts[np.argmin([binary_cross_entropy_with_logits(y_val, z_val * t) for t in Ts])]
'''),
"T_max": ("temperature_fit", '''
Ts = np.arange(0.1, 50, 0.1)
T = Ts[np.argmax([binary_cross_entropy_with_logits(y_val, z_val / t) for t in Ts])]
'''),
"rep_probs": ("calibration_report", SOL_ECE + '''
T = 15.32
loss_before = binary_cross_entropy(y_test, sigmoid(z_test))
loss_after = binary_cross_entropy(y_test, sigmoid(z_test / T))
ece_before = ece(y_test, sigmoid(z_test)); ece_after = ece(y_test, sigmoid(z_test / T))
'''),
"rep_ece_logits": ("calibration_report", SOL_ECE + '''
T = 15.32
loss_before = binary_cross_entropy_with_logits(y_test, z_test)
loss_after = binary_cross_entropy_with_logits(y_test, z_test / T)
ece_before = ece(y_test, z_test); ece_after = ece(y_test, z_test / T)
'''),
"rep_other_T": ("calibration_report", SOL_ECE + '''
T = 15.32
loss_before = binary_cross_entropy_with_logits(y_test, z_test)
loss_after = binary_cross_entropy_with_logits(y_test, z_test / 12.5)
ece_before = ece(y_test, sigmoid(z_test)); ece_after = ece(y_test, sigmoid(z_test / 12.5))
'''),
"cost_swapped": ("cost_threshold", '''
def cost_threshold(c_fp, c_fn):
    return c_fn / (c_fp + c_fn)
'''),
"cost_one_minus_ratio": ("cost_threshold", '''
def cost_threshold(c_fp, c_fn):
    return 1 - c_fp / c_fn
'''),
"cost_int_div": ("cost_threshold", '''
def cost_threshold(c_fp, c_fn):
    return c_fp // (c_fp + c_fn)
'''),
"cost_over_fn": ("cost_threshold", '''
def cost_threshold(c_fp, c_fn):
    return c_fp / (c_fp + 2 * c_fn)
'''),
"proper_word": ("proper_choice", 'proper_choice = "squared"'),
"proper_nostr": ("proper_choice", 'proper_choice = c = 3'),
"same_half": ("same_accuracy_diff_loss", '''
p_one = np.where(y_true == 1, 0.9, 0.1)
p_two = np.full(8, 0.5)
'''),
"same_hard_labels": ("same_accuracy_diff_loss", '''
p_one = y_true
p_two = np.where(y_true == 1, 0.6, 0.4)
'''),
}

HINTS = {
    "acc_ge": "counts as class 0",
    "acc_round": "use the `threshold` argument",
    "acc_print": "printed its result",
    "acc_y_vs_p": "compared the probabilities themselves",
    "ece_nan": "your result is nan",
    "ece_no_div_n": "did not divide by n",
    "ece_mean_nonempty": "weight each bin's gap",
    "ece_top_label": "top-label",
    "ece_max_gap": "maximum calibration error",
    "ece_per_example": "averaged |y - p| over the examples",
    "ece_squared": "not its square",
    "ece_digitize_full": "p = 1.0 must go into the last bin",
    "ece_round": "rounding p * n_bins",
    "ece_y_minus_pred": "not with its predicted labels",
    "T_test": "your T fits the test split",
    "T_all": "validation and the test split together",
    "T_ece": "where the validation ECE",
    "T_brier": "minimises the validation Brier score",
    "T_step1": "steps of 0.1 are fine enough",
    "T_index": "position of the best grid point",
    "T_loss": "the smallest validation log loss itself",
    "T_mult": "looks like 1/T",
    "T_max": "argmax",
    "rep_probs": "a log loss is infinite",
    "rep_ece_logits": "an ECE above 1",
    "rep_other_T": "do not match your T",
    "cost_swapped": "the costs are swapped",
    "cost_one_minus_ratio": "expected cost of each decision",
    "cost_int_div": "expected cost of each decision",
    "cost_over_fn": "expected cost of each decision",
    "proper_word": "answer with one letter",
    "proper_nostr": "answer with one letter",
    "same_half": "exactly 0.5 counts as class 0",
    "same_hard_labels": "strictly between 0 and 1",
}


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_right_answers_pass(name):
    question, code = RIGHT[name]
    line = _line(question, code)
    assert line.startswith("✓"), (name, line)


@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_answers_fail_with_their_hint(name):
    question, code = WRONG[name]
    line = _line(question, code)
    assert line.startswith("✗"), (name, line)
    assert HINTS[name] in line, (name, line)
