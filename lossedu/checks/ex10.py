"""Questions of exercise 10 (choosing a loss).

* ``hinge_mean`` (warm-up): ``hinge_mean(y, z)``, the mean hinge loss ``max(0, 1 - m)`` with
  the margin ``m = (2y - 1) z`` for labels in {0, 1} (rtol 1e-9; lists accepted).
* ``slope_gap`` (fit): ``slope_mse - slope_mae`` on :func:`outlier_data` (atol
  :data:`SLOPE_ATOL`): any exact least-squares and least-absolute-deviations fit passes
  (QuantileRegressor(alpha=0), a linear program, Nelder-Mead, IRLS run to convergence: all
  within 0.002 of the reference); the data are chosen so that Huber fits do not pass:
  HuberRegressor lands 0.145 away, a Huber loss with delta >= 0.5 at least 0.11 away (delta -> 0
  tends to MAE itself: delta = 0.1 is 0.022 away). Answers between the MSE and the MAE slope get
  the "Huber or a minimiser stopped early" hint.
* ``recall_gain`` (fit): test recall of ``LogisticRegression(C=1.0, class_weight="balanced")``
  minus that of the plain ``LogisticRegression(C=1.0)`` on :func:`imbalanced_data` (atol
  :data:`RECALL_ATOL`, wide enough for every solver that fits this model; ``liblinear`` also
  penalises the intercept, a different model, and may miss).
* ``class1_weight`` (derivation): ``class1_weight(t)``, the class-1 weight (class 0 weighs 1)
  whose weighted training at threshold 0.5 acts like plain training at threshold ``t``:
  ``(1 - t) / t`` (rtol 1e-9).
* ``balanced_threshold`` (derivation): ``balanced_threshold(y)``, the threshold of the plain
  model that mimics ``class_weight="balanced"`` trained on labels ``y``: ``n1 / n`` (rtol 1e-9;
  lists accepted). A function, so that the 6% stated in the text does not pass by itself.
* ``scenario_glitch``, ``scenario_leverage``, ``scenario_probability``, ``scenario_quantile``
  (decisions): one letter each, with a hint per wrong option.

References are computed here, in the trusted process, from the same :mod:`lossedu.data` calls
as the notebook.
"""

from functools import cache

import numpy as np

from lossedu import exercise_data
from lossedu.checks._core import Case, Hint, Question, near, register
from lossedu.checks.hints import choice_question, fails_on_lists, raised, unreadable
from lossedu.data import make_imbalanced_blobs, make_linear

#: tolerance of the slope difference of part 2 (stated in the question)
SLOPE_ATOL = 0.01
#: tolerance of the recall change of part 3 (stated in the question)
RECALL_ATOL = 0.02


# ----------------------------------------------------------------------------- data
def outlier_data():
    """The data of part 2: a line with one bad measurement at the right end of the x range."""
    x, y = make_linear(n=30, slope=1.5, intercept=2.0, noise=1.5, seed=23)
    y[-1] -= 25.0  # x is sorted: the right-most point
    return x, y


#: make_imbalanced_blobs seeds of the training and test data in the published notebook
IMBALANCED_SEEDS = (5, 6)


def imbalanced_data(seeds=IMBALANCED_SEEDS):
    """The data of parts 3 and 4: (X_train, y_train, X_test, y_test), 6% in class 1, for the
    (train, test) ``seeds`` (a student's variant: ``exercise_data.seed(VARIANT, 5)`` and
    ``exercise_data.seed(VARIANT, 6)``)."""
    train, test = seeds
    X_train, y_train = make_imbalanced_blobs(n=800, minority_fraction=0.06, separation=2.0,
                                             seed=train)
    X_test, y_test = make_imbalanced_blobs(n=3000, minority_fraction=0.06, separation=2.0,
                                           seed=test)
    return X_train, y_train, X_test, y_test


