"""Questions of exercise 07 (L1 and L2 penalties, soft thresholding, MAP).

* ``l2_penalty`` (warm-up): ``l2_penalty(w, lam) = lam * sum(w**2)`` over every entry of ``w``.
* ``l2_grad`` (warm-up): ``l2_penalty_grad(w, lam) = 2 * lam * w`` (same shape as ``w``).
* ``soft_threshold`` (derivation): ``soft_threshold(a, lam)``, the minimiser of
  ``0.5 * (w - a)**2 + lam * |w|`` for each entry of ``a``: ``sign(a) * max(|a| - lam, 0)``,
  tried on many random inputs (rtol 1e-6, atol 1e-9).
* ``lasso_weight`` (derivation): ``lasso_weight(a, lam)``, the minimiser of
  ``(w - a)**2 + lam * |w|`` (the course's MSE has no 1/2): soft thresholding at ``lam / 2``
  (rtol 1e-6, atol 1e-9).
* ``map_lam`` (derivation): ``map_lam(n, noise_scale, prior_scale)``, the course's L2 strength
  of MAP estimation with Gaussian noise of scale s and a Gaussian prior of standard deviation
  s_w on every weight: ``s**2 / (n * s_w**2)`` (rtol 1e-6).
* ``zeros_choice`` (decision): which statement about exact zeros is right (one letter).

References: :mod:`lossedu.regularization` and NumPy.
"""

import numpy as np

from lossedu import regularization
from lossedu.checks._core import Case, Hint, Question, Raised, register
from lossedu.checks._core import near as _near
from lossedu.checks.hints import choice_question, fails_on_lists, raised

_LIST_HINT = fails_on_lists("w")


_MATMUL_HINT = Hint(
    lambda c, r, e: isinstance(r, Raised) and ("matmul" in r.message or "not aligned" in r.message),
    "w may be a matrix or a column (d, 1): w @ w only works for 1-D w. Use np.sum(w ** 2), "
    "which adds up every entry.",
)


def _w(c):
    return np.asarray(c.args[0], dtype=float)


def _lam(c):
    return float(c.args[1])


# ----------------------------------------------------------------------------- l2_penalty
def _l2_sqrt(c, r, e):
    return e != 0 and _near(r, _lam(c) * np.sqrt(np.sum(_w(c) ** 2)))


def _l2_mean(c, r, e):
    return e != 0 and _near(r, _lam(c) * np.mean(_w(c) ** 2))


def _l2_is_l1(c, r, e):
    return e != 0 and _near(r, _lam(c) * np.sum(np.abs(_w(c))))


def _l2_half(c, r, e):
    return e != 0 and _near(r, 0.5 * e)


def _l2_square_of_sum(c, r, e):
    return e != 0 and _near(r, _lam(c) * np.sum(_w(c)) ** 2) and not _near(r, e)


def _l2_no_lam(c, r, e):
    return _lam(c) != 1 and _near(r, np.sum(_w(c) ** 2)) and not _near(r, e)


def _not_one_number(c, r, e):
    return np.ndim(r) != 0 and np.size(r) != 1


def _weights_cases(name_of_2d="weight matrix (3, 2)"):
    return (
        Case("three weights", (np.array([0.5, -1.0, 2.0]), 0.1)),
        Case("lists instead of arrays", ([1, -2, 0, 3], 0.01)),
        Case(name_of_2d, (np.array([[0.3, -0.7], [1.5, 0.0], [-2.0, 0.25]]), 0.5)),
        Case("float32 weights", (np.array([0.1, -0.4, 0.9, 1.7], dtype=np.float32), 0.001)),
        Case("lam = 0", (np.array([3.0, -4.0]), 0.0)),
        Case("a column (d, 1) and lam = 2", (np.array([[1.0], [-0.5], [0.0], [2.5]]), 2.0)),
    )


