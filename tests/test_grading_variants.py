"""Per-student variants: lossedu.variants, lossedu.exercise_data, the release command
(``lossedu exercises NN --variants``), self-check and ``lossedu grade --variants``.

One grade() run (module fixture) covers the grader: an honest student on their own variant,
a student who typed a classmate's numbers, and two who pasted a classmate's VARIANT line.
"""

from __future__ import annotations

import csv
import io

import nbformat
import numpy as np
import pytest

from lossedu import exercise_data
from lossedu.checks import QUESTIONS, run_check
from lossedu.checks._core import variant_case
from lossedu.cli import main
from lossedu.exercises import (
    EXERCISES,
    notebook_bytes,
    release_variants,
    self_check,
    solution_path,
    variant_version,
)
from lossedu.grading import samples
from lossedu.grading.engine import GradingError, grade
from lossedu.variants import (
    MAX_VARIANT,
    SECRET_ENV,
    VariantError,
    as_variant,
    notebook_variant,
    read_roster,
    read_secret,
    variant_cell,
    variant_of,
    with_variant,
)

EXERCISE = "02_mse_exercise"
SECRET = b"a-course-secret-only-the-instructor-has"
#: the variant-aware questions, derived from the registry (no count typed here)
VARYING = sorted(q.id for q in QUESTIONS.values() if q.variant_inputs is not None)
#: an exercise without variants (no VARIANT line), found on disk
PLAIN = next(name for name in EXERCISES
             if variant_cell(nbformat.read(solution_path(name), as_version=4)) is None)


def _v(who: str) -> int:
    return variant_of(who, EXERCISE, SECRET)


def _house_numbers(variant: int) -> str:
    """An answer cell that types in the right house-price numbers of ``variant``."""
    true, pred = exercise_data.house_prices(variant)
    mse = float(np.mean((true - pred) ** 2))
    return f"house_mse = {mse!r}\nhouse_rmse = {mse ** 0.5!r}\n"


# ----------------------------------------------------------------------------- numbers
def test_variant_of_depends_on_id_exercise_and_secret_only():
    assert _v("alice") == _v("alice") == _v("  alice ")
    assert 1 <= _v("alice") <= MAX_VARIANT
    others = {_v("bob"), variant_of("alice", "03_gradient_descent_exercise", SECRET),
              variant_of("alice", EXERCISE, SECRET + b"!")}
    assert _v("alice") not in others


@pytest.mark.parametrize("who, secret, words", [
    ("", SECRET, "identity"), ("   ", SECRET, "identity"), (None, SECRET, "identity"),
    ("alice", b"short", "at least 16 bytes"), ("alice", "a str secret of 32 characters..",
                                               "at least 16 bytes")])
def test_variant_of_refuses_bad_input(who, secret, words):
    with pytest.raises(VariantError, match=words):
        variant_of(who, EXERCISE, secret)


@pytest.mark.parametrize("value", [True, 1.0, "7", -1, MAX_VARIANT + 1, None])
def test_as_variant_names_the_argument(value):
    with pytest.raises(VariantError, match="VARIANT"):
        as_variant(value)


def test_read_secret_from_file_or_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    with pytest.raises(VariantError, match=SECRET_ENV):
        read_secret()
    monkeypatch.setenv(SECRET_ENV, "too short")
    with pytest.raises(VariantError, match="at least 16"):
        read_secret()
    monkeypatch.setenv(SECRET_ENV, SECRET.decode())
    assert read_secret() == SECRET
    path = tmp_path / "secret"
    path.write_bytes(SECRET + b"\n")
    assert read_secret(path) == SECRET
    with pytest.raises(VariantError, match="cannot read"):
        read_secret(tmp_path / "missing")


def test_read_roster_names_the_missing_column(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,login\nAlice,alice\nBob,bob\nBob again,bob\n,\n", encoding="utf-8")
    assert read_roster(roster, "login") == ["alice", "bob"]
    with pytest.raises(VariantError, match="no column 'id'.*name, login"):
        read_roster(roster)


# ----------------------------------------------------------------------------- data
def test_the_variant_aware_questions_get_each_students_own_data():
    assert {"house_price_errors", "outlier_shift", "two_lines_choice"} <= set(VARYING)
    for question in VARYING:
        alice = variant_case(QUESTIONS[question], _v("alice")).args
        bob = variant_case(QUESTIONS[question], _v("bob")).args
        assert not all(np.array_equal(a, b) for a, b in zip(alice, bob, strict=True)), question


def test_the_same_variant_gives_the_same_data():
    for generator in (exercise_data.house_prices, exercise_data.delivery_times,
                      exercise_data.two_lines, exercise_data.laplace_times,
                      exercise_data.clip_logits, exercise_data.label_smoothing):
        first, again = generator(_v("alice")), generator(_v("alice"))
        assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))


