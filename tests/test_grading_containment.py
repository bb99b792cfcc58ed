"""Containment of a student's kernel (issue 12, items 5 and 6): processes, forks, disk,
forged kernel messages, and a grader stopped by SIGTERM or Ctrl-C (lossedu.grading)."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import zmq

from lossedu.exercises import solution_path
from lossedu.grading import samples, sandbox
from lossedu.grading.engine import GradingError, grade_submission, prepare
from lossedu.grading.kernel import FORGED_MESSAGES, Kernel, Zygote
from lossedu.grading.submissions import Submission

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux sandbox")

EX = "02_mse_exercise"
#: the reproducer of issue 12, item 6
FORGED_STATUS = ("k = get_ipython().kernel\n"
                 "k.session.send(k.iopub_socket, 'status', b'[\"x\"]', parent=k.get_parent())\n")


@pytest.fixture(scope="module")
def ctx():
    try:
        context = prepare("02", cell_timeout=10, memory_mb=1024)
    except GradingError as error:
        pytest.skip(str(error))
    context.zygote = Zygote(context.base_dir, context.paths.env, context.preload)
    context.zmq = zmq.Context()
    yield context
    context.zygote.stop()
    context.zmq.term()
    shutil.rmtree(context.base_dir, ignore_errors=True)


def _kernel(ctx, **limits):
    """A kernel forked by the module's zygote, with some limits changed."""
    k = Kernel(ctx.base_dir, ctx.paths, dataclasses.replace(ctx.limits, **limits), ctx.zmq,
               zygote=ctx.zygote)
    k.start()
    return k


@pytest.fixture(scope="module")
def shared_kernel(ctx):
    """One kernel for the tests that leave it alive."""
    k = _kernel(ctx)
    yield k
    k.kill()


def _stdout(result) -> str:
    return "".join(o.get("text", "") for o in result.outputs if o["msg_type"] == "stream")


def _in_namespace(ns: str) -> list:
    """The pids of every process in the PID namespace ``ns`` (a /proc/PID/ns/pid link)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/ns/pid") == ns:
                    found.append(int(entry))
            except OSError:
                pass
    return found


def _namespace_of(k) -> str:
    init = int((k.private / sandbox.INIT_PID_FILE).read_text())
    return os.readlink(f"/proc/{init}/ns/pid")


def _contained(status: dict) -> bool:
    return "pid" in (status.get("namespaces") or "")


DOUBLE_FORK = """
import os, time
if os.fork() == 0:          # escapes the kernel's process group and session
    os.setsid()
    if os.fork() == 0:
        while True:
            pass            # a busy loop that nobody waits for
    os._exit(0)
