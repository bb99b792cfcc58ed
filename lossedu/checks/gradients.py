"""Finite-difference gradient checks shared by the exercise checks (ex04, ex11).

A returned gradient ``g`` passes when ``|g - g_fd| <= GRAD_ATOL + GRAD_RTOL * |g_fd|``
entrywise, ``g_fd`` by central differences with step ``FD_STEP`` (the tolerances are stated in
the exercise text).
"""

from __future__ import annotations

import numpy as np

from lossedu.checks._core import close

__all__ = ["FD_STEP", "GRAD_ATOL", "GRAD_RTOL", "fd_gradient", "grad_close", "nan_in"]

GRAD_RTOL, GRAD_ATOL, FD_STEP = 1e-4, 1e-6, 1e-5


def fd_gradient(f, x):
    """Central-difference gradient of the scalar function ``f`` at the float64 array ``x``."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += FD_STEP
        down[index] -= FD_STEP
        grad[index] = (f(up) - f(down)) / (2 * FD_STEP)
    return grad


def grad_close(returned, expected):
    """``returned`` has the shape of ``expected``, is finite and within the tolerances."""
    want = np.asarray(expected, dtype=float)
    return bool(np.all(np.isfinite(want))) and close(returned, want, GRAD_RTOL, GRAD_ATOL)


def nan_in(r):
    """``r`` (an array, or a tuple/list of arrays) holds a NaN or an infinity."""
    try:
        return bool(np.any(~np.isfinite(np.asarray(r, dtype=float))))
    except (TypeError, ValueError):
        return any(nan_in(item) for item in r) if isinstance(r, tuple | list) else False
