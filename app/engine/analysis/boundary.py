"""The model's prediction over the plane of a 2-D data set (decision-boundary maps), or
along the line of a 1-D one (the fitted curve)."""

from __future__ import annotations

import numpy as np

from app.engine.data.datasets import Dataset
from app.engine.errors import UserError
from app.engine.training.models import Model

Array = np.ndarray


def plane_extent(data: Dataset, margin: float = 0.15) -> tuple[float, float, float, float]:
    """(x_min, x_max, y_min, y_max) around the raw 2-D points, widened by ``margin``."""
    points = np.vstack([data.raw_train, data.raw_test])
    if points.shape[1] != 2:
        raise UserError("a decision map needs a data set with 2 raw features")
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = np.maximum((hi - lo) * margin, 1e-3)
    return float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1])


def probability_map(
    model: Model, data: Dataset, theta: Array, resolution: int
) -> tuple[Array, Array, Array, Array]:
    """xs (R,), ys (R,), z (R, R) and confidence (R, R) over the raw plane.

    Binary models: z = P(y = 1 | x). Softmax: z = the predicted class and
    confidence = its probability. A regression: z = the prediction in the target's units
    (confidence too). Cell [r, c] is at (xs[c], ys[r]).
    """
    x0, x1, y0, y1 = plane_extent(data)
    xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    gx, gy = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        proba = model.predict_proba(theta, data.transform(np.column_stack([gx.ravel(), gy.ravel()])))
    if model.output == "identity":
        z = data.raw_target(proba).reshape(gx.shape)
        return xs, ys, z, z
    return xs, ys, *map_values(proba, gx.shape)


def map_values(proba: Array, shape: tuple[int, ...]) -> tuple[Array, Array]:
    """A classifier's predictions over a grid -> (z, confidence) of that shape: P(y = 1) and
    max(P, 1 - P) for a binary model, the predicted class and its probability for softmax."""
    if proba.ndim == 1:
        z = proba.reshape(shape)
        return z, np.maximum(z, 1 - z)
    return proba.argmax(axis=1).reshape(shape), proba.max(axis=1).reshape(shape)


def line_grid(data: Dataset, resolution: int, margin: float = 0.1) -> Array:
    """xs (R,) across the raw points of a 1-D set, widened by ``margin`` (the fitted curve's and
    the network diagram's grid)."""
    points = np.vstack([data.raw_train, data.raw_test])
    if points.shape[1] != 1:
        raise UserError("a fitted curve needs a data set with 1 raw feature")
    lo, hi = float(points.min()), float(points.max())
    pad = max((hi - lo) * margin, 1e-3)
    return np.linspace(lo - pad, hi + pad, resolution)


def prediction_curve(model: Model, data: Dataset, theta: Array, resolution: int) -> tuple[Array, Array]:
    """xs (R,) across the raw 1-D points (line_grid) and the model there: P(y = 1 | x) for a
    binary classifier, the prediction in the target's own units for a regression."""
    xs = line_grid(data, resolution)
    if model.output == "softmax":
        raise UserError("a fitted curve needs a binary classifier or a regression")
    with np.errstate(all="ignore"):
        y = model.predict_proba(theta, data.transform(xs[:, None]))
    return xs, data.raw_target(y)
