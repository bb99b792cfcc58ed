"""Input checks shared by every public function of lossedu (private).

Each public function calls these helpers once, at its boundary, so that a wrong
input fails early with a message that starts with the argument's name and says
what was expected, instead of a silent NaN or a numpy traceback from deep inside.

The helpers use plain numpy and are kept cheap: a loss on 10 numbers costs a few
microseconds. Finiteness (no NaN or inf) is checked on the *result* when that is
equivalent (a NaN or inf input always makes the result non-finite); only then are
the inputs searched, to name the argument that holds the bad value.
"""

import math

import numpy as np

REDUCTIONS = ("mean", "sum", "none")

_NUMERIC_KINDS = "biuf"  # bool, signed int, unsigned int, float


def _as_float(x, name):
    """Return `x` as a non-empty float64 array (lists, scalars, float32, ints, bools accepted).

    Raises TypeError for non-numeric data and masked arrays (numpy.ma: the mask would be
    silently lost) and ValueError for ragged or empty input.
    """
    if type(x) is np.ndarray and x.dtype == np.float64:  # fast path: nothing to convert
        arr = x
    else:
        if isinstance(x, np.ma.MaskedArray):  # np.asarray would silently drop the mask
            raise TypeError(
                f"{name} is a masked array, which lossedu does not support (the mask would be "
                f"ignored); pass only the unmasked values of every argument, e.g. "
                f"{name}[~{name}.mask], or fill the masked ones with {name}.filled(value)"
            )
        try:
            arr = np.asarray(x)
        except (ValueError, TypeError) as exc:  # e.g. ragged nested lists
            raise ValueError(f"{name} could not be turned into an array: {exc}") from None
        if arr.dtype.kind not in _NUMERIC_KINDS:  # strings, None, objects, complex
            first = f" (first value {arr.ravel()[:1].tolist()[0]!r})" if arr.size else ""
            raise TypeError(
                f"{name} must contain numbers (int or float); got dtype {arr.dtype}{first}"
            )
        arr = arr.astype(np.float64)
    if arr.size == 0:
        raise ValueError(f"{name} is empty; expected at least one value")
    return arr


def _check_finite(arr, name):
    """Raise ValueError if `arr` holds a NaN or an infinity."""
    if not np.isfinite(arr).all():
        bad = float(arr[~np.isfinite(arr)].flat[0])
        where = int(np.flatnonzero(~np.isfinite(arr.ravel()))[0])
        raise ValueError(
            f"{name} contains {bad} at flat index {where}; expected finite numbers (no NaN or inf)"
        )


def _finite_result(result, **arrays):
    """Return `result`, after checking the inputs whenever `result` is not finite.

    A NaN or inf in any input makes the result non-finite, so one check of the
    (small) result replaces a full pass over every input. If the inputs turn out
    to be finite, the non-finite result is a genuine overflow and is returned.
    """
    ok = math.isfinite(result) if isinstance(result, float) else np.isfinite(result).all()
    if not ok:
        for name, arr in arrays.items():
            _check_finite(arr, name)
    return result


