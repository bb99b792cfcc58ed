"""Small, deterministic data sets for the course notebooks.

Every generator takes a ``seed`` and draws from ``numpy.random.default_rng(seed)``, so the same
call always returns the same arrays. The loaders wrap data sets that ship inside scikit-learn
(nothing is downloaded) and return a fixed, scaled train/test split.

Generators
----------
make_linear         simple regression data ``y = slope * x + intercept + noise``
add_outliers        copy of ``y`` with a few points pushed far away
make_house_prices   house sizes (m²) and prices (dollars) on a linear trend
make_binary_blobs   two Gaussian clouds with labels 0 and 1
make_logits         raw model scores (logits) and matching labels, binary or multi-class
make_noisy_classification  labels from a noisy linear rule in many features (over-fitting)
make_collinear      regression data whose features are near-copies of one another
make_imbalanced_blobs  two Gaussian clouds where class 1 is rare
make_heteroscedastic   regression data whose noise scale grows with x

Loaders
-------
load_diabetes_split        scikit-learn's diabetes regression data, split and scaled
load_breast_cancer_split   scikit-learn's breast-cancer classification data, split and scaled
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

from lossedu._validation import Interval

__all__ = [
    "Split",
    "make_linear",
    "add_outliers",
    "make_house_prices",
    "make_binary_blobs",
    "make_logits",
    "make_noisy_classification",
    "make_collinear",
    "make_imbalanced_blobs",
    "make_heteroscedastic",
    "load_diabetes_split",
    "load_breast_cancer_split",
]


# --------------------------------------------------------------------------- input checks
# the declarative constraints of lossedu._validation (the one way hyperparameters are checked)
def _check_int(name, value, minimum=0):
    return Interval(Integral, minimum, None, closed="left").check(value, name)


def _check_real(name, value, minimum=None, strict=False):
    closed = "neither" if strict else "left"
    return Interval(Real, minimum, None, closed=closed).check(value, name)


def _check_fraction(name, value):
    return Interval(Real, 0, 1, closed="neither").check(value, name)


# --------------------------------------------------------------------------- regression
def make_linear(n=50, slope=2.0, intercept=1.0, noise=1.0, x_range=(0.0, 10.0), seed=0):
    """Simple linear-regression data ``y = slope * x + intercept + noise``.

    Parameters
    ----------
    n : int, default 50
        Number of points (at least 1).
    slope, intercept : float
        The true line ``m`` and ``b``.
    noise : float, default 1.0
        Standard deviation of the Gaussian noise added to ``y`` (0 puts the points on the line).
    x_range : tuple of two floats, default (0, 10)
        ``x`` is drawn uniformly from ``[low, high)``; returned sorted.
    seed : int, default 0
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    x, y : ndarray of shape (n,)

    Examples
    --------
    >>> x, y = make_linear(n=5, slope=2.0, intercept=1.0, noise=0.0, seed=0)
    >>> bool(np.allclose(y, 2.0 * x + 1.0))
    True
    """
    n = _check_int("n", n, minimum=1)
    slope = _check_real("slope", slope)
    intercept = _check_real("intercept", intercept)
    noise = _check_real("noise", noise, minimum=0.0)
    low, high = _check_range("x_range", x_range)
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(low, high, size=n))
    y = slope * x + intercept + noise * rng.standard_normal(n)
    return x, y


def _check_range(name, value):
    try:
        low, high = value
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (low, high), got {value!r}") from None
    low = _check_real(f"{name}[0]", low)
    high = _check_real(f"{name}[1]", high)
    if not low < high:
        raise ValueError(f"{name} must satisfy low < high, got {value!r}")
    return low, high


def add_outliers(y, n_outliers=3, magnitude=20.0, positions=None, seed=0):
    """Return a copy of ``y`` with a few values pushed far away (upwards).

    Parameters
    ----------
    y : array_like of shape (n,)
        Targets; not modified.
    n_outliers : int, default 3
        How many points to move (ignored when ``positions`` is given).
    magnitude : float, default 20.0
        How far each chosen point is moved (added to it; use a negative value to push down).
    positions : sequence of int, optional
        Which indices to move. By default ``n_outliers`` distinct indices are drawn at random.
    seed : int, default 0
        Seed for ``numpy.random.default_rng`` (used to pick the indices).

    Returns
    -------
    y_out : ndarray of shape (n,)
        The modified copy.
    idx : ndarray of int
        The indices that were moved, sorted.

    Examples
    --------
    >>> y_out, idx = add_outliers(np.zeros(10), n_outliers=2, magnitude=5.0, seed=0)
    >>> float(y_out.sum()), len(idx)
    (10.0, 2)
    """
    y = np.asarray(y, dtype=float)
    if y.ndim != 1:
        raise ValueError(f"y must be one-dimensional, got shape {y.shape}")
    magnitude = _check_real("magnitude", magnitude)
    if positions is None:
        n_outliers = _check_int("n_outliers", n_outliers, minimum=0)
        if n_outliers > y.size:
            raise ValueError(f"n_outliers ({n_outliers}) cannot exceed len(y) ({y.size})")
        rng = np.random.default_rng(seed)
        idx = np.sort(rng.choice(y.size, size=n_outliers, replace=False))
    else:
        idx = np.unique(np.asarray(positions, dtype=int))
        if idx.size and (idx.min() < -y.size or idx.max() >= y.size):
            raise ValueError(f"positions must be valid indices into y (len {y.size})")
    y_out = y.copy()
    y_out[idx] += magnitude
    return y_out, idx


def make_house_prices(n=40, price_per_m2=3000.0, base_price=50_000.0, noise=25_000.0, seed=0):
    """House sizes in square metres and prices in dollars on a noisy linear trend.

    Parameters
    ----------
    n : int, default 40
        Number of houses.
    price_per_m2 : float, default 3000.0
        Dollars per square metre (the slope).
    base_price : float, default 50,000
        Price at size 0 (the intercept), in dollars.
    noise : float, default 25,000
        Standard deviation of the price noise, in dollars.
    seed : int, default 0
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    size_m2, price : ndarray of shape (n,)
        Sizes between 40 and 200 m² (sorted) and prices rounded to whole dollars.

    Examples
    --------
    >>> size, price = make_house_prices(n=3, seed=0)
    >>> size.shape, price.shape
    ((3,), (3,))
    """
    n = _check_int("n", n, minimum=1)
    price_per_m2 = _check_real("price_per_m2", price_per_m2)
    base_price = _check_real("base_price", base_price)
    noise = _check_real("noise", noise, minimum=0.0)
    rng = np.random.default_rng(seed)
    size = np.sort(np.round(rng.uniform(40.0, 200.0, size=n), 1))
    price = np.round(base_price + price_per_m2 * size + noise * rng.standard_normal(n))
    return size, price


# --------------------------------------------------------------------------- classification
def make_binary_blobs(n=100, separation=2.0, n_features=1, seed=0):
    """Two Gaussian clouds (unit variance) labelled 0 and 1.

    Class 0 is centred at ``-separation / 2`` and class 1 at ``+separation / 2`` along every
    feature; the classes alternate 0, 1, 0, 1, ... so both are (nearly) balanced.

    Parameters
    ----------
    n : int, default 100
        Number of points (at least 2).
    separation : float, default 2.0
        Distance between the class centres along each feature (>= 0; larger is easier).
    n_features : int, default 1
        Number of features.
    seed : int, default 0
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray of shape (n,) if ``n_features == 1`` else (n, n_features)
    y : ndarray of int, shape (n,), values in {0, 1}

    Examples
    --------
    >>> X, y = make_binary_blobs(n=6, seed=0)
    >>> X.shape, y.tolist()
    ((6,), [0, 1, 0, 1, 0, 1])
    """
    n = _check_int("n", n, minimum=2)
    separation = _check_real("separation", separation, minimum=0.0)
    n_features = _check_int("n_features", n_features, minimum=1)
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    centre = np.where(y == 1, separation / 2, -separation / 2)[:, None]
    X = centre + rng.standard_normal((n, n_features))
    if n_features == 1:
        X = X[:, 0]
    return X, y


def make_logits(n=10, n_classes=2, scale=2.0, seed=0):
    """Raw model scores (logits) with labels that mostly agree with them.

    Labels are drawn from the model's own probabilities (sigmoid or softmax of the logits), so
    the logits are "calibrated": useful for losses, accuracy and calibration examples.

    Parameters
    ----------
    n : int, default 10
        Number of samples.
    n_classes : int, default 2
        2 gives a binary problem: logits of shape (n,) and labels in {0, 1}. More gives logits of
        shape (n, n_classes) and integer labels in ``range(n_classes)``.
    scale : float, default 2.0
        Standard deviation of the logits (> 0); larger means more confident scores.
    seed : int, default 0
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    logits : ndarray of shape (n,) or (n, n_classes)
    y : ndarray of int, shape (n,)

    Examples
    --------
    >>> z, y = make_logits(n=4, seed=0)
    >>> z.shape, y.shape
    ((4,), (4,))
    >>> z, y = make_logits(n=4, n_classes=3, seed=0)
    >>> z.shape, int(y.max()) < 3
    ((4, 3), True)
    """
    n = _check_int("n", n, minimum=1)
    n_classes = _check_int("n_classes", n_classes, minimum=2)
    scale = _check_real("scale", scale, minimum=0.0, strict=True)
    rng = np.random.default_rng(seed)
    if n_classes == 2:
        z = scale * rng.standard_normal(n)
        p1 = 0.5 * (1.0 + np.tanh(z / 2.0))  # sigmoid without overflow
        y = (rng.uniform(size=n) < p1).astype(int)
        return z, y
    z = scale * rng.standard_normal((n, n_classes))
    shifted = z - z.max(axis=1, keepdims=True)
    p = np.exp(shifted)
    p /= p.sum(axis=1, keepdims=True)
    u = rng.uniform(size=(n, 1))
    y = np.minimum((p.cumsum(axis=1) < u).sum(axis=1), n_classes - 1).astype(int)
    return z, y


# --------------------------------------------------------------------------- loaders
@dataclass(frozen=True)
class Split:
    """A train/test split: arrays plus feature names (and target names for classification)."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    feature_names: tuple
    target_names: tuple = ()

    def __repr__(self):
        return (
            f"Split(X_train={self.X_train.shape}, X_test={self.X_test.shape}, "
            f"features={len(self.feature_names)})"
        )


