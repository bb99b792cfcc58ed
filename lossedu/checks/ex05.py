"""Questions of exercise 05 (reading a log-loss number).

* ``logloss_threshold`` (warm-up): ``prob_at_loss(loss, base=np.e)``, the probability of the
  true class at which one example's loss (in the given base) equals ``loss``: ``base ** -loss``.
* ``logit_at_loss`` (derivation): ``logit_at_loss(loss)``, the logit of a class-1 example whose
  loss is ``loss`` nats: ``-ln(e^loss - 1)``, written so that it does not overflow.
* ``chance_baseline`` (warm-up): ``chance_log_loss(k, base=np.e)``: ``log_base(k)``.
* ``constant_predictor`` (derivation): ``constant_log_loss(y)``, the log loss (nats) of the best
  constant predictor, the class frequencies of ``y`` (the entropy of the labels).
* ``perplexity``: ``perplexity(y, p)``, ``exp`` of the mean log loss in nats.
* ``clipped_vs_logits`` (computation and decision): the mean loss from the logits, the loss
  scikit-learn reports from float32 probabilities, and how many mistakes get a zero gradient.
* ``baseline_choice`` and ``calibration_choice`` (decisions): one letter each, with one hint
  per wrong option.
"""

import numpy as np

from lossedu import exercise_data, losses
from lossedu.checks._core import Case, Hint, Question, Raised, register
from lossedu.checks._core import near as _near
from lossedu.checks.hints import choice_question, fails_on_lists

_MATH_HINT = Hint(
    lambda c, r, e: isinstance(r, Raised) and ("Python scalars" in r.message
                                               or "real number" in r.message),
    "the math module works on one number at a time: use np.log / np.exp / np.power, which "
    "work element-wise on lists and arrays.",
)
_LIST_HINT = fails_on_lists("p")


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


def _rounded_to_int(c, r, e):
    return np.issubdtype(np.asarray(r).dtype, np.integer) and not _near(r, e)


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
        Hint(_bits_for_nats, "the default base is e (nats): solve -ln(p) = loss, "
                             "not -log2(p) = loss."),
        Hint(_decimal_for_nats, "the default base is e (nats), not 10."),
        Hint(_base_ignored, "you ignored `base`: the loss is -log_b(p), so the answer depends "
                            "on b (one bit is p = 0.5)."),
        Hint(_loss_sign, "the loss is MINUS the log of p, so p is at most 1: check the sign "
                         "of the exponent."),
        Hint(_complement, "p is the probability given to the TRUE class, not 1 minus it."),
        Hint(_rounded_to_int, "your result holds whole numbers only: it was computed or stored "
                              "as integers (np.vectorize takes its output type from the first "
                              "value). Work in floats, e.g. np.asarray(loss, dtype=float)."),
    ),
    default_hint="solve -log_base(p) = loss for p; lists must work too "
                 "(np.asarray(loss, dtype=float)).",
))


# ----------------------------------------------------------------------------- logit_at_loss
def _reference_logit(loss):
    loss = np.asarray(loss, dtype=float)
    # -ln(e^L - 1) = -L - ln(1 - e^-L); expm1 keeps small losses accurate, nothing overflows
    return -loss - np.log(-np.expm1(-loss))


def _losses_of(c):
    return np.asarray(c.args[0], dtype=float)


def _overflowed(c, r, e):
    return not np.all(np.isfinite(np.asarray(r, dtype=float))) and np.max(_losses_of(c)) > 700


