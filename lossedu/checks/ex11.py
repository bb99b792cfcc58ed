"""Questions of exercise 11 (losses in neural networks: backpropagation through the loss).

Warm-up:

* ``mlp_forward``: ``mlp_forward(X, W1, b1, W2, b2)``, the logits ``relu(X W1 + b1) W2 + b2``.

Derivations and decisions:

* ``output_grads``: ``output_layer_grads(h, W2, b2, y)``, the pair ``(dW2, db2)``: gradient of
  the mean softmax cross-entropy of the logits ``h W2 + b2`` with respect to ``W2`` and ``b2``.
* ``backprop``: ``backprop(X, W1, b1, W2, b2, y)``, the four gradients ``(dW1, db1, dW2, db2)``
  of the mean softmax cross-entropy of the network's logits.
  Both are judged against central finite differences of the trusted loss at random points,
  so every correct form passes (tolerances in :mod:`lossedu.checks.gradients`).
* ``multilabel_choice``: a choice: the output layer and loss for a multi-label task.
* ``lr_sum``: ``lr_mean``, the learning rate that keeps the steps of a summed-loss set-up after a
  switch to the mean and to another batch size (only the old batch size matters).

The cases have d, the hidden width and K all different (a transposed matrix cannot pass by
having the right shape), lists, float32 input and logits near ±1000.
"""

import numpy as np

from lossedu import losses
from lossedu.checks._core import Case, Hint, Question, Raised, fmt, near, register
from lossedu.checks._core import flat as _flat
from lossedu.checks.gradients import fd_gradient, grad_close, nan_in
from lossedu.checks.hints import choice_question, fails_on_lists, raised


# ----------------------------------------------------------------------------- helpers
def _arr(x):
    return np.asarray(x, dtype=float)


def _all_close(returned, expected):
    return (isinstance(returned, tuple | list) and len(returned) == len(expected)
            and all(grad_close(r, e) for r, e in zip(returned, expected, strict=True)))


def _shapes(values):
    return tuple(np.shape(v) for v in values)


def _tuple_like(r, k):
    return isinstance(r, tuple | list) and len(r) == k and not isinstance(r, Raised)


def _network(X, W1, b1, W2, b2):
    """(a, h, z) of the trusted forward pass."""
    a = _arr(X) @ _arr(W1) + _flat(b1)
    h = np.maximum(a, 0.0)
    return a, h, h @ _arr(W2) + _flat(b2)


def _mean_ce(y, z):
    return losses.softmax_cross_entropy(_flat(y).astype(int), z)


# ----------------------------------------------------------------------------- the points
def _point(seed, n=6, d=5, hidden=3, k=4, w2_scale=1.0):
    rng = np.random.default_rng(seed)
    return (np.round(rng.normal(size=(n, d)), 3), np.round(rng.normal(size=(d, hidden)), 3),
            np.round(rng.normal(size=hidden), 3),
            np.round(w2_scale * rng.normal(size=(hidden, k)), 3), np.round(rng.normal(size=k), 3),
            rng.integers(0, k, size=n))


def _hidden_of(point):
    X, W1, b1, W2, b2, y = point
    return np.round(_network(X, W1, b1, W2, b2)[1], 6), W2, b2, y


_P1, _P2, _P3 = _point(11), _point(12, n=7), _point(13, n=4)
_P_BIG = _point(14, n=4, w2_scale=1.0)
# logits near ±1000: a softmax without the max shift overflows
_P_BIG = (_P_BIG[0], _P_BIG[1], _P_BIG[2], _P_BIG[3] * 400.0, _P_BIG[4], _P_BIG[5])
# a batch without the last class: K comes from the logits, not from the largest label
_P_NO_LAST = _point(15, n=5)[:5] + (np.array([0, 2, 1, 2, 0]),)
_NO_LAST = "no example of the last class"


def _one_hot_too_narrow(c, r, e):
    return (c is not None and c.label == _NO_LAST and isinstance(r, Raised)
            and "broadcast" in r.message)


