"""Losses on the raw prediction z, each with its gradient dL/dz written beside it.

Three output kinds share one vocabulary:

* ``sigmoid`` (binary): z has shape (..., m), targets t has shape (m,) with
  values in {0, 1}; a = sigmoid(z) is P(y = 1 | x).
* ``softmax`` (K classes): z has shape (..., m, K), targets T is one-hot with
  shape (m, K); p = softmax(z).
* ``identity`` (regression): z has shape (..., m) and is the prediction y-hat
  itself; targets t are real numbers, shape (m,). With r = z - t:

    mse,   identity:  L = mean(1/2 r^2)                                  dL/dz = r / m
    mae,   identity:  L = mean(|r|)                                      dL/dz = sign(r) / m   (0 at r = 0)
    huber, identity:  L = mean(1/2 r^2 if |r| <= d else d (|r| - d/2))   dL/dz = clip(r, -d, d) / m,  d = HUBER_DELTA

  Cross-entropy needs a probability, so it has no identity form: regression goes
  with MSE (or its robust cousins), classification with cross-entropy.

Leading ``...`` axes let the loss-surface code evaluate many parameter vectors
at once; training uses the plain shapes. Every loss is a mean over the m
samples, and its gradient is returned already divided by m:

    cross_entropy, sigmoid:  L = mean(softplus(s)),  s = (1 - 2t) z       dL/dz = (1 - 2t) sigmoid(s) / m
    mse,           sigmoid:  L = mean(1/2 sigmoid(s)^2)                  dL/dz = (1 - 2t) e^2 (1 - e) / m,
                                                                          with e = sigmoid(s) = |a - t|
    cross_entropy, softmax:  L = mean(log(1 + r) - (z_y - z_max))        dL/dz = (p - T) / m
    mse,           softmax:  L = mean(1/2 sum_k (p_k - T_k)^2)           dL/dz = p * (g - sum_k p_k g_k) / m,
                                                                          with g = p - T

Exact at the extremes, with no cancellation anywhere:

* For a 0/1 target, log(1 + e^z) - t z equals softplus(s) with the signed
  margin s = (1 - 2t) z (s < 0: the sample is on the right side). softplus(s) =
  max(s, 0) + log1p(e^-|s|) adds two non-negative terms, so a loss of 1e-22
  keeps all its digits (the textbook form subtracts two numbers near 50).
  |a - t| = sigmoid(s) likewise: never 1 - (something near 1).
* For softmax, r = sum over the classes other than the largest logit of
  e^(z_k - z_max), so log sum_k e^(z_k - z_max) = log1p(r) stays exact when the
  winning class takes nearly all the probability; and 1 - p_y is summed from
  the other classes' p_k instead of being subtracted from 1.

MSE's a(1 - a) factor is why it saturates: at a = 0.98 with t = 0 the
cross-entropy gradient is 0.98 but the MSE gradient is only 0.0188.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.engine.errors import UserError
from app.engine.params import Entry

Array = np.ndarray


def _signed_margin(z: Array, t: Array) -> tuple[Array, Array]:
    """s = (1 - 2t) z and the sign (1 - 2t), for 0/1 targets t (shape (m,))."""
    sign = 1.0 - 2.0 * t
    return z * sign, sign


def _exp_neg_abs(s: Array) -> Array:
    """u = e^-|s| in (0, 1], in a new array: the one exponential the binary losses need."""
    u = np.abs(s)
    np.negative(u, out=u)
    np.exp(u, out=u)
    return u


def binary_cross_entropy(z: Array, t: Array) -> float | Array:
    s, _ = _signed_margin(z, t)
    u = _exp_neg_abs(s)
    np.log1p(u, out=u)  # softplus(s) = max(s, 0) + log1p(e^-|s|)
    np.maximum(s, 0.0, out=s)
    return (s.sum(axis=-1) + u.sum(axis=-1)) / z.shape[-1]


def _scaled_sign(t: Array, m: int) -> Array:
    """(1 - 2t) / m for 0/1 targets t, in a new array: exactly +-fl(1/m), since 2/m is twice 1/m."""
    sign = np.multiply(t, -2.0 / m)
    sign += 1.0 / m
    return sign


def _right_side(s: Array) -> Array:
    """[s >= 0] as 0.0 or 1.0 in s's dtype (a float, so max(u, it) and s . it need no casting).

    With u = e^-|s| <= 1, sigmoid(s) = u / (1 + u) for s < 0 and 1 / (1 + u) for s >= 0, that is
    max(u, [s >= 0]) / (1 + u): full relative precision at either end (np.where is ten times slower)."""
    return np.greater_equal(s, 0.0, out=np.empty_like(s), casting="unsafe")


# The gradients below are the hot loop of a logistic-regression step, so they make few passes
# over the rows and few temporaries: the sign (1 - 2t) arrives already divided by m (no pass to
# divide dz), e^-|s| is e^-|z| (|1 - 2t| = 1), and sum_i max(s_i, 0) is one dot product with
# [s >= 0]. The same formulas as above in fewer passes over the rows (cross-entropy: 17 -> 14).


def binary_cross_entropy_grad(z: Array, t: Array) -> tuple[float, Array]:
    m = z.shape[-1]
    sign = _scaled_sign(t, m)
    s = np.multiply(z, sign)  # s / m
    u = _exp_neg_abs(z)  # e^-|s|
    right = _right_side(s)
    dz = np.maximum(u, right)
    positive = float(s @ right) * m  # sum_i max(s_i, 0)
    dz /= np.add(u, 1.0, out=right)  # sigmoid(s) = |a - t|: see _right_side
    dz *= sign  # (a - t) / m = (1 - 2t) sigmoid(s) / m
    np.log1p(u, out=u)  # softplus(s) = max(s, 0) + log1p(e^-|s|)
    return (positive + float(u.sum())) / m, dz


def binary_mse(z: Array, t: Array) -> float | Array:
    s, _ = _signed_margin(z, t)
    u = _exp_neg_abs(s)
    err = np.maximum(u, s >= 0)
    u += 1.0
    err /= u  # |a - t| = sigmoid(s): see _right_side
    np.square(err, out=err)
    return 0.5 * err.mean(axis=-1)


def binary_mse_grad(z: Array, t: Array) -> tuple[float, Array]:
    m = z.shape[-1]
    sign = _scaled_sign(t, m)
    s = np.multiply(z, sign)
    u = _exp_neg_abs(z)  # e^-|s|
    right = _right_side(s)
    err = np.maximum(u, right)
    denominator = np.add(u, 1.0, out=right)
    err /= denominator  # e = sigmoid(s) = |a - t|: see _right_side
    value = 0.5 * float(err @ err) / m
    # dL/dz = (a - t) a (1 - a) = sign e * e (1 - e), and e (1 - e) = sigmoid(s) sigmoid(-s) = u / (1 + u)^2
    # for either sign of s: a product of positive numbers, no cancellation
    u /= denominator
    u /= denominator
    u *= err
    u *= sign
    return value, u


def _log_partition(z: Array) -> tuple[Array, Array, Array]:
    """For logits z (..., m, K): shifted = z - z_max, e = e^shifted, and
    log sum_k e^shifted_k written as log1p(r) (shape (..., m)), where r sums every
    class but the largest, whose term is exactly 1."""
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    flat = e.reshape(-1, e.shape[-1])  # a view: e is new and contiguous
    rows, top = np.arange(flat.shape[0]), np.argmax(flat, axis=-1)  # the largest class: e = 1 there
    flat[rows, top] = 0.0  # (np.put_along_axis did the same in 3x the time on a mini-batch)
    log_sum = np.log1p(e.sum(axis=-1))
    flat[rows, top] = 1.0
    return shifted, e, log_sum


def _softmax_minus_target(e: Array, log_sum: Array, t: Array) -> tuple[Array, Array, Array]:
    """p = softmax(z), g = p - T with the target entry p_y - 1 written as -(1 - p_y),
    and 1 - p_y (shape (..., m, 1)) summed from the other classes' p_k, so nothing
    is subtracted from 1."""
    p = e / np.exp(log_sum)[..., None]
    g = p * (1.0 - t)
    rest = g.sum(axis=-1, keepdims=True)  # 1 - p_y
    g -= t * rest
    return p, g, rest


def categorical_cross_entropy(z: Array, t: Array) -> float | Array:
    # -log p_y = log1p(r) - (z_y - z_max): two non-negative terms
    shifted, _, log_sum = _log_partition(z)
    return np.mean(log_sum - np.sum(shifted * t, axis=-1), axis=-1)


def categorical_cross_entropy_grad(z: Array, t: Array) -> tuple[float, Array]:
    m = z.shape[-2]
    shifted, e, log_sum = _log_partition(z)
    value = float(np.mean(log_sum - np.sum(shifted * t, axis=-1)))
    _, g, _ = _softmax_minus_target(e, log_sum, t)
    return value, g / m


def categorical_mse(z: Array, t: Array) -> float | Array:
    _, e, log_sum = _log_partition(z)
    _, g, _ = _softmax_minus_target(e, log_sum, t)
    return np.mean(0.5 * np.sum(g**2, axis=-1), axis=-1)


def categorical_mse_grad(z: Array, t: Array) -> tuple[float, Array]:
    m = z.shape[-2]
    _, e, log_sum = _log_partition(z)
    p, g, rest = _softmax_minus_target(e, log_sum, t)
    value = float(np.mean(0.5 * np.sum(g**2, axis=-1)))
    # Softmax Jacobian: dp_k/dz_j = p_k (delta_kj - p_j), so J^T g = p * (h), h = g - <p, g>.
    # With q = sum_{k != y} p_k^2 and <p, g> = q - p_y (1 - p_y), h has no cancellation:
    #   h_j = p_j + p_y (1 - p_y) - q   (j != y),     h_y = -(1 - p_y)^2 - q.
    off = g * (1.0 - t)
    q = np.sum(off * off, axis=-1, keepdims=True)
    p_y = np.sum(p * t, axis=-1, keepdims=True)
    h = (off + p_y * rest - q) * (1.0 - t) - t * (rest * rest + q)
    return value, p * h / m


HUBER_DELTA = 1.0  # in the target's units (standardised unless the data set says otherwise)


def regression_mse(z: Array, t: Array) -> float | Array:
    r = z - t
    return 0.5 * np.mean(r * r, axis=-1)


def regression_mse_grad(z: Array, t: Array) -> tuple[float, Array]:
    r = z - t
    m = z.shape[-1]
    return 0.5 * float(r @ r) / m, r / m


def mae(z: Array, t: Array) -> float | Array:
    return np.mean(np.abs(z - t), axis=-1)


def mae_grad(z: Array, t: Array) -> tuple[float, Array]:
    r = z - t
    m = z.shape[-1]
    return float(np.abs(r).sum()) / m, np.sign(r) / m


def huber(z: Array, t: Array) -> float | Array:
    a = np.abs(z - t)
    small = np.minimum(a, HUBER_DELTA)  # the quadratic part; the rest is linear
    return np.mean(0.5 * small * small + HUBER_DELTA * (a - small), axis=-1)


def huber_grad(z: Array, t: Array) -> tuple[float, Array]:
    r = z - t
    m = z.shape[-1]
    return float(huber(z, t)), np.clip(r, -HUBER_DELTA, HUBER_DELTA) / m


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
    ("mse", "identity"): Loss("mse", "identity", regression_mse, regression_mse_grad),
    ("mae", "identity"): Loss("mae", "identity", mae, mae_grad),
    ("huber", "identity"): Loss("huber", "identity", huber, huber_grad),
}

LOSS_ENTRIES = (
    Entry("loss", "cross_entropy", "Cross-entropy", "−log of the probability given to the true class: "
          "its gradient is a − y, however confident the mistake.", (), ("sigmoid", "softmax")),
    Entry("loss", "mse", "Mean squared error", "½(ŷ − y)²: least squares for a regression; on a classifier's "
          "probabilities its gradient carries a(1 − a), so confident mistakes learn slowly.", (),
          ("sigmoid", "softmax", "identity")),
    Entry("loss", "mae", "Mean absolute error", "|ŷ − y|: every residual pulls with the same force, so "
          "outliers matter less (regression).", (), ("identity",)),
    Entry("loss", "huber", "Huber", f"½r² for residuals up to {HUBER_DELTA:g}, linear beyond: MSE near the "
          "fit, MAE for outliers (regression).", (), ("identity",)),
)
LOSS_NAMES = tuple(entry.name for entry in LOSS_ENTRIES)
CLASSIFICATION_LOSSES = tuple(e.name for e in LOSS_ENTRIES if "sigmoid" in e.belongs_to)


def get_loss(name: str, output: str) -> Loss:
    """The loss called ``name`` for an output layer of kind ``output``."""
    try:
        return LOSSES[(name, output)]
    except KeyError:
        pass
    fits = [e.name for e in LOSS_ENTRIES if output in e.belongs_to]
    if name not in LOSS_NAMES:
        raise UserError(f"unknown loss {name!r}; choose one of {', '.join(fits)}")
    if output == "identity":
        raise UserError(f"{name} needs class labels, but this target is a real number (regression): "
                        f"choose one of {', '.join(fits)}")
    raise UserError(f"{name} is a regression loss, but this model outputs class probabilities: "
                    f"choose one of {', '.join(fits)}")