def _split_and_scale(X, y, test_size, seed, scale, stratify):
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    test_size = _check_fraction("test_size", test_size)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=y if stratify else None
    )
    if scale:
        scaler = StandardScaler().fit(X_train)  # fit on training data only
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    return X_train, X_test, y_train, y_test


def load_diabetes_split(test_size=0.25, seed=0, scale=True):
    """scikit-learn's diabetes data (442 patients, 10 features), split and scaled.

    The target is a measure of disease progression one year after baseline (unitless score,
    roughly 25 to 346).

    Parameters
    ----------
    test_size : float, default 0.25
        Fraction of rows held out for testing.
    seed : int, default 0
        ``random_state`` of the split.
    scale : bool, default True
        Standardise features with a ``StandardScaler`` fitted on the training rows only.

    Returns
    -------
    Split

    Examples
    --------
    >>> d = load_diabetes_split()
    >>> d.X_train.shape, d.X_test.shape
    ((331, 10), (111, 10))
    """
    from sklearn.datasets import load_diabetes

    ds = load_diabetes()
    parts = _split_and_scale(ds.data, ds.target, test_size, seed, scale, stratify=False)
    return Split(*parts, feature_names=tuple(ds.feature_names))


def load_breast_cancer_split(test_size=0.25, seed=0, scale=True):
    """scikit-learn's breast-cancer data (569 tumours, 30 features), split and scaled.

    Labels: 0 = malignant, 1 = benign. The split is stratified, so both parts keep the class
    proportions.

    Parameters
    ----------
    test_size : float, default 0.25
        Fraction of rows held out for testing.
    seed : int, default 0
        ``random_state`` of the split.
    scale : bool, default True
        Standardise features with a ``StandardScaler`` fitted on the training rows only.

    Returns
    -------
    Split

    Examples
    --------
    >>> d = load_breast_cancer_split()
    >>> d.X_train.shape, d.target_names
    ((426, 30), ('malignant', 'benign'))
    """
    from sklearn.datasets import load_breast_cancer

    ds = load_breast_cancer()
    parts = _split_and_scale(ds.data, ds.target, test_size, seed, scale, stratify=True)
    return Split(
        *parts,
        feature_names=tuple(str(f) for f in ds.feature_names),
        target_names=tuple(str(t) for t in ds.target_names),
    )


