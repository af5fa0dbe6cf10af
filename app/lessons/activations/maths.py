"""Activations g and their derivatives, and deep stacks of one activation: gradient size per layer,
ReLU's sparsity, the collapse of a linear stack into one map, and what each activation costs. The
activations are the engine's (app/engine/training/activations.py), those of
F(x)构建方程，梯度下降求偏导，损失函数确定偏导调整，激活函数处理非线性问题 (Build the equation F(x), take
partial derivatives by gradient descent, let the loss set the adjustment, handle non-linearity with activations).

* ``activation_curves``: g(z) and g'(z) of every activation on n values of z, each (n,).
* ``gradient_per_layer`` and ``layer_ratios``: the RMS of dJ/dW_l per layer (depth,), and each
  layer's over the next one's (depth - 1,), for the stack below.
* ``inactive_share``: the share of ReLU's (sample, unit) pairs with z <= 0 per layer (depth,).
* ``trained_inactive_share``: the same per hidden layer of an MLP trained on X (m, d), t (m,).
* ``linear_collapse``: a deep linear net and its one map X W + b, W (n_in, n_out), b (n_out,).
* ``activation_timing``: seconds for sigmoid, tanh and ReLU on the same n numbers (min, median, max).

A stack of L fully connected layers of width w (weights N(0, gain / w), no
intercepts) maps a batch forward; a unit gradient is fed back from the top, and
the chain rule multiplies it by g'(z_l) W_l^T at every layer:

    delta_l = (W_{l+1}^T delta_{l+1}) * g'(z_l),   dJ/dW_l = a_{l-1}^T delta_l

so the ratio of two consecutive layers' weight gradients,

    |dJ/dW_l| / |dJ/dW_{l+1}| = |a_{l-1}^T ((W_{l+1}^T delta_{l+1}) * g'(z_l))| / |a_l^T delta_{l+1}|,

carries g' (sigmoid's is at most 1/4) but also the weights W_{l+1} and the sizes of
the layers' inputs a_{l-1} and a_l. The batch fed to layer 1 is g(z_0) for
z_0 ~ N(0, 1): inputs on the scale of the hidden activations, so layer 1 is measured
like every other layer (raw N(0, 1) inputs are larger than sigmoid outputs and
centred on 0, which made layer 1's ratio about 0.05 instead of about 0.2)."""

from __future__ import annotations

import time

import numpy as np

from app.engine.training.activations import ACTIVATIONS, get_activation
from app.engine.training.cancel import NEVER, CancelToken
from app.engine.training.mlp import Network

Array = np.ndarray


def _stack(activation: str, depth: int, width: int, batch: int, seed: int,
           gain: float | None) -> tuple[list[Array], list[Array], list[Array], Array]:
    """The seeded stack's weights (depth of (width, width)), each layer's input a_{l-1}
    (batch, width), each layer's pre-activation z_l (batch, width), and the output."""
    act = get_activation(activation)
    gain = act.gain if gain is None else gain
    rng = np.random.default_rng(np.random.SeedSequence([seed, 6]))
    weights = [rng.normal(0.0, np.sqrt(gain / width), (width, width)) for _ in range(depth)]
    a = act.function(rng.normal(size=(batch, width)))  # inputs on the hidden activations' scale
    inputs, pre = [], []
    for W in weights:  # forward
        z = a @ W
        inputs.append(a)
        pre.append(z)
        a = act.function(z)
    return weights, inputs, pre, a


def gradient_per_layer(activation: str, depth: int, width: int = 32, batch: int = 64,
                       seed: int = 0, gain: float | None = None) -> list[float]:
    """RMS of dJ/dW_l for l = 1 (nearest the input) .. depth, J = mean of the outputs."""
    act = get_activation(activation)
    weights, inputs, pre, out = _stack(activation, depth, width, batch, seed, gain)
    delta = np.ones_like(out) / out.size  # dJ/da at the top
    sizes = []
    for W, a_in, z in zip(reversed(weights), reversed(inputs), reversed(pre), strict=True):  # backward
        delta = delta * act.derivative(z)
        sizes.append(float(np.sqrt(np.mean((a_in.T @ delta) ** 2))))
        delta = delta @ W.T
    return sizes[::-1]


def layer_ratios(sizes: list[float]) -> list[float | None]:
    """|dJ/dW_l| / |dJ/dW_{l+1}| for l = 1 .. L-1: how much one layer shrinks (< 1) or
    grows (> 1) the gradient on its way towards the input; None where the upper one is 0."""
    return [lower / upper if upper > 0 else None for lower, upper in zip(sizes, sizes[1:], strict=False)]


def inactive_share(depth: int, width: int = 32, batch: int = 64, seed: int = 0) -> list[float]:
    """ReLU's sparsity: the share of (sample, unit) pairs with z <= 0 (the unit is off, its
    output and its gradient 0) at each layer l = 1 .. depth of the He-scaled ReLU stack."""
    _, _, pre, _ = _stack("relu", depth, width, batch, seed, None)
    return [float(np.mean(z <= 0)) for z in pre]


