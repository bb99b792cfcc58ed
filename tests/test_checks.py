"""lossedu.checks._core: encoding, comparison, probing and the lines a check prints."""

import json
import math

import numpy as np
import pytest

from lossedu.checks import (
    QUESTIONS,
    Case,
    Hint,
    Question,
    check,
    close,
    decode,
    encode,
    fmt,
    get_question,
    judge,
    probe,
    register,
    run_check,
)
from lossedu.checks._core import FAIL, NOT_ATTEMPTED, PASS, REGISTERED_BY, Opaque, Raised


def _mean_sq(y, p):
    return float(np.mean((np.asarray(y, dtype=float) - np.asarray(p, dtype=float)) ** 2))


Q = Question(
    id="test_core_mse", title="mse", names=("mse",),
    cases=(Case("lists", ([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])),
           Case("float32", (np.array([0.5, 1.5], dtype=np.float32), np.array([1.0, 1.0],
                                                                             dtype=np.float32)))),
    reference=_mean_sq,
    hints=(Hint(lambda c, r, e: np.isclose(r, e * len(c.args[0])), "did you divide by n?"),
           Hint(lambda c, r, e: isinstance(r, Raised) and r.type_name == "TypeError",
                "convert lists with np.asarray."),),
)


# ----------------------------------------------------------------------------- encode/decode
@pytest.mark.parametrize("value", [
    None, True, "text", 3, -7, 2.5, 0.0,
    [1, 2.5, "a"], (1, 2.0), ((1, 2), [3, (4,)]),
    {"a": 1, "b": (2.0, None)},
])
def test_round_trip_of_plain_values(value):
    data = encode(value)
    json.dumps(data, allow_nan=False)  # plain, strict JSON
    assert decode(data) == value


@pytest.mark.parametrize("value", [math.inf, -math.inf, np.float64(np.inf), np.float32(-np.inf)])
def test_round_trip_of_infinities(value):
    data = encode(value)
    json.dumps(data, allow_nan=False)
    assert float(decode(data)) == float(value)


@pytest.mark.parametrize("value", [math.nan, np.float64(np.nan), np.array([1.0, np.nan])])
def test_round_trip_of_nan(value):
    data = encode(value)
    json.dumps(data, allow_nan=False)
    assert close(decode(data), value)


@pytest.mark.parametrize("array", [
    np.array([1.5, -2.0, np.inf, -np.inf], dtype=np.float32),
    np.arange(6, dtype=np.int64).reshape(2, 3),
    np.array([[0.1], [0.2]]),
    np.array([True, False]),
    np.array(3.25),
    np.zeros((0, 3)),
    np.array([200, 10], dtype=np.uint8),
])
def test_round_trip_of_arrays_keeps_dtype_and_shape(array):
    data = encode(array)
    json.dumps(data, allow_nan=False)
    back = decode(data)
    assert isinstance(back, np.ndarray)
    assert back.dtype == array.dtype and back.shape == array.shape
    assert np.array_equal(back, array)


def test_numpy_scalars_keep_their_dtype():
    back = decode(encode(np.float32(0.1)))
    assert back.dtype == np.float32 and back == np.float32(0.1)


def test_huge_int_becomes_float():
    assert decode(encode(10**30)) == 1e30


def test_objects_are_not_sent():
    for obj in (object(), lambda: 1, {1: "non-string key"}, np.array(["a", "b"])):
        data = encode(obj)
        json.dumps(data)
        assert isinstance(decode(data), Opaque)
    assert repr(decode(encode(object()))) == "<object>"


# ----------------------------------------------------------------------------- close and fmt
def test_close():
    assert close(1.0, 1.0 + 1e-9)
    assert not close(1.0, 1.001)
    assert close([1, 2], np.array([1.0, 2.0]))
    assert not close(np.array([[1.0, 2.0]]), np.array([1.0, 2.0]))  # shape matters
    assert not close(np.ones((3, 3)), 1.0)
    assert close(np.float32(0.1), 0.1, rtol=1e-6)
    assert close(math.inf, np.inf) and not close(math.inf, -math.inf) and not close(1e308, math.inf)
    assert close(math.nan, math.nan) and not close(math.nan, 0.0)
    assert close((1.0, [2.0, 3.0]), (1.0, np.array([2.0, 3.0])))
    assert close([1.0, 2.0], (1.0, 2.0))
    assert not close((1.0,), (1.0, 2.0))
    assert not close("1.0", 1.0) or close("1.0", 1.0)  # strings: whatever numpy does, no crash
    assert not close(Opaque("list"), 1.0)
    assert not close(None, 1.0)