def test_variant_zero_is_the_published_notebook():
    true, pred = exercise_data.house_prices(0)
    assert true.tolist() == [310_000, 455_000, 280_000, 520_000, 395_000]
    assert exercise_data.delivery_times(0)[1] == 180.0
    assert exercise_data.two_lines(0)[1][-1] == 30.0


def test_a_copied_number_fails_the_self_check_of_another_variant():
    namespace = {"VARIANT": _v("bob")}
    exec(_house_numbers(_v("alice")), namespace)
    assert run_check("house_price_errors", namespace).status == "fail"
    namespace["VARIANT"] = _v("alice")
    assert run_check("house_price_errors", namespace).passed
    namespace["VARIANT"] = "12"
    with pytest.raises(VariantError, match="VARIANT"):
        run_check("house_price_errors", namespace)


# ----------------------------------------------------------------------------- release
def test_release_writes_one_notebook_per_student(tmp_path):
    table = release_variants(EXERCISE, ["alice", "u/../x"], SECRET, tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert rows == [{"id": "alice", "variant": str(_v("alice"))},
                    {"id": "u/../x", "variant": str(_v("u/../x"))}]
    nb = nbformat.read(tmp_path / "out" / "alice" / f"{EXERCISE}.ipynb", as_version=4)
    assert notebook_variant(nb) == _v("alice")
    data_cells = [c for c in nb.cells if c.cell_type == "code" and "(VARIANT)" in c.source]
    assert data_cells and all(c.outputs == [] for c in data_cells)  # variant 0's prints gone
    assert (tmp_path / "out" / "u_.._x" / f"{EXERCISE}.ipynb").exists()  # no path escapes


def test_release_command_line_errors(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET.decode())
    roster = tmp_path / "roster.csv"
    roster.write_text("id\n1234\n", encoding="utf-8")
    assert main(["exercises", "02", "--variants", str(roster)]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["exercises", "02", "--out", str(tmp_path)]) == 2
    assert "go with --variants" in capsys.readouterr().err
    assert main(["exercises", PLAIN, "--variants", str(roster), "--out", str(tmp_path)]) == 2
    assert "no per-student variants" in capsys.readouterr().err
    assert main(["exercises", "02", "--variants", str(roster), "--id-column", "login",
                 "--out", str(tmp_path)]) == 2
    assert "no column 'login'" in capsys.readouterr().err


def test_self_check_works_on_a_variant_notebook(tmp_path):
    """The honest answers compute on alice's data: judged against variant 0 they would fail.
    (The notebook is cut after the first variant-aware check: a kernel start is enough.)"""
    nb = variant_version(samples.honest(EXERCISE), _v("alice"))
    last = next(i for i, c in enumerate(nb.cells)
                if c.metadata.get("lossedu", {}).get("check") == "house_price_errors")
    nb.cells = nb.cells[: last + 1]
    path = tmp_path / f"{EXERCISE}.ipynb"
    path.write_bytes(notebook_bytes(nb))
    out = io.StringIO()
    assert self_check(path, out=out) == 0, out.getvalue()
    assert "✓ house-price MSE and RMSE: 1/1 case" in out.getvalue()


def test_the_expected_check_lines_do_not_depend_on_the_variant():
    """lossedu check restores the student version's stored ✓ lines: a variant's right answer
    must print exactly that line."""
    stored = {c.metadata["lossedu"]["check"]: c.metadata["lossedu"]["expected"].strip()
              for c in samples.blank(EXERCISE).cells if "expected" in c.metadata.get(
                  "lossedu", {})}
    namespace = {"VARIANT": _v("alice")}
    exec(_house_numbers(_v("alice")), namespace)
    assert run_check("house_price_errors", namespace).line == stored["house_price_errors"]


# ----------------------------------------------------------------------------- grading
@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("variants")
    subs = root / "subs"
    subs.mkdir()
    alice = _v("alice")
    notebooks = {
        "alice": variant_version(samples.honest(EXERCISE), alice),
        # typed in alice's numbers, in a notebook with bob's own VARIANT line
        "bob": variant_version(samples.with_answers(EXERCISE, {"house_code": _house_numbers(
            alice)}), _v("bob")),
        # alice's whole notebook: her VARIANT line and her numbers
        "carol": variant_version(samples.with_answers(EXERCISE, {"house_code": _house_numbers(
            alice)}), alice),
        # alice's VARIANT line, but code that computes: right on dave's own data
        "dave": variant_version(samples.honest(EXERCISE), alice),
    }
    for who, nb in notebooks.items():
        (subs / f"{who}.ipynb").write_bytes(notebook_bytes(nb))
    report = grade(subs, EXERCISE, out=root / "out", jobs=2, variant_secret=SECRET)
    return report, {row.student: row for row in report.rows}, root / "out"


def _status(row, question):
    return next(q.status for q in row.questions if q.key == question)


def test_the_honest_variant_answer_passes(graded):
    _, rows, _ = graded
    row = rows["alice"]
    assert row.score == row.max_score and row.variant == _v("alice") and not row.flags
    assert f"graded with variant {_v('alice')}" in "; ".join(row.notes)


def test_a_classmates_number_fails(graded):
    _, rows, _ = graded
    row = rows["bob"]
    assert row.variant == _v("bob")
    assert _status(row, "house_price_errors") == "fail"
    assert all(q.status == "pass" for q in row.questions if q.key != "house_price_errors")
    assert not row.flags  # his own VARIANT line: nothing to flag, the number is just wrong


def test_a_pasted_variant_line_is_flagged_and_graded_on_the_true_variant(graded):
    _, rows, _ = graded
    for who in ("carol", "dave"):
        row = rows[who]
        assert row.variant == _v(who) != _v("alice")
        assert any("variant mismatch" in flag and f"VARIANT = {_v('alice')}" in flag
                   for flag in row.flags), row.flags
        assert any(f"your variant is {_v(who)}" in note for note in row.notes), row.notes
    assert _status(rows["carol"], "house_price_errors") == "fail"  # alice's numbers
    assert rows["dave"].score == rows["dave"].max_score  # his code ran on his own data


def test_the_feedback_says_which_variant_was_graded(graded):
    report, rows, out = graded
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (out / "feedback").glob("*.html")}
    page = next(text for name, text in pages.items() if name.startswith("bob"))
    assert f"graded with variant {_v('bob')}" in page


