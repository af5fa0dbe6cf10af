"""The vectorisation experiment of "吴恩达 deep learning 神经网络基础": a Python loop against np.dot."""

from __future__ import annotations

import time

import numpy as np

from app.engine.training.cancel import NEVER, CancelToken


def loop_versus_dot(n: int, seed: int = 0, repeats: int = 3, cancel: CancelToken = NEVER) -> dict[str, float]:
    """Best-of-``repeats`` seconds for sum_i a_i b_i written as a loop and as np.dot."""
    rng = np.random.default_rng(seed)
    a, b = rng.random(n), rng.random(n)

    def best(fn) -> tuple[float, float]:
        times, value = [], 0.0
        for _ in range(repeats):
            cancel.check()
            start = time.perf_counter()
            value = fn()
            times.append(time.perf_counter() - start)
        return min(times), float(value)

    def loop() -> float:
        total = 0.0
        for i in range(n):
            total += a[i] * b[i]
        return total

    loop_s, loop_value = best(loop)
    dot_s, dot_value = best(lambda: np.dot(a, b))
    return {"n": n, "loop_seconds": loop_s, "dot_seconds": dot_s,
            "ratio": loop_s / max(dot_s, 1e-9), "loop_value": loop_value, "dot_value": dot_value}
