"""Flags for review: answers that reach into the machinery instead of computing an answer.

Flags never change a score (the score is decided by trusted judging outside the student's
kernel); they tell the instructor which submissions deserve a look, and why.

* :func:`static_flags` reads an answer cell's source (after IPython's own magic translation)
  with :mod:`ast`: IPython transformers/hooks/events, patching builtins, ``sys.modules`` or
  module attributes (``math.isclose = ...``), file/process/network access, dynamic code,
  introspection of the checker, importing the reference implementation, and every name of
  a question's forbidden family (:func:`lossedu.checks._core.forbidden_names`) that the code
  reaches: by import, attribute chain (``scipy.special.softmax``), ``getattr`` with a
  constant name, ``sys.modules[...]``/``sys.modules.get(...)`` or ``importlib.import_module``.
  What the exercise's set-up cells import is the notebook's own and never counts.
* :func:`lossedu.grading._inkernel.fingerprint` runs in the kernel before the first answer
  and after the last one: it fingerprints the identities of module attributes, IPython
  transformers and event callbacks, import hooks and trace functions, and the final run sends
  what changed; :func:`runtime_flags` turns that into flags in the grading process. A student
  could fake the final fingerprint from inside the kernel, so these are a second net under the
  static flags, not a proof.
"""

from __future__ import annotations

import ast
import functools

# ----------------------------------------------------------------------------- static
#: imports that bring in a reference implementation of what the exercises ask to write
REFERENCE_MODULES = (
    "lossedu.losses", "lossedu.regularization", "lossedu.metrics", "lossedu.checks",
    "lossedu._kernels",
    "lossedu.exercises", "lossedu.grading", "sklearn.metrics", "torch", "tensorflow", "jax",
    "keras",
)
#: helpers an exercise may use although they live in a reference module (exercise 07 lets
#: learners take ``sigmoid`` from lossedu.losses: it is not what any question asks to write)
ALLOWED_HELPERS = ("lossedu.losses.sigmoid",)
#: modules whose mere import in a loss-function answer is suspicious
SUSPICIOUS_MODULES = (
    "subprocess", "ctypes", "socket", "signal", "multiprocessing", "shutil", "pty", "importlib",
    "inspect", "gc", "builtins", "IPython", "ipykernel", "traitlets", "zmq", "jupyter_client",
    "marshal", "pickle", "urllib", "http", "requests", "threading", "_thread", "resource",
    "mmap", "fcntl", "sqlite3", "tempfile", "glob",
)
#: well-known aliases of the notebooks' set-up cells
DEFAULT_ALIASES = {
    "np": "numpy", "numpy": "numpy", "math": "math", "sys": "sys", "os": "os",
    "builtins": "builtins", "plt": "matplotlib.pyplot", "lossedu": "lossedu", "pd": "pandas",
    "scipy": "scipy", "sklearn": "sklearn", "json": "json", "io": "io", "copy": "copy",
    "warnings": "warnings", "pathlib": "pathlib", "IPython": "IPython",
}
_FILE_FUNCS = {
    "os": {"open", "remove", "unlink", "rename", "replace", "rmdir", "removedirs", "mkdir",
           "makedirs", "chmod", "chown", "truncate", "write", "listdir", "scandir", "walk",
           "chdir", "symlink", "link", "utime", "fdopen", "read"},
    "io": {"open", "FileIO"},
    "numpy": {"save", "load", "savez", "savetxt", "loadtxt", "fromfile", "tofile", "genfromtxt",
              "memmap"},
}
#: process control: other processes (the grader!), signals, new programs
_PROCESS_FUNCS = {
    "os": {"system", "popen", "fork", "forkpty", "kill", "killpg", "setsid", "getppid",
           "execv", "execve", "execvp", "execl", "execlp", "spawnv", "spawnl", "posix_spawn",
           "pidfd_open"},
    "signal": {"signal", "pthread_kill", "alarm", "setitimer", "pthread_sigmask"},
}
_PATH_METHODS = {"write_text", "write_bytes", "read_text", "read_bytes", "unlink", "rmdir",
                 "touch", "rename", "replace", "symlink_to", "hardlink_to", "chmod", "iterdir",
                 "glob", "rglob"}
