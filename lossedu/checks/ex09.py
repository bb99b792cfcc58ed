"""Questions of exercise 06 (loss vs accuracy).

* ``accuracy_fn``: implement ``accuracy(y_true, p, threshold=0.5)`` from probabilities.
* ``same_accuracy_diff_loss``: two prediction sets ``p_one``, ``p_two`` for the labels
  :data:`LABELS` with equal accuracy and log losses at least :data:`MIN_GAP` apart.
* ``accuracy_loss_disagree``: models ``p_a``, ``p_b`` where B has the higher accuracy
  *and* a log loss at least :data:`MIN_GAP` higher than A.

The two construction questions are judged by a property (``check_outcome``) with the
trusted :func:`lossedu.metrics.accuracy` and :func:`lossedu.losses.binary_cross_entropy`.
"""

import numpy as np

from lossedu.checks._core import Case, Hint, Question, Raised, register
from lossedu.checks._core import flat as _flat
from lossedu.losses import binary_cross_entropy
from lossedu.metrics import accuracy

#: the labels of the two construction questions (the notebook prints the same ones)
LABELS = np.array([1, 0, 1, 1, 0, 1, 0, 0])
#: the smallest log-loss gap that counts as "different" (nats)
MIN_GAP = 0.2


# ----------------------------------------------------------------------------- trusted helpers
def _labels_from(p, threshold=0.5, strict=False):
    p = _flat(p)
    return (p > threshold if strict else p >= threshold).astype(int)


def _accuracy(y_true, p, threshold=0.5):
    """Trusted accuracy from probabilities: class 1 when ``p >= threshold``."""
    return float(accuracy(_flat(y_true).astype(int), _labels_from(p, threshold)))


def _log_loss(y_true, p):
    return float(binary_cross_entropy(_flat(y_true), _flat(p)))


# ----------------------------------------------------------------------------- accuracy_fn
def _reference_accuracy(y_true, p, threshold=0.5):
    return _accuracy(y_true, p, threshold)


def _count(c, r, e):
    return np.isclose(r, e * len(_flat(c.args[0])))


def _threshold_ignored(c, r, e):
    threshold = c.kwargs.get("threshold", 0.5)
    return threshold != 0.5 and np.isclose(r, _accuracy(c.args[0], c.args[1], 0.5))


def _strict_comparison(c, r, e):
    y, p = _flat(c.args[0]).astype(int), c.args[1]
    strict = float(np.mean(y == _labels_from(p, c.kwargs.get("threshold", 0.5), strict=True)))
    return not np.isclose(strict, e) and np.isclose(r, strict)


def _broadcast(c, r, e):
    y, p = np.asarray(c.args[0], float), np.asarray(c.args[1], float)
    if y.shape == p.shape:
        return False
    wrong = np.mean(y == (p >= c.kwargs.get("threshold", 0.5)))
    return np.isclose(r, wrong) or np.shape(r) != ()


def _raised_on_list(case, returned, expected):
    return isinstance(returned, Raised) and ("list" in returned.message
                                             or "sequence" in returned.message)


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
             (np.array([1, 1, 0, 0]), np.array([0.5, 0.5, 0.7, 0.2]))),
        Case("p of shape (n, 1)", (np.array([1, 0, 0, 1, 1, 0]),
                                   np.array([[0.7], [0.4], [0.6], [0.2], [0.9], [0.1]]))),
        Case("float32 input", (np.array([1.0, 0.0, 1.0], dtype=np.float32),
                               np.array([0.55, 0.45, 0.05], dtype=np.float32))),
        Case("every prediction wrong", (np.array([0, 1, 0]), np.array([0.99, 0.01, 0.8]))),
    ),
    reference=_reference_accuracy,
    hints=(
        Hint(_raised_on_list, "your code fails on Python lists: convert first, "
                              "e.g. p = np.asarray(p, dtype=float)."),
        Hint(_broadcast, "p has shape (n, 1) here: flatten both inputs (np.ravel) so the "
                         "comparison does not broadcast to an (n, n) table."),
        Hint(_count, "you returned the number of correct predictions: divide by n."),
        Hint(lambda c, r, e: np.isclose(r, 100 * e) and e != 0,
             "return a fraction between 0 and 1, not a percentage."),
        Hint(_threshold_ignored, "use the `threshold` argument instead of a fixed 0.5."),
        Hint(_strict_comparison, "a probability equal to the threshold counts as class 1: "
                                 "use p >= threshold."),
        Hint(lambda c, r, e: np.isclose(r, 1 - e),
             "you counted the mistakes: accuracy is the fraction of correct predictions."),
    ),
    default_hint="convert the inputs with np.asarray(..., dtype=float), predict 1 where "
                 "p >= threshold, then take the mean of (prediction == y_true).",
))


