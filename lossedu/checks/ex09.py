"""Questions of exercise 09 (loss vs accuracy, and calibration).

* ``accuracy_fn`` (warm-up): ``accuracy(y_true, p, threshold=0.5)`` from probabilities, class 1
  when ``p > threshold`` (the course's rule, docs/notation.md).
* ``same_accuracy_diff_loss`` (construction): ``p_one``, ``p_two`` for :data:`LABELS` with equal
  accuracy and log losses at least :data:`MIN_GAP` apart.
* ``accuracy_loss_disagree`` (construction): ``p_a``, ``p_b`` where B has the higher accuracy
  *and* a log loss at least :data:`MIN_GAP` higher than A.
* ``proper_choice`` (decision): which payment rule makes an honest forecast the unique best one
  (one letter; a hint per wrong option).
* ``ece_fn``: ``ece(y_true, p, n_bins=10)``, equal-width bins ``[k/M, (k+1)/M)``, the last one
  closed (atol 1e-9; lists accepted).
* ``temperature_fit`` (fit): ``T`` whose validation log loss is within :data:`T_TOLERANCE` nats
  of the smallest possible (any search method passes).
* ``calibration_report`` (fit): test log loss and ECE before and after scaling with the learner's
  own ``T`` (atol 1e-6).
* ``cost_threshold`` (derivation): the threshold ``c_fp / (c_fp + c_fn)`` (rtol 1e-9).

The construction and fit questions are judged by a property (``check_outcome``) with trusted
code: :func:`lossedu.metrics.accuracy`, :func:`lossedu.losses.binary_cross_entropy`,
:func:`lossedu.metrics.expected_calibration_error`, :func:`lossedu.calibration.fit_temperature`.
"""

from functools import cache

import numpy as np

from lossedu import calibration, exercise_data, losses, metrics
from lossedu.checks._core import Case, Hint, Question, Raised, register
from lossedu.checks._core import flat as _flat
from lossedu.checks._core import near as _near
from lossedu.checks.hints import choice_question, fails_on_lists, unreadable

#: the labels of the two construction questions (the notebook prints the same ones)
LABELS = np.array([1, 0, 1, 1, 0, 1, 0, 0])
#: the smallest log-loss gap that counts as "different" (nats)
MIN_GAP = 0.2
#: a temperature passes when its validation log loss is this close to the smallest one (nats):
#: every T in about [15.11, 15.55] (a grid with steps of 0.1 passes, steps of 1 do not), and the
#: T that minimises the validation ECE or Brier score instead (about 15.7 and 10.8) fails
T_TOLERANCE = 2e-5
#: tolerance of the reported log losses and ECEs
REPORT_ATOL = 1e-6


# ----------------------------------------------------------------------------- trusted helpers
def _labels_from(p, threshold=0.5, strict=True):
    p = _flat(p)
    return (p > threshold if strict else p >= threshold).astype(int)


def _accuracy(y_true, p, threshold=0.5):
    """Trusted accuracy from probabilities: class 1 when ``p > threshold``."""
    return float(metrics.accuracy(_flat(y_true).astype(int), _labels_from(p, threshold)))


def _log_loss(y_true, p):
    return float(losses.binary_cross_entropy(_flat(y_true), _flat(p)))


_LIST_HINT = fails_on_lists("p")


# ----------------------------------------------------------------------------- accuracy_fn
def _count(c, r, e):
    return np.isclose(r, e * len(_flat(c.args[0])))


def _threshold_ignored(c, r, e):
    threshold = c.kwargs.get("threshold", 0.5)
    return threshold != 0.5 and np.isclose(r, _accuracy(c.args[0], c.args[1], 0.5))


def _non_strict_comparison(c, r, e):
    y, p = _flat(c.args[0]).astype(int), c.args[1]
    wide = float(np.mean(y == _labels_from(p, c.kwargs.get("threshold", 0.5), strict=False)))
    return not np.isclose(wide, e) and np.isclose(r, wide)


def _probabilities_compared(c, r, e):
    y, p = _flat(c.args[0]), _flat(c.args[1])
    return not _near(r, e) and _near(r, np.mean(p == y))


