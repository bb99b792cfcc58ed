"""The sandbox a student's kernel runs in, and the launcher that builds it.

The grading process starts every kernel as::

    python .../lossedu/grading/sandbox.py CONFIG.json

This file is then a tiny launcher (standard library only, nothing imported from lossedu) that,
before any student code exists in the process:

1. moves into new user, network, PID and mount namespaces (``unshare``): no network at all,
   no capabilities outside the namespaces (so even a kernel started by root cannot ptrace or
   read the memory of the grading process), and a process tree of its own: the launcher forks
   a tiny *init* (PID 1 of the new PID namespace) that forks the kernel and reaps orphans.
   When the kernel ends, or the grader kills the init, Linux kills every process left in the
   namespace (``setsid`` and double forks included) before the init is gone;
2. mounts a size-limited tmpfs as the kernel's writable folder (its HOME, TMPDIR,
   MPLCONFIGDIR and working directory): a total disk quota, full writes fail with ENOSPC;
3. sets resource limits: address space (memory), CPU seconds, file size, number of
   processes/threads (counted per real uid: a grader running as root gives the kernel the
   real uid ``nobody``, keeping uid 0 as effective uid, because Linux never applies
   RLIMIT_NPROC to a real uid of 0), no core dumps; and ``oom_score_adj`` 1000 (memory is
   limited per process: if the machine runs out, kernels are killed first);
4. sets ``PR_SET_NO_NEW_PRIVS`` and ``PR_SET_PDEATHSIG`` (the kernel dies with its grader),
   drops every capability the kernel holds inside its namespaces, and installs a seccomp
   filter that refuses every change of user id (under root, ``setresuid(0, 0, 0)`` would
   otherwise give back the real uid 0 and lift the process limit) and ``setsid`` (the CPU is
   shared fairly between sessions: a kernel keeps one);
5. applies Landlock: read-only access to the Python environment and the lossedu package,
   read-write access to the kernel's own writable folder, nothing else: not the
   submissions, not the solutions, not the hidden checks, not the gradebook. With Landlock
   ABI >= 4, TCP is refused too; with ABI >= 6, signals and abstract unix sockets cannot reach
   processes outside the sandbox (the grader, other kernels);
6. writes what it could apply to ``sandbox-status.json`` (read by the grader before any
   student code runs) and starts ipykernel in the same process (or, with ``"command"`` in
   the config, executes that command in the same sandbox instead).

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
_PR_CAPBSET_DROP = 24
_CLONE_NEWNS, _CLONE_NEWUSER, _CLONE_NEWPID, _CLONE_NEWNET = (0x00020000, 0x10000000,
                                                              0x20000000, 0x40000000)
_MS_NOSUID, _MS_NODEV, _MS_REC, _MS_PRIVATE = 2, 4, 1 << 14, 1 << 18
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
_FS_MAKE_SOCK = 1 << 9

#: the real uid a kernel gets when the grader runs as root (RLIMIT_NPROC ignores uid 0)
UNPRIVILEGED_UID = 65534
#: most files (inodes) a kernel may create in its writable folder
QUOTA_INODES = 16384
#: the init's outer pid, written by the launcher into the kernel's private folder
INIT_PID_FILE = "init-pid"


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


def apply_landlock(read_only, read_write, abi: int, sockets=()) -> dict:
    """Restrict this process (and its future children) to the given paths, for good.

    ``read_only``: paths (folders or files) readable and executable; ``read_write``: paths
    with every right; ``sockets``: folders readable where unix sockets may also be created
    (the kernel's ZeroMQ sockets), but no file written. Paths that do not exist are skipped.
    Returns what was applied.
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
        for paths, rights in ((read_only, _READ_ONLY), (read_write, handled),
                              (sockets, _READ_ONLY | _FS_MAKE_SOCK)):
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
def _write_id_maps(uid: int, gid: int) -> None:
    """Keep our own uid/gid inside the new user namespace (files we create stay ours)."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                       ("gid_map", f"{gid} {gid} 1")):
        try:
            with open(f"/proc/self/{name}", "w") as handle:
                handle.write(text)
        except OSError:
            if name != "setgroups":
                raise


def enter_namespaces() -> list:
    """Move into new user, network, PID and mount namespaces, as many as this machine allows.

    Returns the names of the namespaces entered (``["user", "net", "pid", "mount"]`` when all
    work); raises OSError when not even a network namespace could be made. The PID namespace
    takes effect for the next child (the init). A grader running as root first gives this
    process the real uid :data:`UNPRIVILEGED_UID` (effective uid stays 0, so every file
    reachable before is reachable now): Linux exempts a real uid of 0 from RLIMIT_NPROC.
    """
    libc = _libc()
    uid, gid = os.geteuid(), os.getegid()
    if uid == 0 and os.getuid() == 0:
        os.setresuid(UNPRIVILEGED_UID, 0, 0)
    first = 0
    for flags, names in (
            (_CLONE_NEWUSER | _CLONE_NEWNET | _CLONE_NEWPID | _CLONE_NEWNS,
             ["user", "net", "pid", "mount"]),
            (_CLONE_NEWNET | _CLONE_NEWPID | _CLONE_NEWNS, ["net", "pid", "mount"]),  # root
            (_CLONE_NEWUSER | _CLONE_NEWNET, ["user", "net"]),
            (_CLONE_NEWNET, ["net"])):
        if libc.unshare(flags) == 0:
            if flags & _CLONE_NEWUSER:
                _write_id_maps(uid, gid)
            return names
        first = first or ctypes.get_errno()
    raise OSError(first or errno.EPERM, "unshare(CLONE_NEWUSER|CLONE_NEWNET) failed")


def mount_quota(folder: str, size: int) -> None:
    """Mount a tmpfs of ``size`` bytes (and :data:`QUOTA_INODES` files) on ``folder``, in our
    own mount namespace (the grader keeps seeing the empty folder underneath)."""
    libc = _libc()
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                           ctypes.c_char_p]
    libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None)  # nothing propagates out
    options = f"size={int(size)},nr_inodes={QUOTA_INODES},mode=0777".encode()
    if libc.mount(b"tmpfs", os.fsencode(folder), b"tmpfs", _MS_NOSUID | _MS_NODEV,
                  options) != 0:
        raise OSError(ctypes.get_errno(), f"mount tmpfs on {folder} failed")


def drop_capabilities() -> bool:
    """Drop every capability (bounding set included): root inside a user namespace holds
    all of them there, and a kernel needs none."""
    libc = _libc()
    cap = 0
    while libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) == 0:
        cap += 1
    header = (ctypes.c_uint32 * 2)(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    return libc.capset(header, data) == 0 and cap > 0


#: (audit arch, syscall numbers of setuid, setreuid, setresuid, setfsuid, setsid, first
#: system call number of another ABI)
_REFUSED_SYSCALLS = {"x86_64": (0xC000003E, (105, 113, 117, 122, 112), 0x40000000),
                     "aarch64": (0xC00000B7, (146, 145, 147, 151, 157), None)}


def refuse_setuid_and_setsid() -> bool:
    """A seccomp filter: every call that changes a user id, and ``setsid``, fail with EPERM
    (so does any system call of another ABI, e.g. 32-bit ``int 0x80``). Returns whether the
    filter is in place.

    * Under root the kernel keeps the effective (and saved) uid 0 with the real uid nobody
      (:func:`enter_namespaces`); ``os.setresuid(0, 0, 0)`` needs no capability and would
      give back the real uid 0, which Linux exempts from RLIMIT_NPROC.
    * Linux shares the CPU fairly between sessions (autogroups), not between processes: 200
      busy processes each in a session of its own made another student's cell 40 times
      slower (into its time-out). Without setsid, all a kernel starts stays in its session.
    """
    import platform

    found = _REFUSED_SYSCALLS.get(platform.machine())
    if found is None or not sys.platform.startswith("linux"):
        return False
    arch, numbers, foreign = found

    class _Filter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                    ("k", ctypes.c_uint32)]

    class _Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]

    load, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, JMP|JEQ|K, JMP|JGE|K, RET|K
    code = [(load, 4), (jeq, arch, "next", "deny"), (load, 0)]  # seccomp_data.arch, .nr
    if foreign is not None:
        code.append((jge, foreign, "deny", "next"))  # x32 system calls
    code += [(jeq, number, "deny", "next") for number in numbers]
    code += [(ret, 0x7FFF0000), (ret, 0x00050000 | errno.EPERM)]  # ALLOW, ERRNO(EPERM)
    deny = len(code) - 1
    program = (_Filter * len(code))()
    for i, (op, k, *jumps) in enumerate(code):
        jt, jf = (0 if j == "next" else deny - i - 1 for j in jumps) if jumps else (0, 0)
        program[i] = _Filter(op, jt, jf, k)
    libc = _libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    fprog = _Program(len(code), program)
    return libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) == 0  # PR_SET_SECCOMP, MODE_FILTER


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


def die_with_parent() -> bool:
    """``prctl(PR_SET_PDEATHSIG, SIGKILL)``: a grading process dies with the batch that forked
    it (even a batch killed with SIGKILL), and so do its kernels."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
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


class terminate_interrupts:
    """Context manager for a command's main process: SIGTERM and SIGHUP raise
    KeyboardInterrupt there, as Ctrl-C does, so every ``finally`` runs (kernels killed,
    temporary folders removed); further ones are ignored while that cleanup runs. A process
    forked meanwhile that gets one of them dies, as by default. Handlers restored on exit."""

    SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def __enter__(self):
        owner, raised = os.getpid(), []

        def handler(signum, frame):
            if os.getpid() != owner:  # a forked child: die the default way
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)
                return
            if not raised:
                raised.append(signum)
                raise KeyboardInterrupt(f"signal {signum}")

        self._saved = {}
        try:
            for sig in self.SIGNALS:
                self._saved[sig] = signal.signal(sig, handler)
        except ValueError:  # not the main thread: leave the handlers alone
            pass
        return self

    def __exit__(self, *exc):
        for sig, previous in self._saved.items():
            signal.signal(sig, previous)
        return False


