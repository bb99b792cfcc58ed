"""Rebuild a submission from the instructor's copy: the student supplies answers, nothing else.

:func:`read_notebook` turns the submitted bytes into a notebook (or a status with a clear
reason: invalid JSON, old format, empty notebook...). :func:`build_plan` walks the
*instructor's* solution notebook cell by cell and produces the steps the kernel runs:

* the instructor's set-up code cells, as they are;
* for each answer cell, the student's cell with the same answer id (its source only: no
  outputs, no metadata); a missing, duplicated or retyped answer cell is not run, and every
  question that needs it scores 0 with the reason;
* for each check cell, a probe of that question (and of its hidden checks) instead of the
  check: check cells, their points and the hidden checks never come from the submission;
* the student's EXTRA code cells (a helper function, an ``import math`` in a new cell), in
  notebook order between the instructor's cells, like answers: sandboxed, and a fault in
  one costs only the questions whose answers use a name it defines. They are student code:
  they earn nothing by themselves (a copied ``check(...)`` cell is not run; a cell that
  redefines ``check`` changes nothing, the probes do not use it), and the notes list them.

Everything else in the submission (edited or deleted check cells, edited set-up cells,
outputs, changed points) is ignored.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field

import nbformat

from lossedu.exercises import EXERCISES, Exercise, find_answers

#: statuses of a submission that could not be rebuilt
INVALID_JSON = "invalid-json"
OLD_FORMAT = "old-format"
NOT_A_NOTEBOOK = "not-a-notebook"
EMPTY_NOTEBOOK = "empty-notebook"
WRONG_NOTEBOOK = "wrong-notebook"

#: an answer cell longer than this is not run
MAX_ANSWER_CHARS = 200_000
#: at most this many extra code cells of a submission are run (the rest is noted)
MAX_EXTRA_CELLS = 30


class SubmissionError(ValueError):
    """The submission cannot be graded; ``status`` is a short code, the message the reason."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class CheckSpec:
    """A graded check: a question of the notebook, or a hidden check of one."""

    key: str  #: column of the gradebook: the question id, or the hidden check's id
    question: str  #: registered question id
    title: str
    points: int
    answers: tuple
    hidden: bool = False
    cases: tuple | None = None  #: hidden: Case objects for the judge
    encoded: tuple | None = None  #: hidden: the cases as JSON data for the probe
    #: error carried forward: the key of the question this probe of an earlier function serves
    #: (lossedu.grading.carried); such a spec has no points and never becomes a column
    carried_for: str = ""


@dataclass(frozen=True)
class Step:
    """One cell the kernel runs: ``setup``, ``answer``, ``probe`` or ``snapshot``."""

    kind: str
    source: str = ""
    answer: str | None = None
    check: str | None = None  #: CheckSpec.key of a probe
    cell: int | None = None  #: index in the instructor's notebook


@dataclass
class Plan:
    steps: list
    checks: list  #: CheckSpec, in notebook order (hidden checks after their question)
    zero: dict = field(default_factory=dict)  #: check key -> why it scores 0 without running
    notes: list = field(default_factory=list)
    answer_sources: dict = field(default_factory=dict)  #: answer id -> student's source
    answer_checks: dict = field(default_factory=dict)  #: answer id -> check keys needing it
    tampering: list = field(default_factory=list)  #: what the student changed in check cells
    probe_specs: dict = field(default_factory=dict)  #: check key -> probe spec of added probes
    #: ``wanted(key, outcomes)``: whether an added probe is still needed (None: every probe)
    wanted: object = None


