"""The vectorisation experiment of "吴恩达 deep learning 神经网络基础": a Python loop against np.dot.

One timing is noise: the same machine gave ratios from 47x to 5,819x. So the measurement is
repeated and the page shows its spread (min, median, max), not one number.
"""

from __future__ import annotations

import time

import numpy as np

from app.engine.training.cancel import NEVER, CancelToken

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
