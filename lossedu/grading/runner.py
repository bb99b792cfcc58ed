"""Run a submission's plan in sandboxed kernels; faults stay with their question.

In the student's kernel run only: the instructor's set-up cells, the student's answer cells, and
per check a *probe* cell (:func:`lossedu.grading._inkernel.probe`) that is given the question's
names and cases, and publishes the outcomes (plain JSON data: what each case returned or
raised) as display data of a private MIME type, tagged with a nonce that the grading process
draws for that probe only. Nothing that decides pass/fail runs in the kernel: the grading
process judges the outcomes itself (:mod:`lossedu.grading.engine`).

Hidden checks run last, after every answer cell and every public probe: no student code runs
after a hidden input has been seen except the hidden probes themselves, and of those only
pass/fail data and fixed texts are kept (no exception message, no exception name). Nothing
else a hidden probe's student code could choose reaches the result either: no forbidden
names it reached, no flag (a forged or extra message there is the check's fixed fault), and
the time the hidden phase took is kept apart (:attr:`RunResult.hidden_seconds`), so the
``seconds`` column does not measure it.

Faults: when a cell times out, the kernel dies (``os._exit``, a crash, the CPU limit), the
output passes the cap, or the cell raises ``SystemExit``/``KeyboardInterrupt``/ ``MemoryError``,
the questions that need that cell score 0 with the reason, the kernel is killed, and a FRESH
kernel re-runs the set-up cells and the other answers run so far; then grading goes on with the
next cell.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field

from lossedu.grading.flags import runtime_flags, snapshot_code
from lossedu.grading.kernel import CellResult, Kernel, KernelError
from lossedu.grading.messages import error_text

#: the private MIME type of probe and snapshot payloads
MIME = "application/x-lossedu-grading+json"

#: errors that end an answer the same way a crash does
FATAL_ERRORS = ("SystemExit", "KeyboardInterrupt", "MemoryError", "_ArrayMemoryError")



def probe_code(question: str, spec: dict, nonce: str) -> str:
    """The probe cell (lossedu.grading._inkernel.probe on the notebook's globals); ``spec``:
    names, kind, cases and the forbidden names to watch (see :func:`probe_spec`)."""
    return ("import lossedu.grading._inkernel as _lossedu_k\n"
            f"_lossedu_k.probe({question!r}, {json.dumps(spec)!r}, {nonce!r}, {MIME!r}, "
            "globals())\ndel _lossedu_k\n")


def probe_spec(question, encoded_cases=None, watch=()) -> dict:
    """What a probe is told about ``question`` (a :class:`lossedu.checks.Question`): its names
    and kind, the cases (``encoded_cases``: JSON data as in a hidden check; default: the
    question's own cases) and the forbidden names to watch. Never a reference or a label."""
    from lossedu.checks import encode

    if question.kind != "function":
        cases = []
    elif encoded_cases is not None:
        cases = [{"args": c["args"], "kwargs": c["kwargs"]} for c in encoded_cases]
    else:
        cases = [{"args": encode(tuple(c.args)),
                  "kwargs": {k: encode(v) for k, v in c.kwargs.items()}}
                 for c in question.cases]
    return {"names": list(question.names), "kind": question.kind, "cases": cases,
            "watch": list(watch)}


@dataclass
class RunResult:
    outcomes: dict = field(default_factory=dict)  #: check key -> outcomes (JSON data)
    faults: dict = field(default_factory=dict)  #: check key -> reason for 0
    answer_errors: dict = field(default_factory=dict)  #: answer id -> "ValueError: ..."
    reached: dict = field(default_factory=dict)  #: check key -> forbidden names it reached
    flags: set = field(default_factory=set)
    notes: list = field(default_factory=list)
    warnings: set = field(default_factory=set)  #: sandbox warnings (machine, not student)
    kernels: int = 0
    forked: int = 0  #: kernels that the zygote forked (the rest started from scratch)
    faulted: bool = False  #: a fault happened (status "fault")
    #: seconds spent from the first hidden probe on (left out of the row's ``seconds``)
    hidden_seconds: float = 0.0


def _payloads(result: CellResult, nonce: str) -> list:
    """The payloads of our MIME type in a cell's outputs: (matching nonce list, others)."""
    found = []
    for output in result.outputs:
        if output.get("msg_type") != "display_data":
            continue
        data = output.get("data", {})
        payload = data.get(MIME) if isinstance(data, dict) else None
        if isinstance(payload, str):
            try:
                payload = json.loads(payload)
            except ValueError:
                continue
        if isinstance(payload, dict) and payload.get("nonce") == nonce:
            found.append(payload)
    return found


def describe(result: CellResult, limits, what: str) -> str:
    """A short, deterministic reason for a fault (no timings, no paths)."""
    if result.status == "timeout":
        return f"{what} timed out after {limits.cell_timeout:g} s (an endless loop?)"
    if result.status == "output":
        return f"{what} printed more than {limits.cell_output / 2**20:g} MB of output"
    if result.status == "died":
        return f"{what} stopped the kernel (os._exit, exit(), a crash, or a resource limit)"
    if result.ename in ("MemoryError", "_ArrayMemoryError"):
        return f"{what} ran out of memory (limit {limits.memory / 2**30:g} GiB)"
    return f"{what} raised {result.ename}"


class Runner:
    """Runs one plan; owns the kernels it starts (at most one alive at a time)."""

    def __init__(self, plan, kernel_factory, limits, deadline: float, *, specs=None):
        self.plan = plan
        #: check key -> probe spec (probe_spec); a check without one is probed by its id only
        self.specs = {**(specs or {}), **getattr(plan, "probe_specs", {})}
        self.kernel_factory = kernel_factory
        self.limits = limits
        self.deadline = deadline
        self.kernel: Kernel | None = None
        self.result = RunResult()
        self.replay: list = []  # steps run successfully in the current history (no probes)
        self.slot = f"_lossedu_fingerprint_{secrets.token_hex(8)}"
        first = next((s for s in plan.steps if s.kind == "snapshot"), None)
        self.baseline_step = first

    # ------------------------------------------------------------------ kernels
    def _fresh_kernel(self) -> None:
        """Start a kernel and re-run the history; faults during replay drop that step."""
        while True:
            if self.kernel is not None:
                self.kernel.kill()
            if time.monotonic() > self.deadline:
                raise TimeoutError
            self.kernel = self.kernel_factory()
            self.kernel.start()
            self.result.kernels += 1
            self.result.forked += bool(getattr(self.kernel, "forked", False))
            self.result.warnings.update(self.kernel.status.get("warnings", []))
            for step in list(self.replay):
                outcome = self._execute(step)
                if outcome is not None and (outcome.fault or self._fatal(step, outcome)):
                    self._blame(step, outcome)
                    self.replay.remove(step)
                    break
            else:
                return

    def _fatal(self, step, outcome: CellResult) -> bool:
        return step.kind == "answer" and outcome.status == "error" and \
            outcome.ename in FATAL_ERRORS

    def _execute(self, step) -> CellResult | None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        timeout = min(self.limits.cell_timeout, remaining)
        if step.kind == "snapshot":
            nonce = secrets.token_hex(16)
            final = step is not self.baseline_step
            outcome = self.kernel.execute(snapshot_code(nonce, MIME, self.slot, final), timeout)
            self.result.flags.update(outcome.flags)  # forged kernel messages
            found = _payloads(outcome, nonce)
            if final and len(found) == 1:
                if found[0].get("missing"):
                    self.result.flags.add("tampered with the review fingerprint")
                elif isinstance(found[0].get("before"), dict) and \
                        isinstance(found[0].get("after"), dict):
                    self.result.flags.update(runtime_flags(found[0]["before"], found[0]["after"]))
            elif final and not outcome.fault:  # replaced, silenced, or answered twice
                self.result.flags.add("tampered with the review fingerprint")
            return outcome
        outcome = self.kernel.execute(step.source, timeout)
        self.result.flags.update(outcome.flags)  # forged kernel messages
        if outcome.status == "timeout" and remaining < self.limits.cell_timeout:
            raise TimeoutError
        if step.kind == "answer" and outcome.status == "error":
            self.result.answer_errors.setdefault(step.answer, error_text(outcome)[:300])
        return outcome

    def _blame(self, step, outcome: CellResult) -> None:
        """Give the fault of ``step`` to the questions that need it."""
        self.result.faulted = True
        if self.kernel is not None and self.kernel.alive:
            self.kernel.kill()
        if step.kind == "answer":
            reason = describe(outcome, self.limits, f"answer cell {step.answer!r}")
            for key in self.plan.answer_checks.get(step.answer, []):
                if key not in self.plan.zero:
                    self.result.faults.setdefault(key, reason)
            if not self.plan.answer_checks.get(step.answer):
                self.result.notes.append(reason)
        elif step.kind == "setup":
            self.result.notes.append(describe(outcome, self.limits,
                                              f"set-up cell {step.cell} of the exercise"))
        else:
            self.result.notes.append("the review snapshot could not be taken")

    # ------------------------------------------------------------------ probes
    def _probe(self, step) -> None:
        spec = self._specs[step.check]
        nonce = secrets.token_hex(16)
        code = probe_code(spec.question, self.specs.get(spec.key, {}), nonce)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        outcome = self.kernel.execute(code, min(self.limits.cell_timeout, remaining))
        if spec.hidden:
            # after a hidden input, whatever the student's code sends beyond its pass or fail
            # would be a channel out: a forged message is only this check's fixed fault
            if outcome.flags:
                self.result.faults[spec.key] = self._hidden_fault(spec)
                if self.kernel.alive:
                    self.kernel.kill()
                return
        else:
            self.result.flags.update(outcome.flags)  # forged kernel messages
        if outcome.status == "timeout" and remaining < self.limits.cell_timeout:
            raise TimeoutError
        what = "checking this answer"
        if outcome.fault:
            self.result.faulted |= not spec.hidden  # (see _hidden_fault)
            self.result.faults[spec.key] = self._hidden_fault(spec) or \
                describe(outcome, self.limits, what)
            self._same_for_hidden(spec)
            return
        found = _payloads(outcome, nonce)
        if spec.hidden and (len(found) != 1 or (outcome.status == "error"
                                                 and outcome.ename not in FATAL_ERRORS)):
            self.result.faults[spec.key] = self._hidden_fault(spec)
            if self.kernel.alive:
                self.kernel.kill()
            return
        if len(found) > 1:
            self.result.faults[spec.key] = "the check's result was forged (more than one answer)"
            self.result.flags.add("forged the grading output")
            return
        if outcome.status == "error" or not found:
            if outcome.ename in FATAL_ERRORS:
                self.result.faulted |= not spec.hidden  # (see _hidden_fault)
                self.result.faults[spec.key] = self._hidden_fault(spec) or \
                    describe(outcome, self.limits, what)
                self._same_for_hidden(spec)
                self.kernel.kill()  # the kernel may be in a bad state: start afresh
            elif outcome.ename:
                self.result.faults[spec.key] = self._hidden_fault(spec) or (
                    f"the answer broke its own check ({outcome.ename}: "
                    f"{outcome.evalue[:120]})")
                self.result.flags.add("interfered with the check")
            else:
                self.result.faults[spec.key] = "the check produced no result"
                self.result.flags.add("interfered with the check")
            return
        outcomes = found[0].get("outcomes")
        if not isinstance(outcomes, list):
            self.result.faults[spec.key] = "the check's result was unreadable"
            return
        self.result.outcomes[spec.key] = outcomes
        reached = found[0].get("reached")
        if isinstance(reached, list) and reached and not spec.hidden:
            self.result.reached[spec.key] = self._known(spec, reached)

    def _known(self, spec, reached: list) -> list:
        """The forbidden names a (public) probe reports, kept only if they are ones we sent."""
        watched = self.specs.get(spec.key, {}).get("watch", [])
        kept = []
        for item in reached[:50]:
            if not isinstance(item, str) or len(item) > 160:
                continue
            name, sep, detail = item.partition(" (")
            if name not in watched:
                continue
            if sep and not spec.hidden and detail.endswith(")") and detail[:-1].isidentifier():
                kept.append(item)
            else:
                kept.append(name)
        return sorted(set(kept))

    @staticmethod
    def _hidden_fault(spec) -> str:
        """The fixed reason of a hidden check's fault (its details came after a hidden input).
        Whatever went wrong there (an error, a crash, a time-out, a forged message, no result),
        the check gets this text and nothing else changes: not the flags, not the row's
        status (which says whether the answers and public checks had faults). So a hidden
        check tells one of three results: pass, fail, or this fault."""
        return "the answer failed on this hidden check (error, crash or time-out)" \
            if spec.hidden else ""

    def _same_for_hidden(self, spec) -> None:
        """A public check that crashed or hung is not tried again on the hidden cases (the
        same function would most likely do it again, at the cost of another timeout)."""
        if spec.hidden:
            return
        for other in self.plan.checks:
            if other.hidden and other.question == spec.question and \
                    other.key not in self.plan.zero:
                self.result.faults.setdefault(other.key, self.result.faults[spec.key])

    # ------------------------------------------------------------------ main loop
    def run(self) -> RunResult:
        self._specs = {spec.key: spec for spec in self.plan.checks}
        self._hidden_started = None
        try:
            self._run_steps()
        except TimeoutError:
            hidden_phase = self._hidden_started is not None
            self.result.faulted |= not hidden_phase
            for spec in self.plan.checks:
                if spec.key not in self.result.outcomes and spec.key not in self.plan.zero:
                    self.result.faults.setdefault(
                        spec.key, self._hidden_fault(spec) if hidden_phase else
                        "the submission's time limit ran out before this check")
        except KernelError as error:
            for spec in self.plan.checks:
                if spec.key not in self.result.outcomes and spec.key not in self.plan.zero:
                    self.result.faults.setdefault(spec.key, "the grader could not start a kernel")
            self.result.notes.append(str(error).splitlines()[0])
            self.result.warnings.add(f"kernel start failed: {str(error).splitlines()[0]}")
        finally:
            if self.kernel is not None:
                self.kernel.kill()
            if self._hidden_started is not None:
                self.result.hidden_seconds = time.monotonic() - self._hidden_started
        return self.result

    def _ordered_steps(self) -> list:
        """The plan's steps with the hidden checks' probes moved to the very end."""
        hidden = {spec.key for spec in self.plan.checks if spec.hidden}
        late = [s for s in self.plan.steps if s.kind == "probe" and s.check in hidden]
        return [s for s in self.plan.steps if s not in late] + late

    def _run_steps(self) -> None:
        hidden = {spec.key for spec in self.plan.checks if spec.hidden}
        for step in self._ordered_steps():
            if self._hidden_started is None and step.kind == "probe" and step.check in hidden:
                self._hidden_started = time.monotonic()
            if step.kind == "probe" and (step.check in self.plan.zero
                                         or step.check in self.result.faults):
                continue
            wanted = getattr(self.plan, "wanted", None)  # lossedu.grading.carried
            if step.kind == "probe" and wanted and not wanted(step.check, self.result.outcomes):
                continue
            if self.kernel is None or not self.kernel.alive:
                self._fresh_kernel()
            if step.kind == "probe":
                self._probe(step)
                continue
            outcome = self._execute(step)
            if outcome.fault or self._fatal(step, outcome):
                self._blame(step, outcome)
                continue
            if step.kind == "setup" and outcome.status == "error":
                # the instructor's cell failed (a sandbox limit, or an answer it depends on):
                # say so, or the questions that need its variables fail without a reason
                note = f"set-up cell {step.cell} of the exercise raised {outcome.ename}"
                if note not in self.result.notes:
                    self.result.notes.append(note)
            self.replay.append(step)
