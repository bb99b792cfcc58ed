"""Code that the grader runs INSIDE a student's kernel (imported there, never trusted).

:func:`probe` tries the student's answer on the cases and publishes the outcomes (plain JSON
data) as display data of a private MIME type, tagged with the nonce that the grading process
drew for this call; :func:`fingerprint` records (baseline) or compares (final) the identities
of module attributes and IPython hooks, for the flags. Nothing here decides a grade: the
grading process judges the outcomes itself. Student code can tamper with this module like
with anything else in its kernel; the fingerprint watches it too.
"""

import json
import sys
import types

from IPython.display import publish_display_data


def probe(question_id, cases_json, nonce, mime, namespace):
    """Probe the answer to ``question_id`` in ``namespace`` (the notebook's globals)."""
    from lossedu.checks import _core

    question = _core.get_question(question_id)
    spec = json.loads(cases_json)
    cases = None if spec is None else [
        _core.Case(item["label"], tuple(_core.decode(item["args"])),
                   {key: _core.decode(value) for key, value in item["kwargs"].items()})
        for item in spec]
    outcomes = _core.probe(question, namespace, cases)
    publish_display_data({mime: {"nonce": nonce, "outcomes": outcomes}}, metadata={})


def _id(value):
    function = getattr(value, "__func__", None)  # bound methods are new objects each time
    return id(function) if function is not None else id(value)


def _ids(values):
    return [_id(v) for v in values]


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
        for event, callbacks in shell.events.callbacks.items():
            lists["IPython event " + event] = _ids(callbacks)
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
