"""Code that the grader runs INSIDE a student's kernel (imported there, never trusted).

:func:`probe` tries the student's answer on the cases it is given and publishes the outcomes
(plain JSON data) as display data of a private MIME type, tagged with the nonce that the
grading process drew for this call; while the answer runs it also records which of the
question's forbidden names the student's code calls or holds (``reached``, advisory).
:func:`fingerprint` records (baseline) or compares (final) the identities of module
attributes and IPython hooks, for the flags. Nothing here decides a grade or knows an
expected value: the grading process judges the outcomes itself, and the kernel's lossedu
holds no reference (lossedu.grading.kernel_package). Student code can tamper with this
module like with anything else in its kernel; that gains nothing but a missing result.

Standard library, numpy and IPython only (no lossedu.checks: it is not in a grading kernel).
"""

import json
import sys
import types

from IPython.display import publish_display_data

from lossedu._probe import decode, probe_answer

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")


class _Case:
    __slots__ = ("args", "kwargs")

    def __init__(self, args, kwargs):
        self.args, self.kwargs = args, kwargs


def _resolve(name):
    """The object called ``name`` if its module is already imported (nothing is imported
    here), else None."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        module = sys.modules.get(".".join(parts[:cut]))
        if module is None:
            continue
        obj = module
        for attr in parts[cut:]:
            try:
                obj = getattr(obj, attr)
            except Exception:
                return None
        return obj
    return None


class _Watch:
    """Records, while the answer runs, the calls that the student's own code (functions whose
    globals are the notebook's) makes to other modules, and the builtins it calls; matched
    against the forbidden names afterwards (so modules imported meanwhile count too)."""

    def __init__(self, names, namespace):
        self.names = [n for n in names if isinstance(n, str) and set(n) <= _NAME_CHARS]
        self.namespace = namespace
        self.called = {}  # code object -> module name of the callee
        self.builtins = {}  # id -> builtin function the student's code called

    def profile(self, frame, event, arg):
        if event == "call":
            back = frame.f_back
            if back is not None and back.f_globals is self.namespace and \
                    frame.f_globals is not self.namespace:
                self.called[frame.f_code] = frame.f_globals.get("__name__")
        elif event == "c_call" and frame.f_globals is self.namespace:
            self.builtins[id(arg)] = arg

    def __enter__(self):
        self.previous = sys.getprofile()
        if self.names:
            sys.setprofile(self.profile)
        return self

    def __exit__(self, *exc):
        sys.setprofile(self.previous)
        return False

    def reached(self) -> list:
        """The forbidden names the answer called or holds, e.g. ``sklearn.metrics`` or
        ``scipy.special.softmax`` (a module's entry names the function called in it)."""
        found = set()
        held = _held(self.namespace)
        for name in self.names:
            obj = _resolve(name)
            if isinstance(obj, types.ModuleType) or obj is None:
                for code, module in self.called.items():
                    if isinstance(module, str) and (module == name
                                                    or module.startswith(name + ".")):
                        found.add(f"{name} ({code.co_name})" if code.co_name.isidentifier()
                                  else name)
                if any(_inside(getattr(v, "__module__", None), name) or (
                        isinstance(v, types.ModuleType) and _inside(v.__name__, name))
                       for v in held):
                    found.add(name)
                continue
            code = getattr(obj, "__code__", None) or getattr(
                getattr(obj, "__func__", None), "__code__", None)
            if (code is not None and code in self.called) or id(obj) in self.builtins or \
                    any(v is obj for v in held):
                found.add(name)
        return sorted(found)


def _inside(module, name) -> bool:
    return isinstance(module, str) and (module == name or module.startswith(name + "."))


def _held(namespace) -> list:
    """The notebook's values, and what its functions keep in closures and defaults."""
    values = []
    for key, value in list(namespace.items()):
        if not isinstance(key, str) or key.startswith("_i") or key in ("In", "Out"):
            continue
        values.append(value)
        if isinstance(value, types.FunctionType):
            values += [cell.cell_contents for cell in value.__closure__ or ()
                       if _has_contents(cell)]
            values += list(value.__defaults__ or ())
            values += list((value.__kwdefaults__ or {}).values())
    return values


def _has_contents(cell) -> bool:
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:
        return False
    return True


def probe(question_id, spec_json, nonce, mime, namespace):
    """Probe the answer to ``question_id`` in ``namespace`` (the notebook's globals).

    ``spec_json``: ``{"names": [...], "kind": "function"|"value", "cases": [{"args": encoded
    tuple, "kwargs": {name: encoded}}], "watch": [forbidden dotted names]}``.
    """
    spec = json.loads(spec_json)
    cases = [_Case(tuple(decode(item["args"])),
                   {key: decode(value) for key, value in item["kwargs"].items()})
             for item in spec.get("cases") or ()]
    watch = _Watch(spec.get("watch") or (), namespace)
    with watch:
        outcomes = probe_answer(spec["names"], spec["kind"], namespace, cases)
    payload = {"nonce": nonce, "outcomes": outcomes}
    reached = watch.reached()
    if reached:
        payload["reached"] = reached
    publish_display_data({mime: payload}, metadata={})


def _id(value):
    function = getattr(value, "__func__", None)  # bound methods are new objects each time
    return id(function) if function is not None else id(value)


def _ids(values):
    return [_id(v) for v in values]


#: event callbacks that libraries register on import: (module, function name)
HONEST_HOOKS = (
    ("matplotlib.pyplot", "_draw_all_if_interactive"),  # import matplotlib.pyplot
    ("matplotlib_inline.backend_inline", "flush_figures"),  # %matplotlib inline
    ("matplotlib_inline.backend_inline", "configure_once"),
)


def _honest_hooks():
    """ids of the :data:`HONEST_HOOKS` that are the library's own functions (defined in the
    library's file), so an answer that registers something else is still seen."""
    found = set()
    for module_name, attr in HONEST_HOOKS:
        module = sys.modules.get(module_name)
        hook = getattr(module, attr, None)
        code = getattr(hook, "__code__", None)
        if code is not None and code.co_filename == getattr(module, "__file__", None):
            found.add(id(hook))
    return found


def fingerprint(nonce, mime, watched, slot, final):
    """Baseline (``final=False``): record the identities, keep them in the kernel under
    ``sys.modules[slot]``. Final: publish only the keys that differ from the baseline, as
    ``{"before": ..., "after": ...}`` (see lossedu.grading.flags.runtime_flags)."""
    from IPython import get_ipython

    out, lists = {}, {}
    for name in watched:
        module = sys.modules.get(name)
        if module is None:
            continue
        out["sys.modules[" + name + "]"] = id(module)
        try:
            items = list(vars(module).items())
        except Exception:
            continue
        for key, value in items:
            if key in ("_", "__", "___", "__doc__", "__loader__", "__spec__", "__file__",
                       "__cached__", "__path__", "__package__", "__name__", "__warningregistry__",
                       "input", "raw_input"):  # ipykernel sets input per request
                continue
            out[name + "." + key] = _id(value)
    for key in ("modules", "meta_path", "path_hooks", "displayhook", "stdout",
                "stderr", "stdin", "breakpointhook", "unraisablehook"):
        out["sys." + key] = _id(getattr(sys, key, None))
    out["sys.gettrace()"] = id(sys.gettrace())
    out["sys.getprofile()"] = id(sys.getprofile())
    lists["sys.meta_path"] = _ids(sys.meta_path)
    lists["sys.path_hooks"] = _ids(sys.path_hooks)
    try:
        shell = get_ipython()
        for key in ("input_transformers_cleanup", "input_transformers_post", "ast_transformers"):
            lists["IPython " + key] = _ids(getattr(shell, key, ()))
        manager = shell.input_transformer_manager
        for key in ("cleanup_transforms", "line_transforms", "token_transformers"):
            lists["IPython input_transformer_manager." + key] = _ids(getattr(manager, key, ()))
        out["IPython input_transformer_manager"] = id(manager)
        honest = _honest_hooks()
        for event, callbacks in shell.events.callbacks.items():
            lists["IPython event " + event] = _ids([c for c in callbacks
                                                    if id(c) not in honest])
        for key, value in list(vars(shell).items()):
            if callable(value) and not isinstance(value, type):
                out["IPython shell." + key] = _id(value)
        for cls in type(shell).__mro__:
            for key in ("run_cell", "run_cell_async", "run_code", "run_ast_nodes",
                        "transform_cell", "transform_ast", "user_expressions", "showtraceback"):
                if key in vars(cls):
                    out["IPython " + cls.__name__ + "." + key] = _id(vars(cls)[key])
        out["IPython display_pub"] = id(shell.display_pub)
        out["IPython display_pub.publish"] = _id(getattr(shell.display_pub, "publish", None))
        out["IPython displayhook"] = id(shell.displayhook)
        kernel = getattr(shell, "kernel", None)
        if kernel is not None:
            for key, value in list(vars(kernel).items()):
                if callable(value) and not isinstance(value, type):
                    out["kernel." + key] = _id(value)
            out["kernel.session.send"] = _id(getattr(kernel.session, "send", None))
    except Exception:
        pass
    if not final:  # the baseline stays in the kernel; only the differences travel
        holder = types.ModuleType(slot)
        holder.out, holder.lists = out, lists
        sys.modules[slot] = holder
        publish_display_data({mime: {"nonce": nonce, "stored": len(out)}}, metadata={})
        return
    holder = sys.modules.get(slot)
    if holder is None:
        publish_display_data({mime: {"nonce": nonce, "missing": True}}, metadata={})
        return
    old, old_lists = holder.out, holder.lists
    keys = {k for k in old if out.get(k) != old[k]}
    keys |= {k for k in out if k not in old and k.startswith(("IPython shell.", "kernel."))}
    list_keys = {k for k in set(lists) | set(old_lists) if lists.get(k) != old_lists.get(k)}
    before = {"snapshot": {k: old[k] for k in keys if k in old},
              "lists": {k: old_lists[k] for k in list_keys if k in old_lists}}
    after = {"snapshot": {k: out[k] for k in keys if k in out},
             "lists": {k: lists[k] for k in list_keys if k in lists}}
    publish_display_data({mime: {"nonce": nonce, "before": before, "after": after}}, metadata={})