def check_cell_changes(exercise: Exercise, solution_nb, student_nb) -> list[str]:
    """What the submission changed in the check cells (all of it is ignored when grading):
    deleted, edited, metadata removed, points changed. Returned as flag texts."""
    by_question, by_id = {}, {}
    for cell in student_nb.cells:
        meta = cell.get("metadata", {}).get("lossedu", {})
        if isinstance(meta, dict) and isinstance(meta.get("check"), str):
            by_question.setdefault(meta["check"], []).append(cell)
        if isinstance(cell.get("id"), str):
            by_id[cell["id"]] = cell
    changes = []
    for chk in exercise.checks:
        expected = f'check("{chk.question}")'
        cells = by_question.get(chk.question, [])
        if not cells:
            same_id = by_id.get(chk.cell_id) if chk.cell_id else None
            if same_id is None:
                changes.append(f"deleted check cell {chk.question} (ignored)")
            else:
                changes.append(f"removed the metadata of check cell {chk.question} (ignored)")
                if _text(same_id.source).strip() != expected:
                    changes.append(f"edited check cell {chk.question} (ignored)")
            continue
        if len(cells) > 1:
            changes.append(f"duplicated check cell {chk.question} (ignored)")
        cell = cells[0]
        if _text(cell.source).strip() != expected:
            changes.append(f"edited check cell {chk.question} (ignored)")
        points = cell.metadata["lossedu"].get("points")
        if points != chk.points:
            changes.append(f"changed the points of {chk.question} to {points!r} (ignored)")
    return changes


def _text(source) -> str:
    if isinstance(source, list):
        return "".join(str(s) for s in source)
    return source if isinstance(source, str) else ""


def read_notebook(data: bytes) -> nbformat.NotebookNode:
    """Parse submitted bytes into a clean nbformat-4 notebook, leniently.

    Only what grading needs is kept (cell type, source, id, metadata); raises
    :class:`SubmissionError` with a status and a reason a student understands.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(INVALID_JSON,
                              "the file is not UTF-8 text (not a notebook?)") from None
    if not text.strip():
        raise SubmissionError(EMPTY_NOTEBOOK, "the file is empty")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise SubmissionError(INVALID_JSON, f"the file is not valid JSON (line {error.lineno}, "
                              f"column {error.colno}: {error.msg}); was it edited outside "
                              "Jupyter or cut off?") from None
    except RecursionError:
        raise SubmissionError(INVALID_JSON, "the file's JSON is nested too deeply") from None
    if not isinstance(raw, dict) or ("cells" not in raw and "worksheets" not in raw):
        raise SubmissionError(NOT_A_NOTEBOOK, "the file is JSON but not a Jupyter notebook")
    major = raw.get("nbformat")
    if "worksheets" in raw or (isinstance(major, int) and major < 4):
        raise SubmissionError(OLD_FORMAT, f"the notebook is in the old format {major or 3}; open "
                              "it in a current Jupyter, save it (format 4) and resubmit")
    if major not in (4, None):
        raise SubmissionError(NOT_A_NOTEBOOK, f"unknown notebook format {major!r}")
    cells = raw.get("cells")
    if not isinstance(cells, list):
        raise SubmissionError(NOT_A_NOTEBOOK, "the notebook has no list of cells")
    clean = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            continue
        metadata = cell.get("metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        keep = {}
        if isinstance(metadata.get("lossedu"), dict):
            keep["lossedu"] = metadata["lossedu"]
        if isinstance(metadata.get("tags"), list):
            keep["tags"] = [t for t in metadata["tags"] if isinstance(t, str)]
        entry = {"cell_type": cell["cell_type"], "source": _text(cell.get("source", "")),
                 "metadata": keep}
        if isinstance(cell.get("id"), str):
            entry["id"] = cell["id"]
        if cell["cell_type"] == "code":
            entry.update(outputs=[], execution_count=None)
        clean.append(entry)
    if not any(_text(c["source"]).strip() for c in clean):
        raise SubmissionError(EMPTY_NOTEBOOK, "the notebook has no cells with content")
    metadata = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
    keep = {"lossedu": metadata["lossedu"]} if isinstance(metadata.get("lossedu"), dict) else {}
    return nbformat.from_dict({"cells": clean, "metadata": keep, "nbformat": 4,
                               "nbformat_minor": 5})


def _other_exercise(nb, exercise_name: str) -> str | None:
    meta = nb.metadata.get("lossedu", {})
    name = meta.get("exercise") if isinstance(meta, dict) else None
    if isinstance(name, str) and name != exercise_name and name in EXERCISES:
        return name
    return None


@dataclass(frozen=True)
class Extra:
    """An extra code cell of the submission, run before the instructor's cell ``before``."""

    id: str  #: "extra-1", "extra-2"... (in notebook order)
    source: str
    before: int  #: index in the instructor's notebook (len(cells): at the end)
    defines: frozenset  #: top-level names it binds