def test_fmt_is_short_and_stable():
    assert fmt(2.5e9) == "2.5e+09"
    assert fmt(np.float32(0.1)) == "0.1"
    assert fmt(1 / 3) == "0.333333"
    assert fmt((1.0, 2)) == "(1, 2)"
    assert fmt(np.array([1.0, 2.5])) == "[1. , 2.5]"
    assert fmt(np.zeros((2, 2))).endswith("(shape (2, 2))")
    assert fmt(np.arange(100.0)).count(",") < 10
    assert fmt(Opaque("dict")) == "<dict>"
    assert fmt(math.inf) == "inf" and fmt(math.nan) == "nan"


# ----------------------------------------------------------------------------- judge lines
def test_pass_line():
    def mse(y, p):
        return float(np.mean((np.asarray(y, float) - np.asarray(p, float)) ** 2))
    verdict = judge(Q, probe(Q, {"mse": mse}))
    assert verdict.status == PASS and verdict.passed
    assert verdict.line == "✓ mse: 2/2 cases"
    assert (verdict.passed_cases, verdict.total_cases) == (2, 2)


def test_fail_line_with_targeted_hint():
    def mse(y, p):
        return float(np.sum((np.asarray(y, float) - np.asarray(p, float)) ** 2))
    verdict = judge(Q, probe(Q, {"mse": mse}))
    assert verdict.status == FAIL
    assert verdict.line == (
        "✗ mse: 0/2 cases passed. First failure: case 1 (lists): expected 1.33333, returned 4\n"
        "  hint: did you divide by n?")


def test_fail_line_with_default_hint():
    verdict = judge(Q, probe(Q, {"mse": lambda y, p: 0.0}))
    assert verdict.line.endswith("hint: " + Q.default_hint)


def test_error_line_uses_hints_on_errors():
    def mse(y, p):
        return np.mean((y - p) ** 2)  # lists: TypeError
    verdict = judge(Q, probe(Q, {"mse": mse}))
    assert verdict.status == FAIL and verdict.passed_cases == 1
    assert verdict.line == (
        "✗ mse: 1/2 cases passed. First failure: case 1 (lists) raised TypeError: unsupported "
        "operand type(s) for -: 'list' and 'list'\n  hint: convert lists with np.asarray.")


def test_not_attempted_lines():
    def mse(y, p):
        raise NotImplementedError
    verdict = judge(Q, probe(Q, {"mse": mse}))
    assert verdict.status == NOT_ATTEMPTED
    assert verdict.line == ("○ mse: not attempted yet (replace `raise NotImplementedError` "
                            "with your code)")
    verdict = judge(Q, probe(Q, {}))
    assert verdict.status == NOT_ATTEMPTED
    assert verdict.line == ("○ mse: not attempted yet (`mse` is not defined: run your answer "
                            "cell first)")
    assert judge(Q, []).status == NOT_ATTEMPTED


def test_not_a_function_and_wrong_number_of_outcomes():
    verdict = judge(Q, probe(Q, {"mse": 3.0}))
    assert verdict.status == FAIL and "mse is not a function" in verdict.line
    verdict = judge(Q, [{"returned": 1.0}])
    assert verdict.line == "✗ mse: expected 2 results, got 1"


def test_a_broken_hint_never_breaks_judging():
    q = Question(id="test_core_hint", title="t", names=("f",), cases=(Case("c", (1,)),),
                 reference=lambda x: x,
                 hints=(Hint(lambda c, r, e: 1 / 0, "never"), Hint(lambda c, r, e: True, "yes")))
    assert judge(q, probe(q, {"f": lambda x: 2})).line.endswith("hint: yes")


def test_value_question_and_check_outcome():
    q = Question(id="test_core_value", title="pair", names=("a", "b"), kind="value",
                 reference=lambda: (1.0, 2.0))
    assert judge(q, probe(q, {"a": 1, "b": 2.0})).line == "✓ pair: 1/1 case"
    line = judge(q, probe(q, {"a": 2.0, "b": 1.0})).line
    assert line.startswith("✗ pair: 0/1 cases passed. First failure: your answer: expected (1, 2),"
                           " returned (2, 1)")
    assert judge(q, probe(q, {"a": 1})).line.startswith("○ pair: not attempted yet (`b`")

    even = Question(id="test_core_even", title="even", names=("f",), cases=(Case("c", (3,)),),
                    check_outcome=lambda case, r: (r % 2 == 0, "an even number"))
    assert judge(even, probe(even, {"f": lambda x: 2 * x})).passed
    line = judge(even, probe(even, {"f": lambda x: x})).line
    assert "expected an even number, returned 3" in line
    line = judge(even, probe(even, {"f": lambda x: "odd"})).line
    assert "expected an answer of the asked form, returned 'odd'" in line


