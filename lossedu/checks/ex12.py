"""Questions of exercise 12 (loss design in deep-learning practice).

* ``focal_loss_fn``: ``focal_loss(y, z, gamma=2.0, alpha=0.25)``, the mean binary focal loss
  from logits, finite for logits of ±1000.
* ``focal_grad_fn``: ``focal_grad(y, z, gamma=2.0, alpha=0.25)``, its gradient with respect
  to the logits (of the mean loss), derived by the learner; compared with the trusted
  :func:`lossedu.losses.focal_loss_grad` (itself tested against finite differences) at random
  points, so every correct form passes.
* ``masked_seq_ce``: ``masked_sequence_loss(y, logits, mask)``, the mean over real tokens of
  the per-token cross-entropy; padding labels are -100.
* ``ls_floor``: ``ls_floor``, ``ls_gap`` for K = 4 and ε = 0.2: the smallest possible
  label-smoothed loss and the best logit gap (within 0.001).
* ``imbalance_choice``: ``choice``, a letter: what to do with a calibrated model on a rare
  class with known costs; one hint per wrong option.
"""

import numpy as np

from lossedu import exercise_data, losses
from lossedu.checks._core import Case, Hint, Question, near, register
from lossedu.checks._core import flat as _flat
from lossedu.checks.hints import choice_question, fails_on_lists, raised

#: label smoothing question: classes and smoothing weight of the published notebook
LS_K, LS_EPS = exercise_data.label_smoothing(0)  # each variant has its own (K, ε)
#: tolerance of the two label-smoothing numbers (stated in the question)
LS_TOL = 1e-3


def _near(a, b):
    return near(a, b, rtol=1e-5, atol=1e-12)


def _nonfinite(c, r, e):
    if r is None or isinstance(r, str):
        return False  # None: the shared "returned None / printed" hints say what happened
    return not np.all(np.isfinite(np.asarray(r, dtype=float)))


def _extreme(c):
    return np.max(np.abs(_flat(c.args[1]))) >= 100


def _too_small_at_extremes(c, r, e):
    """Finite but far below the true loss where logits are ±1000: a clipped probability."""
    try:
        value = float(np.asarray(r, dtype=float))
    except (TypeError, ValueError):
        return False
    return _extreme(c) and np.isfinite(value) and value < 0.5 * float(e)


def _is_scalar(r):
    return np.ndim(r) == 0


# ----------------------------------------------------------------------------- focal loss
def _yz(c):
    return _flat(c.args[0]), _flat(c.args[1])


def _params(c):
    return c.kwargs.get("gamma", 2.0), c.kwargs.get("alpha", 0.25)


def _focal(y, z, gamma, alpha, reduction="mean"):
    return losses.focal_loss(y, z, gamma=gamma, alpha=alpha, reduction=reduction)


def _reference_focal(y, z, gamma=2.0, alpha=0.25):
    return _focal(_flat(y), _flat(z), gamma, alpha)


def _focal_alpha_swapped(c, r, e):
    y, z = _yz(c)
    gamma, alpha = _params(c)
    return alpha != 0.5 and _near(r, _focal(y, z, gamma, 1.0 - alpha))


def _focal_no_alpha(c, r, e):
    y, z = _yz(c)
    gamma, alpha = _params(c)
    return alpha != 0.5 and _near(r, 2.0 * _focal(y, z, gamma, 0.5))  # alpha_t = 1 for all


def _factor_with_p(c, r, e):
    """(1 - p)^gamma for every example instead of (1 - p_t)^gamma."""
    y, z = _yz(c)
    gamma, alpha = _params(c)
    p = losses.sigmoid(z)
    ce = losses.binary_cross_entropy_with_logits(y, z, reduction="none")
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return np.any(y == 0) and _near(r, np.mean(alpha_t * (1 - p) ** gamma * ce))


