"""The lossedu package a grading kernel sees: what its set-up cells and the probe need, and
nothing that computes a graded answer.

Built once per run in the run's temporary folder (:func:`build`), first on the kernel's
``sys.path``; the sandbox lets a kernel read this copy and not the real package. It holds:

* the lossedu modules the exercise's set-up cells import, trimmed (on the parsed source,
  :mod:`ast`) to what they use: a name imported by name (``from lossedu.losses import
  sigmoid``) brings only its own definition and what that uses, from any lossedu module; a
  module imported whole (``from lossedu import losses``) keeps its public functions. Every
  *graded function* of the exercise that is kept becomes a stub that raises, and nothing it
  used is kept on its account;
* :mod:`lossedu._probe` and :mod:`lossedu.grading._inkernel` (the probe and the fingerprint,
  which import only the standard library, numpy and IPython);
* stubs of :mod:`lossedu.checks` (``check``) and :mod:`lossedu.quiz` (``quiz``), so that set-up
  cells importing them still run: the real ones hold the references and the quiz answers.

A graded function is a lossedu function in the family of one of the exercise's questions
(:func:`lossedu.checks._core.forbidden_names`: the reference, the function named like the
answer, the question's ``forbids``). One that the set-up cells import *by name* (``from
lossedu.metrics import accuracy``) is the instructor's choice and stays: :func:`build` reports
it, and the grader prints it as a warning.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import lossedu
from lossedu.checks import get_question
from lossedu.checks._core import forbidden_names
from lossedu.grading.flags import python_source

#: the real package
SOURCE = Path(lossedu.__file__).resolve().parent
#: lossedu modules a kernel never gets (references, quiz answers, the grader, authoring tools)
WITHHELD = frozenset({"checks", "quiz", "quizzes", "grading", "exercises", "authoring",
                      "progress", "cli", "__main__", "variants"})
#: copied as they are: the probe's own code
PROBE_MODULES = ("_probe",)

_INIT = '''"""lossedu, as a grading kernel sees it (see lossedu.grading.kernel_package)."""

import sys as _sys

# an editable install's finder would look for the modules left out in the real package
_sys.meta_path[:] = [f for f in _sys.meta_path
                     if not str(getattr(f, "__module__", "")).startswith("__editable__")]
__version__ = {version!r}
'''
_CHECKS = '''"""lossedu.checks while a submission is graded: the grader judges the answers."""


def check(question_id):
    """Does nothing while grading (the grader probes the answer and judges it outside)."""
    print(f"check({{question_id!r}}): judged by the grader")
'''
_QUIZ = '''"""lossedu.quiz while a submission is graded: the quiz is in the exercise notebook."""


def quiz(number):
    """Does nothing while grading (the questions are in the exercise notebook)."""
    print(f"quiz({{number!r}}): see the exercise notebook")
'''
_STUB = '''def {name}(*args, **kwargs):
    raise RuntimeError("lossedu.{module}.{name} is not available while grading: it computes "
                       "the answer of {question}, which asks you to write it")
'''


@dataclass
class KernelPackage:
    """What :func:`build` wrote."""

    path: Path  #: the folder to put first on the kernel's sys.path (holds ``lossedu/``)
    modules: list = field(default_factory=list)  #: lossedu modules copied (besides stubs)
    withheld: dict = field(default_factory=dict)  #: "lossedu.m.f" -> question id (stubbed)
    handed_out: dict = field(default_factory=dict)  #: "lossedu.m.f" -> question id (kept:
    #: the set-up cells import it by name)


def _module_file(name: str) -> Path | None:
    path = SOURCE / f"{name}.py"
    return path if path.is_file() else None


def setup_imports(sources) -> tuple[set, set]:
    """(lossedu modules, "lossedu.m.name" imported by name) of the set-up cells' code."""
    modules, by_name = set(), set()
    for source in sources:
        try:
            tree = ast.parse(python_source(source))
        except (SyntaxError, ValueError):
            continue
        found, named = _imports(tree)
        modules |= found
        by_name |= named
    return modules, by_name


