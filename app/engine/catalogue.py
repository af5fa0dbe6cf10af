"""The catalogue: every model, loss, optimizer, schedule, activation and built-in
data set, as each declares itself where it is implemented (app.engine.params).

This is the one list that the request schemas (app.schemas), the pages'
menus and sliders, the CLI's flags and the tests are built from, and that
GET /api/catalogue serves. Adding an optimizer is adding its class.
"""

from __future__ import annotations

from app.engine.data import sets
from app.engine.data.datasets import PREPARATION
from app.engine.params import Entry, Param, distinct
from app.engine.scenarios import SCENARIOS
from app.engine.training import losses
from app.engine.training.activations import ACTIVATIONS
from app.engine.training.optimizers import LEARNING_RATE, OPTIMIZERS
from app.engine.training.registry import MODELS
from app.engine.training.schedules import SCHEDULES

KINDS = ("models", "losses", "optimizers", "schedules", "activations", "datasets")


def entries() -> dict[str, list[Entry]]:
    """Each kind's choices, in the order the menus show them."""
    return {
        "models": [Entry("model", cls.kind, cls.label, cls.description, cls.params, cls.tasks)
                   for cls in MODELS.values()],
        "losses": losses.entries(),
        "optimizers": [Entry("optimizer", cls.name, cls.label, cls.description, cls.params)
                       for cls in OPTIMIZERS.values()],
        "schedules": [Entry("schedule", s.name, s.label, s.description, s.params) for s in SCHEDULES.values()],
        "activations": [Entry("activation", a.name, a.label, a.description) for a in ACTIVATIONS.values()],
        "datasets": sets.entries(),
    }


def names(kind: str) -> tuple[str, ...]:
    """The names of one kind's choices: catalogue.names("optimizers") -> ("gd", ...)."""
    return tuple(entry.name for entry in entries()[kind])


def params(kind: str) -> list[Param]:
    """Every parameter that one kind's choices declare, each once, in order."""
    return distinct(entry.params for entry in entries()[kind])


COMMON = {"learning_rate": LEARNING_RATE, **{p.name: p for p in PREPARATION}}


def as_json() -> dict[str, object]:
    """The whole catalogue for GET /api/catalogue and the pages: each kind's choices,
    every parameter once (by name), the parameters every run has, and the playground's
    scenarios (app.engine.scenarios)."""
    every = {p.name: p for kind in KINDS for p in params(kind)} | COMMON
    return {
        **{kind: [entry.as_json() for entry in items] for kind, items in entries().items()},
        "params": {name: param.as_json() for name, param in every.items()},
        "common": list(COMMON),
        "scenarios": [scenario.as_json() for scenario in SCENARIOS],
    }
