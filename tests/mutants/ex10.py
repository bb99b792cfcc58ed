"""Plausible wrong answers for exercise 10 (choosing a loss): at least one per hint."""

from mutants import Mutant

_HINGE = '''
def hinge_mean(y, z):
    {body}
'''


def _hinge(body):
    return _HINGE.format(body=body)


_RECALL = '''
def recall(y_true, y_pred):
    return np.sum((y_pred == 1) & (y_true == 1)) / np.sum(y_true == 1)


def precision(y_true, y_pred):
    return np.sum((y_pred == 1) & (y_true == 1)) / np.sum(y_pred == 1)


def accuracy(y_true, y_pred):
    return np.mean(y_pred == y_true)


plain = LogisticRegression(C=1.0{plain_kw}).fit(X_train, y_train)
weighted = LogisticRegression(C=1.0, class_weight="balanced").fit(X_train, y_train)
recall_gain = float({metric}({y}, weighted.predict({X})) - {metric}({y}, plain.predict({X})))
'''


def _recall(metric="recall", split="test", plain_kw="", sign=1):
    code = _RECALL.format(metric=metric, y=f"y_{split}", X=f"X_{split}", plain_kw=plain_kw)
    return code + ("recall_gain = -recall_gain\n" if sign < 0 else "")


def _letter(name, letter):
    return f'{name} = "{letter}"'