def _tree(source: str):
    from lossedu.grading.flags import python_source

    try:
        return ast.parse(python_source(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _defined(tree) -> set:
    """Names a cell binds at top level (assignments, def, class, import, for, with)."""
    names = set()
    if tree is None:
        return names
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
        elif isinstance(node, ast.Global):
            names |= set(node.names)
    return names


def _used(tree) -> set:
    if tree is None:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _only_checks(tree) -> bool:
    """A cell of nothing but ``check("...")`` calls (a copied check cell)."""
    return tree is not None and bool(tree.body) and all(
        isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == "check"
        for stmt in tree.body)


def _question_names(question_id: str) -> tuple:
    from lossedu.checks import get_question

    try:
        return tuple(get_question(question_id).names)
    except KeyError:
        return ()


def extra_cells(solution_nb, exercise: Exercise, student_nb, notes: list) -> list[Extra]:
    """The student's added code cells, each placed before the instructor's cell that follows
    it in the submission (an answer, a check, or an instructor cell known by id or source),
    never before the first answer (the instructor's set-up runs first)."""
    ids = {c.get("id"): i for i, c in enumerate(solution_nb.cells) if isinstance(c.get("id"), str)}
    sources = {}
    for i, c in enumerate(solution_nb.cells):
        sources.setdefault(_text(c.source).strip(), i)
    check_at = {chk.question: chk.index for chk in exercise.checks}
    first_answer = min(exercise.answer_index.values(), default=0)
    placed = []  # (solution index or None, source) in the student's order
    for cell in student_nb.cells:
        meta = cell.get("metadata", {}).get("lossedu")
        meta = meta if isinstance(meta, dict) else {}
        source = _text(cell.get("source", ""))
        if isinstance(meta.get("answer"), str):
            placed.append((exercise.answer_index.get(meta["answer"]), None))
        elif isinstance(meta.get("check"), str):
            placed.append((check_at.get(meta["check"]), None))
        elif meta:
            placed.append((ids.get(cell.get("id")), None))  # quiz cells and the like
        elif cell.get("id") in ids:
            placed.append((ids[cell["id"]], None))  # an instructor cell (maybe edited)
        elif source.strip() in sources:
            placed.append((sources[source.strip()], None))  # one without its id
        elif cell.get("cell_type") == "code" and source.strip():
            placed.append((None, source))
    extras, anchor = [], len(solution_nb.cells)
    for index, source in reversed(placed):
        if source is None:
            anchor = index if index is not None else anchor
            continue
        tree = _tree(source)
        if _only_checks(tree):
            continue
        extras.append((max(anchor, first_answer), source, tree))
    extras.reverse()
    last_check = max((chk.index for chk in exercise.checks), default=0)
    after = [e for e in extras if e[0] > last_check]
    if after:  # nothing is checked below them: they cannot change a result
        notes.append(f"{len(after)} extra code cell{'s' if len(after) > 1 else ''} after the "
                     "last question {} not run".format("were" if len(after) > 1 else "was"))
        extras = [e for e in extras if e[0] <= last_check]
    if len(extras) > MAX_EXTRA_CELLS:
        notes.append(f"only the first {MAX_EXTRA_CELLS} of your {len(extras)} extra code "
                     "cells were run")
        extras = extras[:MAX_EXTRA_CELLS]
    out = []
    for number, (before, source, tree) in enumerate(extras, start=1):
        if len(source) > MAX_ANSWER_CHARS:
            notes.append(f"extra cell {number} is too long ({len(source)} characters): not run")
            continue
        out.append(Extra(f"extra-{number}", source, before, frozenset(_defined(tree))))
    return out


def _extra_users(extras: list, answer_sources: dict) -> dict:
    """extra id -> the answer ids that use a name it defines (directly, or through a later
    extra cell that uses it)."""
    used = {aid: _used(_tree(src)) for aid, src in answer_sources.items()}
    extra_used = {e.id: _used(_tree(e.source)) for e in extras}
    users = {}
    for position, extra in enumerate(extras):
        names = set(extra.defines)
        for later in extras[position + 1:]:
            if names & extra_used[later.id]:
                names |= later.defines
        users[extra.id] = sorted(aid for aid, u in used.items() if names & u)
    return users


def build_plan(solution_nb, exercise: Exercise, exercise_name: str, student_nb,
               hidden=(), titles: dict | None = None) -> Plan:
    """The steps that grade ``student_nb``, built from the instructor's ``solution_nb``.

    ``exercise`` is ``parse_exercise(solution_nb)``; ``hidden`` the HiddenCheck list;
    ``titles`` question id -> title. Raises :class:`SubmissionError` (wrong notebook) when
    none of the exercise's answer cells can be found.
    """
    titles = titles or {}
    answers, problems = find_answers(student_nb, exercise)
    notes = []
    # an answer whose metadata was stripped: accept the cell with the same cell id and type
    by_id = {c.get("id"): c for c in student_nb.cells if isinstance(c.get("id"), str)}
    for answer_id, problem in list(problems.items()):
        if not problem.startswith("missing"):
            continue
        cell_id = exercise.answers[answer_id].get("id")
        cell = by_id.get(cell_id) if cell_id else None
        if cell is not None and cell.cell_type == exercise.answers[answer_id].cell_type \
                and not cell.get("metadata", {}).get("lossedu"):
            answers[answer_id] = cell
            del problems[answer_id]
            notes.append(f"answer {answer_id!r} was found by its cell id (its metadata had "
                         "been removed)")
    for answer_id, problem in problems.items():
        if problem.startswith("unexpected"):
            notes.append(f"ignored a cell with the unknown answer id {answer_id!r}")
    if not [a for a in answers if a in exercise.answers]:
        other = _other_exercise(student_nb, exercise_name)
        raise SubmissionError(WRONG_NOTEBOOK, (
            f"this is {other}, not {exercise_name}" if other else
            f"none of the answer cells of {exercise_name} is in this notebook (wrong notebook, "
            "or a copy that lost the cells' metadata?)"))

    extras = extra_cells(solution_nb, exercise, student_nb, notes)
    users = _extra_users(extras, {aid: _text(c.source) for aid, c in answers.items()
                                  if c.cell_type == "code"})
    needs = {}  # answer id -> the extra cells it uses
    for extra in extras:
        for answer_id in users[extra.id]:
            needs.setdefault(answer_id, []).append(extra.id)
    probed = {}  # check question -> the extra cells that define a name its probe reads
    for chk in exercise.checks:
        names = set(_question_names(chk.question))
        probed[chk.question] = tuple(e.id for e in extras if names & e.defines)
        for extra_id in probed[chk.question]:
            users[extra_id] = sorted({*users[extra_id], *chk.answers})

    checks, zero = [], {}
    hidden_by_question: dict[str, list] = {}
    for item in hidden:
        hidden_by_question.setdefault(item.question, []).append(item)
    answer_checks: dict[str, list] = {}
    for chk in exercise.checks:
        uses = tuple(dict.fromkeys([*(x for a in chk.answers for x in needs.get(a, ())),
                                    *probed[chk.question]]))
        specs = [CheckSpec(chk.question, chk.question, titles.get(chk.question, chk.question),
                           chk.points, tuple(chk.answers) + uses)]
        specs += [CheckSpec(h.id, h.question, h.title, h.points, tuple(chk.answers) + uses,
                            True, h.cases, h.encoded)
                  for h in hidden_by_question.get(chk.question, [])]
        for spec in specs:
            checks.append(spec)
            for answer_id in spec.answers:
                answer_checks.setdefault(answer_id, []).append(spec.key)
                problem = problems.get(answer_id)
                if problem and spec.key not in zero:
                    zero[spec.key] = f"answer cell {answer_id!r} {problem.replace(':', ' -', 1)}"
    check_at = {chk.index: chk for chk in exercise.checks}
    answer_at = {index: answer_id for answer_id, index in exercise.answer_index.items()}
    specs_of = {}
    for spec in checks:
        specs_of.setdefault(spec.question, []).append(spec)

    steps, sources = [], {}
    first_answer = True
    extras_at: dict[int, list] = {}
    for extra in extras:
        extras_at.setdefault(extra.before, []).append(extra)
    for index in range(len(solution_nb.cells) + 1):
        for extra in extras_at.get(index, ()):
            if first_answer:
                steps.append(Step("snapshot"))
                first_answer = False
            sources[extra.id] = extra.source
            steps.append(Step("answer", extra.source, answer=extra.id, cell=None))
        if index == len(solution_nb.cells):
            break
        cell = solution_nb.cells[index]
        if index in answer_at:
            answer_id = answer_at[index]
            if cell.cell_type != "code":
                continue  # a written reflection: read by the instructor, not run
            student = answers.get(answer_id)
            if student is None or problems.get(answer_id, "").startswith(("missing", "retyped")):
                continue
            source = _text(student.source)
            if len(source) > MAX_ANSWER_CHARS:
                for key in answer_checks.get(answer_id, []):
                    zero.setdefault(key, f"answer cell {answer_id!r} is too long "
                                         f"({len(source)} characters)")
                continue
            if first_answer:
                steps.append(Step("snapshot"))
                first_answer = False
            sources[answer_id] = source
            steps.append(Step("answer", source, answer=answer_id, cell=index))
        elif index in check_at:
            for spec in specs_of.get(check_at[index].question, []):
                steps.append(Step("probe", check=spec.key, cell=index))
        elif cell.cell_type == "code":
            source = _text(cell.source)
            if source.strip():
                steps.append(Step("setup", source, cell=index))
    if not first_answer:
        steps.append(Step("snapshot"))
    if extras:
        ran = []
        for extra in extras:
            where = next((f"before answer {a!r}" for a, i in exercise.answer_index.items()
                          if i == extra.before), None) or next(
                (f"before check {c.question!r}" for c in exercise.checks
                 if c.index == extra.before), f"before cell {extra.before}")
            names = ", ".join(sorted(extra.defines)[:6]) or "no names"
            used = ", ".join(users[extra.id]) or "no answer"
            ran.append(f"{extra.id} ({where}; defines {names}; used by {used})")
        notes.append(f"ran your {len(extras)} extra code cell{'s' if len(extras) > 1 else ''} "
                     "in notebook order: " + "; ".join(ran))
    return Plan(steps=steps, checks=checks, zero=zero, notes=notes, answer_sources=sources,
                tampering=check_cell_changes(exercise, solution_nb, student_nb),
                answer_checks=answer_checks)


def isolate(plan: Plan, question: str) -> Plan:
    """The plan of one question alone: the set-up cells, only the answers the question
    names, and its probes (public and hidden). Used to re-grade a question that failed in a
    submission whose other answers interfered with the kernel (hooks, patches)."""
    own = {spec.key for spec in plan.checks if spec.question == question and not spec.carried_for}
    specs = [spec for spec in plan.checks if spec.key in own or spec.carried_for in own]
    keys = {spec.key for spec in specs}
    needed = set().union(*(spec.answers for spec in specs)) if specs else set()
    last = max((i for i, s in enumerate(plan.steps) if s.kind == "probe" and s.check in keys),
               default=-1)
    steps = [s for s in plan.steps[: last + 1]
             if s.kind == "setup" or (s.kind == "answer" and s.answer in needed)
             or (s.kind == "probe" and s.check in keys)]
    return Plan(steps=steps, checks=specs,
                zero={k: v for k, v in plan.zero.items() if k in keys},
                answer_sources={a: plan.answer_sources[a] for a in needed
                                if a in plan.answer_sources},
                answer_checks={a: [k for k in plan.answer_checks.get(a, []) if k in keys]
                               for a in needed},
                probe_specs={k: v for k, v in plan.probe_specs.items() if k in keys})


def without(plan: Plan, excluded: set, keys: set) -> Plan:
    """The plan of the checks ``keys`` with the answers ``excluded`` left out (they are the
    suspects of an interference: flagged answers)."""
    specs = [spec for spec in plan.checks if spec.key in keys]
    last = max((i for i, s in enumerate(plan.steps) if s.kind == "probe" and s.check in keys),
               default=-1)
    steps = [s for s in plan.steps[: last + 1]
             if s.kind == "setup" or (s.kind == "answer" and s.answer not in excluded)
             or (s.kind == "probe" and s.check in keys)]
    return Plan(steps=steps, checks=specs, zero={k: v for k, v in plan.zero.items() if k in keys},
                answer_sources={a: s for a, s in plan.answer_sources.items() if a not in excluded},
                answer_checks={a: [k for k in ks if k in keys]
                               for a, ks in plan.answer_checks.items() if a not in excluded},
                probe_specs={k: v for k, v in plan.probe_specs.items() if k in keys})
