"""Questions of exercise 04 (log loss above one).

* ``logloss_threshold``: ``prob_at_loss(loss, base=np.e)``, the probability given to the true
  class at which the log loss (in the given base) equals ``loss``: ``base ** -loss``
  (1/e for one nat, 0.5 for one bit).
* ``chance_baseline``: ``chance_log_loss(k, base=np.e)``, the log loss of guessing 1/k for
  every class: ``log_base(k)``.
* ``constant_predictor``: ``constant_log_loss(y)``, the log loss (nats) of the best constant
  predictor, which always predicts the class frequencies of ``y`` (the label entropy).
* ``perplexity``: ``perplexity(y, p)``, ``exp`` of the mean log loss in nats.

The hints aim at log-base mistakes (``np.log2`` or ``np.log10`` where nats are asked, a
``base`` argument that is ignored) and at 0 * log 0.
"""

import numpy as np

from lossedu import losses
from lossedu.checks._core import Case, Hint, Question, Raised, register
from lossedu.checks._core import near as _near

_MATH_HINT = Hint(
    lambda c, r, e: isinstance(r, Raised) and ("Python scalars" in r.message
                                               or "real number" in r.message),
    "the math module works on one number at a time: use np.log / np.exp / np.power, which "
    "work element-wise on lists and arrays.",
)
_LIST_HINT = Hint(
    lambda c, r, e: isinstance(r, Raised) and ("list" in r.message or "sequence" in r.message),
    "your code fails on Python lists: convert the inputs with np.asarray first.",
)


def _base(c):
    return float(c.kwargs.get("base", np.e))


# ----------------------------------------------------------------------------- logloss_threshold
def _reference_prob(loss, base=np.e):
    return np.power(float(base), -np.asarray(loss, dtype=float))


def _bits_for_nats(c, r, e):
    return _base(c) == np.e and _near(r, _reference_prob(c.args[0], 2.0))


def _decimal_for_nats(c, r, e):
    return _base(c) == np.e and _near(r, _reference_prob(c.args[0], 10.0))


def _base_ignored(c, r, e):
    return _base(c) != np.e and _near(r, _reference_prob(c.args[0]))


def _loss_sign(c, r, e):
    return _near(r, np.power(_base(c), np.asarray(c.args[0], dtype=float)))


def _complement(c, r, e):
    return _near(r, 1.0 - np.asarray(e))


register(Question(
    id="logloss_threshold",
    title="prob_at_loss",
    names=("prob_at_loss",),
    cases=(
        Case("loss of 1 nat", (1.0,)),
        Case("loss of 1 bit (base=2)", (1.0,), {"base": 2}),
        Case("loss of 1 in base 10", (1.0,), {"base": 10}),
        Case("an array of losses in nats", (np.array([0.0, 0.5, 1.0, 2.0, 5.0]),)),
        Case("a list of losses in bits", ([0, 1, 2, 3],), {"base": 2}),
        Case("float32 losses", (np.array([0.1, 0.7, 3.0], dtype=np.float32),)),
    ),
    reference=_reference_prob,
    rtol=1e-6,
    hints=(
        _MATH_HINT,
        _LIST_HINT,
        Hint(_bits_for_nats, "the default base is e (nats): solve -ln(p) = loss, so "
                             "p = np.exp(-loss), not 2 ** -loss."),
        Hint(_decimal_for_nats, "the default base is e (nats), not 10: p = np.exp(-loss)."),
        Hint(_base_ignored, "you ignored `base`: -log_b(p) = loss gives p = b ** -loss "
                            "(one bit is p = 0.5)."),
        Hint(_loss_sign, "the loss is MINUS the log of p: p = base ** (-loss), which is at "
                         "most 1."),
        Hint(_complement, "p is the probability given to the TRUE class: p = base ** -loss, "
                          "not 1 minus it."),
    ),
    default_hint="solve -log_base(p) = loss for p; lists must work too "
                 "(np.asarray(loss, dtype=float)).",
))


# ----------------------------------------------------------------------------- chance_baseline
def _reference_chance(k, base=np.e):
    return np.log(np.asarray(k, dtype=float)) / np.log(float(base))


def _log2_for_nats(c, r, e):
    return _base(c) == np.e and _near(r, np.log2(np.asarray(c.args[0], dtype=float)))


def _log10_for_nats(c, r, e):
    return _base(c) == np.e and _near(r, np.log10(np.asarray(c.args[0], dtype=float)))


def _chance_base_ignored(c, r, e):
    return _base(c) != np.e and _near(r, np.log(np.asarray(c.args[0], dtype=float)))


def _probability_not_loss(c, r, e):
    return _near(r, 1.0 / np.asarray(c.args[0], dtype=float))


def _chance_sign(c, r, e):
    return _near(r, -np.asarray(e))


register(Question(
    id="chance_baseline",
    title="chance_log_loss",
    names=("chance_log_loss",),
    cases=(
        Case("2 classes", (2,)),
        Case("3 classes", (3,)),
        Case("10 classes", (10,)),
        Case("2 classes in bits (base=2)", (2,), {"base": 2}),
        Case("1000 classes in base 10", (1000,), {"base": 10}),
        Case("an array of class counts", (np.array([2, 3, 4, 10, 100]),)),
        Case("a list of class counts in bits", ([2, 4, 8],), {"base": 2}),
    ),
    reference=_reference_chance,
    rtol=1e-6,
    hints=(
        _MATH_HINT,
        _LIST_HINT,
        Hint(_log2_for_nats, "np.log2 gives bits; the default base is e (nats): use np.log."),
        Hint(_log10_for_nats, "np.log10 gives base-10 units; the default base is e (nats): "
                              "use np.log."),
        Hint(_chance_base_ignored, "you ignored `base`: change base with "
                                   "log_b(k) = np.log(k) / np.log(b)."),
        Hint(_probability_not_loss, "1/k is the probability of each class; the baseline is its "
                                    "log loss, -log(1/k) = log(k)."),
        Hint(_chance_sign, "the log loss is -log(1/k) = +log(k) >= 0: check the sign."),
    ),
    default_hint="guessing 1/k for every class costs -log_base(1/k) = log(k) / log(base) "
                 "on every sample.",
))


