"""Questions of exercise 04 (cross-entropy: stable forms and gradients).

Warm-ups (computing the losses stably):

* ``bce_logits``: ``bce_with_logits(y, z)``, the mean binary cross-entropy from logits in the
  stable form ``max(z, 0) - y*z + log1p(exp(-|z|))``.
* ``softmax``: ``softmax(z)`` of an (n, K) batch, row by row, with the row max subtracted.
* ``softmax_ce``: ``softmax_cross_entropy(y, z)``, the mean multi-class cross-entropy from
  logits and integer labels, through log-sum-exp.

Derivations and decisions:

* ``softmax_ce_grad``: ``softmax_ce_grad(y, z)``, the gradient of the mean softmax
  cross-entropy with respect to the logits (derived: ``(p - q) / n``), judged against central
  finite differences of the trusted loss, so every correct form passes.
* ``logistic_grad``: ``logistic_grad(w, b, X, y_pm, lam)``, the pair ``(grad_w, grad_b)`` of
  the objective ``mean ln(1 + exp(-y_pm * z)) + lam * ||w||^2`` with ``z = X @ w + b`` and labels
  ``y_pm`` in {-1, +1} (the intercept is not penalised), judged against finite differences too.
* ``separable``: a choice: what gradient descent does on separable data without a penalty.

References are the trusted :mod:`lossedu.losses` functions. The cases include the hard ones:
logits of ±1000, float32 input, lists, a square batch where the wrong softmax axis gives a
different (silently wrong) answer, and (n,) labels next to (n, 1) logits.
"""

import numpy as np

from lossedu import losses
from lossedu.checks._core import Case, Hint, Question, Raised, fmt, near, register
from lossedu.checks._core import flat as _flat
from lossedu.checks.gradients import fd_gradient, grad_close, nan_in
from lossedu.checks.hints import choice_question, fails_on_lists, raised


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


_LIST_HINT = fails_on_lists("z")


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


def _bce_variant(c, *, y_sign=-1.0, use_abs=True):
    """Mean of max(z, 0) + y_sign*y*z + log1p(exp(-|z|)) (use_abs=False: exp(-z))."""
    y, z = _flat(c.args[0]), _flat(c.args[1])
    with np.errstate(over="ignore"):
        tail = np.log1p(np.exp(-np.abs(z) if use_abs else -z))
    return float(np.mean(np.maximum(z, 0) + y_sign * y * z + tail))


def _in_bits(c, r, e):
    return e != 0 and _near(r, e / np.log(2))


register(Question(
    id="bce_logits",
    forbids=("lossedu.losses.binary_cross_entropy_with_logits",),
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
        Hint(_lost_tiny, "every example here is confidently right, so the mean loss is tiny "
                         "(the expected value printed above) and your answer lost it: "
                         "np.log(1 + x) rounds 1 + x to 1 (np.log1p does not), and "
                         "log(1 + e^z) - y*z cancels the tiny part away."),
        Hint(_sign, "the loss is -log(probability of the true class) >= 0: check the sign."),
        Hint(_swapped_labels, "you swapped y and 1 - y: the term is -y*z (y = 1 wants z large)."),
        Hint(lambda c, r, e: _near(r, _bce_variant(c, y_sign=1.0)),
             "check the sign of the y*z term: the formula subtracts it (a class-1 example with "
             "a large z must cost little)."),
        Hint(lambda c, r, e: _near(r, _bce_variant(c, use_abs=False)),
             "the last term is log1p(exp(-|z|)), with the absolute value of z: without it the "
             "formula is wrong for negative logits (and exp overflows)."),
        Hint(_in_bits, "your loss is in bits (log base 2): the course measures it in nats, "
                       "with the natural log."),
    ),
    default_hint="compare your per-sample losses with the stable formula of the text, one "
                 "term at a time, on the failing case; then return their mean.",
))


# ----------------------------------------------------------------------------- softmax
def _reference_softmax(z):
    return losses.softmax(_rows(z), axis=1)


def _wrong_shape(c, r, e):
    return np.shape(r) != np.shape(e)


