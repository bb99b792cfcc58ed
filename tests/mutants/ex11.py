"""Plausible wrong answers for exercise 11 (backpropagation); see tests/mutants/__init__.py.

At least one mutant per hint of every question (the quiz's mutants are generated).
"""

from mutants import Mutant

_CONVERT = '''
    X, W1, W2 = (np.asarray(v, dtype=float) for v in (X, W1, W2))
    b1, b2 = np.asarray(b1, dtype=float), np.asarray(b2, dtype=float)
'''


def _forward(body, name):
    hint, label = name
    return Mutant("mlp_forward", "forward_code",
                  "\ndef mlp_forward(X, W1, b1, W2, b2):" + _CONVERT + body, hint, label)


_OUTPUT_HEAD = '''
def output_layer_grads(h, W2, b2, y):
    h, W2 = np.asarray(h, dtype=float), np.asarray(W2, dtype=float)
    y = np.asarray(y).ravel().astype(int)
    z = h @ W2 + np.asarray(b2, dtype=float)
    q = np.eye(z.shape[1])[y]
    n = len(y)
'''


def _output(body, hint, label):
    return Mutant("output_grads", "output_code", _OUTPUT_HEAD + body, hint, label)


_BACKPROP_HEAD = '''
def backprop(X, W1, b1, W2, b2, y):
    X, W1, W2 = (np.asarray(v, dtype=float) for v in (X, W1, W2))
    b1, b2 = np.asarray(b1, dtype=float), np.asarray(b2, dtype=float)
    y = np.asarray(y).ravel().astype(int)
    a = X @ W1 + b1
    h = np.maximum(a, 0.0)
    z = h @ W2 + b2
    q = np.eye(z.shape[1])[y]
    n = len(y)
'''
_DZ = "    dz = (softmax(z) - q) / n\n"
_DA = "    da = (dz @ W2.T) * (a > 0)\n"
_RIGHT = "    return X.T @ da, da.sum(axis=0), h.T @ dz, dz.sum(axis=0)\n"


def _backprop(body, hint, label):
    return Mutant("backprop", "backprop_code", _BACKPROP_HEAD + body, hint, label)


