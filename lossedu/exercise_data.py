"""The data of the exercises' per-student variants (see :mod:`lossedu.variants`).

An exercise whose data differ per student has a ``VARIANT = n`` line in its first set-up
cell; its set-up cells call the generators below with it, and its variant-aware questions
(``Question(variant_inputs=...)``) build their judging case from the same generators, so the
notebook and the judge always see the same data. Variant 0 is the published notebook's data
(unchanged); a student's variant is 1 ... :data:`MAX_VARIANT`.

The generators only make *inputs* (what a student sees anyway); they never compute an answer,
so a grading kernel may import this module (numpy only).
"""

from __future__ import annotations

import functools

import numpy as np

#: variants are 0 (the published notebook) or 1 ... MAX_VARIANT (a student's own)
MAX_VARIANT = 999_999


class VariantError(ValueError):
    """A variant, secret or roster that cannot be used (the message says what to fix)."""


def as_variant(value, name: str = "VARIANT") -> int:
    """``value`` as a variant number (an int 0 ... MAX_VARIANT); VariantError naming ``name``
    otherwise (a bool, a float, a string, a negative or too large number)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise VariantError(f"{name} must be a whole number from 0 to {MAX_VARIANT}, "
                           f"got {value!r}")
    if not 0 <= int(value) <= MAX_VARIANT:
        raise VariantError(f"{name} must be from 0 to {MAX_VARIANT}, got {int(value)}")
    return int(value)


def seed(variant: int, published: int) -> int:
    """The random seed of a data set: ``published`` for variant 0, ``published + variant``
    otherwise (so no student's variant gives the published data)."""
    return published + as_variant(variant)


# ----------------------------------------------------------------------------- generators
def _rng(variant: int, dataset: str) -> np.random.Generator:
    """A generator for one data set of one variant (data sets of a variant are independent)."""
    return np.random.default_rng([as_variant(variant), int.from_bytes(dataset.encode(), "big")])


def house_prices(variant: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Exercise 02: five house prices and a model's predictions, in dollars.

    Variant 0 is the published table; other variants draw prices of 200,000 to 600,000 and
    five errors of different sizes (multiples of 5,000 up to 90,000, either sign), as the
    question text says.
    """
    if as_variant(variant) == 0:
        return (np.array([310_000, 455_000, 280_000, 520_000, 395_000], dtype=float),
                np.array([360_000, 435_000, 290_000, 440_000, 425_000], dtype=float))
    rng = _rng(variant, "house")
    true = 5_000.0 * rng.integers(40, 121, size=5)
    errors = 5_000.0 * rng.choice(np.arange(1, 19), size=5, replace=False)
    return true, true + errors * rng.choice([-1.0, 1.0], size=5)


def delivery_times(variant: int = 0) -> tuple[np.ndarray, float]:
    """Exercise 02: seven delivery times in minutes, and one extreme delay.

    Variant 0: the published times and 180; other variants: seven distinct times of 25 to 45
    minutes and a delay of 120 to 240 minutes.
    """
    if as_variant(variant) == 0:
        return np.array([31.0, 35.0, 29.0, 40.0, 33.0, 36.0, 30.0]), 180.0
    rng = _rng(variant, "times")
    times = rng.choice(np.arange(25.0, 46.0), size=7, replace=False)
    return times, float(rng.integers(120, 241))


def two_lines(variant: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Exercise 02: six points on y = 2x + 1 except the last, which lies far above.

    The last value is 30 in variant 0, and 25.00 to 40.00 (two decimals) otherwise: in that
    range line B = (5, -1) is better under the MSE and line A = (2, 1) under the MAE, the
    point of the question.
    """
    x = np.arange(6.0)
    y = 2 * x + 1
    y[-1] = 30.0 if as_variant(variant) == 0 else round(_rng(variant, "lines")
                                                          .uniform(25.0, 40.0), 2)
    return x, y


def laplace_times(variant: int = 0) -> np.ndarray:
    """Exercise 06: nine delivery times in minutes, skewed by two long delays.

    Variant 0: the published nine; other variants: seven times of 10 to 24 minutes and two
    delays of 26 to 60 (whole minutes; an odd count, so the median is one value).
    """
    if as_variant(variant) == 0:
        return np.array([12.0, 14.0, 15.0, 15.0, 17.0, 18.0, 21.0, 30.0, 48.0])
    rng = _rng(variant, "laplace")
    return np.sort(np.concatenate([rng.integers(10, 25, size=7),
                                   rng.integers(26, 61, size=2)]).astype(float))


def clip_logits(variant: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Exercise 05: ten labels and logits, some confidently wrong.

    Variant 0: the published ones. Other variants: labels 1, 0, 1, 0, ...; margins (the logit
    on the side of the true class) of two mild mistakes (-3 to -0.5), two to four confident
    mistakes (-60 to -17, beyond the float32 clip) and right answers (1 to 30), shuffled,
    one decimal.
    """
    if as_variant(variant) == 0:
        return (np.array([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]),
                np.array([4.0, -2.5, 25.0, -1.2, -0.7, 3.0, -12.0, 20.0, -45.0, 60.0]))
    rng = _rng(variant, "clip")
    confident = int(rng.integers(2, 5))
    margins = np.concatenate([rng.uniform(-3.0, -0.5, 2), rng.uniform(-60.0, -17.0, confident),
                              rng.uniform(1.0, 30.0, 8 - confident)])
    margins = np.round(rng.permutation(margins), 1)
    y = np.array([1, 0] * 5)
    return y, np.where(y == 1, margins, -margins)


def label_smoothing(variant: int = 0) -> tuple[int, float]:
    """Exercise 12: the number of classes K and the smoothing ε of the label-smoothing floor.

    Variant 0: K = 4, ε = 0.2; other variants: K from 3 to 12 and ε from 0.05 to 0.30 (two
    decimals).
    """
    if as_variant(variant) == 0:
        return 4, 0.2
    rng = _rng(variant, "smoothing")
    return int(rng.integers(3, 13)), int(rng.integers(5, 31)) / 100


def breast_cancer_logits(split_seed: int):
    """Exercise 09: ``(z_val, y_val, z_test, y_test)``, the validation and test logits of an
    almost unpenalised logistic regression (``C=1e4``) on the breast-cancer data: a 30 % test
    split (seed ``split_seed``), the rest split 70/30 into a fitting and a validation part
    (seed 1). The exercise notebook's set-up cell runs the same code in the open."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    from lossedu import data

    d = data.load_breast_cancer_split(test_size=0.3, seed=split_seed)
    X_fit, X_val, y_fit, y_val = train_test_split(d.X_train, d.y_train, test_size=0.3,
                                                  random_state=1, stratify=d.y_train)
    model = LogisticRegression(C=1e4, max_iter=10_000).fit(X_fit, y_fit)
    return model.decision_function(X_val), y_val, model.decision_function(d.X_test), d.y_test


@functools.cache
def calibration_seed(variant: int = 0) -> int:
    """Exercise 09: the breast-cancer split seed of a variant (1 for variant 0).

    The first of ``1 + variant``, ``1 + variant + (MAX_VARIANT + 1)``, ... whose validation and
    test logits both hold at least one mistake: without one, the log loss keeps falling as the
    temperature goes to 0 and no temperature fits (about one split in twenty).
    """
    variant = as_variant(variant)
    if variant == 0:
        return 1
    for attempt in range(50):
        split_seed = 1 + variant + attempt * (MAX_VARIANT + 1)
        z_val, y_val, z_test, y_test = breast_cancer_logits(split_seed)
        if all(np.any((z > 0) != (y == 1)) for z, y in ((z_val, y_val), (z_test, y_test))):
            return split_seed
    raise VariantError(f"variant {variant}: no split with a mistake in 50 tries")
