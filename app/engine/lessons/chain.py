"""The computation graph of logistic regression for one sample, forward and back.

    z = w . x + b        a = sigmoid(z)        L = -(y log a + (1 - y) log(1 - a))
    da = dL/da = -y/a + (1 - y)/(1 - a)
    dz = dL/dz = da * a (1 - a) = a - y
    dw = dL/dw = x dz,   db = dL/db = dz
"""

from __future__ import annotations

import numpy as np

from app.engine.training.numerics import log1pexp, sigmoid

Array = np.ndarray


def one_sample(theta: Array, x: Array, y: int) -> dict[str, object]:
    """Every node's value and every backward quantity; theta = [w_1..w_d, b]."""
    w, b = np.asarray(theta[:-1], float), float(theta[-1])
    x = np.asarray(x, float)
    z = float(x @ w + b)
    a = float(sigmoid(np.array(z)))
    loss = float(log1pexp(np.array((1 - 2 * y) * z)))  # the same L = softplus((1 - 2y) z), no log(0)
    with np.errstate(divide="ignore"):
        da = -y / a + (1 - y) / (1 - a) if 0.0 < a < 1.0 else None
    dz = a - y
    return {"x": x.tolist(), "w": w.tolist(), "b": b, "y": int(y), "z": z, "a": a, "loss": loss,
            "da": da, "dz": dz, "dw": (x * dz).tolist(), "db": dz}


def mean_gradient(theta: Array, X: Array, y: Array) -> dict[str, object]:
    """The m-sample average the update uses, at the same theta: X (m, d), y (m,) of 0/1.

    dz_i = a_i - y_i,   dw = 1/m sum_i x_i dz_i = X^T dz / m,   db = 1/m sum_i dz_i
    """
    X, y = np.asarray(X, float), np.asarray(y, float)
    w, b = np.asarray(theta[:-1], float), float(theta[-1])
    dz = sigmoid(X @ w + b) - y
    return {"m": len(y), "dw": (X.T @ dz / len(y)).tolist(), "db": float(dz.mean())}
