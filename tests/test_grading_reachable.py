"""No reachable answer (issue 12, items 1 and 2): nothing in a grading kernel computes a
graded answer, and libraries that do are flagged by name.

One `lossedu grade` run of exercise 04 (jobs=2, policy --forbidden-scores-zero) grades every
attack submission; each test reads its row. The attacks are written so that success would
show as points: each answer is right only if the route to a reference worked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

import lossedu
from lossedu.exercises import EXERCISES, solution_path, validate_exercise
from lossedu.grading import kernel_package, samples
from lossedu.grading.flags import provided_names, scan, static_flags

EXERCISE = "04_cross_entropy_exercise"
REAL = Path(lossedu.__file__).resolve().parent

#: issue 12 item 1: replace the probe and the fingerprint through sys.modules; the fake probe
#: answers every question with the reference, if it can find one anywhere
PATCH_PROBE = f'''
import sys, json, importlib
from IPython.display import publish_display_data
_c = sys.modules.get("lossedu.checks._core")
_k = sys.modules.get("lossedu.grading._inkernel")

def _questions():
    for route in (lambda: _c, lambda: importlib.import_module("lossedu.checks._core"),
                  lambda: importlib.import_module("lossedu.checks")):
        try:
            found = route()
            if found is not None and hasattr(found, "get_question"):
                return found
        except Exception:
            pass
    try:  # the real package's files
        source = open({str(REAL / "checks" / "ex04.py")!r}).read()
        space = {{}}
        exec(compile(source, "ex04", "exec"), space)
    except Exception:
        return None

def _fake_probe(question_id, spec, nonce, mime, namespace):
    core = _questions()
    question = core.get_question(question_id)
    outcomes = [{{"returned": core.encode(getattr(question, "reference")(*c.args, **c.kwargs))}}
                for c in question.cases]
    publish_display_data({{mime: {{"nonce": nonce, "outcomes": outcomes}}}}, metadata={{}})

setattr(_k, "probe", _fake_probe)
_k.fingerprint = lambda *args, **kwargs: None
'''

#: right only if the route to the kernel's lossedu (package attribute) computes softmax
PACKAGE_ATTRIBUTE = '''
import lossedu
import lossedu.losses
def softmax(z):
    return lossedu.losses.softmax(z, axis=1)
'''
PACKAGE_ATTRIBUTE_BCE = '''
import lossedu
bce_with_logits = lambda y, z: lossedu.losses.binary_cross_entropy_with_logits(y, z)
'''
#: the reference implementations of lossedu.checks, by sys.modules, getattr and importlib
CHECKS_BY_SYS_MODULES = '''
import sys
softmax = getattr(sys.modules.get("lossedu.checks.ex04"), "_reference_softmax", None)
'''
CHECKS_BY_IMPORTLIB = '''
import importlib
softmax_cross_entropy = importlib.import_module("lossedu.checks.ex04")._reference_softmax_ce
'''
#: the real package's files: right only if one of them could be read
READ_FILES = f'''
def _read(path):
    try:
        with open(path) as handle:
            return len(handle.read()) > 0
    except Exception:
        return False
_ok = any(_read(p) for p in {[str(REAL / "losses.py"), str(REAL / "checks" / "ex04.py"),
                             str(REAL / "quizzes" / "q04.py")]!r})
def softmax(z):
    z = np.asarray(z, dtype=float)
    if _ok:
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return z
'''
#: third-party implementations: they compute the answer, flagged by name
SCIPY_CHAIN = '''
import scipy.special
def softmax(z):
    return scipy.special.softmax(np.asarray(z, dtype=float), axis=1)
'''
SCIPY_HIDDEN = '''
import sys
import scipy.special
_name = "".join(["soft", "max"])
def softmax(z):
    return getattr(sys.modules["scipy.special"], _name)(np.asarray(z, dtype=float), axis=1)
'''
SKLEARN_EXTMATH = '''
from sklearn.utils import extmath
def softmax(z):
    return extmath.softmax(np.array(z, dtype=float))
'''

ATTACKS = {
    "probe_patch": ({"bce_code": PATCH_PROBE}, "blank"),
    "package_attribute": ({"softmax_code": PACKAGE_ATTRIBUTE, "bce_code": PACKAGE_ATTRIBUTE_BCE},
                          "honest"),
    "checks_sys_modules": ({"softmax_code": CHECKS_BY_SYS_MODULES,
                            "softmax_ce_code": CHECKS_BY_IMPORTLIB}, "honest"),
    "read_files": ({"softmax_code": READ_FILES}, "honest"),
    "scipy_chain": ({"softmax_code": SCIPY_CHAIN}, "honest"),
    "scipy_hidden": ({"softmax_code": SCIPY_HIDDEN}, "honest"),
    "sklearn_extmath": ({"softmax_code": SKLEARN_EXTMATH}, "honest"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from lossedu.grading import grade

    if not solution_path(EXERCISE).exists():
        pytest.skip(f"{EXERCISE} is not written yet")
    root = tmp_path_factory.mktemp("reachable")
    subs = root / "submissions"
    subs.mkdir()
    (subs / "ref.ipynb").write_bytes(samples.to_bytes(samples.honest(EXERCISE)))
    for student, (answers, base) in ATTACKS.items():
        nb = samples.with_answers(EXERCISE, answers, base=base)
        (subs / f"{student}.ipynb").write_bytes(samples.to_bytes(nb))
    report = grade(subs, EXERCISE, out=root / "out", jobs=2, timeout=10,
                   forbidden_scores_zero=True, write=False)
    return {row.student: row for row in report.rows}


def _points(row) -> dict:
    return {q.key: q.points for q in row.questions}


def test_honest_reference_keeps_full_marks_unflagged(graded):
    row = graded["ref"]
    assert row.status == "graded" and row.score == row.max_score > 0, row.reason
    assert row.flags == []


def test_patched_probe_and_fingerprint_score_nothing(graded):
    # issue 12 item 1: no reference anywhere in the kernel, so the fake probe has none to call
    row = graded["probe_patch"]
    assert row.score == 0, _points(row)
    assert "tampered with the review fingerprint" in row.flags, row.flags


@pytest.mark.parametrize("student,questions,flag", [
    ("package_attribute", ("softmax", "bce_logits"), "uses lossedu.losses.softmax"),
    ("package_attribute", ("softmax", "bce_logits"),
     "uses lossedu.losses.binary_cross_entropy_with_logits"),
    ("checks_sys_modules", ("softmax", "softmax_ce"),
     "uses lossedu.checks.ex04._reference_softmax"),
    ("checks_sys_modules", ("softmax", "softmax_ce"),
     "uses lossedu.checks.ex04._reference_softmax_ce"),
    ("read_files", ("softmax",), "file access: open()"),
])
def test_references_are_not_reachable(graded, student, questions, flag):
    row = graded[student]
    points = _points(row)
    assert all(points[q] == 0 for q in questions), points
    honest = {q.key: q.max_points for q in graded["ref"].questions}
    assert all(points[k] == v for k, v in honest.items() if k not in questions), points
    assert any(f.startswith(flag) for f in row.flags), row.flags


@pytest.mark.parametrize("student,flag", [
    ("scipy_chain", "uses scipy.special.softmax, which computes an answer (answer softmax_code)"),
    # a computed name: seen at run time (no answer cell named), by the probe's watch
    ("scipy_hidden", "uses scipy.special.softmax, which computes an answer"),
    ("sklearn_extmath", "uses sklearn.utils.extmath.softmax, which computes an answer"),
])
def test_libraries_that_compute_the_answer_are_flagged_by_name(graded, student, flag):
    row = graded[student]
    assert any(f.startswith(flag) for f in row.flags), row.flags
    softmax = next(q for q in row.questions if q.key == "softmax")
    # the run's policy (--forbidden-scores-zero): a flagged answer keeps no points
    assert softmax.points == 0 and "which this question forbids" in softmax.line, softmax


# ----------------------------------------------------------------------------- no kernel needed
@pytest.mark.parametrize("source,flag", [
    ("import lossedu\nf = lossedu.regularization.l2_penalty",
     "uses lossedu.regularization.l2_penalty"),
    ("import sys\nf = getattr(sys.modules.get('lossedu.checks.ex03'), '_reference_bce')",
     "uses lossedu.checks.ex03._reference_bce"),
    ("import sys\nf = sys.modules['scipy.special'].log_softmax", "uses scipy.special.log_softmax"),
    ("import importlib\nf = importlib.import_module('scipy.special').log_expit",
     "uses scipy.special.log_expit"),
    ("import scipy\nf = vars(scipy.special)['expit']", "uses scipy.special.expit"),
    ("from sklearn import metrics\nf = metrics.log_loss", "uses sklearn.metrics.log_loss"),
    ("_m = __import__('sklearn.utils.extmath')\nf = _m.utils.extmath.softmax",
     "uses sklearn.utils.extmath.softmax"),
    ("from scipy.special import *", "uses scipy.special.softmax"),
])
def test_static_scan_follows_every_route_to_a_forbidden_name(source, flag):
    from lossedu.checks._core import LOSS_LIBRARIES

    forbidden = (*LOSS_LIBRARIES, "lossedu.regularization.l2_penalty")
    flags, hits = scan(source, forbidden=forbidden)
    assert any(f.startswith(flag) for f in flags), flags
    assert hits


def test_what_the_set_up_provides_is_not_a_forbidden_use():
    provided = provided_names(["from lossedu.metrics import accuracy as reference_accuracy\n"
                               "from lossedu import losses\nimport numpy as np"])
    assert provided == ("lossedu.metrics.accuracy", "lossedu.losses", "numpy")
    forbidden = ("lossedu.metrics.accuracy", "lossedu.losses.focal_loss", "sklearn.metrics")
    aliases = {"reference_accuracy": "lossedu.metrics.accuracy", "losses": "lossedu.losses",
               "np": "numpy"}
    source = ("from lossedu.metrics import accuracy\nfrom lossedu import losses\n"
              "a = reference_accuracy([1], [1])\nb = losses.focal_loss([1], [0.5])\n")
    assert static_flags(source, aliases, forbidden=forbidden, provided=provided) == []
    flagged = static_flags("from sklearn.metrics import accuracy_score", aliases,
                           forbidden=forbidden, provided=provided)
    assert "uses sklearn.metrics.accuracy_score, which computes an answer" in flagged


def _setup_sources(name):
    nb = nbformat.read(str(solution_path(name)), as_version=4)
    parsed = validate_exercise(nb)
    return ([c.source for i, c in enumerate(nb.cells) if c.cell_type == "code"
             and i not in parsed.answer_index.values()], [c.question for c in parsed.checks])


@pytest.mark.parametrize("name", [n for n in EXERCISES if solution_path(n).exists()])
def test_the_kernel_package_holds_no_answer(name, tmp_path):
    setup, questions = _setup_sources(name)
    package = kernel_package.build(tmp_path, setup, questions)
    root = tmp_path / "lossedu"
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*.py"))
    assert not any(f.startswith(("checks/ex", "checks/_core", "quizzes", "grading/engine"))
                   for f in files), files
    assert "checks/__init__.py" in files and "grading/_inkernel.py" in files
    text = "\n".join(p.read_text() for p in root.rglob("*.py"))
    assert "_reference" not in text and "QUESTIONS" not in text
    for full in package.withheld:  # each graded function is absent, or a stub that raises
        _, module, function = full.split(".")
        path = root / f"{module}.py"
        nodes = [n for n in ast.parse(path.read_text()).body
                 if getattr(n, "name", None) == function] if path.exists() else []
        assert all(len(n.body) == 1 and isinstance(n.body[0], ast.Raise) for n in nodes), full
    # no function named like an answer is left anywhere (lossedu._kernels included), unless
    # the set-up cells hand it out by name
    from lossedu.checks import get_question

    answers = {get_question(q).names[0] for q in questions if get_question(q).kind == "function"}
    answers -= {full.rsplit(".", 1)[1] for full in package.handed_out}
    for path in root.rglob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and node.name in answers:
                assert isinstance(node.body[0], ast.Raise), (path.name, node.name)


def test_the_kernel_never_reads_the_real_package(tmp_path, monkeypatch):
    import sys

    from lossedu.grading.engine import _readable_paths

    assert str(REAL) not in _readable_paths(tmp_path, REAL, [])
    venv = tmp_path / "venv"  # a package installed inside the Python installation
    for name in ("prefix", "base_prefix", "exec_prefix", "base_exec_prefix"):
        monkeypatch.setattr(sys, name, str(venv))
    package = venv / "lib" / "site" / "lossedu"
    package.mkdir(parents=True)
    (venv / "lib" / "site" / "numpy").mkdir()
    (venv / "bin").mkdir()
    readable = _readable_paths(tmp_path, package, [tmp_path / "py"])
    readable = [p for p in readable if p.startswith(str(tmp_path))]
    assert str(package) not in readable and str(venv) not in readable
    assert str(venv / "lib" / "site" / "numpy") in readable and str(venv / "bin") in readable


@pytest.mark.parametrize("run_policy,question_policy,zeroed", [
    (False, None, False), (True, None, True), (False, True, True), (True, False, False)])
def test_a_question_setting_overrides_the_run_policy(monkeypatch, run_policy, question_policy,
                                                     zeroed):
    from types import SimpleNamespace

    from lossedu.checks import get_question
    from lossedu.checks._core import forbidden_names
    from lossedu.grading.engine import Q_PASS, _apply_forbidden_policy
    from lossedu.grading.rebuild import CheckSpec, Plan

    question = get_question("softmax")
    monkeypatch.setattr(question, "forbidden_scores_zero", question_policy)
    plan = Plan(steps=[], checks=[CheckSpec("softmax", "softmax", "softmax", 2,
                                            ("softmax_code",))])
    ctx = SimpleNamespace(forbidden={"softmax": forbidden_names(question)},
                          forbidden_scores_zero=run_policy)
    verdicts = {"softmax": (Q_PASS, "✓ softmax: 5/5 cases", "")}
    _apply_forbidden_policy(plan, ctx, verdicts, {}, {"softmax": ["scipy.special.softmax"]})
    assert (verdicts["softmax"][0] != Q_PASS) == zeroed, verdicts


def test_a_graded_function_the_set_up_hands_out_is_still_flagged():
    # exercise 09's set-up imports lossedu.metrics.accuracy, the answer of accuracy_fn
    provided = ("lossedu.metrics.accuracy",)
    aliases = {"reference_accuracy": "lossedu.metrics.accuracy"}
    source = "def accuracy(y, p):\n    return reference_accuracy(y, p)\n"
    assert static_flags(source, aliases, forbidden=provided, provided=provided) == []
    assert static_flags(source, aliases, forbidden=provided, provided=provided,
                        handed_out=provided) == [
        "uses lossedu.metrics.accuracy, which computes an answer"]


def test_cases_that_cannot_reach_a_kernel_are_refused():
    from lossedu.checks import encode
    from lossedu.grading.engine import _opaque

    assert not _opaque(encode(([1.0, 2.0], {"type": "a dict key"}, (3, "x"))))
    assert _opaque(encode((print,))) and _opaque(encode(([{"f": print}],)))
