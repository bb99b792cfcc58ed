"""Grade a folder of submissions: prepare, schedule, judge.

``grade()`` is the whole command minus argument parsing:

1. read the instructor's side once, in the main process: the solution notebook (answer
   and check cells, points), the questions, the hidden checks; refuse instructor mistakes
   with :class:`GradingError` before touching any submission;
2. discover the submissions (each file read once into memory);
3. grade them in parallel: ``jobs`` grading processes at a time, one per submission (a fork
   of this process, so nothing is re-imported), each non-dumpable and a child subreaper, each
   starting its own sandboxed kernel(s). A grading process that dies or overruns costs only
   its own row;
4. judge every check in the grading process (:func:`lossedu.checks.judge`, trusted code):
   the expected values are computed here and never sent to a kernel.
"""

from __future__ import annotations

import contextlib
import copy
import math
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
import zmq

from lossedu.checks import NOT_ATTEMPTED, PASS, get_question, judge
from lossedu.checks._core import forbidden_names
from lossedu.exercises import (
    ExerciseFormatError,
    resolve_exercise,
    solution_path,
    validate_exercise,
)
from lossedu.grading import carried, sandbox
from lossedu.grading import variants as _variants
from lossedu.grading.flags import (
    forbidden_flag,
    imported_aliases,
    imported_modules,
    is_provided,
    provided_names,
    scan,
)
from lossedu.grading.hidden import HiddenChecksError, load_hidden
from lossedu.grading.kernel import Kernel, KernelError, Limits, SandboxPaths, Zygote
from lossedu.grading.messages import error_notes, explain_errors
from lossedu.grading.rebuild import SubmissionError, build_plan, isolate, read_notebook, without
from lossedu.grading.reflections import reflection_texts
from lossedu.grading.runner import Runner, probe_spec
from lossedu.grading.submissions import (
    RosterError,
    Submission,
    discover,
    keep_best,
    load_roster,
)

#: row statuses (besides those of submissions.py and rebuild.py)
GRADED = "graded"
FAULT = "graded-with-faults"
GRADER_ERROR = "grader-error"
TIME_LIMIT = "time-limit"

#: per-question result statuses
Q_PASS, Q_FAIL, Q_NOT_ATTEMPTED, Q_FAULT, Q_MISSING, Q_NOT_GRADED = (
    "pass", "fail", "not attempted", "fault", "missing answer", "not graded")

_ALLOWED_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                   "uint64", "float16", "float32", "float64", "longdouble", "float128"}


class GradingError(Exception):
    """An instructor's mistake (unknown exercise, bad hidden file...): nothing was graded."""


@dataclass
class QuestionResult:
    key: str
    title: str
    max_points: int
    points: int
    status: str
    line: str = ""  #: the judged line (never shown for hidden checks)
    hint: str = ""
    hidden: bool = False


@dataclass
class Row:
    student: str
    source: str
    status: str
    reason: str = ""
    score: int = 0
    max_score: int = 0
    questions: list = field(default_factory=list)
    seconds: float = 0.0
    flags: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    kernels: int = 0
    forked: int = 0
    warnings: list = field(default_factory=list)
    #: identity, copied from the Submission (see Submission.carry)
    student_id: str = ""
    late: bool = False
    lms: str = ""
    roster: dict = field(default_factory=dict)
    slug: str = ""
    variant: int | None = None  #: --variants: the variant this row was graded with
    group: str = ""  #: two notebooks of one student, both graded (submissions.keep_best)
    reflections: dict = field(default_factory=dict)  #: answer id -> written reflection text


@dataclass
class Context:
    """Everything a grading process needs, prepared once by the main process."""

    exercise: str
    solution: nbformat.NotebookNode
    parsed: object  #: lossedu.exercises.Exercise
    hidden: list
    titles: dict
    aliases: dict
    limits: Limits
    submission_timeout: float
    paths: SandboxPaths
    base_dir: str
    sandboxed: bool = True
    preload: tuple = ()  #: modules the set-up cells import (the zygote imports them once)
    zygote: object = None  #: lossedu.grading.kernel.Zygote, started by the batch
    variant_secret: bytes | None = None  #: --variants: the course secret (grading/variants)
    provided: tuple = ()  #: dotted names the set-up cells import (flags.provided_names)
    forbidden: dict = field(default_factory=dict)  #: question id -> forbidden dotted names
    specs: dict = field(default_factory=dict)  #: check key -> probe spec (runner.probe_spec)
    forbidden_scores_zero: bool = False  #: the run's policy (a question's own setting wins)
    warnings: list = field(default_factory=list)  #: about the exercise, once per run
    handed_out: tuple = ()  #: graded functions the set-up cells import by name (flagged)

    @property
    def columns(self) -> list:
        """(key, title, points, hidden) of every graded check, in notebook order."""
        out = []
        for chk in self.parsed.checks:
            out.append((chk.question, self.titles[chk.question], chk.points, False))
            out += [(h.id, h.title, h.points, True) for h in self.hidden
                    if h.question == chk.question]
        return out

    @property
    def max_score(self) -> int:
        return sum(points for _, _, points, _ in self.columns)


