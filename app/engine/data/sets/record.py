"""What a built-in data set is: one record, declared beside its generator or loader, from which
the catalogue, the request schemas, GET /api/datasets and the pages' menus are built.

A ``DataSet`` has its name (as the API spells it), a label and a description, its kind
(``synthetic``: drawn from a seeded generator; ``real``: scikit-learn's bundled files), its task
(classification or regression), its class names, its own parameters (``Param``s: a synthetic set's
n_samples and noise, digit_vs_rest's digit), ``make(options, seed) -> RawData``, which reads the
values of its parameters from ``options`` (a missing one is the set's default), and its ``formula``:
how a row (x⁽ⁱ⁾, y⁽ⁱ⁾) is made, as LaTeX lines, which the playground's maths panel shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from app.engine.data.raw import RawData
from app.engine.errors import UserError
from app.engine.params import Entry, Param, Task, Value

Array = np.ndarray
Generator = Callable[[int, float, np.random.Generator], tuple[Array, Array]]  # (n, noise, rng) -> X, y

# the lines most synthetic sets' formulas share: σ is the noise parameter, m the number of rows drawn
SCATTER = r"\varepsilon^{(i)}\sim\mathcal{N}\left(0,\ \sigma^2 I\right)"
SCATTER_1D = r"\varepsilon^{(i)}\sim\mathcal{N}\left(0,\ \sigma^2\right)"
HALVES = r"y^{(i)}\in\{0,1\}:\ \text{half the } m \text{ rows in each class}"

N_SAMPLES = Param("n_samples", "Samples", "How many points to draw (capped by max_samples).", 200, kind="int",
                  low=4, high=None, slider=(20, 2000), step=10, limit="max_samples")
NOISE = Param("noise", "Noise", "The scatter around each class's shape, in data units.", None, low=0.0, high=10.0,
              slider=(0.0, 2.0), step=0.01, nullable=True, default_text="each set's own")


@dataclass(frozen=True)
class DataSet:
    name: str
    label: str
    description: str
    kind: str  # synthetic or real
    task: Task
    make: Callable[[Mapping[str, Value], int], RawData]
    params: tuple[Param, ...] = ()
    class_names: tuple[str, ...] = ()
    defaults: Mapping[str, Value] = field(default_factory=dict)  # its own defaults, where a Param's is None
    order: int = 1000
    formula: tuple[str, ...] = ()  # how a row is made, as LaTeX lines (σ: the noise), before any preparation

    def options(self, given: Mapping[str, Value]) -> dict[str, Value]:
        """The values of its parameters: given, else its own default, else the Param's; each checked."""
        values = {}
        for param in self.params:
            value = given.get(param.name)
            value = self.defaults.get(param.name, param.default) if value is None else value
            problem = param.check(value)
            if problem:
                raise UserError(problem)
            values[param.name] = value
        return values

    def parameters(self) -> dict[str, Value]:
        """Its parameters at their defaults, as GET /api/datasets lists them (a synthetic set's seed too)."""
        return {**self.options({}), **({"seed": 0} if self.kind == "synthetic" else {})}

    def entry(self) -> Entry:
        """The catalogue's entry: ``belongs_to`` is (its kind, its task)."""
        return Entry("dataset", self.name, self.label, self.description, self.params, (self.kind, self.task),
                     {"class_names": list(self.class_names)})


def generated(name: str, label: str, description: str, generator: Generator, noise: float, order: int,
              task: Task = "classification", formula: tuple[str, ...] = ()) -> DataSet:
    """A synthetic set drawn by ``generator`` (n, noise, rng) -> (X, y) with X of shape (n, 2) or (n, 1):
    a classification's y holds labels 0 and 1, a regression's real numbers. ``noise`` is its default
    scatter, the standard deviation of the Gaussian noise in data units; ``formula`` states how the
    generator draws a row."""
    classes = ("0", "1") if task == "classification" else ()

    def make(options: Mapping[str, Value], seed: int) -> RawData:
        rng = np.random.default_rng(np.random.SeedSequence([seed, 0]))
        X, y = generator(int(options["n_samples"]), float(options["noise"]), rng)  # type: ignore[arg-type]
        names = ["x"] if X.shape[1] == 1 else ["x1", "x2"]
        if task == "regression":
            return RawData(X, y.astype(np.float64), names, [], description, "regression")
        return RawData(X, y.astype(np.int64), names, list(classes), description)

    return DataSet(name, label, description, "synthetic", task, make, (N_SAMPLES, NOISE), classes,
                   {"noise": noise}, order, formula)
