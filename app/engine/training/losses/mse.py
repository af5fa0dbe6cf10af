"""Mean squared error: ½(ŷ − y)², least squares for a regression; on a classifier's probabilities.

    sigmoid:   L = mean(1/2 sigmoid(s)^2)              dL/dz = (1 - 2t) e^2 (1 - e) / m,  e = sigmoid(s) = |a - t|
    softmax:   L = mean(1/2 sum_k (p_k - T_k)^2)       dL/dz = p * (g - sum_k p_k g_k) / m,  g = p - T
    identity:  L = mean(1/2 r^2),  r = z - t           dL/dz = r / m

MSE's a(1 − a) factor is why it saturates on a sigmoid: at a = 0.98 with t = 0 the cross-entropy
gradient is 0.98 but the MSE gradient is only 0.0188.
"""

from __future__ import annotations

import numpy as np

from app.engine.training.losses.record import Form, Loss
from app.engine.training.losses.stable import (
    exp_neg_abs,
    log_partition,
    right_side,
    scaled_sign,
    signed_margin,
    softmax_minus_target,
)

Array = np.ndarray


def binary_mse(z: Array, t: Array) -> float | Array:
    s, _ = signed_margin(z, t)
    u = exp_neg_abs(s)
    err = np.maximum(u, s >= 0)
    u += 1.0
    err /= u  # |a - t| = sigmoid(s): see right_side
    np.square(err, out=err)
    return 0.5 * err.mean(axis=-1)


def binary_mse_grad(z: Array, t: Array) -> tuple[float, Array]:
    m = z.shape[-1]
    sign = scaled_sign(t, m)
    s = np.multiply(z, sign)
    u = exp_neg_abs(z)  # e^-|s|
    right = right_side(s)
    err = np.maximum(u, right)
    denominator = np.add(u, 1.0, out=right)
    err /= denominator  # e = sigmoid(s) = |a - t|: see right_side
    value = 0.5 * float(err @ err) / m
    # dL/dz = (a - t) a (1 - a) = sign e * e (1 - e), and e (1 - e) = sigmoid(s) sigmoid(-s) = u / (1 + u)^2
    # for either sign of s: a product of positive numbers, no cancellation
    u /= denominator
    u /= denominator
    u *= err
    u *= sign
    return value, u


def categorical_mse(z: Array, t: Array) -> float | Array:
    _, e, log_sum = log_partition(z)
    _, g, _ = softmax_minus_target(e, log_sum, t)
    return np.mean(0.5 * np.sum(g**2, axis=-1), axis=-1)


def categorical_mse_grad(z: Array, t: Array) -> tuple[float, Array]:
    m = z.shape[-2]
    shifted, e, log_sum = log_partition(z)
    p, g, rest = softmax_minus_target(e, log_sum, t)
    value = float(np.mean(0.5 * np.sum(g**2, axis=-1)))
    # Softmax Jacobian: dp_k/dz_j = p_k (delta_kj - p_j), so J^T g = p * (h), h = g - <p, g>.
    # With q = sum_{k != y} p_k^2 and <p, g> = q - p_y (1 - p_y):
    #   h_j = p_j + p_y (1 - p_y) - q   (j != y),     h_y = -(1 - p_y)^2 - q,
    # sums of positive terms, except that p_j - q cancels when a wrong class j has nearly all the
    # probability (q holds p_j^2). For the largest class c (shifted_c = 0), when it is wrong,
    #   h_c = p_y + sum_k p_k (p_c - p_k),   p_c - p_k = -p_c expm1(shifted_k) >= 0,
    # (the same value, as sum_k p_k = 1), again a sum of positive terms, each to its last digits.
    off = g * (1.0 - t)
    q = np.sum(off * off, axis=-1, keepdims=True)
    p_y = np.sum(p * t, axis=-1, keepdims=True)
    h = (off + p_y * rest - q) * (1.0 - t) - t * (rest * rest + q)
    p_top = np.max(p, axis=-1, keepdims=True)
    below = np.expm1(shifted)
    below *= -p_top  # p_c - p_k
    h_top = p_y + np.sum(p * below, axis=-1, keepdims=True)
    h = np.where((shifted == 0.0) & (t == 0.0), h_top, h)
    return value, p * h / m


def regression_mse(z: Array, t: Array) -> float | Array:
    r = z - t
    return 0.5 * np.mean(r * r, axis=-1)


def regression_mse_grad(z: Array, t: Array) -> tuple[float, Array]:
    r = z - t
    m = z.shape[-1]
    return 0.5 * float(r @ r) / m, r / m


def _binary_as_written(a: Array, y: Array) -> tuple[Array, Array]:
    return 0.5 * (a - y) ** 2, (a - y) * a * (1 - a)


def _categorical_as_written(a: Array, y: Array) -> tuple[Array, Array]:
    g = a - y
    return 0.5 * np.sum(g**2, axis=1), a * (g - np.sum(a * g, axis=1, keepdims=True))


def _regression_as_written(a: Array, y: Array) -> tuple[Array, Array]:
    return 0.5 * (a - y) ** 2, a - y


LOSS = Loss(
    "mse", "Mean squared error", "mean squared error", "MSE",
    "½(ŷ − y)²: least squares for a regression; on a classifier's probabilities its gradient carries "
    "a(1 − a), so confident mistakes learn slowly.",
    (Form("sigmoid", binary_mse, binary_mse_grad,
          r"\frac{1}{2m}\sum_{i=1}^{m}\left(h^{(i)} - y^{(i)}\right)^2",
          r"\left(h^{(i)} - y^{(i)}\right)h^{(i)}\left(1-h^{(i)}\right)", _binary_as_written),
     Form("softmax", categorical_mse, categorical_mse_grad,
          r"\frac{1}{2m}\sum_{i=1}^{m}\sum_{k=0}^{K-1}\left(p_k^{(i)} - y_k^{(i)}\right)^2",
          r"p_k^{(i)}\left(g_k^{(i)} - \sum_{c=0}^{K-1} p_c^{(i)} g_c^{(i)}\right)", _categorical_as_written,
          dz_where=r"g_k^{(i)} = p_k^{(i)} - y_k^{(i)}"),
     Form("identity", regression_mse, regression_mse_grad,
          r"\frac{1}{2m}\sum_{i=1}^{m}\left(\hat y^{(i)} - y^{(i)}\right)^2",
          r"\left(\hat y^{(i)} - y^{(i)}\right)", _regression_as_written)),
    order=20)