def _factor_pt(c, r, e):
    """p_t^γ instead of (1 - p_t)^γ: the factor grows for easy examples."""
    y, z = _yz(c)
    gamma, alpha = _params(c)
    m = (2 * y - 1) * z
    p_t = losses.sigmoid(m)
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    ce = losses.binary_cross_entropy_with_logits(y, z, reduction="none")
    return gamma != 0 and _near(r, np.mean(alpha_t * p_t**gamma * ce))


def _no_factor(c, r, e):
    y, z = _yz(c)
    gamma, alpha = _params(c)
    return gamma != 0 and _near(r, _focal(y, z, 0.0, alpha))


def _alpha_for_all(c, r, e):
    y, z = _yz(c)
    gamma, alpha = _params(c)
    return alpha != 0.5 and _near(r, 2 * alpha * _focal(y, z, gamma, 0.5))


def _gamma_ignored(c, r, e):
    y, z = _yz(c)
    gamma, alpha = _params(c)
    return gamma != 2.0 and _near(r, _focal(y, z, 2.0, alpha))


def _focal_sum(c, r, e):
    n = _flat(c.args[0]).size
    return (not _is_scalar(r) and np.size(r) == n) or _near(r, e * n)


def _focal_broadcast(c, r, e):
    y, z = np.asarray(c.args[0], float), np.asarray(c.args[1], float)
    return y.shape != z.shape and (not _is_scalar(r) or not _near(r, e))


_Z5 = np.array([2.0, -1.0, 0.3, -2.5, 1.2])
_Y5 = np.array([1, 0, 0, 1, 1])

register(Question(
    id="focal_loss_fn",
    title="focal_loss",
    names=("focal_loss",),
    cases=(
        Case("five examples, γ = 2, α = 0.25", (_Y5, _Z5)),
        Case("lists instead of arrays", ([1, 0, 1, 0], [0.5, 0.5, -3.0, 2.0])),
        Case("γ = 0, α = 0.5 (half the cross-entropy)", (_Y5, _Z5), {"gamma": 0.0, "alpha": 0.5}),
        Case("γ = 1, α = 0.9", (_Y5, _Z5), {"gamma": 1.0, "alpha": 0.9}),
        Case("extreme logits ±1000", (np.array([1, 0, 1, 0]),
                                      np.array([1000.0, -1000.0, -1000.0, 1000.0]))),
        Case("float32 input", (np.array([1, 0, 1], dtype=np.float32),
                               np.array([3.0, 0.5, -0.5], dtype=np.float32))),
        Case("labels (n,), logits (n, 1)", (np.array([1, 0, 0, 1]),
                                            np.array([[0.4], [-1.5], [2.0], [-0.2]]))),
    ),
    reference=_reference_focal,
    rtol=1e-5,
    atol=1e-12,
    hints=(
        fails_on_lists("z"),
        Hint(_nonfinite, "log(sigmoid(z)) is -inf for z = -1000: compute -ln p_t from the "
                         "logit, e.g. with m = (2y - 1) z, -ln p_t = np.logaddexp(0, -m), and "
                         "1 - p_t = sigmoid(-m)."),
        Hint(_too_small_at_extremes,
             "your loss is far too small at logits of ±1000: a clipped probability caps -ln p_t "
             "(at about 16 for a clip of 1e-7); compute -ln p_t from the logit instead of taking "
             "the log of a probability."),
        Hint(_focal_broadcast, "y has shape (n,) and z has shape (n, 1) here: flatten both "
                               "(np.ravel) so they do not broadcast to an (n, n) table."),
        Hint(_focal_sum, "return one number: the mean of the per-example losses."),
        Hint(_focal_alpha_swapped, "α weighs class 1 (y = 1) and 1 - α class 0; yours is the "
                                   "other way round."),
        Hint(_focal_no_alpha, "did you leave out α_t? Class 1 gets α, class 0 gets 1 - α."),
        Hint(_alpha_for_all, "α_t depends on the label: α for y = 1 but 1 - α for y = 0; "
                             "yours uses α for every example."),
        Hint(_gamma_ignored, "use the gamma argument, not a fixed exponent of 2."),
        Hint(_no_factor, "the modulating factor (1 - p_t)^γ is missing: yours is the "
                         "α-weighted cross-entropy."),
        Hint(_factor_pt, "the factor is (1 - p_t)^γ, not p_t^γ: it must shrink the loss of easy "
                         "examples (p_t near 1), not of hard ones."),
        Hint(_factor_with_p, "the factor is (1 - p_t)^γ with p_t the probability of the TRUE "
                             "class: for y = 0 that is 1 - p, so the factor is p^γ there."),
    ),
    default_hint="per example -α_t (1 - p_t)^γ ln p_t with p_t = p for y = 1 and 1 - p for "
                 "y = 0; compute it from the logit and return the mean.",
))


