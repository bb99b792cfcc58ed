"""The lossedu package a grading kernel sees: what its set-up cells and the probe need, and
nothing that computes a graded answer.

Built once per run in the run's temporary folder (:func:`build`), first on the kernel's
``sys.path``; the sandbox lets a kernel read this copy and not the real package. It holds:

* the lossedu modules the exercise's set-up cells import (and the lossedu modules those
  import), with every *graded function* of the exercise replaced by a stub that raises
  (cut from the parsed source, :mod:`ast`), and the private helpers only those functions
  used removed;
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


def _closure(modules: set) -> list:
    """The copied modules: those named and every lossedu module they import."""
    todo, seen = [m for m in sorted(modules) if m not in WITHHELD], set()
    while todo:
        name = todo.pop()
        if name in seen or name in WITHHELD or _module_file(name) is None:
            continue
        seen.add(name)
        tree = ast.parse(_module_file(name).read_text(encoding="utf-8"))
        todo += sorted(_imports(tree)[0] - seen)
    return sorted(seen | set(PROBE_MODULES))


def graded_functions(question_ids) -> dict:
    """"lossedu.m.f" -> question id, for every lossedu function in the questions' families."""
    graded = {}
    for question_id in question_ids:
        for name in forbidden_names(get_question(question_id)):
            parts = name.split(".")
            if len(parts) == 3 and parts[0] == "lossedu" and parts[1] not in WITHHELD:
                graded.setdefault(name, question_id)
    return graded


def _strip(source: str, module: str, withheld: dict, imported: set) -> str:
    """``source`` with the withheld functions stubbed and their orphaned private helpers cut
    (``imported``: private names that other lossedu modules import, kept)."""
    tree = ast.parse(source)
    body = []
    for node in tree.body:
        name = getattr(node, "name", None)
        full = f"lossedu.{module}.{name}"
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and \
                full in withheld:
            stub = ast.parse(_STUB.format(name=name, module=module, question=withheld[full]))
            body += stub.body
        else:
            body.append(node)
    tree.body = body
    return ast.unparse(_without_orphans(tree, imported))


def _used_names(nodes) -> set:
    used = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                used.add(sub.id)
            elif isinstance(sub, ast.Attribute):
                used.add(sub.attr)
            elif isinstance(sub, ast.alias):
                used.add(sub.name)
            elif isinstance(sub, ast.Constant) and isinstance(sub.value, str) and \
                    sub.value.isidentifier():
                used.add(sub.value)  # __all__ entries, getattr names
    return used


def _without_orphans(tree, imported: set):
    """Cut the private top-level functions that nothing left in the module uses. (Other
    modules' imports of them keep them: those name them in an ``ast.alias``.)"""
    while True:
        private = [node for node in tree.body
                   if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                   and node.name.startswith("_") and not node.name.startswith("__")]
        used = _used_names([n for n in tree.body if n not in private])
        for node in private:  # helpers used by kept helpers
            used |= _used_names([n for n in private if n is not node])
        orphans = [node for node in private if node.name not in used
                   and node.name not in imported]
        if not orphans:
            return tree
        tree.body = [node for node in tree.body if node not in orphans]


def build(dest: Path, setup_sources, question_ids) -> KernelPackage:
    """Write the kernel's lossedu under ``dest`` (a new folder) for these set-up cells and
    questions; return what was written."""
    modules, by_name = setup_imports(setup_sources)
    copied = _closure(modules)
    graded = graded_functions(question_ids)
    handed_out = {name: q for name, q in graded.items() if name in by_name}
    withheld = {name: q for name, q in graded.items() if name not in by_name}
    package = KernelPackage(path=Path(dest), modules=copied, withheld=withheld,
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
    sources = {name: _module_file(name).read_text("utf-8") for name in copied}
    imported = set()
    for source in sources.values():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lossedu"):
                imported.update(a.name for a in node.names if a.name.startswith("_"))
    for name, source in sources.items():
        text = source if name in PROBE_MODULES else _strip(source, name, withheld, imported)
        (root / f"{name}.py").write_text(text, "utf-8")
    return package