MUTANTS = [
    # ---- mlp_forward: one per hint
    _forward("    return (X @ W1 + b1) @ W2 + b2\n", ("the ReLU is missing", "no ReLU")),
    _forward("    return softmax(np.maximum(X @ W1 + b1, 0) @ W2 + b2)\n",
             ("you returned probabilities", "softmax applied")),
    _forward("    return softmax(np.maximum(X @ W1 + b1, 0) @ W2 + b2, axis=0)\n",
             ("you returned probabilities", "softmax over the examples")),
    _forward("    return np.maximum(np.maximum(X @ W1 + b1, 0) @ W2 + b2, 0)\n",
             ("the ReLU belongs to the hidden layer only", "ReLU on the logits")),
    _forward("    return np.maximum(X @ W1, 0) @ W2\n", ("both biases are missing", "no biases")),
    _forward("    return np.maximum(X @ W1, 0) @ W2 + b2\n", ("bias b1 is missing", "no b1")),
    _forward("    return np.maximum(X @ W1 + b1, 0) @ W2\n", ("bias b2 is missing", "no b2")),
    _forward("    return W2.T @ np.maximum(W1.T @ X + b1, 0) + b2\n",
             ("a matrix product does not fit", "W @ X order")),
    _forward("    return np.maximum(X @ W1 + b1, 0)\n",
             ("that is the hidden layer", "returned h")),
    _forward("    return (np.maximum(X @ W1 + b1, 0) @ W2 + b2).T\n",
             ("your logits are transposed", "transposed logits")),
    _forward("    return np.tanh(X @ W1 + b1) @ W2 + b2\n",
             ("compute each of the three steps", "tanh instead of ReLU")),
    Mutant("mlp_forward", "forward_code", '''
def mlp_forward(X, W1, b1, W2, b2):
    return np.maximum(X @ W1 + b1, 0) @ W2 + b2
''', "fails on Python lists", "no conversion of lists"),
    # ---- output_grads: one per hint
    _output("    dz = softmax(z) - q\n    return h.T @ dz, dz.sum(axis=0)\n",
            "did you divide by n?", "no division by n"),
    _output("    dz = (q - softmax(z)) / n\n    return h.T @ dz, dz.sum(axis=0)\n",
            "wrong sign", "target minus prediction"),
    _output("    dz = (softmax(z) - q) / n\n    return dz.T @ h, dz.sum(axis=0)\n",
            "the shape of W2 transposed", "dz.T @ h"),
    _output("    dz = (softmax(z) - q) / n\n    return h.T @ dz, dz\n",
            "db2 must have the shape of b2", "bias gradient not summed"),
    _output("    dz = (softmax(z) - q) / n\n    return h.T @ dz, dz.sum(axis=0, keepdims=True)\n",
            "db2 has shape (1, K)", "keepdims"),
    _output("    dz = (z - q) / n\n    return h.T @ dz, dz.sum(axis=0)\n",
            "you used the logits z where the probabilities", "z - q"),
    _output("    dz = softmax(z) / n\n    return h.T @ dz, dz.sum(axis=0)\n",
            "you left out the one-hot target", "p only"),
    _output("    dz = (softmax(z, axis=0) - q) / n\n    return h.T @ dz, dz.sum(axis=0)\n",
            "normalises each column", "softmax over the examples"),
    _output("    p = softmax(z)\n    dz = p * (1 - p) * (p - q) / n\n"
            "    return h.T @ dz, dz.sum(axis=0)\n",
            "an extra p(1 - p)", "extra softmax derivative"),
    _output("    dz = (softmax(z) - q) / n\n    return h.T @ dz / n, dz.sum(axis=0) / n\n",
            "the 1/n of the mean is applied once", "divided by n twice"),
    _output("    dz = softmax(z) - q\n    return h.T @ dz / n, dz.sum(axis=0)\n",
            "dW2 is right but db2 is not", "db2 without 1/n"),
    _output("    dz = (softmax(z) - q).mean(axis=0)\n    return np.outer(h.mean(axis=0), dz), dz\n",
            "db2 is right, so your gradient at the logits is right", "mean of h times mean"),
    _output("    dz = (softmax(z) - q) / n\n    return dz.sum(axis=0), h.T @ dz\n",
            "in the wrong order", "swapped pair"),
    _output("    dz = (softmax(z) - q) / n\n    return h.T @ dz\n",
            "return the pair (dW2, db2)", "only dW2"),
    _output("    dz = (softmax(z) - q) / n\n    return W2.T @ dz.T, dz.sum(axis=0)\n",
            "a matrix product does not fit", "W2 instead of h"),
    _output("    e = np.exp(z)\n    dz = (e / e.sum(axis=1, keepdims=True) - q) / n\n"
            "    return h.T @ dz, dz.sum(axis=0)\n",
            "the softmax overflows", "naive softmax"),
    _output("    dz = (softmax(z) - q) / n\n    return h.T @ dz * 2, dz.sum(axis=0) * 2\n",
            "derive one entry", "factor 2 everywhere"),
    Mutant("output_grads", "output_code", '''
def output_layer_grads(h, W2, b2, y):
    z = h @ W2 + b2
    dz = softmax(z)
    dz[np.arange(len(y)), y] -= 1.0
    dz /= len(y)
    return h.T @ dz, dz.sum(axis=0)
''', "fails on Python lists", "no conversion of lists"),
    _output("    q = np.eye(y.max() + 1)[y]\n    dz = (softmax(z) - q) / n\n"
            "    return h.T @ dz, dz.sum(axis=0)\n",
            "take K from the logits", "K from the labels"),
    # ---- backprop: one per hint
    _backprop("    dz = softmax(z) - q\n" + _DA + _RIGHT, "did you divide by n?",
              "no division by n"),
    _backprop(_DZ + _DA + "    return X.T @ da, da.sum(axis=0), a.T @ dz, dz.sum(axis=0)\n",
              "uses the pre-activation a where the activation h was needed", "dW2 from a"),
    _backprop(_DZ + "    da = dz @ W2.T\n" + _RIGHT, "you forgot the ReLU's derivative",
              "no ReLU mask"),
    _backprop(_DZ + "    dh = dz @ W2.T\n    da = dh * (dh > 0)\n" + _RIGHT,
              "derivative is taken at the wrong place", "mask from the gradient"),
    _backprop(_DZ + "    da = (dz @ W2.T) * h\n" + _RIGHT, "you multiplied by the activation h",
              "times h"),
    _backprop(_DZ + "    da = (dz @ W2) * (a > 0)\n" + _RIGHT, "a matrix product does not fit",
              "W2 not transposed"),
    _backprop(_DZ + _DA + "    return da.T @ X, da.sum(axis=0), h.T @ dz, dz.sum(axis=0)\n",
              "transposed shape of its weight", "dW1 transposed"),
    _backprop(_DZ + "    dh = dz @ W2.T\n" + _DA +
              "    return X.T @ da, dh.sum(axis=0), h.T @ dz, dz.sum(axis=0)\n",
              "dW2 and db2 are right, so the error is below the output layer", "db1 from dh"),
    _backprop(_DZ + "    da = (dz * (z > 0)) @ W2.T\n" + _RIGHT,
              "dW2 and db2 are right, so the error is below the output layer", "mask on dz"),
    _backprop("    e = np.exp(z)\n    dz = (e / e.sum(axis=1, keepdims=True) - q) / n\n" + _DA
              + _RIGHT, "the softmax overflows", "naive softmax"),
    _backprop("    dz = (softmax(z, axis=0) - q) / n\n" + _DA + _RIGHT, "normalises each column",
              "softmax over the examples"),
    _backprop("    dz = (q - softmax(z)) / n\n" + _DA + _RIGHT, "wrong sign", "sign"),
    _backprop("    p = softmax(z)\n    dz = p * (1 - p) * (p - q) / n\n" + _DA + _RIGHT,
              "an extra p(1 - p)", "extra softmax derivative"),
    _backprop(_DZ + _DA + "    return h.T @ dz, dz.sum(axis=0), X.T @ da, da.sum(axis=0)\n",
              "in the wrong order", "output layer first"),
    _backprop(_DZ + _DA + "    return X.T @ da, da.sum(axis=0), h.T @ dz\n",
              "return the four gradients", "three gradients"),
    _backprop(_DZ + _DA + "    return X.T @ da, da.sum(axis=0, keepdims=True), h.T @ dz, "
              "dz.sum(axis=0)\n", "db1 has shape (1, d_h)", "db1 keepdims"),
    _backprop(_DZ + _DA + "    return X.T @ da, da.sum(axis=0), h.T @ dz, "
              "dz.sum(axis=0, keepdims=True)\n", "db2 has shape (1, K)", "db2 keepdims"),
    _backprop(_DZ + _DA + "    return X.T @ da, da.sum(axis=1), h.T @ dz, dz.sum(axis=0)\n",
              "sum over the examples only", "db1 over the units"),
    _backprop(_DZ + _DA + "    return X.T @ da * 2, da.sum(axis=0) * 2, h.T @ dz * 2, "
              "dz.sum(axis=0) * 2\n", "compare your four arrays", "factor 2 everywhere"),
    Mutant("backprop", "backprop_code", '''
def backprop(X, W1, b1, W2, b2, y):
    a = X @ W1 + b1
    h = np.maximum(a, 0.0)
    dz = softmax(h @ W2 + b2)
    dz[np.arange(len(y)), y] -= 1.0
    dz /= len(y)
    da = (dz @ W2.T) * (a > 0)
    return X.T @ da, da.sum(axis=0), h.T @ dz, dz.sum(axis=0)
''', "fails on Python lists", "no conversion of lists"),
    _backprop("    q = np.eye(y.max() + 1)[y]\n" + _DZ + _DA + _RIGHT, "take K from the logits",
              "K from the labels"),
    # ---- multilabel_choice: one per wrong option, and a non-letter
    Mutant("multilabel_choice", "multilabel_code", 'multilabel_answer = "a"',
           "a softmax makes the five findings compete", "softmax + CE"),
    Mutant("multilabel_choice", "multilabel_code", 'multilabel_answer = "c"',
           "the squared error through the softmax", "softmax + squared error"),
    Mutant("multilabel_choice", "multilabel_code", 'multilabel_answer = "(d)"',
           "2**5 = 32 classes", "one class per combination"),
    Mutant("multilabel_choice", "multilabel_code", 'multilabel_answer = 2',
           "answer with one letter", "not a letter"),
    # ---- lr_sum: one per hint
    Mutant("lr_sum", "lr_code", "lr_mean = 0.005", "20 times smaller", "same learning rate"),
    Mutant("lr_sum", "lr_code", "lr_mean = 0.005 * 100 / 20", "ratio of the batch sizes",
           "ratio of batch sizes"),
    Mutant("lr_sum", "lr_code", "lr_mean = 0.005 * 20 ** 0.5", "square-root rule",
           "square-root scaling"),
    Mutant("lr_sum", "lr_code", "lr_mean = 0.005 * 100", "the new B = 100 does not enter",
           "times the new B"),
    Mutant("lr_sum", "lr_code", "lr_mean = 0.005 * 20 / 100", "the new B = 100 does not enter",
           "old over new B"),
    Mutant("lr_sum", "lr_code", "lr_mean = 0.005 / 20", "here you go the other way",
           "divided by B"),
    Mutant("lr_sum", "lr_code", "lr_mean = 0.005 * 10", "set the two multiples equal",
           "arithmetic slip"),
    Mutant("lr_sum", "lr_code", 'lr_mean = "0.1"', "lr_mean is a string", "string"),
    Mutant("lr_sum", "lr_code", "lr_mean = [0.1]", "lr_mean is a list", "list"),
]
