"""Overflow-free building blocks: sigmoid, log(1 + e^z) and log-softmax.

Every function here stays finite for |z| up to 1e300 (the result may saturate to
0 or 1, never to NaN), so losses built on them never take log(0).
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """sigma(z) = 1 / (1 + e^-z), computed as exp(-log(1 + e^-z)).

    ``np.logaddexp(0, -z)`` never overflows, and exp of a non-positive number
    never overflows either, so any finite z gives a value in [0, 1].
    """
    return np.exp(-np.logaddexp(0.0, -z))


def log1pexp(z: np.ndarray) -> np.ndarray:
    """softplus(z) = log(1 + e^z) without overflow (equals max(z, 0) + log1p(e^-|z|))."""
    return np.logaddexp(0.0, z)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log p_k = z_k - log sum_j e^{z_j} over the last axis; z has shape (..., K).

    The maximum is subtracted first, so no exponent is positive.
    """
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(z: np.ndarray) -> np.ndarray:
    """p_k = e^{z_k} / sum_j e^{z_j} over the last axis; z has shape (..., K)."""
    return np.exp(log_softmax(z))


def finite_or_none(value: float) -> float | None:
    """A float for JSON: NaN and +-Infinity become None (JSON null)."""
    value = float(value)
    return value if np.isfinite(value) else None