_NARROW_HINT = Hint(_one_hot_too_narrow,
                    "your one-hot target has fewer columns than there are logits: take K from "
                    "the logits (or W2), not from the largest label in y; a batch need not "
                    "contain every class.")


# ----------------------------------------------------------------------------- mlp_forward
def _forward_variant(X, W1, b1, W2, b2, *, relu=True, b1_in=True, b2_in=True, softmax=None,
                     out_relu=False):
    a = _arr(X) @ _arr(W1) + (_flat(b1) if b1_in else 0.0)
    h = np.maximum(a, 0.0) if relu else a
    z = h @ _arr(W2) + (_flat(b2) if b2_in else 0.0)
    if out_relu:
        z = np.maximum(z, 0.0)
    return z if softmax is None else losses.softmax(z, axis=softmax)


def _forward_is(**mistake):
    return lambda c, r, e: (not isinstance(r, Raised) and np.shape(r) == np.shape(e)
                            and near(r, _forward_variant(*c.args, **mistake)))


def _returned_hidden(c, r, e):
    """The answer stopped at the hidden layer: shape (n, d_h) instead of (n, K)."""
    X, W1 = c.args[0], c.args[1]
    return not isinstance(r, Raised) and np.shape(r) == (np.shape(X)[0], np.shape(W1)[1])


def _transposed_logits(c, r, e):
    return (not isinstance(r, Raised) and np.ndim(r) == 2 and np.shape(r) == np.shape(e)[::-1]
            and near(np.transpose(r), e))


register(Question(
    id="mlp_forward",
    forbids=("lossedu.nn.forward",),
    title="mlp_forward",
    names=("mlp_forward",),
    cases=(
        Case("random network (6 examples, d=5, 3 hidden, K=4)", _P1[:5]),
        Case("7 examples", _P2[:5]),
        Case("lists instead of arrays", tuple(np.asarray(v).tolist() for v in _P3[:5])),
        Case("float32 input", tuple(np.asarray(v, dtype=np.float32) for v in _P1[:5])),
    ),
    reference=lambda X, W1, b1, W2, b2: _network(X, W1, b1, W2, b2)[2],
    rtol=1e-5,
    atol=1e-8,
    hints=(
        fails_on_lists("X"),
        Hint(raised("matmul", "shapes", "aligned", "broadcast"),
             "a matrix product does not fit: X is (n, d), W1 is (d, d_h), W2 is (d_h, K); "
             "put each factor on the side where its shape fits."),
        Hint(lambda c, r, e: _forward_is(softmax=1)(c, r, e) or _forward_is(softmax=0)(c, r, e),
             "you returned probabilities: return the logits z, before any softmax (the loss "
             "applies it)."),
        Hint(_returned_hidden, "you returned an array of shape (n, d_h): that is the hidden "
                               "layer; the output layer comes after it."),
        Hint(_transposed_logits, "your logits are transposed, (K, n): one row per example, "
                                 "one column per class."),
        Hint(_forward_is(relu=False),
             "the ReLU is missing: without it the two layers collapse into one linear model."),
        Hint(_forward_is(out_relu=True),
             "the ReLU belongs to the hidden layer only: the logits may be negative."),
        Hint(_forward_is(b1_in=False, b2_in=False), "both biases are missing."),
        Hint(_forward_is(b1_in=False), "the hidden layer's bias b1 is missing."),
        Hint(_forward_is(b2_in=False), "the output layer's bias b2 is missing."),
    ),
    default_hint="your logits differ from the network's: compute each of the three steps of "
                 "the formula above (hidden layer, ReLU, output layer) for case 1 and compare.",
))


# ----------------------------------------------------------------------------- output_grads
def _fd_output(c):
    h, W2, b2, y = c.args
    h, W2, b2 = _arr(h), _arr(W2), _flat(b2)
    return (fd_gradient(lambda w: _mean_ce(y, h @ w + b2), W2),
            fd_gradient(lambda b: _mean_ce(y, h @ W2 + b), b2))


