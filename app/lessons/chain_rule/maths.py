"""Logistic regression as a computation graph for one sample, forward and back with the chain rule,
as 吴恩达 deep learning 神经网络基础 ("Andrew Ng's Deep Learning: neural-network basics") draws it;
the average gradient over m samples that the update uses; and that article's timing of a Python
loop against np.dot.

One sample x (d,), its label y in {0, 1}, theta = (w_1, ..., w_d, b), shape (d + 1,):

    z = w . x + b        a = sigmoid(z)        L = -(y log a + (1 - y) log(1 - a))
    da = dL/da = -y/a + (1 - y)/(1 - a)
    dz = dL/dz = da * a (1 - a) = a - y
    dw = dL/dw = x dz  (d,),   db = dL/db = dz

Over the training set X (m, d), y (m,): dz = sigmoid(X w + b) - y (m,), dw = X^T dz / m (d,),
db = mean(dz). L is computed as softplus((1 - 2y) z), so a saturated sigmoid never takes log(0).

The timing: sum_i a_i b_i over two random vectors of n values, as a Python loop and as np.dot,
in interleaved rounds (the loop's total work capped by MAX_LOOP_ITEMS)."""

from __future__ import annotations

import time

import numpy as np

from app.engine.training.cancel import NEVER, CancelToken
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


MAX_LOOP_ITEMS = 7_000_000  # cap on the loop's total work, rounds x n (0.1-0.2 us an item): n = 10^6 gets 7


def rounds_for(n: int, rounds: int = 7) -> int:
    """``rounds``, fewer when rounds x n would pass MAX_LOOP_ITEMS; at least 1."""
    return max(1, min(rounds, MAX_LOOP_ITEMS // max(n, 1)))


def _spread(times: list[float]) -> dict[str, float]:
    return {"min": float(np.min(times)), "median": float(np.median(times)), "max": float(np.max(times))}


def loop_versus_dot(n: int, seed: int = 0, rounds: int = 7, cancel: CancelToken = NEVER) -> dict[str, object]:
    """sum_i a_i b_i over n random numbers, timed ``rounds`` times (capped by MAX_LOOP_ITEMS) as a Python
    loop and as np.dot, in seconds: min, median and max of each, and of the per-round ratio loop / dot.

    ``loop_seconds``, ``dot_seconds`` and ``ratio`` are the medians.
    """
    rng = np.random.default_rng(seed)
    a, b = rng.random(n), rng.random(n)
    count = rounds_for(n, rounds)

    def loop() -> float:
        total = 0.0
        for i in range(n):
            total += a[i] * b[i]
        return total

    def timed(fn) -> tuple[float, float]:
        cancel.check()
        start = time.perf_counter()
        value = fn()
        return time.perf_counter() - start, float(value)

    loop_times, dot_times, ratios = [], [], []
    loop_value = dot_value = 0.0
    for _ in range(count):  # interleaved, so a busy spell of the machine touches both
        loop_s, loop_value = timed(loop)
        dot_s, dot_value = timed(lambda: np.dot(a, b))
        loop_times.append(loop_s)
        dot_times.append(dot_s)
        ratios.append(loop_s / max(dot_s, 1e-9))
    loops, dots, ratio = _spread(loop_times), _spread(dot_times), _spread(ratios)
    return {"n": n, "rounds": count, "loop": loops, "dot": dots, "ratio_spread": ratio,
            "loop_seconds": loops["median"], "dot_seconds": dots["median"], "ratio": ratio["median"],
            "loop_value": loop_value, "dot_value": dot_value}