def _broadcast(c, r, e):
    y, p = np.asarray(c.args[0], float), np.asarray(c.args[1], float)
    if y.shape == p.shape:
        return False
    wrong = np.mean(y == (p > c.kwargs.get("threshold", 0.5)))
    return np.isclose(r, wrong) or np.shape(r) != ()


register(Question(
    id="accuracy_fn",
    title="accuracy",
    names=("accuracy",),
    cases=(
        Case("four predictions", (np.array([1, 0, 1, 0]), np.array([0.9, 0.2, 0.4, 0.6]))),
        Case("lists instead of arrays", ([1, 1, 0, 0, 1], [0.8, 0.51, 0.49, 0.1, 0.7])),
        Case("threshold=0.3", (np.array([1, 0, 1, 0, 1]), np.array([0.35, 0.25, 0.4, 0.2, 0.1])),
             {"threshold": 0.3}),
        Case("p exactly at the threshold",
             (np.array([1, 0, 0, 0]), np.array([0.7, 0.5, 0.5, 0.2]))),
        Case("p of shape (n, 1)", (np.array([1, 0, 0, 1, 1, 0]),
                                   np.array([[0.7], [0.4], [0.6], [0.2], [0.9], [0.1]]))),
        Case("float32 input", (np.array([1.0, 0.0, 1.0], dtype=np.float32),
                               np.array([0.55, 0.45, 0.05], dtype=np.float32))),
        Case("every prediction wrong", (np.array([0, 1, 0]), np.array([0.99, 0.01, 0.8]))),
    ),
    reference=_accuracy,
    hints=(
        _LIST_HINT,
        Hint(_broadcast, "p has shape (n, 1) here: flatten both inputs (np.ravel) so the "
                         "comparison does not broadcast to an (n, n) table."),
        Hint(_count, "you returned the number of correct predictions: divide by n."),
        Hint(lambda c, r, e: np.isclose(r, 100 * e) and e != 0,
             "return a fraction between 0 and 1, not a percentage."),
        Hint(_threshold_ignored, "use the `threshold` argument instead of a fixed 0.5."),
        Hint(_non_strict_comparison, "a probability exactly at the threshold counts as class 0 "
                                     "in this course: class 1 only when p is above it."),
        Hint(lambda c, r, e: np.isclose(r, 1 - e),
             "you counted the mistakes: accuracy is the fraction of correct predictions."),
        Hint(_probabilities_compared, "you compared the probabilities themselves with the "
                                      "labels: turn each p into a label (0 or 1) first."),
    ),
    default_hint="turn each probability into a predicted label with the threshold, then "
                 "compare the labels with y_true.",
))


# ------------------------------------------------------------------- construction questions
_USABLE = (f"{LABELS.size} probabilities of class 1, each strictly between 0 and 1, for each "
           "model")


def _as_predictions(values):
    """The learner's probabilities as a flat float array, or None when unusable."""
    try:
        p = _flat(values)
    except (TypeError, ValueError):
        return None
    if p.size != LABELS.size or not np.all((p > 0) & (p < 1)):
        return None
    return p


def _stats(returned):
    """([accuracies], [log losses]) of two prediction sets (ValueError when unusable)."""
    sets = [_as_predictions(v) for v in returned]
    if len(sets) != 2 or any(p is None for p in sets):
        raise ValueError("unusable predictions")
    return ([_accuracy(LABELS, p) for p in sets], [_log_loss(LABELS, p) for p in sets])


def _summary(returned):
    acc, loss = _stats(returned)
    return f"accuracy {acc[0]:.4g} vs {acc[1]:.4g}, log loss {loss[0]:.4g} vs {loss[1]:.4g}"


def _unusable(returned):
    try:
        _stats(returned)
    except (ValueError, TypeError):
        return True
    return False


def _same_accuracy_outcome(case, returned):
    if _unusable(returned):
        return False, _USABLE
    acc, loss = _stats(returned)
    ok = np.isclose(acc[0], acc[1]) and abs(loss[0] - loss[1]) >= MIN_GAP
    return bool(ok), (f"equal accuracy and log losses at least {MIN_GAP} apart "
                      f"(yours: {_summary(returned)})")


def _disagree_outcome(case, returned):
    if _unusable(returned):
        return False, _USABLE
    acc, loss = _stats(returned)
    ok = acc[1] > acc[0] + 1e-9 and loss[1] - loss[0] >= MIN_GAP
    return bool(ok), (f"B with higher accuracy and a log loss at least {MIN_GAP} higher "
                      f"than A (yours: {_summary(returned)})")


