"""Questions of exercise 03 (cross-entropy, computed stably).

* ``bce_logits``: ``bce_with_logits(y, z)``, the mean binary cross-entropy from logits in the
  stable form ``max(z, 0) - y*z + log1p(exp(-|z|))``.
* ``softmax``: ``softmax(z)`` of an (n, K) batch, row by row, with the row max subtracted.
* ``softmax_ce``: ``softmax_cross_entropy(y, z)``, the mean multi-class cross-entropy from
  logits and integer labels, through log-sum-exp.

References are the trusted :mod:`lossedu.losses` functions. The cases include the hard ones:
logits of ±1000, float32 input, lists, a square batch where the wrong softmax axis gives a
different (silently wrong) answer, and (n,) labels next to (n, 1) logits.
"""

import numpy as np

from lossedu import losses
from lossedu.checks._core import Case, Hint, Question, Raised, near, register
from lossedu.checks._core import flat as _flat


# ----------------------------------------------------------------------------- helpers
def _rows(x):
    return np.asarray(x, dtype=float)


def _near(a, b):
    """:func:`near` with no absolute slack: expected values here can be tiny."""
    return near(a, b, atol=1e-30)


def _is_scalar(r):
    return np.ndim(r) == 0


def _nonfinite(c, r, e):
    return not np.all(np.isfinite(np.asarray(r, dtype=float)))


def _averaging(c, r, e):
    """A sum instead of a mean, or the per-sample losses instead of their mean."""
    n = _flat(c.args[0]).size
    return (not _is_scalar(r) and np.size(r) == n) or _near(r, e * n)


def _raised(*words):
    """A hint predicate: the answer raised an error whose message has one of ``words``."""
    return lambda c, r, e: isinstance(r, Raised) and any(w in r.message for w in words)


_LIST_HINT = Hint(_raised("list", "sequence"),
                  "your code fails on Python lists: convert first, "
                  "e.g. z = np.asarray(z, dtype=float).")


def _sign(c, r, e):
    return e != 0 and _near(r, -e)


# ----------------------------------------------------------------------------- bce_logits
def _reference_bce(y, z):
    return losses.binary_cross_entropy_with_logits(_flat(y), _flat(z))


def _bce_broadcast(c, r, e):
    """y of shape (n,) and z of shape (n, 1) were combined into an (n, n) table."""
    y, z = np.asarray(c.args[0], float), np.asarray(c.args[1], float)
    if y.shape == z.shape:
        return False
    table = np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))
    return _near(r, table.mean()) or np.shape(r) == table.shape


def _clipped(c, r, e):
    """A finite loss far below the truth on huge logits: probabilities were clipped."""
    return np.max(np.abs(_flat(c.args[1]))) >= 1000 and np.isfinite(r) and r < 0.5 * e


def _lost_tiny(c, r, e):
    return 0 < e < 1e-10 and not _near(r, e)


def _swapped_labels(c, r, e):
    return _near(r, _reference_bce(1 - _flat(c.args[0]), c.args[1]))


