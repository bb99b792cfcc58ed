"""Error carried forward in ``lossedu grade`` (the declarations: :mod:`lossedu.checks.carried`).

:func:`add_probes` adds, for each graded question declared with ``carry_forward``, one probe
per earlier function it uses: the learner's OWN function called on the inputs the answer
passes to it (the question's public data, of the student's variant). Nothing of the reference
enters the kernel. :func:`apply` runs in the grading process after judging: a question that
failed is accepted when its answer equals what the learner's own functions lead to (and says
so); the helper probes are then removed from the plan, so they never become columns.
"""

from __future__ import annotations

import dataclasses

from lossedu.checks import decode, encode, get_question
from lossedu.checks._core import variant_case
from lossedu.checks.carried import CARRIED, consistent, finite_values
from lossedu.grading.rebuild import CheckSpec, Plan, Step

#: verdict statuses (as lossedu.grading.engine spells them)
_PASS, _FAIL = "pass", "fail"


def _key(spec_key: str, used: str) -> str:
    return f"{spec_key}~uses~{used}"


def add_probes(plan: Plan, variant: int = 0) -> Plan:
    """The plan with a probe of each used earlier function after each declared question's
    probe (their CheckSpecs have ``carried_for`` set, no points, and are judged by nothing)."""
    from lossedu.grading.runner import probe_spec

    checks, steps, specs = list(plan.checks), list(plan.steps), dict(plan.probe_specs)
    for spec in plan.checks:
        declared = CARRIED.get(spec.question)
        if declared is None or spec.hidden or spec.key in plan.zero:
            continue
        try:
            case = variant_case(get_question(spec.question), variant)
            calls = {u.question: list(u.calls(case)) for u in declared.uses}
        except Exception:  # noqa: BLE001  a declaration that cannot build its calls: no ECF
            continue
        at = next((i for i, s in enumerate(steps) if s.kind == "probe" and s.check == spec.key),
                  None)
        if at is None:
            continue
        for used, cases in calls.items():
            encoded = tuple({"label": c.label, "args": encode(tuple(c.args)),
                             "kwargs": {k: encode(v) for k, v in c.kwargs.items()}}
                            for c in cases)
            key = _key(spec.key, used)
            checks.append(CheckSpec(key, used, f"{spec.title} (uses {used})", 0, spec.answers,
                                    hidden=True, cases=tuple(cases), encoded=encoded,
                                    carried_for=spec.key))
            specs[key] = probe_spec(get_question(used), encoded)
            at += 1
            steps.insert(at, Step("probe", check=key, cell=steps[at - 1].cell))
    return dataclasses.replace(plan, checks=checks, steps=steps, probe_specs=specs)


def apply(plan: Plan, outcomes: dict, verdicts: dict, variant: int = 0) -> Plan:
    """Accept a failed declared question whose answer is consistent with the learner's own
    earlier functions (``outcomes``: check key -> probe outcomes; ``verdicts``: check key ->
    (status, line, hint), updated in place). Returns the plan without the helper probes."""
    support = [spec for spec in plan.checks if spec.carried_for]
    for spec in plan.checks:
        declared = CARRIED.get(spec.question)
        if declared is None or spec.carried_for or verdicts.get(spec.key, ("",))[0] != _FAIL:
            continue
        got = {}
        for used in declared.uses:
            found = outcomes.get(_key(spec.key, used.question))
            if not isinstance(found, list) or not found or \
                    not all(isinstance(o, dict) and "returned" in o for o in found):
                break
            values = [decode(o["returned"]) for o in found]
            if not finite_values(values):
                break
            got[used.question] = values
        else:
            answer = outcomes.get(spec.key)
            if not (isinstance(answer, list) and len(answer) == 1 and "returned" in answer[0]):
                continue
            try:
                case = variant_case(get_question(spec.question), variant)
                expected = declared.expected(case, got)
                ok = consistent(decode(answer[0]["returned"]), expected, declared.rtol,
                                declared.atol)
            except Exception:  # noqa: BLE001  values the declaration cannot use: no ECF
                ok = False
            if ok:
                titles = " and ".join(get_question(u.question).title for u in declared.uses)
                verdicts[spec.key] = (
                    _PASS, f"✓ {spec.title}: consistent with your own {titles} (error "
                    "carried forward: that mistake is counted once, in its own question)", "")
    for spec in support:
        verdicts.pop(spec.key, None)
    return dataclasses.replace(plan, checks=[s for s in plan.checks if not s.carried_for],
                               steps=[s for s in plan.steps if s.check not in
                                      {x.key for x in support}])
