"""The sandboxed student kernel: what student code can and cannot reach (lossedu.grading)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import zmq

from lossedu.exercises import solution_path
from lossedu.grading import sandbox
from lossedu.grading.engine import GradingError, prepare
from lossedu.grading.kernel import Kernel

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux sandbox")


@pytest.fixture(scope="module")
def ctx():
    try:
        context = prepare("02", cell_timeout=5, memory_mb=1024, output_mb=0.25)
    except GradingError as error:
        pytest.skip(str(error))
    yield context
    import shutil

    shutil.rmtree(context.base_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def zctx():
    context = zmq.Context()
    yield context
    context.term()


@pytest.fixture(scope="module")
def kernel(ctx, zctx, tmp_path_factory):
    secret = tmp_path_factory.mktemp("instructor") / "secret.txt"
    secret.write_text("the hidden answers")
    os.environ["LOSSEDU_TEST_SECRET_TOKEN"] = "do-not-leak"
    try:
        k = Kernel(ctx.base_dir, ctx.paths, ctx.limits, zctx)
        k.start()
    finally:
        del os.environ["LOSSEDU_TEST_SECRET_TOKEN"]
    k.secret = secret
    yield k
    k.kill()


def run(kernel, code: str):
    result = kernel.execute(code)
    text = "".join(o.get("text", "") for o in result.outputs if o["msg_type"] == "stream")
    return result, text


def test_sandbox_is_applied(kernel):
    if sandbox.landlock_abi() == 0:
        pytest.skip("no Landlock on this machine (the grader warns)")
    assert kernel.status["landlock"]["abi"] >= 1
    assert kernel.status["warnings"] == []
    assert set(kernel.status["limits"]) >= {"AS", "CPU", "FSIZE", "NPROC"}


@pytest.mark.parametrize("target", ["secret", "solution", "proc_mem", "passwd", "listing"])
def test_student_code_cannot_read_outside_its_sandbox(kernel, target):
    if sandbox.landlock_abi() == 0:
        pytest.skip("no Landlock on this machine")
    path = {"secret": str(kernel.secret), "solution": str(solution_path("02_mse_exercise")),
            "proc_mem": f"/proc/{os.getpid()}/mem", "passwd": "/etc/passwd",
            "listing": str(Path(kernel.secret).parent)}[target]
    code = (f"import os\nos.listdir({path!r})" if target == "listing"
            else f"open({path!r}, 'rb').read(10)")
    result, _ = run(kernel, code)
    assert result.status == "error" and result.ename in ("PermissionError", "FileNotFoundError")


def test_student_code_cannot_write_outside_its_private_folder(kernel):
    if sandbox.landlock_abi() == 0:
        pytest.skip("no Landlock on this machine")
    import lossedu

    targets = [str(kernel.secret), str(Path(lossedu.__file__).parent / "hacked.py"),
               str(Path(kernel.secret).parent / "new.txt")]
    for target in targets:
        result, _ = run(kernel, f"open({target!r}, 'a')")
        assert result.ename == "PermissionError", target
    assert kernel.secret.read_text() == "the hidden answers"
    result, text = run(kernel, "open('scratch.txt', 'w').write('ok')\n"
                               "print(open('scratch.txt').read())")
    assert result.status == "ok" and text == "ok\n"


def test_no_network_no_signals_no_leaked_environment(kernel):
    result, text = run(kernel, "import os; print(sorted(k for k in os.environ if 'SECRET' in k))")
    assert text == "[]\n"
    result, text = run(kernel, """
import socket, errno
s = socket.socket()
s.settimeout(2)
try:
    s.connect(("127.0.0.1", 9))
    print("connected")
except ConnectionRefusedError:
    print("refused")        # reached the host's loopback: network is open
except OSError as error:
    print("blocked", type(error).__name__)
""")
    assert text.startswith("blocked"), text
    if sandbox.landlock_abi() >= 6:
        result, _ = run(kernel, "import os, signal\nos.kill(os.getppid(), 0)")
        assert result.ename == "PermissionError"


def test_memory_limit_raises_memory_error(kernel):
    result, _ = run(kernel, "x = bytearray(3 << 30)")
    assert result.ename == "MemoryError"
    result, text = run(kernel, "print('still alive')")
    assert text == "still alive\n"


@pytest.mark.parametrize("code,status", [
    ("import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
     "timeout"),
    ("import os\nos._exit(3)", "died"),
    ("print('x' * (1 << 20))", "output"),
])
def test_faults_are_detected_and_the_kernel_is_gone(ctx, zctx, code, status):
    k = Kernel(ctx.base_dir, ctx.paths, ctx.limits, zctx)
    k.start()
    try:
        result = k.execute(code, timeout=1.5)
        assert result.status == status
        assert not k.alive
        assert result.output_bytes < ctx.limits.cell_output + (2 << 20)
    finally:
        k.kill()
    assert not k.private.exists()


def test_grading_process_is_protected_and_restored():
    import ctypes

    libc = ctypes.CDLL(None)
    before = libc.prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
    with sandbox.protected():
        assert libc.prctl(3, 0, 0, 0, 0) == 0
    assert libc.prctl(3, 0, 0, 0, 0) == before


def test_kernels_forked_by_the_zygote_get_the_same_sandbox(ctx, zctx):
    from lossedu.grading.kernel import Zygote

    zygote = Zygote(ctx.base_dir, ctx.paths.env, ctx.preload)
    try:
        k = Kernel(ctx.base_dir, ctx.paths, ctx.limits, zctx, zygote=zygote)
        k.start()
        zygote_sockets = set()
        for fd in os.listdir(f"/proc/{zygote.proc.pid}/fd"):
            link = os.readlink(f"/proc/{zygote.proc.pid}/fd/{fd}")
            if link.startswith("socket:"):
                zygote_sockets.add(link)
        try:
            result, text = run(k, f"""
import gc, sys
print('numpy' in sys.modules)          # pre-imported by the zygote
frame, names = sys._getframe(), set()
while frame is not None:
    names |= set(frame.f_locals)
    frame = frame.f_back
import os
fds = set()
for fd in os.listdir('/proc/self/fd'):
    try:
        fds.add(os.readlink('/proc/self/fd/' + fd))
    except OSError:
        pass
print('token' in names, {zygote_sockets!r} & fds)
""")
            # nothing to ask the zygote with: no token, and none of its sockets
            assert text == "True\nFalse set()\n"
            if sandbox.landlock_abi():
                assert k.status["landlock"]["abi"] >= 1 and k.status["warnings"] == []
                result, _ = run(k, f"open({str(solution_path('02_mse_exercise'))!r})")
                assert result.ename == "PermissionError"
            result, _ = run(k, "import os\nos._exit(0)")
            assert result.status == "died" and not k.alive
        finally:
            k.kill()
    finally:
        zygote.stop()