@dataclass
class Report:
    exercise: str
    rows: list
    columns: list
    out_dir: Path | None
    warnings: list
    seconds: float
    jobs: int


# ----------------------------------------------------------------------------- preparation
#: a kernel's sockets are ``<run folder>/k<8 characters>/s-1``, and a unix socket's path holds
#: at most 107 bytes (``sun_path``): the longest run folder that leaves room for them
MAX_RUN_FOLDER = 107 - len("/k12345678/s-1")


def run_folder() -> Path:
    """A new private ``lossedu-grade-*`` folder for one run, in the temporary folder (TMPDIR).

    Where TMPDIR's path is too long for the kernels' unix sockets (a deep pytest or CI folder),
    the folder goes to /tmp, /var/tmp or /dev/shm instead; a GradingError if none will do.
    """
    first = tempfile.mkdtemp(prefix="lossedu-grade-")
    if len(os.fsencode(first)) <= MAX_RUN_FOLDER:
        return Path(first)
    os.rmdir(first)
    for short in ("/tmp", "/var/tmp", "/dev/shm"):
        try:
            folder = tempfile.mkdtemp(prefix="lossedu-grade-", dir=short)
        except OSError:
            continue
        if len(os.fsencode(folder)) <= MAX_RUN_FOLDER:
            return Path(folder)
        os.rmdir(folder)
    raise GradingError(f"the temporary folder {os.path.dirname(first)} is too deep for the "
                       f"kernels' sockets (at most {MAX_RUN_FOLDER} bytes for the run folder): "
                       "set TMPDIR to a shorter folder")


def _readable_paths(base: Path, package: Path, extra: list) -> list:
    """What a kernel may read: the Python installation, system libraries, ``extra`` (the
    kernel's own lossedu); never the real lossedu ``package``, even when it is installed
    inside the Python installation (its siblings are listed one by one then)."""
    paths = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                          sys.base_exec_prefix)}
    paths |= {str(p) for p in extra}
    for system in ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo",
                   "/etc/ld.so.cache", "/etc/localtime", "/dev/urandom", "/dev/random",
                   "/dev/zero"):
        if os.path.exists(system):
            paths.add(os.path.realpath(system))
    # the kernel's own /proc entries (Landlock resolves /proc/self in the kernel process, so
    # no other process's): threadpoolctl reads /proc/self/maps (set-up cells of 08 and 10).
    # Not net/ (nor task/, which holds it again): /proc/self/net/unix lists the unix sockets of
    # the kernel's network namespace, which without a namespace of its own are every kernel's
    # (the paths of their ZeroMQ sockets); nor the links that lead out (root, cwd, exe)
    paths |= {f"/proc/self/{entry}" for entry in _PROC_SELF}
    real = os.path.realpath(package)
    for root in sorted(paths):
        if _inside(Path(real), [root]):
            paths.discard(root)
            paths |= _siblings_of(real, root)
    return sorted(paths)


#: what a kernel may read of its own /proc/self (see _readable_paths)
_PROC_SELF = ("attr", "auxv", "cgroup", "cmdline", "comm", "environ", "fd", "fdinfo", "io",
              "limits", "maps", "mountinfo", "mounts", "mountstats", "ns", "oom_score", "smaps",
              "smaps_rollup", "stat", "statm", "status", "wchan")


def _siblings_of(path: str, root: str) -> set:
    """Everything under ``root`` except ``path`` (and the folders leading to it, whose other
    entries are listed instead)."""
    keep = set()
    folder = root
    for part in Path(os.path.relpath(path, root)).parts:
        try:
            entries = os.listdir(folder)
        except OSError:
            return keep
        keep |= {os.path.join(folder, e) for e in entries if e != part}
        folder = os.path.join(folder, part)
    return keep