register(Question(
    id="l2_penalty",
    title="l2_penalty",
    names=("l2_penalty",),
    cases=_weights_cases(),
    reference=regularization.l2_penalty,
    rtol=1e-6,
    hints=(
        _LIST_HINT,
        _MATMUL_HINT,
        Hint(_not_one_number, "return one number: sum over every entry of w (np.sum without "
                              "an axis)."),
        Hint(_l2_sqrt, "no square root: the L2 penalty uses the SQUARED norm, lam * sum(w**2)."),
        Hint(_l2_mean, "sum the squares, don't average them: lam * sum(w**2)."),
        Hint(_l2_is_l1, "that is the L1 penalty (sum of |w|); the L2 penalty sums w**2."),
        Hint(_l2_half, "no factor 1/2 in this course's convention: lam * sum(w**2)."),
        Hint(_l2_square_of_sum, "that is the square of the sum of the weights: square each "
                                "weight first, then add the squares."),
        Hint(_l2_no_lam, "multiply by the strength lam."),
    ),
    default_hint="l2_penalty(w, lam) = lam * sum(w**2); convert w with "
                 "np.asarray(w, dtype=float) so lists work too.",
))


# ----------------------------------------------------------------------------- l2_grad
def _wrong_shape(c, r, e):
    return np.shape(r) != np.shape(e)


def _grad_no_two(c, r, e):
    return _near(r, _lam(c) * _w(c)) and not _near(r, e)


def _grad_is_l1(c, r, e):
    return _near(r, _lam(c) * np.sign(_w(c))) and not _near(r, e)


def _grad_is_penalty(c, r, e):
    return _near(r, _lam(c) * _w(c) ** 2) and not _near(r, e)


def _grad_no_lam(c, r, e):
    return _lam(c) != 1 and _near(r, 2 * _w(c)) and not _near(r, e)


register(Question(
    id="l2_grad",
    title="l2_penalty_grad",
    names=("l2_penalty_grad",),
    cases=_weights_cases(),
    reference=regularization.l2_penalty_grad,
    rtol=1e-6,
    hints=(
        _LIST_HINT,
        Hint(_wrong_shape, "the gradient has one entry per weight: return an array with the "
                           "same shape as w."),
        Hint(_grad_no_two, "the derivative of w**2 is 2*w: did you forget the factor 2?"),
        Hint(_grad_is_l1, "that is the L1 (sub)gradient lam * sign(w); for L2 it is 2 * lam * w."),
        Hint(_grad_is_penalty, "that is each weight's penalty lam * w_j**2, not its derivative "
                               "with respect to w_j."),
        Hint(_grad_no_lam, "multiply by the strength lam: 2 * lam * w."),
    ),
    default_hint="d/dw_j of lam * sum(w**2) is 2 * lam * w_j; convert w with "
                 "np.asarray(w, dtype=float) so lists work too.",
))


# ----------------------------------------------------------------------------- soft_threshold
def soft_threshold_reference(a, lam):
    """sign(a) * max(|a| - lam, 0): the minimiser of 0.5 (w - a)^2 + lam |w|, entry by entry."""
    a = np.asarray(a, dtype=float)
    return np.sign(a) * np.maximum(np.abs(a) - float(lam), 0.0)


def _a(c):
    return np.asarray(c.args[0], dtype=float)


def _hard(c, r, e):
    a, lam = _a(c), _lam(c)
    return _near(r, np.where(np.abs(a) > lam, a, 0.0)) and not _near(r, e)


def _no_sign(c, r, e):
    a, lam = _a(c), _lam(c)
    return _near(r, np.maximum(np.abs(a) - lam, 0.0)) and not _near(r, e)


def _positive_side_only(c, r, e):
    a, lam = _a(c), _lam(c)
    return _near(r, np.maximum(a - lam, 0.0)) and not _near(r, e)


def _no_clip(c, r, e):
    a, lam = _a(c), _lam(c)
    return _near(r, a - lam * np.sign(a)) and not _near(r, e)