time.sleep(0.2)
print("escaped")
"""


def test_double_fork_escape_ends_with_the_kernel(ctx):
    k = _kernel(ctx)
    try:
        if not _contained(k.status):
            pytest.skip("no PID namespace on this machine (the grader warns)")
        result = k.execute(DOUBLE_FORK)
        assert result.status == "ok" and _stdout(result) == "escaped\n"
        ns = _namespace_of(k)
        # init + kernel + the escaped busy loop (at least), all in the kernel's namespace
        assert len(_in_namespace(ns)) >= 3
    finally:
        k.kill()
    assert _in_namespace(ns) == []  # kill() returns once the whole namespace is gone


def test_a_kernel_ends_with_the_process_that_asked_for_it(ctx):
    """A grading process that dies without killing its kernel (killed itself) takes it along,
    although the kernel is the zygote's child, not its own."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover  (the child: starts a kernel, then dies abruptly)
        try:
            k = Kernel(ctx.base_dir, ctx.paths, ctx.limits, zmq.Context(), zygote=ctx.zygote)
            k.start()
            os.write(writer, f"{k.proc.pid} {k.private}\n".encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as handle:
        launcher, private = handle.readline().split()
    os.waitpid(pid, 0)
    try:
        fd = os.pidfd_open(int(launcher))
    except ProcessLookupError:
        fd = None  # already gone
    if fd is not None:
        import select

        ready = select.select([fd], [], [], 10)[0]
        os.close(fd)
        assert ready, "the kernel outlived the grading process that asked for it"
    shutil.rmtree(private, ignore_errors=True)


FORK_BOMB = """
import os, time
pids = []
try:
    for _ in range(300):
        pid = os.fork()
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        pids.append(pid)
except OSError as error:
    print(len(pids), error.errno)
for pid in pids:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
"""


def test_fork_bomb_is_limited(ctx):
    """(as whoever runs the tests: root on the course machine, where RLIMIT_NPROC alone is
    not enforced)"""
    k = _kernel(ctx, processes=24)
    try:
        result = k.execute(FORK_BOMB)
        text = _stdout(result)
        assert text, "all 300 forks succeeded: the process limit was not applied"
        forked, code = map(int, text.split())
        assert forked < 24 and code == errno.EAGAIN
        assert _stdout(k.execute("print('alive')")) == "alive\n"
    finally:
        k.kill()


NONROOT_COMMAND = FORK_BOMB + DOUBLE_FORK + """
import sys
print("ready", flush=True)
sys.stdin.readline()       # the test looks at the namespace now
"""


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="needs root and setpriv to run the sandbox as a normal user")
def test_fork_bomb_and_escape_are_contained_for_a_normal_user():
    """The same launcher run as uid 65534 (a normal user): stdlib only, so any Python that
    user can run will do; it runs a command instead of ipykernel, in the same sandbox."""
    python = next((p for p in ("/usr/bin/python3", sys.executable) if subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", p, "-c", ""],
        capture_output=True).returncode == 0), None)
    if python is None:
        pytest.skip("no Python that uid 65534 can run")
    root = Path(tempfile.mkdtemp(prefix="lossedu-containment-"))
    try:
        os.chmod(root, 0o755)
        private = root / "k"
        (private / "work").mkdir(parents=True)
        shutil.chown(private, 65534, 65534)
        shutil.chown(private / "work", 65534, 65534)
        # a copy of the (stdlib-only) launcher that uid 65534 can read wherever the course
        # lives (a clone in a 0700 folder such as mktemp's is not readable to other users)
        launcher = root / "sandbox.py"
        shutil.copyfile(sandbox.__file__, launcher)
        launcher.chmod(0o644)
        prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix,
                                                  os.path.dirname(os.path.realpath(python)))}
        config = {
            "private_dir": str(private), "work_dir": str(private / "work"),
            "work_dirs": [str(private / "work" / "tmp")], "disk": 8 << 20,
            "read_only": sorted(prefixes | {"/usr", "/lib", "/lib64", "/etc"}),
            "read_write": [str(private / "work"), "/dev/null"], "sockets": [str(private)],
            "limits": {"NPROC": 40}, "env": {"TMPDIR": str(private / "work" / "tmp")},
            "command": [python, "-c", NONROOT_COMMAND],
        }
        (private / "sandbox.json").write_text(json.dumps(config))
        proc = subprocess.Popen(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", python,
             str(launcher), str(private / "sandbox.json")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            forked, code = map(int, proc.stdout.readline().split())
            assert proc.stdout.readline() == "escaped\n"
            assert proc.stdout.readline() == "ready\n"
            status = json.loads((private / "sandbox-status.json").read_text())
            assert forked < 40 and code == errno.EAGAIN
            if _contained(status):
                ns = os.readlink(f"/proc/{(private / sandbox.INIT_PID_FILE).read_text()}/ns/pid")
                assert len(_in_namespace(ns)) >= 3
            proc.stdin.write("\n")
            proc.stdin.close()
            assert proc.wait(timeout=30) == 0
        finally:
            proc.kill()
            proc.wait()
        if _contained(status):
            assert _in_namespace(ns) == []
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_writable_folders_are_the_quota_and_libraries_see_them_writable(ctx, shared_kernel):
    """HOME, TMPDIR, MPLCONFIGDIR, IPYTHONDIR and the working folder are on the quota, and
    os.access() says writable (it checks the real uid: nobody when the grader is root), so
    IPython and matplotlib use them instead of making temporary folders of their own."""
    result = shared_kernel.execute(
        "import os\nfor p in [os.getcwd()] + [os.environ[k] for k in ('HOME', 'TMPDIR', "
        "'MPLCONFIGDIR', 'IPYTHONDIR')]:\n    s = os.statvfs(p)\n"
        "    print(os.access(p, os.W_OK), s.f_blocks * s.f_frsize)")
    lines = _stdout(result).split("\n")[:-1]
    assert len(lines) == 5 and all(line.split()[0] == "True" for line in lines), lines
    if shared_kernel.status.get("disk_quota"):
        assert {int(line.split()[1]) for line in lines} == {ctx.limits.disk}


DISK_BOMB = """
import os, tempfile
written = 0
chunk = b"x" * (1 << 20)
try:
    for i in range(200):
        folder = tempfile.gettempdir() if i % 2 else "."
        with open(os.path.join(folder, f"f{i}"), "wb") as handle:
            for _ in range(4):
                handle.write(chunk)
                handle.flush()
                written += len(chunk)
except OSError as error:
    print(written >> 20, error.errno)
"""


def test_disk_quota_is_a_total(ctx):
    k = _kernel(ctx, disk=16 << 20)
    try:
        if k.status.get("disk_quota") is None:
            pytest.skip("no mount namespace on this machine (the grader warns)")
        result = k.execute(DISK_BOMB)
        written_mb, code = map(int, _stdout(result).split())
        assert code == errno.ENOSPC and written_mb <= 16
        # nothing landed on the grader's disk, and the kernel goes on
        on_disk = sum(f.stat().st_size for f in k.private.rglob("*") if f.is_file())
        assert on_disk < (1 << 20)
        assert _stdout(k.execute("print('alive')")) == "alive\n"
    finally:
        k.kill()


@pytest.mark.parametrize("code", [
    FORGED_STATUS,
    # a second execute_reply, an unknown message type, a stream to nowhere
    "k = get_ipython().kernel\n"
    "k.session.send(k.shell_stream, 'execute_reply', {'status': 'ok'}, parent=k.get_parent(),"
    " ident=k._parent_ident['shell'])\n",
    "k = get_ipython().kernel\n"
    "k.session.send(k.iopub_socket, 'grade', {'points': 99}, parent=k.get_parent())\n",
    "k = get_ipython().kernel\n"
    "k.session.send(k.iopub_socket, 'stream', {'name': 'x', 'text': 1}, parent=k.get_parent())\n",
    # an idle status for this cell, sent by a thread once the cell has ended
    "import threading\nk = get_ipython().kernel\nparent, go = k.get_parent(), threading.Event()\n"
    "def late():\n    go.wait()\n"
    "    k.session.send(k.iopub_socket, 'status', {'execution_state': 'idle'}, parent=parent)\n"
    "thread = threading.Thread(target=late)\nthread.start()\n",
], ids=["bad-content", "second-reply", "unknown-type", "bad-stream", "late-status"])
def test_forged_messages_are_ignored_and_flagged(shared_kernel, code):
    result = shared_kernel.execute(code + "print('done')\n")
    assert result.status == "ok" and "done\n" in _stdout(result)
    if "late" in code:  # the forgery arrives while the next cell runs
        assert result.flags == []
        result = shared_kernel.execute("go.set()\nthread.join()\nprint('done')")
        assert result.status == "ok" and _stdout(result) == "done\n"
    assert result.flags == [FORGED_MESSAGES], result.anomalies
    honest = shared_kernel.execute("print('next')")
    assert honest.status == "ok" and honest.flags == [] and _stdout(honest) == "next\n"


def test_a_forged_message_flags_the_row_instead_of_wiping_it(ctx):
    if not solution_path(EX).exists():
        pytest.skip("no solution notebook")
    answers = samples.reference_answers(EX)
    nb = samples.with_answers(EX, {"mae_code": answers["mae_code"] + "\n" + FORGED_STATUS})
    row = grade_submission(Submission("alice", "alice.ipynb", samples.to_bytes(nb)), ctx)
    assert row.status == "graded" and row.score == row.max_score
    assert FORGED_MESSAGES in row.flags


HANG = "import time\nwhile True:\n    time.sleep(0.05)\n"


def _leftovers(root: Path) -> list:
    """Processes whose working folder is under ``root`` (kernels, zygote, launchers)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/cwd").startswith(str(root)):
                    found.append(int(entry))
            except OSError:
                pass
    return found


def _grade_in_a_process(args: list, tmp: Path, cwd: Path) -> subprocess.Popen:
    """``lossedu grade ARGS`` in a new process, with its temporary folders in ``tmp``.

    A new interpreter, not a fork of the test process: a pytest-xdist worker has an IO thread
    (a fork may inherit its locks held) and ignores SIGINT, which a forked child would inherit.
    """
    def default_signals():  # (in the child, before exec: SIG_IGN would survive the exec)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    with open(cwd / "grade-stderr.txt", "wb") as stderr:  # (read when an assertion fails)
        return subprocess.Popen([sys.executable, "-m", "lossedu", "grade", *args], cwd=cwd,
                                env={**os.environ, "TMPDIR": str(tmp)},
                                preexec_fn=default_signals, stdout=subprocess.DEVNULL,
                                stderr=stderr)


def _why(tmp_path: Path) -> str:
    """What the stopped grader left to read: its stderr and gradebook."""
    texts = [(tmp_path / name) for name in ("grade-stderr.txt", "out/grades.csv")]
    return "\n".join(t.read_text(errors="replace")[-3000:] for t in texts if t.exists())


def _exit_code(proc: subprocess.Popen, timeout: float) -> int:
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"lossedu grade did not stop within {timeout:g} s") from None


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_a_stopped_grader_leaves_nothing_behind(tmp_path, sig, request):
    if not solution_path(EX).exists():
        pytest.skip("no solution notebook")
    subs = tmp_path / "subs"
    subs.mkdir()
    # the grader's TMPDIR: short, so that its run folder stays there (a deep one, as pytest-xdist
    # gives, is moved to /tmp: see test_a_deep_tmpdir_moves_the_run_folder)
    tmp = Path(tempfile.mkdtemp(prefix="lossedu-stop-"))
    request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
    for student in ("a", "b", "c"):
        nb = samples.with_answers(EX, {"mae_code": HANG})
        (subs / f"{student}.ipynb").write_bytes(samples.to_bytes(nb))
    proc = _grade_in_a_process([str(subs), "--exercise", EX, "--jobs", "2", "--timeout", "60",
                                "--no-progress", "--out", str(tmp_path / "out")], tmp, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not list(tmp.glob("lossedu-grade-*/k*/" + sandbox.INIT_PID_FILE)):
            assert time.monotonic() < deadline and proc.poll() is None, _why(tmp_path)
            time.sleep(0.02)
        time.sleep(0.1)  # a kernel is up (and soon inside the endless answer)
        proc.send_signal(sig)
        assert _exit_code(proc, timeout=30) == (-sig if sig == signal.SIGKILL else 130)
    except BaseException:
        with contextlib.suppress(OSError):
            proc.kill()
            proc.wait()
        raise
    if sig != signal.SIGKILL:  # (SIGKILL cannot be cleaned up after: documented)
        assert list(tmp.iterdir()) == []
    assert not (tmp_path / "out").exists()
    deadline = time.monotonic() + 10  # the kernels, their inits, zygote and grading processes
    while _leftovers(tmp_path) + _leftovers(tmp) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _leftovers(tmp_path) + _leftovers(tmp) == []


def test_a_deep_tmpdir_moves_the_run_folder(tmp_path, monkeypatch):
    """A unix socket path holds 107 bytes: under a deep TMPDIR every kernel failed to start
    ('File name too long', a grader-error row for everyone); the run folder moves to /tmp."""
    from lossedu.grading import engine

    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    folder = engine.run_folder()
    try:
        assert folder.name.startswith("lossedu-grade-") and not folder.is_relative_to(deep)
        assert len(os.fsencode(str(folder / "k12345678" / "s-1"))) <= 107
        assert list(deep.iterdir()) == []  # nothing left in the deep folder
    finally:
        folder.rmdir()
    shallow = Path(tempfile.mkdtemp(prefix="t", dir="/tmp"))  # (tmp_path is deep under xdist)
    monkeypatch.setattr(tempfile, "tempdir", str(shallow))
    try:
        assert engine.run_folder().parent == shallow
    finally:
        shutil.rmtree(shallow)