def _inside(path: Path, roots: list) -> str | None:
    real = os.path.realpath(path)
    for root in roots:
        if real == root or real.startswith(root.rstrip("/") + "/"):
            return root
    return None


def _prepare_matplotlib(base: Path, env: dict) -> Path | None:
    """A read-only matplotlib config folder with its font cache built once (not per kernel)."""
    import subprocess

    folder = base / "mplconfig"
    folder.mkdir()
    try:
        subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                       env={**env, "MPLCONFIGDIR": str(folder)}, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.SubprocessError):
        pass
    return folder


def prepare(exercise: str, hidden: str | Path | None = None, *, cell_timeout: float = 30.0,
            submission_timeout: float | None = None, memory_mb: int = 2048,
            output_mb: float = 4.0, sandboxed: bool = True,
            instructor_paths: tuple = (), forbidden_scores_zero: bool = False) -> Context:
    """Read the instructor's side; raise :class:`GradingError` on any instructor mistake."""
    try:
        name = resolve_exercise(exercise)
    except ValueError as error:
        raise GradingError(f"unknown exercise: {error}") from None
    path = solution_path(name)
    if not path.exists():
        raise GradingError(f"no solution notebook for {name} (expected {path})")
    try:
        solution = nbformat.read(str(path), as_version=4)
        parsed = validate_exercise(solution)
    except (ExerciseFormatError, OSError, ValueError) as error:
        raise GradingError(f"the solution notebook {path} cannot be used: {error}") from None
    if not parsed.checks:
        raise GradingError(f"the solution notebook {path} has no check cells")
    titles = {chk.question: get_question(chk.question).title for chk in parsed.checks}
    hidden_checks = []
    if hidden is not None:
        try:
            hidden_checks = load_hidden(hidden, name, titles)
        except HiddenChecksError as error:
            raise GradingError(str(error)) from None
    setup_sources = [c.source for i, c in enumerate(solution.cells) if c.cell_type == "code"
                     and i not in parsed.answer_index.values()]
    base = run_folder()
    try:  # the folder goes on every exit path (Ctrl-C and SIGTERM included)
        os.chmod(base, 0o700)
        import lossedu
        from lossedu.grading import kernel_package

        package = Path(lossedu.__file__).resolve().parent
        pythonpath = base / "py"
        pythonpath.mkdir()
        question_ids = [chk.question for chk in parsed.checks]
        try:  # the kernel's own lossedu: no checks, no graded function (once per run)
            kernel_lossedu = kernel_package.build(pythonpath, setup_sources, question_ids)
        except (OSError, SyntaxError, ValueError) as error:
            raise GradingError(f"cannot prepare the kernels' lossedu: {error}") from None
        provided = provided_names(setup_sources)
        forbidden = {q: forbidden_names(get_question(q)) for q in question_ids}
        specs = {}
        for chk in parsed.checks:
            question = get_question(chk.question)
            specs[chk.question] = probe_spec(question, watch=_watched(forbidden[chk.question],
                                                                      provided))
        for item in hidden_checks:
            specs[item.id] = probe_spec(get_question(item.question), item.encoded,
                                        _watched(forbidden[item.question], provided))
        for key, spec in specs.items():
            if _opaque(spec["cases"]):
                raise GradingError(f"the cases of {key} hold a value that cannot be sent to a "
                                   "kernel (only numbers, strings, lists, tuples, dicts and numpy "
                                   "arrays can)")
        warnings = [f"the set-up cells of {name} import {function}, which computes the answer "
                    f"of {question}: students can call it"
                    for function, question in sorted(kernel_lossedu.handed_out.items())]
        if sandboxed and not _cpu_shared_by_session():
            warnings.append("Linux does not share the CPU between kernels (sched_autogroup is "
                            "off): one submission's busy processes can slow the others into "
                            "their time-outs; grade with --jobs 1, or set "
                            "kernel.sched_autogroup_enabled=1")
        env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONPATH": str(pythonpath),
            "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
            "MPLBACKEND": "agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1", "USER": "student",
            "LOGNAME": "student", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "JUPYTER_PLATFORM_DIRS": "1", "TERM": "dumb",
        }
        extra = [pythonpath]
        if any("matplotlib" in s or "lossedu.plots" in s or "lossedu import plots" in s
               for s in setup_sources):
            env["MPLCONFIGDIR"] = str(_prepare_matplotlib(base, env))
            extra.append(Path(env["MPLCONFIGDIR"]))
        readable = _readable_paths(base, package, extra)
        for what, item in (("the solution notebook", path), ("the hidden checks file", hidden),
                           *instructor_paths):
            if item is None:
                continue
            root = _inside(Path(item), [r for r in readable if not r.startswith(str(base))])
            if root is not None:
                raise GradingError(f"{what} ({item}) is inside {root}, which students' code can "
                                   "read while it is graded; move it elsewhere")
        memory = int(memory_mb) << 20
        limits = Limits(cell_timeout=float(cell_timeout), memory=memory,
                        cell_output=int(output_mb * 2**20),
                        cpu=int(math.ceil(submission_timeout or cell_timeout * 20)) + 30)
        return Context(
            exercise=name, solution=solution, parsed=parsed, hidden=hidden_checks, titles=titles,
            aliases=imported_aliases(setup_sources), limits=limits,
            submission_timeout=float(submission_timeout or max(10 * cell_timeout, 120.0)),
            paths=SandboxPaths(read_only=readable, env=env), base_dir=str(base),
            sandboxed=sandboxed,
            preload=("lossedu.grading._inkernel", *imported_modules(setup_sources)),
            provided=provided, forbidden=forbidden, specs=specs,
            forbidden_scores_zero=bool(forbidden_scores_zero), warnings=warnings,
            handed_out=tuple(kernel_lossedu.handed_out),
        )
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise


