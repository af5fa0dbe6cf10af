"""The 1-D sets: one feature x, for the (w, b) surfaces a learner can see whole. line1d is a
classification (labels 0 and 1); line, far_line and sine are regressions (a real-valued y). Each
generator takes (n, noise, rng) and returns X of shape (n, 1) and y of shape (n,)."""

from __future__ import annotations

import numpy as np

from app.engine.data.sets.record import HALVES, SCATTER_1D, generated
from app.engine.data.sets.two_d import halves

Array = np.ndarray


def line1d(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """One feature: class 0 around -1, class 1 around +1, std ``noise``.

    With overlap (noise > 0) the cross-entropy minimum is finite, so the (w, b)
    surface has a bowl to descend into.
    """
    n0, n1 = halves(n)
    centres = np.repeat([-1.0, 1.0], [n0, n1])
    return (centres + rng.normal(0.0, noise, n))[:, None], np.repeat([0, 1], [n0, n1])


def line(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """y = 1.5 x + 0.5 + noise, x uniform on [-2, 2]: least squares' (w, b) bowl."""
    x = rng.uniform(-2.0, 2.0, n)
    return x[:, None], 1.5 * x + 0.5 + rng.normal(0.0, noise, n)


def far_line(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """y = 1.5 x + 0.5 + noise, x uniform on [2, 4]: far from 0, so unscaled the (w, b) bowl is a
    long narrow valley (the Hessian [[E x², E x], [E x, 1]] ~ [[9.3, 3], [3, 1]] has eigenvalues
    ~10.3 and ~0.03); standardised, it is round again."""
    x = rng.uniform(2.0, 4.0, n)
    return x[:, None], 1.5 * x + 0.5 + rng.normal(0.0, noise, n)


def sine(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """y = sin(x) + noise, x uniform on [-3, 3]: no line fits it; a network, or the
    sin(x) feature, does."""
    x = rng.uniform(-3.0, 3.0, n)
    return x[:, None], np.sin(x) + rng.normal(0.0, noise, n)


SETS = (
    generated("line1d", "1-D line", "One feature, two overlapping classes: the (w, b) surface", line1d, 0.8,
              order=60, formula=(HALVES, r"x^{(i)} = 2y^{(i)} - 1 + \varepsilon^{(i)}\quad "
                                 r"(\text{centred on } {-1} \text{ and } {+1})", SCATTER_1D)),
    generated("line", "Noisy line (regression)", "A noisy line y = 1.5x + 0.5: linear regression's (w, b) bowl",
              line, 0.5, order=70, task="regression",
              formula=(r"x^{(i)}\sim U[-2,\,2]", r"y^{(i)} = 1.5\,x^{(i)} + 0.5 + \varepsilon^{(i)}", SCATTER_1D)),
    generated("far_line", "Line far from 0 (regression)", "A noisy line with x from 2 to 4: unscaled, a long "
              "narrow (w, b) valley where gradient descent zig-zags; standardised, a round bowl", far_line, 0.3,
              order=80, task="regression",
              formula=(r"x^{(i)}\sim U[2,\,4]", r"y^{(i)} = 1.5\,x^{(i)} + 0.5 + \varepsilon^{(i)}", SCATTER_1D)),
    generated("sine", "Noisy sine (regression)", "A noisy sine wave: a network or the sin(x) feature fits it, a "
              "line cannot", sine, 0.15, order=90, task="regression",
              formula=(r"x^{(i)}\sim U[-3,\,3]", r"y^{(i)} = \sin x^{(i)} + \varepsilon^{(i)}", SCATTER_1D)),
)
