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
from lossedu.checks.carried import CARRIED, consistent, finite_values, values_in_answer
from lossedu.grading.rebuild import CheckSpec, Plan, Step

#: verdict statuses (as lossedu.grading.engine spells them)
_PASS, _FAIL = "pass", "fail"


def _key(spec_key: str, used: str) -> str:
    return f"{spec_key}~uses~{used}"


def _judged_cases(question, variant: int) -> list:
    """The cases the answer is judged on: the function's public cases, or the value
    question's (variant) case."""
    if question.kind == "function":
        return list(question.cases)
    return [variant_case(question, variant)]


def add_probes(plan: Plan, variant: int = 0) -> Plan:
    """The plan with a probe of each used earlier function after each declared question's
    probe (their CheckSpecs have ``carried_for`` set, no points, and are judged by nothing).
    For a function question, the calls of all its public cases are probed at once."""
    from lossedu.grading.runner import probe_spec

    checks, steps, specs = list(plan.checks), list(plan.steps), dict(plan.probe_specs)
    for spec in plan.checks:
        declared = CARRIED.get(spec.question)
        if declared is None or spec.hidden or spec.key in plan.zero:
            continue
        try:
            judged = _judged_cases(get_question(spec.question), variant)
            calls = {u.question: [c for case in judged for c in u.calls(case)]
                     for u in declared.uses if u.calls is not None}
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
    questions = {spec.key: spec.question for spec in checks}
    support = {spec.key: (spec.carried_for, questions[spec.carried_for]) for spec in checks
               if spec.carried_for}
    return dataclasses.replace(plan, checks=checks, steps=steps, probe_specs=specs,
                               wanted=_wanted(support, variant) if support else plan.wanted)


def _wanted(support: dict, variant: int):
    """``wanted(key, outcomes)`` for the runner: a helper probe runs only when the question
    it serves was probed and fails (judged here, in the grading process): a right answer
    needs no error carried forward, so correct work costs no extra probe."""
    from lossedu.checks import FAIL, judge

    def wanted(key, outcomes) -> bool:
        if key not in support:
            return True
        served, question = support[key]
        found = outcomes.get(served)
        if not isinstance(found, list):
            return False
        try:
            return judge(get_question(question), found, variant=variant).status == FAIL
        except Exception:  # noqa: BLE001  unreadable outcomes: probe, apply() decides
            return True

    return wanted


def _consistent_case(declared, question, case, returned, got_all, offsets) -> bool:
    """One judged case: the earlier values it used (``got_all`` sliced by ``offsets``) lead
    to what the answer returned."""
    got = {}
    for used in declared.uses:
        if used.calls is None:  # earlier values, part of this answer
            got[used.question] = values_in_answer(question.id, used.question, returned)
            values = got[used.question]
        else:
            start, stop = offsets[used.question]
            values = got_all[used.question][start:stop]
            got[used.question] = values
        if not finite_values(values):
            return False
    return consistent(returned, declared.expected(case, got), declared.rtol, declared.atol)


def apply(plan: Plan, outcomes: dict, verdicts: dict, variant: int = 0) -> Plan:
    """Accept a failed declared question whose answer is consistent with the learner's own
    earlier answers (``outcomes``: check key -> probe outcomes; ``verdicts``: check key ->
    (status, line, hint), updated in place): every judged case must be. Returns the plan
    without the helper probes."""
    support = [spec for spec in plan.checks if spec.carried_for]
    for spec in plan.checks:
        declared = CARRIED.get(spec.question)
        if declared is None or spec.carried_for or verdicts.get(spec.key, ("",))[0] != _FAIL:
            continue
        question = get_question(spec.question)
        answer = outcomes.get(spec.key)
        try:
            judged = _judged_cases(question, variant)
            if not (isinstance(answer, list) and len(answer) == len(judged) and all(
                    isinstance(o, dict) and "returned" in o for o in answer)):
                continue
            got_all, ok = {}, True
            for used in declared.uses:
                if used.calls is None:
                    continue
                found = outcomes.get(_key(spec.key, used.question))
                if not isinstance(found, list) or not all(
                        isinstance(o, dict) and "returned" in o for o in found):
                    ok = False
                    break
                got_all[used.question] = [decode(o["returned"]) for o in found]
            position = {u.question: 0 for u in declared.uses}
            for case, outcome in zip(judged, answer, strict=True):
                if not ok:
                    break
                offsets = {}
                for used in declared.uses:
                    if used.calls is not None:
                        count = len(list(used.calls(case)))
                        offsets[used.question] = (position[used.question],
                                                  position[used.question] + count)
                        position[used.question] += count
                        if offsets[used.question][1] > len(got_all[used.question]):
                            ok = False
                if ok:
                    ok = _consistent_case(declared, question, case,
                                          decode(outcome["returned"]), got_all, offsets)
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
