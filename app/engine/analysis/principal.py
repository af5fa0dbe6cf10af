"""Data with more than two features on a plane a person can look at: its first two principal
components, fitted on the training rows of the model's inputs (X_train, standardised when the run
standardises), with the model's prediction behind the points.

scikit-learn's PCA does the fitting (an SVD of the centred rows, with the sign convention fixed so
the same data always gives the same axes). A point of the plane, (a, b), stands for the input
x = mean + a c1 + b c2 (c1, c2 the components, (d,) each): the other components at their mean. So
the map shows the model on the plane through the data's centre that spreads the data most; a point
off that plane is drawn at its projection.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine.analysis.boundary import map_values
from app.engine.data.datasets import Dataset
from app.engine.training.models import Model

Array = np.ndarray


@dataclass(frozen=True)
class Plane:
    mean: Array  # (d,)
    components: Array  # (2, d)
    explained: tuple[float, float]  # each component's share of the training rows' variance

    def project(self, X: Array) -> Array:
        """Model inputs (n, d) -> plane coordinates (n, 2)."""
        return (X - self.mean) @ self.components.T

    def lift(self, ab: Array) -> Array:
        """Plane coordinates (n, 2) -> model inputs (n, d)."""
        return self.mean + ab @ self.components

    def axes(self) -> list[str]:
        return [f"PC{k + 1} ({100 * share:.0f}% of the variance)" for k, share in enumerate(self.explained)]


def principal_plane(data: Dataset) -> Plane:
    """The plane of the training rows' first two principal components."""
    from sklearn.decomposition import PCA  # here: importing scikit-learn costs the server's start ~0.5 s

    pca = PCA(n_components=2, svd_solver="full").fit(data.X_train)
    share = pca.explained_variance_ratio_
    return Plane(pca.mean_, pca.components_, (float(share[0]), float(share[1])))


def plane_map(model: Model, data: Dataset, theta: Array, resolution: int, margin: float = 0.15
              ) -> tuple[Array, Array, Array, Array]:
    """xs (R,), ys (R,), z (R, R) and confidence (R, R) over the principal plane, as
    app.engine.analysis.boundary.probability_map gives them over a 2-D set's own plane."""
    plane = principal_plane(data)
    points = plane.project(np.vstack([data.X_train, data.X_test]))
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = np.maximum((hi - lo) * margin, 1e-3)
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        proba = model.predict_proba(theta, plane.lift(np.column_stack([gx.ravel(), gy.ravel()])))
    return xs, ys, *map_values(proba, gx.shape)


def predicted_against_true(model: Model, data: Dataset, theta: Array) -> tuple[Array, Array, Array, Array]:
    """A regression with more than one feature: (true train, predicted train, true test,
    predicted test), in the target's own units."""
    with np.errstate(all="ignore"):
        train = data.raw_target(model.predict_proba(theta, data.X_train))
        test = data.raw_target(model.predict_proba(theta, data.X_test))
    return data.raw_target(data.y_train), train, data.raw_target(data.y_test), test
