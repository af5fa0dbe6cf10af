"""A network of 1 to 4 hidden layers, on the same flat-theta interface as the linear
models, so optimizers, trainer, gradient check and surfaces serve it unchanged.

Shapes: X (m, d); hidden widths n_1 .. n_L (L = ``layers``); O outputs (1 for a binary
sigmoid output, K for softmax). With n_0 = d and n_(L+1) = O, theta is every layer's
weights, then every layer's intercepts (O = 1 for a regression's identity output too):

    theta = [W_1 (n_0, n_1) row-major, ..., W_(L+1) (n_L, O) row-major, b_1 (n_1,), ..., b_(L+1) (O,)]

named W1[i,j] (input i to unit j of layer 1), ..., b1[j], ... (so one hidden layer keeps the
layout [W1, W2, b1, b2]). Backprop is written beside the forward pass, a layer at a time
(dz = dJ/dz comes from the loss):

    forward, l = 1 .. L+1                        backward, l = L+1 .. 1
    Z_l = A_(l-1) W_l + b_l     (m, n_l)         dW_l = A_(l-1)^T dZ_l,  db_l = sum_i dZ_l[i]
    A_l = g(Z_l)   (l <= L)     (m, n_l)         dA_(l-1) = dZ_l W_l^T
    z   = Z_(L+1)               (m, O)           dZ_(l-1) = dA_(l-1) * g'(Z_(l-1))
    A_0 = X;  dZ_(L+1) = dz

Initialisation (``init``), each weight drawn from N(0, s^2), intercepts 0:

    auto     s^2 = gain / fan_in: He for ReLU-like units (gain 2), LeCun otherwise (gain 1)
    xavier   s^2 = 2 / (fan_in + fan_out)       (Glorot and Bengio, 2010)
    he       s^2 = 2 / fan_in                   (He et al., 2015)
    normal   s = 0.01                           (small: a deep net barely moves at first)
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
MAX_LAYERS = 4
MAX_WIDTH = 32
INITS = ("auto", "xavier", "he", "normal")

LAYERS = Param("layers", "Hidden layers", "How many hidden layers (1 to 4).", 1, kind="int", low=1,
               high=MAX_LAYERS, step=1)
HIDDEN = Param("hidden", "Units in layer 1", "Units in the first hidden layer.", 8, kind="int", low=1,
               high=MAX_WIDTH, step=1)
WIDTHS = (HIDDEN, *(Param(f"hidden{k}", f"Units in layer {k}", f"Units in hidden layer {k} (when there is one).",
                          8, kind="int", low=1, high=MAX_WIDTH, step=1, shown_if=("layers", k))
                    for k in range(2, MAX_LAYERS + 1)))
ACTIVATION = Param("activation", "Activation", "The hidden layers' non-linearity g.", "tanh", kind="choice",
                   choices=tuple(ACTIVATIONS))
INIT = Param("init", "Initialisation", "How the weights start: auto, Xavier/Glorot, He or a small normal.",
             "auto", kind="choice", choices=INITS)


class Network(Model):
    kind = "mlp"
    label = "Neural network"
    description = ("1 to 4 hidden layers of units with an activation, then a sigmoid, softmax or identity "
                   "(regression) output.")
    tasks = ("classification", "regression")
    params = (LAYERS, *WIDTHS, ACTIVATION, INIT)

    def __init__(self, n_features: int, n_classes: int = 2, layers: int = 1, hidden: int = 8, hidden2: int = 8,
                 hidden3: int = 8, hidden4: int = 8, activation: str = "tanh", init: str = "auto"):
        super().__init__(n_features, n_classes)
        if not 1 <= layers <= MAX_LAYERS:
            raise UserError(f"layers must be 1 to {MAX_LAYERS}")
        widths = (hidden, hidden2, hidden3, hidden4)[:layers]
        if any(not 1 <= w <= MAX_WIDTH for w in widths):
            raise UserError(f"each hidden layer has 1 to {MAX_WIDTH} units")
        if init not in INITS:
            raise UserError(f"unknown init {init!r}; choose one of {', '.join(INITS)}")
        self.widths = tuple(int(w) for w in widths)
        self.hidden = self.widths[0]
        self.activation = get_activation(activation)
        self.init = init
        self.output = "identity" if n_classes == 0 else "sigmoid" if n_classes == 2 else "softmax"
        self.n_out = n_classes if self.output == "softmax" else 1

    # --- layout -------------------------------------------------------------------------
    @property
    def sizes(self) -> tuple[int, ...]:
        """n_0 = d, n_1 .. n_L, n_(L+1) = O."""
        return (self.n_features, *self.widths, self.n_out)

    @cached_property
    def _offsets(self) -> tuple[list[int], list[int]]:
        """Where each W_l and each b_l starts in theta (and the end, last)."""
        n = self.sizes
        weights = [0]
        for a, b in zip(n[:-1], n[1:], strict=True):
            weights.append(weights[-1] + a * b)
        biases = [weights[-1]]
        for b in n[1:]:
            biases.append(biases[-1] + b)
        return weights, biases

    @property
    def param_names(self) -> list[str]:
        n = self.sizes
        names = [f"W{layer + 1}[{i + 1},{j + 1}]" for layer in range(len(n) - 1)
                 for i in range(n[layer]) for j in range(n[layer + 1])]
        return names + [f"b{layer + 1}[{j + 1}]" for layer in range(len(n) - 1) for j in range(n[layer + 1])]

    @cached_property
    def weight_mask(self) -> Array:
        weights, biases = self._offsets
        return np.arange(biases[-1]) < weights[-1]

    @property
    def filters(self) -> list[Array]:
        """Each unit's incoming weights, then each intercept on its own (for filter-normalised directions)."""
        n = self.sizes
        weights, biases = self._offsets
        units = [weights[layer] + np.arange(n[layer]) * n[layer + 1] + j
                 for layer in range(len(n) - 1) for j in range(n[layer + 1])]
        return units + [np.array([i]) for i in range(biases[0], biases[-1])]

    @property
    def values_per_row(self) -> int:
        return 2 * sum(self.widths) + self.n_out  # Z_l and A_l per hidden layer, and z

    def unpack(self, theta: Array) -> tuple[list[Array], list[Array]]:
        """([W_1 .. W_(L+1)], [b_1 .. b_(L+1)]) as views of theta."""
        n = self.sizes
        weights, biases = self._offsets
        Ws = [theta[weights[k]:weights[k + 1]].reshape(n[k], n[k + 1]) for k in range(len(n) - 1)]
        bs = [theta[biases[k]:biases[k + 1]] for k in range(len(n) - 1)]
        return Ws, bs

    def layer_slices(self) -> list[slice]:
        """Each layer's weights in theta, l = 1 .. L+1: the gradient reaching layer l is grad[slice]."""
        weights, _ = self._offsets
        return [slice(a, b) for a, b in zip(weights[:-1], weights[1:], strict=True)]

    def init_params(self, rng: np.random.Generator) -> Array:
        n = self.sizes
        parts = []
        for k in range(len(n) - 1):
            fan_in, fan_out = n[k], n[k + 1]
            hidden = k < len(n) - 2
            if self.init == "xavier":
                var = 2.0 / (fan_in + fan_out)
            elif self.init == "he":
                var = 2.0 / fan_in
            elif self.init == "normal":
                var = 1e-4
            else:  # auto: the activation's gain for hidden layers, 1 for the output
                var = (self.activation.gain if hidden else 1.0) / fan_in
            parts.append(rng.normal(0.0, np.sqrt(var), fan_in * fan_out))
        return np.concatenate([*parts, np.zeros(sum(n[1:]))])

    # --- maths ------------------------------------------------------------------------------
    def forward(self, theta: Array, X: Array) -> tuple[Array, Any]:
        Ws, bs = self.unpack(theta.astype(X.dtype, copy=False))
        A, Zs, As = X, [], [X]
        for W, b in zip(Ws[:-1], bs[:-1], strict=True):
            Z = A @ W + b
            A = self.activation.function(Z)
            Zs.append(Z)
            As.append(A)
        z = A @ Ws[-1] + bs[-1]
        return (z[:, 0] if self.n_out == 1 else z), (Zs, As)

    def raw_prediction_many(self, thetas: Array, X: Array, tile: int = 256) -> Array:
        """z for each row of thetas (c, p) at once: shape (c, m), or (c, m, K) for softmax.

        The forward pass batched over the c parameter vectors, a layer at a time, in X's dtype:

            Z_l = A_(l-1) @ W_l + b_l,   (c, q, r, n_(l-1)) @ (c, 1, n_(l-1), n_l) + (c, 1, 1, n_l)

        with A_0 = X (m, d) cut into q tiles of r = ``tile`` rows (the rows after the last whole
        tile are a second pass) and W_l, b_l views of thetas. One NumPy call per layer runs all
        c x q products, each small (r n_(l-1) n_l <= 256 x 32 x 32 = 2^18, at or under OpenBLAS's
        threshold for threading), so BLAS keeps it on the calling thread: a loss surface already
        runs one thread per core, and BLAS threads on top of those contend. Z_l goes into one of
        two buffers reused layer after layer, and a ufunc activation (tanh) works in place,
        instead of fresh pages being faulted in at every step. Nothing is kept for a backward
        pass: the hidden layers hold at most 2 sum n_l values per row and parameter vector (the
        two buffers, and one array for an activation that allocates), within values_per_row, by
        which a loss surface sizes its blocks.
        """
        thetas = np.atleast_2d(thetas).astype(X.dtype, copy=False)
        c, n = thetas.shape[0], self.sizes
        weights, biases = self._offsets
        g = self.activation.function
        hidden = range(len(n) - 2)

        def tiles(X: Array) -> Array:  # rows that are whole tiles, or fewer than one tile
            m = X.shape[0]
            r = tile if m > tile else m
            A = X.reshape(m // r if r else 0, r, n[0])
            # Z_l goes to buffer l % 2, each as large as the widest layer that uses it
            buffers = [np.empty(c * m * max(n[k + 1] for k in hidden if k % 2 == j), X.dtype)
                       for j in range(min(2, len(hidden)))]
            for k in hidden:
                Z = buffers[k % 2][:c * m * n[k + 1]].reshape(c, *A.shape[-3:-1], n[k + 1])
                np.matmul(A, thetas[:, weights[k]:weights[k + 1]].reshape(c, 1, n[k], n[k + 1]), out=Z)
                Z += thetas[:, None, None, biases[k]:biases[k + 1]]  # b_l as (c, 1, 1, n_l)
                A = g(Z, out=Z) if isinstance(g, np.ufunc) else g(Z)
            z = np.matmul(A, thetas[:, weights[-2]:weights[-1]].reshape(c, 1, n[-2], n[-1]))  # (c, q, r, O)
            z += thetas[:, None, None, biases[-2]:biases[-1]]
            return z.reshape(c, m) if self.n_out == 1 else z.reshape(c, m, self.n_out)

        body = X.shape[0] - X.shape[0] % tile
        if 0 < body < X.shape[0]:
            return np.concatenate([tiles(X[:body]), tiles(X[body:])], axis=1)
        return tiles(X)

    def backward(self, theta: Array, cache: Any, dz: Array) -> Array:
        Zs, As = cache
        Ws, _ = self.unpack(theta.astype(As[0].dtype, copy=False))
        dZ = dz.reshape(len(dz), self.n_out)
        dWs, dbs = [], []
        for layer in range(len(Ws) - 1, -1, -1):
            dWs.append(As[layer].T @ dZ)
            dbs.append(dZ.sum(axis=0))
            if layer:
                dZ = (dZ @ Ws[layer].T) * self.activation.derivative(Zs[layer - 1])
        return np.concatenate([*(g.ravel() for g in reversed(dWs)), *reversed(dbs)])