def _away_on_negative_side(c, r, e):
    a, lam = _a(c), _lam(c)
    return _near(r, np.where(np.abs(a) > lam, a - lam, 0.0)) and not _near(r, e)


def _l2_shrink(c, r, e):
    a, lam = _a(c), _lam(c)
    return _near(r, a / (1 + 2 * lam)) and not _near(r, e)


def _half_threshold(c, r, e):
    a, lam = _a(c), _lam(c)
    return _near(r, soft_threshold_reference(a, lam / 2)) and not _near(r, e)


def _double_threshold(c, r, e):
    a, lam = _a(c), _lam(c)
    return _near(r, soft_threshold_reference(a, 2 * lam)) and not _near(r, e)


_RNG = np.random.default_rng(7)
_MANY = _RNG.normal(scale=2.0, size=1000)
_GRID = np.array([[-2.0, -0.7, -0.3, 0.0], [0.3, 0.7, 1.0, 2.0]])

#: the first hints of both entrywise questions (soft_threshold, lasso_weight)
_ENTRYWISE_HINTS = (
    Hint(raised("truth value of an array"),
         "Python's max() and if compare a whole array at once: work entry by entry with NumPy "
         "(np.maximum, np.where, np.sign...)."),
    fails_on_lists("a"),
    Hint(lambda c, r, e: np.shape(r) != np.shape(e),
         "return one value per entry of a, with the same shape as a."),
)

register(Question(
    id="soft_threshold",
    title="soft_threshold",
    names=("soft_threshold",),
    cases=(
        Case("1000 random values, lam = 0.7", (_MANY, 0.7)),
        Case("values on both sides and at ±lam (2-D)", (_GRID, 0.7)),
        Case("lists instead of arrays", ([3, -3, 0.5, -0.5], 1)),
        Case("lam = 0 (no penalty)", (_RNG.normal(size=20), 0.0)),
        Case("float32, lam = 2.5", (_RNG.normal(scale=3.0, size=50).astype(np.float32), 2.5)),
        Case("one number", (-4.0, 1.5)),
    ),
    reference=soft_threshold_reference,
    rtol=1e-6,
    atol=1e-9,
    hints=(
        *_ENTRYWISE_HINTS,
        Hint(_l2_shrink, "that is the L2 answer a / (1 + 2 lam); with lam |w| the derivative "
                         "away from 0 is w - a ± lam."),
        Hint(_hard, "the large values must move toward 0 too, not stay as they are (that is "
                    "hard thresholding): on the side w > 0 the derivative is w - a + lam."),
        Hint(_no_sign, "negative a must give a negative weight (or 0): you lost the sign."),
        Hint(_away_on_negative_side, "for a < -lam your weight moved AWAY from 0: on the side "
                                     "w < 0 the derivative is w - a - lam, so the weight moves "
                                     "toward 0 there too."),
        Hint(_positive_side_only, "you handled only the side w > 0: for a < -lam the minimiser "
                                  "is negative, not 0."),
        Hint(_no_clip, "when |a| <= lam your weight crosses to the other side of 0: there the "
                       "minimum sits at the kink, exactly 0."),
        Hint(_half_threshold, "the threshold is off by a factor 2: the derivative of "
                              "0.5 (w - a)**2 is w - a (did you drop the 0.5?)."),
        Hint(_double_threshold, "the threshold is off by a factor 2: the derivative of "
                                "lam |w| is ±lam, not ±2 lam."),
    ),
    default_hint="minimise 0.5 (w - a)**2 + lam |w| separately on w > 0, w < 0 and at w = 0 "
                 "(lecture 07, section 2).",
))


# ----------------------------------------------------------------------------- lasso_weight
def lasso_weight_reference(a, lam):
    """Minimiser of (w - a)^2 + lam |w| (no 1/2: the course's MSE), entry by entry."""
    return soft_threshold_reference(a, float(lam) / 2)


def _soft_at(factor):
    def when(c, r, e):
        a, lam = _a(c), _lam(c)
        return _near(r, soft_threshold_reference(a, factor * lam)) and not _near(r, e)
    return when


