"""What every unit of a network computes over the input plane: the neuron maps of the network
diagram (TF Playground's small heatmaps, one per neuron).

For a data set with 2 raw features the grid is R x R points over the plane of the raw data (as
the decision map's); with 1 raw feature it is R points along x. At each grid point the network
runs forward once, and the maps are, with R' = R x R (2-D) or R (1-D):

    inputs   (d, R')       each model input (after the feature map and scaling) at the grid point
    hidden   [(n_l, R')]   A_l = g(Z_l), every hidden unit's output, l = 1 .. L
    output   (R',)         P(y = 1 | x) (sigmoid), the predicted class (softmax), or y-hat in the
                           target's units (identity)

Data sets with more raw features have no plane: the answer has the network's sizes only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from app.engine.analysis.boundary import line_grid, plane_extent
from app.engine.data.datasets import Dataset
from app.engine.training.mlp import Network
from app.engine.training.models import Model

Array = np.ndarray


@dataclass
class NeuronMaps:
    sizes: tuple[int, ...]  # n_0 = d, hidden widths, outputs (1 for sigmoid and identity, K for softmax)
    xs: Array = field(default_factory=lambda: np.zeros(0))  # (R,)
    ys: Array = field(default_factory=lambda: np.zeros(0))  # (R,) on a 2-D plane, else empty
    inputs: Array = field(default_factory=lambda: np.zeros((0, 0)))  # (d, R')
    hidden: list[Array] = field(default_factory=list)  # [(n_l, R')]
    output: Array = field(default_factory=lambda: np.zeros(0))  # (R',)


def network_sizes(model: Model) -> tuple[int, ...]:
    """n_0 .. n_(L+1): a linear model is a network with no hidden layer."""
    if isinstance(model, Network):
        return model.sizes
    return (model.n_features, model.n_classes if model.output == "softmax" else 1)


def grid_points(data: Dataset, resolution: int) -> tuple[Array, Array, Array] | None:
    """xs, ys and the raw points (R', d_raw) of the grid; None when the data has no plane."""
    raw = np.vstack([data.raw_train, data.raw_test])
    if raw.shape[1] == 2:
        x0, x1, y0, y1 = plane_extent(data)
        xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
        gx, gy = np.meshgrid(xs, ys)  # row r, column c: (xs[c], ys[r]), as the decision map
        return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])
    if raw.shape[1] == 1:
        xs = line_grid(data, resolution)
        return xs, np.zeros(0), xs[:, None]
    return None


def neuron_maps(model: Model, data: Dataset, theta: Array, resolution: int) -> NeuronMaps:
    """Every unit's output over the grid (module docstring); sizes only when there is no plane."""
    sizes = network_sizes(model)
    grid = grid_points(data, resolution)
    if grid is None:
        return NeuronMaps(sizes)
    xs, ys, raw = grid
    X = data.transform(raw)
    with np.errstate(all="ignore"):
        z, cache = model.forward(theta, X)
        hidden = [A.T for A in cache[1][1:]] if isinstance(model, Network) else []
        if model.output == "softmax":
            output = z.argmax(axis=1).astype(np.float64)
        else:
            output = data.raw_target(model.predict_proba(theta, X))
    return NeuronMaps(sizes, xs, ys, X.T, hidden, output)
