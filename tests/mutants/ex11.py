"""Plausible wrong answers for exercise 11 (backpropagation); see tests/mutants/__init__.py."""

from mutants import Mutant

_CONVERT = '''
    X, W1, W2 = (np.asarray(v, dtype=float) for v in (X, W1, W2))
    b1, b2 = np.asarray(b1, dtype=float), np.asarray(b2, dtype=float)
'''

_BACKPROP_HEAD = '''
def backprop(X, W1, b1, W2, b2, y):
    X, W1, W2 = (np.asarray(v, dtype=float) for v in (X, W1, W2))
    b1, b2 = np.asarray(b1, dtype=float), np.asarray(b2, dtype=float)
    y = np.asarray(y).ravel().astype(int)
    a = X @ W1 + b1
    h = np.maximum(a, 0.0)
    z = h @ W2 + b2
    dz = softmax(z)
    dz[np.arange(len(y)), y] -= 1.0
'''


def _backprop(tail, dz_scale="    dz /= len(y)\n"):
    return _BACKPROP_HEAD + dz_scale + tail


MUTANTS = [
    # ---- mlp_forward
    Mutant("mlp_forward", "forward_code", '''
def mlp_forward(X, W1, b1, W2, b2):''' + _CONVERT + '''
    return (X @ W1 + b1) @ W2 + b2
''', "apply the ReLU", "no ReLU"),
    Mutant("mlp_forward", "forward_code", '''
def mlp_forward(X, W1, b1, W2, b2):''' + _CONVERT + '''
    return softmax(np.maximum(X @ W1 + b1, 0) @ W2 + b2)
''', "you returned probabilities", "softmax applied"),
    Mutant("mlp_forward", "forward_code", '''
def mlp_forward(X, W1, b1, W2, b2):''' + _CONVERT + '''
    return np.maximum(np.maximum(X @ W1 + b1, 0) @ W2 + b2, 0)
''', "the ReLU belongs to the hidden layer only", "ReLU on the logits"),
    Mutant("mlp_forward", "forward_code", '''
def mlp_forward(X, W1, b1, W2, b2):''' + _CONVERT + '''
    return np.maximum(X @ W1, 0) @ W2
''', "add the biases", "no biases"),
    Mutant("mlp_forward", "forward_code", '''
def mlp_forward(X, W1, b1, W2, b2):''' + _CONVERT + '''
    return W2.T @ np.maximum(W1.T @ X + b1, 0) + b2
''', "a matrix product does not fit", "W @ X order"),
    Mutant("mlp_forward", "forward_code", '''
def mlp_forward(X, W1, b1, W2, b2):
    return np.maximum(X @ W1 + b1, 0) @ W2 + b2
''', "fails on Python lists", "no conversion of lists"),
    # ---- output_grads
    Mutant("output_grads", "output_code", '''
def output_layer_grads(h, W2, b2, y):
    h, W2 = np.asarray(h, dtype=float), np.asarray(W2, dtype=float)
    y = np.asarray(y).ravel().astype(int)
    z = h @ W2 + np.asarray(b2, dtype=float)
    dz = softmax(z)
    dz[np.arange(len(y)), y] -= 1.0
    return h.T @ dz, dz.sum(axis=0)
''', "did you divide by n?", "no division by n"),
    Mutant("output_grads", "output_code", '''
def output_layer_grads(h, W2, b2, y):
    h, W2 = np.asarray(h, dtype=float), np.asarray(W2, dtype=float)
    y = np.asarray(y).ravel().astype(int)
    z = h @ W2 + np.asarray(b2, dtype=float)
    dz = -softmax(z)
    dz[np.arange(len(y)), y] += 1.0
    dz /= len(y)
    return h.T @ dz, dz.sum(axis=0)
''', "wrong sign", "target minus prediction"),
    Mutant("output_grads", "output_code", '''
def output_layer_grads(h, W2, b2, y):
    h, W2 = np.asarray(h, dtype=float), np.asarray(W2, dtype=float)
    y = np.asarray(y).ravel().astype(int)
    z = h @ W2 + np.asarray(b2, dtype=float)
    dz = softmax(z)
    dz[np.arange(len(y)), y] -= 1.0
    dz /= len(y)
    return dz.T @ h, dz.sum(axis=0)
''', "transposed, (K, d_h)", "dz.T @ h"),
    Mutant("output_grads", "output_code", '''
def output_layer_grads(h, W2, b2, y):
    h, W2 = np.asarray(h, dtype=float), np.asarray(W2, dtype=float)
    y = np.asarray(y).ravel().astype(int)
    z = h @ W2 + np.asarray(b2, dtype=float)
    dz = softmax(z)
    dz[np.arange(len(y)), y] -= 1.0
    dz /= len(y)
    return h.T @ dz, dz
''', "db2 must have shape (K,)", "bias gradient not summed"),
    Mutant("output_grads", "output_code", '''
def output_layer_grads(h, W2, b2, y):
    h, W2 = np.asarray(h, dtype=float), np.asarray(W2, dtype=float)
    y = np.asarray(y).ravel().astype(int)
    dz = h @ W2 + np.asarray(b2, dtype=float)
    dz[np.arange(len(y)), y] -= 1.0
    dz /= len(y)
    return h.T @ dz, dz.sum(axis=0)
''', "you used the logits z where the probabilities", "z - q"),
    Mutant("output_grads", "output_code", '''
def output_layer_grads(h, W2, b2, y):
    h, W2 = np.asarray(h, dtype=float), np.asarray(W2, dtype=float)
    z = h @ W2 + np.asarray(b2, dtype=float)
    dz = softmax(z) / len(z)
    return h.T @ dz, dz.sum(axis=0)
''', "you left out the one-hot target", "p only"),
    Mutant("output_grads", "output_code", '''
def output_layer_grads(h, W2, b2, y):
    h, W2 = np.asarray(h, dtype=float), np.asarray(W2, dtype=float)
    y = np.asarray(y).ravel().astype(int)
    z = h @ W2 + np.asarray(b2, dtype=float)
    e = np.exp(z)
    dz = e / e.sum(axis=1, keepdims=True)
    dz[np.arange(len(y)), y] -= 1.0
    dz /= len(y)
    return h.T @ dz, dz.sum(axis=0)
''', "the softmax overflows", "naive softmax"),
    Mutant("output_grads", "output_code", '''
def output_layer_grads(h, W2, b2, y):
    z = h @ W2 + b2
    dz = softmax(z)
    dz[np.arange(len(y)), y] -= 1.0
    dz /= len(y)
    return h.T @ dz, dz.sum(axis=0)
''', "fails on Python lists", "no conversion of lists"),
    # ---- backprop
    Mutant("backprop", "backprop_code", _backprop('''
    dh = dz @ W2.T
    da = dh * (a > 0)
    return X.T @ da, da.sum(axis=0), h.T @ dz, dz.sum(axis=0)
''', dz_scale=""), "did you divide by n?", "no division by n"),
    Mutant("backprop", "backprop_code", _backprop('''
    dh = dz @ W2.T
    da = dh * (a > 0)
    return X.T @ da, da.sum(axis=0), a.T @ dz, dz.sum(axis=0)
'''), "uses the pre-activation a where the activation h was needed", "dW2 from a"),
    Mutant("backprop", "backprop_code", _backprop('''
    dh = dz @ W2.T
    return X.T @ dh, dh.sum(axis=0), h.T @ dz, dz.sum(axis=0)
'''), "you forgot the ReLU's derivative", "no ReLU mask"),
    Mutant("backprop", "backprop_code", _backprop('''
    dh = dz @ W2.T
    da = dh * (dh > 0)
    return X.T @ da, da.sum(axis=0), h.T @ dz, dz.sum(axis=0)
'''), "derivative is taken at the wrong place", "mask from the gradient"),
    Mutant("backprop", "backprop_code", _backprop('''
    dh = dz @ W2.T
    da = dh * h
    return X.T @ da, da.sum(axis=0), h.T @ dz, dz.sum(axis=0)
'''), "you multiplied by the activation h", "times h"),
    Mutant("backprop", "backprop_code", _backprop('''
    dh = dz @ W2
    da = dh * (a > 0)
    return X.T @ da, da.sum(axis=0), h.T @ dz, dz.sum(axis=0)
'''), "a matrix product does not fit", "W2 not transposed"),
    Mutant("backprop", "backprop_code", _backprop('''
    dh = dz @ W2.T
    da = dh * (a > 0)
    return da.T @ X, da.sum(axis=0), h.T @ dz, dz.sum(axis=0)
'''), "transposed shape of its parameter", "dW1 transposed"),
    Mutant("backprop", "backprop_code", _backprop('''
    dh = dz @ W2.T
    da = dh * (a > 0)
    return X.T @ da, dh.sum(axis=0), h.T @ dz, dz.sum(axis=0)
'''), "dW2 and db2 are right, so the error is below the output layer", "db1 from dh"),
    Mutant("backprop", "backprop_code", '''
def backprop(X, W1, b1, W2, b2, y):
    X, W1, W2 = (np.asarray(v, dtype=float) for v in (X, W1, W2))
    b1, b2 = np.asarray(b1, dtype=float), np.asarray(b2, dtype=float)
    y = np.asarray(y).ravel().astype(int)
    a = X @ W1 + b1
    h = np.maximum(a, 0.0)
    e = np.exp(h @ W2 + b2)
    dz = e / e.sum(axis=1, keepdims=True)
    dz[np.arange(len(y)), y] -= 1.0
    dz /= len(y)
    da = (dz @ W2.T) * (a > 0)
    return X.T @ da, da.sum(axis=0), h.T @ dz, dz.sum(axis=0)
''', "the softmax overflows", "naive softmax"),
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
    # ---- multilabel_choice
    Mutant("multilabel_choice", "multilabel_code", 'multilabel_answer = "a"',
           "a softmax makes the five findings compete", "softmax + CE"),
    Mutant("multilabel_choice", "multilabel_code", 'multilabel_answer = "c"',
           "the squared error through the softmax", "softmax + squared error"),
    Mutant("multilabel_choice", "multilabel_code", 'multilabel_answer = "(d)"',
           "2**5 = 32 classes", "one class per combination"),
    Mutant("multilabel_choice", "multilabel_code", 'multilabel_answer = 2',
           "answer with one letter", "not a letter"),
    # ---- lr_sum
    Mutant("lr_sum", "lr_code", 'lr_sum = 0.1', "32 times larger", "same learning rate"),
    Mutant("lr_sum", "lr_code", 'lr_sum = 0.1 * 32', "Divide instead", "multiplied by B"),
    Mutant("lr_sum", "lr_code", 'lr_sum = 0.1 / 32 ** 0.5', "square-root rule",
           "square-root scaling"),
    Mutant("lr_sum", "lr_code", 'lr_sum = 0.1 / 16', "which learning rate makes",
           "arithmetic slip"),
]