def _lasso_l2(c, r, e):
    a, lam = _a(c), _lam(c)
    return (_near(r, a / (1 + lam)) or _near(r, a / (1 + 2 * lam))) and not _near(r, e)


def _lasso_hard(c, r, e):
    a, lam = _a(c), _lam(c)
    return (_near(r, np.where(np.abs(a) > lam / 2, a, 0.0))
            or _near(r, np.where(np.abs(a) > lam, a, 0.0))) and not _near(r, e)


_RNG_LASSO = np.random.default_rng(8)

register(Question(
    id="lasso_weight",
    title="lasso_weight",
    names=("lasso_weight",),
    cases=(
        Case("1000 random values, lam = 1.2", (_RNG_LASSO.normal(scale=2.0, size=1000), 1.2)),
        Case("values between lam/2 and lam, and at ±lam/2 (2-D)",
             (np.array([[-1.0, -0.7, -0.6, -0.4], [0.4, 0.6, 0.9, 2.0]]), 1.2)),
        Case("lists instead of arrays", ([3, -3, 0.8, -0.8], 1)),
        Case("lam = 0 (no penalty)", (_RNG_LASSO.normal(size=20), 0.0)),
        Case("float32, lam = 2.5", (_RNG_LASSO.normal(scale=3.0, size=50).astype(np.float32),
                                    2.5)),
        Case("one number", (-4.0, 1.5)),
    ),
    reference=lasso_weight_reference,
    rtol=1e-6,
    atol=1e-9,
    hints=(
        *_ENTRYWISE_HINTS,
        Hint(_soft_at(1.0), "that is part 3's answer, for 0.5 (w - a)**2 + lam |w|; here the "
                            "data loss (w - a)**2 has no 1/2: write the objective as a positive "
                            "number times part 3's form first."),
        Hint(_soft_at(2.0), "the threshold moved the wrong way: dividing the objective by 2 "
                            "halves the strength in front of |w|, it does not double it."),
        Hint(_lasso_l2, "that is an L2 (ridge) answer, a fixed fraction of a; the L1 penalty "
                        "gives exact zeros and subtracts a fixed amount from the others."),
        Hint(_lasso_hard, "the large values must move toward 0 too, not stay as they are (that "
                          "is hard thresholding)."),
        Hint(lambda c, r, e: (_near(r, np.maximum(np.abs(_a(c)) - _lam(c) / 2, 0.0))
                              and not _near(r, e)),
             "negative a must give a negative weight (or 0): you lost the sign."),
    ),
    default_hint="(w - a)**2 + lam |w| is 2 * [0.5 (w - a)**2 + ... |w|]: the same minimiser "
                 "as a part-3 problem with another strength.",
))


# ----------------------------------------------------------------------------- map_lam
def map_lam_reference(n, noise_scale, prior_scale):
    """s**2 / (n * s_w**2): MSE + lam ||w||^2 equals -ln P(w | data) times 2 s^2 / n."""
    return float(noise_scale) ** 2 / (float(n) * float(prior_scale) ** 2)


def _args(c):
    n, s, s_w = (float(v) for v in c.args)
    return n, s, s_w


def _no_n(c, r, e):
    n, s, s_w = _args(c)
    return _near(r, s**2 / s_w**2)


def _flipped(c, r, e):
    n, s, s_w = _args(c)
    return any(_near(r, v) for v in (s_w**2 / (n * s**2), s_w**2 / s**2, n * s_w**2 / s**2))


def _precedence(c, r, e):
    n, s, s_w = _args(c)
    return _near(r, s**2 / n * s_w**2) or _near(r, s**2 / n * s_w)


def _laplace(c, r, e):
    n, s, s_w = _args(c)
    return _near(r, 2 * s**2 / (n * s_w))


def _posterior_coefficient(c, r, e):
    n, s, s_w = _args(c)
    return _near(r, 1 / (2 * s_w**2)) or _near(r, 1 / s_w**2)