def _output_outcome(case, returned):
    expected = _fd_output(case)
    text = f"({fmt(expected[0])}, {fmt(expected[1])}) (finite differences)"
    return _all_close(returned, expected), text


def _dz_of(z, y, variant="right"):
    """The gradient at the logits, right or with one known mistake."""
    yy = _flat(y).astype(int)
    q = np.eye(z.shape[1])[yy]
    p = losses.softmax(z, axis=0 if variant == "axis0" else 1)
    n = len(yy)
    return {"right": (p - q) / n, "axis0": (p - q) / n, "no_n": p - q, "sign": (q - p) / n,
            "logits": (z - q) / n, "no_target": p / n, "twice": (p - q) / n**2,
            "extra_factor": p * (1 - p) * (p - q) / n}[variant]


def _output_want(c, variant="right"):
    h, W2, b2, y = c.args
    dz = _dz_of(_arr(h) @ _arr(W2) + _flat(b2), y, variant)
    return _arr(h).T @ dz, dz.sum(axis=0)


def _matches(r, want):
    return (_tuple_like(r, len(want)) and _shapes(r) == _shapes(want)
            and all(near(a, b) for a, b in zip(r, want, strict=True)))


def _output_is(variant):
    return lambda c, r, e: _matches(r, _output_want(c, variant))


def _output_one_right(right, wrong):
    """Item ``right`` of the pair is right, item ``wrong`` has the right shape but not values."""
    def when(c, r, e):
        want = _output_want(c)
        return (_tuple_like(r, 2) and grad_close(r[right], want[right])
                and np.shape(r[wrong]) == np.shape(want[wrong]))
    return when


def _transposed_w(c, r, e):
    shape = np.shape(c.args[1])
    return _tuple_like(r, 2) and np.shape(r[0]) == shape[::-1] != shape


def _swapped_pair(c, r, e):
    want = _output_want(c)
    return _tuple_like(r, 2) and _shapes(r) == _shapes(want)[::-1]


def _bias_keepdims(index, want_of):
    def when(c, r, e):
        want = want_of(c)
        return (_tuple_like(r, len(want))
                and np.shape(r[index]) == (1,) + np.shape(want[index]))
    return when


def _bias_shape(index, want_of):
    def when(c, r, e):
        want = want_of(c)
        return _tuple_like(r, len(want)) and np.shape(r[index]) != np.shape(want[index])
    return when


def _nan_hint():
    return Hint(lambda c, r, e: not isinstance(r, Raised) and nan_in(r),
                "nan or inf in your gradient: the softmax overflows for large logits; subtract "
                "each row's max before np.exp (or use lossedu.losses.softmax).")


_AXIS_HINT = ("your softmax normalises each column (over the examples), not each row: the K "
              "probabilities of every example must sum to 1 (axis=1).")
_NO_N_HINT = ("did you divide by n? The loss is the mean over the n examples, so its gradient "
              "carries a factor 1/n.")
_SIGN_HINT = ("wrong sign: the gradient at the logits is prediction minus target, p - q; "
              "yours points the other way.")
_EXTRA_HINT = ("you multiplied by an extra p(1 - p): for softmax with cross-entropy the "
               "softmax's derivative and the log's cancel (lecture 04), leaving no such factor.")


