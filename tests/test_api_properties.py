"""Issue 14: property tests (hypothesis) over the input forms of every public array function.

Each example takes one valid call of the table ``ARRAY_CALLS`` (tests/test_api_inputs.py, which
covers every public function that takes arrays) and changes the form of its arrays: lists,
tuples, 0-d, (n,) vs (n, 1), float16/32/64, ints, bools, non-contiguous and read-only views,
masked arrays; or their magnitude, up to the overflow and down to the underflow limits. Run
with every warning an error and ``np.errstate(all="raise")`` (underflow aside), the call must
give a result without NaN (the right one where the form keeps the values) or a ValueError /
TypeError whose message starts with an argument's name. Deterministic and cheap
(``derandomize=True``, a fixed number of examples).
"""

import inspect
import warnings
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from test_api_inputs import ARRAY_CALLS, _by_name

import lossedu.losses as L
import lossedu.metrics as M

CHEAP = settings(max_examples=40, derandomize=True, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])
# the form sweeps draw among a finite table that test_every_call_in_every_form_and_magnitude
# also runs through exhaustively: a few draws suffice
FEW = settings(CHEAP, max_examples=20)

# forms that keep every value: the result must be exactly that of the float64 call
SAME_VALUES = ["list", "tuple", "float64", "noncontiguous", "readonly", "fortran"]
# forms that change values, shapes or types: a result or a clear error
OTHER_FORMS = ["float16", "float32", "int", "bool", "column", "zero_d", "masked"]

# arguments holding real numbers (scaled in the magnitude test); labels, probabilities and
# masks keep their values
REAL = {"y_pred", "z", "scores", "logits", "x", "w", "mean", "var"}
REGRESSION = {L.mse, L.mse_grad, L.mae, L.mae_grad, L.huber, L.huber_grad, L.pinball,
              L.pinball_grad, M.rmse, M.r2, L.gaussian_nll, L.gaussian_nll_grad}
MAGNITUDES = [1e308, 1.7e308, 1e300, 1e200, 1e170, 1e154, 1e-150, 1e-170, 1e-300, 1e-310,
              5e-324, -1e308, 2.0**1023, 2.0**-1074]


def _form(value, form):
    a = np.array(value, dtype=np.float64)
    if form == "list":
        return a.tolist()
    if form == "tuple":
        return tuple(a.tolist())
    if form == "float64":
        return a
    if form == "noncontiguous":  # every other element of a twice-as-long array
        return np.repeat(a, 2, axis=-1)[..., ::2] if a.ndim else a
    if form == "readonly":
        a.flags.writeable = False
        return a
    if form == "fortran":
        return np.asfortranarray(a)
    if form in ("float16", "float32"):
        return a.astype(form)
    if form == "int":
        return np.round(a).astype(np.int64)
    if form == "bool":
        return a != 0
    if form == "column":
        return a.reshape(a.shape + (1,)) if a.ndim == 1 else a
    if form == "zero_d":
        return np.float64(a.ravel()[0])
    if form == "masked":
        return np.ma.array(a)
    raise AssertionError(form)


