"""Gradient check: the analytic dJ/dtheta against central differences.

Numeric gradient, fourth-order central differences, one parameter at a time:

    numeric_i = (-J(theta + 2h e_i) + 8 J(theta + h e_i) - 8 J(theta - h e_i) + J(theta - 2h e_i)) / (12 h_i)

Its error is a truncation term ~ h^4 J^(5) / 30 plus roundoff ~ eps_mach |J| / h
(J is computed to a relative eps_mach ~ 2.2e-16, and the difference divides
that by h). The step is chosen for the loss's scale:

    h_i = eps_mach^(1/5) * max(1, |theta_i|) / max(1, rms(X))      (eps_mach^(1/5) ~ 7.4e-4)

which balances the two terms when J varies on a scale of theta ~ 1 / rms(X)
(true of linear models and of a network's first layer). The roundoff floor
that remains, ``noise`` = eps_mach (|J| + 1e-300) / min_i h_i, is reported:
gradient entries below it cannot be told from zero by any finite difference.

The error is relative, but on the gradient's own scale, so that an entry a
thousand times smaller than the largest one cannot dominate with its
finite-difference noise:

    error_i = |analytic_i - numeric_i| / max(|analytic_i|, |numeric_i|, tau)
    tau     = max(1e-3 * max_k |analytic_k|, 10 * noise)

Exact gradients read about 1e-9 or below; a wrong factor, sign or missing term
on any entry larger than tau reads as its relative size (a factor of 2 on the
intercept reads 0.5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.engine.training.cancel import NEVER, CancelToken
from app.engine.training.models import Model

Array = np.ndarray

EPS_MACHINE = float(np.finfo(np.float64).eps)
STEP = EPS_MACHINE ** 0.2  # ~7.4e-4: the order-4 stencil's balance of truncation and roundoff
SCALE_SHARE = 1e-3  # entries below this share of the largest are compared on that scale
EXACT_BELOW = 1e-6  # what the pages call "exact"

STENCILS = {2: ((1, 1.0), (-1, -1.0)), 4: ((2, -1.0), (1, 8.0), (-1, -8.0), (-2, 1.0))}
DENOMINATORS = {2: 2.0, 4: 12.0}


def numerical_gradient(
    f: Callable[[Array], float], theta: Array, eps: float = STEP, order: int = 4,
    scale: float = 1.0, cancel: CancelToken = NEVER,
) -> Array:
    """Central differences of the scalar function f at theta, shape (p,), with
    h_i = eps * max(1, |theta_i|) / scale."""
    theta = np.asarray(theta, dtype=np.float64)
    grad = np.empty_like(theta)
    for i in range(theta.size):
        cancel.check()
        h = eps * max(1.0, abs(theta[i])) / scale
        total = 0.0
        for offset, weight in STENCILS[order]:
            shifted = theta.copy()
            shifted[i] += offset * h
            total += weight * f(shifted)
        grad[i] = total / (DENOMINATORS[order] * h)
    return grad


def relative_errors(analytic: Array, numeric: Array, noise: float = 0.0) -> Array:
    """error_i = |a_i - n_i| / max(|a_i|, |n_i|, tau), tau = max(1e-3 max|a|, 10 noise)."""
    largest = float(np.max(np.abs(analytic))) if analytic.size else 0.0
    tau = max(SCALE_SHARE * largest, 10.0 * noise, 1e-300)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), tau)
    return np.abs(analytic - numeric) / scale


@dataclass(frozen=True)
class GradCheck:
    max_relative_error: float
    analytic: Array
    numeric: Array
    errors: Array
    worst_index: int
    noise: float  # finite differences cannot resolve gradient entries below this
    step: float  # the smallest h_i used

    @property
    def exact(self) -> bool:
        return self.max_relative_error < EXACT_BELOW


def input_scale(X: Array) -> float:
    """max(1, rms(X)): the step shrinks for large inputs, where J varies faster."""
    if X.size == 0:
        return 1.0
    return max(1.0, float(np.sqrt(np.mean(np.square(X, dtype=np.float64)))))


def gradient_check(
    model: Model, theta: Array, X: Array, t: Array, loss: str, l2: float,
    eps: float | None = None, cancel: CancelToken = NEVER,
) -> GradCheck:
    """Compare the model's analytic dJ/dtheta with central differences at theta.
    ``eps`` overrides the step's base (default eps_mach^(1/5))."""
    theta = np.asarray(theta, dtype=np.float64)
    value, analytic = model.loss_gradient(theta, X, t, loss, l2)
    scale = input_scale(X)
    base = STEP if eps is None else eps
    numeric = numerical_gradient(lambda th: model.loss_value(th, X, t, loss, l2), theta, base,
                                 scale=scale, cancel=cancel)
    step = base * max(1.0, float(np.min(np.abs(theta)))) / scale if theta.size else base
    noise = EPS_MACHINE * (abs(value) + 1e-300) / step
    errors = relative_errors(analytic, numeric, noise)
    worst = int(np.argmax(errors))
    return GradCheck(float(errors[worst]), analytic, numeric, errors, worst, noise, step)
