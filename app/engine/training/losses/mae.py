"""Mean absolute error: |ŷ − y|, every residual pulling with the same force (a regression).

    identity:  L = mean(|r|),  r = z - t      dL/dz = sign(r) / m   (0 at r = 0)
"""

from __future__ import annotations

import numpy as np

from app.engine.training.losses.record import Form, Loss

Array = np.ndarray


def mae(z: Array, t: Array) -> float | Array:
    return np.mean(np.abs(z - t), axis=-1)


def mae_grad(z: Array, t: Array) -> tuple[float, Array]:
    r = z - t
    m = z.shape[-1]
    return float(np.abs(r).sum()) / m, np.sign(r) / m


def _as_written(a: Array, y: Array) -> tuple[Array, Array]:
    return np.abs(a - y), np.sign(a - y)


LOSS = Loss(
    "mae", "Mean absolute error", "mean absolute error", "MAE",
    "|ŷ − y|: every residual pulls with the same force, so outliers matter less (regression).",
    (Form("identity", mae, mae_grad, r"\frac{1}{m}\sum_{i=1}^{m}\left|\hat y^{(i)} - y^{(i)}\right|",
          r"\operatorname{sign}\left(\hat y^{(i)} - y^{(i)}\right)", _as_written,
          dz_where=r"\operatorname{sign}(r) \in \{-1, 0, 1\},\quad \operatorname{sign}(0) = 0"),),
    order=30, kink="MAE bends sharply where a residual is 0")