register(Question(
    id="logit_at_loss",
    title="logit_at_loss",
    names=("logit_at_loss",),
    cases=(
        Case("loss of 1 nat", (1.0,)),
        Case("loss of ln 2 nats", (float(np.log(2.0)),)),
        Case("an array of losses", (np.array([1e-6, 0.1, 0.5, 2.0, 10.0, 50.0]),)),
        Case("a list of losses", ([0.2, 3.0],)),
        Case("a loss of 800 nats", (800.0,)),
    ),
    reference=_reference_logit,
    rtol=1e-6,
    atol=1e-9,
    hints=(
        _MATH_HINT,
        _LIST_HINT,
        Hint(_overflowed, "for a loss of 800 your formula hits a float64 limit: np.exp(800) "
                          "overflows to inf, and np.exp(-800) underflows to 0 (so a log of it "
                          "is -inf). Rewrite it so that it never exponentiates a large positive "
                          "number and never takes the log of an underflowed one (factor e^loss "
                          "out before taking the log)."),
        Hint(lambda c, r, e: _near(r, -np.asarray(e)) and not _near(r, e),
             "wrong sign: the example is of class 1 and its loss is above ln 2 only when its "
             "logit is negative."),
        Hint(lambda c, r, e: _near(r, np.exp(-_losses_of(c))),
             "that is the probability of the true class; the question asks for the logit z "
             "with sigmoid(z) equal to that probability."),
        Hint(lambda c, r, e: _near(r, -_losses_of(c)) and not _near(r, e),
             "-loss is only the asymptote for large losses (section 3 of the lecture): solve "
             "ln(1 + e^-z) = loss exactly."),
    ),
    default_hint="solve ln(1 + e^-z) = loss for z (the loss of a class-1 example with logit z).",
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
        Hint(_log2_for_nats, "np.log2 gives bits; the default base is e (nats)."),
        Hint(_log10_for_nats, "np.log10 gives base-10 units; the default base is e (nats)."),
        Hint(_chance_base_ignored, "you ignored `base`: change base with "
                                   "log_b(x) = ln(x) / ln(b)."),
        Hint(_probability_not_loss, "1/k is the probability of each class; the baseline is its "
                                    "log loss."),
        Hint(_chance_sign, "a log loss is -log of a probability, never negative: check the sign."),
    ),
    default_hint="guessing 1/k for every class costs -log_base(1/k) on every example.",
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


def _binary_on_multi(c, r, e):
    """The two-class formula with f = mean(y) used on labels with more than two classes."""
    y = _labels(c.args[0])
    if y.max() <= 1:
        return False
    f = y.mean()
    with np.errstate(all="ignore"):
        binary = -(f * np.log(f) + (1 - f) * np.log(1 - f))
    got = np.asarray(r, dtype=float)
    return bool(np.isnan(binary) and np.all(np.isnan(got))) or _near(r, binary)


def _zero_log_zero(c, r, e):
    """A non-finite answer on labels where some class in 0..max(y) never occurs."""
    counts = np.bincount(_labels(c.args[0]))
    return not np.all(np.isfinite(np.asarray(r, dtype=float))) and bool(np.any(counts == 0))


def _constant_in_bits(c, r, e):
    return _near(r, e / np.log(2)) and e != 0


def _used_counts(c, r, e):
    """-sum(n_k ln n_k) / n or -mean(ln n_{y_i}): counts n_k used as if they were probabilities."""
    y = _labels(c.args[0])
    counts = np.bincount(y)
    seen = counts[counts > 0].astype(float)
    return (_near(r, -np.sum(seen * np.log(seen)) / y.size)
            or _near(r, -np.mean(np.log(counts[y].astype(float))))) and not _near(r, e)


def _constant_sum(c, r, e):
    n = _labels(c.args[0]).size
    return (np.ndim(r) == 1 and np.size(r) == n) or (e != 0 and _near(r, e * n))


register(Question(
    id="constant_predictor",
    title="constant_log_loss",
    names=("constant_log_loss",),
    cases=(
        Case("imbalanced, 2 classes", (np.array([0, 0, 0, 1]),)),
        Case("balanced, 2 classes", (np.array([0, 1, 1, 0]),)),
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
        Hint(_zero_log_zero, "0 * log(0) counts as 0: a class that never occurs contributes "
                             "nothing (it is nobody's true class)."),
        Hint(_binary_on_multi, "these labels have more than two classes: the binary formula "
                               "with f = mean(y) does not apply. Count each class's share "
                               "(np.bincount) and use the K-class form."),
        Hint(_uniform_guess, "that is the uniform guess 1/K; the best constant prediction "
                             "depends on how often each class occurs."),
        Hint(_constant_in_bits, "report the loss in nats: use np.log, not np.log2."),
        Hint(_constant_sum, "did you average over examples? Return one number, the mean loss."),
        Hint(_used_counts, "you used the class counts where the class shares belong: a "
                           "probability is a count divided by n."),
        Hint(lambda c, r, e: e != 0 and _near(r, -e),
             "a log loss is -log of a probability, never negative: check the sign."),
    ),
    default_hint="find the constant prediction with the smallest mean loss on these labels "
                 "(set the derivative to zero), then average -ln(its probability of y_i).",
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


def _exp_of_sum(c, r, e):
    return _near(r, np.exp(_true_class_losses(c).sum())) and not _near(r, e)


def _largest_prob(c, r, e):
    p = np.asarray(c.args[1], dtype=float)
    return _near(r, np.exp(-np.mean(np.log(p.max(axis=1))))) and not _near(r, e)


def _column_block(c, r, e):
    """The classic indexing mistake: p[:, y] is an (n, n) block, one column per label."""
    y, p = _labels(c.args[0]), np.asarray(c.args[1], dtype=float)
    block = p[:, y]
    return ((_near(r, np.exp(np.mean(-np.log(block)))) or _near(r, np.exp(np.mean(-np.log(p)))))
            and not _near(r, e))


register(Question(
    id="perplexity",
    title="perplexity",
    names=("perplexity",),
    cases=(
        Case("uniform over 4 classes", (np.array([0, 3, 1]), np.full((3, 4), 0.25))),
        Case("three examples, 3 classes", (np.array([2, 0, 1]),
                                           np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1],
                                                     [0.1, 0.1, 0.8]]))),
        Case("confident and right", (np.array([0, 1]), np.array([[0.99, 0.01], [0.02, 0.98]]))),
        Case("lists instead of arrays", ([1, 0, 0], [[0.5, 0.5], [0.9, 0.1], [0.3, 0.7]])),
    ),
    reference=_reference_perplexity,
    rtol=1e-6,
    hints=(
        _LIST_HINT,
        Hint(_column_block, "you used more than one probability per example: p[:, y] picks an "
                            "n x n block (every row with every label), and averaging over all "
                            "of p takes every class. You need one entry per row: row i paired "
                            "with its own label y[i]."),
        Hint(_exp_of_sum, "that is e to the SUM of the losses: perplexity exponentiates the "
                          "mean loss, so it does not grow with the number of examples."),
        Hint(_largest_prob, "you used each row's largest probability (the predicted class); "
                            "the loss uses the probability of the TRUE label y[i]."),
        Hint(_mixed_bases, "don't mix bases: exponentiate with the base of the logarithm you "
                           "used (e for nats)."),
        Hint(_loss_not_perplexity, "that is the log loss itself; perplexity turns it back into "
                                   "a number of classes."),
        Hint(_mean_inverse, "perplexity is exp of the MEAN log loss (a geometric mean of 1/p), "
                            "not the mean of 1/p."),
    ),
    default_hint="take the probability of each example's true class, average -ln of them (the "
                 "log loss in nats), then exponentiate.",
))