def _imbalanced_case(variant):
    return Case(f"variant {variant}", tuple(exercise_data.seed(variant, s)
                                            for s in IMBALANCED_SEEDS))


def _seeds(c):
    """The (train, test) seeds of a judged recall_gain case (published ones without)."""
    return tuple(c.args) if c is not None else IMBALANCED_SEEDS


def _number(returned):
    """The single value of a one-name value answer as a float (TypeError/ValueError if not)."""
    (value,) = returned
    if isinstance(value, bool | str) or value is None:
        raise TypeError("not a number")
    return float(np.asarray(value, dtype=float).reshape(()))


_not_number = unreadable(_number)


# ----------------------------------------------------------------------------- hinge_mean
def _hinge_reference(y, z):
    y = np.asarray(y, dtype=float).ravel()
    z = np.asarray(z, dtype=float).ravel()
    return float(np.mean(np.maximum(0.0, 1.0 - (2 * y - 1) * z)))


def _hinge_variant(c, *, convert=True, one=1.0, reduce=np.mean, sign=1.0, power=1):
    y = np.asarray(c.args[0], dtype=float).ravel()
    z = np.asarray(c.args[1], dtype=float).ravel()
    y_pm = 2 * y - 1 if convert else y
    return float(reduce(np.maximum(0.0, one - sign * y_pm * z) ** power))


def _log_loss_variant(c):
    y = np.asarray(c.args[0], dtype=float).ravel()
    z = np.asarray(c.args[1], dtype=float).ravel()
    return float(np.mean(np.logaddexp(0.0, -(2 * y - 1) * z)))


register(Question(
    id="hinge_mean",
    forbids=("lossedu.losses.hinge",),
    title="hinge_mean",
    names=("hinge_mean",),
    cases=(
        Case("one of each label", ([1, 0], [0.5, 0.5])),
        Case("right and beyond the margin", (np.array([1, 0, 1]), np.array([2.0, -3.0, 1.0]))),
        Case("confident mistakes", (np.array([0, 1, 1, 0]), np.array([2.0, -1.5, 0.2, -0.3]))),
        Case("all labels 0", (np.zeros(3), np.array([-0.5, 0.0, 0.5]))),
        Case("Python lists", ([1, 1, 0, 0, 1], [3.0, -0.25, 0.75, -2.0, 0.0])),
    ),
    reference=_hinge_reference,
    rtol=1e-9,
    hints=(
        fails_on_lists("z"),
        Hint(lambda c, r, e: near(r, _hinge_variant(c, convert=False)),
             "the labels are 0 and 1: the margin needs the label written as -1 or +1 first."),
        Hint(lambda c, r, e: near(r, _hinge_variant(c, one=0.0)),
             "your loss is zero as soon as a point is on the right side: the hinge still "
             "charges points whose margin is below 1."),
        Hint(lambda c, r, e: near(r, _hinge_variant(c, reduce=np.sum)) and len(c.args[0]) > 1,
             "that is the sum over the examples: return the mean."),
        Hint(raised("truth value of an array"),
             "Python's max (or an if) cannot compare a whole array with 0: take the maximum "
             "element by element with NumPy."),
        Hint(lambda c, r, e: near(r, _hinge_variant(c, sign=-1.0)),
             "your margin has the wrong sign: it must be positive when the score is on the "
             "right side of 0 for the label."),
        Hint(lambda c, r, e: near(r, _hinge_variant(c, power=2)),
             "that is the squared hinge (what LinearSVC uses by default): the hinge is not "
             "squared."),
        Hint(lambda c, r, e: near(r, _log_loss_variant(c)),
             "that is the log loss ln(1 + e^(-m)): the hinge is max(0, 1 - m)."),
    ),
    default_hint="compute the margin of each example, then the mean of max(0, 1 - margin).",
))


