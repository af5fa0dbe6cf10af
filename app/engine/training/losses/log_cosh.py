"""Log-cosh: log(cosh(ŷ − y)), a regression loss that is MSE near the fit and MAE far from it, and
smooth everywhere (Huber has a kink in its curvature at δ, MAE at 0; log-cosh has none).

    identity:  L = mean(log cosh r),  r = z - t      dL/dz = tanh(r) / m

log cosh r ≈ r²/2 for small r (its gradient tanh r ≈ r, MSE's) and ≈ |r| − log 2 for large r (its
gradient tanh r → ±1, MAE's sign r): an outlier pulls with a force of at most 1.

Exact at both ends, with no overflow: cosh(r) itself overflows past |r| ≈ 710, and
|r| − log 2 + log1p(e^−2|r|) cancels to nothing for small r, so

    |r| < 1:   log cosh r = log1p(2 sinh²(r/2))              (cosh r − 1 = 2 sinh²(r/2), no cancellation)
    |r| >= 1:  log cosh r = |r| − log 2 + log1p(e^(−2|r|))  (three terms, none near another)
"""

from __future__ import annotations

import math

import numpy as np

from app.engine.training.losses.record import Form, Loss

Array = np.ndarray
LOG2 = math.log(2.0)


def _log_cosh(r: Array) -> Array:
    """log(cosh(r)) elementwise, to full relative precision for any finite r."""
    a = np.abs(r)
    near = np.log1p(2.0 * np.sinh(0.5 * np.minimum(a, 1.0)) ** 2)
    far = a - LOG2 + np.log1p(np.exp(-2.0 * a))
    return np.where(a < 1.0, near, far)


def log_cosh(z: Array, t: Array) -> float | Array:
    return np.mean(_log_cosh(z - t), axis=-1)


def log_cosh_grad(z: Array, t: Array) -> tuple[float, Array]:
    r = z - t
    m = z.shape[-1]
    return float(np.mean(_log_cosh(r))), np.tanh(r) / m


def _as_written(a: Array, y: Array) -> tuple[Array, Array]:
    return np.log(np.cosh(a - y)), np.tanh(a - y)


LOSS = Loss(
    "log_cosh", "Log-cosh", "log-cosh loss", "log-cosh",
    "log(cosh(ŷ − y)): like MSE near the fit and MAE for outliers, smooth everywhere (regression).",
    (Form("identity", log_cosh, log_cosh_grad,
          r"\frac{1}{m}\sum_{i=1}^{m}\log\cosh\left(\hat y^{(i)} - y^{(i)}\right)",
          r"\tanh\left(\hat y^{(i)} - y^{(i)}\right)", _as_written),),
    order=50)