# --------------------------------------------------------------------------- notebooks 05-07
def make_noisy_classification(n=200, n_features=20, noise=0.5, seed=0):
    """Binary labels from a noisy linear rule in many features (for over-fitting examples).

    A hidden weight vector ``w`` is drawn from a standard normal, features ``X`` too, and
    ``y = 1[X @ w + noise * |w| * e > 0]`` with Gaussian ``e``. Because ``X @ w`` has standard
    deviation ``|w|``, ``noise`` is the noise-to-signal ratio: about ``arctan(noise) / pi`` of
    the labels disagree with the hidden rule (15 % for the default 0.5). With few training rows
    and many features the training set is usually separable, so an unregularised model grows its
    weights without bound: the over-confidence of lecture 09.

    Parameters
    ----------
    n : int, default 200
        Number of rows (at least 1). Draw training and validation rows in one call and slice,
        so that both follow the same hidden rule.
    n_features : int, default 20
        Number of features (at least 1).
    noise : float, default 0.5
        Noise-to-signal ratio (>= 0; 0 gives labels that follow the rule exactly).
    seed : int, default 0
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray of shape (n, n_features)
    y : ndarray of int, shape (n,), values in {0, 1}

    Examples
    --------
    >>> X, y = make_noisy_classification(n=5, n_features=3, seed=0)
    >>> X.shape, y.shape, set(y.tolist()) <= {0, 1}
    ((5, 3), (5,), True)
    """
    n = _check_int("n", n, minimum=1)
    n_features = _check_int("n_features", n_features, minimum=1)
    noise = _check_real("noise", noise, minimum=0.0)
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(n_features)
    X = rng.standard_normal((n, n_features))
    score = X @ w + noise * np.linalg.norm(w) * rng.standard_normal(n)
    return X, (score > 0).astype(int)