# ----------------------------------------------------------------------------- slope_gap
@cache
def _slopes():
    """(least-squares slope, least-absolute-deviations slope, LAD slope with sklearn's default
    alpha = 1) on the data of part 2."""
    from sklearn.linear_model import QuantileRegressor

    x, y = outlier_data()
    X = x[:, None]
    mse = float(np.polyfit(x, y, 1)[0])
    mae = float(QuantileRegressor(quantile=0.5, alpha=0, solver="highs").fit(X, y).coef_[0])
    mae_penalised = float(QuantileRegressor(quantile=0.5, solver="highs").fit(X, y).coef_[0])
    return mse, mae, mae_penalised


@cache
def _other_gaps():
    """Gaps of plausible mistakes on the data of part 2: intercepts instead of slopes, and both
    fits without the bad point."""
    from sklearn.linear_model import QuantileRegressor

    x, y = outlier_data()

    def two(x, y):
        mse = np.polyfit(x, y, 1)
        mae = QuantileRegressor(quantile=0.5, alpha=0, solver="highs").fit(x[:, None], y)
        return mse, (mae.coef_[0], mae.intercept_)

    (w_mse, b_mse), (w_mae, b_mae) = two(x, y)
    (w_mse_c, _), (w_mae_c, _) = two(x[:-1], y[:-1])
    return {"intercepts": float(b_mse - b_mae), "dropped": float(w_mse_c - w_mae_c)}


def _between(c, r, e):
    """The implied MAE slope (MSE slope minus the answer) lies strictly between the MSE and the
    MAE slopes: a Huber fit, or a minimiser stopped before the kinked minimum."""
    mse, mae, _ = _slopes()
    implied = mse - _number(r)
    return min(mse, mae) + SLOPE_ATOL < implied < max(mse, mae) - SLOPE_ATOL


def _gap_outcome(case, returned):
    mse, mae, _ = _slopes()
    return (abs(_number(returned) - (mse - mae)) <= SLOPE_ATOL,
            f"the MSE slope minus the MAE slope, within {SLOPE_ATOL}")


def _gap_is(value):
    return lambda c, r, e: abs(_number(r) - value) <= SLOPE_ATOL


register(Question(
    id="slope_gap",
    title="slope gap",
    names=("slope_gap",),
    kind="value",
    check_outcome=_gap_outcome,
    hints=(
        Hint(_not_number, "slope_gap must be one number (a float)."),
        Hint(_gap_is(0.0), "your two slopes are the same: are both fits least squares? The MAE "
                           "line minimises the mean absolute residual."),
        Hint(lambda c, r, e: abs(_number(r) + (_slopes()[0] - _slopes()[1])) <= SLOPE_ATOL,
             "the sign is reversed: the question asks for the MSE slope minus the MAE slope."),
        Hint(_gap_is(_slopes()[0] - _slopes()[2]),
             "your MAE slope is shrunk: QuantileRegressor adds an L1 penalty on the slope "
             "unless you switch it off."),
        Hint(lambda c, r, e: _gap_is(_other_gaps()["intercepts"])(c, r, e),
             "that is the difference of the intercepts: the question asks for the slopes."),
        Hint(lambda c, r, e: _gap_is(_other_gaps()["dropped"])(c, r, e),
             "you fitted without the bad point: fit both lines to all 30 points."),
        Hint(_between,
             "your MAE line lies between the MSE line and the least-absolute-deviations line: "
             "a Huber fit is not MAE (it is quadratic for small residuals), and a gradient-based "
             "minimiser such as BFGS (or IRLS with few steps) can stop before the kink where "
             "the MAE minimum sits."),
    ),
    default_hint="fit both lines to all 30 points (the outlier included) and subtract the "
                 "slopes; compare each slope with the plot.",
))


# ----------------------------------------------------------------------------- recall_gain
def _confusion(y, predicted):
    y, predicted = np.asarray(y), np.asarray(predicted)
    tp = np.sum((predicted == 1) & (y == 1))
    fn = np.sum((predicted == 0) & (y == 1))
    fp = np.sum((predicted == 1) & (y == 0))
    tn = np.sum((predicted == 0) & (y == 0))
    return tp, fn, fp, tn