register(Question(
    id="bce_logits",
    title="bce_with_logits",
    names=("bce_with_logits",),
    cases=(
        Case("four samples", (np.array([0, 1, 1, 0]), np.array([-1.2, 0.3, 2.0, 0.5]))),
        Case("lists instead of arrays", ([1, 0, 1], [0.0, -2.5, 4.0])),
        Case("extreme logits ±1000", (np.array([1, 0, 1, 0]),
                                      np.array([1000.0, -1000.0, -1000.0, 1000.0]))),
        Case("confident and right (a tiny loss)", (np.array([1, 0, 1]),
                                                   np.array([40.0, -40.0, 38.0]))),
        Case("float32 input", (np.array([0, 1, 1], dtype=np.float32),
                               np.array([20.0, -20.0, 0.5], dtype=np.float32))),
        Case("labels (n,), logits (n, 1)", (np.array([1, 0, 1, 1]),
                                            np.array([[2.0], [-1.0], [0.5], [-0.3]]))),
    ),
    reference=_reference_bce,
    rtol=1e-5,  # float32 arithmetic is allowed
    atol=0.0,   # a tiny loss (about 4e-18) must be computed, not rounded to 0
    hints=(
        _LIST_HINT,
        Hint(_nonfinite, "log(sigmoid(z)) underflows to -inf for z = -1000 (and "
                         "log(1 - sigmoid(z)) for z = 20 in float32): use the logits form "
                         "max(z, 0) - y*z + log1p(exp(-|z|))."),
        Hint(_bce_broadcast, "y has shape (n,) and z has shape (n, 1) here: flatten both "
                             "(np.ravel) so they do not broadcast to an (n, n) table."),
        Hint(_averaging, "did you average over samples? Return one number, the mean loss."),
        Hint(_clipped, "clipping the probabilities caps the loss: with y = 1 and z = -1000 the "
                       "loss is 1000, not -log(eps). Use the logits form."),
        Hint(_lost_tiny, "the true loss here is tiny (about 4e-18) and your answer lost it: "
                         "use max(z, 0) - y*z + np.log1p(np.exp(-|z|)) as written. "
                         "np.log(1 + x) rounds 1 + x to 1, and log(1 + e^z) - y*z cancels "
                         "the tiny part away."),
        Hint(_sign, "the loss is -log(probability of the true class) >= 0: check the sign."),
        Hint(_swapped_labels, "you swapped y and 1 - y: the term is -y*z (y = 1 wants z large)."),
    ),
    default_hint="per sample the loss is max(z, 0) - y*z + log1p(exp(-|z|)); convert the "
                 "inputs with np.asarray(..., dtype=float).ravel() and return the mean.",
))


# ----------------------------------------------------------------------------- softmax
def _reference_softmax(z):
    return losses.softmax(_rows(z), axis=1)


def _wrong_shape(c, r, e):
    return np.shape(r) != np.shape(e)


def _axis0(c, r, e):
    return _near(r, losses.softmax(_rows(c.args[0]), axis=0))


def _no_keepdims(c, r, e):
    """Each row's max or sum was lined up with the columns (no keepdims on a square batch)."""
    z = _rows(c.args[0])
    if z.shape[0] != z.shape[1]:
        return False
    rows_sum_to_one = np.allclose(np.sum(r, axis=1), 1.0)
    shifted = np.exp(z - z.max(axis=1))  # max of row j subtracted from column j
    right_shift = np.exp(z - z.max(axis=1, keepdims=True))
    variants = (
        shifted / shifted.sum(axis=1, keepdims=True),
        shifted / shifted.sum(axis=1),
        right_shift / right_shift.sum(axis=1),  # sum of row j divides column j
    )
    return not rows_sum_to_one or any(_near(r, v) for v in variants)


register(Question(
    id="softmax",
    title="softmax",
    names=("softmax",),
    cases=(
        Case("2 rows, 3 classes", (np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]),)),
        Case("square batch (3, 3)", (np.array([[2.0, 0.0, -1.0], [0.5, 1.5, 0.0],
                                               [-1.0, 3.0, 1.0]]),)),
        Case("lists instead of arrays", ([[0.5, -0.5, 0.0, 1.0]],)),
        Case("extreme logits ±1000", (np.array([[1000.0, 0.0, -1000.0],
                                                [-1000.0, -1000.0, -1000.0]]),)),
        Case("float32 input", (np.array([[100.0, 101.0, 102.0], [0.0, 0.5, -0.5]],
                                        dtype=np.float32),)),
        Case("one sample (1, K)", (np.array([[3.0, 1.0, 0.2, -1.0]]),)),
    ),
    reference=_reference_softmax,
    rtol=1e-5,
    atol=1e-12,
    hints=(
        _LIST_HINT,
        Hint(_raised("broadcast"), "the shapes do not line up: keep each row's max and sum as "
                                   "a column with keepdims=True, e.g. z.max(axis=1, "
                                   "keepdims=True), and work along axis=1."),
        Hint(_nonfinite, "your softmax overflows for large logits: subtract the row max "
                         "(z - z.max(axis=1, keepdims=True)) before np.exp."),
        Hint(_wrong_shape, "return probabilities with the same shape as z, (n, K)."),
        Hint(_axis0, "did you normalise along axis=1 (each row sums to 1)?"),
        Hint(_no_keepdims, "each row must be shifted by its own max and divided by its own sum: "
                           "use keepdims=True (or [:, None]) in z.max(axis=1) and .sum(axis=1)."),
    ),
    default_hint="softmax(z)[i, k] = exp(z[i, k] - m_i) / sum_j exp(z[i, j] - m_i), with m_i "
                 "the max of row i; convert z with np.asarray(z, dtype=float).",
))