def make_collinear(n=50, n_copies=2, copy_noise=0.01, slope=3.0, noise=1.0, seed=0):
    """Regression data whose features are near-copies of one another (collinear features).

    One hidden variable ``x`` (standard normal) drives the target, ``y = slope * x + noise * e``;
    each of the ``n_copies`` features is ``x`` plus its own small Gaussian noise of standard
    deviation ``copy_noise``. Least squares cannot tell the copies apart (its weights become
    large and unstable), ridge shares the weight between them, lasso keeps one.

    Parameters
    ----------
    n : int, default 50
        Number of rows (at least 2).
    n_copies : int, default 2
        Number of near-identical features (at least 1).
    copy_noise : float, default 0.01
        Standard deviation of what tells the copies apart (>= 0; 0 gives exact duplicates).
    slope : float, default 3.0
        Effect of the hidden variable on ``y``.
    noise : float, default 1.0
        Standard deviation of the noise on ``y`` (>= 0).
    seed : int, default 0
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray of shape (n, n_copies)
    y : ndarray of shape (n,)

    Examples
    --------
    >>> X, y = make_collinear(n=200, seed=0)
    >>> X.shape, bool(np.corrcoef(X.T)[0, 1] > 0.99)
    ((200, 2), True)
    """
    n = _check_int("n", n, minimum=2)
    n_copies = _check_int("n_copies", n_copies, minimum=1)
    copy_noise = _check_real("copy_noise", copy_noise, minimum=0.0)
    slope = _check_real("slope", slope)
    noise = _check_real("noise", noise, minimum=0.0)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    X = x[:, None] + copy_noise * rng.standard_normal((n, n_copies))
    y = slope * x + noise * rng.standard_normal(n)
    return X, y


