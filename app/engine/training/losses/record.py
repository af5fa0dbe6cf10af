"""What a loss is: one record, written where the loss is implemented (PyTorch's ``defaults``, TF
Playground's ``{output, derivative}`` pairs), from which the catalogue, the menus, the readout and
the maths panel are built.

A ``Loss`` has a name (as the API spells it), its words for the page, and one ``Form`` for each
output layer it fits: sigmoid (binary), softmax (K classes) or identity (a regression). A form
gives the loss's value and its gradient dL/dz (the engine's stable code), the terms the maths
panel shows, in LaTeX, and the same per-row loss and gradient as the panel writes them
(``as_written``, plain NumPy), which the tests hold against the stable code.

Shapes (app.engine.training.losses): z (..., m) or, for softmax, (..., m, K); t (m,) or one-hot
(m, K). ``value`` takes leading axes (many θ at once, for loss surfaces) and returns the mean over
the m rows; ``value_and_grad`` takes plain shapes and returns (J, dJ/dz), the gradient already
divided by m. ``as_written(a, y)`` takes a = h, p or ŷ and returns (L_i, m·∂J/∂z_i) per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.engine.params import Entry

Array = np.ndarray
OUTPUTS = ("sigmoid", "softmax", "identity")


@dataclass(frozen=True)
class Form:
    """A loss on one output layer."""

    output: str  # sigmoid, softmax or identity
    value: Callable[[Array, Array], float | Array]
    value_and_grad: Callable[[Array, Array], tuple[float, Array]]
    data_term: str  # LaTeX: J's data term, the mean of the loss over the rows (h, p_k or \hat y)
    dz: str  # LaTeX: m ∂J/∂z for one row, what the loss sends back into the model
    as_written: Callable[[Array, Array], tuple[Array, Array]]
    data_where: str = ""  # LaTeX: a definition the data term uses
    dz_where: str = ""  # LaTeX: a definition the gradient uses


@dataclass(frozen=True)
class Loss:
    """One loss: ``label`` for menus, ``words`` in a sentence ("with mean squared error"), ``short``
    in a legend or the readout ("MSE"), ``kink`` where it is not smooth (what a gradient check should
    expect there; empty when it is smooth), ``order`` its place in the menus."""

    name: str
    label: str
    words: str
    short: str
    description: str
    forms: tuple[Form, ...]
    order: int
    kink: str = ""

    @property
    def outputs(self) -> tuple[str, ...]:
        return tuple(form.output for form in self.forms)

    def entry(self) -> Entry:
        """The catalogue's entry: ``belongs_to`` is the output layers it fits."""
        return Entry("loss", self.name, self.label, self.description, (), self.outputs,
                     {"short": self.short, "words": self.words, "kink": self.kink})