_IPYTHON_ATTRS = {"input_transformers_cleanup", "input_transformers_post", "ast_transformers",
                  "input_transformer_manager", "events", "set_hook", "register_magic_function",
                  "register_magics", "set_custom_exc", "run_line_magic", "run_cell_magic",
                  "system", "getoutput", "user_ns", "user_global_ns", "display_pub",
                  "displayhook", "kernel", "run_cell", "transform_cell", "ex", "ev",
                  "showtraceback", "push", "magics_manager", "extension_manager"}
_MAGIC_FLAGS = {"load_ext": "IPython extension", "config": "IPython configuration",
                "run": "runs another file", "writefile": "writes a file", "bash": "shell",
                "sh": "shell", "script": "shell", "system": "shell", "sx": "shell",
                "capture": "captures output", "load": "loads a file", "alias": "IPython alias",
                "autoawait": "IPython configuration", "xmode": "IPython configuration"}
_EXIT_CALLS = {"exit", "quit"}
_DYNAMIC_CALLS = {"exec", "eval", "compile", "__import__", "breakpoint"}
_INTROSPECTION_ATTRS = {"__globals__", "__closure__", "__code__", "__subclasses__",
                        "__builtins__", "f_globals", "f_locals", "f_back", "f_builtins",
                        "_getframe", "gi_frame", "tb_frame", "__dict__", "__kwdefaults__",
                        "__defaults__"}
_CHECKER_NAMES = {"QUESTIONS", "get_question", "run_check", "judge", "probe", "_core",
                  "reference", "check_outcome", "Verdict"}
_PROTECTED_NAMES = {"check", "print", "display", "get_ipython", "__import__", "globals",
                    "exec", "eval", "open", "isinstance", "__builtins__"}


@functools.lru_cache(maxsize=1)
def _transformer():
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager()


def python_source(source: str) -> str:
    """The plain Python that IPython runs for a cell (magics and ``!`` become calls)."""
    try:
        return _transformer().transform_cell(source)
    except Exception:  # IPython could not translate it: scan the text as it is
        return source


def _imports(sources):
    """The import statements (absolute ones only) of the cells ``sources``; a cell that does
    not parse is skipped."""
    for source in sources:
        try:
            tree = ast.parse(python_source(source))
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom)
                                                and node.module and not node.level):
                yield node


def imported_modules(sources) -> tuple[str, ...]:
    """The modules that the cells ``sources`` import, in order (``from a.b import c``: a.b)."""
    found = []
    for node in _imports(sources):
        found += ([item.name for item in node.names] if isinstance(node, ast.Import)
                  else [node.module])
    return tuple(dict.fromkeys(found))


def provided_names(sources) -> tuple[str, ...]:
    """Dotted names that the set-up cells ``sources`` import: what the notebook itself hands
    out (``from lossedu.losses import sigmoid`` -> ``lossedu.losses.sigmoid``, ``from lossedu
    import losses`` -> ``lossedu.losses``, ``import numpy`` -> ``numpy``)."""
    found = []
    for node in _imports(sources):
        if isinstance(node, ast.Import):
            found += [item.name for item in node.names]
        else:
            found += [f"{node.module}.{item.name}" for item in node.names if item.name != "*"]
    return tuple(dict.fromkeys(found))


def is_provided(name: str, provided) -> bool:
    """Whether ``name`` is one the set-up cells hand out: a name they import, or inside a
    module they import (not a bare top-level package: ``import sklearn`` is not all of it)."""
    return any(name == p or ("." in p and name.startswith(p + ".")) for p in provided)


def _inside(name: str, entry: str) -> bool:
    return name == entry or name.startswith(entry + ".")


def imported_aliases(sources) -> dict[str, str]:
    """Names bound by the imports of ``sources`` (e.g. the set-up cells): alias -> module."""
    aliases = dict(DEFAULT_ALIASES)
    for node in _imports(sources):
        if isinstance(node, ast.Import):
            for item in node.names:
                if item.asname:
                    aliases[item.asname] = item.name
                else:
                    top = item.name.split(".")[0]
                    aliases[top] = top
        else:
            for item in node.names:
                aliases[item.asname or item.name] = f"{node.module}.{item.name}"
    return aliases