register(Question(
    id="output_grads",
    forbids=("lossedu.nn.output_loss_grad",),
    title="output_layer_grads",
    names=("output_layer_grads",),
    cases=(
        Case("random point (6 examples, 3 hidden, K=4)", _hidden_of(_P1)),
        Case("7 examples", _hidden_of(_P2)),
        Case("lists instead of arrays", tuple(np.asarray(v).tolist() for v in _hidden_of(_P3))),
        Case("logits near ±1000", _hidden_of(_P_BIG)),
        Case("float32 input", tuple(np.asarray(v, dtype=np.float32) if i < 3 else v
                                    for i, v in enumerate(_hidden_of(_P2)))),
        Case(_NO_LAST, _hidden_of(_P_NO_LAST)),
    ),
    check_outcome=_output_outcome,
    hints=(
        fails_on_lists("h"),
        _NARROW_HINT,
        Hint(raised("matmul", "shapes", "aligned", "broadcast"),
             "a matrix product does not fit: dW2 has the shape of W2, (d_h, K), and is built "
             "from h, (n, d_h), and the gradient at the logits, (n, K)."),
        _nan_hint(),
        Hint(lambda c, r, e: r is not None and not isinstance(r, Raised) and not _tuple_like(r, 2),
             "return the pair (dW2, db2): two arrays."),
        Hint(_swapped_pair, "your two arrays are in the wrong order: return (dW2, db2)."),
        Hint(_transposed_w, "your dW2 has the shape of W2 transposed, (K, d_h): the gradient of "
                            "a weight has the shape of that weight."),
        Hint(_bias_keepdims(1, _output_want),
             "db2 has shape (1, K): give it the shape of b2, (K,)."),
        Hint(_bias_shape(1, _output_want),
             "db2 must have the shape of b2, (K,): one entry per class, summed over the "
             "examples."),
        Hint(_output_is("axis0"), _AXIS_HINT),
        Hint(_output_is("no_n"), _NO_N_HINT),
        Hint(_output_is("sign"), _SIGN_HINT),
        Hint(_output_is("logits"), "you used the logits z where the probabilities were needed: "
                                   "the gradient at the logits is softmax(z) minus the one-hot "
                                   "target."),
        Hint(_output_is("no_target"), "you left out the one-hot target q: the gradient at the "
                                      "logits is p - q, not p."),
        Hint(_output_is("extra_factor"), _EXTRA_HINT),
        Hint(_output_is("twice"), "both gradients are n times too small: the 1/n of the mean "
                                  "is applied once, not twice."),
        Hint(_output_one_right(0, 1),
             "dW2 is right but db2 is not: db2 collects the same gradient at the logits over "
             "the examples, with the same 1/n, just without h."),
        Hint(_output_one_right(1, 0),
             "db2 is right, so your gradient at the logits is right: the error is in how dW2 "
             "combines it with h (which product of the two has the shape (d_h, K)?)."),
    ),
    default_hint="derive one entry, dL/d(W2)_jk, with the chain rule through every z_ik (see "
                 "*Stuck?*), then compare your two arrays with the finite differences above.",
))


# ----------------------------------------------------------------------------- backprop
_NAMES = ("W1", "b1", "W2", "b2")


def _fd_backprop(c):
    X, W1, b1, W2, b2, y = c.args
    point = {"W1": _arr(W1), "b1": _flat(b1), "W2": _arr(W2), "b2": _flat(b2)}

    def loss_of(name):
        def f(value):
            p = dict(point, **{name: value})
            return _mean_ce(y, _network(X, p["W1"], p["b1"], p["W2"], p["b2"])[2])
        return f

    return tuple(fd_gradient(loss_of(name), point[name]) for name in _NAMES)


def _backprop_outcome(case, returned):
    expected = _fd_backprop(case)
    text = "(dW1, db1, dW2, db2) = (" + ", ".join(fmt(e) for e in expected) + \
        ") (finite differences)"
    return _all_close(returned, expected), text


def _backprop_variant(X, W1, b1, W2, b2, y, *, dz="right", mask="a", dw2_from="h"):
    X, W2 = _arr(X), _arr(W2)
    a, h, z = _network(X, W1, b1, W2, b2)
    dz = _dz_of(z, y, dz)
    dh = dz @ W2.T
    da = {"a": dh * (a > 0), "none": dh, "dh": dh * (dh > 0), "h": dh * h}[mask]
    dW2 = (h if dw2_from == "h" else a).T @ dz
    return X.T @ da, da.sum(axis=0), dW2, dz.sum(axis=0)


def _backprop_want(c):
    return _backprop_variant(*c.args)


def _backprop_is(**mistake):
    return lambda c, r, e: _matches(r, _backprop_variant(*c.args, **mistake))


