"""A checkerboard: a 4×4 board of unit squares over [−2, 2]², the squares' classes alternating as
a chessboard's colours. No line separates them, nor does any one feature of the feature map; a
network with enough hidden units carves the board square by square.

The points are uniform within squares chosen uniformly among their class's eight, so each class
has half the points; the noise is added after the labels are set, so the larger it is, the more
points stray across the lines between squares."""

from __future__ import annotations

import numpy as np

from app.engine.data.sets.record import HALVES, SCATTER, generated
from app.engine.data.sets.two_d import halves

Array = np.ndarray
SIDE = 4  # squares along each axis


def checkerboard(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """X (n, 2) on [−2, 2]² (plus noise), y (n,): the colour of the square each point was drawn in."""
    cells = np.array([(i, j) for i in range(SIDE) for j in range(SIDE)])
    colour = cells.sum(axis=1) % 2
    n0, n1 = halves(n)
    y = np.repeat([0, 1], [n0, n1])
    chosen = np.concatenate([rng.choice(np.flatnonzero(colour == c), size=k) for c, k in ((0, n0), (1, n1))])
    X = cells[chosen] + rng.uniform(0.0, 1.0, (n, 2)) - SIDE / 2
    return X + rng.normal(0.0, noise, (n, 2)), y


SETS = (
    generated("checkerboard", "Checkerboard", "A 4×4 board of alternating classes: no line fits it, a network "
              "can", checkerboard, 0.02, order=55,
              formula=(HALVES, r"u^{(i)}\sim U\left([-2,\,2]^2\right) \text{ in a square of its class}",
                       r"y^{(i)} = \left(\lfloor u_1^{(i)}\rfloor + \lfloor u_2^{(i)}\rfloor\right) \bmod 2",
                       r"x^{(i)} = u^{(i)} + \varepsilon^{(i)},\quad " + SCATTER)),
)