class _Scanner(ast.NodeVisitor):
    def __init__(self, aliases: dict[str, str], provided=()):
        self.aliases = dict(aliases)
        self.provided = tuple(provided)
        self.flags: set[str] = set()
        self.reached: set[str] = set()  #: dotted names the code reaches

    # -- helpers
    def dotted(self, node) -> str | None:
        """``np.linalg.norm`` -> ``"numpy.linalg.norm"`` when the root is a known module; also
        through ``sys.modules["m"]``, ``sys.modules.get("m")``, ``importlib.import_module("m")``,
        ``__import__("m")``, ``getattr(x, "name")`` and ``vars(x)["name"]``."""
        parts = []
        while True:
            if isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
                continue
            key = _constant_key(node)
            if key is not None:  # x["name"]: sys.modules["m"], vars(m)["f"], m.__dict__["f"]
                owner = node.value
                if isinstance(owner, ast.Attribute) and owner.attr == "__dict__":
                    owner = owner.value
                elif isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and \
                        owner.func.id == "vars" and len(owner.args) == 1:
                    owner = owner.args[0]
                else:
                    if self.dotted(owner) == "sys.modules":
                        return ".".join([key, *reversed(parts)])
                    return None
                parts.append(key)
                node = owner
                continue
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                first = node.args[0].value
                func = self.dotted(node.func) if not isinstance(node.func, ast.Name) else (
                    node.func.id if node.func.id in ("getattr", "__import__")
                    else self.aliases.get(node.func.id))
                if func in ("sys.modules.get", "importlib.import_module"):
                    return ".".join([first, *reversed(parts)])
                if func in ("__import__", "builtins.__import__"):  # the top-level package
                    return ".".join([first.split(".")[0], *reversed(parts)])
                if func == "getattr" and len(node.args) >= 2 and isinstance(
                        node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
                    parts.append(node.args[1].value)
                    node = node.args[0]
                    continue
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id == "getattr" and len(node.args) >= 2 and isinstance(
                    node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
                parts.append(node.args[1].value)
                node = node.args[0]
                continue
            break
        if isinstance(node, ast.Name):
            if node.id in ("__builtins__",):
                root = "builtins"
            else:
                root = self.aliases.get(node.id)
            if root is None:
                return None
            return ".".join([root, *reversed(parts)])
        if isinstance(node, ast.Call) and self._is_get_ipython(node):
            return ".".join(["get_ipython()", *reversed(parts)])
        return None

    @staticmethod
    def _is_get_ipython(node) -> bool:
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "get_ipython")

    def add(self, text: str) -> None:
        self.flags.add(text)

    def _reference(self, module: str) -> None:
        if is_provided(module, self.provided):
            return  # the notebook's own set-up imports it: a helper, not a reference
        for ref in REFERENCE_MODULES:
            if module == ref or module.startswith(ref + "."):
                self.add(f"imports the reference implementation {module}")
                return
        top = module.split(".")[0]
        if top in SUSPICIOUS_MODULES or module in SUSPICIOUS_MODULES:
            self.add(f"imports {module}")

    def _patch_target(self, target) -> None:
        if isinstance(target, ast.Attribute):
            name = self.dotted(target)
            if name is not None:
                if name.startswith("get_ipython()"):
                    self.add(f"IPython hook: sets {name.replace('get_ipython()', 'shell')}")
                else:
                    self.add(f"patches {name}")
            elif isinstance(target.value, ast.Call) and isinstance(target.value.func, ast.Name) \
                    and target.value.func.id in ("vars", "globals"):
                self.add("patches a namespace")
        elif isinstance(target, ast.Subscript):
            base = self.dotted(target.value)
            if base in ("sys.modules", "builtins.__dict__") or base == "builtins":
                self.add(f"patches {base}")
            elif isinstance(target.value, ast.Name) and target.value.id == "__builtins__":
                self.add("patches builtins")
            elif isinstance(target.value, ast.Attribute) and target.value.attr == "__dict__":
                owner = self.dotted(target.value.value)
                if owner is not None:
                    self.add(f"patches {owner}")
        elif isinstance(target, ast.Name) and target.id in _PROTECTED_NAMES:
            self.add(f"redefines {target.id}")
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._patch_target(element)

    # -- visitors
    def visit_Import(self, node):
        for item in node.names:
            self.reached.add(item.name)
            self._reference(item.name)
            if item.asname:
                self.aliases[item.asname] = item.name
            else:
                self.aliases[item.name.split(".")[0]] = item.name.split(".")[0]
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        module = node.module or ""
        self.reached.update(f"{module}.{item.name}" for item in node.names)
        if not all(f"{module}.{item.name}" in ALLOWED_HELPERS
                   or is_provided(f"{module}.{item.name}", self.provided)
                   for item in node.names):
            self._reference(module)
        for item in node.names:
            full = f"{module}.{item.name}" if module else item.name
            if not any(module == r or module.startswith(r + ".") for r in REFERENCE_MODULES) \
                    and any(full == r for r in REFERENCE_MODULES):
                self._reference(full)  # from lossedu import losses
            self.aliases[item.asname or item.name] = full
        self.generic_visit(node)

    def visit_Assign(self, node):
        for target in node.targets:
            self._patch_target(target)
            if isinstance(target, ast.Name):
                origin = self.dotted(node.value)
                if self._is_get_ipython(node.value) or (origin or "").startswith("get_ipython()"):
                    self.aliases[target.id] = origin or "get_ipython()"
                elif target.id in self.aliases and origin is None:
                    del self.aliases[target.id]  # rebound to something that is not a module
                elif origin is not None and isinstance(
                        node.value, ast.Name | ast.Attribute | ast.Call | ast.Subscript):
                    self.aliases[target.id] = origin
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._patch_target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._patch_target(node.target)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for target in node.targets:
            self._patch_target(target)
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        if node.name in _PROTECTED_NAMES:
            self.add(f"redefines {node.name}")
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        if node.name in _PROTECTED_NAMES:
            self.add(f"redefines {node.name}")
        self.generic_visit(node)

    def visit_Subscript(self, node):
        full = self.dotted(node)
        if full is not None:
            self.reached.add(full)
        self.generic_visit(node)

    def visit_Attribute(self, node):
        full = self.dotted(node)
        if full is not None:
            self.reached.add(full)
        if node.attr in _INTROSPECTION_ATTRS:
            self.add(f"introspection: .{node.attr}")
        if node.attr in _CHECKER_NAMES:
            self.add(f"uses the checker's internals: .{node.attr}")
        if node.attr in _IPYTHON_ATTRS:
            base = self.dotted(node.value)
            if base is not None and base.startswith("get_ipython()"):
                self.add(f"IPython hook: {base.replace('get_ipython()', 'shell')}.{node.attr}")
        self.generic_visit(node)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id in self.aliases:
            self.reached.add(self.aliases[node.id])
        if node.id in _CHECKER_NAMES and node.id not in ("probe", "judge", "reference"):
            self.add(f"uses the checker's internals: {node.id}")
        if node.id == "__builtins__":
            self.add("introspection: __builtins__")
        self.generic_visit(node)

    def visit_Call(self, node):
        full_call = self.dotted(node)
        if full_call is not None:
            self.reached.add(full_call)
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = self.dotted(func.value)
            if owner == "get_ipython()":  # get_ipython().run_line_magic(...) and friends
                self._ipython_call(func.attr, node)
                for child in [*node.args, *node.keywords]:
                    self.visit(child)
                return
        if isinstance(func, ast.Name):
            name = func.id
            if name == "open":
                self.add("file access: open()")
            elif name in _DYNAMIC_CALLS:
                self.add(f"dynamic code: {name}()")
            elif name in _EXIT_CALLS:
                self.add(f"exits the kernel: {name}()")
            elif name in ("setattr", "delattr") and node.args:
                owner = self.dotted(node.args[0])
                if owner is not None:
                    attr = node.args[1].value if len(node.args) > 1 and isinstance(
                        node.args[1], ast.Constant) else "..."
                    self.add(f"patches {owner}.{attr}")
            elif name in ("globals", "vars"):
                self.add(f"introspection: {name}()")
            elif name == "getattr" and len(node.args) > 1 and not isinstance(
                    node.args[1], ast.Constant):
                self.add("dynamic code: getattr() with a computed name")
            elif name == "get_ipython":
                self.add("IPython hook: get_ipython()")
        full = self.dotted(func) if isinstance(func, ast.Attribute) else None
        if full is not None:
            module, _, attr = full.rpartition(".")
            if module.startswith("get_ipython()"):
                self.add(f"IPython hook: {full.replace('get_ipython()', 'shell')}()")
            elif module in ("sys",) and attr in ("settrace", "setprofile", "addaudithook",
                                                 "setrecursionlimit", "set_asyncgen_hooks"):
                self.add(f"IPython hook: sys.{attr}()")
            elif module == "threading" and attr in ("settrace", "setprofile"):
                self.add(f"IPython hook: threading.{attr}()")
            elif attr in _PROCESS_FUNCS.get(module, ()):
                self.add(f"process control: {full}()")
            elif full in ("os._exit", "os.abort", "sys.exit"):
                self.add(f"exits the kernel: {full}()")
            elif attr in _FILE_FUNCS.get(module, ()):
                self.add(f"file access: {full}()")
            elif module.split(".")[0] in ("shutil", "pathlib", "glob", "tempfile"):
                self.add(f"file access: {full}()")
            elif module.split(".")[0] in ("subprocess", "socket", "ctypes", "signal", "urllib",
                                          "requests", "multiprocessing"):
                self.add(f"process control: {full}()")
            elif module in ("sys.modules",) or full in ("sys.modules.pop",):
                if attr in ("pop", "update", "setdefault", "__setitem__", "__delitem__",
                            "clear", "popitem"):
                    self.add("patches sys.modules")
            elif module in ("importlib",) or full.startswith("importlib."):
                self.add(f"dynamic code: {full}()")
            elif full in ("gc.get_objects", "gc.get_referrers", "sys._getframe"):
                self.add(f"introspection: {full}()")
        if isinstance(func, ast.Attribute) and func.attr in _PATH_METHODS and full is None:
            self.add(f"file access: .{func.attr}()")
        self.generic_visit(node)

    def _ipython_call(self, attr: str, node) -> None:
        if attr in ("run_line_magic", "run_cell_magic") and node.args and isinstance(
                node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            magic = node.args[0].value.lstrip("%")
            what = _MAGIC_FLAGS.get(magic)
            if what:
                self.add(f"IPython hook: %{magic} ({what})")
        elif attr in ("system", "getoutput"):
            self.add("file access: shell command (!)")
        elif attr not in ("run_line_magic", "run_cell_magic"):
            self.add(f"IPython hook: shell.{attr}()")


def _constant_key(node) -> str | None:
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and \
            isinstance(node.slice.value, str):
        return node.slice.value
    return None


def forbidden_flag(name: str) -> str:
    """The flag of an answer that reaches ``name``, a forbidden (answer-computing) name."""
    return f"uses {name}, which computes an answer"


def scan(source: str, aliases: dict[str, str] | None = None, *, forbidden=(),
         provided=(), handed_out=()) -> tuple[list[str], dict[str, set]]:
    """Flags for one answer cell's source, and the forbidden names it reaches.

    Parameters
    ----------
    source : str
        The answer cell.
    aliases : dict, optional
        Names bound by the set-up cells (:func:`imported_aliases`).
    forbidden : iterable of str
        Dotted names that compute an answer (modules or functions).
    provided : iterable of str
        What the set-up cells import (:func:`provided_names`): not flagged, except
    handed_out : iterable of str
        the forbidden functions among them (a set-up cell imports a graded function by name).

    Returns
    -------
    flags : list of str
        Sorted, each a short sentence.
    hits : dict
        Forbidden entry -> the dotted names through which the code reaches it.
    """
    code = python_source(source)
    scanner = _Scanner(DEFAULT_ALIASES if aliases is None else aliases, provided)
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return [], {}  # a syntax error is the student's own problem: the check will fail
    except (RecursionError, MemoryError):  # MemoryError: the parser's own nesting limit
        return ["unreadable source (nested too deeply)"], {}
    try:
        scanner.visit(tree)
    except RecursionError:
        scanner.add("unreadable source (nested too deeply)")
    hits: dict[str, set] = {}
    for name in scanner.reached:
        if is_provided(name, scanner.provided) and not any(_inside(name, h) for h in handed_out):
            continue
        for entry in forbidden:
            if _inside(name, entry) or (name.endswith(".*") and entry.startswith(name[:-1])):
                hits.setdefault(entry, set()).add(name)
                scanner.add(forbidden_flag(name.removesuffix(".*") if _inside(name, entry)
                                           else entry))
    return sorted(scanner.flags), hits


def static_flags(source: str, aliases: dict[str, str] | None = None, *, forbidden=(),
                 provided=(), handed_out=()) -> list[str]:
    """Flags for one answer cell's source (sorted, each a short sentence); see :func:`scan`."""
    return scan(source, aliases, forbidden=forbidden, provided=provided,
                handed_out=handed_out)[0]


# ----------------------------------------------------------------------------- runtime
#: module attributes whose identity is compared before and after the answers run
WATCHED_MODULES = (
    "builtins", "math", "cmath", "numpy", "numpy.linalg", "numpy.testing", "os", "os.path",
    "io", "json", "copy", "warnings", "contextlib", "operator", "functools", "random",
    "time", "pathlib", "lossedu", "lossedu.checks", "lossedu.checks._core", "lossedu.losses",
    "lossedu.regularization", "lossedu.metrics", "IPython.display", "IPython.core.display",
    "IPython.core.interactiveshell", "ipykernel.ipkernel", "ipykernel.zmqshell",
    "jupyter_client.session", "scipy.special", "sklearn.metrics", "decimal", "fractions",
    "lossedu.grading._inkernel",
)


def snapshot_code(nonce: str, mime: str, slot: str, final: bool) -> str:
    """Kernel code: the baseline fingerprint (kept in the kernel under ``slot``), or the final
    one, which publishes only what differs from the baseline (for :func:`runtime_flags`)."""
    return ("import lossedu.grading._inkernel as _lossedu_k\n"
            f"_lossedu_k.fingerprint({nonce!r}, {mime!r}, {WATCHED_MODULES!r}, {slot!r}, "
            f"{final!r})\ndel _lossedu_k\n")


def _describe(key: str) -> str:
    if key.startswith("sys.modules["):
        return f"patches sys.modules ({key[len('sys.modules['):-1]})"
    if key.startswith(("IPython", "kernel.")):
        return f"IPython hook: changed {key.removeprefix('IPython ')}"
    if key in ("sys.gettrace()", "sys.getprofile()"):
        return "IPython hook: trace/profile function"
    return f"patches {key}"


def runtime_flags(before: dict, after: dict) -> list[str]:
    """Flags from the differences of two fingerprints (the final fingerprint's payload)."""
    flags = set()
    old, new = before.get("snapshot", {}), after.get("snapshot", {})
    for key, value in old.items():
        if key not in new:
            if not key.startswith("IPython shell."):
                flags.add(_describe(key).replace("patches", "deletes", 1)
                          if key.count(".") and not key.startswith("sys.modules[")
                          else _describe(key))
        elif new[key] != value:
            flags.add(_describe(key))
    for key in new:
        if key.startswith(("IPython shell.", "kernel.")) and key not in old:
            flags.add(f"IPython hook: added {key.removeprefix('IPython ')}")
    old_lists, new_lists = before.get("lists", {}), after.get("lists", {})
    for key, value in new_lists.items():
        changed = value != old_lists[key] if key in old_lists else bool(value)
        if changed:
            what = key.removeprefix("IPython ")
            if key.startswith("sys."):
                flags.add(f"IPython hook: import hook ({what})")
            elif key.startswith("IPython event "):
                flags.add(f"IPython hook: event callback ({key.removeprefix('IPython event ')})")
            else:
                flags.add(f"IPython hook: {what}")
    return sorted(flags)