_SHAPE_HINT = Hint(
    lambda c, r, e: _unusable(r),
    f"give one probability of class 1 per label ({LABELS.size} values) in each set, each "
    "strictly between 0 and 1: a probability of exactly 0 or 1 on the wrong side of a label "
    "makes that example's log loss infinite.",
)


def _misses(p):
    return int(np.sum(_labels_from(p) != LABELS))


def _exactly_half(c, r, e):
    acc, _ = _stats(r)
    return not np.isclose(*acc) and any(np.any(_flat(v) == 0.5) for v in r)


register(Question(
    id="same_accuracy_diff_loss",
    title="same accuracy, different loss",
    names=("p_one", "p_two"),
    kind="value",
    check_outcome=_same_accuracy_outcome,
    hints=(
        _SHAPE_HINT,
        Hint(_exactly_half, "a probability of exactly 0.5 counts as class 0 (class 1 only when "
                            "p > 0.5), so it changes the accuracy: move it off 0.5."),
        Hint(lambda c, r, e: not np.isclose(*_stats(r)[0]),
             "the accuracies differ: keep every prediction on the same side of 0.5 in both "
             "sets and change only how confident it is."),
        Hint(lambda c, r, e: abs(np.subtract(*_stats(r)[1])) < MIN_GAP,
             "the log losses are too close: the two sets must differ much more in confidence."),
    ),
    default_hint="both sets must classify the labels equally well, but with different confidence.",
))


def _b_misses_some(c, r, e):
    acc, loss = _stats(r)
    return loss[1] - loss[0] < MIN_GAP and _misses(_flat(r[1])) > 0


def _b_misses_none(c, r, e):
    acc, loss = _stats(r)
    return loss[1] - loss[0] < MIN_GAP and _misses(_flat(r[1])) == 0


register(Question(
    id="accuracy_loss_disagree",
    title="accuracy and loss disagree",
    names=("p_a", "p_b"),
    kind="value",
    check_outcome=_disagree_outcome,
    hints=(
        _SHAPE_HINT,
        Hint(lambda c, r, e: _stats(r)[0][1] <= _stats(r)[0][0],
             "model B must have the higher accuracy: put more of B's predictions on the "
             "correct side of 0.5."),
        Hint(_b_misses_some, "B's log loss is not high enough: which kind of prediction does the "
                             "log loss punish hardest? Look at B's mistakes, and at how "
                             "confident A is."),
        Hint(_b_misses_none, "B's log loss is not high enough: B misses no example, so its loss "
                             "can only come from how little confidence it puts on the right "
                             "answers; compare that with A's confidence."),
    ),
    default_hint="B should be right more often, yet pay more log loss than A.",
))


# ----------------------------------------------------------------------------- proper_choice
register(choice_question(
    "proper_choice", "proper scoring rule", "proper_choice", "c", {
        "a": "with rule (a) every announcement above 0.5 earns the same expected pay: she loses "
             "nothing by announcing 0.99 instead of 0.7, so honesty is not her unique best "
             "choice.",
        "b": "work out rule (b)'s expected penalty 0.7(1 - p) + 0.3p: it is a straight line in "
             "p, so its best announcement is at an end of [0, 1], not at 0.7.",
        "d": "rule (d) measures calibration only: announcing the yearly share of rainy days "
             "every day is calibrated without using any forecast of tomorrow.",
    },
    not_a_letter="answer with one letter in quotes: 'a', 'b', 'c' or 'd'.",
    expected="the letter of the payment rule that makes honesty her unique best choice",
    default_hint="for each rule, write her expected penalty when rain has probability 0.7 as a "
                 "function of the announced p, and find where it is smallest.",
))


# ----------------------------------------------------------------------------- ece_fn
def _ece_reference(y_true, p, n_bins=10):
    return metrics.expected_calibration_error(_flat(y_true), _flat(p), n_bins=int(n_bins))