def _cpu_shared_by_session() -> bool:
    """Whether Linux shares the CPU fairly between sessions (autogroup scheduling): each
    kernel is one session (sandbox.refuse_setuid_and_setsid keeps it so), whatever number of
    processes it starts. Not Linux: nothing to say (True)."""
    if not sys.platform.startswith("linux"):
        return True
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled", encoding="ascii") as handle:
            return handle.read().strip() == "1"
    except OSError:
        return False


def _opaque(data) -> bool:
    """Whether encoded data hold an object that :func:`lossedu.checks.encode` could not
    encode (``{"type": ...}``): a probe would receive a stand-in instead of the case."""
    if isinstance(data, list):
        return any(_opaque(item) for item in data)
    if isinstance(data, dict):
        if set(data) == {"dict"} and isinstance(data["dict"], dict):  # an encoded dict
            return any(_opaque(v) for v in data["dict"].values())
        return "type" in data or any(_opaque(v) for v in data.values())
    return False


def _watched(names, provided) -> list:
    """The forbidden names a probe watches: those not related to what the set-up provides
    (the probe cannot tell the notebook's own helpers from the student's use of them)."""
    return [n for n in names if not is_provided(n, provided)
            and not any(p.startswith(n + ".") for p in provided)]


def _status_row(ctx: Context, sub: Submission, status: str, reason: str) -> Row:
    questions = [QuestionResult(key, title, points, 0, Q_NOT_GRADED, hidden=hidden)
                 for key, title, points, hidden in ctx.columns]
    return Row(student=sub.student, source=sub.source, status=status, reason=reason,
               max_score=ctx.max_score, questions=questions, notes=list(sub.notes),
               **sub.carry())


def _valid_payload(data, depth: int = 0, budget: list | None = None) -> bool:
    """Outcomes from the kernel are untrusted: bounded depth/size, arrays well-formed."""
    budget = [200_000] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0 or depth > 40:
        return False
    if isinstance(data, list):
        return all(_valid_payload(item, depth + 1, budget) for item in data)
    if isinstance(data, dict):
        if "array" in data:
            shape, values, dtype = data.get("shape"), data.get("array"), data.get("dtype")
            if not (isinstance(shape, list) and isinstance(values, list) and dtype in
                    _ALLOWED_DTYPES and all(isinstance(n, int) and n >= 0 for n in shape)
                    and len(shape) <= 32 and math.prod(shape) == len(values)):
                return False
            budget[0] -= len(values)
            return budget[0] >= 0 and all(isinstance(v, int | float | bool) or (
                isinstance(v, dict) and isinstance(v.get("float"), str) and len(v["float"]) < 40)
                for v in values)
        if "float" in data and not (isinstance(data["float"], str) and len(data["float"]) < 40):
            return False
        return all(isinstance(k, str) and _valid_payload(v, depth + 1, budget)
                   for k, v in data.items())
    return data is None or isinstance(data, bool | int | float | str)


