"""Standardisation that cannot overflow, as a function and as a scikit-learn transformer."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

Array = np.ndarray


def standardisation(X: Array) -> tuple[Array, Array]:
    """Column means and standard deviations, safe for values near 1e308: the columns are
    divided by their largest magnitude first, so squaring cannot overflow. A constant
    column keeps a scale of 1."""
    magnitude = np.max(np.abs(X), axis=0) if len(X) else np.ones(X.shape[1])
    magnitude = np.where(np.isfinite(magnitude) & (magnitude > 0), magnitude, 1.0)
    unit = X / magnitude
    mean = unit.mean(axis=0) * magnitude
    scale = unit.std(axis=0) * magnitude
    return mean, np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)


@lru_cache(maxsize=1)
def standardiser() -> type:
    """StandardScaler for any finite values: (X - mean) / std per column, fitted by
    ``standardisation`` (sklearn's own squares the values and overflows near 1e154).
    Made on first use, so importing gdviz does not import scikit-learn."""
    from sklearn.base import BaseEstimator, TransformerMixin

    class Standardise(TransformerMixin, BaseEstimator):
        def fit(self, X: Array, y: object = None) -> Standardise:
            self.mean_, self.scale_ = standardisation(np.asarray(X, dtype=np.float64))
            return self

        def transform(self, X: Array) -> Array:
            return (np.asarray(X, dtype=np.float64) - self.mean_) / self.scale_

    return Standardise
