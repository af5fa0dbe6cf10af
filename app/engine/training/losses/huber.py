"""Huber: ½r² for residuals up to δ, linear beyond: MSE near the fit, MAE for the outliers.

    identity:  L = mean(1/2 r^2 if |r| <= d else d (|r| - d/2))     dL/dz = clip(r, -d, d) / m,  d = HUBER_DELTA
"""

from __future__ import annotations

import numpy as np

from app.engine.training.losses.record import Form, Loss

Array = np.ndarray
HUBER_DELTA = 1.0  # in the target's units (standardised unless the data set says otherwise)


def huber(z: Array, t: Array) -> float | Array:
    a = np.abs(z - t)
    small = np.minimum(a, HUBER_DELTA)  # the quadratic part; the rest is linear
    return np.mean(0.5 * small * small + HUBER_DELTA * (a - small), axis=-1)


def huber_grad(z: Array, t: Array) -> tuple[float, Array]:
    r = z - t
    m = z.shape[-1]
    return float(huber(z, t)), np.clip(r, -HUBER_DELTA, HUBER_DELTA) / m


def _as_written(a: Array, y: Array) -> tuple[Array, Array]:
    r, d = a - y, HUBER_DELTA
    return np.where(np.abs(r) <= d, 0.5 * r**2, d * (np.abs(r) - 0.5 * d)), np.clip(r, -d, d)


LOSS = Loss(
    "huber", "Huber", "Huber loss", "Huber",
    f"½r² for residuals up to {HUBER_DELTA:g}, linear beyond: MSE near the fit, MAE for outliers (regression).",
    (Form("identity", huber, huber_grad, r"\frac{1}{m}\sum_{i=1}^{m} H_\delta\left(\hat y^{(i)} - y^{(i)}\right)",
          r"\operatorname{clip}\left(\hat y^{(i)} - y^{(i)},\,-\delta,\,\delta\right)", _as_written,
          data_where=rf"H_\delta(r) = \begin{{cases}}\frac{{1}}{{2}}r^2 & |r|\le\delta\\ "
                     rf"\delta\left(|r| - \frac{{1}}{{2}}\delta\right) & |r|>\delta\end{{cases}},"
                     rf"\quad \delta = {HUBER_DELTA:g}"),),
    order=40, kink=f"Huber's curvature jumps at |r| = {HUBER_DELTA:g}")
