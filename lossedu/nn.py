r"""A one-hidden-layer network in plain NumPy: the plumbing of lecture 11.

The lecture notebook derives the backward pass by the chain rule and checks it; this module
holds the same computation so that later cells (and exercises) can train networks in one line.

The network, for a batch ``X`` of shape (n, d), ``n_hidden`` ReLU units and K outputs::

    a = X @ W1 + b1        hidden pre-activations,  (n, n_hidden)
    h = max(a, 0)          hidden activations (ReLU)
    z = h @ W2 + b2        logits,                  (n, K)

and an output loss computed from the logits ``z`` (see :data:`OUTPUT_LOSSES`):

* ``"cross_entropy"``: softmax cross-entropy, :func:`lossedu.losses.softmax_cross_entropy`;
* ``"brier"``: squared error of the softmax probabilities against the one-hot target, summed
  over the K classes and averaged over the examples, :func:`lossedu.metrics.brier_score`
  (its gradient through the softmax is written here);
* ``"bce_sigmoid"``: one sigmoid per output and binary cross-entropy (multi-label targets of
  shape (n, K) in {0, 1}), averaged over all n K entries as
  :func:`lossedu.losses.binary_cross_entropy_with_logits` does.

Parameters live in a dict ``{"W1", "b1", "W2", "b2"}`` of float64 arrays. Gradients are
dicts with the same keys. The penalty of the course, ``lam * (||W1||^2 + ||W2||^2)``, applies
to the weight matrices only (never to the biases); with SGD it is the same as
``weight_decay = 2 * lam``.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np

from lossedu._kernels import softmax as _softmax
from lossedu._validation import (
    ARRAY_SIZE,
    NONNEGATIVE,
    POSITIVE,
    POSITIVE_INT,
    REDUCTION,
    Interval,
    StrOptions,
    _as_float,
    _check_finite,
    _class_indices,
    _scores_2d,
    check_params,
)
from lossedu.losses import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from lossedu.metrics import brier_score

__all__ = [
    "OUTPUT_LOSSES", "PARAMETER_NAMES", "init_mlp", "relu", "forward", "backward",
    "output_loss", "output_loss_grad", "loss_and_grads", "numerical_gradient",
    "relative_error", "minibatches", "predict", "accuracy", "train", "flatten_params",
    "load_digits_split",
]  # fmt: skip

OUTPUT_LOSSES = ("cross_entropy", "brier", "bce_sigmoid")
PARAMETER_NAMES = ("W1", "b1", "W2", "b2")
WEIGHT_NAMES = ("W1", "W2")


# ----------------------------------------------------------------------------- checks
# the hyperparameters of this module, declared once (lossedu._validation.check_params)
_LOSS = {"loss": StrOptions(OUTPUT_LOSSES)}
_OUTPUT = {**_LOSS, "reduction": StrOptions(("mean", "sum"))}
_SIZES = {"n_features": ARRAY_SIZE, "n_hidden": ARRAY_SIZE, "n_outputs": ARRAY_SIZE,
          "scale": NONNEGATIVE}
_BATCHES = {"n": POSITIVE_INT, "batch_size": POSITIVE_INT}
_TRAIN = {**_LOSS, "lr": POSITIVE, "batch_size": POSITIVE_INT,
          "epochs": Interval(Integral, 0, None, closed="left"), "weight_decay": NONNEGATIVE,
          "lam": NONNEGATIVE, "reduction": REDUCTION}
_STEP = {"step": POSITIVE}
_LAM = {"lam": NONNEGATIVE}
_N_TRAIN = {"n_train": POSITIVE_INT}


def _params(params):
    if not isinstance(params, dict) or set(params) != set(PARAMETER_NAMES):
        raise ValueError(f"params must be a dict with the keys {PARAMETER_NAMES}")
    out = {}
    for name in PARAMETER_NAMES:
        arr = _as_float(params[name], f"params[{name!r}]")
        _check_finite(arr, f"params[{name!r}]")
        out[name] = arr
    d, hidden = out["W1"].shape if out["W1"].ndim == 2 else (None, None)
    if hidden is None or out["b1"].shape != (hidden,) or out["W2"].ndim != 2 \
            or out["W2"].shape[0] != hidden or out["b2"].shape != (out["W2"].shape[1],):
        raise ValueError(
            "params have inconsistent shapes: expected W1 (d, n_hidden), b1 (n_hidden,), "
            f"W2 (n_hidden, K), b2 (K,); got {[out[k].shape for k in PARAMETER_NAMES]}"
        )
    return out


def _features(X, params):
    X = _scores_2d(X, "X")
    if X.shape[1] != params["W1"].shape[0]:
        raise ValueError(
            f"X has {X.shape[1]} features but params['W1'] expects {params['W1'].shape[0]}"
        )
    return X


def _targets(y, z, loss, name="y"):
    """One-hot (or multi-label) float targets q of the same shape as the logits z."""
    if loss == "bce_sigmoid":
        q = _as_float(y, name)
        if q.shape != z.shape:
            raise ValueError(f"{name} must have the shape of the logits {z.shape} for "
                             f"loss='bce_sigmoid'; got {q.shape}")
        if not ((q == 0.0) | (q == 1.0)).all():
            raise ValueError(f"{name} must contain 0 or 1 for loss='bce_sigmoid'")
        return q
    k = _class_indices(y, z.shape[1], name)
    if k.shape[0] != z.shape[0]:
        raise ValueError(f"{name} has {k.shape[0]} samples but there are {z.shape[0]} rows "
                         "of features")
    return np.eye(z.shape[1])[k]


def _output_args(y, z, loss, reduction):
    """Validated (targets q, logits z) of :func:`output_loss` and :func:`output_loss_grad`."""
    check_params(_OUTPUT, loss=loss, reduction=reduction)
    z = _scores_2d(z, "z")
    return _targets(y, z, loss), z


# ----------------------------------------------------------------------------- the network
def init_mlp(n_features, n_hidden, n_outputs, *, seed=0, scale=1.0):
    r"""Random initial parameters of a one-hidden-layer ReLU network.

    .. math:: W_1 \sim \mathcal N\big(0, \tfrac{2}{d}\big), \quad
              W_2 \sim \mathcal N\big(0, \tfrac{\text{scale}^2}{n_{\text{hidden}}}\big),
              \quad b_1 = 0, \quad b_2 = 0

    (He initialisation for the ReLU layer; ``scale`` multiplies the output weights, so a
    large ``scale`` gives large, confident initial logits.)

    Parameters
    ----------
    n_features, n_hidden, n_outputs : int
        d, the number of hidden units and K (each from 1 to 1,000,000).
    seed : int, default 0
        Seed of ``np.random.default_rng``.
    scale : float, default 1.0
        Multiplier of the output weights (>= 0).

    Returns
    -------
    dict
        ``{"W1": (d, n_hidden), "b1": (n_hidden,), "W2": (n_hidden, K), "b2": (K,)}``.

    Raises
    ------
    ValueError
        A size that is not a whole number >= 1, or a negative `scale`.

    Examples
    --------
    >>> p = init_mlp(4, 3, 2, seed=0)
    >>> [p[k].shape for k in ("W1", "b1", "W2", "b2")]
    [(4, 3), (3,), (3, 2), (2,)]
    """
    d, hidden, k, scale = check_params(_SIZES, n_features=n_features, n_hidden=n_hidden,
                                       n_outputs=n_outputs, scale=scale)
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / d), size=(d, hidden)),
        "b1": np.zeros(hidden),
        "W2": rng.normal(0.0, scale / np.sqrt(hidden), size=(hidden, k)),
        "b2": np.zeros(k),
    }


def relu(a):
    """The rectified linear unit ``max(a, 0)``, elementwise.

    Parameters
    ----------
    a : array_like

    Returns
    -------
    ndarray

    Raises
    ------
    TypeError
        Non-numeric input.

    Examples
    --------
    >>> relu([-1.0, 0.0, 2.5])
    array([0. , 0. , 2.5])
    """
    return np.maximum(_as_float(a, "a"), 0.0)


def forward(params, X):
    r"""Forward pass: logits of the network and what the backward pass needs.

    .. math:: a = X W_1 + b_1, \quad h = \max(a, 0), \quad z = h W_2 + b_2

    Parameters
    ----------
    params : dict
        ``W1``, ``b1``, ``W2``, ``b2`` (see :func:`init_mlp`).
    X : array_like
        Features, shape (n, d).

    Returns
    -------
    z : ndarray
        Logits, shape (n, K).
    cache : dict
        ``{"X", "a", "h"}``: the inputs, pre-activations and activations.

    Raises
    ------
    ValueError
        Parameters missing or of inconsistent shapes, `X` not (n, d) with the right d,
        NaN or inf.

    Examples
    --------
    >>> p = {"W1": [[1.0, -1.0]], "b1": [0.0, 0.0], "W2": [[2.0], [3.0]], "b2": [0.5]}
    >>> z, cache = forward(p, [[1.0], [-2.0]])
    >>> z.ravel().tolist(), cache["h"].tolist()
    ([2.5, 6.5], [[1.0, 0.0], [0.0, 2.0]])
    """
    params = _params(params)
    return _forward(params, _features(X, params))


def backward(params, cache, dz):
    r"""Backward pass: gradients of a loss with respect to every parameter, by the chain rule.

    .. math:: \nabla W_2 = h^\top \delta_z, \quad \nabla b_2 = \textstyle\sum_i \delta_{z,i},
              \quad \delta_a = (\delta_z W_2^\top) \odot [a > 0], \quad
              \nabla W_1 = X^\top \delta_a, \quad \nabla b_1 = \textstyle\sum_i \delta_{a,i}

    Parameters
    ----------
    params : dict
        The parameters used in :func:`forward`.
    cache : dict
        The cache returned by :func:`forward`.
    dz : array_like
        Gradient of the loss with respect to the logits, shape (n, K) (for the mean loss it
        already contains the 1/n).

    Returns
    -------
    dict
        Gradients with the keys and shapes of ``params``.

    Raises
    ------
    ValueError
        `dz` not of the logits' shape, a `cache` not from :func:`forward`, or bad `params`.

    Examples
    --------
    >>> p = {"W1": [[1.0, -1.0]], "b1": [0.0, 0.0], "W2": [[2.0], [3.0]], "b2": [0.5]}
    >>> z, cache = forward(p, [[1.0]])
    >>> g = backward(p, cache, [[1.0]])
    >>> g["W2"].ravel().tolist(), g["W1"].ravel().tolist()
    ([1.0, 0.0], [2.0, 0.0])
    """
    params = _params(params)
    if not isinstance(cache, dict) or not {"X", "a", "h"} <= set(cache):
        raise ValueError('cache must be the dict returned by forward, with the keys "X", "a", "h"')
    dz = _scores_2d(dz, "dz")
    want = (cache["h"].shape[0], params["W2"].shape[1])
    if dz.shape != want:
        raise ValueError(f"dz must have the shape of the logits {want}; got {dz.shape}")
    return _backward(params, cache, dz)


# the computations themselves, on validated float64 arrays (the training loop calls them
# directly, so that each step does not re-validate its inputs)
def _forward(params, X):
    a = X @ params["W1"] + params["b1"]      # hidden pre-activations
    h = np.maximum(a, 0.0)                   # ReLU
    z = h @ params["W2"] + params["b2"]      # logits
    return z, {"X": X, "a": a, "h": h}


def _backward(params, cache, dz):
    dh = dz @ params["W2"].T                 # through the output layer
    da = dh * (cache["a"] > 0)               # the ReLU passes the gradient where a > 0
    return {"W1": cache["X"].T @ da, "b1": da.sum(axis=0),
            "W2": cache["h"].T @ dz, "b2": dz.sum(axis=0)}


def _brier(q, z):
    """Multi-class Brier score of the softmax of the logits z (lossedu.metrics.brier_score)."""
    return brier_score(q, _softmax(z, axis=1))


def _brier_grad(q, z):
    """Gradient of :func:`_brier` at the logits, by the chain rule through the softmax."""
    p = _softmax(z, axis=1)
    g = 2.0 * (p - q)                                     # d(brier) / dp
    return p * (g - np.sum(p * g, axis=1, keepdims=True)) / z.shape[0]


#: loss name -> (mean loss, its gradient at the logits), both called as f(q, z) with targets q
#: of the logits' shape (or class indices, for cross-entropy): one implementation of each loss,
#: the course's own (lossedu.losses, lossedu.metrics), only the Brier gradient is written here
_LOSS_FUNCTIONS = {
    "cross_entropy": (softmax_cross_entropy, softmax_cross_entropy_grad),
    "brier": (_brier, _brier_grad),
    "bce_sigmoid": (binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_grad),
}


# ----------------------------------------------------------------------------- output losses
def output_loss(y, z, *, loss="cross_entropy", reduction="mean"):
    r"""Loss of the logits ``z`` against the targets ``y`` (see :data:`OUTPUT_LOSSES`).

    .. math:: \text{cross\_entropy: } \ell_i = -\ln p_{i,y_i}, \qquad
              \text{brier: } \ell_i = \textstyle\sum_k (p_{ik} - q_{ik})^2, \qquad
              p_i = \mathrm{softmax}(z_i)

    and for ``"bce_sigmoid"`` the binary cross-entropy of :math:`\sigma(z_{ik})` for every
    entry (the mean is over all n K entries).

    Parameters
    ----------
    y : array_like
        Class labels (n,) or one-hot (n, K); multi-label 0/1 of shape (n, K) for
        ``"bce_sigmoid"``.
    z : array_like
        Logits, shape (n, K).
    loss : {"cross_entropy", "brier", "bce_sigmoid"}
    reduction : {"mean", "sum"}
        Mean or sum over the examples.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Unknown `loss` or `reduction`, targets not matching the logits, NaN or inf.

    Examples
    --------
    >>> round(output_loss([0], [[0.0, 0.0]]), 4)          # ln 2
    0.6931
    >>> round(output_loss([0], [[0.0, 0.0]], loss="brier"), 4)   # 0.5**2 + 0.5**2
    0.5
    """
    q, z = _output_args(y, z, loss, reduction)
    value = float(_LOSS_FUNCTIONS[loss][0](q, z))
    return value * z.shape[0] if reduction == "sum" else value


def output_loss_grad(y, z, *, loss="cross_entropy", reduction="mean"):
    r"""Gradient of :func:`output_loss` with respect to the logits.

    .. math:: \text{cross\_entropy: } \frac{\partial L}{\partial z_i} = \frac{p_i - q_i}{n},
              \qquad \text{brier: } \frac{\partial L}{\partial z_{ik}}
              = \frac{2}{n}\, p_{ik}\big(g_{ik} - \textstyle\sum_j p_{ij} g_{ij}\big),
              \; g = p - q

    (the brier form is the chain rule through the softmax Jacobian
    :math:`\partial p_j / \partial z_k = p_j([j = k] - p_k)`). With ``reduction="sum"`` there
    is no 1/n: the gradient is n times larger.

    Parameters
    ----------
    y, z, loss, reduction
        As for :func:`output_loss`.

    Returns
    -------
    ndarray
        Shape (n, K).

    Raises
    ------
    ValueError
        As for :func:`output_loss`.

    Examples
    --------
    >>> output_loss_grad([0], [[0.0, 0.0]])
    array([[-0.5,  0.5]])
    """
    q, z = _output_args(y, z, loss, reduction)
    grad = _LOSS_FUNCTIONS[loss][1](q, z)
    return grad * z.shape[0] if reduction == "sum" else grad


def loss_and_grads(params, X, y, *, loss="cross_entropy", reduction="mean", lam=0.0):
    r"""Objective :math:`J = L + \lambda(\lVert W_1\rVert^2 + \lVert W_2\rVert^2)` and its gradients
    (the penalty on the weight matrices only).

    Parameters
    ----------
    params : dict
        ``W1``, ``b1``, ``W2``, ``b2``.
    X : array_like
        Features (n, d).
    y : array_like
        Targets (see :func:`output_loss`).
    loss : {"cross_entropy", "brier", "bce_sigmoid"}, default "cross_entropy"
    reduction : {"mean", "sum"}, default "mean"
        The data term is the mean (or sum) over the n examples.
    lam : float, default 0.0
        L2 penalty strength on the weight matrices (biases are not penalised).

    Returns
    -------
    value : float
        The objective J.
    grads : dict
        Its gradients, same keys and shapes as ``params``.

    Raises
    ------
    ValueError
        As for :func:`forward` and :func:`output_loss`, or a negative `lam`.

    Examples
    --------
    >>> p = init_mlp(3, 4, 2, seed=0)
    >>> value, grads = loss_and_grads(p, [[1.0, 0.0, -1.0]], [1])
    >>> grads["W1"].shape, grads["b2"].shape
    ((3, 4), (2,))
    """
    (lam,) = check_params(_LAM, lam=lam)
    params = _params(params)
    z, cache = forward(params, X)
    value = output_loss(y, z, loss=loss, reduction=reduction)
    grads = backward(params, cache, output_loss_grad(y, z, loss=loss, reduction=reduction))
    if lam:
        for name in WEIGHT_NAMES:
            value += lam * float(np.sum(params[name] ** 2))
            grads[name] = grads[name] + 2.0 * lam * params[name]
    return value, grads


# ----------------------------------------------------------------------------- gradient check
def numerical_gradient(f, params, *, step=1e-6):
    r"""Central finite differences of a scalar function of a parameter dict.

    .. math:: \frac{\partial f}{\partial \theta_j}
              \approx \frac{f(\theta + \Delta e_j) - f(\theta - \Delta e_j)}{2\Delta}

    (the error of the central difference shrinks like :math:`\Delta^2`; rounding error
    grows like :math:`10^{-16}/\Delta`, so :math:`\Delta \approx 10^{-6}` suits
    float64). Costs two evaluations of ``f`` per parameter: for small networks only.

    Parameters
    ----------
    f : callable
        ``f(params) -> float``.
    params : dict of array_like
        The point; not modified.
    step : float, default 1e-6
        The nudge :math:`\Delta` (> 0).

    Returns
    -------
    dict
        Same keys and shapes as ``params``.

    Raises
    ------
    ValueError
        `step` not > 0.

    Examples
    --------
    >>> g = numerical_gradient(lambda p: float(np.sum(p["w"] ** 2)), {"w": [1.0, -2.0]})
    >>> np.round(g["w"], 6).tolist()
    [2.0, -4.0]
    """
    (step,) = check_params(_STEP, step=step)
    point = {k: _as_float(v, f"params[{k!r}]").copy() for k, v in params.items()}
    grads = {}
    for name, arr in point.items():
        g = np.zeros_like(arr)
        for j in np.ndindex(arr.shape):
            old = arr[j]
            arr[j] = old + step
            up = f(point)
            arr[j] = old - step
            down = f(point)
            arr[j] = old
            g[j] = (up - down) / (2 * step)
        grads[name] = g
    return grads


def relative_error(a, b):
    r"""Relative difference of two gradients (dicts of arrays, or arrays), all entries together.

    .. math:: \frac{\lVert a - b\rVert_2}{\max(\lVert a\rVert_2 + \lVert b\rVert_2, 10^{-300})}

    (one number for all entries); below about 1e-7 in float64 means the two agree.

    Parameters
    ----------
    a, b : dict of array_like, or array_like

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Dicts with different keys.

    Examples
    --------
    >>> relative_error({"w": [1.0, 2.0]}, {"w": [1.0, 2.0]})
    0.0
    """
    if isinstance(a, dict):
        if set(a) != set(b):
            raise ValueError("a and b must have the same keys")
        a = np.concatenate([_as_float(a[k], "a").ravel() for k in sorted(a)])
        b = np.concatenate([_as_float(b[k], "b").ravel() for k in sorted(b)])
    a, b = _as_float(a, "a").ravel(), _as_float(b, "b").ravel()
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


def flatten_params(params):
    """All parameters as one flat vector (W1, b1, W2, b2 in this order).

    Parameters
    ----------
    params : dict

    Returns
    -------
    ndarray

    Raises
    ------
    ValueError
        Bad `params` (see :func:`forward`).

    Examples
    --------
    >>> flatten_params(init_mlp(2, 3, 2)).shape
    (17,)
    """
    params = _params(params)
    return np.concatenate([params[k].ravel() for k in PARAMETER_NAMES])


# ----------------------------------------------------------------------------- training
def minibatches(n, batch_size, *, rng):
    """Shuffled index arrays covering ``range(n)`` once (one epoch); the last may be shorter.

    Parameters
    ----------
    n : int
        Number of examples.
    batch_size : int
        B (>= 1); ``batch_size >= n`` gives one full batch.
    rng : numpy.random.Generator
        Source of the shuffle.

    Yields
    ------
    ndarray of int

    Raises
    ------
    ValueError
        `n` or `batch_size` not a whole number >= 1.

    Examples
    --------
    >>> [len(b) for b in minibatches(10, 4, rng=np.random.default_rng(0))]
    [4, 4, 2]
    """
    n, batch_size = check_params(_BATCHES, n=n, batch_size=batch_size)
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def predict(params, X, *, loss="cross_entropy"):
    """Predicted classes (argmax of the logits), or 0/1 labels for ``"bce_sigmoid"``.

    Parameters
    ----------
    params : dict
    X : array_like
    loss : str, default "cross_entropy"

    Returns
    -------
    ndarray
        (n,) class indices, or (n, K) 0/1 labels (1 where the logit is > 0).

    Raises
    ------
    ValueError
        Unknown `loss`, or bad `params` or `X`.

    Examples
    --------
    >>> p = {"W1": [[1.0]], "b1": [0.0], "W2": [[1.0, -1.0]], "b2": [0.0, 0.0]}
    >>> predict(p, [[2.0], [-1.0]]).tolist()
    [0, 0]
    """
    check_params(_LOSS, loss=loss)
    z, _ = forward(params, X)
    return (z > 0).astype(int) if loss == "bce_sigmoid" else z.argmax(axis=1)


def accuracy(params, X, y, *, loss="cross_entropy"):
    """Share of correct predictions (of correct entries for ``"bce_sigmoid"``).

    Parameters
    ----------
    params : dict
    X, y : array_like
    loss : str, default "cross_entropy"

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Bad labels, `params` or `X`.

    Examples
    --------
    >>> p = {"W1": [[1.0]], "b1": [0.0], "W2": [[1.0, -1.0]], "b2": [0.0, 0.0]}
    >>> accuracy(p, [[2.0], [1.0]], [0, 1])
    0.5
    """
    pred = predict(params, X, loss=loss)
    if loss == "bce_sigmoid":
        return float(np.mean(pred == _as_float(y, "y")))
    k = _class_indices(y, np.shape(params["W2"])[1], "y")
    return float(np.mean(pred == k))


def train(params, X, y, *, X_val=None, y_val=None, loss="cross_entropy", lr=0.1,
          batch_size=32, epochs=10, reduction="mean", lam=0.0, weight_decay=0.0, seed=0):
    r"""Mini-batch SGD on the network; returns the final parameters and the loss curves.

    Each step takes a batch of B examples and updates every parameter :math:`\theta` by

    .. math:: \theta \leftarrow \theta - \eta\,\nabla_\theta J_B, \qquad
              J_B = L_B + \lambda\,(\lVert W_1\rVert^2 + \lVert W_2\rVert^2)

    where :math:`L_B` is the batch's mean (or sum) loss; the penalty's gradient
    :math:`2\lambda W` is added to the weight matrices' gradients. ``weight_decay`` (wd) is
    applied separately, as a shrinking of the weight matrices before each step,
    :math:`W \leftarrow (1 - \eta\,\text{wd})\,W - \eta\,\nabla_W J_B`; with SGD the two
    are the same update when ``weight_decay = 2 * lam``. Biases are never penalised or decayed.

    Parameters
    ----------
    params : dict
        Initial parameters (not modified).
    X, y : array_like
        Training features (n, d) and targets.
    X_val, y_val : array_like, optional
        Validation data, evaluated after every epoch.
    loss : {"cross_entropy", "brier", "bce_sigmoid"}, default "cross_entropy"
    lr : float, default 0.1
        Learning rate :math:`\eta` (> 0).
    batch_size : int, default 32
        B.
    epochs : int, default 10
        Passes over the training set (>= 0).
    reduction : {"mean", "sum"}, default "mean"
        Mean or sum of the losses in a batch (the sum makes the step B times larger).
    lam : float, default 0.0
        L2 penalty added to the objective.
    weight_decay : float, default 0.0
        Each step first multiplies the weight matrices by ``1 - lr * weight_decay``.
    seed : int, default 0
        Seed of the shuffling.

    Returns
    -------
    params : dict
        The trained parameters.
    history : dict
        ``"train_loss"``, ``"train_acc"`` (and ``"val_loss"``, ``"val_acc"`` when validation
        data are given): mean loss (without penalty) and accuracy over the whole set, before
        training and after each epoch (``epochs + 1`` values); ``"batch_loss"``: the mean loss
        of each batch before its step (one value per step).

    Raises
    ------
    ValueError
        Bad data or parameters (the message names the argument), `lr` not > 0,
        negative `lam` or `weight_decay`, unknown `loss` or `reduction`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(40, 2)); y = (X[:, 0] > 0).astype(int)
    >>> p, hist = train(init_mlp(2, 8, 2), X, y, lr=0.5, epochs=20, batch_size=10)
    >>> hist["train_loss"][-1] < hist["train_loss"][0], hist["train_acc"][-1] > 0.9
    (True, True)
    """
    _, lr, batch_size, epochs, weight_decay, lam, _ = check_params(
        _TRAIN, loss=loss, lr=lr, batch_size=batch_size, epochs=epochs,
        weight_decay=weight_decay, lam=lam, reduction=reduction)
    params = {k: v.copy() for k, v in _params(params).items()}
    X = _features(X, params)
    value_of, grad_of = _LOSS_FUNCTIONS[loss]

    def targets(labels, features, name):
        # the loss functions' targets: class indices for cross-entropy (its cheapest input),
        # one-hot or 0/1 rows for the others; validated here once (the error names the argument)
        q = _targets(labels, _forward(params, features)[0], loss, name)
        return q.argmax(axis=1) if loss == "cross_entropy" else q

    history = {"train_loss": [], "train_acc": [], "batch_loss": []}
    parts = [("train", X, targets(y, X, "y"))]
    if X_val is not None and y_val is not None:
        X_val = _features(X_val, params)
        parts.append(("val", X_val, targets(y_val, X_val, "y_val")))
        history.update(val_loss=[], val_acc=[])
    t_all = parts[0][2]

    def evaluate():
        # mean loss (without penalty) and accuracy on each set, from one forward pass
        for name, XX, t in parts:
            with np.errstate(all="ignore"):
                z = _forward(params, XX)[0]
            if not np.isfinite(z).all():
                history[f"{name}_loss"].append(np.nan)
                history[f"{name}_acc"].append(np.nan)
                continue
            history[f"{name}_loss"].append(float(value_of(t, z)))
            if loss == "bce_sigmoid":
                right = (z > 0) == t
            else:
                right = z.argmax(axis=1) == (t if t.ndim == 1 else t.argmax(axis=1))
            history[f"{name}_acc"].append(float(np.mean(right)))

    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    rng = np.random.default_rng(seed)
    diverged = False
    # small matrices: one BLAS thread is faster, and it does not fight other processes
    with threadpool_limits(limits=1, user_api="blas"):
        evaluate()
        for _ in range(epochs):
            for idx in minibatches(X.shape[0], batch_size, rng=rng):
                if diverged:  # the run blew up: record it, stop updating
                    history["batch_loss"].append(np.nan)
                    continue
                with np.errstate(all="ignore"):
                    z, cache = _forward(params, X[idx])
                if not np.isfinite(z).all():
                    diverged = True
                    history["batch_loss"].append(np.nan)
                    continue
                t = t_all[idx]
                history["batch_loss"].append(float(value_of(t, z)))
                dz = grad_of(t, z) * (len(idx) if reduction == "sum" else 1)
                grads = _backward(params, cache, dz)
                with np.errstate(all="ignore"):
                    for name in PARAMETER_NAMES:
                        if name in WEIGHT_NAMES:
                            grads[name] += 2.0 * lam * params[name]    # gradient of lam ||W||^2
                            params[name] *= 1.0 - lr * weight_decay     # decay, outside J
                        params[name] -= lr * grads[name]
            evaluate()
    return params, history


# ----------------------------------------------------------------------------- data
def load_digits_split(n_train=1280, *, seed=0, scale=True):
    """scikit-learn's digits (1797 images of 8x8 pixels, classes 0-9), split and scaled.

    A stratified split into ``n_train`` training images and the rest (held out, used as the
    validation set of lecture 11). 1280 is divisible by 8, 32, 128 and 256, so every
    mini-batch of those sizes is full.

    Parameters
    ----------
    n_train : int, default 1280
        Number of training images (1 to 1796).
    seed : int, default 0
        ``random_state`` of the split.
    scale : bool, default True
        Standardise the 64 pixels with a ``StandardScaler`` fitted on the training images
        (pixels that are constant there keep scale 1).

    Returns
    -------
    lossedu.data.Split

    Raises
    ------
    ValueError
        `n_train` not between 1 and 1796.

    Examples
    --------
    >>> d = load_digits_split()
    >>> d.X_train.shape, d.X_test.shape
    ((1280, 64), (517, 64))
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    from lossedu.data import Split

    (n_train,) = check_params(_N_TRAIN, n_train=n_train)
    ds = load_digits()
    if n_train >= len(ds.target):
        raise ValueError(f"n_train must be below {len(ds.target)}; got {n_train}")
    X_train, X_test, y_train, y_test = train_test_split(
        ds.data, ds.target, train_size=n_train, random_state=seed, stratify=ds.target)
    if scale:
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    return Split(X_train, X_test, y_train, y_test,
                 feature_names=tuple(f"pixel_{i}_{j}" for i in range(8) for j in range(8)),
                 target_names=tuple(str(k) for k in range(10)))