def make_imbalanced_blobs(n=500, minority_fraction=0.05, separation=2.0, n_features=2, seed=0):
    """Two Gaussian clouds (unit variance) where class 1 is rare.

    ``round(n * minority_fraction)`` rows (at least one) belong to class 1, centred at
    ``+separation / 2`` along every feature; the others to class 0 at ``-separation / 2``. Rows
    are shuffled.

    Parameters
    ----------
    n : int, default 500
        Number of rows (at least 2).
    minority_fraction : float, default 0.05
        Share of class 1, strictly between 0 and 1.
    separation : float, default 2.0
        Distance between the class centres along each feature (>= 0).
    n_features : int, default 2
        Number of features (at least 1).
    seed : int, default 0
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray of shape (n, n_features)
    y : ndarray of int, shape (n,), values in {0, 1}

    Examples
    --------
    >>> X, y = make_imbalanced_blobs(n=100, minority_fraction=0.1, seed=0)
    >>> X.shape, int(y.sum())
    ((100, 2), 10)
    """
    n = _check_int("n", n, minimum=2)
    minority_fraction = _check_fraction("minority_fraction", minority_fraction)
    separation = _check_real("separation", separation, minimum=0.0)
    n_features = _check_int("n_features", n_features, minimum=1)
    n_minority = min(max(1, round(n * minority_fraction)), n - 1)
    rng = np.random.default_rng(seed)
    y = np.zeros(n, dtype=int)
    y[:n_minority] = 1
    y = y[rng.permutation(n)]
    centre = np.where(y == 1, separation / 2, -separation / 2)[:, None]
    X = centre + rng.standard_normal((n, n_features))
    return X, y


def make_heteroscedastic(n=200, slope=0.5, intercept=1.0, scale=0.1, growth=0.3,
                         x_range=(0.0, 10.0), seed=0):
    """Regression data whose noise grows with ``x`` (heteroscedastic).

    ``y = slope * x + intercept + s(x) * e`` with standard normal ``e`` and the noise scale
    ``s(x) = scale * exp(growth * x)``, so the spread of ``y`` around the line widens from left
    to right (with the defaults, from 0.1 at x = 0 to about 2 at x = 10). The log-variance
    ``ln s(x)**2 = 2 ln(scale) + 2 growth x`` is linear in ``x``. The true conditional mean is
    the line; the true τ-quantile is the line plus ``s(x)`` times the standard normal τ-quantile.

    Parameters
    ----------
    n : int, default 200
        Number of points (at least 1).
    slope, intercept : float
        The true line.
    scale : float, default 0.1
        Noise scale at x = 0 (> 0).
    growth : float, default 0.3
        Growth rate of the noise scale per unit of x (any real number; 0 gives constant noise).
    x_range : tuple of two floats, default (0, 10)
        ``x`` is drawn uniformly from ``[low, high)``; returned sorted.
    seed : int, default 0
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    x, y, s : ndarray of shape (n,)
        Inputs, targets and the true noise scale (standard deviation) at each ``x``.

    Examples
    --------
    >>> x, y, s = make_heteroscedastic(n=4, seed=0)
    >>> bool(np.allclose(s, 0.1 * np.exp(0.3 * x)))
    True
    """
    n = _check_int("n", n, minimum=1)
    slope = _check_real("slope", slope)
    intercept = _check_real("intercept", intercept)
    scale = _check_real("scale", scale, minimum=0.0, strict=True)
    growth = _check_real("growth", growth)
    low, high = _check_range("x_range", x_range)
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(low, high, size=n))
    s = scale * np.exp(growth * x)
    y = slope * x + intercept + s * rng.standard_normal(n)
    return x, y, s