def _gaps(y, p, index, n_bins):
    """(counts, |gap| per bin, signed gap per bin) for a given bin index of each example."""
    count = np.bincount(index, minlength=n_bins).astype(float)
    conf = np.bincount(index, weights=p, minlength=n_bins)
    freq = np.bincount(index, weights=y, minlength=n_bins)
    full = count > 0
    signed = (freq[full] - conf[full]) / count[full]
    return count[full], signed


def _args(c):
    y, p = _flat(c.args[0]), _flat(c.args[1])
    n_bins = int(c.args[2]) if len(c.args) > 2 else int(c.kwargs.get("n_bins", 10))
    return y, p, n_bins


def _left_index(p, n_bins):
    return np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], p, side="right")


def _unweighted(c, r, e):
    y, p, n_bins = _args(c)
    count, signed = _gaps(y, p, _left_index(p, n_bins), n_bins)
    return _near(r, np.mean(np.abs(signed)), atol=1e-9) or _near(
        r, np.sum(np.abs(signed)) / n_bins, atol=1e-9)


def _signed(c, r, e):
    y, p, n_bins = _args(c)
    count, signed = _gaps(y, p, _left_index(p, n_bins), n_bins)
    return _near(r, abs(np.sum(count * signed) / count.sum()), atol=1e-9) or _near(
        r, np.sum(count * signed) / count.sum(), atol=1e-9)


def _right_closed(c, r, e):
    y, p, n_bins = _args(c)
    index = np.clip(np.ceil(p * n_bins).astype(int) - 1, 0, n_bins - 1)
    count, signed = _gaps(y, p, index, n_bins)
    return _near(r, np.sum(count * np.abs(signed)) / count.sum(), atol=1e-9)


def _top_bin_lost(c, r, e):
    if isinstance(r, Raised):
        return "index" in r.message or "bounds" in r.message or "IndexError" in r.type_name
    y, p, n_bins = _args(c)
    keep = p < 1.0
    if keep.all():
        return False
    count, signed = _gaps(y[keep], p[keep], _left_index(p[keep], n_bins), n_bins)
    candidates = (np.sum(count * np.abs(signed)) / count.sum(),
                  np.sum(count * np.abs(signed)) / p.size)
    return any(_near(r, v, atol=1e-9) for v in candidates)


def _weighted(y, p, index, n_bins, power=1):
    count, signed = _gaps(y, p, index, n_bins)
    return float(np.sum(count * np.abs(signed) ** power) / count.sum())


def _is_nan(c, r, e):
    return np.ndim(r) == 0 and np.isnan(float(r))


def _not_divided(c, r, e):
    y, p, n_bins = _args(c)
    return p.size > 1 and _near(r, e * p.size, atol=1e-9)


def _top_label(c, r, e):
    y, p, n_bins = _args(c)
    confidence = np.maximum(p, 1 - p)
    for predicted in (p > 0.5, p >= 0.5):
        hits = (predicted == (y == 1)).astype(float)
        index = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
        if _near(r, _weighted(hits, confidence, index, n_bins), atol=1e-9):
            return True
    return False


def _per_example(c, r, e):
    y, p, n_bins = _args(c)
    return _near(r, np.mean(np.abs(y - p)), atol=1e-9)


def _squared_gap(c, r, e):
    y, p, n_bins = _args(c)
    value = _weighted(y, p, _left_index(p, n_bins), n_bins, power=2)
    return _near(r, value, atol=1e-9) or _near(r, np.sqrt(value), atol=1e-9)


def _max_gap(c, r, e):
    y, p, n_bins = _args(c)
    count, signed = _gaps(y, p, _left_index(p, n_bins), n_bins)
    return _near(r, np.max(np.abs(signed)), atol=1e-9)


def _labels_for_probabilities(c, r, e):
    y, p, n_bins = _args(c)
    index = _left_index(p, n_bins)
    count = np.bincount(index, minlength=n_bins)
    freq = np.bincount(index, weights=y, minlength=n_bins)
    for labels in ((p > 0.5).astype(float), (p >= 0.5).astype(float)):
        pred = np.bincount(index, weights=labels, minlength=n_bins)
        if _near(r, np.sum(np.abs(freq - pred)) / count.sum(), atol=1e-9):
            return True
    return False


def _rounded_index(c, r, e):
    y, p, n_bins = _args(c)
    index = np.round(p * n_bins).astype(int)
    count, signed = _gaps(y, p, index, n_bins + 1)
    return _near(r, np.sum(count * np.abs(signed)) / count.sum(), atol=1e-9)