def _axis0(c, r, e):
    return _near(r, losses.softmax(_rows(c.args[0]), axis=0))


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
        Hint(raised("broadcast"), "the shapes do not line up: keep each row's max and sum as "
                                   "a column with keepdims=True, e.g. z.max(axis=1, "
                                   "keepdims=True), and work along axis=1."),
        Hint(_nonfinite, "your softmax overflows for large logits: subtract the row max "
                         "(z - z.max(axis=1, keepdims=True)) before np.exp."),
        Hint(_wrong_shape, "return probabilities with the same shape as z, (n, K)."),
        Hint(_axis0, "your columns sum to 1, not your rows: each sample is a row, so take "
                     "the max and the sum along axis=1."),
    ),
    default_hint="check on the failing case that every row of your result sums to 1 and that "
                 "each row was shifted by its own maximum.",
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


def _column_block(c, r, e):
    """z[:, y] (or log p[:, y]): an (n, n) block, every row paired with every label."""
    y, z = _flat(c.args[0]).astype(int), _rows(c.args[1])
    return _near(r, -losses.log_softmax(z, axis=1)[:, y].mean())


def _lse_without_max(c, r, e):
    """log(sum(exp(z - z_max))) - z_y: the row max z_max subtracted but never added back."""
    y, z = _flat(c.args[0]).astype(int), _rows(c.args[1])
    z_max = z.max(axis=1, keepdims=True)
    per = np.log(np.exp(z - z_max).sum(axis=1)) - z[np.arange(len(y)), y]
    return _near(r, per.mean())


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
        Case("float32 input, labels stored as floats", (np.array([2.0, 0.0], dtype=np.float32),
                                                        np.array([[100.0, 101.0, 102.0],
                                                                  [-50.0, 0.0, 50.0]],
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
        Hint(raised("broadcast"), "the shapes do not line up: the log-sum-exp runs along "
                                   "axis=1 (over the classes of each row) and gives one value "
                                   "per row; keep the row max as a column (keepdims=True)."),
        Hint(raised("index", "indices"), "index with integer labels: "
                                          "y = np.asarray(y).ravel().astype(int)."),
        Hint(_nonfinite, "log(softmax(z)) is log(0) = -inf once a probability underflows (and "
                         "exp overflows for large logits): use log-sum-exp with the row max "
                         "subtracted, loss_i = z_i,max + log(sum_j exp(z_ij - z_i,max)) "
                         "- z_i,y_i."),
        Hint(_labels_broadcast, "y has shape (n, 1) here: flatten it (np.ravel) before picking "
                                "z[np.arange(n), y], or you index an (n, n) table."),
        Hint(_averaging, "did you average over samples? Return one number, the mean loss."),
        Hint(_ce_axis0, "your log-sum-exp runs down the columns (over the samples): it must "
                        "run along each row, over that sample's classes (axis=1)."),
        Hint(_all_classes, "only the true class of each row counts: pick z[i, y_i] "
                           "(z[np.arange(n), y]), don't average over every class."),
        Hint(_column_block, "z[:, y] picks whole columns: an n x n block that pairs every row "
                            "with every label. You need one entry per row, row i with its own "
                            "label y[i]."),
        Hint(_lse_without_max, "you subtracted the row max z_i,max inside the exponentials but "
                               "did not add it back: log-sum-exp is "
                               "z_i,max + log(sum_j exp(z_ij - z_i,max))."),
        Hint(_sign, "the loss is -log(probability of the true class) >= 0: check the sign."),
        Hint(_in_bits, "your loss is in bits (log base 2): the course measures it in nats, "
                       "with the natural log."),
    ),
    default_hint="compare your per-sample losses with the log-sum-exp formula of the text on "
                 "the failing case; then return their mean over samples.",
))


# ----------------------------------------------------------------------------- softmax_ce_grad
def _ce_parts(c):
    """(labels as int (n,), logits float64 (n, K), one-hot targets, n) of a case."""
    y, z = _flat(c.args[0]).astype(int), _rows(c.args[1])
    return y, z, np.eye(z.shape[1])[y], len(y)


def _fd_softmax_ce(c):
    y, z, _, _ = _ce_parts(c)
    return fd_gradient(lambda zz: losses.softmax_cross_entropy(y, zz), z)


def _softmax_ce_grad_outcome(case, returned):
    expected = _fd_softmax_ce(case)
    return grad_close(returned, expected), f"{fmt(expected)} (finite differences)"


