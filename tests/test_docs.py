"""The documentation stays honest.

- Every relative link (and image) in README.md, docs/*.md and exercises/README.md points to an
  existing file, and every #anchor to an existing heading.
- Every ``lossedu ...`` command in their shell code blocks parses with the real command line.
- docs/instructor-guide.md has one section per lecture notebook (``## Notebook NN · Title``) with
  * a plan table whose minutes add up to 90, with consistent start times, naming every ``## ``
    heading of the notebook;
  * as many answers (``> **Qn.** <question>`` followed by ``**Answer.**``) as the notebook's
    "Check your understanding" has ``<details>`` blocks, each quoting the notebook's question;
  * a live exercise ``check("<question id>")`` that exists in lossedu.checks.QUESTIONS, is a check
    of that notebook's exercise, and is named by its title (``*title*``);
  and a homework table whose questions and points are those of the solution notebooks.
- Every number the instructor guide states appears in a notebook, an exercise solution or the
  docs it relies on, unless it is listed below as worked out for the guide.
- docs/review.md has one section per notebook (``## NN · Title``) with a three-depth summary and
  at least 4 revealable model answers, and its questions are not the notebooks' own.
- docs/glossary.md (when present) links only to existing lecture (or student exercise) notebooks.
"""

import difflib
import json
import re
import shlex
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest

from lossedu.checks import QUESTIONS
from lossedu.cli import build_parser
from lossedu.exercises import EXERCISES, resolve_exercise

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDE = DOCS / "instructor-guide.md"
REVIEW = DOCS / "review.md"
GLOSSARY = DOCS / "glossary.md"
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "exercises" / "solutions").glob("[0-9][0-9]_*.ipynb"))
MARKDOWN_FILES = [ROOT / "README.md", *sorted(DOCS.glob("*.md")), ROOT / "exercises" / "README.md"]
MARKDOWN_FILES = [p for p in MARKDOWN_FILES if p.exists()]

#: numbers the instructor guide works out itself (each is labelled there as computed for the guide)
DERIVED_NUMBERS = {
    "1.73", "1.67",            # 02 Q1: sqrt(3) and 5/3 minutes
    "1.32",                    # 05 Q1: -log2(0.4) bits
    "0.286",                   # 07 Q1: 2 / 7
    "1.46",                    # 11 Q3: ln(e + 9) - 1, the double-softmax floor for K = 10
}

SIMILAR = 0.85  # difflib ratio above which a quoted question counts as the notebook's question


# --------------------------------------------------------------------------- markdown helpers

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.M | re.S)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<(?:a|img)\b[^>]*?\b(?:href|src)=\"([^\"]+)\"", re.I)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)


def strip_code(text):
    """Markdown without fenced code blocks and inline code spans."""
    text = FENCE.sub("", text)
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", text, flags=re.S)


def normalise(text):
    return " ".join(text.split())


def slug(heading):
    """The anchor GitHub gives a heading (lower case, punctuation dropped, spaces to hyphens)."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


@cache
def anchors(path):
    text = path.read_text(encoding="utf-8")
    found, seen = set(), {}
    for _, title in HEADING.findall(FENCE.sub("", text)):
        base = slug(title)
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    found.update(re.findall(r"<a\s+(?:id|name)=\"([^\"]+)\"", text))
    return frozenset(found)


def sections(text, level):
    """{heading: body} of the headings of exactly this level (outside code blocks)."""
    marks = [(m.start(), m.end(), m.group(2)) for m in HEADING.finditer(text)
             if len(m.group(1)) == level and not _in_fence(text, m.start())]
    bounds = [m.start() for m in HEADING.finditer(text)
              if len(m.group(1)) <= level and not _in_fence(text, m.start())]
    out = {}
    for start, end, title in marks:
        stop = min([b for b in bounds if b > start], default=len(text))
        out[title] = text[end:stop]
    return out


def _in_fence(text, pos):
    return any(m.start() <= pos < m.end() for m in FENCE.finditer(text))


def subsection(body, prefix):
    """The body of the first ### subsection whose heading starts with prefix ('' if none)."""
    for title, sub in sections(body, 3).items():
        if title.startswith(prefix):
            return sub
    return ""