def _only_w1_wrong(c, r, e):
    """dW2, db2 right but dW1 or db1 wrong: the error is below the output layer."""
    if not _tuple_like(r, 4):
        return False
    expected = _fd_backprop(c)
    return grad_close(r[2], expected[2]) and grad_close(r[3], expected[3])


def _transposed_any(c, r, e):
    """A weight gradient (2-D) with its parameter's shape transposed."""
    if not _tuple_like(r, 4):
        return False
    X, W1, b1, W2, b2, _ = c.args
    for got, want in ((r[0], np.shape(W1)), (r[2], np.shape(W2))):
        if np.ndim(got) == 2 and np.shape(got) == want[::-1] != want:
            return True
    return False


def _layers_swapped(c, r, e):
    want = _backprop_want(c)
    return _tuple_like(r, 4) and _shapes(r) == _shapes(want[2:] + want[:2])


def _any_bias_shape(c, r, e):
    want = _backprop_want(c)
    return _tuple_like(r, 4) and any(np.shape(r[i]) != np.shape(want[i]) for i in (1, 3))


register(Question(
    id="backprop",
    forbids=("lossedu.nn.backward", "lossedu.nn.loss_and_grads"),
    title="backprop",
    names=("backprop",),
    cases=(
        Case("random point (6 examples, d=5, 3 hidden, K=4)", _P1),
        Case("7 examples", _P2),
        Case("lists instead of arrays", tuple(np.asarray(v).tolist() for v in _P3)),
        Case("logits near ±1000", _P_BIG),
        Case("float32 input", tuple(np.asarray(v, dtype=np.float32) if i < 5 else v
                                    for i, v in enumerate(_P1))),
        Case(_NO_LAST, _P_NO_LAST),
    ),
    check_outcome=_backprop_outcome,
    hints=(
        fails_on_lists("X"),
        _NARROW_HINT,
        Hint(raised("matmul", "shapes", "aligned", "broadcast"),
             "a matrix product does not fit: each gradient has the shape of what it is the "
             "gradient of (the one sent back to h is (n, d_h), like h); check which factor "
             "needs a transpose."),
        _nan_hint(),
        Hint(lambda c, r, e: r is not None and not isinstance(r, Raised) and not _tuple_like(r, 4),
             "return the four gradients (dW1, db1, dW2, db2)."),
        Hint(_layers_swapped, "your gradients are in the wrong order: return (dW1, db1, dW2, "
                              "db2), the hidden layer's first."),
        Hint(_transposed_any, "a weight gradient has the transposed shape of its weight: each "
                              "gradient has the shape of what it is the gradient of."),
        Hint(_bias_keepdims(1, _backprop_want), "db1 has shape (1, d_h): give it the shape of "
                                                "b1, (d_h,)."),
        Hint(_bias_keepdims(3, _backprop_want), "db2 has shape (1, K): give it the shape of "
                                                "b2, (K,)."),
        Hint(_any_bias_shape, "db1 and db2 must have the shapes of b1 and b2: sum over the "
                              "examples only."),
        Hint(_backprop_is(dz="no_n"), _NO_N_HINT),
        Hint(_backprop_is(dz="axis0"), _AXIS_HINT),
        Hint(_backprop_is(dz="sign"), _SIGN_HINT),
        Hint(_backprop_is(dz="extra_factor"), _EXTRA_HINT),
        Hint(_backprop_is(dw2_from="a"),
             "dW2 uses the pre-activation a where the activation h was needed: the output "
             "layer sees h = max(a, 0), not a."),
        Hint(_backprop_is(mask="none"),
             "you forgot the ReLU's derivative: the gradient passes back only through the "
             "units that were active (a > 0), and is 0 at the others."),
        Hint(_backprop_is(mask="dh"),
             "the ReLU's derivative is taken at the wrong place: it depends on the forward "
             "pre-activation a, not on the sign of the incoming gradient."),
        Hint(_backprop_is(mask="h"),
             "you multiplied by the activation h: the ReLU's derivative is 1 where a > 0 and "
             "0 elsewhere, not the value of h."),
        Hint(_only_w1_wrong, "dW2 and db2 are right, so the error is below the output layer: "
                             "check the gradient sent back to h, the ReLU's mask and the "
                             "hidden layer's two gradients."),
    ),
    default_hint="compare your four arrays with the finite differences above: the first one "
                 "that differs tells you which step of the backward pass to re-derive.",
))