def _bins_ignored(c, r, e):
    y, p, n_bins = _args(c)
    return n_bins != 10 and _near(r, _ece_reference(y, p, 10), atol=1e-9)


_Y_EDGES = np.array([1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1, 0])  # gaps of both signs next to an edge
_P_EDGES = np.array([0.0, 0.1, 0.1, 0.2, 0.4, 0.5, 0.5, 0.8, 0.9, 0.9, 1.0, 1.0])
_RNG = np.random.default_rng(9)
_P_RANDOM = _RNG.uniform(0.01, 0.99, 40)  # no value on a bin edge: every binning agrees
_Y_RANDOM = (_RNG.uniform(size=40) < _P_RANDOM ** 2).astype(int)

register(Question(
    id="ece_fn",
    forbids=("lossedu.metrics.expected_calibration_error",),
    title="ece",
    names=("ece",),
    cases=(
        Case("40 probabilities, some bins crowded", (_Y_RANDOM, _P_RANDOM)),
        Case("probabilities on the bin edges, 0 and 1", (_Y_EDGES, _P_EDGES)),
        Case("n_bins=5", (_Y_RANDOM, _P_RANDOM), {"n_bins": 5}),
        Case("lists, most bins empty", ([1, 0, 1, 1, 0], [0.95, 0.05, 0.85, 0.97, 0.15])),
        Case("one bin holds everything",
             (np.array([1, 0, 1, 0]), np.array([0.5, 0.5, 0.55, 0.52]))),
    ),
    reference=_ece_reference,
    rtol=0.0,
    atol=1e-9,
    hints=(
        _LIST_HINT,
        Hint(_right_closed, "a probability exactly on an edge, like 0.1, belongs to the bin on its "
                            "right: the bins are [0, 0.1), [0.1, 0.2), ... (not scikit-learn's "
                            "(0.1, 0.2] bins)."),
        Hint(_top_bin_lost, "p = 1.0 must go into the last bin, [0.9, 1] for 10 bins: the last "
                            "bin is closed on the right."),
        Hint(_bins_ignored, "use the `n_bins` argument instead of a fixed 10."),
        Hint(_signed, "take the absolute value of each bin's gap: over- and under-confident bins "
                      "must not cancel."),
        Hint(_unweighted, "weight each bin's gap by its share of the examples, n_bin / n: a bin "
                          "with 2 examples must count less than one with 30."),
        Hint(_is_nan, "your result is nan: the mean of an empty bin is undefined; skip the bins "
                      "that hold no example (they contribute nothing)."),
        Hint(_not_divided, "you weighted each gap by the bin's count n_bin but did not divide by "
                           "n: the weights are shares, n_bin / n."),
        Hint(_top_label, "you binned max(p, 1 - p) and compared with the share of correct "
                         "labels (the multi-class 'top-label' ECE); here bin p itself and compare "
                         "with the share of class 1."),
        Hint(_per_example, "you averaged |y - p| over the examples (a per-example error); the ECE "
                           "first averages y and p within each bin, then compares the averages."),
        Hint(_squared_gap, "the ECE weights the absolute gap of each bin, not its square."),
        Hint(_max_gap, "that is the largest gap of any bin (the maximum calibration error); the "
                       "ECE is the weighted average of the gaps."),
        Hint(_labels_for_probabilities, "compare each bin's share of class 1 with its mean "
                                        "probability p, not with its predicted labels."),
        Hint(_rounded_index, "rounding p * n_bins puts a probability into the bin of the nearest "
                             "edge; bin k holds the p with k/M <= p < (k+1)/M."),
    ),
    default_hint="for each non-empty bin, take |share of class 1 - mean p| times the bin's "
                 "share of the examples, and add them up.",
))


# ----------------------------------------------------------------------------- calibration data
#: the breast-cancer split of the published notebook (a student's variant has its own)
SPLIT_SEED = 1


@cache
def calibration_split(split_seed=SPLIT_SEED):
    """(z_val, y_val, z_test, y_test): logits of an almost unpenalised logistic regression,
    :func:`lossedu.exercise_data.breast_cancer_logits` (the notebook's set-up cell runs the
    same code) of the split ``split_seed`` (1 in the published notebook,
    ``exercise_data.calibration_seed(VARIANT)`` in a student's variant)."""
    z_val, y_val, z_test, y_test = exercise_data.breast_cancer_logits(split_seed)
    return z_val, y_val.astype(float), z_test, y_test.astype(float)


