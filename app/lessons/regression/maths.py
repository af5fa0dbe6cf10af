"""Regression goes with MSE, classification with cross-entropy, as F(x)构建方程，梯度下降求偏导，
损失函数确定偏导调整，激活函数处理非线性问题 (the F(x) article) has it: the shapes of their surfaces
over theta = (w, b).

Linear regression on one feature, X (m, 1), t (m,), y-hat = w x + b, with MSE
J = 1/(2m) sum (y-hat - y)^2 has the gradient

    dJ/dw = 1/m sum (y-hat - y) x,    dJ/db = 1/m sum (y-hat - y)

and the constant Hessian A^T A / m (2, 2) over A = [X 1] (m, 2): positive definite, so J is one
convex bowl whose bottom solves the normal equations (LinearRegression.closed_form), and gradient
descent with a small enough step walks to it.

A sigmoid output a = sigmoid(w x + b) under the same MSE has

    dJ/dw = 1/m sum (a - y) a (1 - a) x

and a(1 - a) goes to 0 wherever the sigmoid saturates, right or wrong: there the
surface is a plateau, its gradient tiny while J is far from its minimum. Cross-entropy's
gradient, 1/m sum (a - y) x, has no such factor (交叉熵损失函数的导数, "The derivative of the
cross-entropy loss": p - t)."""

from __future__ import annotations

import numpy as np

from app.engine.training.cancel import NEVER, CancelToken
from app.engine.training.models import Model

Array = np.ndarray


def descend(model: Model, X: Array, t: Array, theta0: Array, learning_rate: float, steps: int,
            loss: str = "mse") -> tuple[Array, Array]:
    """Plain gradient descent theta <- theta - lr dJ/dtheta: the path, shape (steps + 1, p),
    and J along it, shape (steps + 1,)."""
    theta = np.asarray(theta0, dtype=np.float64).copy()
    path, values = [theta.copy()], []
    for _ in range(steps):
        value, grad = model.loss_gradient(theta, X, t, loss)
        values.append(value)
        theta = theta - learning_rate * grad
        path.append(theta.copy())
    values.append(model.loss_value(theta, X, t, loss))
    return np.array(path), np.array(values)


def hessian(model: Model, theta: Array, X: Array, t: Array, loss: str = "mse", h: float = 1e-4) -> Array:
    """d^2 J / dtheta^2 at theta, shape (p, p), by central differences of the gradient."""
    theta = np.asarray(theta, dtype=np.float64)
    p = len(theta)
    H = np.empty((p, p))
    for i in range(p):
        step = np.zeros(p)
        step[i] = h
        H[:, i] = (model.loss_gradient(theta + step, X, t, loss)[1]
                   - model.loss_gradient(theta - step, X, t, loss)[1]) / (2 * h)
    return 0.5 * (H + H.T)


def plateaus(model: Model, X: Array, t: Array, span: float = 6.5, resolution: int = 41,
             flat: float = 1e-2, cancel: CancelToken = NEVER) -> dict[str, object]:
    """For a sigmoid-output model of one feature, theta = (w, b): J and |dJ/dtheta| under MSE
    and under cross-entropy on a resolution x resolution grid over [-span, span]^2.

    A grid point is on a plateau when |dJ/dtheta| < ``flat`` while J is still at least half
    as far above the grid's lowest J as the uninformed start theta = 0 (a = 1/2 for every
    sample) is. Returns, per loss, that share of the grid, the grid's min and max |dJ/dtheta|,
    and the plateau point with the highest J (None if there is none), with both losses'
    J and |dJ/dtheta| there."""
    axis = np.linspace(-span, span, resolution)
    out: dict[str, object] = {"span": span, "resolution": resolution, "flat": flat}
    grids = {}
    for loss in ("mse", "cross_entropy"):
        J = np.empty((resolution, resolution))
        G = np.empty((resolution, resolution))
        for r, b in enumerate(axis):
            cancel.check()
            for c, w in enumerate(axis):
                value, grad = model.loss_gradient(np.array([w, b]), X, t, loss)
                J[r, c], G[r, c] = value, float(np.linalg.norm(grad))
        grids[loss] = (J, G)
    for loss, (J, G) in grids.items():
        start = model.loss_value(np.zeros(2), X, t, loss)
        lowest = float(J.min())
        on = (G < flat) & (J - lowest >= 0.5 * (start - lowest))
        point = None
        if on.any():
            row, col = (int(i) for i in np.unravel_index(np.argmax(np.where(on, J, -np.inf)), J.shape))
            point = {"w": float(axis[col]), "b": float(axis[row]),
                     **{f"{name}_loss": float(grids[name][0][row, col]) for name in grids},
                     **{f"{name}_grad": float(grids[name][1][row, col]) for name in grids}}
        out[loss] = {"share": float(on.mean()), "lowest": lowest, "start": start,
                     "grad_min": float(G.min()), "grad_max": float(G.max()), "point": point}
    return out
