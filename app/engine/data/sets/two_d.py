"""The 2-D classification sets (two classes, labels 0 and 1), TF Playground's kind: each generator
takes (n, noise, rng) and returns X of shape (n, 2) and y of shape (n,); ``noise`` is the standard
deviation of the Gaussian scatter, in data units."""

from __future__ import annotations

import numpy as np

from app.engine.data.sets.record import HALVES, SCATTER, generated

Array = np.ndarray


def halves(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


def blobs(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two Gaussian clusters centred at (-1.5, -1.5) and (1.5, 1.5), std ``noise``."""
    n0, n1 = halves(n)
    centres = np.repeat(np.array([[-1.5, -1.5], [1.5, 1.5]]), [n0, n1], axis=0)
    y = np.repeat([0, 1], [n0, n1])
    return centres + rng.normal(0.0, noise, (n, 2)), y


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two interleaving half circles (as scikit-learn's make_moons)."""
    n0, n1 = halves(n)
    a0, a1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    outer = np.column_stack([np.cos(a0), np.sin(a0)])
    inner = np.column_stack([1 - np.cos(a1), 0.5 - np.sin(a1)])
    X = np.vstack([outer, inner]) + rng.normal(0.0, noise, (n, 2))
    return X, np.repeat([0, 1], [n0, n1])


def circles(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """An inner disc (class 1, radius 0.5) inside a ring (class 0, radius 1)."""
    n0, n1 = halves(n)
    angles = rng.uniform(0, 2 * np.pi, n)
    radius = np.repeat([1.0, 0.5], [n0, n1])
    X = radius[:, None] * np.column_stack([np.cos(angles), np.sin(angles)])
    return X + rng.normal(0.0, noise, (n, 2)), np.repeat([0, 1], [n0, n1])


def xor(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Four quadrants: class 1 where x1 and x2 share a sign, class 0 where they differ.

    Magnitudes are uniform in [0.1, 1.1], leaving a gap along the axes as TF
    Playground does; the noise is added after the labels are set.
    """
    n0, n1 = halves(n)
    y = np.repeat([0, 1], [n0, n1])
    magnitude = rng.uniform(0.1, 1.1, (n, 2))
    sign1 = rng.choice([-1.0, 1.0], n)
    sign2 = np.where(y == 1, sign1, -sign1)
    X = magnitude * np.column_stack([sign1, sign2])
    return X + rng.normal(0.0, noise, (n, 2)), y


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two interleaved spirals, each 1.75 turns long."""
    n0, n1 = halves(n)
    parts = []
    for count, delta in ((n0, 0.0), (n1, np.pi)):
        r = np.linspace(0.05, 1.0, count)
        angle = 1.75 * 2 * np.pi * r + delta
        parts.append(np.column_stack([r * np.sin(angle), r * np.cos(angle)]))
    X = np.vstack(parts) + rng.normal(0.0, noise, (n, 2))
    return X, np.repeat([0, 1], [n0, n1])


SETS = (
    generated("blobs", "Blobs", "Two Gaussian clusters, linearly separable at low noise", blobs, 0.6, order=10,
              formula=(HALVES, r"x^{(i)} = \mu_{y^{(i)}} + \varepsilon^{(i)},\quad \mu_0 = (-1.5,\,-1.5),\ "
                       r"\mu_1 = (1.5,\,1.5)", SCATTER)),
    generated("moons", "Moons", "Two interleaving half moons", moons, 0.15, order=20,
              formula=(HALVES, r"t^{(i)}\ \text{evenly spaced on } [0,\pi] \text{ within each class}",
                       r"x^{(i)} = (\cos t,\ \sin t) + \varepsilon^{(i)}\quad (y = 0)",
                       r"x^{(i)} = (1-\cos t,\ 0.5-\sin t) + \varepsilon^{(i)}\quad (y = 1)", SCATTER)),
    generated("circles", "Circles", "A disc inside a ring: no line separates them", circles, 0.08, order=30,
              formula=(HALVES, r"x^{(i)} = r_{y^{(i)}}\left(\cos\varphi^{(i)},\ \sin\varphi^{(i)}\right) + "
                       r"\varepsilon^{(i)},\quad r_0 = 1,\ r_1 = 0.5",
                       r"\varphi^{(i)}\sim U[0,\,2\pi),\quad " + SCATTER)),
    generated("xor", "XOR", "Four quadrants, opposite corners share a class", xor, 0.1, order=40,
              formula=(HALVES, r"x^{(i)} = \left(s_1 a_1,\ s_2 a_2\right) + \varepsilon^{(i)},\quad "
                       r"a_j\sim U[0.1,\,1.1],\ s_j = \pm 1",
                       r"y^{(i)} = 1 \iff s_1 = s_2\ \ \text{(the two features share a sign)}", SCATTER)),
    generated("spiral", "Spiral", "Two interleaved spirals", spiral, 0.05, order=50,
              formula=(HALVES, r"x^{(i)} = r\left(\sin\theta,\ \cos\theta\right) + \varepsilon^{(i)},\quad "
                       r"\theta = 3.5\pi r + \pi y^{(i)}",
                       r"r\ \text{evenly spaced on } [0.05,\,1] \text{ within each class},\quad " + SCATTER)),
)
