"""The Gradescope autograder bundle of `lossedu grade --lms gradescope`, run for real.

Builds the bundle (``gradescope-autograder.zip``) of an exercise, unpacks it as Gradescope
does (``ROOT/source``), and runs its ``run_autograder`` script in a subprocess, as Gradescope
runs it for each submission, on two submissions (the reference answers, and one wrong
answer): the bundle's own copy of lossedu grades ``ROOT/submission`` and writes
``ROOT/results/results.json``, which is checked (scores, hidden check visibility, nothing of
the hidden inputs). ``setup.sh`` is not run (it installs Python packages into a fresh venv:
minutes, and network); the current Python stands in for ``/autograder/venv``.
tests/test_grading_lms.py checks the same chain in-process (the script's command line, then
that command line); this is the end-to-end run, with its start-up cost, per submission.

    python benchmarks/bench_autograder.py [--exercise 02_mse_exercise]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout, too


def run_one(bundle: Path, work: Path, notebook: bytes) -> tuple[float, dict, str]:
    """(seconds, results.json, stdout) of one run_autograder on ``notebook``."""
    root = work / "autograder"
    shutil.rmtree(root, ignore_errors=True)
    (root / "source").mkdir(parents=True)
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    (root / "submission" / "homework.ipynb").write_bytes(notebook)
    env = {**os.environ, "LOSSEDU_AUTOGRADER_ROOT": str(root), "LOSSEDU_PYTHON": sys.executable}
    start = time.perf_counter()
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"run_autograder failed ({done.returncode}): {done.stderr[-2000:]}")
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    return seconds, results, done.stdout


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", default="02_mse_exercise")
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)

    import numpy as np

    from lossedu.checks import encode
    from lossedu.grading import lms, samples

    answers = samples.reference_answers(args.exercise)
    first = next(iter(answers))
    work = Path(tempfile.mkdtemp(prefix="bench-autograder-"))
    try:
        hidden = None
        if args.exercise == "02_mse_exercise":  # one hidden check, as in docs/grading.md
            hidden = work / "hidden.json"
            y, p = np.array([1e6, -2e6, 3.5e6]), np.array([1.5e6, -2.5e6, 3e6])
            hidden.write_text(json.dumps({"exercise": args.exercise, "checks": [
                {"id": "mse_hidden", "question": "mse_numpy", "points": 2,
                 "title": "mse on unseen data", "cases": [
                     {"label": "large values", "args": encode((y, p)), "kwargs": {}}]}]}))
        bundle = lms.write_gradescope_bundle(work / "autograder.zip", args.exercise, hidden)
        print(f"bundle {bundle.stat().st_size / 1e6:.1f} MB; {os.cpu_count()} CPUs, load "
              f"average {os.getloadavg()[0]:.2f}")
        cases = {"reference answers": samples.honest(args.exercise),
                 f"stub in {first}": samples.with_answers(
                     args.exercise, {first: "raise NotImplementedError\n"})}
        print(f"\n{'submission':<28}{'seconds':>9}{'score':>10}")
        for label, nb in cases.items():
            seconds, results, stdout = run_one(bundle, work, samples.to_bytes(nb))
            total = sum(t["max_score"] for t in results["tests"])
            print(f"{label:<28}{seconds:>9.2f}{results['score']:>6} / {total}")
            assert results["stdout_visibility"] == "hidden", results
            assert "large values" not in json.dumps(results), "a hidden input leaked"
            if label == "reference answers":
                assert results["score"] == total, results
            else:
                assert results["score"] < total, results
            assert "lossedu grade: graded" in stdout, stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
