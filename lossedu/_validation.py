"""Input checks shared by every public function of lossedu (private).

Each public function checks its inputs once, at its boundary, so that a wrong input fails
early with a message that starts with the argument's name and says what was expected,
instead of a silent NaN or a numpy traceback from deep inside. Two layers:

* **Hyperparameters** (``delta``, ``lam``, ``reduction``, ...) are declared, as in
  scikit-learn's ``validate_params``: each public function lists its constraints once,
  ``{"delta": Interval(Real, 0, None, closed="neither")}``, and calls
  :func:`check_params`. The constraints are :class:`Interval` (numbers in a range),
  :class:`StrOptions` (one of a few strings), :class:`Boolean` and :class:`NoneOr`. A value
  that breaks its constraint raises :class:`InvalidParameterError`.
* **Arrays** go through one preamble per kind of input: :func:`_pair` and
  :func:`_finite_pair` (targets and predictions, or two label arrays),
  :func:`_binary_probabilities` and :func:`_binary_scores` (0/1 labels with probabilities or
  scores), :func:`_class_labels` with :func:`_scores_2d` or :func:`_probability_rows`
  (multi-class), :func:`_binary_or_rows` (either), :func:`_weights` (penalties).
  :func:`_as_float` turns any numeric array_like into float64; :func:`_check_finite` names
  the first NaN or inf. Whether a NaN or inf is looked for here or later, by the reduction
  path, is stated in ``lossedu._kernels.reduce_loss``.

The helpers use plain numpy and are kept cheap: a loss on 10 numbers costs a few
microseconds, and a float64 array that needs no conversion is not copied.
"""

import math
from numbers import Integral, Real

import numpy as np

# --------------------------------------------------------------------------- hyperparameters


class InvalidParameterError(ValueError, TypeError):
    """A hyperparameter that breaks its declared constraint.

    Like scikit-learn's error of the same name it is both a ``ValueError`` and a
    ``TypeError``: ``lam=-1`` (a bad value) and ``lam="0.5"`` (a bad type) raise the same
    class, and ``except ValueError`` or ``except TypeError`` catches either.
    """


_BEYOND_FLOAT = "a number beyond the float range (|value| > 1.8e308)"


def _kind_of(value):
    """How an error message calls a value that is not a number."""
    if isinstance(value, str | bytes | bytearray | np.str_):
        return "a string"  # float("0.5") would accept it: refused on purpose
    if isinstance(value, bool | np.bool_):
        return "a bool"  # True is not the number 1 here
    return type(value).__name__


