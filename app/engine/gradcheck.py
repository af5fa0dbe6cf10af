"""Central-difference gradient check.

numeric_i = (J(theta + h e_i) - J(theta - h e_i)) / (2 h),  h = eps * max(1, |theta_i|)

relative error_i = |analytic_i - numeric_i| / max(|analytic_i|, |numeric_i|, floor)

The floor keeps entries where both gradients are ~0 from dividing by zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.engine.models import Model

Array = np.ndarray


def numerical_gradient(f: Callable[[Array], float], theta: Array, eps: float = 1e-6) -> Array:
    """Central differences of the scalar function f at theta, shape (p,)."""
    grad = np.empty_like(theta, dtype=np.float64)
    for i in range(theta.size):
        h = eps * max(1.0, abs(theta[i]))
        up, down = theta.copy(), theta.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (up[i] - down[i])
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