def test_variants_of_an_exercise_without_variants_is_an_instructor_error(tmp_path):
    with pytest.raises(GradingError, match="no per-student variants"):
        grade(tmp_path, PLAIN, out=tmp_path.parent / "out-plain", variant_secret=SECRET)


def test_with_variant_keeps_the_comment():
    assert with_variant("x = 1\nVARIANT = 0  # yours\n", 42) == "x = 1\nVARIANT = 42  # yours\n"


def test_the_docs_list_exactly_the_questions_that_vary():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "grading.md").read_text(
        encoding="utf-8")
    table = text.split("**Which questions vary**", 1)[1].split("\n\n", 2)[1]
    listed = {line.split("|")[2].strip().strip("`") for line in table.splitlines()
              if line.startswith("| 0") or line.startswith("| 1")}
    assert listed == set(VARYING)


def test_a_variant_of_exercise_09_always_has_a_temperature_to_fit():
    """Variant 775840's first split (seed 775841) has no mistake on the test part, so no
    temperature fits there; its variant takes the next split that has one."""
    split = exercise_data.calibration_seed(775840)
    assert split != 1 + 775840
    z_val, y_val, z_test, y_test = exercise_data.breast_cancer_logits(split)
    for z, y in ((z_val, y_val), (z_test, y_test)):
        assert np.any((z > 0) != (y == 1))


def test_grade_command_line_needs_the_secret(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    base = ["grade", str(tmp_path), "--exercise", "02", "--out", str(tmp_path.parent / "o")]
    assert main([*base, "--variant-secret", str(tmp_path / "s")]) == 2
    assert "--variant-secret needs --variants" in capsys.readouterr().err
    assert main([*base, "--variants"]) == 2
    assert SECRET_ENV in capsys.readouterr().err
    (tmp_path / "short").write_text("tiny\n", encoding="utf-8")
    assert main([*base, "--variants", "--variant-secret", str(tmp_path / "short")]) == 2
    assert "at least 16" in capsys.readouterr().err
