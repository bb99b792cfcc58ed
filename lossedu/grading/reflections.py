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

import html

from lossedu.exercises import MARKDOWN_STUB, Exercise, find_answers
from lossedu.grading import spreadsheet


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


def reflections_csv(rows: list, questions: list[tuple[str, str]]) -> str:
    """One line per student and reflection: student, student_id, reflection, words, answer,
    mark (empty, for the instructor). UTF-8 with a byte-order mark (Excel); student text is
    never a formula (:mod:`lossedu.grading.spreadsheet`)."""
    table = [["student", "student_id", "reflection", "words", "answer", "mark"]]
    for answer_id, _ in questions:
        for row in rows:
            text = (getattr(row, "reflections", None) or {}).get(answer_id, "")
            table.append([spreadsheet.cell(row.student),
                          spreadsheet.cell(getattr(row, "student_id", "")), answer_id,
                          _words(text), spreadsheet.cell(text), ""])
    return spreadsheet.csv_text(table)


#: an answer this long that another student wrote too is marked (short ones coincide)
SAME_TEXT_WORDS = 8

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
section { margin-bottom: 2.5rem; } .prompt { background: #f5f5f0; padding: .6rem .8rem;
       border-left: 4px solid #888; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem;
         border-bottom: 1px solid #ddd; }
td.answer { white-space: pre-wrap; overflow-wrap: anywhere; } td.who { width: 12rem; }
.muted { color: #666; } nav a { margin-right: 1rem; }
.same { display: block; margin-top: .3rem; color: #9a6700; font-size: .9em; white-space: normal; }
"""


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _who(row) -> str:
    """The student's name, with the LMS id (two students can share a name)."""
    ident = getattr(row, "student_id", "")
    return html.escape(row.student) + (f" <span class='muted'>({html.escape(ident)})</span>"
                                       if ident else "")


def _missing(row) -> str:
    """Why a row shows no answer: none written, or no notebook graded (and why)."""
    if row.status in ("graded", "graded-with-faults"):
        return "no answer"
    if row.status == "no-submission":
        return "no submission"
    return f"notebook not graded: {row.status}"


def reflections_html(rows: list, questions: list[tuple[str, str]], exercise: str) -> str:
    """One page: each reflection's question, then every student's answer (escaped), with the
    LMS id next to the name and a mark on answers that other students wrote word for word."""
    esc = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
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
        by_text: dict[str, list] = {}
        for row, text in texts:
            if _words(text) >= SAME_TEXT_WORDS:
                by_text.setdefault(_normal(text), []).append(row)
        parts.append(f"<section id='{esc(answer_id)}'><h2>{esc(answer_id)}</h2>")
        parts.append(f"<div class='prompt'>{esc(prompt)}</div>")
        parts.append(f"<p class='muted'>{answered} of {len(texts)} answered.</p>")
        parts.append("<table><thead><tr><th>Student</th><th>Answer</th><th>Words</th></tr>"
                     "</thead><tbody>")
        for row, text in texts:
            shown = esc(text) if text else f"<span class='muted'>({esc(_missing(row))})</span>"
            others = [r for r in by_text.get(_normal(text), []) if r is not row] if text else []
            if others:
                names = ", ".join(esc(r.student) + (f" ({esc(r.student_id)})"
                                                    if getattr(r, "student_id", "") else "")
                                  for r in others)
                shown += f"<span class='same'>same text as: {names}</span>"
            parts.append(f"<tr><td class='who'>{_who(row)}</td>"
                         f"<td class='answer'>{shown}</td><td>{_words(text)}</td></tr>")
        parts.append("</tbody></table></section>")
    if not questions:
        parts.append("<p>This exercise has no written reflections.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