def _strictly(call):
    """Run `call` with every warning and floating-point error (but underflow) raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            try:
                return call(), None
            except (ValueError, TypeError) as exc:
                return None, exc


def _no_nan(result):
    parts = result if isinstance(result, tuple) else (result,)
    for part in parts:
        if isinstance(part, dict):
            continue
        arr = np.asarray(part, dtype=float)
        assert not np.isnan(arr).any(), result


def _arguments_named_in(exc, call):
    names = [n for n in call if str(exc).startswith(n + " ") or str(exc).startswith(n + "[")]
    assert names, f"error does not start with an argument's name: {exc}"


def _array_names(func, args, kwargs):
    return [n for n, v in _by_name(func, args, kwargs).items() if isinstance(v, list)]


CALLS = st.sampled_from(ARRAY_CALLS)
# the magnitude sweep covers the modules of issue 14 (lossedu.calibration's fit_temperature is
# not made overflow-proof: a logit near 1e308 overflows its slope)
API_CALLS = st.sampled_from([c for c in ARRAY_CALLS if c[0].__module__ != "lossedu.calibration"])


@FEW
@given(CALLS, st.sampled_from(SAME_VALUES))
def test_forms_that_keep_the_values_give_the_same_result(case, form):
    func, args, kwargs = case
    call = _by_name(func, args, kwargs)
    want, _ = _strictly(lambda: func(**call))
    changed = {n: _form(v, form) if n in _array_names(func, args, kwargs) else v
               for n, v in call.items()}
    got, exc = _strictly(lambda: func(**changed))
    assert exc is None, exc
    np.testing.assert_equal(_plain(got), _plain(want))


def _plain(result):
    if isinstance(result, tuple):
        return [_plain(r) for r in result]
    if isinstance(result, dict):
        return result
    return np.asarray(result, dtype=float).tolist()


@FEW
@given(CALLS, st.sampled_from(OTHER_FORMS), st.data())
def test_other_forms_give_a_result_or_a_clear_error(case, form, data):
    func, args, kwargs = case
    call = _by_name(func, args, kwargs)
    names = _array_names(func, args, kwargs)
    chosen = data.draw(st.sampled_from(["all", *names]))  # change one argument or all
    changed = {n: _form(v, form) if n in names and chosen in ("all", n) else v
               for n, v in call.items()}
    got, exc = _strictly(lambda: func(**changed))
    if form == "masked":
        assert isinstance(exc, TypeError) and "is a masked array" in str(exc)
    if exc is None:
        _no_nan(got)
    else:
        _arguments_named_in(exc, call)


@FEW
@given(API_CALLS, st.sampled_from(MAGNITUDES), st.data())
def test_extreme_magnitudes_give_no_warning_and_no_nan(case, scale, data):
    func, args, kwargs = case
    call = _by_name(func, args, kwargs)
    names = [n for n in _array_names(func, args, kwargs)
             if n in REAL or (func in REGRESSION and n == "y_true")]
    if not names:
        return
    chosen = data.draw(st.sampled_from(["all", *names]))
    with np.errstate(over="ignore"):  # scaling the test data may overflow: that is the point
        changed = {n: np.array(v, dtype=float) * scale if n in names and chosen in ("all", n)
                   else v for n, v in call.items()}
    if "var" in changed:  # variances stay > 0 and finite
        changed["var"] = np.abs(np.nan_to_num(changed["var"], posinf=1.7e308)) + 5e-324
    changed = {n: np.nan_to_num(v, posinf=1.7e308, neginf=-1.7e308)
               if isinstance(v, np.ndarray) else v for n, v in changed.items()}
    got, exc = _strictly(lambda: func(**changed))
    if exc is None:
        _no_nan(got)
    else:
        _arguments_named_in(exc, call)


def test_every_call_in_every_form_and_magnitude():
    """The sweeps above, exhaustively: every call of the table in every form (of all its
    arrays at once, and of each one alone) and magnitude, so that no combination depends on
    the draw."""
    for func, args, kwargs in ARRAY_CALLS:
        call = _by_name(func, args, kwargs)
        names = _array_names(func, args, kwargs)
        want, _ = _strictly(lambda f=func, c=call: f(**c))
        for form, chosen in [(f, c) for f in SAME_VALUES + OTHER_FORMS for c in ["all", *names]]:
            changed = {n: _form(v, form) if n in names and chosen in ("all", n) else v
                       for n, v in call.items()}
            got, exc = _strictly(lambda f=func, c=changed: f(**c))
            if form in SAME_VALUES:
                assert exc is None, (func.__name__, form, exc)
                np.testing.assert_equal(_plain(got), _plain(want))
            elif exc is None:
                _no_nan(got)
            else:
                _arguments_named_in(exc, call)
        real = [n for n in names if n in REAL or (func in REGRESSION and n == "y_true")]
        if not real or func.__module__ == "lossedu.calibration":
            continue
        for scale in MAGNITUDES:
            with np.errstate(over="ignore"):
                changed = {n: np.array(v, dtype=float) * scale if n in real else v
                           for n, v in call.items()}
            if "var" in changed:
                changed["var"] = np.abs(np.nan_to_num(changed["var"], posinf=1.7e308)) + 5e-324
            changed = {n: np.nan_to_num(v, posinf=1.7e308, neginf=-1.7e308)
                       if isinstance(v, np.ndarray) else v for n, v in changed.items()}
            got, exc = _strictly(lambda f=func, c=changed: f(**c))
            if exc is None:
                _no_nan(got)
            else:
                _arguments_named_in(exc, call)


# exact references: every float is a fraction, so the true mean is computed exactly and
# rounded once
FLOATS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),  # anywhere in the float range
    st.floats(min_value=-1e-300, max_value=1e-300, allow_nan=False),  # near underflow
    st.sampled_from([1e308, -1e308, 1.7e308, 1e170, -1e170, 1e-170, 5e-324, 0.0, -0.0]),
)
PAIRS = st.integers(1, 6).flatmap(
    lambda n: st.tuples(arrays(np.float64, n, elements=FLOATS),
                        arrays(np.float64, n, elements=FLOATS)))
MAX = float(np.finfo(np.float64).max)


def _rounded(fraction):
    """The float nearest to `fraction`, inf beyond the range (float() would raise)."""
    return float(fraction) if abs(fraction) <= MAX else np.copysign(np.inf, float(fraction > 0)
                                                                     - 0.5)


@CHEAP
@given(PAIRS)
def test_mae_mse_rmse_r2_match_the_exact_value(pair):
    y, p = pair
    n = y.size
    residuals = [Fraction(a) - Fraction(b) for a, b in zip(p, y, strict=True)]
    for func, exact in [
        (L.mae, sum(abs(r) for r in residuals) / n),
        (L.mse, sum(r * r for r in residuals) / n),
    ]:
        got, exc = _strictly(lambda f=func: f(y, p))
        assert exc is None, exc
        want = _rounded(exact)
        assert got == want or abs(got - want) <= 1e-13 * abs(want) or want == 0 == got \
            or (abs(want) < 1e-300 and abs(got - want) < 1e-320), (func.__name__, got, want)
    got, exc = _strictly(lambda: M.rmse(y, p))
    assert exc is None, exc
    assert got == _sqrt(sum(r * r for r in residuals) / n) or \
        abs(got - _sqrt(sum(r * r for r in residuals) / n)) <= 1e-13 * got, got
    if n >= 2 and len(set(y.tolist())) > 1:  # R², exactly: 1 - SS_res / SS_tot
        mean = sum(Fraction(v) for v in y) / n
        ratio = sum(r * r for r in residuals) / sum((Fraction(v) - mean) ** 2 for v in y)
        want = 1.0 - _rounded(ratio)
        got, exc = _strictly(lambda: M.r2(y, p))
        assert exc is None, exc
        assert got == want or abs(got - want) <= 1e-12 * max(1.0, abs(want)), (got, want)


def _sqrt(fraction):
    """The square root of a non-negative Fraction, as a float (inf beyond the range)."""
    if fraction == 0:
        return 0.0
    k = (fraction.numerator.bit_length() - fraction.denominator.bit_length()) // 2
    with np.errstate(over="ignore"):
        return float(np.ldexp(float(fraction / Fraction(4) ** k) ** 0.5, k))


def test_every_public_array_function_is_swept():
    """The sweeps use ARRAY_CALLS, checked there to hold every public array function."""
    assert all(inspect.isfunction(f) for f, _, _ in ARRAY_CALLS)
