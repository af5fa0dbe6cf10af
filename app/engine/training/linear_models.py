"""The linear models over θ = (weights, intercepts): logistic regression (a sigmoid output, two
classes), softmax regression (K classes) and linear regression (a real-valued target), each one
weighted sum per output, z = xW + b, written with its forward pass and its backward pass beside it
(app.engine.training.models.Model says the interface)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np

from app.engine.errors import UserError
from app.engine.training.models import Model

Array = np.ndarray


class LogisticRegression(Model):
    """h = sigmoid(z), z = x . w + b, binary.

    theta = [w_1, ..., w_d, b], shape (d + 1,).
    Forward: z = X w + b, shape (m,). Backward: dJ/dw = X^T dz, dJ/db = sum(dz).
    """

    kind = "logistic"
    label = "Logistic regression (binary)"
    description = "h = σ(w·x + b): one weighted sum squashed to a probability; a straight boundary."
    output = "sigmoid"

    def __init__(self, n_features: int, n_classes: int = 2):
        super().__init__(n_features, n_classes)
        if n_classes != 2:
            raise UserError(
                f"logistic regression is binary but the data has {n_classes} classes: use softmax"
            )

    @property
    def param_names(self) -> list[str]:
        d = self.n_features
        return ["w", "b"] if d == 1 else [f"w{j + 1}" for j in range(d)] + ["b"]

    @cached_property
    def weight_mask(self) -> Array:
        return np.arange(self.n_features + 1) < self.n_features

    @property
    def filters(self) -> list[Array]:
        d = self.n_features
        return [np.arange(d), np.array([d])]

    def init_params(self, rng: np.random.Generator) -> Array:
        d = self.n_features
        return np.concatenate([rng.normal(0.0, 1.0 / np.sqrt(d), d), [0.0]])

    def forward(self, theta: Array, X: Array) -> tuple[Array, Any]:
        theta = theta.astype(X.dtype, copy=False)  # float32 data stays float32
        return X @ theta[:-1] + theta[-1], X

    def backward(self, theta: Array, cache: Any, dz: Array) -> Array:
        X = cache
        grad = np.empty(self.n_features + 1, dtype=dz.dtype)
        np.dot(dz, X, out=grad[:-1])  # X^T dz
        grad[-1] = dz.sum()
        return grad

    def raw_prediction_many(self, thetas: Array, X: Array) -> Array:
        thetas = thetas.astype(X.dtype, copy=False)
        return thetas[:, :-1] @ X.T + thetas[:, -1:]


class SoftmaxRegression(Model):
    """p = softmax(z), z = x W + b, K classes.

    theta = [W.ravel() (W has shape (d, K), row-major: W[j, k] at j*K + k), b (K,)].
    Forward: z = X W + b, shape (m, K). Backward: dJ/dW = X^T dz, dJ/db = sum_i dz_i.
    """

    kind = "softmax"
    label = "Softmax regression (K classes)"
    description = "p = softmax(xW + b): one weighted sum per class, turned into probabilities."
    output = "softmax"

    @property
    def param_names(self) -> list[str]:
        d, k = self.n_features, self.n_classes
        return [f"w{j + 1}_{c}" for j in range(d) for c in range(k)] + [f"b_{c}" for c in range(k)]

    @cached_property
    def weight_mask(self) -> Array:
        d, k = self.n_features, self.n_classes
        return np.arange(d * k + k) < d * k

    @property
    def filters(self) -> list[Array]:
        d, k = self.n_features, self.n_classes
        columns = [np.arange(d) * k + c for c in range(k)]
        return columns + [np.array([d * k + c]) for c in range(k)]

    def init_params(self, rng: np.random.Generator) -> Array:
        d, k = self.n_features, self.n_classes
        return np.concatenate([rng.normal(0.0, 1.0 / np.sqrt(d), d * k), np.zeros(k)])

    def _unpack(self, theta: Array) -> tuple[Array, Array]:
        d, k = self.n_features, self.n_classes
        return theta[: d * k].reshape(d, k), theta[d * k :]

    def forward(self, theta: Array, X: Array) -> tuple[Array, Any]:
        W, b = self._unpack(theta.astype(X.dtype, copy=False))
        return X @ W + b, X

    def backward(self, theta: Array, cache: Any, dz: Array) -> Array:
        X = cache
        return np.concatenate([(X.T @ dz).ravel(), dz.sum(axis=0)])

    def raw_prediction_many(self, thetas: Array, X: Array) -> Array:
        d, k = self.n_features, self.n_classes
        thetas = thetas.astype(X.dtype, copy=False)
        W = thetas[:, : d * k].reshape(-1, d, k)
        return np.matmul(X, W) + thetas[:, None, d * k :]


class LinearRegression(LogisticRegression):
    """y-hat = x . w + b: the same weighted sum as logistic regression, with no squashing,
    for a real-valued target. theta = [w_1, ..., w_d, b], shape (d + 1,); forward and
    backward are logistic regression's (z is now the prediction itself).

    With MSE, J = 1/(2m) ||A theta - t||^2 + l2/2 ||w||^2 over A = [X 1] (m, d + 1) is a
    quadratic bowl, and its bottom solves the normal equations

        (A^T A / m + l2 M) theta* = A^T t / m,      M = diag(1, ..., 1, 0) (no penalty on b),

    which is scikit-learn's LinearRegression (l2 = 0) or Ridge with alpha = l2 * m.
    """

    kind = "linear"
    label = "Linear regression"
    description = "ŷ = w·x + b: one weighted sum as the prediction of a real number; the least-squares line."
    tasks = ("regression",)
    output = "identity"

    def __init__(self, n_features: int, n_classes: int = 0):
        Model.__init__(self, n_features, n_classes)

    def closed_form(self, X: Array, t: Array, loss: str, l2: float) -> Array | None:
        """theta* from the normal equations (least squares when l2 = 0, ridge otherwise);
        None for MAE and Huber, which have no closed form."""
        if loss != "mse":
            return None
        X = np.asarray(X, dtype=np.float64)
        A = np.column_stack([X, np.ones(len(X))])
        t = np.asarray(t, dtype=np.float64)
        if not l2:
            theta, *_ = np.linalg.lstsq(A, t, rcond=None)  # the minimum-norm solution when A is singular
            return theta
        m = len(X)
        gram = A.T @ A / m + l2 * np.diag(self.weight_mask.astype(np.float64))
        return np.linalg.solve(gram, A.T @ t / m)
