"""Logistic regression vectorised, as the Andrew Ng notes (吴恩达 deep learning 神经网络基础) write it,
samples in columns:

    X (n, m)   the m samples, one column each, n features      Y (1, m)   their labels
    w (n, 1)   the weights, a column                            b          the intercept, a number

    Z  = wᵀX + b          (1, m)     A  = σ(Z)          (1, m)
    J  = −1/m Σ [Y log A + (1 − Y) log(1 − A)]            a number
    dZ = A − Y            (1, m)     dw = X dZᵀ / m     (n, 1)     db = Σ dZ / m   a number
    w ← w − α dw,  b ← b − α db

and the same step written with for loops, over the samples i and the features j, as the notes' "m
samples" slide writes it before vectorising: the two give the same numbers (to the last bits of the
sums' rounding), and the loop takes hundreds of times as long.

The notes' advice is to ``assert`` the shapes, because NumPy's broadcasting turns a wrong shape into
a wrong answer without an error. ``step`` runs the vectorised code on arrays kept in the shapes a
learner chose, as NumPy would: a rank-1 w of shape (n,) makes w − α dw a (n, n) matrix; labels read
as a column, Y of shape (m, 1), make A − Y an (m, m) matrix. It reports every array's shape beside
the right one, and which of the notes' assertions hold.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from app.engine.training.numerics import log1pexp

Array = np.ndarray
TIMING_ROUNDS = 5  # each way is timed this many times; the answer gives the median


def sigmoid(z: Array) -> Array:
    """σ(z) = 1 / (1 + e^−z), without overflow for any z."""
    return np.exp(-log1pexp(-z))


@dataclass(frozen=True)
class Gradient:
    """J, dw and db at one θ (and, from the matrices, Z, A and dZ in the shapes NumPy made them)."""

    J: float
    dw: Array
    db: float
    Z: Array | None = None
    A: Array | None = None
    dZ: Array | None = None


@dataclass(frozen=True)
class Step:
    """One step in the shapes asked for: each array by name, its shape and the notes' shape, which of
    the notes' assertions hold, and (when all hold) the loop's numbers and each way's seconds."""

    n: int
    m: int
    arrays: dict[str, Array | float]
    right: dict[str, tuple[int, ...]]
    asserts: list[dict[str, object]]
    matrices: Gradient
    loop: Gradient | None = None
    max_difference: float | None = None
    cost_after: float | None = None
    seconds: dict[str, float] | None = None

    @property
    def all_right(self) -> bool:
        return all(a["holds"] for a in self.asserts)

    def shape(self, name: str) -> tuple[int, ...]:
        return tuple(np.shape(self.arrays[name]))


def vectorised(X: Array, Y: Array, w: Array, b: float) -> Gradient:
    """One gradient evaluation in matrices, every array in the shape it is given."""
    m = X.shape[1]
    Z = np.dot(w.T, X) + b
    A = sigmoid(Z)
    # J = −1/m Σ [y log a + (1 − y) log(1 − a)], written stably: −log a = log(1 + e^−z), −log(1 − a) = log(1 + e^z)
    J = float(np.sum(Y * log1pexp(-Z) + (1 - Y) * log1pexp(Z))) / m
    dZ = A - Y
    return Gradient(J, np.dot(X, dZ.T) / m, float(np.sum(dZ)) / m, Z, A, dZ)


def looped(X: Array, Y: Array, w: Array, b: float) -> Gradient:
    """The same, one sample and one feature at a time, in plain Python numbers (X (n, m), Y (1, m), w (n, 1))."""
    n, m = X.shape
    x, y, weights = X.tolist(), Y.ravel().tolist(), w.ravel().tolist()
    J, db, dw = 0.0, 0.0, [0.0] * n
    for i in range(m):
        z = b
        for j in range(n):
            z += weights[j] * x[j][i]
        J += math.log1p(math.exp(-abs(z))) + max(-z if y[i] == 1 else z, 0.0)  # −log a or −log(1 − a), stably
        a = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        dz = a - y[i]
        for j in range(n):
            dw[j] += x[j][i] * dz
        db += dz
    return Gradient(J / m, np.array(dw) / m, db / m)


def _median_seconds(work: Callable[[], object], rounds: int = TIMING_ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def step(X: Array, y: Array, theta: Array, alpha: float, w_shape: str = "column", y_shape: str = "row",
         timing: bool = True) -> Step:
    """The notes' vectorised step on X (n, m) and labels y (m,), θ = (w₁, …, w_n, b), with w kept as a
    ``column`` (n, 1) or a ``rank1`` array (n,) and Y as a ``row`` (1, m) or a ``column`` (m, 1). Each
    array with its shape and the right shape; the notes' assertions; and, when the shapes are right,
    the loop's numbers beside the matrices' (and, with ``timing``, the seconds each takes)."""
    n, m = X.shape
    w = theta[:n].reshape(n, 1) if w_shape == "column" else theta[:n].copy()
    b = float(theta[n])
    Y = y.reshape(1, m) if y_shape == "row" else y.reshape(m, 1)
    got = vectorised(X, Y, w, b)
    w_new, b_new = w - alpha * got.dw, b - alpha * got.db
    assert got.Z is not None and got.A is not None and got.dZ is not None
    arrays: dict[str, Array | float] = {"X": X, "Y": Y, "w": w, "b": b, "Z": got.Z, "A": got.A, "dZ": got.dZ,
                                         "J": got.J, "dw": got.dw, "db": got.db, "w_new": w_new, "b_new": b_new}
    right = {"X": (n, m), "Y": (1, m), "w": (n, 1), "b": (), "Z": (1, m), "A": (1, m), "dZ": (1, m), "J": (),
             "dw": (n, 1), "db": (), "w_new": (n, 1), "b_new": ()}
    asserts: list[dict[str, object]] = [
        {"code": f"assert {name}.shape == {_written(right[name])}", "array": name,
         "holds": tuple(np.shape(arrays[name])) == right[name]} for name in ("w", "Y", "Z", "dZ", "dw", "w_new")]
    done = Step(n, m, arrays, right, asserts, got)
    if not done.all_right:
        return done
    loop = looped(X, Y, w, b)
    difference = max(abs(loop.J - got.J), abs(loop.db - got.db), float(np.max(np.abs(loop.dw - got.dw.ravel()))))
    seconds = {"loop": _median_seconds(lambda: looped(X, Y, w, b)),
               "vectorised": _median_seconds(lambda: vectorised(X, Y, w, b))} if timing else None
    return replace(done, loop=loop, max_difference=difference, cost_after=vectorised(X, Y, w_new, b_new).J,
                   seconds=seconds)


def _written(shape: tuple[int, ...]) -> str:
    """A shape as Python writes it: (2, 160), (2,), or () for a number."""
    return f"({shape[0]},)" if len(shape) == 1 else f"({', '.join(str(s) for s in shape)})"
