"""A network with one hidden layer, on the same flat-theta interface as the
linear models, so optimizers, trainer, gradient check and surfaces serve it
unchanged.

Shapes: X (m, d), H hidden units, O outputs (1 for a binary sigmoid output,
K for softmax). theta = [W1 (d, H) row-major, W2 (H, O) row-major, b1 (H,), b2 (O,)]:
weights first, then intercepts.

    forward                                  backward (dz = dJ/dz from the loss)
    Z1 = X W1 + b1          (m, H)           dW2 = A1^T dz,  db2 = sum_i dz_i
    A1 = g(Z1)              (m, H)           dA1 = dz W2^T
    z  = A1 W2 + b2         (m, O)           dZ1 = dA1 * g'(Z1)
                                             dW1 = X^T dZ1,  db1 = sum_i dZ1_i
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np

from app.engine.errors import UserError
from app.engine.params import Param
from app.engine.training.activations import ACTIVATIONS, get_activation
from app.engine.training.models import Model

Array = np.ndarray


HIDDEN = Param("hidden", "Hidden units", "Units in the hidden layer.", 8, kind="int", low=1, high=64, step=1)
ACTIVATION = Param("activation", "Activation", "The hidden layer's non-linearity g.", "tanh", kind="choice",
                   choices=tuple(ACTIVATIONS))


class OneHiddenLayer(Model):
    kind = "mlp"
    label = "Neural network (one hidden layer)"
    description = "A hidden layer of units with an activation, then a sigmoid or softmax output."
    params = (HIDDEN, ACTIVATION)

    def __init__(self, n_features: int, n_classes: int = 2, hidden: int = 8, activation: str = "tanh"):
        super().__init__(n_features, n_classes)
        if hidden < 1:
            raise UserError("hidden must be at least 1")
        self.hidden = hidden
        self.activation = get_activation(activation)
        self.output = "sigmoid" if n_classes == 2 else "softmax"
        self.n_out = 1 if n_classes == 2 else n_classes

    # --- layout -------------------------------------------------------------------------
    def _sizes(self) -> tuple[int, int, int, int]:
        d, h, o = self.n_features, self.hidden, self.n_out
        return d * h, h * o, h, o

    @property
    def param_names(self) -> list[str]:
        d, h, o = self.n_features, self.hidden, self.n_out
        return ([f"W1[{j + 1},{u + 1}]" for j in range(d) for u in range(h)]
                + [f"W2[{u + 1},{k + 1}]" for u in range(h) for k in range(o)]
                + [f"b1[{u + 1}]" for u in range(h)] + [f"b2[{k + 1}]" for k in range(o)])

    @cached_property
    def weight_mask(self) -> Array:
        n1, n2, nb1, nb2 = self._sizes()
        return np.arange(n1 + n2 + nb1 + nb2) < n1 + n2

    @property
    def filters(self) -> list[Array]:
        d, h, o = self.n_features, self.hidden, self.n_out
        n1, n2, _, _ = self._sizes()
        hidden_units = [np.arange(d) * h + u for u in range(h)]
        output_units = [n1 + np.arange(h) * o + k for k in range(o)]
        intercepts = [np.array([n1 + n2 + i]) for i in range(h + o)]
        return hidden_units + output_units + intercepts

    @property
    def values_per_row(self) -> int:
        return 2 * self.hidden + self.n_out  # Z1, A1 and z

    def unpack(self, theta: Array) -> tuple[Array, Array, Array, Array]:
        """W1 (d, H), W2 (H, O), b1 (H,), b2 (O,) as views of theta."""
        d, h, o = self.n_features, self.hidden, self.n_out
        n1, n2, nb1, _ = self._sizes()
        return (theta[:n1].reshape(d, h), theta[n1:n1 + n2].reshape(h, o),
                theta[n1 + n2:n1 + n2 + nb1], theta[n1 + n2 + nb1:])

    def init_params(self, rng: np.random.Generator) -> Array:
        d, h, o = self.n_features, self.hidden, self.n_out
        w1 = rng.normal(0.0, np.sqrt(self.activation.gain / d), d * h)
        w2 = rng.normal(0.0, np.sqrt(1.0 / h), h * o)
        return np.concatenate([w1, w2, np.zeros(h + o)])

    # --- maths ------------------------------------------------------------------------------
    def forward(self, theta: Array, X: Array) -> tuple[Array, Any]:
        W1, W2, b1, b2 = self.unpack(theta.astype(X.dtype, copy=False))
        Z1 = X @ W1 + b1
        A1 = self.activation.function(Z1)
        z = A1 @ W2 + b2
        return (z[:, 0] if self.n_out == 1 else z), (X, Z1, A1)

    def backward(self, theta: Array, cache: Any, dz: Array) -> Array:
        X, Z1, A1 = cache
        _, W2, _, _ = self.unpack(theta.astype(X.dtype, copy=False))
        dz = dz.reshape(len(dz), self.n_out)
        dW2 = A1.T @ dz
        db2 = dz.sum(axis=0)
        dZ1 = (dz @ W2.T) * self.activation.derivative(Z1)
        dW1 = X.T @ dZ1
        db1 = dZ1.sum(axis=0)
        return np.concatenate([dW1.ravel(), dW2.ravel(), db1, db2])
