"""Beginner answers to exercise 12 (loss design in deep-learning practice), checked in process.

Right answers in other styles (per-class branches, a Python loop, the library's cross-entropy,
a gradient through dp_t/dz or by finite differences, boolean indexing of the real tokens,
scipy's log_softmax with the -100 labels, a numerical or grid minimum for the label-smoothing
floor, letters written "b", "(b)", "B.") must pass. Plausible wrong ones must fail with a hint that
names their mistake (alpha on the wrong class, gamma on p_t, the log of a clipped probability,
the mask ignored, the mean over sequences where tokens were asked, epsilon spread over K - 1
classes...), and a wrong letter is never told the right one.
"""

import re
import textwrap

import numpy as np
import pytest

import lossedu.checks.ex12  # noqa: F401  (registers the questions)
from lossedu.checks import run_check


def _line(question, code):
    namespace = {"np": np, "k_classes": 4, "eps": 0.2}
    exec(textwrap.dedent(code), namespace)
    return run_check(question, namespace).line


FOCAL_HEAD = '''
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    y = np.ravel(np.asarray(y, float)); z = np.ravel(np.asarray(z, float))
    m = (2 * y - 1) * z
    a = np.where(y == 1, alpha, 1 - alpha)
    return float(np.mean({body}))
'''
RIGHT_FOCAL = {
    "logaddexp": FOCAL_HEAD.format(
        body="a * np.exp(-np.logaddexp(0, m))**gamma * np.logaddexp(0, -m)"),
    "per-class branches": '''
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    y = np.asarray(y, dtype=np.float64).reshape(-1); z = np.asarray(z, dtype=np.float64).reshape(-1)
    log_p, log_q = -np.logaddexp(0, -z), -np.logaddexp(0, z)      # ln p, ln(1 - p)
    pos = -alpha * np.exp(log_q)**gamma * log_p
    neg = -(1 - alpha) * np.exp(log_p)**gamma * log_q
    return np.mean(y * pos + (1 - y) * neg)
''',
    "python loop": '''
import math
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    total = 0.0
    for yi, zi in zip(np.ravel(y), np.ravel(z)):
        m = float(zi) if yi == 1 else -float(zi)
        minus_log_pt = max(-m, 0) + math.log1p(math.exp(-abs(m)))
        one_minus_pt = math.exp(-(max(m, 0) + math.log1p(math.exp(-abs(m)))))
        total += (alpha if yi == 1 else 1 - alpha) * one_minus_pt**gamma * minus_log_pt
    return total / np.size(y)
''',
    "library cross-entropy": '''
from lossedu import losses
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    y = np.ravel(np.asarray(y, float)); z = np.ravel(np.asarray(z, float))
    ce = losses.binary_cross_entropy_with_logits(y, z, reduction="none")
    return np.mean(np.where(y == 1, alpha, 1 - alpha) * (1 - np.exp(-ce))**gamma * ce)
''',
}

WRONG_FOCAL = {
    "alpha on the wrong class": (FOCAL_HEAD.format(
        body="np.where(y == 0, alpha, 1 - alpha) * np.exp(-np.logaddexp(0, m))**gamma"
             " * np.logaddexp(0, -m)"), "other way round"),
    "gamma on p_t": (FOCAL_HEAD.format(
        body="a * np.exp(-np.logaddexp(0, -m))**gamma * np.logaddexp(0, -m)"), "not p_t^γ"),
    "gamma on 1 - p": (FOCAL_HEAD.format(
        body="a * np.exp(-np.logaddexp(0, z))**gamma * np.logaddexp(0, -m)"),
        "probability of the TRUE"),
    "log of a clipped probability": ('''
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    y = np.ravel(np.asarray(y, float)); z = np.ravel(np.asarray(z, float))
    p = np.clip(1 / (1 + np.exp(-np.clip(z, -500, 500))), 1e-7, 1 - 1e-7)
    pt = np.where(y == 1, p, 1 - p)
    return np.mean(np.where(y == 1, alpha, 1 - alpha) * (1 - pt)**gamma * -np.log(pt))
''', "far too small at logits"),
    "alpha for every example": (FOCAL_HEAD.format(
        body="alpha * np.exp(-np.logaddexp(0, m))**gamma * np.logaddexp(0, -m)"),
        "uses α for every example"),
    "no modulating factor": (FOCAL_HEAD.format(body="a * np.logaddexp(0, -m)"),
                             "modulating factor"),
    "prints instead of returning": ('''
def focal_loss(y, z, gamma=2.0, alpha=0.25):
    y = np.ravel(np.asarray(y, float)); z = np.ravel(np.asarray(z, float)); m = (2 * y - 1) * z
    print(np.mean(np.where(y == 1, alpha, 1 - alpha) * np.exp(-np.logaddexp(0, m))**gamma
                  * np.logaddexp(0, -m)))
''', "printed"),
}


@pytest.mark.parametrize("label", list(RIGHT_FOCAL))
def test_right_focal_loss_passes(label):
    assert _line("focal_loss_fn", RIGHT_FOCAL[label]).startswith("✓")