@cache
def _recall_numbers(seeds=IMBALANCED_SEEDS):
    """{"test"/"train": (recall, precision, accuracy) of (plain, weighted)}."""
    from sklearn.linear_model import LogisticRegression

    X_train, y_train, X_test, y_test = imbalanced_data(seeds)
    plain = LogisticRegression(C=1.0).fit(X_train, y_train)
    weighted = LogisticRegression(C=1.0, class_weight="balanced").fit(X_train, y_train)
    out = {}
    for split, (X, y) in {"test": (X_test, y_test), "train": (X_train, y_train)}.items():
        rows = []
        for model in (plain, weighted):
            tp, fn, fp, tn = _confusion(y, model.predict(X))
            rows.append((tp / (tp + fn), tp / (tp + fp), (tp + tn) / len(y)))
        out[split] = rows
    return out


def _gain(c=None, split="test", metric=0):
    plain, weighted = _recall_numbers(_seeds(c))[split]
    return float(weighted[metric] - plain[metric])


@cache
def _class0_gain(seeds=IMBALANCED_SEEDS):
    """Change in the recall of class 0 (a plausible mix-up of the positive class)."""
    from sklearn.linear_model import LogisticRegression

    X_train, y_train, X_test, y_test = imbalanced_data(seeds)
    rows = []
    for kw in ({}, {"class_weight": "balanced"}):
        predicted = LogisticRegression(C=1.0, **kw).fit(X_train, y_train).predict(X_test)
        rows.append(np.mean(predicted[y_test == 0] == 0))
    return float(rows[1] - rows[0])


def _recall_outcome(case, returned):
    return (abs(_number(returned) - _gain(case)) <= RECALL_ATOL,
            f"the change in test recall, within {RECALL_ATOL}")


def _recall_is(value):
    return lambda c, r, e: abs(_number(r) - value) <= RECALL_ATOL / 2


register(Question(
    id="recall_gain",
    title="recall gain",
    names=("recall_gain",),
    kind="value",
    variant_inputs=_imbalanced_case,
    check_outcome=_recall_outcome,
    hints=(
        Hint(_not_number, "recall_gain must be one number (a float)."),
        Hint(lambda c, r, e: abs(_number(r) + _gain(c)) <= RECALL_ATOL,
             "the sign is reversed: the weighted model's recall minus the plain model's."),
        Hint(lambda c, r, e: _recall_is(_gain(c, "train"))(c, r, e),
             "that is the change on the training data: measure recall on the test split."),
        Hint(lambda c, r, e: _recall_is(_gain(c, metric=2))(c, r, e),
             "that is the change in accuracy: recall is the share of true class-1 examples "
             "that are predicted as class 1."),
        Hint(lambda c, r, e: _recall_is(_gain(c, metric=1))(c, r, e),
             "that is the change in precision (the share of predicted class 1 that is right): "
             "recall divides by the true class-1 examples instead."),
        Hint(lambda c, r, e: _recall_is(0.0)(c, r, e),
             "almost no change: did both models get class_weight=\"balanced\" (or neither), "
             "or did you move the plain model's threshold? Both predict class 1 when p > 0.5."),
        Hint(lambda c, r, e: abs(_number(r) / 100 - _gain(c)) <= RECALL_ATOL,
             "that looks like a percentage: give the change as a fraction between -1 and 1."),
        Hint(lambda c, r, e: _recall_is((_gain(c) + _class0_gain(_seeds(c))) / 2)(c, r, e),
             "that is the change in balanced accuracy (the mean of both classes' recalls): "
             "the question asks for the recall of class 1 only."),
        Hint(lambda c, r, e: _recall_is(_recall_numbers(_seeds(c))["test"][1][0])(c, r, e),
             "that is the weighted model's recall itself: subtract the plain model's recall."),
        Hint(lambda c, r, e: _recall_is(-_recall_numbers(_seeds(c))["test"][0][0])(c, r, e)
             or _recall_is(_recall_numbers(_seeds(c))["test"][0][0])(c, r, e),
             "that is (plus or minus) the plain model's recall alone: the question asks for the "
             "weighted model's recall minus the plain model's."),
        Hint(lambda c, r, e: _recall_is(_class0_gain(_seeds(c)))(c, r, e),
             "that is the change in the recall of class 0: recall here is about class 1, the "
             "rare class (TP counts class-1 examples predicted as 1)."),
    ),
    default_hint="fit both models on the training split, predict the test split with each, "
                 "and compute recall = TP / (TP + FN) for both.",
))