# ----------------------------------------------------------------------------- constant_predictor
def _labels(y):
    return np.asarray(y).ravel().astype(int)


def _reference_constant(y):
    y = _labels(y)
    freq = np.bincount(y) / y.size  # the prediction of the best constant predictor
    p = np.tile(freq, (y.size, 1))
    return losses.cross_entropy(y, p)


def _uniform_guess(c, r, e):
    y = _labels(c.args[0])
    counts = {len(np.unique(y)), int(y.max()) + 1}
    return any(_near(r, np.log(k)) for k in counts if k > 1) and not _near(r, e)


def _zero_log_zero(c, r, e):
    return not np.all(np.isfinite(np.asarray(r, dtype=float)))


def _constant_in_bits(c, r, e):
    return _near(r, e / np.log(2)) and e != 0


def _constant_sum(c, r, e):
    n = _labels(c.args[0]).size
    return (np.ndim(r) == 1 and np.size(r) == n) or (e != 0 and _near(r, e * n))


register(Question(
    id="constant_predictor",
    title="constant_log_loss",
    names=("constant_log_loss",),
    cases=(
        Case("balanced, 2 classes", (np.array([0, 1, 1, 0]),)),
        Case("imbalanced, 2 classes", (np.array([0, 0, 0, 1]),)),
        Case("3 classes, lists", ([0, 1, 2, 2, 1, 2],)),
        Case("class 1 never occurs", (np.array([0, 0, 2, 2, 2]),)),
        Case("one class only", (np.array([1, 1, 1]),)),
        Case("100 labels, 4 classes", (np.repeat([0, 1, 2, 3], [50, 25, 15, 10]),)),
    ),
    reference=_reference_constant,
    rtol=1e-6,
    hints=(
        _MATH_HINT,
        _LIST_HINT,
        Hint(_zero_log_zero, "0 * log(0) counts as 0: skip the classes that never occur (or "
                             "average -log(freq[y_i]) over the samples)."),
        Hint(_uniform_guess, "the best constant predictor predicts each class's frequency, "
                             "not 1/K for every class."),
        Hint(_constant_in_bits, "report the loss in nats: use np.log, not np.log2."),
        Hint(_constant_sum, "did you average over samples? Return one number, the mean loss."),
        Hint(lambda c, r, e: e != 0 and _near(r, -e),
             "the log loss is -log(p) >= 0: check the sign."),
    ),
    default_hint="count each class (np.bincount(y) / n), predict those frequencies for every "
                 "sample, and average -log(freq[y_i]) over the samples.",
))


# ----------------------------------------------------------------------------- perplexity
def _reference_perplexity(y, p):
    return float(np.exp(losses.cross_entropy(_labels(y), np.asarray(p, dtype=float))))


def _true_class_losses(c):
    y, p = _labels(c.args[0]), np.asarray(c.args[1], dtype=float)
    return -np.log(p[np.arange(y.size), y])


def _mixed_bases(c, r, e):
    mean_nats = _true_class_losses(c).mean()
    return (_near(r, 2.0 ** mean_nats) or _near(r, 10.0 ** mean_nats)
            or _near(r, np.exp(mean_nats / np.log(2.0))))


def _loss_not_perplexity(c, r, e):
    return _near(r, _true_class_losses(c).mean()) and not _near(r, e)


def _mean_inverse(c, r, e):
    mean_inverse = np.mean(np.exp(_true_class_losses(c)))
    return _near(r, mean_inverse, rtol=1e-9) and not _near(r, e, rtol=1e-9)


register(Question(
    id="perplexity",
    title="perplexity",
    names=("perplexity",),
    cases=(
        Case("uniform over 4 classes", (np.array([0, 3, 1]), np.full((3, 4), 0.25))),
        Case("three samples, 3 classes", (np.array([2, 0, 1]),
                                          np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1],
                                                    [0.1, 0.1, 0.8]]))),
        Case("confident and right", (np.array([0, 1]), np.array([[0.99, 0.01], [0.02, 0.98]]))),
        Case("lists instead of arrays", ([1, 0, 0], [[0.5, 0.5], [0.9, 0.1], [0.3, 0.7]])),
    ),
    reference=_reference_perplexity,
    rtol=1e-6,
    hints=(
        _MATH_HINT,
        _LIST_HINT,
        Hint(_mixed_bases, "don't mix bases: perplexity = exp(log loss in nats) "
                           "= 2 ** (log loss in bits)."),
        Hint(_loss_not_perplexity, "that is the log loss itself; perplexity is exp(log loss)."),
        Hint(_mean_inverse, "perplexity is exp of the MEAN log loss (a geometric mean of 1/p), "
                            "not the mean of 1/p."),
    ),
    default_hint="take p[i, y_i] for each sample, average -np.log of them (the log loss in "
                 "nats), then return np.exp of that average.",
))