def test_probe_is_json_and_deep_copies_arguments():
    def mutating(y, p):
        y[0] = 1000.0
        return np.asarray(y, dtype=float)
    outcomes = probe(Q, {"mse": mutating})
    json.dumps(outcomes, allow_nan=False)
    assert Q.cases[0].args[0] == [1.0, 2.0, 3.0]


def test_a_naive_answer_prints_and_warns_nothing(capsys, recwarn):
    def mse(y, p):
        print("debugging output")
        y = np.asarray(y, dtype=float)
        return float(np.log(y - y).sum() + np.exp(1000.0))  # -inf + inf: three warnings
    verdict = run_check("test_core_mse_registered", {"mse": mse})
    assert verdict.status == FAIL
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert len(recwarn) == 0


def test_lines_are_deterministic():
    def mse(y, p):
        return np.float32(np.mean(np.asarray(y, dtype=float))) * 3.14159
    lines = {run_check("test_core_mse_registered", {"mse": mse}).line for _ in range(3)}
    assert len(lines) == 1 and "0x" not in lines.pop()


def test_check_prints_one_line_from_the_callers_globals(capsys):
    namespace = {"check": check, "np": np}
    exec(  # noqa: S102  (a check cell, as the notebook runs it)
        "def mse(y, p):\n    return 0.0\ncheck('test_core_mse_registered')", namespace)
    out = capsys.readouterr().out
    assert out.startswith("✗ mse: 0/2 cases passed.") and out.count("\n") == 2


# ----------------------------------------------------------------------------- registry
register(Question(id="test_core_mse_registered", title="mse", names=("mse",), cases=Q.cases,
                  reference=_mean_sq))


def test_registry():
    assert get_question("test_core_mse_registered") is QUESTIONS["test_core_mse_registered"]
    assert REGISTERED_BY["test_core_mse_registered"] == __name__
    with pytest.raises(ValueError, match="registered twice"):
        register(Question(id="test_core_mse_registered", title="x", names=("f",),
                          kind="value", reference=lambda: 1))
    with pytest.raises(KeyError, match="known checks: .*mse_numpy"):
        get_question("no_such_check")


def test_question_validation():
    with pytest.raises(ValueError, match="exactly one"):
        Question(id="x", title="x", names=("f",), kind="value")
    with pytest.raises(ValueError, match="exactly one"):
        Question(id="x", title="x", names=("f",), kind="value", reference=lambda: 1,
                 check_outcome=lambda c, r: (True, ""))
    with pytest.raises(ValueError, match="needs cases"):
        Question(id="x", title="x", names=("f",), reference=lambda: 1)
    with pytest.raises(ValueError, match="kind"):
        Question(id="x", title="x", names=("f",), kind="other", reference=lambda: 1)


def test_course_question_ids_are_well_formed():
    import re

    for qid, question in QUESTIONS.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", qid), qid
        assert question.id == qid and question.names


# ----------------------------------------------------------------------------- beginner errors
def test_a_syntax_error_in_the_answer_cell_is_named_with_its_line():
    ns = {"In": ["", "import numpy as np", "def mse(y_true, y_pred)\n    return 1\n"]}
    line = run_check("mse_numpy", ns).line
    assert line.startswith("✗") and "SyntaxError, line 1" in line and "ipykernel" not in line


def test_an_answer_cell_that_stopped_before_defining_the_name_is_not_not_attempted():
    ns = {"In": ["", "x = undefined_thing\ndef mse(a, b):\n    return 0\n"]}
    line = run_check("mse_numpy", ns).line
    assert line.startswith("✗") and "stopped with an error before defining it" in line


def test_the_untouched_stub_is_still_not_attempted():
    stub = "def mse(y_true, y_pred):\n    # YOUR CODE HERE\n    raise NotImplementedError"
    ns = {"In": ["", stub]}
    assert run_check("mse_numpy", ns).line.startswith("○")


def test_printing_instead_of_returning_is_told_so():
    def mse(y_true, y_pred):
        print(0.5)

    line = run_check("mse_numpy", {"mse": mse}).line
    assert "returned None" in line and "printed its result instead of returning it" in line


def test_a_missing_return_is_told_so():
    def mse(y_true, y_pred):
        _ = y_true

    assert "did you forget `return`?" in run_check("mse_numpy", {"mse": mse}).line


def test_a_name_error_at_call_time_gets_a_hint():
    def mse(y_true, y_pred):
        return nump.mean(y_true)  # noqa: F821

    line = run_check("mse_numpy", {"mse": mse}).line
    assert "NameError" in line and "a name your code uses is not defined" in line
