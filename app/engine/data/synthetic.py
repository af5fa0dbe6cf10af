"""Seeded synthetic sets: 2-D (and one 1-D) classification sets of two classes, and
1-D regression sets.

Each generator takes (n, noise, rng) and returns X of shape (n, 2) (the 1-D sets:
(n, 1)) and y of shape (n,): labels in {0, 1} (GENERATORS), or a real-valued target
(REGRESSION). ``noise`` is the standard deviation of the Gaussian scatter in data
units; DEFAULT_NOISE holds each set's default.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def _halves(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


def blobs(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two Gaussian clusters centred at (-1.5, -1.5) and (1.5, 1.5), std ``noise``."""
    n0, n1 = _halves(n)
    centres = np.repeat(np.array([[-1.5, -1.5], [1.5, 1.5]]), [n0, n1], axis=0)
    y = np.repeat([0, 1], [n0, n1])
    return centres + rng.normal(0.0, noise, (n, 2)), y


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two interleaving half circles (as scikit-learn's make_moons)."""
    n0, n1 = _halves(n)
    a0, a1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    outer = np.column_stack([np.cos(a0), np.sin(a0)])
    inner = np.column_stack([1 - np.cos(a1), 0.5 - np.sin(a1)])
    X = np.vstack([outer, inner]) + rng.normal(0.0, noise, (n, 2))
    return X, np.repeat([0, 1], [n0, n1])


def circles(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """An inner disc (class 1, radius 0.5) inside a ring (class 0, radius 1)."""
    n0, n1 = _halves(n)
    angles = rng.uniform(0, 2 * np.pi, n)
    radius = np.repeat([1.0, 0.5], [n0, n1])
    X = radius[:, None] * np.column_stack([np.cos(angles), np.sin(angles)])
    return X + rng.normal(0.0, noise, (n, 2)), np.repeat([0, 1], [n0, n1])


def xor(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Four quadrants: class 1 where x1 and x2 share a sign, class 0 where they differ.

    Magnitudes are uniform in [0.1, 1.1], leaving a gap along the axes as TF
    Playground does; the noise is added after the labels are set.
    """
    n0, n1 = _halves(n)
    y = np.repeat([0, 1], [n0, n1])
    magnitude = rng.uniform(0.1, 1.1, (n, 2))
    sign1 = rng.choice([-1.0, 1.0], n)
    sign2 = np.where(y == 1, sign1, -sign1)
    X = magnitude * np.column_stack([sign1, sign2])
    return X + rng.normal(0.0, noise, (n, 2)), y


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two interleaved spirals, each 1.75 turns long."""
    n0, n1 = _halves(n)
    parts = []
    for count, delta in ((n0, 0.0), (n1, np.pi)):
        r = np.linspace(0.05, 1.0, count)
        angle = 1.75 * 2 * np.pi * r + delta
        parts.append(np.column_stack([r * np.sin(angle), r * np.cos(angle)]))
    X = np.vstack(parts) + rng.normal(0.0, noise, (n, 2))
    return X, np.repeat([0, 1], [n0, n1])


def line1d(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """One feature: class 0 around -1, class 1 around +1, std ``noise``.

    With overlap (noise > 0) the cross-entropy minimum is finite, so the (w, b)
    surface has a bowl to descend into.
    """
    n0, n1 = _halves(n)
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


GENERATORS = {
    "blobs": (blobs, "Two Gaussian clusters, linearly separable at low noise"),
    "moons": (moons, "Two interleaving half moons"),
    "circles": (circles, "A disc inside a ring: no line separates them"),
    "xor": (xor, "Four quadrants, opposite corners share a class"),
    "spiral": (spiral, "Two interleaved spirals"),
    "line1d": (line1d, "One feature, two overlapping classes: the (w, b) surface"),
}

REGRESSION = {
    "line": (line, "A noisy line y = 1.5x + 0.5: linear regression's (w, b) bowl"),
    "far_line": (far_line, "A noisy line with x from 2 to 4: unscaled, a long narrow (w, b) valley where "
                           "gradient descent zig-zags; standardised, a round bowl"),
    "sine": (sine, "A noisy sine wave: a network or the sin(x) feature fits it, a line cannot"),
}

DEFAULT_NOISE = {
    "line": 0.5,
    "far_line": 0.3,
    "sine": 0.15,
    "blobs": 0.6,
    "moons": 0.15,
    "circles": 0.08,
    "xor": 0.1,
    "spiral": 0.05,
    "line1d": 0.8,
}