# ----------------------------------------------------------------------------- focal gradient
def _reference_grad(y, z, gamma=2.0, alpha=0.25):
    return losses.focal_loss_grad(_flat(y), _flat(z), gamma=gamma, alpha=alpha)


def _ce_times_factor(y, z, gamma, alpha):
    """The usual mistake: the cross-entropy gradient times alpha_t (1 - p_t)^gamma / n."""
    p = losses.sigmoid(z)
    p_t = np.where(y == 1, p, 1 - p)
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return alpha_t * (1 - p_t) ** gamma * (p - y) / y.size


def _grad_factor_constant(c, r, e):
    y, z = _yz(c)
    gamma, alpha = _params(c)
    return gamma != 0 and _near(r, _ce_times_factor(y, z, gamma, alpha))


def _grad_no_mean(c, r, e):
    return _near(r, e * _flat(c.args[0]).size)


def _grad_sign(c, r, e):
    return _near(r, -np.asarray(e))


def _grad_alpha_swapped(c, r, e):
    y, z = _yz(c)
    gamma, alpha = _params(c)
    return alpha != 0.5 and _near(r, losses.focal_loss_grad(y, z, gamma=gamma, alpha=1 - alpha))


def _grad_no_alpha(c, r, e):
    y, z = _yz(c)
    gamma, alpha = _params(c)
    return alpha != 0.5 and _near(r, 2 * losses.focal_loss_grad(y, z, gamma=gamma, alpha=0.5))


def _grad_no_chain_sign(c, r, e):
    """dℓ/dm returned as dℓ/dz: the factor dm/dz = 2y - 1 left out."""
    y, _ = _yz(c)
    return np.any(y == 0) and _near(r, (2 * y - 1) * np.asarray(e, dtype=float))


def _grad_shape(c, r, e):
    return np.shape(r) != np.shape(e)


_RNG = np.random.default_rng(12)
_ZG = np.round(_RNG.normal(0, 2.5, 7), 3)
_YG = _RNG.integers(0, 2, 7)

register(Question(
    id="focal_grad_fn",
    forbids=("lossedu.losses.focal_loss_grad",),
    title="focal_grad",
    names=("focal_grad",),
    cases=(
        Case("seven random logits, γ = 2, α = 0.25", (_YG, _ZG)),
        Case("γ = 0, α = 0.5 (half the cross-entropy gradient)", (_YG, _ZG),
             {"gamma": 0.0, "alpha": 0.5}),
        Case("γ = 0.5, α = 0.7", (_YG, _ZG), {"gamma": 0.5, "alpha": 0.7}),
        Case("γ = 3, α = 0.1", (_YG[::-1].copy(), _ZG * 0.5), {"gamma": 3.0, "alpha": 0.1}),
        Case("lists instead of arrays", ([1, 0, 1], [0.2, -0.4, 4.0])),
        Case("one example", (np.array([0]), np.array([1.5]))),
    ),
    reference=_reference_grad,
    rtol=1e-5,
    atol=1e-10,
    hints=(
        fails_on_lists("z"),
        Hint(_grad_shape, "return one derivative per example, an array shaped like z."),
        Hint(_grad_no_mean, "this is the gradient of the SUM: the mean loss has a factor 1/n."),
        Hint(_grad_sign, "check the sign: for y = 1 raising z raises p_t and lowers the loss, "
                         "so the derivative is negative there."),
        Hint(_grad_alpha_swapped, "α goes with class 1 (y = 1), 1 - α with class 0."),
        Hint(_grad_no_alpha, "the factor α_t is missing (α for y = 1, 1 - α for y = 0)."),
        Hint(_grad_no_chain_sign, "right for y = 1, sign wrong for y = 0: you have the "
                                  "derivative with respect to m = (2y - 1) z; the chain rule "
                                  "multiplies it by dm/dz = 2y - 1."),
        Hint(_grad_factor_constant, "you treated (1 - p_t)^γ as a constant: it depends on z too. "
                                    "Use the product rule on (1 - p_t)^γ · (-ln p_t); the "
                                    "derivative of 1 - p_t with respect to m = (2y - 1) z is "
                                    "-p_t (1 - p_t)."),
    ),
    default_hint="differentiate -α_t (1 - p_t)^γ ln p_t with respect to m = (2y - 1) z by the "
                 "product rule, then multiply by dm/dz = 2y - 1 and divide by n.",
))


