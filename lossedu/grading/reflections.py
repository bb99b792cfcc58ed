"""The students' written reflections, gathered for the instructor to read and mark.

A reflection is a markdown answer cell (docs/exercise-format.md: tag ``answer``, cell type
markdown); it is not graded automatically. :func:`reflection_texts` takes each one from a
submission (by its answer id, like the code answers), :func:`prompts` reads the question
(the markdown cell just above the answer in the instructor's solution notebook), and
:func:`reflections_html` / :func:`reflections_csv` put every student's answer under each
question: one page to read, one CSV with an empty ``mark`` column to fill in.

Students' text is escaped in the page (shown as written, markdown source included): nothing
a student wrote can run or change the instructor's page.
"""

from __future__ import annotations

import csv
import html
import io

from lossedu.exercises import MARKDOWN_STUB, Exercise, find_answers


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def reflection_texts(student_nb, exercise: Exercise) -> dict[str, str]:
    """answer id -> the student's text, for every reflection of ``exercise`` (the instructor
    copy's :class:`~lossedu.exercises.Exercise`); "" when missing or still the stub."""
    answers, _ = find_answers(student_nb, exercise)
    out = {}
    for answer_id, cell in exercise.answers.items():
        if cell.cell_type != "markdown":
            continue
        found = answers.get(answer_id)
        text = _source(found).strip() if found is not None and \
            found.get("cell_type") == "markdown" else ""
        out[answer_id] = "" if text == MARKDOWN_STUB else text
    return out


def prompts(solution_nb, exercise: Exercise) -> list[tuple[str, str]]:
    """(answer id, question text) of each reflection, in notebook order: the question is the
    markdown cell just above the answer cell in the instructor's notebook."""
    out = []
    for answer_id, index in sorted(exercise.answer_index.items(), key=lambda item: item[1]):
        if exercise.answers[answer_id].cell_type != "markdown":
            continue
        above = solution_nb.cells[index - 1] if index > 0 else None
        text = _source(above).strip() if above is not None and \
            above.cell_type == "markdown" else ""
        out.append((answer_id, text))
    return out


def _words(text: str) -> int:
    return len(text.split())


def _csv_text(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t") else text


def reflections_csv(rows: list, questions: list[tuple[str, str]]) -> str:
    """One line per student and reflection: student, student_id, reflection, words, answer,
    mark (empty, for the instructor). UTF-8 with a byte-order mark (Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["student", "student_id", "reflection", "words", "answer", "mark"])
    for answer_id, _ in questions:
        for row in rows:
            text = (getattr(row, "reflections", None) or {}).get(answer_id, "")
            writer.writerow([_csv_text(row.student), _csv_text(getattr(row, "student_id", "")),
                             answer_id, _words(text), _csv_text(text), ""])
    return "\ufeff" + buffer.getvalue()


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; }
section { margin-bottom: 2.5rem; } .prompt { background: #f5f5f0; padding: .6rem .8rem;
       border-left: 4px solid #888; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem;
         border-bottom: 1px solid #ddd; }
td.answer { white-space: pre-wrap; overflow-wrap: anywhere; } td.who { width: 12rem; }
.muted { color: #666; } nav a { margin-right: 1rem; }
"""


def reflections_html(rows: list, questions: list[tuple[str, str]], exercise: str) -> str:
    """One page: each reflection's question, then every student's answer (escaped)."""
    esc = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Reflections: {esc(exercise)}</title>",
             f"<style>{_STYLE}</style></head><body>",
             f"<h1>Reflections in {esc(exercise)}</h1>",
             f"<p class='muted'>{len(rows)} submission{'s' if len(rows) != 1 else ''}; "
             "the answers are shown as the students wrote them (markdown source). "
             "reflections.csv has the same answers with an empty mark column.</p>"]
    if questions:
        parts.append("<nav>" + "".join(f"<a href='#{esc(a)}'>{esc(a)}</a>"
                                       for a, _ in questions) + "</nav>")
    for answer_id, prompt in questions:
        texts = [(row, (getattr(row, "reflections", None) or {}).get(answer_id, ""))
                 for row in rows]
        answered = sum(1 for _, text in texts if text)
        parts.append(f"<section id='{esc(answer_id)}'><h2>{esc(answer_id)}</h2>")
        parts.append(f"<div class='prompt'>{esc(prompt)}</div>")
        parts.append(f"<p class='muted'>{answered} of {len(texts)} answered.</p>")
        parts.append("<table><thead><tr><th>Student</th><th>Answer</th><th>Words</th></tr>"
                     "</thead><tbody>")
        for row, text in texts:
            empty = "no answer" if getattr(row, "reflections", None) or \
                row.status in ("graded", "graded-with-faults") else "notebook not graded"
            shown = esc(text) if text else f"<span class='muted'>({empty})</span>"
            parts.append(f"<tr><td class='who'>{esc(row.student)}</td>"
                         f"<td class='answer'>{shown}</td><td>{_words(text)}</td></tr>")
        parts.append("</tbody></table></section>")
    if not questions:
        parts.append("<p>This exercise has no written reflections.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