class Interval:
    """Numbers of one kind in a range, e.g. ``Interval(Real, 0, None, closed="left")``.

    Parameters
    ----------
    kind : numbers.Real or numbers.Integral
        ``Real``: Python or numpy ints and floats, returned as float. ``Integral``: whole
        numbers, returned as int (whole floats such as ``100.0`` are accepted).
    left, right : float or None
        The bounds; None means unbounded on that side. NaN and inf are always refused.
    closed : {"left", "right", "both", "neither"}
        Which bounds belong to the interval (keyword only).

    Booleans and strings are refused even where they would convert (``True``, ``"0.5"``).
    """

    __slots__ = ("kind", "left", "right", "closed", "description")

    def __init__(self, kind, left, right, *, closed):
        if kind not in (Real, Integral) or closed not in ("left", "right", "both", "neither"):
            raise ValueError(f"bad Interval({kind!r}, closed={closed!r})")
        self.kind, self.left, self.right, self.closed = kind, left, right, closed
        self.description = self._describe()

    def _describe(self):
        low = "[" if self.closed in ("left", "both") else "("
        high = "]" if self.closed in ("right", "both") else ")"
        if self.kind is Integral:
            if self.left == 1 and low == "[" and self.right is None:
                return "a positive integer"
            return f"an integer >= {self.left}" if self.right is None else \
                f"an integer in {low}{self.left}, {self.right}{high}"
        if self.left is None and self.right is None:
            return "a finite number"
        if self.right is None:
            return f"a finite number {'>=' if low == '[' else '>'} {self.left}"
        if self.left is None:
            return f"a finite number {'<=' if high == ']' else '<'} {self.right}"
        return f"a number in {low}{self.left}, {self.right}{high}"

    def __repr__(self):
        name = "Real" if self.kind is Real else "Integral"
        return f"Interval({name}, {self.left}, {self.right}, closed={self.closed!r})"

    def _inside(self, v):
        closed = self.closed
        if self.left is not None and not (v >= self.left if closed in ("left", "both")
                                          else v > self.left):
            return False
        return self.right is None or (v <= self.right if closed in ("right", "both")
                                      else v < self.right)

    def check(self, value, name):
        """Return `value` as a float (int for ``Integral``) or raise InvalidParameterError."""
        if type(value) is float:  # the common case, without the isinstance checks below
            v = value
        elif isinstance(value, bool | np.bool_) or not isinstance(value, Real):
            raise InvalidParameterError(
                f"{name} must be {self.description}, not {_kind_of(value)}; got {value!r}")
        else:
            try:
                v = float(value)
            except OverflowError:  # an int such as 10**400
                raise InvalidParameterError(
                    f"{name} must be {self.description}; got {_BEYOND_FLOAT}") from None
        if not (math.isfinite(v) and self._inside(v)):
            raise InvalidParameterError(f"{name} must be {self.description}; got {value!r}")
        if self.kind is Integral:
            if not v.is_integer():
                raise InvalidParameterError(f"{name} must be {self.description}; got {value!r}")
            return int(v)
        return v


class StrOptions:
    """One string among a few, e.g. ``StrOptions(("mean", "sum", "none"))`` (order kept)."""

    __slots__ = ("options", "description")

    def __init__(self, options):
        self.options = tuple(options)
        self.description = "one of " + ", ".join(repr(o) for o in self.options)

    def __repr__(self):
        return f"StrOptions({self.options!r})"

    def check(self, value, name):
        """Return `value` or raise InvalidParameterError (a list or a number is refused too)."""
        if isinstance(value, str) and value in self.options:  # (np.str_ is a str too)
            return str(value)
        raise InvalidParameterError(f"{name} must be {self.description}; got {value!r}")


class Boolean:
    """True or False (numpy booleans too); 0, 1 and strings are refused."""

    __slots__ = ()
    description = "True or False"

    def __repr__(self):
        return "Boolean()"

    def check(self, value, name):
        if isinstance(value, bool | np.bool_):
            return bool(value)
        raise InvalidParameterError(f"{name} must be True or False; got {value!r}")


class NoneOr:
    """None, or a value that satisfies `constraint`: ``NoneOr(Interval(Real, 0, 0.5, ...))``."""

    __slots__ = ("constraint", "description")

    def __init__(self, constraint):
        self.constraint = constraint
        self.description = f"None or {constraint.description}"

    def __repr__(self):
        return f"NoneOr({self.constraint!r})"

    def check(self, value, name):
        if value is None:
            return None
        try:
            return self.constraint.check(value, name)
        except InvalidParameterError:
            raise InvalidParameterError(
                f"{name} must be {self.description}; got {value!r}") from None


def check_params(spec, **values):
    """Check hyperparameters against their declared constraints.

    Parameters
    ----------
    spec : dict
        ``{name: constraint}`` (an :class:`Interval`, :class:`StrOptions`, :class:`Boolean`
        or :class:`NoneOr`), declared once per public function, next to it.
    **values
        The values passed by the user, by name (the same names as `spec`).

    Returns
    -------
    tuple
        The checked values in the order of `spec`: floats for ``Interval(Real, ...)``, ints
        for ``Interval(Integral, ...)``, the string, bool or None otherwise.

    Raises
    ------
    InvalidParameterError
        (a ValueError and a TypeError) naming the first value that breaks its constraint.

    Examples
    --------
    >>> check_params({"delta": Interval(Real, 0, None, closed="neither")}, delta=2)
    (2.0,)
    >>> check_params({"lam": Interval(Real, 0, None, closed="left")}, lam=-1)
    Traceback (most recent call last):
    ...
    lossedu._validation.InvalidParameterError: lam must be a finite number >= 0; got -1
    """
    return tuple(constraint.check(values[name], name) for name, constraint in spec.items())