def _ce_grad_is(variant):
    """Hint predicate: the answer equals ``variant(p, q, n, z)`` (a known mistake)."""
    def when(c, r, e):
        _, z, q, n = _ce_parts(c)
        want = variant(losses.softmax(z, axis=1), q, n, z)
        return np.shape(r) == want.shape and near(r, want)
    return when


register(Question(
    id="softmax_ce_grad",
    forbids=("lossedu.losses.softmax_cross_entropy_grad",),
    title="softmax_ce_grad",
    names=("softmax_ce_grad",),
    cases=(
        Case("random logits (4, 3)", (np.array([0, 2, 1, 2]),
                                      np.round(np.random.default_rng(4).normal(0, 2, (4, 3)), 3))),
        Case("square batch (3, 3)", (np.array([2, 0, 1]),
                                     np.array([[2.0, 0.0, -1.0], [0.5, 1.5, 0.0],
                                               [-1.0, 3.0, 1.0]]))),
        Case("lists instead of arrays", ([1, 0], [[0.0, 1.0, -0.5], [3.0, -1.0, 0.2]])),
        Case("extreme logits ±1000", (np.array([0, 1]),
                                      np.array([[1000.0, 0.0, -1000.0], [1000.0, 0.0, -1000.0]]))),
        Case("float32 input", (np.array([2, 0]),
                               np.array([[100.0, 101.0, 102.0], [-5.0, 0.0, 5.0]],
                                        dtype=np.float32))),
        Case("labels as a column (n, 1)", (np.array([[1], [0], [3]]),
                                           np.round(np.random.default_rng(5).normal(0, 1, (3, 4)),
                                                    3))),
    ),
    check_outcome=_softmax_ce_grad_outcome,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: np.ndim(c.args[0]) == 2,
             "y has shape (n, 1) here: flatten it (np.ravel) before building the one-hot "
             "targets or indexing, or you get an (n, n) table."),
        Hint(lambda c, r, e: not isinstance(r, Raised) and nan_in(r),
             "your softmax overflows for large logits: subtract each row's max before np.exp."),
        Hint(lambda c, r, e: not isinstance(r, Raised) and np.shape(r) != np.shape(c.args[1]),
             "return one slope per logit: an array of the same shape as z, (n, K)."),
        Hint(_ce_grad_is(lambda p, q, n, z: p - q),
             "did you divide by n? The loss is the mean over the n samples, so every slope "
             "carries a factor 1/n."),
        Hint(_ce_grad_is(lambda p, q, n, z: (q - p) / n),
             "wrong sign: the slope of -ln p_y in z_k is prediction minus target."),
        Hint(_ce_grad_is(lambda p, q, n, z: (p - 1) / n),
             "you subtracted 1 from every entry: the -1 comes from the term -z_{i,y_i}, so it "
             "appears only at the true class of each row (the one-hot target)."),
        Hint(_ce_grad_is(lambda p, q, n, z: p / n),
             "you left out the target: differentiate -z_{i,y_i} as well as the log-sum-exp."),
        Hint(_ce_grad_is(lambda p, q, n, z: (losses.softmax(z, axis=0) - q) / n),
             "your columns sum to 1, not your rows: the softmax of each sample runs over its "
             "classes (axis=1)."),
        Hint(_ce_grad_is(lambda p, q, n, z: (p - q) * p * (1 - p) / n),
             "you multiplied by p(1 - p), the sigmoid's slope: differentiate l_i = -z_{i,y_i} + "
             "log sum_j exp(z_ij) directly in z_ik, and no such factor appears."),
        Hint(_ce_grad_is(lambda p, q, n, z: -q / p / n),
             "that is the slope in the probabilities p (-1/p at the true class); the question "
             "asks for the slope in the logits z, through the softmax."),
        Hint(_ce_grad_is(lambda p, q, n, z: (p - q) / z.shape[1]),
             "you divided by K, the number of classes: the mean is over the n samples."),
    ),
    default_hint="write l_i = -z_{i,y_i} + log sum_j exp(z_ij), differentiate it in z_ik, "
                 "and remember the mean over samples.",
))


# ----------------------------------------------------------------------------- logistic_grad
def _lr_parts(c):
    """(w, b, X, labels in {0, 1}, lam) of a case; the case gives the labels as -1/+1."""
    w, b, X, y_pm, lam = c.args
    X = np.asarray(X, dtype=float)
    return (np.asarray(w, dtype=float).ravel(), float(b), X.reshape(len(X), -1),
            (_flat(y_pm) + 1) / 2, float(lam))