# ----------------------------------------------------------------------------- launcher
def _die_with_parent(libc, parent_fd: int | None) -> None:
    """SIGKILL when our parent ends, and exit now if it already has (``parent_fd``: its
    pidfd; getppid() cannot tell, as a parent outside our PID namespace is pid 0)."""
    import select

    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent_fd is not None:
        if select.select([parent_fd], [], [], 0)[0]:
            os._exit(1)
        os.close(parent_fd)


def _own_pidfd() -> int | None:
    try:
        return os.pidfd_open(os.getpid())
    except (OSError, AttributeError):
        return None


def _prepare_writable(config: dict, status: dict, quota: bool) -> None:
    """Mount the quota on the writable folder (if we can), create its sub-folders, and
    copy the matplotlib font cache the grader built once (``mplconfig_seed``)."""
    work = config.get("work_dir")
    if not work:
        return
    status["disk_quota"] = None
    if quota and config.get("disk"):
        try:
            mount_quota(work, config["disk"])
            status["disk_quota"] = int(config["disk"])
        except (OSError, AttributeError) as error:
            status["warnings"].append(f"no total disk quota ({error})")
    elif config.get("unshare", True):
        status["warnings"].append("no total disk quota (no mount namespace)")
    for folder in config.get("work_dirs", []):
        os.makedirs(folder, exist_ok=True)
        os.chmod(folder, 0o777)  # os.access() checks the real uid (nobody, under root)
    seed, target = config.get("mplconfig_seed"), config.get("env", {}).get("MPLCONFIGDIR")
    if seed and target and os.path.isdir(seed):
        import shutil

        for entry in os.scandir(seed):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_size < (16 << 20):
                shutil.copyfile(entry.path, os.path.join(target, entry.name))