# ----------------------------------------------------------------------------- class1_weight
def _weight_reference(t):
    t = float(t)
    return (1.0 - t) / t


register(Question(
    id="class1_weight",
    title="class1_weight",
    names=("class1_weight",),
    cases=(
        Case("threshold 0.05", (0.05,)),
        Case("threshold 0.2", (0.2,)),
        Case("threshold 0.5", (0.5,)),
        Case("threshold 0.75", (0.75,)),
        Case("threshold 1/51", (1 / 51,)),
    ),
    reference=_weight_reference,
    rtol=1e-9,
    hints=(
        Hint(lambda c, r, e: float(c.args[0]) != 0.5
             and near(r, float(c.args[0]) / (1 - float(c.args[0]))),
             "inverted: a threshold below 0.5 means class 1 must count more than class 0, so "
             "its weight must be above 1."),
        Hint(lambda c, r, e: near(r, 1 / float(c.args[0])),
             "close, but at t = 0.5 both classes must weigh the same (weight 1): redo the last "
             "step of solving t = c_0 / (c_0 + c_1) for c_1."),
        Hint(lambda c, r, e: near(r, np.log((1 - float(c.args[0])) / float(c.args[0])))
             and float(c.args[0]) != 0.5,
             "that is the shift of the logit, ln(c_1 / c_0): the question asks for the weight "
             "itself."),
        Hint(lambda c, r, e: near(r, 1 - float(c.args[0])) and float(c.args[0]) != 0.5,
             "that is not a ratio of weights: with c_0 = 1, solve t = c_0 / (c_0 + c_1) for c_1."),
    ),
    default_hint="the weighted model predicts class 1 when c_1 * pi > c_0 * (1 - pi): find "
                 "the c_1 (with c_0 = 1) for which that is pi > t.",
))


# ----------------------------------------------------------------------------- balanced_threshold
def _share(y):
    """Share of class 1 among the labels ``y`` (n1 / n)."""
    return float(np.mean(np.asarray(y, dtype=float).ravel() == 1))


def _balanced_cases():
    _, y_train, _, _ = imbalanced_data()
    return (
        Case("the training labels of part 3", (y_train,)),
        Case("one in four, a Python list", ([0, 0, 1, 0],)),
        Case("3 of 20 as floats", (np.r_[np.ones(3), np.zeros(17)],)),
        Case("class 1 in the majority", (np.array([1, 1, 1, 0, 1, 0, 1, 1, 1, 1]),)),
    )


def _balanced_like(f):
    """Hint predicate: the answer equals ``f(n1, n0)`` on this case (and the reference does not)."""
    def predicate(c, r, e):
        t = _share(c.args[0])
        n = np.asarray(c.args[0]).size
        n1 = round(t * n)
        value = f(n1, n - n1)
        return not near(value, t) and near(r, value)
    return predicate


