"""The gradebook (grades.csv), per-student feedback (HTML) and the terminal summary.

* ``grades.csv``: one row per submission, sorted by student: student, status, score, max,
  one column per check (hidden checks included), student_id (the LMS id), late, seconds,
  flags, reason, notes, file; UTF-8 with a byte-order mark, for Excel
  (:mod:`lossedu.grading.spreadsheet`). Apart from ``seconds``, regrading the same folder
  writes the same file.
* ``feedback/<student>.html``: what a student may see: each question with pass/fail, points,
  the judged line and the hint. Hidden checks show their name and result only, never their
  inputs, the expected values or what the answer returned. Flags are for the instructor and
  are not in the feedback. A row that was not graded says so and why, with no points.
* ``reflections.html`` and ``reflections.csv``: every student's written reflections, per
  question (:mod:`lossedu.grading.reflections`).
* :func:`write_lms`: the files of ``lossedu grade --lms`` (:mod:`lossedu.grading.lms`).
* :func:`summary`: per-question averages, statuses, flagged students, warnings.

Everything that came from a student (names, error messages, returned values) is escaped in
HTML and neutralised in CSV (no spreadsheet formulas).
"""

from __future__ import annotations

import html
import json
import os
import re
import statistics
import unicodedata
from pathlib import Path

from lossedu.grading.engine import (
    FAULT,
    GRADED,
    Q_FAIL,
    Q_FAULT,
    Q_MISSING,
    Q_NOT_ATTEMPTED,
    Q_NOT_GRADED,
    Q_PASS,
    Report,
    Row,
)
from lossedu.grading.rebuild import WRONG_NOTEBOOK
from lossedu.grading.spreadsheet import cell
from lossedu.grading.spreadsheet import csv_text as spreadsheet_csv
from lossedu.grading.submissions import NO_NOTEBOOK, NO_SUBMISSION, TWO_NOTEBOOKS

_SYMBOL = {Q_PASS: "✓", Q_FAIL: "✗", Q_NOT_ATTEMPTED: "○", Q_FAULT: "✗", Q_MISSING: "✗"}


def _cell(text) -> str:
    """One-line CSV-safe text (:func:`lossedu.grading.spreadsheet.cell`)."""
    return cell(text, one_line=True)


def csv_text(report: Report) -> str:
    """grades.csv: UTF-8 with a byte-order mark (Excel), student text never a formula."""
    keys = [key for key, _, _, _ in report.columns]
    table = [["student", "status", "score", "max", *keys, "student_id", "late", "seconds",
              "flags", "reason", "notes", "file"]]
    for row in report.rows:
        points = {q.key: q.points for q in row.questions}
        table.append([_cell(row.student), row.status, row.score, row.max_score,
                      *[points.get(key, 0) for key in keys],
                      _cell(getattr(row, "student_id", "")),
                      "late" if getattr(row, "late", False) else "", f"{row.seconds:.1f}",
                      _cell("; ".join(row.flags)), _cell(row.reason),
                      _cell("; ".join(row.notes)), _cell(row.source)])
    return spreadsheet_csv(table)


def feedback_name(student: str, taken: set) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._") or "student"
    name, number = f"{stem}.html", 2
    while name.lower() in taken:
        name, number = f"{stem}-{number}.html", number + 1
    taken.add(name.lower())
    return name


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem;
         border-bottom: 1px solid #ddd; }
