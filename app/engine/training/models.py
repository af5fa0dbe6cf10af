"""Models over one flat parameter vector theta: weights first, then intercepts.

Every model exposes the same small interface, so the optimizers, the trainer,
the gradient check and the loss-surface slicer never need to know which model
they drive:

* ``forward(theta, X) -> (z, cache)`` and ``backward(theta, cache, dz) -> grad``:
  the chain rule of the model, written beside its forward pass.
* ``loss_gradient(theta, X, t, loss, l2) -> (J, dJ/dtheta)`` where
  J(theta) = loss(z(theta), t) + l2 / 2 * ||w||^2; the penalty covers the
  weights only (``weight_mask``), never the intercepts.
* ``loss_many(thetas, X, t, loss, l2)``: J at many parameter vectors at once,
  shape (c, p) -> (c,), for loss surfaces.

Targets are encoded once with ``encode_targets`` (labels 0..K-1 -> the loss's t;
a regression's real-valued target as it is). ``n_classes`` is the number of
classes, or 0 for a real-valued target (regression, identity output).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import cached_property
from typing import Any, ClassVar

import numpy as np

from app.engine.errors import UserError
from app.engine.params import Param
from app.engine.training.blocks import block_rows, map_blocks, workers_for
from app.engine.training.losses import Form, get_loss
from app.engine.training.numerics import sigmoid, softmax

Array = np.ndarray


class Model(ABC):
    """A differentiable model whose parameters live in one flat vector. Each model
    class declares its ``kind`` (the name the API uses), a label, a one-line
    description, the ``tasks`` it does and its own options (``params``), which the
    catalogue lists."""

    kind: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str]
    tasks: ClassVar[tuple[str, ...]] = ("classification",)
    params: ClassVar[tuple[Param, ...]] = ()
    output: str  # "sigmoid" (binary), "softmax" (K classes) or "identity" (a real-valued target)

    def __init__(self, n_features: int, n_classes: int):
        if n_features < 1:
            raise UserError("a model needs at least one feature")
        if n_classes == 0 and "regression" not in self.tasks:
            raise UserError(f"{self.label} needs class labels, but this target is a real number "
                            "(regression): choose linear regression or a neural network")
        if n_classes and "classification" not in self.tasks:
            raise UserError(f"{self.label} fits a real-valued target, but this data has {n_classes} classes: "
                            "choose logistic or softmax regression, or a neural network")
        if n_classes == 1 or n_classes < 0:
            raise UserError(f"a classifier needs at least 2 classes, the data has {n_classes}")
        self.n_features = n_features
        self.n_classes = n_classes

    @property
    def task(self) -> str:
        return "regression" if self.output == "identity" else "classification"

    # --- layout -------------------------------------------------------------------
    @property
    @abstractmethod
    def param_names(self) -> list[str]:
        """One name per entry of theta, in order (weights, then intercepts)."""

    @cached_property
    def n_params(self) -> int:
        """p, counted once: the names are built on every call (5,770 strings for softmax on MNIST,
        1.6 ms, which an evaluation had been paying for np.zeros(p))."""
        return len(self.param_names)

    @property
    @abstractmethod
    def weight_mask(self) -> Array:
        """Boolean, shape (p,): True where theta holds a weight (L2 applies)."""

    @property
    @abstractmethod
    def filters(self) -> list[Array]:
        """Index arrays into theta, one per filter (a unit's incoming weights, or its
        intercept), for filter-normalised random directions (Li et al., 2018)."""

    @property
    def values_per_row(self) -> int:
        """Numbers a forward pass holds per sample (z, plus hidden units): sizes memory."""
        return self.n_classes if self.output == "softmax" else 1

    def layer_slices(self) -> list[slice]:
        """Each layer's weights in theta, input side first; a network has one per layer, so the
        gradient reaching layer l is grad[slice_l]. The linear models have no hidden layers: []."""
        return []

    @abstractmethod
    def init_params(self, rng: np.random.Generator) -> Array:
        """A starting theta of shape (p,) drawn from ``rng``."""

    # --- maths ----------------------------------------------------------------------
    @abstractmethod
    def forward(self, theta: Array, X: Array) -> tuple[Array, Any]:
        """Raw prediction z, shape (m,) or (m, K), and whatever backward needs."""

    @abstractmethod
    def backward(self, theta: Array, cache: Any, dz: Array) -> Array:
        """dJ/dtheta, shape (p,), given dz = dJ/dz from the loss."""

    def raw_prediction_many(self, thetas: Array, X: Array) -> Array:
        """z for each row of thetas (c, p): shape (c, m) or (c, m, K)."""
        return np.stack([self.forward(theta, X)[0] for theta in thetas])

    def encode_targets(self, y: Array, dtype: Any = np.float64) -> Array:
        """Labels 0..K-1, shape (m,), as the loss's targets, in the data's dtype (one-hot
        (m, K) for softmax); a real-valued target as it is."""
        y = np.asarray(y)
        if self.output != "softmax":
            return y.astype(dtype)
        return np.eye(self.n_classes, dtype=dtype)[y]

    def predict_proba(self, theta: Array, X: Array) -> Array:
        """P(y = 1 | x), shape (m,), for a sigmoid output; p, shape (m, K), for softmax;
        the prediction y-hat, shape (m,), for an identity output."""
        z = self.forward(theta, X)[0]
        if self.output == "identity":
            return z
        return sigmoid(z) if self.output == "sigmoid" else softmax(z)

    def predict(self, theta: Array, X: Array) -> Array:
        """Predicted labels, shape (m,) (a regression: the predictions)."""
        return self.labels_from_z(self.forward(theta, X)[0])

    def penalty(self, theta: Array, l2: float) -> tuple[float, Array]:
        """l2 / 2 * ||w||^2 and its gradient l2 * w (zero on intercepts)."""
        w = np.where(self.weight_mask, theta, 0.0)
        return 0.5 * l2 * float(w @ w), l2 * w

    def loss(self, name: str) -> Form:
        return get_loss(name, self.output)

    def evaluate(
        self, theta: Array, X: Array, t: Array, loss: str, l2: float, gradient: bool = True, tally: bool = True
    ) -> tuple[float, Array | None, float]:
        """J(theta), dJ/dtheta (None unless ``gradient``), and the tally of the fit (rows
        classified correctly, or a regression's sum of squared residuals; 0 unless ``tally``).

        Rows are taken in blocks (``blocks.block_rows``): the data term is a mean, so block
        values and gradients, each weighted by its share of the rows, add up exactly, while the
        temporaries stay cache-sized. On a large set the blocks run on worker threads
        (``blocks.workers_for``); their results are added in block order, so the numbers do not
        depend on the number of threads.
        """
        m = X.shape[0]
        rows = block_rows(self.values_per_row, X.shape[1], X.itemsize)
        fn = self.loss(loss)
        if m <= rows:  # one block: the common case, without the bookkeeping
            value, grad, correct = self._evaluate_block(theta, X, t, fn, gradient, tally)
        else:
            def block(start: int) -> tuple[float, Array | None, float]:
                return self._evaluate_block(theta, X[start : start + rows], t[start : start + rows], fn, gradient,
                                            tally)

            starts = range(0, m, rows)
            results = map_blocks(block, starts, workers_for(m * self.values_per_row))
            value, correct = 0.0, 0.0
            grad = np.zeros(self.n_params) if gradient else None
            for start, (block_value, block_grad, block_correct) in zip(starts, results, strict=True):
                share = min(rows, m - start) / m
                value += block_value * share
                if grad is not None:
                    grad += block_grad * share
                correct += block_correct
        if l2:
            pen, pen_grad = self.penalty(theta, l2)
            value += pen
            if gradient:
                grad = grad + pen_grad
        return value, grad, correct

    def _evaluate_block(
        self, theta: Array, X: Array, t: Array, fn: Form, gradient: bool, tally: bool = True
    ) -> tuple[float, Array | None, float]:
        """The loss (a mean over these rows), its gradient (if ``gradient``) and the tally (if
        ``tally``), on one block."""
        z, cache = self.forward(theta, X)
        if gradient:
            value, dz = fn.value_and_grad(z, t)
            grad = self.backward(theta, cache, dz)
        else:
            value, grad = float(fn.value(z, t)), None
        return value, grad, self.tally(z, t) if tally else 0.0

    def tally(self, z: Array, t: Array) -> float:
        """Classification: rows whose predicted label matches the encoded target.
        Regression: the sum of squared residuals sum_i (z_i - t_i)^2 (for R^2 and RMSE)."""
        if self.output == "identity":
            r = z - t
            return float(r @ r)
        if self.output == "sigmoid":
            return int(np.count_nonzero((z > 0) == (t > 0.5)))
        return int(np.count_nonzero(z.argmax(axis=-1) == t.argmax(axis=-1)))

    def closed_form(self, X: Array, t: Array, loss: str, l2: float) -> Array | None:
        """The exact minimiser of J, where one is known in closed form (linear least
        squares); None for every other model and loss."""
        return None

    def loss_gradient(
        self, theta: Array, X: Array, t: Array, loss: str = "cross_entropy", l2: float = 0.0
    ) -> tuple[float, Array]:
        """J(theta) and dJ/dtheta, shape (p,)."""
        value, grad, _ = self.evaluate(theta, X, t, loss, l2, tally=False)  # an update needs no tally
        assert grad is not None
        return value, grad

    def loss_value(
        self, theta: Array, X: Array, t: Array, loss: str = "cross_entropy", l2: float = 0.0
    ) -> float:
        """J(theta) alone."""
        return self.evaluate(theta, X, t, loss, l2, gradient=False, tally=False)[0]

    def labels_from_z(self, z: Array) -> Array:
        """Predicted labels, shape (m,), from the raw prediction z (a regression: z itself)."""
        if self.output == "identity":
            return z
        return (z > 0).astype(np.int64) if self.output == "sigmoid" else z.argmax(axis=-1)

    def loss_many(
        self, thetas: Array, X: Array, t: Array, loss: str = "cross_entropy", l2: float = 0.0
    ) -> Array:
        """J at each row of thetas, shape (c, p) -> (c,)."""
        return self.loss(loss).value(self.raw_prediction_many(thetas, X), t) + self.penalty_many(thetas, l2)

    def penalty_many(self, thetas: Array, l2: float) -> Array:
        """l2 / 2 * ||w||^2 for each row of thetas, shape (c, p) -> (c,)."""
        w = np.where(self.weight_mask, thetas, 0.0)
        return 0.5 * l2 * np.einsum("cp,cp->c", w, w)
