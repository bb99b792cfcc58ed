"""Fixtures shared by several test files.

``built_site``: the course website (tools/build_book.py), built once per test run from scratch
with the network cut off (``unshare -n``, where the machine allows it) and shared by every test
that reads it, in every pytest-xdist worker: the first worker to need it builds it under a file
lock, the others wait and reuse it.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: where the test build goes (git-ignored; separate from `make book`'s build/book)
SITE_DIR = ROOT / "build" / "test-site"


def _run_id(config) -> str:
    """One id per test run, the same in every xdist worker."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        return workerinput["testrunuid"]
    if not hasattr(config, "_lossedu_run_id"):
        config._lossedu_run_id = uuid.uuid4().hex
    return config._lossedu_run_id


def offline_prefix() -> tuple[list[str], str]:
    """The command prefix that runs a program without any network, and why there is none.

    Returns ``(["unshare", "-n"], "")`` as root, ``(["unshare", "-rn"], "")`` where an
    unprivileged user namespace is allowed, else ``([], reason)``.
    """
    if shutil.which("unshare") is None:
        return [], "the unshare command is not installed (util-linux)"
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        probe = subprocess.run([*prefix, "true"], capture_output=True, text=True)
        if probe.returncode == 0:
            return prefix, ""
    return [], f"unshare cannot make a network namespace here: {probe.stderr.strip()}"


def build_site(out: Path) -> dict:
    """Build the website from scratch into ``out``, offline where possible; the build's facts."""
    if not (ROOT / "node_modules" / "mathjax").is_dir():
        pytest.fail("node_modules/mathjax is missing: run `npm ci` (make test does)")
    prefix, reason = offline_prefix()
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(
        [*prefix, sys.executable, str(ROOT / "tools" / "build_book.py"), "--out", str(out),
         "--fresh"], capture_output=True, text=True, cwd=ROOT)
    info = {"offline": bool(prefix), "prefix": prefix, "no_network_reason": reason,
            "seconds": round(time.perf_counter() - start, 1), "returncode": done.returncode,
            "output": (done.stdout + done.stderr)[-4000:]}
    out.mkdir(parents=True, exist_ok=True)
    (out / "build-info.json").write_text(json.dumps(info, indent=1))
    return info


@pytest.fixture(scope="session")
def built_site(request) -> Path:
    """The built website's HTML folder (``build/test-site/_build/html``).

    Its ``build-info.json`` (one folder up from ``_build``) says whether the build ran without
    network (``offline``, or ``no_network_reason``) and how long it took.
    """
    run_id = _run_id(request.config)
    SITE_DIR.parent.mkdir(parents=True, exist_ok=True)
    with open(SITE_DIR.parent / "test-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time; later workers reuse it
        marker = SITE_DIR / "run-id"
        if not (marker.exists() and marker.read_text() == run_id):
            info = build_site(SITE_DIR)
            if info["returncode"] != 0:
                pytest.fail(f"the site build failed:\n{info['output']}")
            marker.write_text(run_id)
    html = SITE_DIR / "_build" / "html"
    assert (html / "index.html").exists(), f"no index.html in {html}"
    return html


def site_build_info(html: Path) -> dict:
    """The facts :func:`build_site` recorded for the site in ``html``."""
    return json.loads((html.parents[1] / "build-info.json").read_text())



def pytest_make_parametrize_id(config, val, argname):
    """Name functions and classes in test ids by their name, never their repr.

    A repr such as ``<function mse at 0x7f...>`` holds a memory address, which differs between
    pytest-xdist workers: they would then collect different tests and the run stops.
    """
    if callable(val) and hasattr(val, "__qualname__"):
        return val.__qualname__
    return None


def pytest_collection_finish(session):
    """Refuse test ids that hold a memory address (they differ between xdist workers)."""
    bad = [item.nodeid for item in session.items if " at 0x" in item.nodeid]
    if bad:
        raise pytest.UsageError(
            "test ids must not hold a memory address (pytest-xdist workers would collect "
            f"different tests): {bad[:3]}; name the values in ids=")