def _split_case(variant):
    return Case(f"variant {variant}", (exercise_data.calibration_seed(variant),))


def _seed_of(c):
    """The breast-cancer split seed of a judged case (the published one without a case)."""
    return c.args[0] if c is not None else SPLIT_SEED


def _val_loss(T, c=None):
    z_val, y_val, _, _ = calibration_split(_seed_of(c))
    return float(losses.binary_cross_entropy_with_logits(y_val, z_val / T))


@cache
def _best_temperatures(split_seed=SPLIT_SEED):
    z_val, y_val, z_test, y_test = calibration_split(split_seed)
    return (calibration.fit_temperature(y_val, z_val), calibration.fit_temperature(y_test, z_test))


@cache
def _wrong_criteria(split_seed=SPLIT_SEED):
    """{name: (lowest value, its T)} of the validation ECE and Brier score on a fine T grid."""
    z_val, y_val, _, _ = calibration_split(split_seed)
    grid = np.arange(1.0, 60.0, 0.005)
    p = losses.sigmoid(z_val[None, :] / grid[:, None])
    brier = np.mean((p - y_val) ** 2, axis=1)
    ece = np.array([metrics.expected_calibration_error(y_val, row) for row in p])
    return {name: (float(v.min()), float(grid[np.argmin(v)]))
            for name, v in (("ECE", ece), ("Brier", brier))}


def _temperature(returned):
    """The learner's T as a positive float (ValueError otherwise)."""
    value = returned[0]
    if isinstance(value, bool | str):
        raise TypeError("not a number")
    t = float(np.asarray(value, dtype=float).reshape(()))
    if not np.isfinite(t) or t <= 0:
        raise ValueError("T must be a positive number")
    return t


# ----------------------------------------------------------------------------- temperature_fit
def _temperature_outcome(c, returned):
    best_val, _ = _best_temperatures(_seed_of(c))
    text = (f"a T whose validation log loss is within {T_TOLERANCE:g} nats of the smallest "
            f"({_val_loss(best_val, c):.6f} nats)")
    try:
        t = _temperature(returned)
    except (TypeError, ValueError):
        return False, text
    loss = _val_loss(t, c)
    return bool(loss <= _val_loss(best_val, c) + T_TOLERANCE), f"{text}; yours gives {loss:.6f}"


_t_not_number = unreadable(_temperature)


def _t_on_test(c, r, e):
    best_val, best_test = _best_temperatures(_seed_of(c))
    return abs(_temperature(r) / best_test - 1) < 0.02


def _t_inverted(c, r, e):
    best_val, _ = _best_temperatures(_seed_of(c))
    return abs(_temperature(r) * best_val - 1) < 0.1


def _t_one(c, r, e):
    return _temperature(r) == 1.0


def _t_all_data(c, r, e):
    z_val, y_val, z_test, y_test = calibration_split(_seed_of(c))
    both = calibration.fit_temperature(np.r_[y_val, y_test], np.r_[z_val, z_test])
    return abs(_temperature(r) / both - 1) < 0.01


def _validation_score(name, t, c=None):
    z_val, y_val, _, _ = calibration_split(_seed_of(c))
    p = losses.sigmoid(z_val / t)
    if name == "ECE":
        return metrics.expected_calibration_error(y_val, p)
    return float(np.mean((p - y_val) ** 2))


def _t_other_criterion(name):
    """T at (or near) the lowest validation ECE / Brier score instead of the lowest log loss.

    The ECE is a step function of T, with dips (in the published data, variant 0, near 10.0 and
    15.68, what grids of steps 0.5 and 0.01 find): "near" is within a tenth of the way from its
    lowest value to its value at the right T. The Brier score is smooth: within 1e-5 of its
    lowest value (T in about [10.4, 11.2] in the published data).
    """
    def predicate(c, r, e):
        lowest, _ = _wrong_criteria(_seed_of(c))[name]
        value = _validation_score(name, _temperature(r), c)
        if name == "ECE":
            at_best = _validation_score(name, _best_temperatures(_seed_of(c))[0], c)
            return value <= lowest + 0.1 * (at_best - lowest)
        return value <= lowest + 1e-5
    return predicate