def _no_noise(c, r, e):
    n, s, s_w = _args(c)
    return _near(r, 1 / (n * s_w**2)) or _near(r, 1 / (2 * n * s_w**2))


def _not_squared(c, r, e):
    n, s, s_w = _args(c)
    return _near(r, s / (n * s_w)) or _near(r, s**2 / (n * s_w))


def _factor_two(c, r, e):
    return _near(r, 2 * e) or _near(r, e / 2)


def _n_squared(c, r, e):
    n, s, s_w = _args(c)
    return _near(r, s**2 / (n**2 * s_w**2)) or _near(r, n * s**2 / s_w**2)


register(Question(
    id="map_lam",
    title="map_lam",
    names=("map_lam",),
    cases=(
        Case("n = 100, s = 2, s_w = 0.4", (100, 2.0, 0.4)),
        Case("n = 20, s = 1, s_w = 3", (20, 1.0, 3.0)),
        Case("a wide prior, n = 1000", (1000, 0.3, 10.0)),
        Case("n = 1", (1, 1.5, 0.25)),
        Case("n = 50, s = s_w = 2", (50, 2.0, 2.0)),
    ),
    reference=map_lam_reference,
    rtol=1e-6,
    hints=(
        Hint(_precedence, "check the brackets: s**2 / n * s_w**2 MULTIPLIES by s_w**2 (Python "
                          "works left to right); put the whole denominator in brackets."),
        Hint(_laplace, "that is the strength of a LAPLACE prior (the L1 penalty); a Gaussian "
                       "prior gives -ln P(w_j) = w_j**2 / (2 s_w**2)."),
        Hint(_posterior_coefficient, "that is the coefficient of sum w_j**2 in -ln P(w | data) "
                                     "as written, before rescaling: rescale the whole "
                                     "expression so that its data term becomes the MEAN "
                                     "squared error."),
        Hint(_no_noise, "where is the noise scale s? The data term r**2 / (2 s**2) must become "
                        "the mean r**2 / n, and the same factor multiplies the prior's term."),
        Hint(_no_n, "that is the strength for a SUM of squared errors (Ridge's alpha): the "
                    "course adds the penalty to the MEAN loss, so divide by n."),
        Hint(_flipped, "a narrower prior (smaller prior_scale) must give a STRONGER penalty: "
                       "check which scale goes on top."),
        Hint(_not_squared, "both scales enter squared: -ln of a Gaussian density has r^2 / (2 s^2) "
                           "and w^2 / (2 s_w^2)."),
        Hint(_n_squared, "n appears once: the NLL is a sum over n examples, and dividing it by n "
                         "gives the mean."),
        Hint(_factor_two, "off by a factor 2: both -ln densities carry a 1/2, so it cancels when "
                          "you multiply by 2 s^2 / n."),
    ),
    default_hint="multiply -ln P(w | data) by the positive constant that turns its data term "
                 "into the MEAN squared error, and read off the factor in front of "
                 "sum w_j**2 (lecture 07, section 4).",
))


# ----------------------------------------------------------------------------- zeros_choice
register(choice_question(
    "zeros_choice", "zeros_answer", "zeros_answer", "b", {
        "a": "with L2 the one-weight minimiser is a / (1 + 2 lam): a fixed fraction of a, never "
             "exactly 0 unless a is 0, however large lam is.",
        "c": "for |w| > 1 the square is the LARGER penalty; what matters is the shape at 0: the "
             "slope of lam |w| stays lam right up to 0, the slope of lam w^2 fades to 0.",
        "d": "a density gives probability 0 to any single value, 0 included; the zeros come from "
             "taking the most probable point, where the kink of -ln P(w) at 0 traps small weights.",
    },
    not_a_letter='answer with one letter among a, b, c, d, as a string '
                 '(for example zeros_answer = "a").',
    expected="another letter", expected_invalid="one letter among a, b, c, d",
    default_hint="compare each statement with lecture 07, sections 2 and 4.",
))