# ----------------------------------------------------------------------------- clipped_vs_logits
#: the published labels and logits (margins 4, 2.5, 25, 1.2, -0.7, -3, -12, -20, -45, -60);
#: each variant has its own (lossedu.exercise_data.clip_logits(VARIANT), which the notebook calls)
CLIP_Y, CLIP_Z = exercise_data.clip_logits(0)
EPS32 = float(np.finfo(np.float32).eps)
EPS64 = float(np.finfo(np.float64).eps)


def _clip_case(variant):
    return Case(f"variant {variant}", exercise_data.clip_logits(variant))


def _yz(c=None):
    return (CLIP_Y, CLIP_Z) if c is None else (np.asarray(c.args[0]), np.asarray(c.args[1]))


def _margins(c=None):
    y, z = _yz(c)
    return np.where(y == 1, z, -z)


def _clipped_mean(eps, c=None):
    y, z = _yz(c)
    p = np.clip(losses.sigmoid(z), eps, 1 - eps)
    return losses.binary_cross_entropy(y, p)


def _silenced(eps, mistakes_only=True, c=None):
    m = _margins(c)
    p_true = losses.sigmoid(m)
    clipped = (p_true < eps) | (p_true > 1 - eps)
    return int(np.sum(clipped & (m < 0))) if mistakes_only else int(np.sum(clipped))


def _reference_clip(y, z):
    c = Case("", (y, z))
    return (losses.binary_cross_entropy_with_logits(y, z), _clipped_mean(EPS32, c),
            _silenced(EPS32, c=c))


def _clip_values(r):
    loss_logits, loss_clipped, n_zero = r
    return float(loss_logits), float(loss_clipped), float(n_zero)


def _clip_unusable(r):
    try:
        return not (isinstance(r, tuple) and len(r) == 3 and len(_clip_values(r)) == 3)
    except (TypeError, ValueError):
        return True


