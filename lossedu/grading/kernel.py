"""One sandboxed student kernel, driven from the grading process over ZeroMQ.

The grading process talks to the kernel with plain ``jupyter_client`` messages on its own
sockets (no client threads), so it can enforce every limit itself:

* a per-cell timeout: on timeout the kernel is killed (SIGKILL, so a loop that ignores SIGINT
  stops too) and the caller starts a fresh one;
* an output cap: IOPub frames are measured *before* they are parsed, and the cell stops as
  soon as the cell's output passes the cap (a 50 MB line is never decoded);
* death detection: ``os._exit``, a segfault or a memory kill are noticed at once.

The kernel uses the ``ipc`` transport (unix sockets in its private folder), so it needs no
network at all and can live in an empty network namespace.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import zmq
from jupyter_client.session import Session

from lossedu.grading import sandbox

#: where the launcher lives (run as a script, standard library only)
LAUNCHER = Path(sandbox.__file__).resolve()

#: ipykernel options: no history database, no fd capture thread (less to start, less to attack)
KERNEL_ARGS = (
    "--HistoryManager.enabled=False",
    "--IPKernelApp.capture_fd_output=False",
    "--IPKernelApp.quiet=True",
)


#: the flag of a cell whose kernel messages were forged or malformed (they are ignored)
FORGED_MESSAGES = "sent forged or malformed kernel messages (ignored)"

#: IOPub message types a kernel may send, and what their content must hold
_IOPUB_SHAPES = {
    "status": {"execution_state": str},
    "stream": {"name": str, "text": str},
    "display_data": {"data": dict},
    "update_display_data": {"data": dict},
    "execute_result": {"data": dict},
    "error": {"ename": str, "evalue": str},
    "execute_input": {}, "clear_output": {}, "comm_open": {}, "comm_msg": {},
    "comm_close": {}, "debug_event": {},
}


def _message_problem(msg: dict, shell: bool) -> str | None:
    """What is wrong with a (parsed, signed) kernel message, or None."""
    kind, content = msg["msg_type"], msg["content"]
    if not isinstance(content, dict):
        return f"{kind} content is not an object"
    if shell:
        if kind != "execute_reply":
            return f"unexpected {kind} on the shell channel"
        if content.get("status") not in ("ok", "error", "aborted"):
            return "execute_reply without a valid status"
        return None
    shape = _IOPUB_SHAPES.get(kind)
    if shape is None:
        return f"unknown message type {kind[:40]!r}"
    for key, kind_of in shape.items():
        if not isinstance(content.get(key), kind_of):
            return f"{kind} without a valid {key}"
    if kind == "status" and content["execution_state"] not in ("busy", "idle", "starting"):
        return "status with an unknown execution_state"
    if kind == "stream" and content["name"] not in ("stdout", "stderr"):
        return "stream with an unknown name"
    return None


class KernelError(RuntimeError):
    """The kernel could not be started (a set-up problem, not a student's fault)."""


@dataclass
class Limits:
    """What one kernel may use."""

    cell_timeout: float = 30.0  #: seconds per cell (wall clock)
    memory: int = 2 << 30  #: bytes of address space
    cpu: int = 600  #: CPU seconds for the kernel's whole life
    file_size: int = 64 << 20  #: bytes per written file
    processes: int = 256  #: tasks (processes + threads) in the kernel's user namespace
    disk: int = 256 << 20  #: bytes the kernel may write in total (its writable folder)
    cell_output: int = 4 << 20  #: bytes of output messages per cell
    start_timeout: float = 60.0


@dataclass
class CellResult:
    """What executing one cell produced.

    ``status``: ``"ok"``, ``"error"`` (an exception, kernel alive), ``"timeout"``, ``"died"``
    (the kernel process ended), or ``"output"`` (output cap exceeded). After anything but ok
    or error, the kernel is dead (killed by us or by itself).
    """

    status: str
    outputs: list = field(default_factory=list)  #: iopub content dicts with a "msg_type"
    ename: str = ""
    evalue: str = ""
    output_bytes: int = 0
    seconds: float = 0.0
    #: flags for review: [FORGED_MESSAGES] when a message was forged or malformed (ignored)
    flags: list = field(default_factory=list)
    anomalies: list = field(default_factory=list)  #: what was wrong with those messages

    @property
    def fault(self) -> bool:
        return self.status in ("timeout", "died", "output")


@dataclass
class SandboxPaths:
    """What a kernel may read (read_only) besides its own private folder."""

    read_only: list
    env: dict


class Zygote:
    """A process that has imported ipykernel, IPython, numpy (and the exercise's set-up
    imports) once, and forks a fresh sandboxed kernel on request (see sandbox._zygote).

    Started by the main grading process before the grading processes are forked; they
    inherit :attr:`control` (one end of a socket pair whose other end only the zygote holds)
    and ask it for kernels through it. Holding that socket is the only way to ask: no name to
    find, no secret a kernel (a fork of the zygote) could recover from its own memory, and
    no kernel holds the socket (the zygote's children close every inherited descriptor, and
    a kernel started from scratch inherits none).
    """

    def __init__(self, base_dir: str | Path, env: dict, preload=(), sandboxed: bool = True):
        self.base = str(base_dir)
        home = Path(base_dir) / "zygote-home"
        home.mkdir(exist_ok=True)
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        fd = theirs.fileno()  # the same number in the zygote (pass_fds)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, str(LAUNCHER), "--zygote"], cwd=base_dir,
                env={**env, "HOME": str(home)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, close_fds=True, pass_fds=(fd,))
        finally:
            theirs.close()
        self.proc.stdin.write((json.dumps({"fd": fd,
                                           "base": self.base, "preload": list(preload),
                                           "sandboxed": sandboxed})
                               + "\n").encode())
        self.proc.stdin.close()
        ready = self.proc.stdout.readline()
        if ready.strip() != b"ready":
            self.stop()
            raise KernelError("the kernel zygote did not start")

    def spawn(self, config_file: Path) -> int:
        """Fork a kernel for ``config_file``; return its pid."""
        conn, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with conn:
            try:  # the request carries the zygote's end of a fresh pair, for the answer
                socket.send_fds(self.control, [json.dumps({"config": str(config_file)})
                                               .encode()], [theirs.fileno()])
            finally:
                theirs.close()
            conn.settimeout(30)
            answer = b""
            while not answer.endswith(b"\n"):
                chunk = conn.recv(64)
                if not chunk:
                    break
                answer += chunk
        try:
            return int(answer)
        except ValueError:
            raise KernelError("the kernel zygote refused the request") from None

    @property
    def alive(self) -> bool:
        # not proc.poll(): the grading processes that use the zygote are not its parent
        try:
            os.kill(self.proc.pid, 0)
        except OSError:
            return False
        return self.proc.returncode is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.control.close()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


class _Forked:
    """A kernel forked by the zygote: not our child, watched through a pidfd."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode = None
        try:
            self._fd = os.pidfd_open(pid)
        except (OSError, AttributeError):
            self._fd = None

    def poll(self):
        if self.returncode is not None:
            return self.returncode
        if self._fd is not None:
            ready, _, _ = select.select([self._fd], [], [], 0)
            if ready:
                self.returncode = -1
        else:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -1
        return self.returncode

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait(self, timeout=None):
        end = time.monotonic() + (timeout or 3600)
        while self.poll() is None:
            if time.monotonic() > end:
                raise subprocess.TimeoutExpired("kernel", timeout)
            if self._fd is not None:
                select.select([self._fd], [], [], 0.05)
            else:
                time.sleep(0.02)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        return self.returncode


class Kernel:
    """A sandboxed ipykernel in a private temporary folder under ``base_dir``."""

    def __init__(self, base_dir: str | Path, paths: SandboxPaths, limits: Limits,
                 context: zmq.Context, sandboxed: bool = True, zygote: Zygote | None = None):
        self.limits = limits
        self.context = context
        self.private = Path(tempfile.mkdtemp(prefix="k", dir=base_dir))
        os.chmod(self.private, 0o700)
        if os.geteuid() == 0:
            # under root the kernel's real uid is nobody (see sandbox.enter_namespaces), and
            # os.access() (IPython, matplotlib) checks the real uid: it must be able to pass
            # through to its writable folder; no listing (names are random)
            for folder in (self.private, self.private.parent):
                os.chmod(folder, 0o711)
        self.key = secrets.token_hex(32)
        self.session = Session(key=self.key.encode(), signature_scheme="hmac-sha256",
                               username="grader")
        self.proc: subprocess.Popen | None = None
        self.status: dict = {}
        self._paths = paths
        self._sandboxed = sandboxed
        self._zygote = zygote
        self._sockets: list = []
        self._finished: list = []  # msg ids of the last cells that ended (reply and idle seen)
        self._stderr = None

    # ------------------------------------------------------------------ life cycle
    def start(self) -> None:
        prefix = str(self.private / "s")
        connection = {
            "transport": "ipc", "ip": prefix, "shell_port": 1, "iopub_port": 2,
            "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": self.key,
            "signature_scheme": "hmac-sha256", "kernel_name": "",
        }
        conn_file = self.private / "connection.json"
        conn_file.touch(mode=0o600)
        conn_file.write_text(json.dumps(connection))
        # the kernel writes only in ``work``: a tmpfs of limits.disk bytes in the kernel's own
        # mount namespace (the launcher mounts it and creates the folders below)
        work = self.private / "work"
        work.mkdir()
        env = dict(self._paths.env)
        seed = env.get("MPLCONFIGDIR")  # the font cache the grader built, copied per kernel
        folders = []
        for name, sub in (("HOME", "home"), ("IPYTHONDIR", "ipython"), ("TMPDIR", "tmp"),
                          ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_DATA_DIR", "data"),
                          ("XDG_CACHE_HOME", "cache"), ("MPLCONFIGDIR", "mplconfig")):
            folders.append(str(work / sub))
            env[name] = str(work / sub)
        config = {
            "parent": None if self._zygote is not None else os.getpid(),
            "env": env,
            "private_dir": str(self.private),
            "work_dir": str(work),
            "work_dirs": folders,
            "disk": self.limits.disk,
            "mplconfig_seed": seed,
            "connection_file": str(conn_file),
            "read_only": self._paths.read_only,
            "read_write": [str(work), "/dev/null"],
            "sockets": [str(self.private)],
            "limits": {"AS": self.limits.memory, "CPU": self.limits.cpu,
                       "FSIZE": self.limits.file_size, "NPROC": self.limits.processes},
            "kernel_args": list(KERNEL_ARGS),
            "unshare": self._sandboxed,
            "landlock": self._sandboxed,
        }
        config_file = self.private / "sandbox.json"
        config_file.touch(mode=0o600)
        config_file.write_text(json.dumps(config))
        self.proc = None
        if self._zygote is not None and self._zygote.alive:
            try:
                self.proc = _Forked(self._zygote.spawn(config_file))
            except (OSError, KernelError):
                self.proc = None  # the zygote is gone: start this kernel from scratch
        if self.proc is None:
            self._stderr = open(self.private / "kernel-stderr.txt", "wb")  # noqa: SIM115
            self.proc = subprocess.Popen(
                [sys.executable, str(LAUNCHER), str(config_file)],
                cwd=self.private, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=self._stderr, start_new_session=True, close_fds=True,
            )
        self.shell = self.context.socket(zmq.DEALER)
        self.shell.linger = 0
        # a reply is a few hundred bytes: a bigger message is dropped by zmq unread (a kernel
        # could otherwise make the grading process hold gigabytes)
        self.shell.setsockopt(zmq.MAXMSGSIZE, max(self.limits.cell_output, 1 << 20))
        self.shell.setsockopt(zmq.RECONNECT_IVL, 10)  # the kernel binds a moment later
        self.shell.connect(f"ipc://{prefix}-1")
        self.iopub = self.context.socket(zmq.SUB)
        self.iopub.linger = 0
        self.iopub.setsockopt(zmq.RECONNECT_IVL, 10)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        # a backstop: zmq drops bigger messages without handing them to us
        self.iopub.setsockopt(zmq.MAXMSGSIZE, max(self.limits.cell_output * 4, 64 << 20))
        self.iopub.connect(f"ipc://{prefix}-2")
        self._sockets = [self.shell, self.iopub]
        self.poller = zmq.Poller()
        self.poller.register(self.shell, zmq.POLLIN)
        self.poller.register(self.iopub, zmq.POLLIN)
        self._wait_ready()
        try:
            self.status = json.loads((self.private / "sandbox-status.json").read_text())
        except (OSError, ValueError):
            self.status = {"warnings": ["the sandbox launcher reported nothing"]}

    def _wait_ready(self) -> None:
        """kernel_info until the reply AND an IOPub status arrive (IOPub is subscribed)."""
        deadline = time.monotonic() + self.limits.start_timeout
        seen_reply = seen_iopub = False
        last_sent = 0.0
        while not (seen_reply and seen_iopub):
            now = time.monotonic()
            if now > deadline:
                self.kill()
                raise KernelError(f"the kernel did not start within {self.limits.start_timeout:g} s"
                                  + self._stderr_tail())
            if self.proc.poll() is not None:
                raise KernelError(f"the kernel exited at start (code {self.proc.returncode})"
                                  + self._stderr_tail())
            if now - last_sent > 0.1:
                self.session.send(self.shell, "kernel_info_request", {})
                last_sent = now
            for sock, _ in self.poller.poll(20):
                frames = sock.recv_multipart()
                msg = self._parse(frames)
                if msg is None:
                    continue
                if sock is self.shell and msg["msg_type"] == "kernel_info_reply":
                    seen_reply = True
                elif sock is self.iopub and msg["msg_type"] == "status":
                    seen_iopub = True
        # drain what the extra kernel_info requests produce
        self._drain(0.0)

    def _stderr_tail(self) -> str:
        try:
            text = (self.private / "kernel-stderr.txt").read_bytes()[-2000:]
        except OSError:
            return ""
        text = text.decode("utf-8", "replace").strip()
        return f":\n{text}" if text else ""

    def _parse(self, frames):
        """The message, or None when it is malformed or unsigned (then: ignore it)."""
        try:
            _, parts = self.session.feed_identities(frames, copy=True)
            msg = self.session.deserialize(parts, content=True, copy=True)
            if not isinstance(msg.get("header"), dict) or \
                    not isinstance(msg.get("parent_header"), dict):
                return None
            msg["msg_type"] = msg["header"].get("msg_type", "")
            if not isinstance(msg["msg_type"], str):
                return None
        except Exception:  # noqa: BLE001  anything a forger could send
            return None
        return msg

    def _drain(self, wait: float) -> None:
        end = time.monotonic() + wait
        while True:
            events = self.poller.poll(max(0, int((end - time.monotonic()) * 1000)))
            if not events:
                return
            for sock, _ in events:
                sock.recv_multipart()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def forked(self) -> bool:
        """Whether the zygote forked this kernel (fast start) rather than a fresh Python."""
        return isinstance(self.proc, _Forked)

    def kill(self) -> None:
        """SIGKILL the kernel and everything it started; remove its private folder.

        The kernel's init (PID 1 of its namespace) is killed, and waited for: Linux kills
        every process of the namespace before the init is gone, so when this returns nothing
        the submission started is left (``setsid`` and double forks included).
        """
        if self.proc is not None and self.proc.poll() is None:
            init = self._init_pidfd()
            if init is not None:  # the launcher reaps the init, then exits by itself
                try:
                    signal.pidfd_send_signal(init, signal.SIGKILL)
                except OSError:
                    pass
                select.select([init], [], [], 5)
                os.close(init)
                try:
                    self.proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
            try:  # (without a PID namespace: the kernel's process group, as before)
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            if self.proc.poll() is None:
                try:
                    self.proc.kill()
                except OSError:
                    pass
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        for sock in self._sockets:
            sock.close(linger=0)
        self._sockets = []
        if getattr(self, "_stderr", None) is not None:
            self._stderr.close()
            self._stderr = None
        shutil.rmtree(self.private, ignore_errors=True)

    def _init_pidfd(self) -> int | None:
        """A pidfd of the kernel's init (its pid is written by the launcher), or None."""
        try:
            pid = int((self.private / sandbox.INIT_PID_FILE).read_text())
            fd = os.pidfd_open(pid)
        except (OSError, ValueError, AttributeError):
            return None
        # the launcher reaps the init only when it ends itself: while the launcher is alive,
        # that pid cannot have been reused by another process, so the pidfd is the init's
        if self.proc.poll() is not None:
            os.close(fd)
            return None
        return fd

    # ------------------------------------------------------------------ execution
    def execute(self, code: str, timeout: float | None = None) -> CellResult:
        """Run ``code``; wait for its reply and its IOPub idle, within the limits."""
        timeout = self.limits.cell_timeout if timeout is None else timeout
        start = time.monotonic()
        deadline = start + timeout
        msg = self.session.send(self.shell, "execute_request", {
            "code": code, "silent": False, "store_history": False, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": False,
        })
        msg_id = msg["header"]["msg_id"]
        result = CellResult("ok")
        idle = replied = False
        while not (idle and replied):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                result.status = "timeout"
                break
            events = self.poller.poll(int(min(remaining, 0.25) * 1000) + 1)
            if self.proc.poll() is not None and not events:
                result.status = "died"
                break
            for sock, _ in events:
                frames = sock.recv_multipart()
                # every byte the kernel sends counts (shell messages too: many forged replies)
                result.output_bytes += sum(len(f) for f in frames)
                if result.output_bytes > self.limits.cell_output:
                    result.status = "output"
                    break
                msg = self._parse(frames)
                if msg is None:
                    self._flag(result, "an unsigned or undecodable message")
                    continue
                if msg["parent_header"].get("msg_id") != msg_id:
                    # one reply and one status per request: more for an ended cell is forged
                    if msg["parent_header"].get("msg_id") in self._finished and \
                            msg["msg_type"] in ("execute_reply", "status"):
                        self._flag(result, f"a late {msg['msg_type']} for an ended cell")
                    continue
                kind, content = msg["msg_type"], msg["content"]
                problem = _message_problem(msg, sock is self.shell)
                if problem is None and sock is self.shell and replied:
                    problem = "a second execute_reply"
                if problem is not None:
                    self._flag(result, problem)
                    continue
                if sock is self.shell:
                    replied = True
                    if content.get("status") == "error" and not result.ename:
                        result.ename = str(content.get("ename", ""))
                        result.evalue = str(content.get("evalue", ""))
                elif kind == "status":
                    idle = idle or content.get("execution_state") == "idle"
                elif kind in ("stream", "display_data", "execute_result", "error"):
                    result.outputs.append({"msg_type": kind, **content})
                    if kind == "error" and not result.ename:
                        result.ename = str(content.get("ename", ""))
                        result.evalue = str(content.get("evalue", ""))
            if result.status != "ok":
                break
        result.seconds = time.monotonic() - start
        if idle and replied:
            self._finished = [*self._finished[-31:], msg_id]
        if result.status == "ok" and result.ename:
            result.status = "error"
        if result.fault:
            self.kill()
        return result

    @staticmethod
    def _flag(result: CellResult, problem: str) -> None:
        result.flags[:] = [FORGED_MESSAGES]
        if len(result.anomalies) < 20:
            result.anomalies.append(problem)
