"""Code style: ruff is clean, and every public function documents itself (numpydoc)."""

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import lossedu.calibration
import lossedu.losses
import lossedu.metrics
import lossedu.regularization

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).parent / "ruff"


@pytest.mark.skipif(not RUFF.exists(), reason="ruff is not installed next to this Python")
def test_ruff_is_clean():
    targets = [t for t in ("lossedu", "tests", "benchmarks", "tools") if (ROOT / t).exists()]
    result = subprocess.run(
        [str(RUFF), "check", "--no-cache", "--output-format", "concise", *targets],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


MODULES = [lossedu.losses, lossedu.regularization, lossedu.metrics, lossedu.calibration]
PUBLIC = [
    (m.__name__, name, getattr(m, name))
    for m in MODULES
    for name in m.__all__
    if inspect.isfunction(getattr(m, name))
]


def test_all_lists_every_public_function():
    for m in MODULES:
        public = {
            n for n, f in vars(m).items()
            if inspect.isfunction(f) and not n.startswith("_") and f.__module__ == m.__name__
        }
        assert public == set(m.__all__) - {n for n in m.__all__ if not callable(getattr(m, n))}


@pytest.mark.parametrize(("module", "name", "func"), PUBLIC, ids=[f"{m}.{n}" for m, n, _ in PUBLIC])
def test_numpydoc_docstring(module, name, func):
    doc = inspect.getdoc(func)
    assert doc, f"{module}.{name} has no docstring"
    for section in ("Parameters", "Returns", "Raises", "Examples"):
        assert re.search(rf"^{section}\n-{{{len(section)}}}$", doc, re.M), (
            f"{module}.{name}: numpydoc section {section!r} missing"
        )
    assert ">>> " in doc, f"{module}.{name}: the Examples section has no runnable example"
