"""Central-difference gradient check.

order 2:  numeric_i = (J(theta + h e_i) - J(theta - h e_i)) / (2 h)
order 4:  numeric_i = (-J(+2h) + 8 J(+h) - 8 J(-h) + J(-2h)) / (12 h)
with h = eps * max(1, |theta_i|). Order 2 has error O(h^2) plus roundoff
~1e-16 / h; order 4 (O(h^4)) allows a larger h, so about 1e-12 overall.

relative error_i = |analytic_i - numeric_i| / max(|analytic_i|, |numeric_i|, floor)

The floor keeps entries where both gradients are ~0 from dividing by zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.engine.models import Model

Array = np.ndarray


STENCILS = {2: ((1, 1.0), (-1, -1.0)), 4: ((2, -1.0), (1, 8.0), (-1, -8.0), (-2, 1.0))}
DENOMINATORS = {2: 2.0, 4: 12.0}


def numerical_gradient(
    f: Callable[[Array], float], theta: Array, eps: float = 1e-6, order: int = 2
) -> Array:
    """Central differences of the scalar function f at theta, shape (p,)."""
    theta = np.asarray(theta, dtype=np.float64)
    grad = np.empty_like(theta)
    for i in range(theta.size):
        h = eps * max(1.0, abs(theta[i]))
        total = 0.0
        for offset, weight in STENCILS[order]:
            shifted = theta.copy()
            shifted[i] += offset * h
            total += weight * f(shifted)
        grad[i] = total / (DENOMINATORS[order] * h)
    return grad


def relative_errors(analytic: Array, numeric: Array, floor: float = 1e-8) -> Array:
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    return np.abs(analytic - numeric) / scale


@dataclass(frozen=True)
class GradCheck:
    max_relative_error: float
    analytic: Array
    numeric: Array
    worst_index: int


def gradient_check(
    model: Model, theta: Array, X: Array, t: Array, loss: str, l2: float, eps: float = 1e-6
) -> GradCheck:
    """Compare the model's analytic dJ/dtheta with central differences at theta."""
    analytic = model.loss_gradient(theta, X, t, loss, l2)[1]
    numeric = numerical_gradient(lambda th: model.loss_value(th, X, t, loss, l2), theta, eps)
    errors = relative_errors(analytic, numeric)
    worst = int(np.argmax(errors))
    return GradCheck(float(errors[worst]), analytic, numeric, worst)