def _same_shape(a, b, name_a, name_b):
    """Raise ValueError unless `a` and `b` have exactly the same shape (no broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; "
            "they must have the same shape"
        )


def _pair(a, b, name_a, name_b):
    """Convert two arrays with `_as_float` and check that their shapes are equal."""
    a = _as_float(a, name_a)
    b = _as_float(b, name_b)
    _same_shape(a, b, name_a, name_b)
    return a, b


def _check_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"reduction must be one of {', '.join(repr(r) for r in REDUCTIONS)}; got {reduction!r}"
        )


def _reduce(per_sample, reduction):
    """Combine per-sample losses: "mean" (a float), "sum" (a float) or "none" (the array)."""
    if reduction == "mean":
        return float(np.mean(per_sample))
    if reduction == "sum":
        return float(np.sum(per_sample))
    if reduction == "none":
        return per_sample
    _check_reduction(reduction)  # raises


def _check_probabilities(p, name):
    """Raise ValueError unless every value of `p` is in [0, 1] (NaN is reported as such)."""
    if not ((p >= 0.0) & (p <= 1.0)).all():
        _check_finite(p, name)
        bad = p[(p < 0.0) | (p > 1.0)].flat[0]
        raise ValueError(f"{name} must hold probabilities in [0, 1]; found {float(bad)!r}")


def _bad_labels(y, allowed):
    values = np.unique(y[~np.isin(y, allowed)])[:5]
    return ", ".join(repr(float(v)) for v in values)


def _binary_labels(y, name="y_true"):
    """Raise ValueError unless every label is 0 or 1."""
    if not ((y == 0.0) | (y == 1.0)).all():
        raise ValueError(
            f"{name} must contain binary labels 0 or 1; found {_bad_labels(y, (0.0, 1.0))}"
        )


def _signed_labels(y, name="y_true"):
    """Return labels as -1/+1 floats; `y` may use {0, 1} or {-1, +1} (not a mix of 0 and -1)."""
    if ((y == -1.0) | (y == 1.0)).all():
        return y
    if ((y == 0.0) | (y == 1.0)).all():
        return 2.0 * y - 1.0
    if ((y == -1.0) | (y == 0.0) | (y == 1.0)).all():
        raise ValueError(f"{name} mixes 0 and -1; use labels in {{0, 1}} or in {{-1, +1}}")
    raise ValueError(
        f"{name} must contain labels in {{0, 1}} or {{-1, +1}}; "
        f"found {_bad_labels(y, (-1.0, 0.0, 1.0))}"
    )


def _class_indices(y_true, n_classes, name="y_true"):
    """Return integer class indices of shape (n,) from labels (n,) or one-hot rows (n, K).

    Integer labels must be whole numbers in 0..K-1; one-hot rows must contain
    exactly one 1 and zeros elsewhere and have K columns.
    """
    y = _as_float(y_true, name)
    if y.ndim == 2:
        if y.shape[1] != n_classes:
            raise ValueError(
                f"{name} looks one-hot with shape {y.shape} but there are {n_classes} classes; "
                f"expected shape ({y.shape[0]}, {n_classes})"
            )
        is_onehot = (((y == 0.0) | (y == 1.0)).all(axis=1)) & (y.sum(axis=1) == 1.0)
        if not is_onehot.all():
            row = int(np.flatnonzero(~is_onehot)[0])
            raise ValueError(
                f"{name} row {row} is not one-hot: {y[row].tolist()} "
                "(expected exactly one 1 and zeros elsewhere)"
            )
        return y.argmax(axis=1)
    if y.ndim != 1:
        raise ValueError(
            f"{name} must be integer labels of shape (n,) or one-hot of shape (n, K); "
            f"got shape {y.shape}"
        )
    _check_finite(y, name)
    if not (y == np.floor(y)).all():
        bad = y[y != np.floor(y)][0]
        raise ValueError(f"{name} must contain integer class labels; found {float(bad)!r}")
    if y.min() < 0 or y.max() >= n_classes:
        bad = y[(y < 0) | (y >= n_classes)][0]
        raise ValueError(
            f"{name} must contain class indices 0..{n_classes - 1} "
            f"(there are {n_classes} classes); found {int(bad)}"
        )
    return y.astype(np.intp)


def _scores_2d(x, name):
    """Return `x` as a finite float64 array of shape (n, K) with K >= 1."""
    x = _as_float(x, name)
    if x.ndim != 2:
        raise ValueError(f"{name} must have shape (n_samples, n_classes); got shape {x.shape}")
    _check_finite(x, name)
    return x


def _check_same_rows(indices, x, name_y, name_x):
    if indices.shape[0] != x.shape[0]:
        raise ValueError(
            f"{name_y} has {indices.shape[0]} samples but {name_x} has shape {x.shape}; "
            "they must have the same number of rows"
        )


_BEYOND_FLOAT = "got a number beyond the float range (|value| > 1.8e308)"


def _nonnegative_scalar(value, name):
    """Return `value` as a float, raising unless it is a finite number >= 0.

    Strings are refused even when they hold a number (``lam="0.5"``), as for huber's `delta`.
    """
    if isinstance(value, str | bytes | bytearray):  # float() would accept "0.5"
        raise TypeError(f"{name} must be a number, not a string; got {value!r}")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number; got {value!r}") from None
    except OverflowError:  # an int beyond the float range, e.g. 10**400
        raise ValueError(f"{name} must be a finite number >= 0; {_BEYOND_FLOAT}") from None
    if not (np.isfinite(v) and v >= 0.0):
        raise ValueError(f"{name} must be a finite number >= 0; got {value!r}")
    return v


def _open_unit_scalar(value, name):
    """Return `value` as a float, raising unless it is a number strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number strictly between 0 and 1; got {value!r}")
    try:
        v = float(value)
    except OverflowError:  # an int beyond the float range, e.g. 10**400
        raise ValueError(f"{name} must be strictly between 0 and 1; {_BEYOND_FLOAT}") from None
    if not 0.0 < v < 1.0:
        raise ValueError(f"{name} must be strictly between 0 and 1; got {value!r}")
    return v


def _check_positive(arr, name):
    """Raise ValueError unless every value of `arr` is > 0 (NaN is reported as such)."""
    if not (arr > 0.0).all():
        _check_finite(arr, name)
        bad = arr[~(arr > 0.0)].flat[0]
        where = int(np.flatnonzero(~(arr.ravel() > 0.0))[0])
        raise ValueError(f"{name} must be > 0; found {float(bad)!r} at flat index {where}")


def _axis(axis, ndim, name="axis"):
    """Return `axis` as an int in -ndim..ndim-1 (one axis of an array with `ndim` dimensions).

    Raises TypeError unless `axis` is an integer (bools, floats, strings, None and lists are
    refused) and ValueError when it is out of range.
    """
    if isinstance(axis, bool | np.bool_) or not isinstance(axis, int | np.integer):
        raise TypeError(f"{name} must be an integer (a single axis); got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"{name} is {int(axis)} but the input has {ndim} dimension(s); "
            f"expected {-ndim} <= {name} <= {ndim - 1}"
        )
    return int(axis)