def _judge(spec, outcomes, variant: int = 0) -> tuple[str, str, str]:
    """(status, line, hint) of one check, judged here with trusted code. A hidden check's
    line is fixed text: what the answer returned or raised there came after a hidden input."""
    question = get_question(spec.question)
    if not _valid_payload(outcomes):
        return Q_FAIL, f"✗ {spec.title}: the answer's results could not be read", ""
    try:
        verdict = judge(question, outcomes, list(spec.cases) if spec.hidden else None,
                        variant=variant)
    except Exception as error:  # judging must never break the batch
        return Q_FAIL, f"✗ {spec.title}: the answer's results could not be judged " \
                       f"({type(error).__name__})", ""
    line, _, hint = verdict.line.partition("\n  hint: ")
    status = {PASS: Q_PASS, NOT_ATTEMPTED: Q_NOT_ATTEMPTED}.get(verdict.status, Q_FAIL)
    if spec.hidden:
        mark = {Q_PASS: "✓", Q_NOT_ATTEMPTED: "○"}.get(status, "✗")
        return status, f"{mark} {spec.title} (hidden check)", ""
    return status, line, hint


def _verdict(spec, plan, result, variant: int = 0) -> tuple[str, str, str]:
    if spec.key in plan.zero:
        return Q_MISSING, plan.zero[spec.key], ""
    if spec.key in result.faults:
        return Q_FAULT, result.faults[spec.key], ""
    if spec.key in result.outcomes:
        return _judge(spec, result.outcomes[spec.key], variant)
    return Q_FAULT, "the check did not run", ""


def _run(plan, ctx: Context, deadline: float):
    context = zmq.Context()
    try:
        return Runner(plan, lambda: Kernel(ctx.base_dir, ctx.paths, ctx.limits, context,
                                           ctx.sandboxed, ctx.zygote),
                      ctx.limits, deadline=deadline, specs=ctx.specs).run()
    finally:
        context.destroy(linger=0)  # (term() would wait forever for a socket left open)


def _regrade_interfered(plan, ctx: Context, start: float, suspects: set, result,
                        verdicts: dict, variant: int = 0) -> None:
    """Something reached into the kernel (flags): re-grade the failed questions without it.

    With flagged answer cells (``suspects``), one fresh kernel runs everything except those
    cells and re-probes the failed questions that do not need them. Without a suspect (only
    the runtime fingerprint changed), each failed question is re-graded alone (set-up + its
    own answers). A question passes if it passes either way: the rerun only ever runs the
    student's own answers, with less of their code around.
    """
    failed = [spec for spec in plan.checks
              if verdicts[spec.key][0] != Q_PASS and spec.key not in plan.zero]
    if suspects:
        keys = {spec.key for spec in failed if not suspects & set(spec.answers)}
        plans = [without(plan, suspects, keys)] if keys else []
    else:
        plans = [isolate(plan, question)
                 for question in dict.fromkeys(spec.question for spec in failed)]
    for again_plan in plans:
        # the hidden phases do not count against the rest (how long they took must not
        # decide whether, or how far, the re-grading runs)
        deadline = start + ctx.submission_timeout + result.hidden_seconds
        if time.monotonic() > deadline:
            break
        again = _run(again_plan, ctx, deadline)
        result.hidden_seconds += again.hidden_seconds
        result.kernels += again.kernels
        result.forked += again.forked
        result.warnings.update(again.warnings)
        for spec in again_plan.checks:
            verdict = _verdict(spec, plan, again, variant)
            if verdict[0] == Q_PASS and verdicts[spec.key][0] != Q_PASS:
                verdicts[spec.key] = verdict
                if spec.carried_for:  # a helper probe (error carried forward): no column
                    continue
                result.notes.append(f"{spec.key} passed when re-graded without the flagged "
                                    "answers (they had interfered with it)")