@pytest.mark.parametrize("label", list(WRONG_FOCAL))
def test_wrong_focal_loss_gets_its_hint(label):
    code, hint = WRONG_FOCAL[label]
    line = _line("focal_loss_fn", code)
    assert line.startswith("✗") and hint in line, line


GRAD_HEAD = '''
def focal_grad(y, z, gamma=2.0, alpha=0.25):
    y = np.ravel(np.asarray(y, float)); z = np.ravel(np.asarray(z, float))
    p = 1 / (1 + np.exp(-z))
    pt = np.where(y == 1, p, 1 - p)
    a = np.where(y == 1, alpha, 1 - alpha)
    dl_dpt = gamma * (1 - pt)**(gamma - 1) * np.log(pt) - (1 - pt)**gamma / pt
    dpt_dz = np.where(y == 1, 1, -1) * p * (1 - p)
    return {ret}
'''
RIGHT_GRAD = {
    "through dp_t/dz": GRAD_HEAD.format(ret="a * dl_dpt * dpt_dz / len(y)"),
    "finite differences": '''
def _fl(y, z, gamma, alpha):
    m = (2 * y - 1) * z
    return np.mean(np.where(y == 1, alpha, 1 - alpha) * np.exp(-np.logaddexp(0, m))**gamma
                   * np.logaddexp(0, -m))
def focal_grad(y, z, gamma=2.0, alpha=0.25):
    y = np.ravel(np.asarray(y, float)); z = np.ravel(np.asarray(z, float)); h = 1e-5
    return np.array([(_fl(y, z + h * e, gamma, alpha) - _fl(y, z - h * e, gamma, alpha)) / (2 * h)
                     for e in np.eye(len(z))])
''',
}
WRONG_GRAD = {
    "no 1/n": (GRAD_HEAD.format(ret="a * dl_dpt * dpt_dz"), "gradient of the SUM"),
    "sign": (GRAD_HEAD.format(ret="-a * dl_dpt * dpt_dz / len(y)"), "check the sign"),
    "alpha swapped": (GRAD_HEAD.format(ret="np.where(y == 1, 1 - alpha, alpha) * dl_dpt * dpt_dz"
                                           " / len(y)"), "α goes with class 1"),
    "no alpha": (GRAD_HEAD.format(ret="dl_dpt * dpt_dz / len(y)"), "α_t is missing"),
    "d/dm returned": (GRAD_HEAD.format(ret="a * dl_dpt * p * (1 - p) / len(y)"),
                      "sign wrong for y = 0"),
    "factor as a constant": (GRAD_HEAD.format(ret="a * (1 - pt)**gamma * (p - y) / len(y)"),
                             "as a constant"),
}


@pytest.mark.parametrize("label", list(RIGHT_GRAD))
def test_right_focal_grad_passes(label):
    assert _line("focal_grad_fn", RIGHT_GRAD[label]).startswith("✓")


@pytest.mark.parametrize("label", list(WRONG_GRAD))
def test_wrong_focal_grad_gets_its_hint(label):
    code, hint = WRONG_GRAD[label]
    line = _line("focal_grad_fn", code)
    assert line.startswith("✗") and hint in line, line


SEQ_HEAD = '''
def masked_sequence_loss(y, logits, mask):
    y = np.asarray(y); x = np.asarray(logits, float); m = np.asarray(mask, float)
    yy = np.where(m > 0, y, 0).astype(int)
    x = x - x.max(-1, keepdims=True)
    lp = x - np.log(np.exp(x).sum(-1, keepdims=True))
    tok = -np.take_along_axis(lp, yy[..., None], -1)[..., 0]
    return float({ret})
'''
RIGHT_SEQ = {
    "log-softmax and mask": SEQ_HEAD.format(ret="(tok * m).sum() / m.sum()"),
    "boolean indexing": '''
def masked_sequence_loss(y, logits, mask):
    y, x = np.asarray(y), np.asarray(logits, dtype=np.float64)
    keep = np.asarray(mask).astype(bool)
    rows, labels = x[keep], y[keep].astype(int)
    rows = rows - rows.max(axis=1, keepdims=True)
    logp = rows - np.log(np.exp(rows).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(labels)), labels].mean()
''',
    "scipy log_softmax, labels -100": '''
from scipy.special import log_softmax
def masked_sequence_loss(y, logits, mask):
    y = np.asarray(y); keep = y != -100
    lp = log_softmax(np.asarray(logits, float), axis=-1)[keep]
    return float(-lp[np.arange(keep.sum()), y[keep]].mean())
''',
    "loop with logsumexp": '''
from scipy.special import logsumexp
def masked_sequence_loss(y, logits, mask):
    x = np.asarray(logits, float); total, count = 0.0, 0
    for i in range(x.shape[0]):
        for t in range(x.shape[1]):
            if mask[i][t]:
                total += logsumexp(x[i, t]) - x[i, t, int(y[i][t])]
                count += 1
    return total / count
''',
}
WRONG_SEQ = {
    "mask ignored": (SEQ_HEAD.format(ret="tok.mean()"), "the padding is counted"),
    "mean over sequences": (SEQ_HEAD.format(ret="np.mean((tok * m).sum(1) / m.sum(1))"),
                            "averaged within each sequence"),
    "divided by N*T": (SEQ_HEAD.format(ret="(tok * m).mean()"), "not by every position"),
    "clipped softmax": ('''
def masked_sequence_loss(y, logits, mask):
    y = np.asarray(y); x = np.asarray(logits, float); m = np.asarray(mask, float)
    yy = np.where(m > 0, y, 0)
    x = x - x.max(-1, keepdims=True); p = np.exp(x) / np.exp(x).sum(-1, keepdims=True)
    tok = -np.log(np.clip(np.take_along_axis(p, yy[..., None], -1)[..., 0], 1e-12, 1))
    return float((tok * m).sum() / m.sum())
''', "far too small at logits"),
    "softmax over time": (SEQ_HEAD.replace("max(-1", "max(1").replace("sum(-1", "sum(1")
                          .format(ret="(tok * m).sum() / m.sum()"), "last axis of the"),
}