def _objective(w, b, X, y, lam):
    return losses.binary_cross_entropy_with_logits(y, X @ w + b) + lam * np.sum(w ** 2)


def _fd_logistic(c):
    w, b, X, y, lam = _lr_parts(c)
    return (fd_gradient(lambda ww: _objective(ww, b, X, y, lam), w),
            float(fd_gradient(lambda bb: _objective(w, bb[0], X, y, lam), np.array([b]))[0]))


def _is_pair(r):
    return isinstance(r, tuple | list) and len(r) == 2 and np.size(r[1]) == 1


def _logistic_outcome(case, returned):
    want_w, want_b = _fd_logistic(case)
    text = f"({fmt(want_w)}, {fmt(want_b)}) (finite differences)"
    if not _is_pair(returned):
        return False, text
    grad_w, grad_b = returned
    return (grad_close(grad_w, want_w) and grad_close(np.ravel(grad_b)[0], want_b)), text


def _logistic_variant(c, *, sign=1.0, n_divide=True, sigmoid=True, pen=2.0, pen_b=False,
                      pm_as_01=False, flipped=False, pen_n=False, sat=False, inner_sign=False):
    w, b, X, y, lam = _lr_parts(c)
    if pm_as_01:  # the -1/+1 labels used as if they were 0/1
        y = 2 * y - 1
    if flipped:  # the -1/+1 labels converted the wrong way round
        y = 1 - y
    z = X @ w + b
    if inner_sign:  # -t * sigmoid(t z) instead of -t * sigmoid(-t z)
        t = 2 * y - 1
        slope = -t * losses.sigmoid(t * z)
    else:
        slope = (losses.sigmoid(z) if sigmoid else z) - y
    if sat:  # the squared error's slope through the sigmoid
        p = losses.sigmoid(z)
        slope = slope * p * (1 - p)
    slope = sign * slope / (len(y) if n_divide else 1)
    if pen_n:
        lam = lam / len(y)
    grad_w = X.T @ slope + pen * lam * w
    grad_b = slope.sum() + (pen * lam * b if pen_b else 0.0)
    return grad_w, grad_b


def _lr_is(**mistake):
    def when(c, r, e):
        if not _is_pair(r):
            return False
        want_w, want_b = _logistic_variant(c, **mistake)
        return near(r[0], want_w, rtol=1e-4, atol=1e-7) and near(r[1], want_b, rtol=1e-4,
                                                                 atol=1e-7)
    return when


def _lr_half(part):
    """grad_w right and grad_b wrong (part 0), or the other way round (part 1)."""
    def when(c, r, e):
        if not _is_pair(r):
            return False
        want = _fd_logistic(c)
        other = 1 - part
        return (grad_close(np.ravel(r[part]) if part else r[part],
                            np.ravel(want[part]) if part else want[part])
                and not grad_close(np.ravel(r[other]), np.ravel(want[other])))
    return when


_rl = np.random.default_rng(7)
_XR = np.round(_rl.normal(0, 1, (6, 3)), 3)
_YR = np.array([1, -1, -1, 1, 1, -1])  # labels written -1/+1 (y_pm = 2y - 1)
_WR = np.round(_rl.normal(0, 1, 3), 3)

