"""The gradebook (grades.csv), per-student feedback (HTML) and the terminal summary.

* ``grades.csv``: one row per submission, sorted by student: student, status, score, max,
  one column per check (hidden checks included), seconds, flags, reason, notes, file. Apart
  from ``seconds``, regrading the same folder writes the same file.
* ``feedback/<student>.html``: what a student may see: each question with pass/fail, points,
  the judged line and the hint. Hidden checks show their name and result only, never their
  inputs, the expected values or what the answer returned. Flags are for the instructor and
  are not in the feedback.
* :func:`summary`: per-question averages, statuses, flagged students, warnings.

Everything that came from a student (names, error messages, returned values) is escaped in
HTML and neutralised in CSV (no spreadsheet formulas).
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import statistics
from pathlib import Path

from lossedu.grading.engine import (
    FAULT,
    GRADED,
    Q_FAIL,
    Q_FAULT,
    Q_MISSING,
    Q_NOT_ATTEMPTED,
    Q_PASS,
    Report,
    Row,
)

_SYMBOL = {Q_PASS: "✓", Q_FAIL: "✗", Q_NOT_ATTEMPTED: "○", Q_FAULT: "✗", Q_MISSING: "✗"}


def _cell(text) -> str:
    """CSV-safe text: a leading = + - @ (a spreadsheet formula) gets a quote prefix."""
    text = "" if text is None else str(text)
    text = text.replace("\r", " ").replace("\n", " ")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t") else text


def csv_text(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    keys = [key for key, _, _, _ in report.columns]
    writer.writerow(["student", "status", "score", "max", *keys, "seconds", "flags", "reason",
                     "notes", "file"])
    for row in report.rows:
        points = {q.key: q.points for q in row.questions}
        writer.writerow([_cell(row.student), row.status, row.score, row.max_score,
                         *[points.get(key, 0) for key in keys], f"{row.seconds:.1f}",
                         _cell("; ".join(row.flags)), _cell(row.reason),
                         _cell("; ".join(row.notes)), _cell(row.source)])
    return buffer.getvalue()


def feedback_name(student: str, taken: set) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._") or "student"
    name, number = f"{stem}.html", 2
    while name.lower() in taken:
        name, number = f"{stem}-{number}.html", number + 1
    taken.add(name.lower())
    return name


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem;
         border-bottom: 1px solid #ddd; }
td.pass { color: #1a7f37; font-weight: 600; } td.fail { color: #b42318; font-weight: 600; }
td.todo { color: #9a6700; font-weight: 600; }
pre { white-space: pre-wrap; margin: 0; font-size: .9em; }
.hint { color: #555; margin-top: .3rem; } .muted { color: #666; }
"""


def feedback_html(row: Row, exercise: str) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Feedback: {esc(exercise)} ({esc(row.student)})</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>Feedback on {esc(exercise)}</h1>",
        f"<p><strong>{esc(row.student)}</strong>: {row.score} / {row.max_score} points.</p>",
    ]
    if row.status not in (GRADED, FAULT):
        parts.append(f"<p><strong>Your notebook could not be graded:</strong> "
                     f"{esc(row.reason)}</p>")
    parts.append("<table><thead><tr><th>Question</th><th>Result</th><th>Points</th>"
                 "<th>Details</th></tr></thead><tbody>")
    for q in row.questions:
        if q.status == Q_PASS:
            css, result = "pass", "passed"
        elif q.status == Q_NOT_ATTEMPTED:
            css, result = "todo", "not attempted"
        elif q.status == "not graded":
            css, result = "todo", "not graded"
        else:
            css, result = "fail", "failed"
        if q.hidden:
            title = f"{esc(q.title)} <span class='muted'>(hidden check)</span>"
            detail = ("<span class='muted'>A hidden check: its inputs and expected results are "
                      "not shown. It tests the same function on cases you have not seen.</span>")
        else:
            title = esc(q.title)
            detail = f"<pre>{esc(q.line)}</pre>" if q.line else ""
            if q.hint:
                detail += f"<div class='hint'>Hint: {esc(q.hint)}</div>"
        parts.append(f"<tr><td>{title}</td><td class='{css}'>{_SYMBOL.get(q.status, '–')} "
                     f"{result}</td><td>{q.points} / {q.max_points}</td><td>{detail}</td></tr>")
    parts.append("</tbody></table>")
    notes = [n for n in row.notes if n]
    if notes:
        parts.append("<h2>Notes</h2><ul>")
        parts += [f"<li>{esc(n)}</li>" for n in notes]
        parts.append("</ul>")
    parts.append("<p class='muted'>Graded by lossedu grade: only your answer cells were used, "
                 "inside a fresh copy of the exercise.</p></body></html>")
    return "\n".join(parts) + "\n"


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_report(report: Report, out_dir: str | Path) -> None:
    out_dir = Path(out_dir)
    feedback = out_dir / "feedback"
    feedback.mkdir(parents=True, exist_ok=True)
    _write(out_dir / "grades.csv", csv_text(report))
    taken: set = set()
    for row in report.rows:
        _write(feedback / feedback_name(row.slug or row.student, taken),
               feedback_html(row, report.exercise))


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
            lines.append(f"  {row.student}: " + "; ".join(row.flags))
    trouble = [r for r in rows if r.status not in (GRADED,)]
    if trouble:
        lines.append("")
        lines.append(f"Not (fully) graded ({len(trouble)}):")
        for row in trouble:
            lines.append(f"  {row.student} [{row.status}]: {row.reason}")
    if report.out_dir is not None:
        lines.append("")
        lines.append(f"Gradebook: {report.out_dir / 'grades.csv'}")
        lines.append(f"Feedback:  {report.out_dir / 'feedback'}/ ({len(rows)} files)")
    for warning in report.warnings:
        lines.append(f"WARNING: sandbox incomplete on this machine: {warning}. Students' code "
                     "ran with less isolation than intended.")
    return "\n".join(lines)