# ----------------------------------------------------------------------------- masked sequences
def _seq_arrays(c):
    y = np.asarray(c.args[0], dtype=float)
    x = np.asarray(c.args[1], dtype=float)
    m = np.asarray(c.args[2], dtype=float)
    return y, x, m


def _reference_seq(y, logits, mask):
    return losses.sequence_cross_entropy(y, logits, mask=mask)


def _per_token(y, x, m):
    labels = np.where(m == 1, y, 0).astype(int)
    return losses.sequence_cross_entropy(labels, x, reduction="none")  # unmasked per token


def _seq_unmasked(c, r, e):
    y, x, m = _seq_arrays(c)
    return np.any(m == 0) and _near(r, _per_token(y, x, m).mean())


def _seq_wrong_denominator(c, r, e):
    y, x, m = _seq_arrays(c)
    return np.any(m == 0) and _near(r, np.sum(_per_token(y, x, m) * m) / m.size)


def _seq_by_sequence(c, r, e):
    y, x, m = _seq_arrays(c)
    by_seq = losses.sequence_cross_entropy(y, x, mask=m, average="sequences")
    return not np.isclose(by_seq, e) and _near(r, by_seq)


def _seq_clipped(c, r, e):
    """Finite but far too small where logits are ±1000: the log of a clipped probability."""
    _, x, _ = _seq_arrays(c)
    try:
        value = float(np.asarray(r, dtype=float))
    except (TypeError, ValueError):
        return False
    return np.abs(x).max() >= 100 and np.isfinite(value) and value < 0.5 * float(e)


def _seq_wrong_axis(c, r, e):
    """The softmax taken over the time axis (1) instead of the classes (last axis)."""
    y, x, m = _seq_arrays(c)
    labels = np.where(m == 1, y, 0).astype(int)
    shifted = x - x.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    per_token = -np.take_along_axis(log_p, labels[..., None], axis=-1)[..., 0]
    return _near(r, np.sum(per_token * m) / m.sum())


def _seq_sum(c, r, e):
    y, x, m = _seq_arrays(c)
    return _near(r, e * m.sum()) or (not _is_scalar(r))


_Y_SEQ = np.array([[2, 0, 1, 3], [1, 1, -100, -100], [3, -100, -100, -100]])
_M_SEQ = (_Y_SEQ != -100).astype(int)
_X_SEQ = np.round(np.random.default_rng(5).normal(0, 2, (3, 4, 4)), 2)
_X_SEQ[_M_SEQ == 0, 0] += 6.0  # padding is confidently "class 0": an unmasked mean looks better
_X_FULL = np.round(np.random.default_rng(1).normal(0, 1, (2, 3, 3)), 2)