register(Question(
    id="logistic_grad",
    forbids=("lossedu.losses.binary_cross_entropy_with_logits_grad",),
    title="logistic_grad",
    names=("logistic_grad",),
    cases=(
        Case("random point, lam = 0", (_WR, 0.3, _XR, _YR, 0.0)),
        Case("random point, lam = 0.1", (-_WR, -0.7, _XR, -_YR, 0.1)),
        Case("lists instead of arrays", ([0.2, -0.4, 0.1], 0.5, _XR.tolist(), _YR.tolist(), 0.5)),
        Case("extreme scores ±1000", (np.array([1000.0, -1000.0, 0.0]), 0.0,
                                      np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0],
                                                [1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]),
                                      np.array([1, 1, -1, -1]), 0.001)),
        Case("float32 input", (_WR.astype(np.float32), np.float32(0.1),
                               _XR.astype(np.float32), _YR.astype(np.float32), 0.2)),
        Case("y of shape (n, 1)", (_WR / 2, 0.0, _XR, _YR.reshape(-1, 1), 0.05)),
    ),
    check_outcome=_logistic_outcome,
    hints=(
        _LIST_HINT,
        Hint(lambda c, r, e: np.ndim(c.args[3]) == 2,
             "y has shape (n, 1) in this case: flatten it (np.ravel) before computing p - y, "
             "or the difference broadcasts to an (n, n) table."),
        Hint(lambda c, r, e: not isinstance(r, Raised) and not _is_pair(r),
             "return a pair (grad_w, grad_b): grad_w with one entry per weight, grad_b a number."),
        Hint(lambda c, r, e: np.ndim(r[0]) == 2,
             "grad_w has shape (d, 1): flatten it (np.ravel) to the shape (d,) of w."),
        Hint(lambda c, r, e: nan_in(r),
             "your result contains nan: np.exp(z) / (1 + np.exp(z)) is inf / inf for z = 1000. "
             "Use a sigmoid that cannot overflow, such as the sigmoid imported at the top."),
        Hint(_lr_is(pm_as_01=True), "the labels here are -1 and +1: p - y holds for labels 0 "
                                    "and 1. Convert them, or differentiate ln(1 + e^(-y_pm z)) "
                                    "directly."),
        Hint(_lr_is(sign=-1.0), "wrong sign: the slope of the loss in each logit is prediction "
                                "minus label (with the label written 0/1)."),
        Hint(_lr_is(n_divide=False), "did you divide by n? L is the mean over the examples, so "
                                     "its gradient is too (the penalty is not divided)."),
        Hint(_lr_is(sigmoid=False), "apply the sigmoid to the logits z = X @ w + b before "
                                    "subtracting y."),
        Hint(_lr_is(pen=0.0), "the objective includes the penalty lam * ||w||^2: add its "
                              "gradient to grad_w."),
        Hint(_lr_is(pen=1.0), "the derivative of lam * w_j**2 is 2 * lam * w_j: a factor 2 is "
                              "missing in the penalty's gradient."),
        Hint(_lr_is(pen_b=True), "the intercept b is not penalised: the penalty adds nothing to "
                                 "grad_b."),
        Hint(_lr_is(pen_n=True), "you divided the penalty's gradient by n: the penalty "
                                 "lam * ||w||^2 is added once, not averaged over the examples."),
        Hint(_lr_is(flipped=True), "your labels are the wrong way round: y_pm = +1 is class 1, "
                                   "so it becomes y = 1 (and y_pm = -1 becomes 0)."),
        Hint(_lr_is(inner_sign=True), "check the sign inside your sigmoid: write the slope of "
                                      "ln(1 + e^(-y_pm z)) in z as a fraction and compare it with "
                                      "sigma(u) = 1 / (1 + e^(-u)) = e^u / (1 + e^u)."),
        Hint(_lr_is(sat=True), "you multiplied by p(1 - p): that is the squared error's slope "
                               "through the sigmoid; the log loss's slope in z has no such "
                               "factor."),
        Hint(_lr_half(0), "grad_w is right but grad_b is not: b enters every logit z_i with "
                          "slope 1."),
        Hint(_lr_half(1), "grad_b is right but grad_w is not: check its two parts, the data "
                          "term (w_j enters z_i with slope x_ij) and the penalty's gradient."),
    ),
    default_hint="differentiate J one piece at a time: the mean log loss through z = X @ w + b "
                 "(chain rule), then the penalty lam * ||w||^2, which does not involve b.",
))


# ----------------------------------------------------------------------------- separable
register(choice_question(
    "separable", "separable data", "separable_answer", "b", {
        "a": "convexity says every minimum is global, not that a minimum exists: scale a (w, b) "
             "that separates the data by 2 and see what happens to each example's loss.",
        "c": "with a safe learning rate every step lowers the loss; what grows here is not the "
             "loss.",
        "d": "for logistic regression the log loss is convex in (w, b): it has no local minimum "
             "that is not global.",
    },
    not_a_letter="answer with one letter, as a string: 'a', 'b', 'c' or 'd'.",
    expected="the right letter", expected_invalid="one letter: 'a', 'b', 'c' or 'd'",
))
