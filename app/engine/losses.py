"""Losses on the raw prediction z, each with its gradient dL/dz written beside it.

Two output kinds share one vocabulary:

* ``sigmoid`` (binary): z has shape (..., m), targets t has shape (m,) with
  values in {0, 1}; a = sigmoid(z) is P(y = 1 | x).
* ``softmax`` (K classes): z has shape (..., m, K), targets T is one-hot with
  shape (m, K); p = softmax(z).

Leading ``...`` axes let the loss-surface code evaluate many parameter vectors
at once; training uses the plain shapes. Every loss is a mean over the m
samples, and its gradient is returned already divided by m:

    cross_entropy, sigmoid:  L = mean(log(1 + e^z) - t z)       dL/dz = (a - t) / m
    mse,           sigmoid:  L = mean(1/2 (a - t)^2)            dL/dz = (a - t) a (1 - a) / m
    cross_entropy, softmax:  L = -mean(sum_k T_k log p_k)       dL/dz = (p - T) / m
    mse,           softmax:  L = mean(1/2 sum_k (p_k - T_k)^2)  dL/dz = p * (g - sum_k p_k g_k) / m,
                                                                 with g = p - T

The binary log-loss is written as log(1 + e^z) - t z (never log(sigmoid(z))),
and the categorical one through log-softmax, so both stay finite for any
finite z. MSE's a(1 - a) factor is why it saturates: at a = 0.98 with t = 0 the
cross-entropy gradient is 0.98 but the MSE gradient is only 0.0188.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.engine.numerics import log_softmax, softmax

Array = np.ndarray


def binary_cross_entropy(z: Array, t: Array) -> float | Array:
    # mean(log(1 + e^z) - t z), with sum max(z, 0) = (sum z + sum |z|) / 2: four passes over z
    m = z.shape[-1]
    small = np.abs(z)
    sum_abs = small.sum(axis=-1)
    np.negative(small, out=small)
    np.exp(small, out=small)
    np.log1p(small, out=small)
    return (small.sum(axis=-1) + 0.5 * (z.sum(axis=-1) + sum_abs) - z @ t) / m


def binary_cross_entropy_grad(z: Array, t: Array) -> tuple[float, Array]:
    # In place, three temporaries: this is the hot loop of a logistic-regression step.
    m = z.shape[-1]
    small = np.abs(z)
    sum_abs = float(small.sum())
    np.negative(small, out=small)
    np.exp(small, out=small)
    np.log1p(small, out=small)  # log1p(e^-|z|)
    # sum max(z, 0) = (sum z + sum |z|) / 2
    value = (float(small.sum()) + 0.5 * (float(z.sum()) + sum_abs) - float(t @ z)) / m
    a = np.minimum(z, 0.0)
    a -= small
    np.exp(a, out=a)  # sigmoid(z) = exp(min(z, 0) - log1p(e^-|z|))
    a -= t
    a /= m
    return value, a


def binary_mse(z: Array, t: Array) -> float | Array:
    # sigmoid(z) = (1 + tanh(z / 2)) / 2: one vectorised pass, and the absolute error near
    # saturation (~1e-16) is harmless inside a squared error.
    err = np.multiply(z, 0.5)
    np.tanh(err, out=err)
    err *= 0.5
    err += 0.5
    err -= t
    np.square(err, out=err)
    return 0.5 * err.mean(axis=-1)


def binary_mse_grad(z: Array, t: Array) -> tuple[float, Array]:
    # In place, like the cross-entropy gradient.
    m = z.shape[-1]
    small = np.abs(z)
    np.negative(small, out=small)
    np.exp(small, out=small)
    np.log1p(small, out=small)  # log1p(e^-|z|)
    a = np.minimum(z, 0.0)
    a -= small
    np.exp(a, out=a)  # sigmoid(z)
    one_minus_a = np.maximum(z, 0.0)
    one_minus_a += small
    np.negative(one_minus_a, out=one_minus_a)
    np.exp(one_minus_a, out=one_minus_a)  # sigmoid(-z) = 1 - a, exact near a = 1
    err = a - t
    value = 0.5 * float(err @ err) / m
    err *= a
    err *= one_minus_a
    err /= m
    return value, err


def categorical_cross_entropy(z: Array, t: Array) -> float | Array:
    return -np.mean(np.sum(t * log_softmax(z), axis=-1), axis=-1)


def categorical_cross_entropy_grad(z: Array, t: Array) -> tuple[float, Array]:
    m = z.shape[-2]
    logp = log_softmax(z)
    value = float(-np.mean(np.sum(t * logp, axis=-1)))
    return value, (np.exp(logp) - t) / m


def categorical_mse(z: Array, t: Array) -> float | Array:
    return np.mean(0.5 * np.sum((softmax(z) - t) ** 2, axis=-1), axis=-1)


def categorical_mse_grad(z: Array, t: Array) -> tuple[float, Array]:
    m = z.shape[-2]
    p = softmax(z)
    g = p - t
    value = float(np.mean(0.5 * np.sum(g**2, axis=-1)))
    # Softmax Jacobian: dp_k/dz_j = p_k (delta_kj - p_j), so J^T g = p * (g - <p, g>).
    return value, p * (g - np.sum(p * g, axis=-1, keepdims=True)) / m


@dataclass(frozen=True)
class Loss:
    """One loss for one output kind: ``value`` (batched) and ``value_and_grad``."""

    name: str
    output: str
    value: Callable[[Array, Array], float | Array]
    value_and_grad: Callable[[Array, Array], tuple[float, Array]]


LOSSES: dict[tuple[str, str], Loss] = {
    ("cross_entropy", "sigmoid"): Loss(
        "cross_entropy", "sigmoid", binary_cross_entropy, binary_cross_entropy_grad
    ),
    ("mse", "sigmoid"): Loss("mse", "sigmoid", binary_mse, binary_mse_grad),
    ("cross_entropy", "softmax"): Loss(
        "cross_entropy", "softmax", categorical_cross_entropy, categorical_cross_entropy_grad
    ),
    ("mse", "softmax"): Loss("mse", "softmax", categorical_mse, categorical_mse_grad),
}

LOSS_NAMES = ("cross_entropy", "mse")


def get_loss(name: str, output: str) -> Loss:
    """The loss called ``name`` for an output layer of kind ``output``."""
    try:
        return LOSSES[(name, output)]
    except KeyError:
        raise ValueError(
            f"unknown loss {name!r}; choose one of {', '.join(LOSS_NAMES)}"
        ) from None