def _supervise(child: int, watch: int | None) -> int:
    """Wait for ``child``; if the ``watch`` pidfd (the process that asked for this kernel)
    ends first, kill the child. Returns the child's exit code."""
    import select

    if watch is not None:
        try:
            child_fd = os.pidfd_open(child)
        except (OSError, AttributeError):
            child_fd = None
        if child_fd is not None:
            ready, _, _ = select.select([child_fd, watch], [], [])
            if watch in ready and child_fd not in ready:
                os.kill(child, signal.SIGKILL)
    while True:
        try:
            _, code = os.waitpid(child, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            return 1
        return os.waitstatus_to_exitcode(code)


def _init(kernel: int, pid_namespace: bool) -> None:
    """PID 1 of the kernel's namespace: reap every orphan; end when the kernel ends (Linux
    then kills whatever is left in the namespace). Never returns."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1,
                signal.SIGUSR2, signal.SIGPIPE, signal.SIGALRM):
        signal.signal(sig, signal.SIG_IGN)
    code = 1
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            break
        if pid == kernel:
            code = os.waitstatus_to_exitcode(status)
            break
    if not pid_namespace:  # no namespace to take the rest with us: kill what we can see
        _kill_orphans()
    os._exit(code if code >= 0 else 128 - code)


def _kill_orphans() -> None:
    """(Without a PID namespace only.) Kill our remaining children, orphans included."""
    me = str(os.getpid())
    for _ in range(50):
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as handle:
                        fields = handle.read().rsplit(b")", 1)[1].split()
                except OSError:
                    continue
                if fields[1].decode() == me:
                    found.append(int(entry))
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in found:
            try:
                os.waitpid(pid, 0)
            except OSError:
                pass


def _launch(config_path: str, sandboxed: bool | None = None, watch: int | None = None) -> None:
    """The launcher (see the module's docstring); ``watch``: a pidfd of the process that asked
    the zygote for this kernel (the kernel must not outlive it)."""
    with open(config_path, encoding="utf-8") as handle:
        config = json.load(handle)
    if sandboxed is not None:  # the zygote's setting wins over the file's
        config["unshare"] = config["landlock"] = sandboxed
    status = {"warnings": []}
    linux = sys.platform.startswith("linux")
    libc = _libc() if linux else None
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        parent = config.get("parent")
        if parent is not None and os.getppid() != parent:
            os._exit(1)  # the grader is already gone
    os.environ.update(config.get("env", {}))
    if not config.get("unshare", True) or not config.get("landlock", True):
        status["warnings"].append("the sandbox was switched off")
    entered = []
    if config.get("unshare", True) and linux:
        try:
            entered = enter_namespaces()
            status["namespaces"] = "+".join(entered)
        except (OSError, AttributeError) as error:
            status["namespaces"] = None
            status["warnings"].append(f"no network namespace ({error})")
        if "pid" not in entered:
            status["warnings"].append("no PID namespace: processes a submission starts may "
                                      "outlive its kernel")
    _prepare_writable(config, status, "mount" in entered)
    status["limits"] = set_limits(config.get("limits", {}))
    if linux:  # memory is limited per process: if the machine runs out, kernels go first
        try:
            with open("/proc/self/oom_score_adj", "w", encoding="ascii") as handle:
                handle.write("1000")
        except OSError:
            status["warnings"].append("kernels are not the out-of-memory killer's first choice")
    private = config["private_dir"]
    status_fd = os.open(os.path.join(private, "sandbox-status.json"),
                        os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    if libc is not None:
        launcher = _own_pidfd()
        init = os.fork()
        if init:  # the launcher: report the init's pid, then live as long as it does
            os.close(status_fd)
            if launcher is not None:
                os.close(launcher)
            with open(os.path.join(private, INIT_PID_FILE), "w", encoding="utf-8") as handle:
                handle.write(str(init))
            os._exit(_supervise(init, watch))
        if watch is not None:
            os.close(watch)
        _die_with_parent(libc, launcher)
        make_undumpable()
        if "pid" not in entered:
            become_subreaper()
        init = _own_pidfd()
        kernel = os.fork()
        if kernel:
            os.close(status_fd)
            if init is not None:
                os.close(init)
            _init(kernel, "pid" in entered)
        _die_with_parent(libc, init)
    abi = landlock_abi() if config.get("landlock", True) else 0
    if abi:
        try:
            status["landlock"] = apply_landlock(config["read_only"], config["read_write"], abi,
                                                config.get("sockets", []))
        except OSError as error:
            status["landlock"] = None
            status["warnings"].append(f"Landlock failed ({error})")
    else:
        status["landlock"] = None
        if config.get("landlock", True):
            status["warnings"].append("Landlock is not available")
    if entered:
        status["capabilities_dropped"] = drop_capabilities()
    if linux and config.get("unshare", True):
        status["setuid_blocked"] = refuse_setuid_and_setsid()
        if not status["setuid_blocked"] and os.geteuid() == 0 and os.getuid() != 0:
            status["warnings"].append("the process limit does not hold (no seccomp filter: "
                                      "a kernel could take back the real uid 0)")
    if linux and config.get("unshare", True) and "user" not in entered and os.geteuid() == 0:
        status["warnings"].append(
            "the process limit counts all kernels together" if status.get(
                "capabilities_dropped") else "the process limit does not apply (root without a "
            "user namespace)")
    os.chdir(config.get("work_dir") or private)
    with os.fdopen(status_fd, "w", encoding="utf-8") as handle:
        json.dump(status, handle)
    if config.get("command"):
        os.execv(config["command"][0], config["command"])
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

    def __init__(self, config: str, sandboxed: bool, watch: int | None):
        self.config, self.sandboxed, self.watch = config, sandboxed, watch


def _zygote() -> None:
    """Pre-import the kernel's modules once, then fork a fresh kernel per request.

    Started by the main grading process (``sandbox.py --zygote``), which passes it one end of
    a unix SOCK_SEQPACKET socket pair (kept open across exec) and writes one JSON line on stdin:
    ``{"fd": <that descriptor>, "base": <run folder>, "preload": [modules]}``. The zygote
    never holds anything secret (no submission, no hidden check, no token): it only saves
    every kernel the ~0.5 s of importing ipykernel, IPython and numpy.

    Requests come on that socket, which only the grading processes hold (they inherit the
    other end): each is a JSON message naming a kernel's ``sandbox.json`` in the run folder,
    with one end of a fresh stream socket pair attached (SCM_RIGHTS) for the answer (the
    kernel's pid). The child applies the whole sandbox exactly as the script launcher does,
    then starts the kernel; it closes every inherited descriptor first, so no kernel can ask.
    """
    import importlib
    import socket
    import struct

    setup = json.loads(sys.stdin.readline())
    base = os.path.realpath(setup["base"])
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
    control = socket.socket(fileno=int(setup["fd"]))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, 65536, 1)
        except InterruptedError:
            continue
        except OSError:
            os._exit(0)  # the grader closed its end
        if not data and not fds:
            os._exit(0)  # the end of the stream: every grading process closed its end
        if len(fds) != 1:
            for fd in fds:
                os.close(fd)
            continue
        with socket.socket(fileno=fds[0]) as conn:
            try:
                config = os.path.realpath(str(json.loads(data)["config"]))
            except (ValueError, KeyError, TypeError):
                continue
            # only a kernel's own sandbox.json (base/<kernel folder>/sandbox.json, written by
            # a grading process): a kernel can write nothing there, only below its work folder
            if os.path.dirname(os.path.dirname(config)) != base or \
                    os.path.basename(config) != "sandbox.json" or not os.path.isfile(config):
                continue
            try:  # the kernel must not outlive the process that asked for it
                requester = struct.unpack("3i", conn.getsockopt(
                    socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[0]
            except (OSError, AttributeError, struct.error):
                requester = None
            pid = os.fork()
            if pid == 0:  # the kernel
                try:
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    signal.signal(signal.SIGINT, signal.default_int_handler)
                    control.close()
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
                    watch = os.pidfd_open(requester) if requester else None
                except BaseException:
                    os._exit(1)
                raise _Forked(config, sandboxed, watch)  # unwinds to __main__, then _launch
            try:
                conn.settimeout(5)
                conn.sendall(f"{pid}\n".encode())
            except OSError:
                pass


def _main() -> None:
    if sys.argv[1:] != ["--zygote"]:
        _launch(sys.argv[1])
        return
    try:
        _zygote()
    except _Forked as forked:  # a kernel: the zygote's locals (its sockets) are gone now
        config, sandboxed, watch = forked.config, forked.sandboxed, forked.watch
        del forked
        try:
            _launch(config, sandboxed, watch)
        finally:
            os._exit(0)


if __name__ == "__main__":
    _main()