register(Question(
    id="clipped_vs_logits",
    title="clipped vs from logits",
    names=("loss_logits", "loss_clipped", "n_zero_grad"),
    kind="value",
    variant_inputs=_clip_case,
    reference=_reference_clip,
    rtol=1e-4,
    hints=(
        Hint(lambda c, r, e: _clip_unusable(r),
             "give two numbers and a whole number (plain numbers, not arrays)."),
        Hint(lambda c, r, e: not np.isfinite(_clip_values(r)[0]),
             "your loss from the logits is infinite: you went through a rounded probability. "
             "Compute it from the logits (lecture 04's stable form)."),
        Hint(lambda c, r, e: _near(_clip_values(r)[0], e[0] * _yz(c)[0].size, rtol=1e-4),
             "loss_logits looks like a sum: report the mean over the examples."),
        Hint(lambda c, r, e: _near(_clip_values(r)[0], e[0] / np.log(2), rtol=1e-4),
             "loss_logits is in bits: report it in nats (natural log)."),
        Hint(lambda c, r, e: not np.isfinite(_clip_values(r)[1]),
             "loss_clipped is infinite: clip both ends, to [eps, 1 - eps]; a probability of "
             "exactly 1 for the wrong class leaves 1 - p = 0."),
        Hint(lambda c, r, e: _near(_clip_values(r)[1], _clipped_mean(1e-7, c), rtol=1e-4),
             "loss_clipped: you clipped at 1e-7 (a common library default); the machine epsilon "
             "of float32 is np.finfo(np.float32).eps."),
        Hint(lambda c, r, e: _near(_clip_values(r)[1], _clipped_mean(EPS64, c), rtol=1e-4),
             "loss_clipped: you clipped at the float64 epsilon; these probabilities are float32."),
        Hint(lambda c, r, e: _near(_clip_values(r)[1], e[0], rtol=1e-4),
             "loss_clipped is the unclipped loss: scikit-learn clips each probability first."),
        Hint(lambda c, r, e: _clip_values(r)[2] == int(np.sum(_margins(c) < 0)),
             "n_zero_grad: not every mistake is silenced, only those whose clipped probability "
             "no longer changes with the logit."),
        Hint(lambda c, r, e: _clip_values(r)[2] == _silenced(EPS64, c=c),
             "n_zero_grad: the clip is at the float32 epsilon here, not the float64 one."),
        Hint(lambda c, r, e: _clip_values(r)[2] == _silenced(EPS32, mistakes_only=False, c=c),
             "n_zero_grad: count only the misclassified examples (margin < 0); the confidently "
             "right ones are clipped too, but their true gradient is almost 0 anyway."),
    ),
    default_hint="reread the part: which value goes through a rounded probability, which "
                 "eps applies, and which mistakes have a clipped probability that no longer "
                 "moves when the logit moves?",
))


# ----------------------------------------------------------------------------- choices
_READ_OPTIONS = "read each option against the lecture's sections 2 and 4."

register(choice_question(
    "baseline_choice", "which baseline", "baseline_answer", "c", {
        "a": "ln 2 is the loss of the uniform guess (1/2 for each class). With 2 % fraud, a "
             "constant prediction can do much better than that: derive its loss before you "
             "compare.",
        "b": "accuracy needs its own baseline: what accuracy does 'never fraud' get on these "
             "labels?",
        "d": "the majority class predicted with probability 1 has an infinite log loss (every "
             "fraud costs -ln 0): it is a baseline for accuracy only, and beating infinity says "
             "nothing.",
    },
    not_a_letter='answer with one letter among a, b, c, d, as a string '
                 '(for example baseline_answer = "a").',
    expected="the right letter", expected_invalid="one letter among a, b, c, d",
    default_hint=_READ_OPTIONS,
))

register(choice_question(
    "calibration_choice", "calibration or ranking", "calibration_answer", "c", {
        "a": "above ln 2 says A's probabilities are worse than constant ones, not that its ranking "
             "is useless: A puts more pairs in the right order and classifies more examples right.",
        "b": "a lower log loss means better probabilities overall; here B ranks worse and "
             "classifies fewer examples right, so it is not better in every respect.",
        "d": "a few mistakes made with near-certainty are enough to lift a mean loss far above "
             "ln 2 (lecture section 3); high accuracy and a high loss go together fine.",
        "e": "dividing logits by a positive temperature changes no sign and no order: it cannot "
             "change anyone's accuracy.",
    },
    not_a_letter='answer with one letter among a, b, c, d, e, as a string '
                 '(for example calibration_answer = "a").',
    expected="the right letter", expected_invalid="one letter among a, b, c, d, e",
    default_hint=_READ_OPTIONS,
))