@pytest.mark.parametrize("label", list(RIGHT_SEQ))
def test_right_masked_sequence_loss_passes(label):
    assert _line("masked_seq_ce", RIGHT_SEQ[label]).startswith("✓")


@pytest.mark.parametrize("label", list(WRONG_SEQ))
def test_wrong_masked_sequence_loss_gets_its_hint(label):
    code, hint = WRONG_SEQ[label]
    line = _line("masked_seq_ce", code)
    assert line.startswith("✗") and hint in line, line


RIGHT_LS = {
    "exact": '''
q = np.full(k_classes, eps / k_classes); q[0] += 1 - eps
ls_floor = -(q * np.log(q)).sum(); ls_gap = np.log(q[0] / q[1])
''',
    "numerical minimum": '''
from scipy.optimize import minimize
from lossedu import losses
res = minimize(lambda z: losses.softmax_cross_entropy([0], [z], label_smoothing=eps),
               np.zeros(k_classes))
ls_floor, ls_gap = res.fun, res.x[0] - res.x[1]
''',
    "grid over the gap": '''
from lossedu import losses
gaps = np.linspace(0, 6, 6001)
values = [losses.softmax_cross_entropy([0], [[g, 0, 0, 0]], label_smoothing=eps) for g in gaps]
ls_floor, ls_gap = min(values), gaps[int(np.argmin(values))]
''',
    "rounded by hand": "ls_floor, ls_gap = 0.5875, 2.833",
}
WRONG_LS = {
    "eps over K - 1 classes": ('''
qt, qo = 1 - eps, eps / (k_classes - 1)
ls_floor = -(qt * np.log(qt) + (k_classes - 1) * qo * np.log(qo)); ls_gap = np.log(qt / qo)
''', "spread over all K classes"),
    "floor zero": ("ls_floor, ls_gap = 0.0, 2.8332", "cannot reach 0"),
    "floor in bits": ('''
q = np.full(k_classes, eps / k_classes); q[0] += 1 - eps
ls_floor = -(q * np.log2(q)).sum(); ls_gap = np.log(q[0] / q[1])
''', "in bits"),
    "true class only": ("ls_floor, ls_gap = -np.log(0.85), 2.8332", "WHOLE target"),
    "true class 1 - eps in the gap": ("ls_floor, ls_gap = 0.5875, np.log(0.8 / 0.05)",
                                      "share of ε/K"),
    "swapped": ("ls_floor, ls_gap = 2.8332, 0.5875", "swapped"),
    "strings": ('ls_floor, ls_gap = "0.5875", "2.8332"', "not strings"),
}


@pytest.mark.parametrize("label", list(RIGHT_LS))
def test_right_label_smoothing_numbers_pass(label):
    assert _line("ls_floor", RIGHT_LS[label]).startswith("✓")


@pytest.mark.parametrize("label", list(WRONG_LS))
def test_wrong_label_smoothing_numbers_get_their_hint(label):
    code, hint = WRONG_LS[label]
    line = _line("ls_floor", code)
    assert line.startswith("✗") and hint in line, line


@pytest.mark.parametrize("answer", ['"B"', '"b"', '" B "', '"(b)"', '"B."', '"b)"'])
def test_right_letter_in_any_style_passes(answer):
    assert _line("imbalance_choice", f"choice = {answer}").startswith("✓")


@pytest.mark.parametrize("answer, hint", [
    ('"A"', "counts the costs twice"), ('"c"', "not their cost"), ('"D"', "focal loss changes"),
    ('"E"', "exactly one of the letters"), ('"A or B"', "exactly one of the letters"),
    ("2", "as a string"),
])
def test_wrong_letter_gets_its_hint_and_not_the_answer(answer, hint):
    line = _line("imbalance_choice", f"choice = {answer}")
    assert line.startswith("✗") and hint in line, line
    assert not re.search(r"['\"]B['\"]", line.split("hint:")[0]), line
