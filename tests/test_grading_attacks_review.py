"""A hostile student against `lossedu grade`, after issue 12 (a review): the holes found, fixed.

One `lossedu grade` run of exercise 02 (jobs=2, one hidden check on `mae`) grades every attack
submission; each test reads its row. An attack that would gain something is written so that
success shows as points (an answer right only if the route worked) or as text in the row.

- ``setuid_back``: under root the kernel keeps the effective and saved uid 0 (real uid nobody,
  for the process limit); ``os.setresuid(0, 0, 0)`` needs no capability and gave back the real
  uid 0, which Linux exempts from RLIMIT_NPROC (a fork bomb past the limit). Now a seccomp
  filter refuses every change of user id. (Under a normal user this holds trivially.)
  The same filter refuses ``setsid``: Linux shares the CPU fairly between sessions
  (autogroups), so 200 busy processes, each in a session of its own, made another student's
  0.37 s cell take 14 s (into its time-out, on a longer cell); in one session, no slowdown.
- ``hidden_timing``: on a hidden input only, the answer sleeps (the ``seconds`` column measured
  it) and calls a forbidden function by a computed name (the hidden probe's "uses ..." flag
  was a channel of one bit per watched name). Now the hidden phase's time is left out of
  ``seconds`` and a hidden probe reports no forbidden names.
- ``hidden_forged``: on a hidden input only, the answer sends a forged kernel message (the
  row's "forged" flag was one more bit); now it is that hidden check's fixed fault, no flag.
- ``shell_flood``: an answer sends many forged replies on the shell channel; the output cap
  counted only IOPub, so a kernel could make its grading process hold gigabytes. Now every
  byte counts (and a single shell message is capped by zmq).
- ``parser_bomb``: an answer of 100,000 nested unary minus signs made Python's parser raise
  MemoryError in the grading process's source scan: the row became a ``grader-error``. Now
  it is flagged as unreadable source and graded (its own cell fails in the kernel).
- the zygote: every kernel is a fork of it and held its token in memory (found by scanning
  /proc/self/mem); where a kernel shares the zygote's network namespace and Landlock does not
  scope abstract sockets (no user namespaces, Linux < 6.12), it could ask for a kernel with a
  config file it wrote itself (any file in the run folder was accepted: read access to "/").
  Now requests go through a socket pair only the grading processes hold, and only a kernel's
  own ``sandbox.json`` is accepted.
- ``escape``: writes to the kernels' shared lossedu, reads of the submissions folder, of other
  processes' /proc files and of the course secret in the environment: all refused (held);
  and /proc/self/net/unix, which was readable: without a network namespace of its own it lists
  every kernel's ZeroMQ socket paths, and Landlock does not stop a connect() to them (a
  classmate's IOPub: their outputs, hidden probes included). Now net/ and task/ are left out.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import pytest

from lossedu.checks import encode
from lossedu.exercises import solution_path
from lossedu.grading import samples
from lossedu.grading.kernel import FORGED_MESSAGES

EXERCISE = "02_mse_exercise"
SECRET = "review-secret-4f1d0c"
SLEEP = 3.0
RIGHT = samples.reference_answers(EXERCISE) if solution_path(EXERCISE).exists() else {}

#: the right mse, defined only if the real uid 0 came back
SETUID_BACK = '''
import os
try:
    os.setresuid(0, 0, 0)
except OSError:
    pass
try:
    os.setsid()  # a session of its own: a CPU share of its own (see the module's docstring)
    exec(_RIGHT_MSE)
except OSError:
    pass
if os.getresuid()[0] == 0:
    exec(_RIGHT_MSE)
'''

#: the right mae; on the hidden input (its first value ends in .25) it sleeps and calls a
#: forbidden function by a name the source scan cannot see
HIDDEN_TIMING = '''
import importlib, time
_mae = mae
def mae(y_true, y_pred):
    y = np.asarray(y_true, dtype=float)
    if y.size and float(y.ravel()[0]) % 1 == 0.25:
        time.sleep(_SLEEP)
        metrics = importlib.import_module("sk" + "learn.met" + "rics")
        getattr(metrics, "mean_" + "absolute_error")(y_true, y_pred)
    return _mae(y_true, y_pred)
'''

#: the right mae; on the hidden input it sends a forged kernel message
HIDDEN_FORGED = '''
_mae = mae
def mae(y_true, y_pred):
    y = np.asarray(y_true, dtype=float)
    if y.size and float(y.ravel()[0]) % 1 == 0.25:
        k = get_ipython().kernel
        k.session.send(k.iopub_socket, "grade", {"points": 99}, parent=k.get_parent())
    return _mae(y_true, y_pred)
'''

#: 6 MB of forged replies on the shell channel (100 KB each), then the right answer; they
#: answer no request, so the cell's own reply comes after all of them on that socket
SHELL_FLOOD = '''
_k = get_ipython().kernel
for _ in range(60):
    _k.session.send(_k.shell_stream, "execute_reply", {"status": "ok"}, parent=None,
                    ident=_k._parent_ident["shell"], buffers=[bytes(100_000)])
'''

#: the right mse, defined only if one of these escapes worked
ESCAPE = '''
import os, glob
import lossedu
_won = []
_pkg = os.path.dirname(lossedu.__file__)
for _path in (os.path.join(_pkg, "_probe.py"), os.path.join(_pkg, "new.py"),
              os.path.join(os.path.dirname(_pkg), "sitecustomize.py"), "/tmp/lossedu-shared",
              "/dev/shm/lossedu-shared", os.path.join(os.path.dirname(os.getcwd()), "x")):
    try:
        with open(_path, "a") as _handle:
            _handle.write("#")
        _won.append(_path)
    except OSError:
        pass
for _path in (_SUBMISSIONS, _OUT, "/proc/1/environ", f"/proc/{os.getppid()}/environ",
              "/proc/self/root" + _SUBMISSIONS, "/proc/self/net/unix", "/proc/net/unix",
              "/proc/self/task"):
    try:
        if os.path.isdir(_path):
            os.listdir(_path)
        else:
            open(_path, "rb").read(1)
        _won.append(_path)
    except OSError:
        pass
if _SECRET in repr(dict(os.environ)) or _SECRET in open("/proc/self/environ").read():
    _won.append("secret")
print(_won)
if _won:
    exec(_RIGHT_MSE)
'''

ATTACKS = {
    "setuid_back": ({"mse_code": SETUID_BACK}, "blank"),
    "hidden_timing": ({"mae_code": RIGHT.get("mae_code", "") + HIDDEN_TIMING}, "honest"),
    "hidden_forged": ({"mae_code": RIGHT.get("mae_code", "") + HIDDEN_FORGED}, "honest"),
    "shell_flood": ({"house_code": SHELL_FLOOD + RIGHT.get("house_code", "")}, "honest"),
    "escape": ({"mse_code": ESCAPE}, "blank"),
    "parser_bomb": ({"mse_code": "x = " + "-" * 100_000 + "1\n"}, "honest"),
    # the route by which setuid_back and escape would earn points, taken unconditionally:
    # their 0 means the attack failed, not that this route (or the grader) gives 0 anyway
    "control": ({"mse_code": "exec(_RIGHT_MSE)\n"}, "blank"),
}


def _hidden_file(path: Path) -> None:
    y = np.array([17.25, -3.5, 8.75])
    p = np.array([16.0, -3.0, 9.0])
    cases = [{"label": "new data", "args": encode((y, p)), "kwargs": {}}]
    path.write_text(json.dumps({"exercise": EXERCISE, "checks": [
        {"id": "mae_hidden", "question": "mae_numpy", "points": 1, "title": "mae on new data",
         "cases": cases}]}))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from lossedu.grading import grade

    if not RIGHT:
        pytest.skip(f"{EXERCISE} is not written yet")
    root = tmp_path_factory.mktemp("review")
    subs, out, hidden = root / "submissions", root / "out", root / "hidden.json"
    subs.mkdir()
    _hidden_file(hidden)
    prelude = (f"_RIGHT_MSE = {RIGHT['mse_code']!r}\n_SLEEP = {SLEEP!r}\n"
               f"_SUBMISSIONS = {str(subs)!r}\n_OUT = {str(out)!r}\n_SECRET = {SECRET!r}\n")
    for student, (answers, base) in ATTACKS.items():
        answers = {key: prelude + source for key, source in answers.items()}
        nb = samples.with_answers(EXERCISE, answers, base=base)
        (subs / f"{student}.ipynb").write_bytes(samples.to_bytes(nb))
    saved = os.environ.get("LOSSEDU_VARIANT_SECRET")
    os.environ["LOSSEDU_VARIANT_SECRET"] = SECRET  # as an instructor's shell might have it
    try:
        report = grade(subs, EXERCISE, hidden=hidden, out=out, jobs=2, timeout=10)
    finally:
        if saved is None:
            os.environ.pop("LOSSEDU_VARIANT_SECRET", None)
        else:
            os.environ["LOSSEDU_VARIANT_SECRET"] = saved
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    return {"rows": rows, "report": {r.student: r for r in report.rows}}


def test_the_attacks_route_to_points_works_when_taken(graded):
    row = graded["rows"]["control"]
    assert row["mse_numpy"] != "0", row


def test_no_real_uid_0_and_no_new_session(graded):
    row = graded["rows"]["setuid_back"]
    assert row["mse_numpy"] == "0", row
    assert graded["rows"]["control"]["mse_numpy"] != "0"  # (the same route, taken, scores)


def test_a_hidden_probe_leaves_no_timing_and_no_forbidden_name(graded):
    row = graded["report"]["hidden_timing"]
    assert [q.points for q in row.questions if q.key == "mae_hidden"] == [1], row
    assert not any("sklearn" in flag for flag in row.flags), row.flags
    assert row.seconds < SLEEP, row.seconds  # the hidden probe slept SLEEP seconds


def test_a_message_forged_after_a_hidden_input_is_a_fixed_fault_not_a_flag(graded):
    row = graded["rows"]["hidden_forged"]
    assert row["mae_hidden"] == "0" and row["mae_numpy"] != "0", row
    assert row["status"] == "graded"  # the status is that of the answers and public checks
    assert FORGED_MESSAGES not in row["flags"], row["flags"]
    assert "mae_hidden: the answer failed on this hidden check (error, crash or time-out)" \
        in row["reason"]


def test_forged_shell_replies_count_against_the_output_cap(graded):
    row = graded["rows"]["shell_flood"]
    assert row["house_price_errors"] == "0" and row["mse_numpy"] != "0", row
    assert "printed more than 4 MB of output" in row["reason"], row["reason"]


def test_an_unparsable_answer_is_flagged_not_a_grader_error(graded):
    row = graded["rows"]["parser_bomb"]
    assert row["status"] == "graded-with-faults" and row["mae_numpy"] != "0", row
    assert "unreadable source (nested too deeply) (answer mse_code)" in row["flags"]
    assert "~uses~" not in row["notes"], row["notes"]  # helper probes have no column


def test_no_escape_from_the_kernel(graded):
    row = graded["rows"]["escape"]
    assert row["mse_numpy"] == "0", row
    assert graded["rows"]["control"]["mse_numpy"] != "0"  # (the same route, taken, scores)


def test_a_stopped_prepare_leaves_no_folder(tmp_path, monkeypatch):
    """Ctrl-C (or SIGTERM, which raises KeyboardInterrupt) while the kernels' lossedu is built."""
    import tempfile

    from lossedu.grading import engine, kernel_package

    built_in = []

    def interrupted(pythonpath, *args, **kwargs):
        built_in.append(Path(pythonpath))
        raise KeyboardInterrupt

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(kernel_package, "build", interrupted)
    with pytest.raises(KeyboardInterrupt):
        engine.prepare(EXERCISE)
    assert not list(tmp_path.glob("lossedu-grade-*"))
    # the run folder existed when the build was stopped (it may have moved to /tmp when
    # tmp_path is deep, as under pytest-xdist, where the glob above would see nothing)
    assert len(built_in) == 1 and built_in[0].parent.name.startswith("lossedu-grade-")
    assert not built_in[0].parent.exists(), built_in


def test_the_zygote_forks_only_for_a_kernels_own_config(tmp_path):
    """A kernel cannot ask the zygote (it holds none of its sockets: test_grading_sandbox);
    and even a request naming a config file a kernel could write (below its work folder,
    which without a mount namespace is a real folder of the run) is refused."""
    from lossedu.grading.kernel import KernelError, Zygote

    zygote = Zygote(tmp_path, {"PATH": os.environ.get("PATH", "")})
    try:
        for config in (tmp_path / "k1" / "work" / "sandbox.json", tmp_path / "k1" / "x.json",
                       tmp_path / "sandbox.json"):
            config.parent.mkdir(parents=True, exist_ok=True)
            config.write_text("{}")
            with pytest.raises(KernelError, match="refused"):
                zygote.spawn(config)
    finally:
        zygote.stop()
