"""The sandbox a student's kernel runs in, and the launcher that builds it.

The grading process starts every kernel as::

    python .../lossedu/grading/sandbox.py CONFIG.json

This file is then a tiny launcher (standard library only, nothing imported from lossedu) that,
before any student code exists in the process:

1. moves into a new user + network namespace (``unshare``): no network at all, and no
   capabilities outside the namespace (so even a kernel started by root cannot ptrace or read
   the memory of the grading process);
2. sets resource limits: address space (memory), CPU seconds, file size, number of
   processes/threads, no core dumps;
3. sets ``PR_SET_NO_NEW_PRIVS`` and ``PR_SET_PDEATHSIG`` (the kernel dies with its grader);
4. applies Landlock: read-only access to the Python environment and the lossedu package,
   read-write access to the kernel's own private temporary folder, nothing else: not the
   submissions, not the solutions, not the hidden checks, not the gradebook. With Landlock
   ABI >= 4, TCP is refused too; with ABI >= 6, signals and abstract unix sockets cannot reach
   processes outside the sandbox (the grader, other kernels);
5. writes what it could apply to ``sandbox-status.json`` (read by the grader before any
   student code runs) and starts ipykernel in the same process.

Whatever cannot be applied on a machine (an older kernel without Landlock, user namespaces
disabled) is reported, and the grader prints a clear warning; grading still works.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import resource
import signal
import sys

# ----------------------------------------------------------------------------- Landlock
_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446  # x86-64 and arm64
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

# filesystem access rights, by the ABI version that introduced them
_FS_EXECUTE, _FS_WRITE_FILE, _FS_READ_FILE, _FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_ABI1 = (1 << 13) - 1  # execute ... make_sym
_FS_REFER, _FS_TRUNCATE, _FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1

_READ_ONLY = _FS_EXECUTE | _FS_READ_FILE | _FS_READ_DIR
_FILE_RIGHTS = _FS_EXECUTE | _FS_WRITE_FILE | _FS_READ_FILE | _FS_TRUNCATE | _FS_IOCTL_DEV

_PR_SET_PDEATHSIG, _PR_GET_DUMPABLE, _PR_SET_DUMPABLE, _PR_SET_NO_NEW_PRIVS = 1, 3, 4, 38
_PR_SET_CHILD_SUBREAPER, _PR_GET_CHILD_SUBREAPER = 36, 37
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64),
                ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def landlock_abi() -> int:
    """The Landlock ABI version this kernel offers (0: not available)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        version = _libc().syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0),
                                  ctypes.c_uint32(_CREATE_RULESET_VERSION))
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


def _fs_rights(abi: int) -> int:
    rights = _FS_ABI1
    if abi >= 2:
        rights |= _FS_REFER
    if abi >= 3:
        rights |= _FS_TRUNCATE
    if abi >= 5:
        rights |= _FS_IOCTL_DEV
    return rights


def apply_landlock(read_only, read_write, abi: int) -> dict:
    """Restrict this process (and its future children) to the given paths, for good.

    ``read_only``: paths (folders or files) readable and executable; ``read_write``: paths
    with every right. Paths that do not exist are skipped. Returns what was applied.
    """
    libc = _libc()
    handled = _fs_rights(abi)
    attr = _RulesetAttr(handled_access_fs=handled,
                        handled_access_net=(_NET_BIND_TCP | _NET_CONNECT_TCP) if abi >= 4 else 0,
                        scoped=(_SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL) if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    fd = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                      ctypes.c_uint32(0))
    if fd < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for paths, rights in ((read_only, _READ_ONLY), (read_write, handled)):
            for path in paths:
                try:
                    path_fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    allowed = rights & handled
                    if not os.path.isdir(path):
                        allowed &= _FILE_RIGHTS
                    rule = _PathBeneathAttr(allowed_access=allowed, parent_fd=path_fd)
                    if libc.syscall(_SYS_ADD_RULE, ctypes.c_int(fd),
                                    ctypes.c_int(_RULE_PATH_BENEATH), ctypes.byref(rule),
                                    ctypes.c_uint32(0)) < 0:
                        raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
                finally:
                    os.close(path_fd)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if libc.syscall(_SYS_RESTRICT_SELF, ctypes.c_int(fd), ctypes.c_uint32(0)) < 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(fd)
    return {"abi": abi, "network": abi >= 4, "signals": abi >= 6}