register(Question(
    id="masked_seq_ce",
    forbids=("lossedu.losses.sequence_cross_entropy",),
    title="masked_sequence_loss",
    names=("masked_sequence_loss",),
    cases=(
        Case("two sequences, no padding", (np.array([[0, 1, 2], [2, 2, 1]]), _X_FULL,
                                           np.ones((2, 3), dtype=int))),
        Case("padding at the end (labels -100)", (_Y_SEQ, _X_SEQ, _M_SEQ)),
        Case("lists instead of arrays", ([[1, 0], [0, -100]],
                                         [[[0.5, 1.0], [2.0, 0.0]], [[0.0, 0.0], [5.0, 5.0]]],
                                         [[1, 1], [1, 0]])),
        Case("extreme logits ±1000", (np.array([[0, 1], [1, -100]]),
                                      np.array([[[1000.0, -1000.0], [1000.0, -1000.0]],
                                                [[-1000.0, 1000.0], [0.0, 0.0]]]),
                                      np.array([[1, 1], [1, 0]]))),
        Case("float32 logits", (_Y_SEQ, _X_SEQ.astype(np.float32), _M_SEQ)),
    ),
    reference=_reference_seq,
    rtol=1e-5,
    atol=1e-12,
    hints=(
        fails_on_lists("logits"),
        Hint(raised("index", "out of bounds"),
             "padding labels are -100, not a class: replace them (e.g. np.where(mask == 1, y, 0)) "
             "before you pick the true class's log-probability, then mask the losses."),
        Hint(_nonfinite, "exp overflows for logits of ±1000: use the log-softmax with each "
                         "row's max subtracted (log-sum-exp), over the last axis."),
        Hint(_seq_clipped, "your loss is far too small at logits of ±1000: clipping the "
                           "probability caps each token's loss; compute the log-probability "
                           "directly (log-softmax), not the log of a clipped softmax."),
        Hint(_seq_wrong_axis, "the softmax runs over the K classes, the last axis of the "
                              "(N, T, K) logits: each (sequence, step) row must sum to 1."),
        Hint(_seq_unmasked, "the padding is counted: multiply the per-token losses by the mask "
                            "before you average."),
        Hint(_seq_wrong_denominator, "divide by the number of real tokens, mask.sum(), not by "
                                     "every position N·T."),
        Hint(_seq_by_sequence, "you averaged within each sequence first: the task asks for the "
                               "mean over all real tokens (each token weighs the same)."),
        Hint(_seq_sum, "return one number: the total loss of the real tokens divided by their "
                       "count."),
    ),
    default_hint="per token -log softmax(logits)[label] along the last axis; keep real tokens "
                 "only (mask) and average over them.",
))


# ----------------------------------------------------------------------------- label smoothing
def _ls_target(k, eps):
    q = np.full(k, eps / k)
    q[0] = 1 - eps + eps / k
    return q


def _ls_case(variant):
    return Case(f"variant {variant}", exercise_data.label_smoothing(variant))


def _k_eps(c=None):
    return (LS_K, LS_EPS) if c is None else (int(c.args[0]), float(c.args[1]))


def _reference_ls(c=None):
    q = _ls_target(*_k_eps(c))
    return float(-np.sum(q * np.log(q))), float(np.log(q[0] / q[1]))


def _ls_value(returned, index):
    if isinstance(returned[index], str):
        raise TypeError("a string, not a number")
    return float(np.asarray(returned[index], dtype=float))


def _ls_is(returned, index, value):
    try:
        return abs(_ls_value(returned, index) - value) <= LS_TOL
    except (TypeError, ValueError, IndexError):
        return False


def _ls_outcome(case, returned):
    floor, gap = _reference_ls(case)
    ok = _ls_is(returned, 0, floor) and _ls_is(returned, 1, gap)
    return ok, f"(floor, gap) within {LS_TOL} of the exact values"


def _ls_numbers(returned):
    try:
        return [_ls_value(returned, 0), _ls_value(returned, 1)]
    except (TypeError, ValueError, IndexError):
        return None


def _spread_over_others(c=None):
    """ε spread over the K - 1 wrong classes only: q = (1 - ε, ε/(K-1), ...)."""
    k, eps = _k_eps(c)
    q = np.r_[1 - eps, np.full(k - 1, eps / (k - 1))]
    return float(-np.sum(q * np.log(q))), float(np.log(q[0] / q[1]))