def _t_loss_value(c, r, e):
    best_val, _ = _best_temperatures(_seed_of(c))
    return abs(_temperature(r) - _val_loss(best_val, c)) < 0.01


def _t_worse_than_one(c, r, e):
    return _val_loss(_temperature(r), c) > _val_loss(1.0, c)


def _t_whole_far(c, r, e):
    best_val, _ = _best_temperatures(_seed_of(c))
    t = _temperature(r)
    return t == int(t) and abs(t - best_val) > 2


register(Question(
    id="temperature_fit",
    title="temperature on the validation split",
    names=("T",),
    kind="value",
    variant_inputs=_split_case,
    check_outcome=_temperature_outcome,
    hints=(
        Hint(_t_not_number, "T must be one positive number (a float)."),
        Hint(_t_one, "T = 1 leaves the model as it was: search for the T that minimises the "
                     "validation log loss."),
        Hint(_t_on_test, "your T fits the test split: choose T on the validation split "
                         "(z_val, y_val) and keep the test split to judge the result."),
        Hint(_t_inverted, "your T looks like 1/T: the scaled probabilities are sigmoid(z / T), "
                          "the logits divided by T."),
        Hint(_t_all_data, "your T fits the validation and the test split together: choose T on "
                          "the validation split only and keep the test split to judge the result."),
        Hint(_t_other_criterion("ECE"), "your T is where the validation ECE (a coarse binned "
                                        "statistic) is lowest, not the log loss: minimise the "
                                        "validation log loss (if you did, widen or refine your "
                                        "search: steps of 0.1 are fine enough)."),
        Hint(_t_other_criterion("Brier"), "your T minimises the validation Brier score: the "
                                          "question asks for the T with the smallest validation "
                                          "log loss."),
        Hint(_t_loss_value, "that looks like the smallest validation log loss itself: T is the "
                            "temperature that gives it."),
        Hint(_t_worse_than_one, "your T gives a higher validation log loss than T = 1: are you "
                                "taking the largest loss (argmax) instead of the smallest?"),
        Hint(_t_whole_far, "T is a whole number far from the best temperature: did you keep the "
                           "position of the best grid point (np.argmin) instead of its value?"),
    ),
    default_hint="your T is not at the minimum of the validation log loss: widen or refine "
                 "your search (the loss of sigmoid(z_val / T) against y_val; steps of 0.1 are "
                 "fine enough).",
))


# ----------------------------------------------------------------------------- calibration_report
def _report_values(t, z, y):
    before = losses.sigmoid(z)
    after = losses.sigmoid(z / t)
    return (float(losses.binary_cross_entropy_with_logits(y, z)),
            float(losses.binary_cross_entropy_with_logits(y, z / t)),
            metrics.expected_calibration_error(y, before),
            metrics.expected_calibration_error(y, after))


def _report_expected(t, split="test", c=None):
    z_val, y_val, z_test, y_test = calibration_split(_seed_of(c))
    return _report_values(t, z_test, y_test) if split == "test" else _report_values(t, z_val, y_val)


def _reported(returned):
    values = [float(np.asarray(v, dtype=float).reshape(())) for v in returned[1:]]
    return np.array(values)


def _report_outcome(c, returned):
    try:
        t = _temperature(returned)
        got = _reported(returned)
    except (TypeError, ValueError):
        return False, "a positive T and four numbers"
    want = np.array(_report_expected(t, c=c))
    ok = bool(np.allclose(got, want, rtol=0, atol=REPORT_ATOL))
    return ok, ("test log loss before/after and test ECE before/after, with your T = "
                f"{t:.4g}, each within {REPORT_ATOL}")


def _report_on_validation(c, r, e):
    return _near(_reported(r), _report_expected(_temperature(r), "validation", c), atol=1e-6)


def _report_unscaled(c, r, e):
    got = _reported(r)
    return _near(got[1], got[0], atol=1e-9) or _near(got[3], got[2], atol=1e-9)