# ----------------------------------------------------------------------------- other limits
def unshare_network() -> str:
    """Move into new user + network namespaces (no network, no outside capabilities).

    Returns ``"user+net"``, ``"net"`` (root without user namespaces) or raises OSError.
    """
    libc = _libc()
    uid, gid = os.geteuid(), os.getegid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0:
        # keep our own uid/gid inside (files we create stay ours); no setgroups
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                           ("gid_map", f"{gid} {gid} 1")):
            try:
                with open(f"/proc/self/{name}", "w") as handle:
                    handle.write(text)
            except OSError:
                if name != "setgroups":
                    raise
        return "user+net"
    first = ctypes.get_errno()
    if libc.unshare(_CLONE_NEWNET) == 0:
        return "net"
    raise OSError(first or errno.EPERM, "unshare(CLONE_NEWUSER|CLONE_NEWNET) failed")


def set_limits(limits: dict) -> list:
    """Apply ``{"AS": bytes, "CPU": seconds, "FSIZE": bytes, "NPROC": n}`` (+ no core dumps)."""
    applied = []
    for name, value in list(limits.items()) + [("CORE", 0)]:
        which = getattr(resource, f"RLIMIT_{name}", None)
        if which is None or value is None:
            continue
        soft, hard = resource.getrlimit(which)
        value = int(value)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            # CPU: the hard limit a little above the soft one, so SIGXCPU comes first
            new_hard = value + 5 if name == "CPU" and (hard == resource.RLIM_INFINITY
                                                        or hard > value + 5) else value
            resource.setrlimit(which, (value, new_hard))
            applied.append(name)
        except (ValueError, OSError):
            pass
    return applied


def make_undumpable() -> bool:
    """``prctl(PR_SET_DUMPABLE, 0)``: same-user processes cannot read our memory (/proc/PID/mem,
    ptrace). Called by the grading processes, which hold the expected answers."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return _libc().prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def become_subreaper() -> bool:
    """``prctl(PR_SET_CHILD_SUBREAPER, 1)``: orphans of our kernels come back to us (to kill)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return _libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


class protected:
    """Context manager for the grading process: non-dumpable + child subreaper while inside,
    the previous settings restored on exit (so a library caller, e.g. pytest, is unchanged)."""

    def __enter__(self):
        self._saved = None
        if sys.platform.startswith("linux"):
            try:
                libc = _libc()
                flag = ctypes.c_int(0)
                libc.prctl(_PR_GET_CHILD_SUBREAPER, ctypes.byref(flag), 0, 0, 0)
                self._saved = (libc.prctl(_PR_GET_DUMPABLE, 0, 0, 0, 0), flag.value)
            except (OSError, AttributeError):
                self._saved = None
        make_undumpable()
        become_subreaper()
        return self

    def __exit__(self, *exc):
        if self._saved is not None:
            libc = _libc()
            dumpable, subreaper = self._saved
            libc.prctl(_PR_SET_CHILD_SUBREAPER, subreaper, 0, 0, 0)
            if dumpable > 0:
                libc.prctl(_PR_SET_DUMPABLE, dumpable, 0, 0, 0)
        return False