register(Question(
    id="ls_floor",
    title="label-smoothing floor and logit gap",
    names=("ls_floor", "ls_gap"),
    kind="value",
    variant_inputs=_ls_case,
    check_outcome=_ls_outcome,
    hints=(
        Hint(lambda c, r, e: _ls_is(r, 0, 0.0),
             "with smoothing the loss cannot reach 0: the best prediction is p = q, and the "
             "loss there is the entropy of q."),
        Hint(lambda c, r, e: _ls_is(r, 0, _reference_ls(c)[0] / np.log(2)),
             "that floor is in bits: losses in this course are in nats (natural log)."),
        Hint(lambda c, r, e: _ls_is(r, 0, -np.log(_ls_target(*_k_eps(c))[0])),
             "the floor is the entropy of the WHOLE target, -Σ_k q_k ln q_k over all K "
             "classes, not only the true class's term."),
        Hint(lambda c, r, e: any(_ls_is(r, i, v) for i, v in enumerate(_spread_over_others(c))),
             "in this course (and PyTorch) ε is spread over all K classes, the true one "
             "included: every class gets ε/K and the true class 1 - ε + ε/K."),
        Hint(lambda c, r, e: _ls_is(r, 1, np.log((1 - _k_eps(c)[1]) / _k_eps(c)[1])),
             "the gap compares one wrong class (ε/K) with the true class (1 - ε + ε/K), not ε "
             "with 1 - ε."),
        Hint(lambda c, r, e: _ls_is(r, 1, np.log((1 - _k_eps(c)[1])
                                                 / (_k_eps(c)[1] / _k_eps(c)[0]))),
             "the true class's target is 1 - ε + ε/K, not 1 - ε: it gets its share of ε/K too."),
        Hint(lambda c, r, e: (_ls_is(r, 0, _reference_ls(c)[1])
                              and _ls_is(r, 1, _reference_ls(c)[0])),
             "your two numbers are swapped: ls_floor is the loss, ls_gap the logit difference."),
        Hint(lambda c, r, e: _ls_is(r, 1, _reference_ls(c)[1] / np.log(2)),
             "the gap is a difference of logits: softmax uses e, so take the natural log of the "
             "probability ratio, not log2."),
        Hint(lambda c, r, e: _ls_is(r, 1, np.exp(_reference_ls(c)[1])),
             "that is the ratio p_true / p_other at the minimum; the logit gap is its logarithm."),
        Hint(lambda c, r, e: any(isinstance(v, str) for v in r),
             "give two numbers (floats), not strings."),
        Hint(lambda c, r, e: _ls_numbers(r) is not None and not _ls_is(r, 0, _reference_ls(c)[0]),
             "ls_floor is off: at the minimum the prediction equals the target, p = q; what is "
             "the loss H(q, p) there? (notebook 06: H(q, p) = H(q) + KL(q ‖ p))."),
    ),
    default_hint="ls_gap is off: at the minimum p = q, and for a softmax the ratio of two "
                 "classes' probabilities is e to the power of their logit difference.",
))


# ----------------------------------------------------------------------------- decision
register(choice_question(
    "imbalance_choice", "threshold for a rare class", "choice", "B", {
        "A": "class weights of 30 already move the decision to p > 1/31 (for a flexible model); "
             "lowering the threshold as well counts the costs twice and raises far too many "
             "alarms.",
        "C": "0.5 minimises the number of mistakes, not their cost: a calibrated p makes the cost "
             "formula t = c_FP / (c_FP + c_FN) valid, it does not make 0.5 right.",
        "D": "the focal loss changes how training weighs easy and hard examples, not what a "
             "mistake costs; its probabilities are no longer calibrated, so 1/31 is not the "
             "right threshold for it either.",
    },
    not_a_string="give your answer as a string with one letter, e.g. choice = \"A\".",
    not_a_letter="give exactly one of the letters 'A', 'B', 'C' or 'D', as a string.",
    default_hint="answer with one of the letters 'A', 'B', 'C' or 'D'.",
))
