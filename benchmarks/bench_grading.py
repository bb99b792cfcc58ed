"""Grading throughput: `lossedu grade` next to nbgrader's `autograde`, in the same run.

Builds N (default 50) honest submissions of a real exercise (the student version with the
reference answers filled in), grades them with ``lossedu grade`` (all cores), then grades
the equivalent nbgrader assignment (same cells; each check cell becomes an nbgrader test cell
with the same points that asserts the same check) with ``nbgrader autograde``, and prints both
wall-clock times, seconds per submission and the throughput ratio (target: >= 5x, issues 12
and 13).

nbgrader is not a course dependency: it is installed on first use into
``benchmarks/.venv-nbgrader`` (``python -m venv`` + ``pip install nbgrader==0.9.6``). If that
is impossible (no network, no index), only lossedu's figures are printed, clearly marked.

    python benchmarks/bench_grading.py [--n 50] [--exercise 02_mse_exercise] [--no-nbgrader]
                                       [--variants]

With ``--variants`` each lossedu submission carries its student's own ``VARIANT`` line and is
graded with ``lossedu grade --variants`` (a benchmark secret); nbgrader grades the same
answers on the published data.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, too

NBGRADER_VENV = HERE / ".venv-nbgrader"
NBGRADER_VERSION = "0.9.6"
#: lossedu grade must grade at least this many times as many submissions per second as nbgrader
TARGET = 5
ASSIGNMENT = "ps1"


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH")
                                     else "")
    return env


#: the course secret of a --variants run (a benchmark, nothing to protect)
BENCH_SECRET = "bench-grading-variant-secret-0123456789"


def build_submissions(folder: Path, exercise: str, n: int, variants: bool = False) -> None:
    from lossedu.exercises import variant_version
    from lossedu.grading import samples
    from lossedu.variants import variant_of

    honest = samples.honest(exercise)
    folder.mkdir(parents=True)
    for number in range(1, n + 1):
        student = f"student{number:02d}"
        nb = (variant_version(honest, variant_of(student, exercise, BENCH_SECRET.encode()))
              if variants else honest)
        (folder / f"{student}.ipynb").write_bytes(samples.to_bytes(nb))


def run_lossedu(work: Path, exercise: str, n: int, variants: bool = False) -> float:
    subs, out = work / "lossedu-submissions", work / "lossedu-out"
    build_submissions(subs, exercise, n, variants)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "lossedu", "grade", str(subs), "--exercise",
                           exercise, "--out", str(out), "--no-progress",
                           *(["--variants"] if variants else [])],
                          env={**_env(), "LOSSEDU_VARIANT_SECRET": BENCH_SECRET},
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"lossedu grade failed:\n{done.stdout}\n{done.stderr}")
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    full = sum(1 for r in rows if r["score"] == r["max"])
    print(f"lossedu grade: {len(rows)} rows, {full} with full marks")
    return seconds


# ----------------------------------------------------------------------------- nbgrader
def ensure_nbgrader() -> Path | None:
    """The nbgrader command of benchmarks/.venv-nbgrader (installed if missing), or None."""
    command = NBGRADER_VENV / "bin" / "nbgrader"
    if command.exists():
        return command
    print(f"installing nbgrader=={NBGRADER_VERSION} into {NBGRADER_VENV} (first run only) ...",
          flush=True)
    try:
        subprocess.run([_base_python(), "-m", "venv", str(NBGRADER_VENV)], check=True,
                       capture_output=True)
        (NBGRADER_VENV / ".gitignore").write_text("*\n")  # never committed
        subprocess.run([str(NBGRADER_VENV / "bin" / "python"), "-m", "pip", "install", "-q",
                        "--disable-pip-version-check", f"nbgrader=={NBGRADER_VERSION}"],
                       check=True, capture_output=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        print(f"could not install nbgrader: {error}\n{detail.decode(errors='replace')[-800:]}")
        return None
    return command if command.exists() else None


def _base_python() -> str:
    base = Path(sys.base_prefix) / "bin" / "python3"
    return str(base) if base.exists() else sys.executable


def nbgrader_notebook(exercise: str):
    """The solution notebook as an nbgrader source notebook (same cells and points)."""
    import nbformat

    from lossedu.exercises import parse_exercise, solution_path

    nb = nbformat.read(str(solution_path(exercise)), as_version=4)
    parsed = parse_exercise(nb)
    answers = {index: aid for aid, index in parsed.answer_index.items()}
    checks = {c.index: c for c in parsed.checks}
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("lossedu", None)
        cell.metadata["tags"] = []
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if index in answers and cell.cell_type == "code":
            cell.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False,
                                         "grade_id": answers[index], "schema_version": 3}
        elif index in checks:
            check = checks[index]
            cell.source = (f"from lossedu.checks import run_check\n"
                           f"_verdict = run_check({check.question!r}, globals())\n"
                           f"print(_verdict.line)\nassert _verdict.passed")
            cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                         "points": check.points,
                                         "grade_id": f"check_{check.question}",
                                         "schema_version": 3}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def run_nbgrader(command: Path, work: Path, exercise: str, n: int) -> float:
    import nbformat

    from lossedu.grading import samples

    course = work / "nbgrader-course"
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    nbformat.write(nbgrader_notebook(exercise), str(source / f"{exercise}.ipynb"))
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'lossedu'\n"
        "c.ExecutePreprocessor.timeout = 120\n")
    # the kernel of the course environment (numpy, lossedu), named python3 for nbgrader
    kernels = work / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (lossedu)", "language": "python",
        "env": {"PYTHONPATH": str(ROOT)}}))
    env = {**_env(), "PATH": f"{command.parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTER_PATH": str(work / "jupyter"),
           "JUPYTER_DATA_DIR": str(work / "jupyter"), "JUPYTER_CONFIG_DIR": str(work / "config")}
    done = subprocess.run([str(command), "generate_assignment", ASSIGNMENT, "--force"],
                          cwd=course, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{done.stderr[-2000:]}")
    # honest submissions: the released notebook with the reference answers filled in
    released = nbformat.read(str(course / "release" / ASSIGNMENT / f"{exercise}.ipynb"), 4)
    reference = samples.reference_answers(exercise)
    for cell in released.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in reference:
            cell.source = reference[grade_id]
    for number in range(1, n + 1):
        folder = course / "submitted" / f"student{number:02d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(released, str(folder / f"{exercise}.ipynb"))
        (folder / "timestamp.txt").write_text("2026-01-01 00:00:00.000000 UTC")
    start = time.perf_counter()
    done = subprocess.run([str(command), "autograde", ASSIGNMENT, "--create"], cwd=course,
                          env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader autograde failed:\n{done.stderr[-3000:]}")
    with sqlite3.connect(course / "gradebook.db") as db:
        scores = db.execute(
            "SELECT s.student_id, SUM(g.auto_score), SUM(gc.max_score) FROM grade g "
            "JOIN submitted_notebook nb ON g.notebook_id = nb.id "
            "JOIN submitted_assignment s ON nb.assignment_id = s.id "
            "JOIN grade_cells gc ON g.cell_id = gc.id GROUP BY s.student_id").fetchall()
    full = sum(1 for _, got, most in scores if got == most)
    print(f"nbgrader autograde: {len(scores)} submissions, {full} with full marks")
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_GRADING_N", 50)))
    parser.add_argument("--exercise", default="02_mse_exercise")
    parser.add_argument("--no-nbgrader", action="store_true")
    parser.add_argument("--variants", action="store_true",
                        help="lossedu grades each student on their own variant (--variants)")
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)
    n = args.n
    print(f"{n} honest submissions of {args.exercise}; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f}")
    work = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        ours = run_lossedu(work, args.exercise, n, args.variants)
        command = None if args.no_nbgrader else ensure_nbgrader()
        theirs = None
        if command is not None:
            try:
                theirs = run_nbgrader(command, work, args.exercise, n)
            except RuntimeError as error:
                print(f"nbgrader run failed: {error}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'grader':<22}{'total s':>10}{'s/submission':>15}")
    label = "lossedu --variants" if args.variants else "lossedu grade"
    print(f"{label:<22}{ours:>10.1f}{ours / n:>15.3f}")
    if theirs is None:
        print("nbgrader: NOT MEASURED (see above) -- lossedu figures only, no comparison")
        return 0
    print(f"{'nbgrader autograde':<22}{theirs:>10.1f}{theirs / n:>15.3f}")
    ratio = theirs / ours
    verdict = "meets" if ratio >= TARGET else "MISSES"
    print(f"throughput ratio lossedu / nbgrader: {ratio:.2f}x ({verdict} the {TARGET:g}x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
