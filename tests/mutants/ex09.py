"""Plausible wrong answers for exercise 09 (loss vs accuracy, calibration); see __init__.py."""

from mutants import Mutant

_ACC = '''
def accuracy(y_true, p, threshold=0.5):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    return {body}
'''

_ECE = '''
def ece(y_true, p, n_bins=10):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    {index}
    total = 0.0
    for k in range(n_bins):
        in_bin = index == k
        if in_bin.any():
            total += {term}
    return float(total)
'''


def _ece(index="index = np.minimum((p * n_bins).astype(int), n_bins - 1)",
         term="in_bin.mean() * abs(y_true[in_bin].mean() - p[in_bin].mean())"):
    return _ECE.format(index=index, term=term)


_REPORT = '''
loss_before = binary_cross_entropy_with_logits({y}, {z})
loss_after = binary_cross_entropy_with_logits({y}, {z_after})
ece_before = ece({y}, sigmoid({z}))
ece_after = ece({y}, sigmoid({z_after_ece}))
'''


def _report(y="y_test", z="z_test", z_after="z_test / T", z_after_ece="z_test / T"):
    return _REPORT.format(y=y, z=z, z_after=z_after, z_after_ece=z_after_ece)


MUTANTS = [
    # ---- accuracy_fn
    Mutant("accuracy_fn", "accuracy_code", _ACC.format(
        body="float(np.sum((p > threshold) == y_true))"), "divide by n", "count"),
    Mutant("accuracy_fn", "accuracy_code", _ACC.format(
        body="float(np.mean((p > 0.5) == y_true))"), "use the `threshold` argument",
        "threshold ignored"),
    Mutant("accuracy_fn", "accuracy_code", _ACC.format(
        body="float(np.mean((p >= threshold) == y_true))"), "counts as class 0", "p >= t"),
    Mutant("accuracy_fn", "accuracy_code", '''
def accuracy(y_true, p, threshold=0.5):
    y_true = np.asarray(y_true, dtype=float)
    p = np.asarray(p, dtype=float)
    return float(np.mean((p > threshold) == y_true))
''', "broadcast to an (n, n) table", "no flattening"),
    Mutant("accuracy_fn", "accuracy_code", '''
def accuracy(y_true, p, threshold=0.5):
    return float(np.mean((p > threshold) == y_true))
''', "fails on Python lists", "no conversion of lists"),
    Mutant("accuracy_fn", "accuracy_code", _ACC.format(
        body="100 * float(np.mean((p > threshold) == y_true))"), "not a percentage",
        "percentage"),
    Mutant("accuracy_fn", "accuracy_code", _ACC.format(
        body="float(np.mean((p > threshold) != y_true))"), "you counted the mistakes",
        "error rate"),
    Mutant("accuracy_fn", "accuracy_code", _ACC.format(
        body="float(np.mean(p == y_true))"), "turn each p into a label", "p compared with y"),
    Mutant("accuracy_fn", "accuracy_code", _ACC.format(
        body="float(np.mean(y_true[p > threshold]))"),
        "turn each probability into a predicted label", "precision instead of accuracy"),
    # ---- same_accuracy_diff_loss
    Mutant("same_accuracy_diff_loss", "same_accuracy_code", '''
p_one = np.where(y_true == 1, 0.9, 0.1)
p_two = np.where(y_true == 1, 0.8, 0.2)  # both confident: losses only 0.12 apart
''', "the log losses are too close", "gap too small"),
    Mutant("same_accuracy_diff_loss", "same_accuracy_code", '''
p_one = np.where(y_true == 1, 0.9, 0.1)
p_two = np.where(y_true == 1, 0.4, 0.6)  # every prediction flipped: accuracy 0
''', "the accuracies differ", "different accuracy"),
    Mutant("same_accuracy_diff_loss", "same_accuracy_code", '''
p_one = y_true.astype(float)  # "perfect" predictions
p_two = np.where(y_true == 1, 0.6, 0.4)
''', "strictly between 0 and 1", "probabilities 0 and 1"),
    Mutant("same_accuracy_diff_loss", "same_accuracy_code", '''
p_one = np.array([0.9, 0.1, 0.9, 0.9, 0.1, 0.9, 0.1])  # one label forgotten
p_two = np.array([0.6, 0.4, 0.6, 0.6, 0.4, 0.6, 0.4])
''', "one probability of class 1 per label", "wrong length"),
    Mutant("same_accuracy_diff_loss", "same_accuracy_code", '''
p_one = np.where(y_true == 1, 0.9, 0.1)
p_two = np.full(8, 0.5)  # "undecided": but 0.5 counts as class 0
''', "exactly 0.5 counts as class 0", "p = 0.5"),
    # ---- accuracy_loss_disagree
    Mutant("accuracy_loss_disagree", "disagree_code", '''
p_a = np.array([0.95, 0.05, 0.95, 0.95, 0.05, 0.95, 0.05, 0.995])
p_b = np.array([0.7, 0.3, 0.7, 0.45, 0.3, 0.7, 0.55, 0.3])  # A and B swapped
''', "model B must have the higher accuracy", "models swapped"),
    Mutant("accuracy_loss_disagree", "disagree_code", '''
p_a = np.array([0.7, 0.3, 0.7, 0.45, 0.3, 0.7, 0.55, 0.3])
p_b = np.array([0.95, 0.05, 0.95, 0.95, 0.05, 0.95, 0.05, 0.6])  # B only mildly wrong
''', "Look at B's mistakes", "B not confidently wrong"),
    Mutant("accuracy_loss_disagree", "disagree_code", '''
p_a = np.array([0.7, 0.3, 0.7, 0.45, 0.3, 0.7, 0.3, 0.3])   # 7 of 8 right
p_b = np.array([0.6, 0.4, 0.6, 0.6, 0.4, 0.6, 0.4, 0.4])    # all right, hesitant: not enough
''', "B misses no example", "B perfect but not hesitant enough"),
    Mutant("accuracy_loss_disagree", "disagree_code", '''
p_a = np.array([0.7, 0.3, 0.7, 0.45, 0.3, 0.7, 0.55, 0.3])
p_b = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0])  # hard labels, not probabilities
''', "strictly between 0 and 1", "hard labels"),
    # ---- proper_choice
    Mutant("proper_choice", "proper_code", 'proper_choice = "a"', "she loses nothing",
           "accuracy"),
    Mutant("proper_choice", "proper_code", 'proper_choice = "b"', "straight line in p",
           "absolute error"),
    Mutant("proper_choice", "proper_code", 'proper_choice = "d"', "measures calibration only",
           "ECE"),
    Mutant("proper_choice", "proper_code", 'proper_choice = 3', "answer with one letter",
           "a number"),
    # ---- ece_fn
    Mutant("ece_fn", "ece_code", '''
def ece(y_true, p, n_bins=10):
    index = np.minimum((p * n_bins).astype(int), n_bins - 1)
    total = 0.0
    for k in range(n_bins):
        in_bin = index == k
        if in_bin.any():
            total += in_bin.mean() * abs(y_true[in_bin].mean() - p[in_bin].mean())
    return float(total)
''', "fails on Python lists", "no conversion"),
    Mutant("ece_fn", "ece_code", _ece(index="index = (p * n_bins).astype(int)"),
           "p = 1.0 must go into the last bin", "p = 1 outside"),
    Mutant("ece_fn", "ece_code", _ece(index="index = np.minimum((p * 10).astype(int), 9)")
           .replace("range(n_bins)", "range(10)"), "use the `n_bins` argument", "n_bins ignored"),
    Mutant("ece_fn", "ece_code",
           _ece(index="index = np.clip(np.ceil(p * n_bins).astype(int) - 1, 0, n_bins - 1)"),
           "belongs to the bin on its right", "right-closed bins"),
    Mutant("ece_fn", "ece_code",
           _ece(term="in_bin.mean() * (y_true[in_bin].mean() - p[in_bin].mean())"),
           "take the absolute value", "signed gaps"),
    Mutant("ece_fn", "ece_code",
           _ece(term="abs(y_true[in_bin].mean() - p[in_bin].mean()) / n_bins"),
           "weight each bin's gap", "unweighted"),
    Mutant("ece_fn", "ece_code", _ece().replace("if in_bin.any():", "if True:"),
           "your result is nan", "empty bins not skipped"),
    Mutant("ece_fn", "ece_code",
           _ece(term="in_bin.sum() * abs(y_true[in_bin].mean() - p[in_bin].mean())"),
           "did not divide by n", "counts, not shares"),
    Mutant("ece_fn", "ece_code", '''
def ece(y_true, p, n_bins=10):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    confidence = np.maximum(p, 1 - p)
    correct = ((p > 0.5) == y_true).astype(float)
    index = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    total = 0.0
    for k in range(n_bins):
        in_bin = index == k
        if in_bin.any():
            total += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(total)
''', "top-label", "top-label ECE"),
    Mutant("ece_fn", "ece_code", '''
def ece(y_true, p, n_bins=10):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    return float(np.mean(np.abs(y_true - p)))
''', "averaged |y - p| over the examples", "per-example error"),
    Mutant("ece_fn", "ece_code",
           _ece(term="in_bin.mean() * (y_true[in_bin].mean() - p[in_bin].mean()) ** 2"),
           "not its square", "squared gaps"),
    Mutant("ece_fn", "ece_code", '''
def ece(y_true, p, n_bins=10):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    index = np.minimum((p * n_bins).astype(int), n_bins - 1)
    gaps = [abs(y_true[index == k].mean() - p[index == k].mean())
            for k in range(n_bins) if np.any(index == k)]
    return float(max(gaps))
''', "maximum calibration error", "largest gap"),
    Mutant("ece_fn", "ece_code",
           _ece(term="in_bin.mean() * abs(y_true[in_bin].mean() - (p[in_bin] > 0.5).mean())"),
           "not with its predicted labels", "labels instead of p"),
    Mutant("ece_fn", "ece_code", _ece(index="index = np.round(p * n_bins).astype(int)")
           .replace("range(n_bins)", "range(n_bins + 1)"),
           "rounding p * n_bins", "rounded bin index"),
    Mutant("ece_fn", "ece_code",
           _ece(term="in_bin.mean() * abs((1 - y_true[in_bin]).mean() - p[in_bin].mean())"),
           "for each non-empty bin", "share of class 0"),
    # ---- temperature_fit
    Mutant("temperature_fit", "temperature_code", 'T = "15"', "one positive number", "string"),
    Mutant("temperature_fit", "temperature_code", 'T = 1.0', "T = 1 leaves the model",
           "unscaled"),
    Mutant("temperature_fit", "temperature_code", '''
T_grid = np.linspace(0.5, 50, 4951)
test_losses = [binary_cross_entropy_with_logits(y_test, z_test / t) for t in T_grid]
T = float(T_grid[int(np.argmin(test_losses))])  # chosen on the test split
''', "choose T on the validation split", "fitted on test"),
    Mutant("temperature_fit", "temperature_code", '''
T_grid = np.linspace(0.01, 2, 2000)
val_losses = [binary_cross_entropy_with_logits(y_val, z_val * t) for t in T_grid]
T = float(T_grid[int(np.argmin(val_losses))])  # multiplies instead of dividing
''', "looks like 1/T", "multiplied"),
    Mutant("temperature_fit", "temperature_code", '''
T_grid = np.linspace(0.5, 10, 20)  # too narrow: the best T is outside
val_losses = [binary_cross_entropy_with_logits(y_val, z_val / t) for t in T_grid]
T = float(T_grid[int(np.argmin(val_losses))])
''', "widen or refine your search", "grid too narrow"),
    Mutant("temperature_fit", "temperature_code", '''
T_grid = np.linspace(0.5, 50, 4951)
z_all, y_all = np.r_[z_val, z_test], np.r_[y_val, y_test]  # "more data is better"
all_losses = [binary_cross_entropy_with_logits(y_all, z_all / t) for t in T_grid]
T = float(T_grid[int(np.argmin(all_losses))])
''', "validation and the test split together", "fitted on val + test"),
    Mutant("temperature_fit", "temperature_code", '''
from lossedu.metrics import expected_calibration_error
T_grid = np.arange(0.5, 50, 0.5)
val_eces = [expected_calibration_error(y_val, sigmoid(z_val / t)) for t in T_grid]
T = float(T_grid[int(np.argmin(val_eces))])
''', "where the validation ECE", "ECE minimised"),
    Mutant("temperature_fit", "temperature_code", '''
T_grid = np.arange(0.1, 50, 0.1)
val_briers = [np.mean((sigmoid(z_val / t) - y_val) ** 2) for t in T_grid]
T = float(T_grid[int(np.argmin(val_briers))])
''', "minimises the validation Brier score", "Brier minimised"),
    Mutant("temperature_fit", "temperature_code", '''
T_grid = np.arange(0.1, 50, 0.1)
val_losses = [binary_cross_entropy_with_logits(y_val, z_val / t) for t in T_grid]
T = min(val_losses)
''', "the smallest validation log loss itself", "loss instead of T"),
    Mutant("temperature_fit", "temperature_code", '''
T_grid = np.arange(0.1, 50, 0.1)
val_losses = [binary_cross_entropy_with_logits(y_val, z_val / t) for t in T_grid]
T = float(T_grid[int(np.argmax(val_losses))])
''', "argmax", "largest loss"),
    Mutant("temperature_fit", "temperature_code", '''
T_grid = np.arange(0.1, 50, 0.1)
val_losses = [binary_cross_entropy_with_logits(y_val, z_val / t) for t in T_grid]
T = int(np.argmin(val_losses))
''', "position of the best grid point", "index instead of value"),
    Mutant("temperature_fit", "temperature_code", '''
T_grid = np.arange(1, 51)  # steps of 1: too coarse
val_losses = [binary_cross_entropy_with_logits(y_val, z_val / t) for t in T_grid]
T = float(T_grid[int(np.argmin(val_losses))])
''', "steps of 0.1 are fine enough", "grid too coarse"),
    # ---- calibration_report
    Mutant("calibration_report", "report_code", _report(y="y_val", z="z_val",
                                                        z_after="z_val / T",
                                                        z_after_ece="z_val / T"),
           "these are validation numbers", "validation split"),
    Mutant("calibration_report", "report_code", _report(z_after_ece="z_test"),
           "an 'after' value equals its 'before' value", "ECE not scaled"),
    Mutant("calibration_report", "report_code", _report(z_after="z_test * T",
                                                        z_after_ece="z_test * T"),
           "the logits times T", "multiplied"),
    Mutant("calibration_report", "report_code", '''
loss_before = binary_cross_entropy_with_logits(y_test, z_test / T)
loss_after = binary_cross_entropy_with_logits(y_test, z_test)
ece_before = ece(y_test, sigmoid(z_test))
ece_after = ece(y_test, sigmoid(z_test / T))
''', "in the wrong places", "before/after swapped"),
    Mutant("calibration_report", "report_code", '''
loss_before = binary_cross_entropy(y_test, sigmoid(z_test))
loss_after = binary_cross_entropy(y_test, sigmoid(z_test / T))
ece_before = ece(y_test, sigmoid(z_test))
ece_after = ece(y_test, sigmoid(z_test / T))
''', "a log loss is infinite", "loss from rounded probabilities"),
    Mutant("calibration_report", "report_code", '''
loss_before = binary_cross_entropy_with_logits(y_test, z_test)
loss_after = binary_cross_entropy_with_logits(y_test, z_test / T)
ece_before = ece(y_test, z_test)
ece_after = ece(y_test, z_test / T)
''', "an ECE above 1", "ECE of logits"),
    Mutant("calibration_report", "report_code", _report(z_after="z_test / 10",
                                                        z_after_ece="z_test / 10"),
           "do not match your T", "another temperature"),
    Mutant("calibration_report", "report_code", '''
loss_before = binary_cross_entropy_with_logits(y_test, z_test)
loss_after = binary_cross_entropy_with_logits(y_test, z_test / T)
ece_before = ece(y_test, sigmoid(z_test), 5)
ece_after = ece(y_test, sigmoid(z_test / T), 5)
''', "the ECE (10 bins) of both", "5 bins"),
    # ---- cost_threshold
    Mutant("cost_threshold", "cost_code", '''
def cost_threshold(c_fp, c_fn):
    return 0.5
''', "ignores the costs", "always 0.5"),
    Mutant("cost_threshold", "cost_code", '''
def cost_threshold(c_fp, c_fn):
    return c_fn / (c_fp + c_fn)
''', "the costs are swapped", "swapped"),
    Mutant("cost_threshold", "cost_code", '''
def cost_threshold(c_fp, c_fn):
    return c_fp / c_fn
''', "a ratio of the two costs", "ratio"),
    Mutant("cost_threshold", "cost_code", '''
def cost_threshold(c_fp, c_fn):
    return 1 - c_fp / c_fn
''', "expected cost of each decision", "one minus a ratio"),
    # ---- quiz (one mutant per wrong letter comes from tests/mutants/__init__.py)
    Mutant("quiz09_1", "quiz09", '''
quiz09_1 = 3
quiz09_2 = "B"
quiz09_3 = "D"
''', "answer with one letter in quotes", "quiz answer not a letter"),
]