# ----------------------------------------------------------------------------- multilabel_choice
register(choice_question(
    "multilabel_choice", "output and loss for a multi-label task", "multilabel_answer", "b", {
        "a": "a softmax makes the five findings compete: its probabilities sum to 1, so an image "
             "with two findings can give each at most about one half, and the loss can never "
             "reach 0 for it.",
        "c": "the probabilities still come from a softmax (they sum to 1, so two findings "
             "compete), and the squared error through the softmax stalls on confident mistakes.",
        "d": "one class per combination gives 2**5 = 32 classes, many with few or no training "
             "images (rare pairs of findings), and the probability of one finding must be added "
             "up over the 16 classes that contain it.",
    },
    not_a_letter="answer with one letter, as a string: 'a', 'b', 'c' or 'd'.",
    expected="the right letter", expected_invalid="one letter: 'a', 'b', 'c' or 'd'",
))


# ----------------------------------------------------------------------------- lr_sum
#: the colleague's set-ups: summed loss over batches of OLD_B with OLD_LR, then the mean over
#: batches of NEW_B. Each old step moved OLD_LR * OLD_B times the batch's mean gradient.
OLD_LR, OLD_B, NEW_B = 0.005, 20, 100
LR_MEAN = OLD_LR * OLD_B


def _lr(returned):
    (value,) = returned
    if isinstance(value, bool | str):
        raise TypeError("a number")
    return float(value)


def _lr_outcome(case, returned):
    # the expected text does not print the value: it would give the answer away
    want = ("the learning rate whose step is the same multiple of the mean gradient "
            "(relative tolerance 1e-6)")
    try:
        got = _lr(returned)
    except (TypeError, ValueError):
        return False, "a number: " + want
    return bool(np.isclose(got, LR_MEAN, rtol=1e-6, atol=0.0)), want


def _lr_is(*values):
    return lambda c, r, e: any(bool(np.isclose(_lr(r), v, rtol=1e-6)) for v in values)


register(Question(
    id="lr_sum",
    title="learning rate when leaving the sum",
    names=("lr_mean",),
    kind="value",
    check_outcome=_lr_outcome,
    hints=(
        Hint(lambda c, r, e: isinstance(r[0], str), "lr_mean is a string: write the number "
                                                     "itself, without quotes."),
        Hint(lambda c, r, e: isinstance(r[0], list | tuple),
             "lr_mean is a list: write one number, without brackets."),
        Hint(_lr_is(OLD_LR), "with the sum, each old step moved 0.005 times the sum of 20 "
                             "gradients: keeping 0.005 with the mean makes every step 20 times "
                             "smaller."),
        Hint(_lr_is(OLD_LR * NEW_B / OLD_B), "you scaled by the ratio of the batch sizes: but "
                                             "with the mean a step does not depend on the batch "
                                             "size; measure one old step in units of the mean "
                                             "gradient."),
        Hint(_lr_is(OLD_LR * np.sqrt(OLD_B), OLD_LR * np.sqrt(NEW_B / OLD_B)),
             "the square-root rule is a heuristic for changing B with the mean; here the "
             "reduction changes, and the sum's factor is exactly its batch size."),
        Hint(_lr_is(OLD_LR * NEW_B, OLD_LR / NEW_B, OLD_LR * OLD_B / NEW_B),
             "with the mean, a step is the learning rate times the mean gradient whatever the "
             "batch size: the new B = 100 does not enter."),
        Hint(_lr_is(OLD_LR / OLD_B), "dividing by B turns a learning rate for the mean into one "
                                     "for the sum; here you go the other way."),
    ),
    default_hint="write one step of each set-up as a multiple of its batch's mean gradient "
                 "(the old one summed 20 losses), and set the two multiples equal.",
))