def _apply_forbidden_policy(plan, ctx: Context, verdicts: dict, static_hits: dict,
                            reached: dict) -> None:
    """Zero the passed checks whose answer reached a name its question forbids, when the
    policy says so (the question's ``forbidden_scores_zero``, else the run's)."""
    for spec in plan.checks:
        question = get_question(spec.question)
        policy = question.forbidden_scores_zero
        if not (ctx.forbidden_scores_zero if policy is None else policy):
            continue
        forbidden = set(ctx.forbidden.get(spec.question, ()))
        used = set().union(*(static_hits.get(a, set()) for a in spec.answers)) & forbidden
        used |= {name.partition(" (")[0] for key, names in reached.items()
                 for name in names if _same_question(plan, key, spec.question)} & forbidden
        if used and verdicts[spec.key][0] == Q_PASS:
            verdicts[spec.key] = (Q_FAIL, f"✗ {spec.title}: the answer uses "
                                  f"{', '.join(sorted(used))}, which this question forbids "
                                  "(no points)", "")


def _same_question(plan, key: str, question: str) -> bool:
    return any(spec.key == key and spec.question == question for spec in plan.checks)


def grade_submission(sub: Submission, ctx: Context) -> Row:
    """Grade one submission (in a grading process); always returns a row."""
    start = time.monotonic()
    try:
        nb = read_notebook(sub.data)
        plan = build_plan(ctx.solution, ctx.parsed, ctx.exercise, nb, ctx.hidden, ctx.titles)
        reflections = reflection_texts(nb, ctx.parsed)
    except SubmissionError as error:
        row = _status_row(ctx, sub, error.status, error.reason)
        row.seconds = time.monotonic() - start
        return row
    variant, variant_notes, variant_flags = 0, [], []
    if ctx.variant_secret is not None:  # --variants: the student's own data, from their id
        plan, variant, variant_notes, variant_flags = _variants.assign(
            plan, nb, ctx.exercise, _variants.identity(sub), ctx.variant_secret)
    plan = carried.add_probes(plan, variant)  # error carried forward: own earlier functions
    flags, suspects = set(plan.tampering) | set(variant_flags), set()
    every_forbidden = tuple(dict.fromkeys(n for names in ctx.forbidden.values() for n in names))
    static_hits = {}  # answer id -> forbidden entries it reaches
    for answer_id, source in plan.answer_sources.items():
        found, hits = scan(source, ctx.aliases, forbidden=every_forbidden,
                           provided=ctx.provided, handed_out=ctx.handed_out)
        flags.update(f"{flag} (answer {answer_id})" for flag in found)
        static_hits[answer_id] = set(hits)
        if found:
            suspects.add(answer_id)
    result = _run(plan, ctx, start + ctx.submission_timeout)
    for names in result.reached.values():
        flags.update(forbidden_flag(name) for name in names)
    # runtime flags that repeat a static one (which names the answer cell) add nothing
    seen = {flag.rsplit(" (answer ", 1)[0] for flag in flags}
    flags.update(flag for flag in result.flags if flag not in seen)
    verdicts = {spec.key: _verdict(spec, plan, result, variant) for spec in plan.checks}
    explain_errors(plan, result, verdicts)  # a name never defined: its cell's error
    # (edited check cells never reach the kernel: only answers can interfere with others)
    if (suspects or result.flags) and \
            time.monotonic() - result.hidden_seconds < start + ctx.submission_timeout:
        _regrade_interfered(plan, ctx, start, suspects, result, verdicts, variant)
    plan = carried.apply(plan, result.outcomes, verdicts, variant)  # before the policy
    _apply_forbidden_policy(plan, ctx, verdicts, static_hits, result.reached)
    questions, reasons = [], []
    for spec in plan.checks:
        status, line, hint = verdicts[spec.key]
        if status in (Q_MISSING, Q_FAULT):
            reasons.append(f"{spec.key}: {line}")
        points = spec.points if status == Q_PASS else 0
        questions.append(QuestionResult(spec.key, spec.title, spec.points, points, status,
                                        line, hint, spec.hidden))
    notes = list(sub.notes) + variant_notes + plan.notes + result.notes + error_notes(plan, result)
    status = FAULT if result.faulted else GRADED
    return Row(student=sub.student, source=sub.source, status=status,
               reason="; ".join(reasons), score=sum(q.points for q in questions),
               max_score=sum(q.max_points for q in questions), questions=questions,
               # without the hidden checks' time: student code could choose it there
               seconds=time.monotonic() - start - result.hidden_seconds, flags=sorted(flags),
               notes=notes,
               variant=variant if ctx.variant_secret is not None else None,
               kernels=result.kernels, forked=result.forked, warnings=sorted(result.warnings),
               reflections=reflections, **sub.carry())


