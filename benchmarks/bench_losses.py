"""Speed of lossedu.losses next to scikit-learn and a one-pass floor.

For n = 10, 1e3, 1e6, 1e7 it prints each loss's median time per call, scikit-learn's
equivalent and the floor ``np.sum(y)`` on an array of the same size, all measured in this run
(interleaved, so that a busy machine slows all three alike), with the ratios and the targets:

* n = 1e7: mse and mae within 3x of the floor; BCE from logits at least 12x faster than
  ``log_loss(y, expit(z))``;
* n = 10: each loss at most 1/40 of scikit-learn's time per call.
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np
from scipy.special import expit
from sklearn.metrics import hinge_loss, log_loss, mean_absolute_error, mean_squared_error

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, too
import lossedu.losses as L  # noqa: E402

SIZES = [10, 10**3, 10**6, 10**7]
BUDGET = 0.25  # seconds of measurement per function and size (at least 3 calls)


def per_call_times(funcs, budget=BUDGET):
    """Median seconds per call of each function, measured in interleaved rounds."""
    for f in funcs:  # warm-up, and a first estimate of the cost of one call
        f()
    one = []
    for f in funcs:
        start = time.perf_counter()
        f()
        one.append(max(time.perf_counter() - start, 1e-7))
    # calls per timing (so that a timing lasts >= 2 ms) and rounds (to fit the budget)
    number = [max(1, int(2e-3 / t)) for t in one]
    rounds = max(3, min(15, int(budget / max(n * t for n, t in zip(number, one, strict=True)))))
    samples = [[] for _ in funcs]
    for _ in range(rounds):
        for i, f in enumerate(funcs):
            start = time.perf_counter()
            for _ in range(number[i]):
                f()
            samples[i].append((time.perf_counter() - start) / number[i])
    return [statistics.median(s) for s in samples]


def cases(n, rng):
    y_reg = rng.standard_normal(n)
    p_reg = y_reg + rng.standard_normal(n)
    y01 = (rng.random(n) < 0.5).astype(np.float64)
    z = 2.0 * (y01 - 0.5) + rng.standard_normal(n)
    p = expit(z)
    ypm = 2.0 * y01 - 1.0
    return [  # name, ours, scikit-learn's equivalent, the array for the floor
        ("mse", lambda: L.mse(y_reg, p_reg), lambda: mean_squared_error(y_reg, p_reg), p_reg),
        ("mae", lambda: L.mae(y_reg, p_reg), lambda: mean_absolute_error(y_reg, p_reg), p_reg),
        ("bce_with_logits", lambda: L.binary_cross_entropy_with_logits(y01, z),
         lambda: log_loss(y01, expit(z)), z),
        ("binary_cross_entropy", lambda: L.binary_cross_entropy(y01, p),
         lambda: log_loss(y01, p), p),
        ("hinge", lambda: L.hinge(ypm, z), lambda: hinge_loss(ypm, z), z),
    ]


def target(name, n, ours, sk, floor):
    """(description, met?) of the target for this row, or None."""
    if n == 10:
        return "ours <= sk/40", ours <= sk / 40
    if n == 10**7 and name in ("mse", "mae"):
        return "ours <= 3x floor", ours <= 3 * floor
    if n == 10**7 and name == "bce_with_logits":
        return "sk/ours >= 12", sk / ours >= 12
    return None


def fmt(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:7.2f} {unit}"
    return f"{seconds / 1e-9:7.0f} ns"


def main():
    rng = np.random.default_rng(0)
    head = (f"{'n':>9} {'loss':<21} {'ours':>10} {'scikit-learn':>12} {'floor':>10} "
            f"{'ours/floor':>10} {'sk/ours':>8}  target")
    print(head)
    print("-" * len(head))
    misses = 0
    for n in SIZES:
        for name, ours_f, sk_f, arr in cases(n, rng):
            budget = BUDGET if n < 10**7 else 1.0
            ours, sk, floor = per_call_times([ours_f, sk_f, lambda a=arr: np.sum(a)], budget)
            t = target(name, n, ours, sk, floor)
            verdict = "" if t is None else f"{t[0]:<17} {'PASS' if t[1] else 'MISS'}"
            misses += t is not None and not t[1]
            print(f"{n:>9.0e} {name:<21} {fmt(ours):>10} {fmt(sk):>12} {fmt(floor):>10} "
                  f"{ours / floor:>10.2f} {sk / ours:>8.1f}  {verdict}", flush=True)
    print(f"\n{misses} target(s) missed" if misses else "\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