def linear_collapse(depth: int, n_in: int = 4, width: int = 8, n_out: int = 3, batch: int = 64,
                    seed: int = 0) -> dict[str, object]:
    """A deep net with the linear activation, a_l = a_{l-1} W_l + b_l, widths n_in -> width
    (depth - 1 times) -> n_out, is one linear map:

        a_L = X (W_1 W_2 ... W_L) + (((b_1 W_2 + b_2) W_3 + b_3) ... W_L + b_L) = X W + b

    Returns W (n_in, n_out), b (n_out,), the first rows of both outputs and their largest
    absolute difference over the batch (rounding only, ~1e-15)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    sizes = [n_in] + [width] * (depth - 1) + [n_out]
    weights = [rng.normal(0.0, np.sqrt(1.0 / fan_in), (fan_in, fan_out))
               for fan_in, fan_out in zip(sizes, sizes[1:], strict=False)]
    biases = [rng.normal(0.0, 0.1, fan_out) for fan_out in sizes[1:]]
    X = rng.normal(size=(batch, n_in))
    deep = X
    for W, b in zip(weights, biases, strict=True):  # the deep net, layer by layer
        deep = deep @ W + b
    product, bias = np.eye(n_in), np.zeros(n_in)
    for W, b in zip(weights, biases, strict=True):  # the one map: W_1 ... W_L and the carried bias
        product, bias = product @ W, bias @ W + b
    single = X @ product + bias
    return {"depth": depth, "shapes": [list(W.shape) for W in weights], "product": product.tolist(),
            "bias": bias.tolist(), "deep_rows": deep[:4].tolist(), "single_rows": single[:4].tolist(),
            "max_difference": float(np.max(np.abs(deep - single)))}


TIMED = ("sigmoid", "tanh", "relu")  # two with exp inside, one that is a comparison


def activation_timing(n: int, rounds: int = 7, seed: int = 0,
                      cancel: CancelToken = NEVER) -> dict[str, object]:
    """Seconds for g(z) on the same n float64 numbers, each activation timed ``rounds`` times
    (interleaved, so a slow moment of the machine hits them all); min, median and max per
    activation, and each median over ReLU's."""
    z = np.random.default_rng(seed).normal(0.0, 3.0, n)
    times: dict[str, list[float]] = {name: [] for name in TIMED}
    for _ in range(rounds):
        for name in TIMED:
            cancel.check()
            fn = get_activation(name).function
            start = time.perf_counter()
            fn(z)
            times[name].append(time.perf_counter() - start)
    stats = {name: {"min": min(t), "median": float(np.median(t)), "max": max(t)} for name, t in times.items()}
    relu = max(stats["relu"]["median"], 1e-9)
    return {"n": n, "rounds": rounds, "seconds": stats,
            "ratio_to_relu": {name: s["median"] / relu for name, s in stats.items()}}


def trained_inactive_share(X: Array, t: Array, hidden: int = 16, layers: int = 2, steps: int = 1000,
                           learning_rate: float = 0.5, seed: int = 0,
                           cancel: CancelToken = NEVER) -> dict[str, object]:
    """ReLU's sparsity in a network that learned something: an MLP (``layers`` hidden ReLU
    layers of ``hidden`` units, sigmoid output, cross-entropy) trained by plain gradient descent
    on (X (m, d), t (m,) in {0, 1}); the share of (sample, unit) pairs with z <= 0 per hidden
    layer at the start and after ``steps`` steps, and the share of units off for every sample
    (dead: they pass no gradient at all)."""
    model = Network(X.shape[1], 2, layers=layers, hidden=hidden, hidden2=hidden, activation="relu")
    theta = model.init_params(np.random.default_rng(np.random.SeedSequence([seed, 3])))

    def off(theta: Array) -> tuple[list[float], list[float]]:
        Ws, bs = model.unpack(theta)
        a, shares, dead = X, [], []
        for W, b in zip(Ws[:-1], bs[:-1], strict=True):
            z = a @ W + b
            shares.append(float(np.mean(z <= 0)))
            dead.append(float(np.mean(np.all(z <= 0, axis=0))))
            a = np.maximum(z, 0.0)
        return shares, dead

    before, _ = off(theta)
    for step in range(steps):
        if step % 100 == 0:
            cancel.check()
        _, grad = model.loss_gradient(theta, X, t, "cross_entropy")
        theta = theta - learning_rate * grad
    after, dead = off(theta)
    accuracy = float(np.mean((model.predict_proba(theta, X) > 0.5) == (t > 0.5)))
    return {"hidden": hidden, "layers": layers, "steps": steps, "before": before, "after": after,
            "dead": dead, "accuracy": accuracy}


def activation_curves(lo: float = -6.0, hi: float = 6.0, n: int = 241) -> dict[str, object]:
    """g(z) and g'(z) of every activation at n values of z from lo to hi."""
    z = np.linspace(lo, hi, n)
    out: dict[str, object] = {"z": z.tolist()}
    for name, act in ACTIVATIONS.items():
        out[name] = {"value": act.function(z).tolist(), "derivative": act.derivative(z).tolist()}
    return out
