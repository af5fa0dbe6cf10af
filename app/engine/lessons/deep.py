"""Why deep sigmoid stacks learn slowly: gradient size per layer.

A stack of L fully connected layers of width w (weights N(0, gain / w), no
intercepts) maps a batch of random inputs forward; a unit gradient is fed back
from the top, and the chain rule multiplies it by g'(z_l) W_l^T at every layer:

    delta_l = (W_{l+1}^T delta_{l+1}) * g'(z_l),   |dJ/dW_l| = |a_{l-1}^T delta_l|

sigmoid's g' is at most 1/4, so the gradient shrinks geometrically towards the
input; relu's is 1 where a unit is on, and He scaling keeps the size steady.
"""

from __future__ import annotations

import numpy as np

from app.engine.training.activations import get_activation

Array = np.ndarray


def gradient_per_layer(activation: str, depth: int, width: int = 32, batch: int = 64,
                       seed: int = 0, gain: float | None = None) -> list[float]:
    """RMS of dJ/dW_l for l = 1 (nearest the input) .. depth."""
    act = get_activation(activation)
    gain = act.gain if gain is None else gain
    rng = np.random.default_rng(np.random.SeedSequence([seed, 6]))
    weights = [rng.normal(0.0, np.sqrt(gain / width), (width, width)) for _ in range(depth)]
    a = rng.normal(size=(batch, width))
    inputs, pre = [], []
    for W in weights:  # forward
        z = a @ W
        inputs.append(a)
        pre.append(z)
        a = act.function(z)
    delta = np.ones_like(a) / a.size  # dJ/da at the top, J = mean of the outputs
    sizes = []
    for W, a_in, z in zip(reversed(weights), reversed(inputs), reversed(pre), strict=True):  # backward
        delta = delta * act.derivative(z)
        sizes.append(float(np.sqrt(np.mean((a_in.T @ delta) ** 2))))
        delta = delta @ W.T
    return sizes[::-1]