def _imports(tree) -> tuple[set, set]:
    """lossedu submodules imported anywhere in ``tree``, and the names imported from them."""
    modules, named = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for item in node.names:
                parts = item.name.split(".")
                if parts[0] == "lossedu" and len(parts) > 1:
                    modules.add(parts[1])
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            parts = node.module.split(".")
            if parts[0] != "lossedu":
                continue
            if len(parts) == 1:  # from lossedu import losses
                modules |= {item.name for item in node.names if _module_file(item.name)
                            or item.name in WITHHELD}
            else:
                modules.add(parts[1])
                if len(parts) == 2:
                    named |= {f"{node.module}.{item.name}" for item in node.names}
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "lossedu" and _module_file(node.attr):
            modules.add(node.attr)  # import lossedu; lossedu.losses.mse(...)
    return modules, named


def graded_functions(question_ids) -> dict:
    """"lossedu.m.f" -> question id, for every lossedu function in the questions' families."""
    graded = {}
    for question_id in question_ids:
        for name in forbidden_names(get_question(question_id)):
            parts = name.split(".")
            if len(parts) == 3 and parts[0] == "lossedu" and parts[1] not in WITHHELD:
                graded.setdefault(name, question_id)
    return graded


_DEFS = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


class _Module:
    """One copied lossedu module: which of its top-level definitions a kernel needs."""

    def __init__(self, name: str, withheld: dict):
        self.name = name
        self.tree = ast.parse(_module_file(name).read_text("utf-8"))
        self.defs = {node.name: node for node in self.tree.body if isinstance(node, _DEFS)}
        self.stubbed = {n for n in self.defs if f"lossedu.{name}.{n}" in withheld}
        self.everything = name in PROBE_MODULES
        self.needed: set = set()
        self._names: dict = {}  # id(node) -> _names([node]), for the top-level nodes

    def names(self, nodes) -> set:
        """:func:`_names` of top-level ``nodes`` (memoised: the fixpoint asks many times)."""
        used = set()
        for node in nodes:
            if id(node) not in self._names:
                self._names[id(node)] = _names([node])
            used |= self._names[id(node)]
        return used

    def want(self, names) -> bool:
        """Ask for ``names`` (None: every public name); True if that is new."""
        before = (self.everything, len(self.needed))
        if names is None:
            self.everything = True
        else:
            self.needed |= set(names) & set(self.defs)
        return before != (self.everything, len(self.needed))

    def kept(self) -> set:
        """The definitions kept: those asked for, and every one they (or the module's other
        statements) use; a stubbed definition uses nothing."""
        wanted = set(self.needed)
        if self.everything:
            wanted |= {n for n in self.defs if not n.startswith("_")}
        others = [n for n in self.tree.body if not isinstance(n, _DEFS | ast.ImportFrom)
                  and not _is_all(n)]
        wanted |= self.names(others) & set(self.defs)
        kept, todo = set(), list(wanted)
        while todo:
            name = todo.pop()
            if name in kept:
                continue
            kept.add(name)
            if name not in self.stubbed:
                todo += sorted(self.names([self.defs[name]]) & set(self.defs) - kept)
        return kept

    def live_nodes(self) -> list:
        kept = self.kept()
        return [n for n in self.tree.body if not (isinstance(n, _DEFS) and (
            n.name not in kept or n.name in self.stubbed))]

    def references(self) -> list:
        """(module, names or None) that the kept code needs from other lossedu modules."""
        nodes = self.live_nodes()
        used = self.names([n for n in nodes if not isinstance(n, ast.ImportFrom | ast.Import)])
        found, aliases = [], {}
        walked = [(top, list(ast.walk(top))) for top in nodes]
        for top, subs in walked:
            nested = not isinstance(top, ast.ImportFrom | ast.Import)
            for node in subs:
                if isinstance(node, ast.ImportFrom) and not node.level and \
                        (node.module or "").split(".")[0] == "lossedu":
                    for item in node.names:
                        bound = item.asname or item.name
                        if not nested and bound not in used:
                            continue
                        if node.module == "lossedu" and _module_file(item.name):
                            aliases[bound] = item.name
                        elif node.module != "lossedu":
                            found.append((node.module.split(".")[1], {item.name}))
                elif isinstance(node, ast.Import):
                    for item in node.names:
                        parts = item.name.split(".")
                        if parts[0] == "lossedu" and len(parts) > 1:
                            found.append((parts[1], None))
        if not aliases:
            return found
        subs = [sub for _, nodes_of in walked for sub in nodes_of]
        bases = {id(sub.value) for sub in subs if isinstance(sub, ast.Attribute)}
        for node in subs:
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                    node.value.id in aliases:
                found.append((aliases[node.value.id], {node.attr}))
            elif isinstance(node, ast.Name) and node.id in aliases and id(node) not in bases:
                found.append((aliases[node.id], None))
        return found

    def source(self, withheld: dict) -> str:
        """The module as the kernel gets it."""
        kept = self.kept()
        live = self.names([n for n in self.live_nodes()
                           if not isinstance(n, ast.ImportFrom | ast.Import)])
        body = []
        for node in self.tree.body:
            if isinstance(node, _DEFS):
                if node.name not in kept:
                    continue
                if node.name in self.stubbed:
                    full = f"lossedu.{self.name}.{node.name}"
                    body += ast.parse(_STUB.format(name=node.name, module=self.name,
                                                   question=withheld[full])).body
                    continue
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] \
                    == "lossedu":
                node.names = [a for a in node.names if (a.asname or a.name) in live]
                if not node.names:
                    continue
            elif _is_all(node):
                node.value = ast.List([ast.Constant(n) for n in sorted(kept)], ast.Load())
            body.append(node)
        self.tree.body = body
        return ast.unparse(self.tree) + "\n"


