"""Plausible wrong answers for exercise 06 (loss vs accuracy); see tests/mutants/__init__.py."""

from mutants import Mutant

MUTANTS = [
    # ---- accuracy_fn
    Mutant("accuracy_fn", "accuracy_code", '''
def accuracy(y_true, p, threshold=0.5):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    return float(np.sum((p >= threshold) == y_true))
''', "divide by n", "count instead of fraction"),
    Mutant("accuracy_fn", "accuracy_code", '''
def accuracy(y_true, p, threshold=0.5):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    return float(np.mean((p >= 0.5) == y_true))
''', "use the `threshold` argument", "threshold ignored"),
    Mutant("accuracy_fn", "accuracy_code", '''
def accuracy(y_true, p, threshold=0.5):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    return float(np.mean((p > threshold) == y_true))
''', "use p >= threshold", "strict comparison"),
    Mutant("accuracy_fn", "accuracy_code", '''
def accuracy(y_true, p, threshold=0.5):
    y_true = np.asarray(y_true, dtype=float)
    p = np.asarray(p, dtype=float)
    return float(np.mean((p >= threshold) == y_true))
''', "broadcast to an (n, n) table", "no flattening"),
    Mutant("accuracy_fn", "accuracy_code", '''
def accuracy(y_true, p, threshold=0.5):
    return float(np.mean((p >= threshold) == y_true))
''', "fails on Python lists", "no conversion of lists"),
    Mutant("accuracy_fn", "accuracy_code", '''
def accuracy(y_true, p, threshold=0.5):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    return 100 * float(np.mean((p >= threshold) == y_true))
''', "not a percentage", "percentage"),
    Mutant("accuracy_fn", "accuracy_code", '''
def accuracy(y_true, p, threshold=0.5):
    y_true = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    return float(np.mean((p >= threshold) != y_true))
''', "you counted the mistakes", "error rate"),
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
p_one = y_true.astype(float)  # "perfect" predictions: log(0) terms, infinite loss elsewhere
p_two = np.where(y_true == 1, 0.6, 0.4)
''', "strictly between 0 and 1", "probabilities 0 and 1"),
    Mutant("same_accuracy_diff_loss", "same_accuracy_code", '''
p_one = np.array([0.9, 0.1, 0.9, 0.9, 0.1, 0.9, 0.1])  # one label forgotten
p_two = np.array([0.6, 0.4, 0.6, 0.6, 0.4, 0.6, 0.4])
''', "one probability of class 1 per label", "wrong length"),
    # ---- accuracy_loss_disagree
    Mutant("accuracy_loss_disagree", "disagree_code", '''
p_a = np.array([0.95, 0.05, 0.95, 0.95, 0.05, 0.95, 0.05, 0.995])
p_b = np.array([0.7, 0.3, 0.7, 0.45, 0.3, 0.7, 0.55, 0.3])  # A and B swapped
''', "model B must have the higher accuracy", "models swapped"),
    Mutant("accuracy_loss_disagree", "disagree_code", '''
p_a = np.array([0.7, 0.3, 0.7, 0.45, 0.3, 0.7, 0.55, 0.3])
p_b = np.array([0.95, 0.05, 0.95, 0.95, 0.05, 0.95, 0.05, 0.6])  # B only mildly wrong
''', "B's log loss is not high enough", "B not confidently wrong"),
    Mutant("accuracy_loss_disagree", "disagree_code", '''
p_a = np.array([0.7, 0.3, 0.7, 0.45, 0.3, 0.7, 0.55, 0.3])
p_b = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0])  # hard labels, not probabilities
''', "strictly between 0 and 1", "hard labels"),
]