# ------------------------------------------------------------------- construction questions
def _as_predictions(values):
    """The learner's probabilities as a flat float array (ValueError when unusable)."""
    p = _flat(values)
    if p.size != LABELS.size:
        raise ValueError(f"need {LABELS.size} probabilities, got {p.size}")
    if not np.all((p > 0) & (p < 1)):
        raise ValueError("probabilities must be strictly between 0 and 1")
    return p


def _summary(returned):
    """'accuracy 0.75 vs 0.625, log loss 0.41 vs 0.52' for two prediction sets."""
    first, second = (_as_predictions(v) for v in returned)
    acc = [_accuracy(LABELS, p) for p in (first, second)]
    loss = [_log_loss(LABELS, p) for p in (first, second)]
    text = f"accuracy {acc[0]:.4g} vs {acc[1]:.4g}, log loss {loss[0]:.4g} vs {loss[1]:.4g}"
    return acc, loss, text


def _same_accuracy_outcome(case, returned):
    acc, loss, text = _summary(returned)
    ok = np.isclose(acc[0], acc[1]) and abs(loss[0] - loss[1]) >= MIN_GAP
    return bool(ok), f"equal accuracy and log losses at least {MIN_GAP} apart (yours: {text})"


def _disagree_outcome(case, returned):
    acc, loss, text = _summary(returned)
    ok = acc[1] > acc[0] + 1e-9 and loss[1] - loss[0] >= MIN_GAP
    return bool(ok), (f"B with higher accuracy and a log loss at least {MIN_GAP} higher "
                      f"than A (yours: {text})")


def _unusable(returned):
    try:
        for values in returned:
            _as_predictions(values)
    except (ValueError, TypeError):
        return True
    return False


def _stats(returned):
    acc, loss, _ = _summary(returned)
    return acc, loss


_SHAPE_HINT = Hint(lambda c, r, e: _unusable(r),
                   f"give one probability of class 1 per label ({LABELS.size} values), each "
                   "strictly between 0 and 1 (0 or 1 would make the log loss infinite).")

register(Question(
    id="same_accuracy_diff_loss",
    title="same accuracy, different loss",
    names=("p_one", "p_two"),
    kind="value",
    check_outcome=_same_accuracy_outcome,
    hints=(
        _SHAPE_HINT,
        Hint(lambda c, r, e: not np.isclose(*_stats(r)[0]),
             "the accuracies differ: keep every prediction on the same side of 0.5 in both "
             "sets and change only how confident it is."),
        Hint(lambda c, r, e: abs(np.subtract(*_stats(r)[1])) < MIN_GAP,
             "the log losses are too close: make one set much more confident (for example "
             "0.95 instead of 0.6 on the correct side)."),
    ),
    default_hint="both sets must classify the labels equally well, but with different confidence.",
))

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
        Hint(lambda c, r, e: _stats(r)[1][1] - _stats(r)[1][0] < MIN_GAP,
             "B's log loss is not high enough: let B be confidently wrong on the one "
             "example it misses (say 0.01 for a label 1), and let A be only mildly wrong."),
    ),
    default_hint="B should be right more often but, when wrong, very confident.",
))