# ----------------------------------------------------------------------------- the batch
def _descendants() -> set:
    try:
        return {p.pid for p in psutil.Process().children(recursive=True)}
    except Exception:  # psutil missing, or a race while listing: nothing to do
        return set()


def _kill_descendants(keep: set = frozenset()) -> None:
    """Kill the processes below us that we started (``keep``: pids that were there before)."""
    try:
        children = [p for p in psutil.Process().children(recursive=True) if p.pid not in keep]
    except Exception:
        return
    for child in children:
        try:
            child.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(children, timeout=3)


def _child_main(conn, sub: Submission, ctx: Context) -> None:
    sandbox.make_undumpable()
    sandbox.become_subreaper()
    sandbox.die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        row = grade_submission(sub, ctx)
    except BaseException as error:  # noqa: BLE001  the row must always come back
        row = _status_row(ctx, sub, GRADER_ERROR, f"the grader failed: {type(error).__name__}: "
                                                  f"{error}")
    try:
        conn.send(row)
        conn.close()
    finally:
        _kill_descendants()


def grade(submissions: str | Path, exercise: str, hidden: str | Path | None = None,
          out: str | Path | None = None, jobs: int | None = None, timeout: float = 30.0,
          submission_timeout: float | None = None, memory_mb: int = 2048,
          output_mb: float = 4.0, progress: bool = False, sandboxed: bool = True,
          write: bool = True, roster: str | Path | None = None,
          variant_secret: bytes | None = None,
          forbidden_scores_zero: bool = False) -> Report:
    """Grade every submission in ``submissions``; write the gradebook and feedback to ``out``.

    ``forbidden_scores_zero``: an answer that reaches a name its question forbids (a library
    that computes the answer) scores 0 instead of keeping its points (flagged either way);
    a question's own ``forbidden_scores_zero`` setting wins.
    ``variant_secret`` (``--variants``): grade each student on their own variant of the
    data, derived from their identity with this course secret (lossedu.grading.variants).
    Raises :class:`GradingError` for instructor mistakes (nothing is graded then).
    """
    started = time.monotonic()
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise GradingError(f"SUBMISSIONS must be a folder of notebooks: {submissions} "
                           + ("is not a folder" if submissions.exists() else "does not exist"))
    try:
        name = resolve_exercise(exercise)
    except ValueError as error:
        raise GradingError(f"unknown exercise: {error}") from None
    out_dir = Path(out) if out is not None else Path.cwd() / "grading-out" / name
    if roster is not None:
        try:
            roster = load_roster(roster)
        except RosterError as error:
            raise GradingError(str(error)) from None
    if _inside(out_dir, [os.path.realpath(submissions)]):
        raise GradingError(f"the output folder {out_dir} is inside SUBMISSIONS; choose another")
    ctx = prepare(name, hidden, cell_timeout=timeout, submission_timeout=submission_timeout,
                  memory_mb=memory_mb, output_mb=output_mb, sandboxed=sandboxed,
                  instructor_paths=(("SUBMISSIONS", submissions), ("the output folder", out_dir)),
                  forbidden_scores_zero=forbidden_scores_zero)
    try:  # from here on, ctx.base_dir goes on every exit path
        if variant_secret is not None:
            try:
                _variants.require_variants(ctx.solution, name)
                _variants.variant_of("check", name, variant_secret)  # a usable secret?
            except _variants.VariantError as error:
                raise GradingError(str(error)) from None
            ctx.variant_secret = variant_secret
        jobs = max(1, int(jobs or os.cpu_count() or 1))
        subs = discover(submissions, name, roster)
        rows = keep_best(_run_batch(subs, ctx, jobs, progress), name)
    finally:
        shutil.rmtree(ctx.base_dir, ignore_errors=True)
    rows.sort(key=lambda r: (r.student.casefold(), r.student, r.source))
    warnings = sorted({w for r in rows for w in r.warnings} | set(ctx.warnings))
    report = Report(exercise=name, rows=rows, columns=ctx.columns,
                    out_dir=out_dir if write else None, warnings=warnings,
                    seconds=time.monotonic() - started, jobs=jobs)
    if write:
        from lossedu.grading.report import write_report

        write_report(report, out_dir)
    return report


