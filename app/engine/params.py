"""How a model, loss, optimizer, schedule, activation or data set describes itself,
once, where it is implemented (PyTorch's ``defaults``, TF Playground's key maps).

Each such class (or registry entry) carries ``name`` (as the API, the URL and
the CLI spell it), ``label`` (for the page), ``description`` (one line) and
``params``: its hyperparameters as ``Param``s. app.engine.catalogue collects
them; the request schemas, the pages' controls, the CLI's flags and the tests
are built from that collection. Nothing here imports pydantic or the web.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Value = float | int | str | bool | None
Task = Literal["classification", "regression"]  # what a data set's y is: labels, or real numbers


@dataclass(frozen=True)
class Param:
    """One hyperparameter.

    ``kind`` float or int: the valid range is [low, high], an end excluded when
    ``low_open``/``high_open``; ``scale`` says how a slider moves (log for rates
    spanning decades); ``slider`` is the page's range when narrower than the
    valid one. ``kind`` choice: one of ``choices``. ``nullable``: None is allowed
    and means ``default_text``. ``limit`` names the server setting that caps it
    (the request schemas check it; the engine only names it).
    """

    name: str
    label: str
    description: str
    default: Value
    kind: Literal["float", "int", "choice", "bool"] = "float"
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    scale: Literal["linear", "log"] = "linear"
    slider: tuple[float, float] | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    nullable: bool = False
    default_text: str = ""
    shown_if: tuple[str, int] | None = None  # (another param, n): read only when that one is at least n
    limit: str | None = None  # the configurable limit (a setting's name, e.g. max_samples) that caps it

    def check(self, value: Value) -> str | None:
        """What is wrong with ``value``, or None when it is allowed."""
        if value is None:
            return None if self.nullable else f"{self.name} cannot be null"
        if self.kind == "choice":
            return None if value in self.choices else f"{self.name} must be one of {', '.join(self.choices)}"
        if self.kind == "bool":
            return None if isinstance(value, bool) else f"{self.name} must be true or false"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{self.name} must be a number"
        if self.kind == "int" and not float(value).is_integer():
            return f"{self.name} must be a whole number"
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return f"{self.name} must be {'above' if self.low_open else 'at least'} {self.low:g}"
        if self.high is not None and (value > self.high or (self.high_open and value == self.high)):
            return f"{self.name} must be {'below' if self.high_open else 'at most'} {self.high:g}"
        return None

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "label": self.label, "description": self.description,
                                  "default": self.default, "kind": self.kind}
        if self.kind in ("float", "int"):
            out.update(low=self.low, high=self.high, low_open=self.low_open, high_open=self.high_open,
                       scale=self.scale, slider=list(self.slider or (self.low, self.high)), step=self.step)
        if self.kind == "choice":
            out["choices"] = list(self.choices)
        if self.nullable:
            out["nullable"] = True
            out["default_text"] = self.default_text
        if self.shown_if:
            out["shown_if"] = {"param": self.shown_if[0], "at_least": self.shown_if[1]}
        return out


@dataclass(frozen=True)
class Entry:
    """One choice of a kind (an optimizer, a loss, ...) as the catalogue lists it.
    ``belongs_to`` names what it goes with (a loss's output layers, for example); ``extra`` holds
    what only its kind says, and goes into its JSON as it is."""

    kind: str
    name: str
    label: str
    description: str
    params: tuple[Param, ...] = ()
    belongs_to: tuple[str, ...] = field(default=())
    extra: Mapping[str, object] = field(default_factory=dict)  # what only this kind says (a loss's short name)

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "label": self.label, "description": self.description,
                "params": [p.name for p in self.params], "belongs_to": list(self.belongs_to), **self.extra}


def distinct(groups: Iterable[tuple[Param, ...]]) -> list[Param]:
    """Every parameter of several choices, each once (by name), in the order first declared."""
    seen: dict[str, Param] = {}
    for params in groups:
        for param in params:
            seen.setdefault(param.name, param)
    return list(seen.values())