REDUCTION = StrOptions(("mean", "sum", "none"))
REDUCTIONS = REDUCTION.options
NONNEGATIVE = Interval(Real, 0, None, closed="left")  # lam, gamma, weight decay, ...
POSITIVE = Interval(Real, 0, None, closed="neither")  # huber's delta, a step size, ...
UNIT = Interval(Real, 0, 1, closed="both")  # a share or a weight: l1_ratio, alpha, ...
POSITIVE_INT = Interval(Integral, 1, None, closed="left")  # a count: n_samples, epochs, ...
# the length of an array the function allocates (n_bins, a layer's width): a whole float such as
# 1e308 would otherwise reach numpy ("Maximum allowed dimension exceeded")
ARRAY_SIZE = Interval(Integral, 1, 10**6, closed="both")


# --------------------------------------------------------------------------- arrays

_NUMERIC_KINDS = "biuf"  # bool, signed int, unsigned int, float


def _as_float(x, name):
    """Return `x` as a non-empty float64 array (lists, scalars, float32, ints, bools accepted).

    Raises TypeError for non-numeric data and masked arrays (numpy.ma: the mask would be
    silently lost) and ValueError for ragged or empty input. A float64 ndarray is returned
    as it is (no copy: read-only and non-contiguous views stay views).
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
        if arr.dtype == object:  # Python numbers numpy keeps as objects: Fraction, 10**400, ...
            arr = _object_as_float(arr, name)
        if arr.dtype.kind not in _NUMERIC_KINDS:  # strings, None, objects, complex
            first = f" (first value {arr.ravel()[:1].tolist()[0]!r})" if arr.size else ""
            raise TypeError(
                f"{name} must contain numbers (int or float); got dtype {arr.dtype}{first}"
            )
        with np.errstate(over="ignore", under="ignore"):  # float128 beyond float64: inf
            converted = arr.astype(np.float64)
        if arr.dtype.itemsize > 8 and arr.dtype.kind == "f" and not (
                np.isfinite(converted).all() or not np.isfinite(arr).all()):
            raise ValueError(f"{name} contains {_BEYOND_FLOAT} (from dtype {arr.dtype})")
        arr = converted
    if arr.size == 0:
        raise ValueError(f"{name} is empty; expected at least one value")
    return arr


def _object_as_float(arr, name):
    """An object array of real numbers (Fraction, int beyond int64, numpy scalars, ...) as
    float64; an object array holding anything else is returned as it is (refused by the
    caller). Strings are not numbers here, even "0.5"."""
    values = arr.ravel().tolist()
    if not all(isinstance(v, Real) for v in values):
        return arr
    try:
        return np.array([float(v) for v in values], dtype=np.float64).reshape(arr.shape)
    except OverflowError:  # an int such as 10**400
        raise ValueError(f"{name} contains {_BEYOND_FLOAT}") from None


def _check_finite(arr, name):
    """Raise ValueError if `arr` holds a NaN or an infinity (naming the first one)."""
    if not np.isfinite(arr).all():
        where = int(np.flatnonzero(~np.isfinite(arr.ravel()))[0])
        bad = float(arr.ravel()[where])
        raise ValueError(
            f"{name} contains {bad} at flat index {where}; expected finite numbers (no NaN or inf)"
        )


def _same_shape(a, b, name_a, name_b):
    """Raise ValueError unless `a` and `b` have exactly the same shape (no broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; "
            "they must have the same shape"
        )


def _pair(a, b, name_a, name_b):
    """Two arrays of the same shape, converted by `_as_float` (finiteness not checked here:
    the reduction path checks it, see ``_kernels.reduce_loss``)."""
    a = _as_float(a, name_a)
    b = _as_float(b, name_b)
    _same_shape(a, b, name_a, name_b)
    return a, b