def _report_multiplied(c, r, e):
    z_val, y_val, z_test, y_test = calibration_split(_seed_of(c))
    t = _temperature(r)
    return _near(_reported(r)[1], losses.binary_cross_entropy_with_logits(y_test, z_test * t),
                 atol=1e-6)


def _report_infinite(c, r, e):
    return not np.all(np.isfinite(_reported(r)[:2]))


def _report_ece_above_one(c, r, e):
    return np.any(_reported(r)[2:] > 1)


def _report_after_other_t(c, r, e):
    got, want = _reported(r), np.array(_report_expected(_temperature(r), c=c))
    return _near(got[[0, 2]], want[[0, 2]], atol=REPORT_ATOL) and not _near(
        got[[1, 3]], want[[1, 3]], atol=REPORT_ATOL)


def _report_order(c, r, e):
    got, want = _reported(r), np.array(_report_expected(_temperature(r), c=c))
    return not _near(got, want, atol=REPORT_ATOL) and _near(np.sort(got), np.sort(want), atol=1e-6)


register(Question(
    id="calibration_report",
    title="calibration report",
    names=("T", "loss_before", "loss_after", "ece_before", "ece_after"),
    kind="value",
    variant_inputs=_split_case,
    check_outcome=_report_outcome,
    hints=(
        Hint(_report_on_validation, "these are validation numbers: report on the test split "
                                    "(z_test, y_test), which played no part in choosing T."),
        Hint(_report_multiplied, "loss_after uses the logits times T: the scaled "
                                 "probabilities are sigmoid(z / T)."),
        Hint(_report_unscaled, "an 'after' value equals its 'before' value: compute it from "
                               "the scaled logits."),
        Hint(_report_order, "the right numbers in the wrong places: check the order loss_before, "
                            "loss_after, ece_before, ece_after."),
        Hint(_report_infinite, "a log loss is infinite: sigmoid(z) rounds to exactly 1 for large "
                               "z, so compute the log losses from the logits "
                               "(binary_cross_entropy_with_logits)."),
        Hint(_report_ece_above_one, "an ECE above 1 is impossible: pass probabilities to ece "
                                    "(sigmoid of the logits), not the logits themselves."),
        Hint(_report_after_other_t, "the 'before' values are right, the 'after' ones do not "
                                    "match your T: use the same T variable you set in part 7."),
    ),
    default_hint="compute each number on the test split: the log loss of sigmoid(z_test) and of "
                 "sigmoid(z_test / T), and the ECE (10 bins) of both.",
))


# ----------------------------------------------------------------------------- cost_threshold
def _cost_reference(c_fp, c_fn):
    return float(c_fp) / (float(c_fp) + float(c_fn))


def _costs(c):
    return float(c.args[0]), float(c.args[1])


def _cost_swapped(c, r, e):
    fp, fn = _costs(c)
    return fp != fn and _near(r, fn / (fp + fn))


def _cost_ratio(c, r, e):
    fp, fn = _costs(c)
    return (fn != 0 and _near(r, fp / fn)) or (fp != 0 and _near(r, fn / fp))


def _cost_constant(c, r, e):
    return _near(r, 0.5) and not _near(e, 0.5)


register(Question(
    id="cost_threshold",
    title="cost_threshold",
    names=("cost_threshold",),
    cases=(
        Case("a missed positive costs 4 times a false alarm", (1, 4)),
        Case("a false alarm costs 5 times a miss", (5, 1)),
        Case("equal costs", (1, 1)),
        Case("equal costs of 10", (10.0, 10.0)),
        Case("costs 0.5 and 2", (0.5, 2.0)),
        Case("costs 3 and 7", (3, 7)),
    ),
    reference=_cost_reference,
    rtol=1e-9,
    hints=(
        Hint(_cost_constant, "your threshold ignores the costs: 0.5 is right only when both "
                             "mistakes cost the same."),
        Hint(_cost_swapped, "the costs are swapped: when a missed positive (c_fn) is the "
                            "expensive mistake, the threshold must go down, so that more "
                            "examples are called positive."),
        Hint(_cost_ratio, "a ratio of the two costs is not a probability (it can exceed 1): set "
                          "the expected cost of predicting 1 equal to that of predicting 0, and "
                          "solve for p."),
    ),
    default_hint="write the expected cost of each decision for an example with probability p "
                 "of class 1, and find the p where they are equal.",
))