td.result, td.points { white-space: nowrap; }
td.pass { color: #1a7f37; font-weight: 600; } td.fail { color: #b42318; font-weight: 600; }
td.todo { color: #9a6700; font-weight: 600; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font-size: .9em; }
.status { font-size: 1.15em; } .counts { color: #444; }
.box { border: 1px solid #e0b4b4; border-left: 6px solid #b42318; background: #fff6f6;
       padding: .6rem 1rem; margin: 1rem 0; }
.box.info { border-color: #d8c68a; border-left-color: #9a6700; background: #fffbea; }
.hint { color: #555; margin-top: .3rem; } .muted { color: #666; }
code { overflow-wrap: anywhere; }
@media print { .box { break-inside: avoid; } }
"""


_RESULT = {Q_PASS: ("pass", "passed"), Q_NOT_ATTEMPTED: ("todo", "not attempted"),
           Q_NOT_GRADED: ("todo", "not graded"), Q_MISSING: ("fail", "answer cell missing"),
           Q_FAULT: ("fail", "failed (see why)"), Q_FAIL: ("fail", "failed")}

#: what a student reads in place of each status of a row that was not graded
_NOT_GRADED_WHAT = {
    NO_SUBMISSION: "No notebook from you was found among the submissions.",
    WRONG_NOTEBOOK: "The notebook you submitted is not this exercise's notebook.",
    TWO_NOTEBOOKS: "Several notebooks were found for you, and it was not clear which one to "
                     "grade.",
    NO_NOTEBOOK: "Your submission holds no notebook (.ipynb file).",
}


def _not_graded_html(row: Row) -> list:
    """The body of the page of a row that was not graded: what happened, why, which file, and
    what to do; no points (none were given or taken) and no per-question table."""
    esc = html.escape
    what = _NOT_GRADED_WHAT.get(row.status, "Your notebook could not be graded.")
    todo = ("If you did submit it, tell your instructor." if row.status == NO_SUBMISSION else
            "Fix this and submit the exercise notebook (.ipynb) again, or ask your instructor.")
    parts = [f"<p class='status'><strong>{esc(row.student)}</strong>: "
             "<strong>not graded</strong>: no points are recorded for this exercise yet.</p>",
             "<div class='box'>", f"<p>{esc(what)}</p>"]
    if row.status != NO_SUBMISSION:  # there the line above says it all
        parts.append(f"<p><strong>Why:</strong> {esc(row.reason or row.status)}</p>")
    if row.source and row.status != TWO_NOTEBOOKS:  # one file, theirs: its name only
        name = row.source.rstrip("/").rsplit("/", 1)[-1]
        parts.append(f"<p><strong>File:</strong> <code>{esc(name)}</code></p>")
    parts += [f"<p><strong>What to do:</strong> {todo}</p>", "</div>"]
    return parts


def _counts(row: Row) -> str:
    """``8 passed, 1 failed, 1 not attempted`` over the questions of a graded row."""
    counts: dict[str, int] = {}
    for q in row.questions:
        word = {Q_PASS: "passed", Q_NOT_ATTEMPTED: "not attempted"}.get(q.status, "failed")
        counts[word] = counts.get(word, 0) + 1
    return ", ".join(f"{n} {w}" for w, n in sorted(counts.items(),
                     key=lambda item: ("passed", "failed", "not attempted").index(item[0])))


def feedback_html(row: Row, exercise: str) -> str:
    """The feedback page of one row (escaped; hidden checks by name and result only)."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Feedback: {esc(exercise)} ({esc(row.student)})</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>Feedback on {esc(exercise)}</h1>",
    ]
    if row.status not in (GRADED, FAULT):
        parts += _not_graded_html(row)
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"
    late = " (submitted late)" if getattr(row, "late", False) else ""
    parts.append(f"<p class='status'><strong>{esc(row.student)}</strong>: {row.score} / "
                 f"{row.max_score} points{late}.</p>")
    parts.append(f"<p class='counts'>Questions: {_counts(row)}.</p>")
    if row.status == FAULT:
        parts.append("<div class='box info'><p>Some of your answers stopped the grader (an "
                     "endless loop, a crash, too much output...): those questions got 0 "
                     "points, and their lines below say why. The other questions were graded "
                     "as usual.</p></div>")
    parts.append("<table><thead><tr><th>Question</th><th>Result</th><th>Points</th>"
                 "<th>Details</th></tr></thead><tbody>")
    for q in row.questions:
        css, result = _RESULT.get(q.status, ("fail", "failed"))
        if q.hidden:
            title = f"{esc(q.title)} <span class='muted'>(hidden check)</span>"
            detail = ("<span class='muted'>A hidden check: its inputs and expected results are "
                      "not shown. It tests the same function on cases you have not seen.</span>")
        else:
            title = esc(q.title)
            detail = f"<pre>{esc(q.line)}</pre>" if q.line else ""
            if q.hint:
                detail += f"<div class='hint'>Hint: {esc(q.hint)}</div>"
        parts.append(f"<tr><td>{title}</td><td class='result {css}'>"
                     f"{_SYMBOL.get(q.status, '–')} {result}</td>"
                     f"<td class='points'>{q.points} / {q.max_points}</td><td>{detail}</td></tr>")
    parts.append("</tbody></table>")
    notes = [n for n in row.notes if n]
    if notes:
        parts.append("<h2>Notes</h2><ul>")
        parts += [f"<li>{esc(n)}</li>" for n in notes]
        parts.append("</ul>")
    parts.append("<p class='muted'>Graded by lossedu grade: your answer cells (and any code "
                 "cells you added) were run in a fresh copy of the exercise notebook, and "
                 "checked there.</p></body></html>")
    return "\n".join(parts) + "\n"


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _feedback_pages(report: Report) -> list:
    """(file name, row, page) of every row; file names are the rows' slugs (ASCII, unique)."""
    taken: set = set()
    return [(feedback_name(getattr(row, "slug", "") or row.student, taken), row,
             feedback_html(row, report.exercise)) for row in report.rows]


def _reflection_questions(exercise: str) -> list:
    """(answer id, question) of the exercise's reflections, from the instructor's notebook."""
    import nbformat

    from lossedu.exercises import parse_exercise, solution_path
    from lossedu.grading.reflections import prompts

    solution = nbformat.read(str(solution_path(exercise)), as_version=4)
    return prompts(solution, parse_exercise(solution))


def write_report(report: Report, out_dir: str | Path) -> None:
    """grades.csv, feedback/<student>.html and, when the exercise has written reflections,
    reflections.html and reflections.csv."""
    from lossedu.grading.reflections import reflections_csv, reflections_html

    out_dir = Path(out_dir)
    feedback = out_dir / "feedback"
    feedback.mkdir(parents=True, exist_ok=True)
    _write(out_dir / "grades.csv", csv_text(report))
    for name, _, page in _feedback_pages(report):
        _write(feedback / name, page)
    questions = _reflection_questions(report.exercise)
    if questions:
        _write(out_dir / "reflections.html",
               reflections_html(report.rows, questions, report.exercise))
        _write(out_dir / "reflections.csv", reflections_csv(report.rows, questions))


def write_lms(report: Report, out_dir: str | Path, formats, *, assignment: str | None = None,
              assignment_id: str | None = None, hidden: str | Path | None = None,
              variant_secret: bytes | None = None) -> list[str]:
    """Write the files of ``lossedu grade --lms`` into ``out_dir``; return lines to print.

    canvas: ``canvas-grades.csv``; moodle: ``moodle-grades.csv`` and
    ``moodle-feedback.zip``; gradescope: ``gradescope-autograder.zip``; prairielearn:
    ``prairielearn/<student>.json`` (one results.json per row). ``assignment`` names the
    gradebook column (default: the exercise); ``assignment_id`` is Canvas's assignment id.
    ``variant_secret`` (``--variants``) goes into the Gradescope bundle.
    """
    from lossedu.grading import lms

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    unknown = [f for f in formats if f not in lms.FORMATS]
    if unknown:
        raise ValueError(f"--lms: unknown format {unknown[0]!r}; expected one of "
                         f"{', '.join(lms.FORMATS)}")
    name = assignment or report.exercise
    lines = []
    # --variants is carried into Gradescope's runs (with the secret), not PrairieLearn's
    variants = any(getattr(row, "variant", None) is not None for row in report.rows)

    def done(path: Path, warnings: dict | None = None) -> None:
        lines.append(f"LMS file:  {path}")
        for problem, students in (warnings or {}).items():
            if not students:  # about the file, not about rows
                lines.append(f"  WARNING: {problem}")
                continue
            listed = ", ".join(map(_plain, students[:8])) + (f" and {len(students) - 8} more"
                                                if len(students) > 8 else "")
            lines.append(f"  {len(students)} row{'s' if len(students) != 1 else ''}: {problem}: "
                         f"{listed}")

    for fmt in dict.fromkeys(formats):
        if fmt == "canvas":
            text, warnings = lms.canvas_csv(report, assignment=name, assignment_id=assignment_id)
            _write(out_dir / "canvas-grades.csv", text)
            done(out_dir / "canvas-grades.csv", warnings)
        elif fmt == "moodle":
            text, warnings = lms.moodle_csv(report, assignment=name)
            _write(out_dir / "moodle-grades.csv", text)
            done(out_dir / "moodle-grades.csv", warnings)
            pages = {id(row): page for _, row, page in _feedback_pages(report)}
            zipped = lms.moodle_feedback_zip(report, pages, out_dir / "moodle-feedback.zip")
            done(out_dir / "moodle-feedback.zip", zipped)
        elif fmt == "gradescope":
            done(lms.write_gradescope_bundle(out_dir / "gradescope-autograder.zip",
                                             report.exercise, hidden,
                                             variant_secret=variant_secret))
            if variant_secret is not None:
                lines.append("  it holds the course secret (--variants): upload it to "
                             "Gradescope only, never where students can read it")
            elif variants:
                lines.append("  WARNING: this run used --variants, the bundle does not: "
                             "Gradescope grades every student on the published data")
        else:
            folder = out_dir / "prairielearn"
            folder.mkdir(exist_ok=True)
            for file, row, _ in _feedback_pages(report):
                _write(folder / (file[: -len(".html")] + ".json"),
                       json.dumps(lms.prairielearn_results(row), indent=1,
                                  ensure_ascii=False) + "\n")
            done(folder)
            if variants:  # these results are this run's; PrairieLearn's own runs are not
                lines.append("  WARNING: these results used --variants; the command "
                             "PrairieLearn runs (docs/grading.md) grades on the published data "
                             "(PrairieLearn does not tell its grader who the student is)")
    return lines


def _plain(text) -> str:
    """Text for the terminal: control characters (an escape sequence in a roster name could
    retitle or recolour the instructor's terminal) become U+FFFD."""
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in str(text))


def summary(report: Report) -> str:
    """The text printed at the end of ``lossedu grade``."""
    rows = report.rows
    lines = []
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row.status] = statuses.get(row.status, 0) + 1
    counted = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    lines.append(f"Graded {len(rows)} submission{'s' if len(rows) != 1 else ''} of "
                 f"{report.exercise} in {report.seconds:.1f} s with {report.jobs} job"
                 f"{'s' if report.jobs != 1 else ''}: {counted or 'nothing found'}.")
    graded = [r for r in rows if r.status in (GRADED, FAULT)]
    if rows:
        lines.append("")
        lines.append("Per question (over all rows): average points / max, share passed")
        width = max([len(k) + 9 for k, _, _, _ in report.columns] + [10])
        for key, _, points, hidden in report.columns:
            got = [next((q.points for q in r.questions if q.key == key), 0) for r in rows]
            passed = sum(1 for g in got if g == points)
            label = f"{key} (hidden)" if hidden else key
            lines.append(f"  {label:<{width}} {statistics.fmean(got):5.2f} / {points:<3} "
                         f"{100 * passed / len(rows):5.1f}%")
        scores = [r.score for r in rows]
        max_score = rows[0].max_score
        lines.append(f"  {'total':<{width}} {statistics.fmean(scores):5.2f} / {max_score:<3} "
                     f"(median {statistics.median(scores):g}; {len(graded)} graded notebooks)")
    flagged = [r for r in rows if r.flags]
    if flagged:
        lines.append("")
        lines.append(f"Flagged for review ({len(flagged)}):")
        for row in flagged:
            lines.append(f"  {_plain(row.student)}: " + _plain("; ".join(row.flags)))
    trouble = [r for r in rows if r.status not in (GRADED,)]
    if trouble:
        lines.append("")
        lines.append(f"Not (fully) graded ({len(trouble)}):")
        for row in trouble:
            lines.append(f"  {_plain(row.student)} [{row.status}]: {_plain(row.reason)}")
    if report.out_dir is not None:
        lines.append("")
        lines.append(f"Gradebook: {report.out_dir / 'grades.csv'}")
        lines.append(f"Feedback:  {report.out_dir / 'feedback'}/ ({len(rows)} files)")
        if (report.out_dir / "reflections.html").exists():
            lines.append(f"Reflections: {report.out_dir / 'reflections.html'} (and .csv)")
    for warning in report.warnings:
        lines.append(f"WARNING: sandbox incomplete on this machine: {warning}. Students' code "
                     "ran with less isolation than intended.")
    return "\n".join(lines)