# ----------------------------------------------------------------------------- launcher
def _launch(config_path: str, sandboxed: bool | None = None) -> None:
    with open(config_path, encoding="utf-8") as handle:
        config = json.load(handle)
    if sandboxed is not None:  # the zygote's setting wins over the file's
        config["unshare"] = config["landlock"] = sandboxed
    status = {"warnings": []}
    libc = _libc() if sys.platform.startswith("linux") else None
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        parent = config.get("parent")
        if parent is not None and os.getppid() != parent:
            os._exit(1)  # the grader is already gone
    os.environ.update(config.get("env", {}))
    if not config.get("unshare", True) or not config.get("landlock", True):
        status["warnings"].append("the sandbox was switched off")
    if config.get("unshare", True):
        try:
            status["namespaces"] = unshare_network()
        except (OSError, AttributeError) as error:
            status["namespaces"] = None
            status["warnings"].append(f"no network namespace ({error})")
    status["limits"] = set_limits(config.get("limits", {}))
    abi = landlock_abi() if config.get("landlock", True) else 0
    if abi:
        try:
            status["landlock"] = apply_landlock(config["read_only"], config["read_write"], abi)
        except OSError as error:
            status["landlock"] = None
            status["warnings"].append(f"Landlock failed ({error})")
    else:
        status["landlock"] = None
        if config.get("landlock", True):
            status["warnings"].append("Landlock is not available")
    private = config["private_dir"]
    os.chdir(private)
    with open(os.path.join(private, "sandbox-status.json"), "w", encoding="utf-8") as handle:
        json.dump(status, handle)
    # the launcher's folder must not shadow the student's imports
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.argv = ["ipykernel", "-f", config["connection_file"], *config.get("kernel_args", [])]
    sys.modules.setdefault("debugpy", None)  # no debugger: 0.3 s less, and no debug port
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance()


# ----------------------------------------------------------------------------- zygote
class _Forked(BaseException):
    """Raised in a freshly forked kernel to leave the zygote's frames (and its secrets)."""

    def __init__(self, config: str, sandboxed: bool):
        self.config, self.sandboxed = config, sandboxed


def _zygote() -> None:
    """Pre-import the kernel's modules once, then fork a fresh kernel per request.

    Started by the main grading process (``sandbox.py --zygote``), which writes one JSON line
    on stdin: ``{"name": <abstract socket name>, "token": <secret>, "base": <run folder>,
    "preload": [modules]}``. The zygote never holds anything secret (no submission, no hidden
    check): it only saves every kernel the ~0.5 s of importing ipykernel, IPython and numpy.

    Requests come on an abstract unix socket: invisible from a kernel's own network namespace
    (and refused by Landlock's scoping), and each must carry the token. A request names a
    sandbox config file inside the run folder; the child applies the whole sandbox exactly as
    the script launcher does, then starts the kernel.
    """
    import hmac
    import importlib
    import socket

    setup = json.loads(sys.stdin.readline())
    token, base = setup.pop("token").encode(), os.path.realpath(setup["base"])
    sandboxed = bool(setup.get("sandboxed", True))
    if sys.platform.startswith("linux"):
        _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.modules.setdefault("debugpy", None)  # no debugger in grading kernels
    for module in ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell",
                   "IPython.core.interactiveshell", "IPython.display", "jupyter_client.session",
                   *setup.get("preload", [])):
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001  a module the kernel imports itself later, or never
            pass
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind("\0" + setup["name"])
    server.listen(64)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while True:
        conn, _ = server.accept()
        with conn:
            conn.settimeout(5)
            try:
                data = b""
                while not data.endswith(b"\n") and len(data) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                request = json.loads(data)
                config = os.path.realpath(str(request["config"]))
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if not hmac.compare_digest(str(request.get("token", "")).encode(), token) or \
                    not config.startswith(base + os.sep) or not os.path.isfile(config):
                continue
            pid = os.fork()
            if pid == 0:  # the kernel
                try:
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    signal.signal(signal.SIGINT, signal.default_int_handler)
                    server.close()
                    conn.close()
                    os.setsid()
                    private = os.path.dirname(config)
                    null = os.open(os.devnull, os.O_RDWR)
                    err = os.open(os.path.join(private, "kernel-stderr.txt"),
                                  os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                    os.dup2(null, 0)
                    os.dup2(null, 1)
                    os.dup2(err, 2)
                    os.closerange(3, 65536)
                except BaseException:
                    os._exit(1)
                raise _Forked(config, sandboxed)  # unwinds to __main__, then _launch
            try:
                conn.sendall(f"{pid}\n".encode())
            except OSError:
                pass


def _main() -> None:
    if sys.argv[1:] != ["--zygote"]:
        _launch(sys.argv[1])
        return
    try:
        _zygote()
    except _Forked as forked:  # a kernel: the zygote's locals (token, socket) are gone now
        config, sandboxed = forked.config, forked.sandboxed
        del forked
        try:
            _launch(config, sandboxed)
        finally:
            os._exit(0)


if __name__ == "__main__":
    _main()
