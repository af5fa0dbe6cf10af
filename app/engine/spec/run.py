"""The run spec: one frozen description of a run, and its one partial update, ``apply``.

A RunSpec says everything that decides a run's numbers: the data set and its preparation, the
model, the loss and its L2 penalty, the optimizer and its hyperparameters, the learning-rate
schedule, the batch size, the stopping rules, the seed, the starting θ, and which steps are
recorded. The live pace (speed, paused) is not part of it: it changes no number.

A change between two steps is a mapping of some of these (the event log keeps it as sent, as
JSON): ``optimizer`` (a name, keeping the settings it had), ``learning_rate`` and any optimizer
hyperparameter (None: unchanged), ``schedule`` (a name, or a whole schedule), and the CHANGEABLE
fields, which take the value given (batch_size None: full batch; target_loss None: off).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from app.engine.data.datasets import DatasetSpec
from app.engine.data.prepare import Recipe
from app.engine.errors import UserError
from app.engine.params import Value
from app.engine.spec.limits import Limits, check_run
from app.engine.training.optimizers import OptimizerSettings, optimizer_params
from app.engine.training.schedules import ScheduleSettings

if TYPE_CHECKING:  # the sizes a check needs; importing them here would import the trainer
    from app.engine.data.datasets import Dataset
    from app.engine.training.models import Model

CHANGEABLE = ("batch_size", "l2", "loss", "max_steps", "tol_loss", "tol_grad", "target_loss")
NULLABLE = ("batch_size", "target_loss")  # None means full batch / no target
OPTIMIZER_FIELDS = ("learning_rate", *(p.name for p in optimizer_params()))


@dataclass(frozen=True)
class ModelSpec:
    """Which model, and its options by name (any model's; each reads its own, a missing one is
    its Param's default)."""

    kind: str = "logistic"
    options: Mapping[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class RunSpec:
    """A run, whole. ``batch_size`` None means full batch; a tolerance of 0 and a ``target_loss``
    of None switch that stopping rule off. ``init`` None: θ₀ drawn from ``seed``. Records are
    step 0, every ``record_every``-th step and the last; ``params_every`` picks which of them
    carry θ (None: every record up to 100 parameters, else the first and the last; 0: none)."""

    dataset: DatasetSpec = field(default_factory=DatasetSpec)
    model: ModelSpec = field(default_factory=ModelSpec)
    loss: str = "cross_entropy"
    l2: float = 0.0
    optimizer: OptimizerSettings = field(default_factory=OptimizerSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    batch_size: int | None = None
    max_steps: int = 500
    tol_loss: float = 0.0
    tol_grad: float = 1e-6
    target_loss: float | None = None
    seed: int = 0
    init: tuple[float, ...] | None = None
    record_every: int = 1
    params_every: int | None = None
    precision: str = "float64"  # or "float32": half the memory traffic, ~1e-7 relative error

    def apply(self, changes: Mapping[str, Any]) -> RunSpec:
        """The spec after a change between two steps (see the module's docstring); UserError names
        a field that cannot change during a run, or a None where a value is needed."""
        unknown = sorted(set(changes) - {*CHANGEABLE, *OPTIMIZER_FIELDS, "optimizer", "schedule"})
        if unknown:
            raise UserError(f"cannot set {', '.join(unknown)} during a run")
        optimizer = self.optimizer
        if changes.get("optimizer") is not None:
            optimizer = replace(optimizer, name=str(changes["optimizer"]))
        tuned = {name: changes[name] for name in OPTIMIZER_FIELDS if changes.get(name) is not None}
        if "learning_rate" in tuned:
            optimizer = replace(optimizer, learning_rate=float(tuned.pop("learning_rate")))
        if tuned:
            optimizer = replace(optimizer, values={**optimizer.values, **tuned})
        schedule = self.schedule
        given = changes.get("schedule")
        if isinstance(given, str):
            schedule = replace(schedule, name=given)
        elif given is not None:  # a whole schedule, as sent
            schedule = given if isinstance(given, ScheduleSettings) else ScheduleSettings(**given)
        plain = {name: changes[name] for name in CHANGEABLE if name in changes}
        empty = [name for name, value in plain.items() if value is None and name not in NULLABLE]
        if empty:
            raise UserError(f"{', '.join(empty)} cannot be null")
        return replace(self, optimizer=optimizer, schedule=schedule, **plain)

    def check(self, limits: Limits, data: Dataset, model: Model, whole_history: bool,
              later: Sequence[RunSpec] = ()) -> None:
        """Every limit on this run, in one place (app.engine.spec.limits): the data set's and the
        model's sizes, and, when the answer holds the ``whole_history``, its size and work, the
        ``later`` specs its planned events make counted."""
        check_run(self, limits, data, model, whole_history, later)

    # --- as JSON: the shape of the wire (app.schemas.train), every option spelled out --------------
    def as_json(self) -> dict[str, Any]:
        """The spec as POST /api/train takes it (no events): every option of every choice."""
        from app.engine import catalogue  # the catalogue imports the models; a spec is light to import

        def options(kind: str, given: Mapping[str, Value]) -> dict[str, Value]:
            return {p.name: given.get(p.name, p.default) for p in catalogue.params(kind)}

        data = self.dataset
        dataset = {"name": data.name, "seed": data.seed, "standardize": data.standardize,
                   "test_fraction": data.test_fraction, "features": list(data.features) if data.features else None,
                   "prepare": None if data.recipe is None else recipe_json(data.recipe),
                   **options("datasets", data.options)}
        plain = {f.name: getattr(self, f.name) for f in fields(self)
                 if f.name not in ("dataset", "model", "optimizer", "schedule", "init", "precision")}
        return {"dataset": dataset, "model": {"kind": self.model.kind, **options("models", self.model.options)},
                "optimizer": {"name": self.optimizer.name, "learning_rate": self.optimizer.learning_rate,
                              **options("optimizers", self.optimizer.values)},
                "schedule": {f.name: getattr(self.schedule, f.name) for f in fields(self.schedule)},
                "init": None if self.init is None else list(self.init), **plain}

    @classmethod
    def from_json(cls, spec: Mapping[str, Any]) -> RunSpec:
        """A spec from the JSON of a validated request (app.schemas.train checks its types and ranges)."""
        optimizer, schedule = dict(spec.get("optimizer") or {}), spec.get("schedule") or {}
        init = spec.get("init")
        plain = {name: spec[name] for name in (*CHANGEABLE, "seed", "record_every", "params_every") if name in spec}
        return cls(dataset=dataset_from_json(spec.get("dataset") or {}),
                   model=model_from_json(spec.get("model") or {}),
                   optimizer=OptimizerSettings(optimizer.pop("name", "gd"), float(optimizer.pop("learning_rate", 0.1)),
                                               optimizer),
                   schedule=ScheduleSettings(**schedule), init=None if init is None else tuple(init), **plain)


def dataset_from_json(data: Mapping[str, Any]) -> DatasetSpec:
    """The wire's data set: its own fields, and every other key a built-in set's parameter."""
    data = dict(data)
    recipe, features = data.pop("prepare", None), data.pop("features", None)
    return DatasetSpec.of(**data, features=tuple(features) if features else None,
                          recipe=None if recipe is None else recipe_of(recipe))


def model_from_json(model: Mapping[str, Any]) -> ModelSpec:
    options = dict(model)
    return ModelSpec(str(options.pop("kind", "logistic")), options)


def recipe_json(recipe: Recipe) -> dict[str, Any]:
    return {"label": recipe.label, "columns": dict(recipe.columns), "missing": recipe.missing,
            "scale": recipe.scale, "max_levels": recipe.max_levels, "task": recipe.task}


def recipe_of(recipe: Mapping[str, Any]) -> Recipe:
    return Recipe(label=recipe.get("label"), columns=tuple((recipe.get("columns") or {}).items()),
                  **{k: recipe[k] for k in ("missing", "scale", "max_levels", "task") if k in recipe})