MUTANTS = [
    # ---- hinge_mean
    Mutant("hinge_mean", "hinge_code",
           _hinge("return float(np.mean(np.maximum(0.0, 1.0 - (2 * y - 1) * z)))"),
           "fails on Python lists", "lists"),
    Mutant("hinge_mean", "hinge_code",
           _hinge("y, z = np.asarray(y, float), np.asarray(z, float)\n"
                  "    return float(np.mean(np.maximum(0.0, 1.0 - y * z)))"),
           "the labels are 0 and 1", "no -1/+1 labels"),
    Mutant("hinge_mean", "hinge_code",
           _hinge("m = (2 * np.asarray(y, float) - 1) * np.asarray(z, float)\n"
                  "    return float(np.mean(np.maximum(0.0, -m)))"),
           "zero as soon as a point is on the right side", "perceptron loss"),
    Mutant("hinge_mean", "hinge_code",
           _hinge("m = (2 * np.asarray(y, float) - 1) * np.asarray(z, float)\n"
                  "    return float(np.sum(np.maximum(0.0, 1.0 - m)))"),
           "that is the sum", "sum"),
    Mutant("hinge_mean", "hinge_code",
           _hinge("m = (2 * np.asarray(y, float) - 1) * np.asarray(z, float)\n"
                  "    return float(np.mean(max(0.0, 1.0 - m)))"),
           "Python's max", "builtin max"),
    Mutant("hinge_mean", "hinge_code",
           _hinge("m = (1 - 2 * np.asarray(y, float)) * np.asarray(z, float)\n"
                  "    return float(np.mean(np.maximum(0.0, 1.0 - m)))"),
           "your margin has the wrong sign", "margin sign"),
    Mutant("hinge_mean", "hinge_code",
           _hinge("m = (2 * np.asarray(y, float) - 1) * np.asarray(z, float)\n"
                  "    return float(np.mean(np.maximum(0.0, 1.0 - m) ** 2))"),
           "squared hinge", "squared"),
    Mutant("hinge_mean", "hinge_code",
           _hinge("m = (2 * np.asarray(y, float) - 1) * np.asarray(z, float)\n"
                  "    return float(np.mean(np.log1p(np.exp(-m))))"),
           "that is the log loss", "log loss"),
    # ---- slope_gap
    Mutant("slope_gap", "slope_gap_code", 'slope_gap = "-0.5"', "one number", "string"),
    Mutant("slope_gap", "slope_gap_code", '''
X = x[:, None]
slope_gap = float(LinearRegression().fit(X, y).coef_[0] - LinearRegression().fit(X, y).coef_[0])
''', "are both fits least squares", "both least squares"),
    Mutant("slope_gap", "slope_gap_code", '''
X = x[:, None]
slope_mse = LinearRegression().fit(X, y).coef_[0]
slope_mae = QuantileRegressor(quantile=0.5, alpha=0).fit(X, y).coef_[0]
slope_gap = float(slope_mae - slope_mse)
''', "the sign is reversed", "reversed"),
    Mutant("slope_gap", "slope_gap_code", '''
X = x[:, None]
slope_mse = LinearRegression().fit(X, y).coef_[0]
slope_mae = QuantileRegressor(quantile=0.5).fit(X, y).coef_[0]
slope_gap = float(slope_mse - slope_mae)
''', "adds an L1 penalty", "default alpha"),
    Mutant("slope_gap", "slope_gap_code", '''
X = x[:-1, None]  # the outlier dropped
slope_mse = LinearRegression().fit(X, y[:-1]).coef_[0]
slope_mae = QuantileRegressor(quantile=0.5, alpha=0).fit(X, y[:-1]).coef_[0]
slope_gap = float(slope_mse - slope_mae)
''', "you fitted without the bad point", "outlier dropped"),
    Mutant("slope_gap", "slope_gap_code", '''
from sklearn.linear_model import HuberRegressor
X = x[:, None]
slope_gap = float(LinearRegression().fit(X, y).coef_[0] - HuberRegressor().fit(X, y).coef_[0])
''', "a Huber fit is not MAE", "HuberRegressor"),
    Mutant("slope_gap", "slope_gap_code", '''
from scipy.optimize import minimize
slope_mae = minimize(lambda p: np.mean(np.abs(y - p[0] * x - p[1])), np.ones(2)).x[0]
slope_gap = float(np.polyfit(x, y, 1)[0] - slope_mae)
''', "can stop before the kink", "BFGS on MAE"),
    Mutant("slope_gap", "slope_gap_code", '''
X = x[:, None]
mse = LinearRegression().fit(X, y)
mae = QuantileRegressor(quantile=0.5, alpha=0).fit(X, y)
slope_gap = float(mse.intercept_ - mae.intercept_)
''', "difference of the intercepts", "intercepts"),
    Mutant("slope_gap", "slope_gap_code", "slope_gap = 0.4", "compare each slope with the plot",
           "guess"),
    # ---- recall_gain
    Mutant("recall_gain", "recall_code", "recall_gain = [0.3, 0.1]", "one number", "list"),
    Mutant("recall_gain", "recall_code", _recall(sign=-1), "the sign is reversed", "reversed"),
    Mutant("recall_gain", "recall_code", _recall(split="train"), "on the training data",
           "training split"),
    Mutant("recall_gain", "recall_code", _recall(metric="accuracy"), "change in accuracy",
           "accuracy"),
    Mutant("recall_gain", "recall_code", _recall(metric="precision"), "change in precision",
           "precision"),
    Mutant("recall_gain", "recall_code", _recall(plain_kw=', class_weight="balanced"'),
           "almost no change", "both weighted"),
    Mutant("recall_gain", "recall_code", "recall_gain = 0.5", "compute recall = TP / (TP + FN)",
           "guess"),
    Mutant("recall_gain", "recall_code", _recall() + "recall_gain = 100 * recall_gain\n",
           "looks like a percentage", "percent"),
    Mutant("recall_gain", "recall_code", '''
from sklearn.metrics import balanced_accuracy_score
plain = LogisticRegression(C=1.0).fit(X_train, y_train)
weighted = LogisticRegression(C=1.0, class_weight="balanced").fit(X_train, y_train)
recall_gain = float(balanced_accuracy_score(y_test, weighted.predict(X_test))
                    - balanced_accuracy_score(y_test, plain.predict(X_test)))
''', "balanced accuracy", "balanced accuracy"),
    Mutant("recall_gain", "recall_code", _recall() + "recall_gain = float(recall(y_test, "
           "weighted.predict(X_test)))\n", "the weighted model's recall itself", "weighted only"),
    Mutant("recall_gain", "recall_code", _recall() + "recall_gain = -float(recall(y_test, "
           "plain.predict(X_test)))\n", "the plain model's recall alone", "plain only"),
    Mutant("recall_gain", "recall_code", '''
from sklearn.metrics import recall_score
plain = LogisticRegression(C=1.0).fit(X_train, y_train)
weighted = LogisticRegression(C=1.0, class_weight="balanced").fit(X_train, y_train)
recall_gain = float(recall_score(y_test, weighted.predict(X_test), pos_label=0)
                    - recall_score(y_test, plain.predict(X_test), pos_label=0))
''', "recall of class 0", "class 0"),
    # ---- class1_weight
    Mutant("class1_weight", "weight_code", '''
def class1_weight(t):
    return t / (1 - t)
''', "inverted", "inverted"),
    Mutant("class1_weight", "weight_code", '''
def class1_weight(t):
    return 1 / t
''', "at t = 0.5 both classes must weigh the same", "1/t"),
    Mutant("class1_weight", "weight_code", '''
def class1_weight(t):
    return float(np.log((1 - t) / t))
''', "the shift of the logit", "log"),
    Mutant("class1_weight", "weight_code", '''
def class1_weight(t):
    return 1 - t
''', "not a ratio of weights", "1 - t"),
    Mutant("class1_weight", "weight_code", '''
def class1_weight(t):
    return 1 / (1 - t)
''', "c_1 * pi > c_0 * (1 - pi)", "other"),
    # ---- balanced_threshold
    Mutant("balanced_threshold", "t_balanced_code", """
def balanced_threshold(y):
    return float(np.mean(y + 0.0))
""", "fails on Python lists", "lists"),
    Mutant("balanced_threshold", "t_balanced_code", """
def balanced_threshold(y):
    return float((y == 1).sum() / len(y))
""", "y == 1 is a single False", "bool on list"),
    Mutant("balanced_threshold", "t_balanced_code", """
def balanced_threshold(y):
    return 0.5
""", "0.5 is the threshold of the weighted model", "0.5"),
    Mutant("balanced_threshold", "t_balanced_code", """
def balanced_threshold(y):
    y = np.asarray(y)
    return float(np.sum(y == 1) / np.sum(y == 0))
""", "that is n1 / n0", "n1/n0"),
    Mutant("balanced_threshold", "t_balanced_code", """
def balanced_threshold(y):
    return float(1 - np.mean(y))
""", "the share of class 0", "share of class 0"),
    Mutant("balanced_threshold", "t_balanced_code", """
def balanced_threshold(y):
    y = np.asarray(y)
    return float(np.sum(y == 0) / np.sum(y == 1))
""", "the weight ratio c_1 / c_0", "n0/n1"),
    Mutant("balanced_threshold", "t_balanced_code", """
def balanced_threshold(y):
    y = np.asarray(y)
    return float(np.log(np.sum(y == 0) / np.sum(y == 1)))
""", "the shift of the logit", "log ratio"),
    Mutant("balanced_threshold", "t_balanced_code", """
def balanced_threshold(y):
    return float(np.mean(y_train))
""", "same number for every label set", "ignores y"),
    Mutant("balanced_threshold", "t_balanced_code", """
def balanced_threshold(y):
    return 0.1
""", "c_k = n / (2 n_k) of the labels y", "guess"),
    # ---- scenarios
    Mutant("scenario_glitch", "glitch_code", "scenario_glitch = 2", "one letter in quotes",
           "not a letter"),
    Mutant("scenario_glitch", "glitch_code", _letter("scenario_glitch", "A"),
           "outweighs every other reading", "A"),
    Mutant("scenario_glitch", "glitch_code", _letter("scenario_glitch", "C"),
           "the target here is a number", "C"),
    Mutant("scenario_glitch", "glitch_code", _letter("scenario_glitch", "D"),
           "the target here is a temperature", "D"),
    Mutant("scenario_leverage", "leverage_code", _letter("scenario_leverage", "E"),
           "one letter in quotes", "E"),
    Mutant("scenario_leverage", "leverage_code", _letter("scenario_leverage", "A"),
           "pull times its distance from the mean of x", "A"),
    Mutant("scenario_leverage", "leverage_code", _letter("scenario_leverage", "C"),
           "an even larger pull", "C"),
    Mutant("scenario_leverage", "leverage_code", _letter("scenario_leverage", "D"),
           "any delta caps the pull", "D"),
    Mutant("scenario_probability", "probability_code", "scenario_probability = ['B']",
           "one letter in quotes", "list"),
    Mutant("scenario_probability", "probability_code", _letter("scenario_probability", "A"),
           "scores, not probabilities", "A"),
    Mutant("scenario_probability", "probability_code", _letter("scenario_probability", "C"),
           "below 0 and above 1", "C"),
    Mutant("scenario_probability", "probability_code", _letter("scenario_probability", "D"),
           "accuracy cannot be trained", "D"),
    Mutant("scenario_quantile", "quantile_code", _letter("scenario_quantile", "AB"),
           "one letter in quotes", "two letters"),
    Mutant("scenario_quantile", "quantile_code", _letter("scenario_quantile", "A"),
           "gives the mean delivery time", "A"),
    Mutant("scenario_quantile", "quantile_code", _letter("scenario_quantile", "B"),
           "MAE gives the median", "B"),
    Mutant("scenario_quantile", "quantile_code", _letter("scenario_quantile", "D"),
           "90% would be late", "D"),
]