register(Question(
    id="balanced_threshold",
    title="balanced_threshold",
    names=("balanced_threshold",),
    cases=_balanced_cases(),
    reference=_share,
    rtol=1e-9,
    hints=(
        fails_on_lists("y"),
        Hint(raised("'bool' object"),
             "on a Python list, y == 1 is a single False, not an array: convert y with "
             "np.asarray first."),
        Hint(_balanced_like(lambda n1, n0: 0.5),
             "0.5 is the threshold of the weighted model: the plain model needs another one, "
             "from the balanced weights c_0 and c_1."),
        Hint(_balanced_like(lambda n1, n0: n1 / n0),
             "close: that is n1 / n0. Write c_0 / (c_0 + c_1) with the balanced weights "
             "c_k = n / (2 n_k) and simplify."),
        Hint(_balanced_like(lambda n1, n0: n0 / (n0 + n1)),
             "your threshold is the share of class 0: the rarer class gets the larger weight, so "
             "the threshold moves towards the rare class's share, not away from it."),
        Hint(_balanced_like(lambda n1, n0: n0 / n1),
             "that is the weight ratio c_1 / c_0, not a threshold (a threshold lies between 0 "
             "and 1)."),
        Hint(_balanced_like(lambda n1, n0: np.log(n0 / n1)),
             "that is the shift of the logit, ln(c_1 / c_0): the question asks for the threshold "
             "of the plain model's probability."),
        Hint(lambda c, r, e: c.label != _balanced_cases()[0].label
             and near(r, _share(imbalanced_data()[1])),
             "your function returns the same number for every label set: compute it from its "
             "argument y, not from y_train."),
    ),
    default_hint="use t = c_0 / (c_0 + c_1) with the balanced weights c_k = n / (2 n_k) of the "
                 "labels y, and simplify.",
))


# ----------------------------------------------------------------------------- scenarios
def _choice(question_id, title, answer, wrong, default):
    register(choice_question(question_id, title, question_id, answer, wrong,
                             not_a_letter="answer with one letter in quotes: 'A', 'B', 'C' or 'D'.",
                             expected="the right letter (A, B, C or D)", default_hint=default))


_choice(
    "scenario_glitch", "scenario: glitches", "B",
    {"A": "a glitch of 999 has a residual near 1000; squared, that outweighs every other "
          "reading together, so the line follows the glitches.",
     "C": "the hinge loss scores a class decision through a margin; the target here is a "
          "number.",
     "D": "binary cross-entropy needs a label in {0, 1} and a probability; the target here is "
          "a temperature."},
    "which loss keeps the pull of a huge residual bounded?",
)
_choice(
    "scenario_leverage", "scenario: leverage", "B",
    {"A": "MAE caps each point's pull, but a point's effect on the slope is its pull times its "
          "distance from the mean of x, and these points are far from it.",
     "C": "MSE gives these points an even larger pull (it grows with the residual), and their "
          "lever arm stays as long.",
     "D": "any delta caps the pull, as MAE does; no loss changes the distance of a point's x "
          "from the mean of x."},
    "think of each point's pull times its lever arm x - mean(x).",
)
_choice(
    "scenario_probability", "scenario: probabilities", "B",
    {"A": "the hinge loss gives scores, not probabilities: it is zero for every point beyond "
          "margin 1, whatever its chance of disease.",
     "C": "a linear model trained with MSE on 0/1 labels can output values below 0 and above "
          "1: not probabilities.",
     "D": "accuracy cannot be trained: its gradient is zero almost everywhere (lecture 09)."},
    "which loss is minimised by the true probability and needs a probability as its prediction?",
)
_choice(
    "scenario_quantile", "scenario: a promise", "C",
    {"A": "MSE gives the mean delivery time; with skewed times far more than 10% of "
          "deliveries can be late, and about half can be.",
     "B": "MAE gives the median: about half the deliveries would arrive late.",
     "D": "the pinball loss with tau = 0.1 gives the time that only 10% of deliveries beat: "
          "90% would be late."},
    "which loss has the 90% quantile as its minimiser (lecture 06)?",
)