def relative_links(path):
    text = strip_code(path.read_text(encoding="utf-8"))
    targets = LINK.findall(text) + HTML_LINK.findall(text)
    return [t for t in targets if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", t)]


# --------------------------------------------------------------------------- notebook helpers

@cache
def read_notebook(path):
    return json.loads(path.read_text(encoding="utf-8"))


def notebook_markdown(path):
    cells = read_notebook(path)["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@cache
def notebook_text(path):
    """Every source and every text output of a notebook, as one string."""
    parts = []
    for cell in read_notebook(path)["cells"]:
        parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append("".join(out["text"]))
            parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def cyu_section(path):
    """The "## Check your understanding" section of a lecture notebook's markdown."""
    md = FENCE.sub("", notebook_markdown(path))
    for title, body in sections(md, 2).items():
        if title.strip().lower().startswith("check your understanding"):
            return body
    return ""


def cyu_questions(path):
    """(number of <details> blocks, [question texts]) of a notebook's check-your-understanding."""
    body = cyu_section(path)
    questions = re.findall(r"^\s*\d+\.\s+(.*?)\n\s*<details>", body, re.M | re.S)
    return len(re.findall(r"<details>", body)), [normalise(q) for q in questions]


def solution_checks(path):
    """{question id: points} of an exercise solution notebook's check cells."""
    checks = {}
    for cell in read_notebook(path)["cells"]:
        meta = cell.get("metadata", {}).get("lossedu") or {}
        if "check" in meta:
            checks[meta["check"]] = meta.get("points")
    return checks


def solution_for(number):
    matches = [p for p in SOLUTIONS if p.name.startswith(f"{number}_")]
    return matches[0] if matches else None


def lecture_for(number):
    return next(p for p in LECTURES if p.name.startswith(f"{number}_"))


# --------------------------------------------------------------------------- the course itself

def test_lecture_notebooks_are_numbered_without_gaps():
    assert [p.name[:2] for p in LECTURES] == [f"{i:02d}" for i in range(len(LECTURES))]


NUMBERS = [p.name[:2] for p in LECTURES]


# --------------------------------------------------------------------------- links

LINK_CASES = [(p, t) for p in MARKDOWN_FILES for t in relative_links(p)]


@pytest.mark.parametrize(("path", "target"), LINK_CASES,
                         ids=[f"{p.relative_to(ROOT)}->{t}" for p, t in LINK_CASES])
def test_relative_link_resolves(path, target):
    file_part, _, anchor = target.partition("#")
    dest = (path.parent / unquote(file_part)).resolve() if file_part else path
    assert dest.exists(), f"{path.relative_to(ROOT)} links to {target}, which does not exist"
    if anchor and dest.suffix == ".md":
        assert anchor in anchors(dest), (
            f"{path.relative_to(ROOT)} links to {target}: no heading with anchor #{anchor}"
        )


def test_markdown_files_have_links():
    # the link test above must not pass by finding nothing
    assert LINK_CASES and any(p.name == "README.md" for p, _ in LINK_CASES)


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_tables_have_one_cell_per_column(path):
    # an unescaped | inside a cell (even in `code` or $math$) silently splits it in two
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"))
    width = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.lstrip().startswith("|"):
            width = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        width = width or cells
        assert cells == width, f"{path.relative_to(ROOT)}, line {number}: stray | in a table row"


# --------------------------------------------------------------------------- commands

def shell_commands(path):
    """``lossedu <subcommand> ...`` invocations in the shell code blocks of a markdown file."""
    text = path.read_text(encoding="utf-8")
    commands = []
    for block in FENCE.finditer(text):
        lang = block.group(0).splitlines()[0].strip("`~ \t").lower()
        if lang not in ("", "bash", "sh", "shell", "console"):
            continue
        body = re.sub(r"\\\n", " ", block.group(0))
        for line in body.splitlines()[1:-1]:
            line = line.split(" #")[0].lstrip("$ ")
            for part in re.split(r"&&|;|\|\|", line):
                m = re.search(r"(?:^|[\s/])lossedu\s+(exercises|check|grade)\b(.*)", part)
                if m:
                    commands.append(f"{m.group(1)}{m.group(2)}".strip())
    return commands


COMMAND_CASES = [(p, c) for p in MARKDOWN_FILES for c in shell_commands(p)]


@pytest.mark.parametrize(("path", "command"), COMMAND_CASES,
                         ids=[f"{p.relative_to(ROOT)}: lossedu {c}" for p, c in COMMAND_CASES])
def test_documented_command_parses(path, command):
    argv = shlex.split(re.sub(r"[\[\]]", " ", command))  # [--opt x] marks an optional part
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as err:  # argparse reports to stderr and exits
        pytest.fail(f"{path.relative_to(ROOT)}: `lossedu {command}` does not parse ({err})")
    names = ([args.exercise] if args.command == "grade" else
             args.names if args.command == "exercises" else [])
    if args.command == "check" and not args.notebook.endswith(".ipynb"):
        names = [args.notebook]
    for name in names:
        resolve_exercise(name)  # raises for an unknown exercise
    if args.command == "check" and args.notebook.endswith(".ipynb"):
        assert (ROOT / args.notebook).exists(), f"no notebook {args.notebook}"


def test_guide_shows_grading_commands():
    commands = [c for p, c in COMMAND_CASES if p == GUIDE]
    assert any(c.startswith("grade ") and "--hidden" in c for c in commands)
    assert any(c.startswith("exercises") for c in commands)
    assert any(c.startswith("check ") for c in commands)


# --------------------------------------------------------------------------- instructor guide

@cache
def guide_sections():
    text = GUIDE.read_text(encoding="utf-8")
    found = {}
    for title, body in sections(text, 2).items():
        m = re.match(r"Notebook (\d\d) · ", title)
        if m:
            found[m.group(1)] = (title, body)
    return found


def test_guide_has_a_section_per_notebook():
    assert sorted(guide_sections()) == NUMBERS


@pytest.mark.parametrize("number", NUMBERS)
def test_guide_section_links_its_notebook(number):
    _, body = guide_sections()[number]
    assert f"../notebooks/{lecture_for(number).name}" in body


@pytest.mark.parametrize("number", NUMBERS)
def test_guide_plan_takes_90_minutes_and_follows_the_notebook(number):
    _, body = guide_sections()[number]
    plan = subsection(body, "Plan")
    rows = re.findall(r"^\|\s*(\d+):(\d\d)\s*\|\s*(\d+)\s*\|(.*)\|\s*$", plan, re.M)
    assert rows, f"notebook {number}: no plan table (| 0:00 | 5 | section | activity |)"
    elapsed = 0
    for hours, minutes, length, _ in rows:
        assert int(hours) * 60 + int(minutes) == elapsed, (
            f"notebook {number}: a row starts at {hours}:{minutes}, expected minute {elapsed}"
        )
        elapsed += int(length)
    assert elapsed == 90, f"notebook {number}: the plan takes {elapsed} minutes, not 90"
    plan_text = normalise(" ".join(row[3] for row in rows))
    md = FENCE.sub("", notebook_markdown(lecture_for(number)))
    for title in sections(md, 2):
        assert normalise(title) in plan_text, (
            f"notebook {number}: its section '{title}' is missing from the guide's plan"
        )


@pytest.mark.parametrize("number", NUMBERS)
def test_guide_answers_every_check_your_understanding_question(number):
    n_details, questions = cyu_questions(lecture_for(number))
    assert n_details > 0, f"notebook {number} has no 'Check your understanding' answers"
    _, body = guide_sections()[number]
    answers = subsection(body, "Check your understanding")
    quoted = re.findall(r"^> \*\*Q(\d+)\.\*\*\s*(.+?)\s*$", answers, re.M)
    n_answers = len(re.findall(r"^\*\*Answer\.\*\*", answers, re.M))
    assert len(quoted) == n_details, (
        f"notebook {number} has {n_details} questions, the guide quotes {len(quoted)}"
    )
    assert n_answers == n_details, (
        f"notebook {number} has {n_details} questions, the guide gives {n_answers} answers"
    )
    assert [int(q) for q, _ in quoted] == list(range(1, n_details + 1))
    # each answer comes after its question and before the next one
    order = [m.group(0)[:5] for m in re.finditer(r"^(> \*\*Q|\*\*Answer\.)", answers, re.M)]
    assert order == ["> **Q", "**Ans"] * n_details
    if len(questions) == n_details:
        for (k, text), theirs in zip(quoted, questions, strict=True):
            ratio = difflib.SequenceMatcher(None, normalise(text), theirs).ratio()
            assert ratio >= SIMILAR, (
                f"notebook {number}, question {k}: the guide quotes\n  {text}\n"
                f"but the notebook asks\n  {theirs}"
            )


LIVE = re.compile(
    r"check\(\"([a-z][a-z0-9_]*)\"\)`?\s*[(,]?\s*(?:its\s+line\s+reads\s+)?(?:\*([^*]+)\*)?"
)


@pytest.mark.parametrize("number", NUMBERS)
def test_guide_live_exercise_is_a_question_of_that_exercise(number):
    _, body = guide_sections()[number]
    live = LIVE.findall(subsection(body, "Live exercise"))
    solution = solution_for(number)
    if solution is None:  # 00 has no exercise; a named question must still exist
        assert all(qid in QUESTIONS for qid, _ in live)
        return
    assert live, f"notebook {number}: the guide names no live exercise check(\"...\")"
    checks = solution_checks(solution)
    for qid, _ in live:
        assert qid in QUESTIONS, f"notebook {number}: unknown question id {qid!r}"
        assert qid in checks, f"notebook {number}: {qid!r} is not a check of {solution.name}"


def test_guide_names_questions_by_their_titles():
    found = LIVE.findall(GUIDE.read_text(encoding="utf-8"))
    assert found
    for qid, title in found:
        assert qid in QUESTIONS, f"the guide names an unknown question {qid!r}"
        assert normalise(title) == QUESTIONS[qid].title, (
            f"the guide calls check({qid!r}) *{title}*; its title is *{QUESTIONS[qid].title}*"
        )


def test_guide_homework_table_matches_the_solutions():
    text = GUIDE.read_text(encoding="utf-8")
    rows = re.findall(r"^\|\s*`(\d\d)` · (\w+)\s*\|(.*?)\|\s*(\d+)\s*\|\s*$", text, re.M)
    assert [(r[0], r[1]) for r in rows] == [(n[:2], n) for n in EXERCISES]
    for _, name, cell, total in rows:
        solution = ROOT / "exercises" / "solutions" / f"{name}.ipynb"
        assert solution.exists(), f"no solution notebook {name}"
        listed = {q: int(p) for q, p in re.findall(r"(\w+) \((\d+)\)", cell)}
        assert listed == solution_checks(solution), f"{name}: questions or points differ"
        assert int(total) == sum(listed.values())


def guide_numbers():
    text = GUIDE.read_text(encoding="utf-8")
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are file names, not statements
    pattern = r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+(?:e[+-]\d+)?)(?![\w])"
    return sorted(set(re.findall(pattern, text)))


@cache
def source_corpus():
    texts = [notebook_text(p) for p in LECTURES + SOLUTIONS]
    for name in ("README.md", "docs/grading.md", "docs/exercise-format.md", "requirements.txt"):
        if (ROOT / name).exists():
            texts.append((ROOT / name).read_text(encoding="utf-8"))
    return "\n".join(texts)


def test_guide_numbers_come_from_the_course():
    missing = [n for n in guide_numbers()
               if n not in DERIVED_NUMBERS and n not in source_corpus()]
    assert not missing, (
        "the instructor guide states numbers that no notebook prints (re-run the notebooks and "
        f"copy their outputs, or label a worked-out number and list it here): {missing}"
    )


# --------------------------------------------------------------------------- review questions

@cache
def review_sections():
    text = REVIEW.read_text(encoding="utf-8")
    found = {}
    for title, body in sections(text, 2).items():
        m = re.match(r"(\d\d) · ", title)
        if m:
            found[m.group(1)] = body
    return found


def test_review_has_a_section_per_notebook():
    assert sorted(review_sections()) == NUMBERS


@pytest.mark.parametrize("number", NUMBERS)
def test_review_section_has_summary_and_model_answers(number):
    body = review_sections()[number]
    assert f"../notebooks/{lecture_for(number).name}" in body
    for depth in ("**In one line.**", "**In a paragraph.**", "**The detailed recap.**"):
        assert depth in body, f"review {number}: summary part {depth} missing"
    opened = body.count("<details><summary>Model answer</summary>")
    closed = body.count("</details>")
    assert opened >= 4, f"review {number}: {opened} model answers, at least 4 expected"
    assert opened == closed == body.count("<details>"), f"review {number}: unbalanced <details>"


@pytest.mark.parametrize("number", NUMBERS)
def test_review_questions_differ_from_the_notebooks(number):
    _, theirs = cyu_questions(lecture_for(number))
    ours = re.findall(r"^\*\*R\d+\.\*\*\s*(.+?)\s*$", review_sections()[number], re.M)
    assert len(ours) >= 4, f"review {number}: questions are written **R1.** ..."
    for q in ours:
        for t in theirs:
            assert difflib.SequenceMatcher(None, normalise(q), t).ratio() < SIMILAR, (
                f"review {number} repeats the notebook's question: {q}"
            )


# --------------------------------------------------------------------------- glossary

@pytest.mark.skipif(not GLOSSARY.exists(), reason="docs/glossary.md is not written yet")
def test_glossary_links_only_to_existing_notebooks():
    links = [t.partition("#")[0] for t in relative_links(GLOSSARY)]
    notebook_links = [t for t in links if t.endswith(".ipynb")]
    assert notebook_links, "the glossary names no notebook"
    # lecture notebooks, and the student exercises (never the solutions)
    students = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
    allowed = {p.resolve() for p in LECTURES + students}
    for target in notebook_links:
        dest = (GLOSSARY.parent / unquote(target)).resolve()
        assert dest in allowed, f"the glossary links to {target}, not an existing course notebook"
