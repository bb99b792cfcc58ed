"""Feedback pages and the reflections page: what a student and the instructor read.

One small batch is graded once (module fixture): a Canvas late file with a typo, an answer
that prints instead of returning, a stub and a reflection that tries to inject HTML; a
SyntaxError; an invalid file; a student name with HTML in it. The pages are then checked as
text and, in one headless Chromium (/usr/bin/chromium, driven by Playwright as in
tests/test_browser.py), as rendered pages.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from lossedu.exercises import solution_path
from lossedu.grading import samples
from lossedu.grading.engine import QuestionResult, Row
from lossedu.grading.report import feedback_html

EX = "02_mse_exercise"
CHROMIUM = Path("/usr/bin/chromium")
INJECTION = "<script>window.__xss = 1</script><img src=x onerror='window.__xss = 2'> **mine**"
LATE_FILE = "smithjohn_LATE_12345_67890_02_mse_exercise.ipynb"

pytestmark = pytest.mark.skipif(not solution_path(EX).exists(), reason="exercise 02 not written")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from lossedu.grading import grade

    ref = samples.reference_answers(EX)
    subs = tmp_path_factory.mktemp("feedback") / "submissions"
    subs.mkdir()
    faulty = {
        "house_code": ref["house_code"].replace("np.sqrt(house_mse)", "np.sqrt(house_mes)"),
        "mae_code": "def mae(y_true, y_pred):\n    print(np.mean(np.abs(np.asarray(y_true)"
                    " - np.asarray(y_pred))))\n",
        "best_constants_code": "def best_constants(y):\n    raise NotImplementedError\n",
        "reflect_units": INJECTION,
    }
    (subs / LATE_FILE).write_bytes(samples.to_bytes(samples.with_answers(EX, faulty)))
    syntax = {"mse_code": "def mse(y_true, y_pred):\n    return np.mean((y_true - y_pred) ** 2\n"}
    (subs / "syntax.ipynb").write_bytes(samples.to_bytes(samples.with_answers(EX, syntax)))
    (subs / "<b>Zoé.ipynb").write_bytes(b"{not json")
    out = subs.parent / "out"
    report = grade(subs, EX, out=out, jobs=2, timeout=10, memory_mb=1024)
    rows = {row.student: row for row in report.rows}
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (out / "feedback").glob("*.html")}
    return {"report": report, "rows": rows, "out": out, "pages": pages}


def _page(graded, student):
    row = graded["rows"][student]
    return feedback_html(row, EX)


def test_every_row_has_a_page(graded):
    assert len(graded["pages"]) == len(graded["rows"]) == 3


def test_an_ungraded_row_says_so_and_why_without_points(graded):
    (student,) = [s for s in graded["rows"] if "Zo" in s]
    page = _page(graded, student)
    assert "not graded" in page and "not valid JSON" in page and "submit" in page
    assert " / 20 points" not in page and "0 /" not in page and "<table" not in page
    assert "Graded by" not in page
    assert "<strong>File:</strong> <code>&lt;b&gt;Zoé.ipynb</code>" in page
    assert "&lt;b&gt;Zo" in page and "<b>Zo" not in page  # the name is escaped


def test_a_syntax_error_is_reported_with_its_line(graded):
    page = _page(graded, "syntax")
    row = graded["rows"]["syntax"]
    mse = next(q for q in row.questions if q.key == "mse_numpy")
    assert mse.status == "fail" and "SyntaxError" in mse.line and "(line 2)" in mse.line
    assert "not attempted" not in mse.line and ".py" not in page  # no IPython temp file
    assert "Python could not read that cell" in page


def test_a_typo_a_print_and_a_stub_are_told_apart(graded):
    row = graded["rows"]["smithjohn"]
    by_key = {q.key: q for q in row.questions}
    house = by_key["house_price_errors"]
    assert house.status == "fail"
    assert "NameError: name 'house_mes' is not defined (line 3)" in house.line
    assert "check its spelling" in house.hint
    mae = by_key["mae_numpy"]
    assert "returned None (did you print instead of return?)" in mae.line
    assert "nan" not in mae.line
    assert by_key["best_constants"].status == "not attempted"
    assert "not attempted yet (replace `raise NotImplementedError`" in by_key["best_constants"].line
    assert not any("'best_constants_code' raised" in note for note in row.notes)  # a stub
    shift = by_key["outlier_shift"]  # written, but calls the unwritten best_constants
    assert shift.status == "fail" and "NotImplementedError" in shift.line
    assert "not written yet" in shift.hint and "see the error under it" not in shift.line
    page = _page(graded, "smithjohn")
    assert "(submitted late)" in page and "a valid answer" not in page


def test_grades_csv_has_the_late_column_and_the_lms_id(graded):
    raw = (graded["out"] / "grades.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark: Excel reads it as UTF-8
    text = raw.decode("utf-8-sig")
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["smithjohn"]["late"] == "late" and rows["syntax"]["late"] == ""
    assert rows["smithjohn"]["student_id"] == "12345"


def test_reflections_page_and_csv_escape_the_students_text(graded):
    out = graded["out"]
    page = (out / "reflections.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page
    assert "<script" not in page and "<img" not in page
    assert "Why is the MSE such a huge number?" in page  # the question, from the solution
    assert "(notebook not graded: invalid-json)" in page  # the invalid file, and why
    assert "smithjohn <span class='muted'>(12345)</span>" in page  # the LMS id by the name
    # two reflections that both wrote word for word (the reference): marked, with who
    assert page.count("same text as: smithjohn (12345)") == page.count("same text as: syntax") == 2
    text = (out / "reflections.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    mine = [r for r in rows if r["student"] == "smithjohn" and r["reflection"] == "reflect_units"]
    assert mine[0]["answer"] == INJECTION and mine[0]["mark"] == ""


def test_feedback_lines_for_questions_built_directly():
    """Statuses that a small batch does not produce, on a row built by hand."""
    questions = [QuestionResult("a", "a", 2, 0, "missing answer",
                                "answer cell 'a_code' missing - no cell carries this answer id"),
                 QuestionResult("b", "b", 1, 0, "fault", "answer cell 'b_code' timed out")]
    page = feedback_html(Row("s", "s.ipynb", "graded-with-faults", score=0, max_score=3,
                             questions=questions), EX)
    assert "answer cell missing" in page and "0 / 3 points" in page and "Graded by" in page
    assert "Questions: 2 failed." in page and "stopped the grader" in page
    none = feedback_html(Row("s", "", "no-submission", reason="no file for this student"), EX)
    assert "No notebook from you was found" in none and " / " not in none
    assert "If you did submit it, tell your instructor." in none and "File:" not in none
    pair = feedback_html(Row("s", "a/x.ipynb; b/y.ipynb", "two-notebooks", reason="two"), EX)
    assert "File:" not in pair  # one of them may not be the student's own


def test_the_terminal_summary_prints_no_control_characters_from_students():
    from lossedu.grading.engine import Report
    from lossedu.grading.report import summary

    evil = "eve\x1b]0;owned\x07\x1b[31m"
    rows = [Row(evil, "", "invalid-json", reason="bad\x1b[2J", max_score=3, flags=[evil])]
    text = summary(Report(EX, rows, [], None, [], 1.0, 1))
    assert "\x1b" not in text and "\x07" not in text and "eve\ufffd]0;owned" in text


def test_a_value_whose_cell_is_still_the_stub_names_that_cell():
    """A value question (``house_mse = ...``) whose answer cell is still the stub: "not
    attempted", naming the cell, not the self-check's "run your answer cell first"; no note."""
    from types import SimpleNamespace

    from lossedu.grading.messages import error_notes, explain_errors

    spec = SimpleNamespace(key="house", title="house-price MSE", answers=["house_code"])
    plan = SimpleNamespace(checks=[spec], answer_sources={
        "house_code": "raise NotImplementedError", "mse_code": "def mse(a, b):\n    retur"})
    result = SimpleNamespace(outcomes={"house": [{"missing": "house_mse"}]}, answer_errors={
        "house_code": "NotImplementedError: ", "mse_code": "SyntaxError: invalid syntax (line 2)"})
    verdicts = {"house": ("not attempted", "○ house: `house_mse` is not defined: run your "
                          "answer cell first", "hint")}
    explain_errors(plan, result, verdicts)
    assert verdicts["house"] == ("not attempted", "○ house-price MSE: not attempted yet (answer "
                                 "cell 'house_code' is still `raise NotImplementedError`: "
                                 "replace it with your code)", "hint")
    assert error_notes(plan, result) == [
        "answer cell 'mse_code' raised SyntaxError: invalid syntax (line 2)"]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium not found at /usr/bin/chromium")
def test_pages_render_in_a_browser(graded, tmp_path):
    """Every page (feedback and reflections) in one headless Chromium: nothing runs from the
    students' text, nothing overflows a narrow window, and the page is not blank."""
    sync_api = pytest.importorskip("playwright.sync_api")
    out = graded["out"]
    files = sorted((out / "feedback").glob("*.html")) + [out / "reflections.html"]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 700, "height": 900})
            for file in files:
                page.goto(file.as_uri())
                assert page.evaluate("window.__xss") is None, file.name
                assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1"), \
                    f"{file.name} overflows a 700 px window"
                assert page.locator("h1").is_visible()
                shot = tmp_path / (file.stem + ".png")
                page.screenshot(path=str(shot))
                assert shot.stat().st_size > 4000, f"{file.name}: a blank page?"
        finally:
            browser.close()