def _finite_pair(y_true, y_pred, name_true="y_true", name_pred="y_pred"):
    """Targets and predictions (or two label arrays): same shape, float64, finite."""
    y_true, y_pred = _pair(y_true, y_pred, name_true, name_pred)
    _check_finite(y_true, name_true)
    _check_finite(y_pred, name_pred)
    return y_true, y_pred


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


def _binary_probabilities(y_true, p):
    """0/1 labels and probabilities of class 1 in [0, 1], same shape (NaN named)."""
    y_true, p = _pair(y_true, p, "y_true", "p")
    _binary_labels(y_true)
    _check_probabilities(p, "p")
    return y_true, p


def _binary_scores(y_true, z, name="z", *, signed=False, finite=True):
    """0/1 labels (or -1/+1 ones, returned as -1/+1, when `signed`) and real scores.

    ``finite=False`` leaves the NaN/inf check of the scores to the reduction path.
    """
    y_true, z = _pair(y_true, z, "y_true", name)
    y_true = _signed_labels(y_true) if signed else y_true
    if not signed:
        _binary_labels(y_true)
    if finite:
        _check_finite(z, name)
    return y_true, z


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


def _probability_rows(p, name="p", hint=""):
    """Finite probabilities of shape (n, K) whose rows sum to 1 (within 1e-6)."""
    p = _scores_2d(p, name)
    _check_probabilities(p, name)
    row_sums = p.sum(axis=1)
    off = np.abs(row_sums - 1.0) > 1e-6
    if off.any():
        row = int(np.flatnonzero(off)[0])
        raise ValueError(
            f"{name} row {row} sums to {float(row_sums[row])!r}; each row must hold "
            f"probabilities that sum to 1{hint}"
        )
    return p


def _class_labels(y_true, x, name):
    """Class indices (n,) for the rows of the (n, K) array `x` (labels or one-hot rows)."""
    k = _class_indices(y_true, x.shape[1])
    _check_same_rows(k, x, "y_true", name)
    return k


def _binary_or_rows(y_true, x, name, *, probabilities):
    """Labels and scores for functions that take either binary or multi-class input.

    Returns ``(y, x, multiclass)``: for a 1-D `x` (one probability of class 1 or one logit per
    example) `y` holds the 0/1 labels as floats; for `x` of shape (n, K) `y` holds class
    indices. With ``probabilities=True`` the values must be probabilities (rows summing to 1).
    """
    x = _as_float(x, name)
    if x.ndim == 1:
        y = _as_float(y_true, "y_true")
        if y.shape != x.shape:
            one = "probability of class 1" if probabilities else "logit"
            raise ValueError(
                f"y_true has shape {y.shape} but {name} has shape {x.shape}; they must have the "
                f"same shape (binary labels with one {one} each)"
            )
        _check_finite(x, name)
        if probabilities:
            _check_probabilities(x, name)
        _check_finite(y, "y_true")
        _binary_labels(y, "y_true")
        return y, x, False
    if x.ndim != 2:
        what = "probability of class 1" if probabilities else "binary logits"
        raise ValueError(
            f"{name} must have shape (n,) ({what}) or (n, K) (one row per example); "
            f"got shape {x.shape}"
        )
    x = _probability_rows(x, name) if probabilities else _scores_2d(x, name)
    return _class_labels(y_true, x, name), x, True


def _check_positive(arr, name):
    """Raise ValueError unless every value of `arr` is > 0 (NaN is reported as such)."""
    if not (arr > 0.0).all():
        _check_finite(arr, name)
        bad = arr[~(arr > 0.0)].flat[0]
        where = int(np.flatnonzero(~(arr.ravel() > 0.0))[0])
        raise ValueError(f"{name} must be > 0; found {float(bad)!r} at flat index {where}")


def _weights(w):
    """Finite weights of any shape, as float64."""
    w = _as_float(w, "w")
    _check_finite(w, "w")
    return w


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