def _is_all(node) -> bool:
    return isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)


def _names(nodes) -> set:
    """Names (and attribute names) that ``nodes`` load or define."""
    used = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                used.add(sub.id)
            elif isinstance(sub, ast.Attribute):
                used.add(sub.attr)
    return used


def _copied_modules(setup_sources, withheld: dict) -> dict:
    """name -> _Module of every lossedu module a kernel needs, each trimmed to what is used."""
    modules: dict = {}

    def want(name, names) -> bool:
        if name in WITHHELD or _module_file(name) is None:
            return False
        new = name not in modules
        if new:
            modules[name] = _Module(name, withheld)
        return modules[name].want(names) or new

    for source in setup_sources:
        try:
            tree = ast.parse(python_source(source))
        except (SyntaxError, ValueError):
            continue
        for module, names in _setup_wants(tree):
            want(module, names)
    for name in PROBE_MODULES:
        want(name, None)
    changed = True
    while changed:
        changed = False
        for module in list(modules.values()):
            for name, names in module.references():
                changed |= want(name, names)
    return modules


def _setup_wants(tree) -> list:
    """(module, names or None for all) that set-up code imports from lossedu."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for item in node.names:
                parts = item.name.split(".")
                if parts[0] == "lossedu" and len(parts) > 1:
                    found.append((parts[1], None))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            parts = node.module.split(".")
            if parts[0] != "lossedu":
                continue
            if len(parts) == 1:
                found += [(item.name, None) for item in node.names]
            else:
                found.append((parts[1], {item.name for item in node.names}))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "lossedu":
            found.append((node.attr, None))
    return found


def build(dest: Path, setup_sources, question_ids) -> KernelPackage:
    """Write the kernel's lossedu under ``dest`` (a new folder) for these set-up cells and
    questions; return what was written."""
    _, by_name = setup_imports(setup_sources)
    graded = graded_functions(question_ids)
    handed_out = {name: q for name, q in graded.items() if name in by_name}
    withheld = {name: q for name, q in graded.items() if name not in by_name}
    modules = _copied_modules(setup_sources, withheld)
    package = KernelPackage(path=Path(dest), modules=sorted(modules), withheld=withheld,
                            handed_out=handed_out)
    root = Path(dest) / "lossedu"
    (root / "checks").mkdir(parents=True)
    (root / "grading").mkdir()
    (root / "__init__.py").write_text(_INIT.format(version=lossedu.__version__), "utf-8")
    (root / "checks" / "__init__.py").write_text(_CHECKS.format(), "utf-8")
    (root / "quiz.py").write_text(_QUIZ.format(), "utf-8")
    (root / "grading" / "__init__.py").write_text('"""The in-kernel half of the grader."""\n',
                                                  "utf-8")
    (root / "grading" / "_inkernel.py").write_text(
        (SOURCE / "grading" / "_inkernel.py").read_text("utf-8"), "utf-8")
    for name, module in modules.items():
        text = _module_file(name).read_text("utf-8") if name in PROBE_MODULES \
            else module.source(withheld)
        (root / f"{name}.py").write_text(text, "utf-8")
    return package
