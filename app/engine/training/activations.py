"""Activation functions as {function, derivative} pairs, looked up by name
(the TF Playground pattern): the derivative is written beside its function.

    sigmoid     s(z) = 1 / (1 + e^-z)         s'(z) = s(z) (1 - s(z))      (at most 1/4)
    tanh        tanh(z)                       1 - tanh(z)^2                (at most 1)
    relu        max(0, z)                     1 if z > 0 else 0
    leaky_relu  z if z > 0 else 0.01 z        1 if z > 0 else 0.01
    linear      z                             1                            (no non-linearity)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.engine.errors import UserError
from app.engine.training.numerics import sigmoid

Array = np.ndarray
LEAK = 0.01


@dataclass(frozen=True)
class Activation:
    """g and g' (of the pre-activation z), with the name, label and one-line
    description the catalogue lists, and the weight-init gain: Var(w) = gain / fan_in."""

    name: str
    label: str
    description: str
    function: Callable[[Array], Array]
    derivative: Callable[[Array], Array]
    gain: float


def _sigmoid_derivative(z: Array) -> Array:
    s = sigmoid(z)
    return s * (1.0 - s)


ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (
    Activation("sigmoid", "Sigmoid", "1 / (1 + e^−z): squashes to (0, 1); its slope is at most ¼.",
               sigmoid, _sigmoid_derivative, 1.0),
    Activation("tanh", "tanh", "Squashes to (−1, 1), centred on 0; its slope is at most 1.",
               np.tanh, lambda z: 1.0 - np.tanh(z) ** 2, 1.0),
    Activation("relu", "ReLU", "max(0, z): slope 1 where a unit is on, 0 where it is off.",
               lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float), 2.0),
    Activation("leaky_relu", "Leaky ReLU", "z, or 0.01 z below 0: an off unit still passes a little gradient.",
               lambda z: np.where(z > 0, z, LEAK * z), lambda z: np.where(z > 0, 1.0, LEAK), 2.0),
    # No non-linearity: (X W1 + b1) W2 + b2 = X (W1 W2) + (b1 W2 + b2), one linear map however many layers.
    Activation("linear", "Linear (none)", "g(z) = z: stacked layers collapse to one linear map, a straight boundary.",
               lambda z: z, np.ones_like, 1.0),
)}


def get_activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise UserError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}") from None