@contextlib.contextmanager
def _expected_once(ctx: Context):
    """Compute every expected value once, here, before the grading processes are forked.

    :func:`lossedu.checks.judge` computes ``reference(*case.args)`` for each case it judges;
    for some questions that is a model fit (a second per submission). The references are pure
    functions of their case, so the values are computed once per run and the grading
    processes (forks) inherit them. ``_core._expected`` is wrapped only while the batch runs.
    """
    from lossedu.checks import _core

    original = _core._expected
    cache: dict = {}
    keep = []  # the cases stay alive: their ids are the keys

    def cached(question, case):
        key = (question.id, id(case))
        if key not in cache:
            cache[key] = original(question, case)
        return copy.deepcopy(cache[key])

    for spec_question, cases in _all_cases(ctx):
        for case in cases:
            keep.append(case)
            try:
                cached(spec_question, case)
            except Exception:  # noqa: BLE001  judge reports it per submission, as before
                cache.pop((spec_question.id, id(case)), None)
    _core._expected = cached
    try:
        yield
    finally:
        _core._expected = original


def _all_cases(ctx: Context):
    for chk in ctx.parsed.checks:
        question = get_question(chk.question)
        if question.reference is not None:
            yield question, (list(question.cases) if question.kind == "function" else [None])
    for hidden in ctx.hidden:
        question = get_question(hidden.question)
        if question.reference is not None:
            yield question, list(hidden.cases)


def _run_batch(subs: list, ctx: Context, jobs: int, progress: bool) -> list:
    # we hold every submission and the hidden checks: not dumpable; orphans come back to us
    with sandbox.protected(), _expected_once(ctx):
        if ctx.zygote is None and any(s.status is None for s in subs):
            try:  # one process pre-imports the kernel's modules; kernels are forked from it
                ctx.zygote = Zygote(ctx.base_dir, ctx.paths.env, ctx.preload, ctx.sandboxed)
            except (KernelError, OSError):
                ctx.zygote = None  # each kernel then starts from scratch (slower, same sandbox)
        try:
            return _schedule(subs, ctx, jobs, progress)
        finally:
            if ctx.zygote is not None:
                ctx.zygote.stop()
                ctx.zygote = None


def _schedule(subs: list, ctx: Context, jobs: int, progress: bool) -> list:
    rows = [_status_row(ctx, s, s.status, s.reason) for s in subs if s.status is not None]
    pending = [s for s in subs if s.status is None]
    before = _descendants()
    bar = None
    if progress:
        import tqdm

        tqdm.tqdm.monitor_interval = 0  # no monitor thread: we fork
        bar = tqdm.tqdm(total=len(subs), desc=f"grading {ctx.exercise}", unit="notebook",
                        initial=len(rows), file=sys.stderr)
    mp = multiprocessing.get_context("fork")
    active: dict = {}  # reader connection -> (process, submission, start)
    grace = 30.0
    try:
        while pending or active:
            while pending and len(active) < jobs:
                sub = pending.pop(0)
                reader, writer = mp.Pipe(duplex=False)
                proc = mp.Process(target=_child_main, args=(writer, sub, ctx), daemon=True)
                proc.start()
                writer.close()
                active[reader] = (proc, sub, time.monotonic())
            ready = multiprocessing.connection.wait(list(active), timeout=1.0)
            now = time.monotonic()
            for reader in list(active):
                proc, sub, begun = active[reader]
                row = None
                if reader in ready:
                    try:
                        row = reader.recv()
                    except (EOFError, OSError):
                        row = _status_row(ctx, sub, GRADER_ERROR, "the grading process for this "
                                          f"submission died (exit code {proc.exitcode})")
                        row.seconds = now - begun
                # twice: the hidden checks' time does not count against the re-grading's
                elif now - begun > 2 * ctx.submission_timeout + grace:
                    proc.kill()
                    row = _status_row(ctx, sub, TIME_LIMIT, "grading took longer than the "
                                      f"submission time limit ({ctx.submission_timeout:g} s)")
                    row.seconds = now - begun
                if row is None:
                    continue
                reader.close()
                proc.join(timeout=10)
                if proc.is_alive():
                    proc.kill()
                    proc.join()
                del active[reader]
                rows.append(row)
                if bar is not None:
                    bar.update(1)
    finally:
        for proc, _, _ in active.values():
            proc.kill()
        _kill_descendants(keep=before)
        if bar is not None:
            bar.close()
    return rows