# ----------------------------------------------------------------------------- softmax_ce
def _reference_softmax_ce(y, z):
    return losses.softmax_cross_entropy(_flat(y).astype(int), _rows(z))


def _ce_axis0(c, r, e):
    """Log-sum-exp taken over the samples (axis=0) instead of the classes."""
    y, z = _flat(c.args[0]).astype(int), _rows(c.args[1])
    log_p = losses.log_softmax(z, axis=0)
    return _near(r, -log_p[np.arange(len(y)), y].mean())


def _labels_broadcast(c, r, e):
    """Labels of shape (n, 1) used for fancy indexing: z[arange(n), y] is an (n, n) table."""
    y, z = np.asarray(c.args[0]), _rows(c.args[1])
    if y.ndim != 2:
        return False
    table = -losses.log_softmax(z, axis=1)[np.arange(len(y)), y.astype(int)]
    return _near(r, table.mean()) or np.shape(r) == table.shape


def _all_classes(c, r, e):
    """The mean of -log p over every entry (n*K) or summed over classes."""
    z = _rows(c.args[1])
    neg_log_p = -losses.log_softmax(z, axis=1)
    return _near(r, neg_log_p.mean()) or _near(r, neg_log_p.sum(axis=1).mean())


register(Question(
    id="softmax_ce",
    title="softmax_cross_entropy",
    names=("softmax_cross_entropy",),
    cases=(
        Case("two samples", (np.array([0, 2]), np.array([[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]]))),
        Case("square batch (3, 3)", (np.array([2, 0, 1]),
                                     np.array([[2.0, 0.0, -1.0], [0.5, 1.5, 0.0],
                                               [-1.0, 3.0, 1.0]]))),
        Case("lists instead of arrays", ([1, 0], [[0.0, 1.0], [3.0, -1.0]])),
        Case("extreme logits ±1000", (np.array([0, 1, 2]),
                                      np.array([[1000.0, 0.0, -1000.0], [1000.0, 0.0, -1000.0],
                                                [-1000.0, -1000.0, -1000.0]]))),
        Case("float32 input", (np.array([2, 0]),
                               np.array([[100.0, 101.0, 102.0], [-50.0, 0.0, 50.0]],
                                        dtype=np.float32))),
        Case("labels as a column (n, 1)", (np.array([[1], [0], [3]]),
                                           np.array([[0.2, 1.0, -0.5, 0.0], [2.0, 0.1, 0.3, -1.0],
                                                     [0.0, 0.5, 1.0, 1.5]]))),
    ),
    reference=_reference_softmax_ce,
    rtol=1e-5,
    atol=1e-12,
    hints=(
        _LIST_HINT,
        Hint(_raised("broadcast"), "the shapes do not line up: the log-sum-exp runs along "
                                   "axis=1 (over the classes of each row) and gives one value "
                                   "per row; keep the row max as a column (keepdims=True)."),
        Hint(_raised("index", "indices"), "index with integer labels: "
                                          "y = np.asarray(y).ravel().astype(int)."),
        Hint(_nonfinite, "log(softmax(z)) is log(0) = -inf once a probability underflows (and "
                         "exp overflows for large logits): use log-sum-exp with the row max "
                         "subtracted, loss_i = m_i + log(sum_j exp(z_ij - m_i)) - z_i,y_i."),
        Hint(_labels_broadcast, "y has shape (n, 1) here: flatten it (np.ravel) before picking "
                                "z[np.arange(n), y], or you index an (n, n) table."),
        Hint(_averaging, "did you average over samples? Return one number, the mean loss."),
        Hint(_ce_axis0, "did you normalise along axis=1 (each row sums to 1)? The log-sum-exp "
                        "runs over the classes of each row."),
        Hint(_all_classes, "only the true class of each row counts: pick z[i, y_i] "
                           "(z[np.arange(n), y]), don't average over every class."),
        Hint(_sign, "the loss is -log(probability of the true class) >= 0: check the sign."),
    ),
    default_hint="per sample the loss is logsumexp(z_i) - z_i[y_i], with the row max "
                 "subtracted inside the log-sum-exp; return the mean over samples.",
))
