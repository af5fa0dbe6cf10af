"""The catalogue on the wire (GET /api/catalogue): every choice of every kind with its words and its
parameters, each parameter once, by name (app.engine.catalogue builds it; app.engine.params says what
each field means)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Value = float | int | str | bool | None


class ParamInfo(BaseModel):
    """One parameter: its words, default and range (a number), or its choices."""

    name: str
    label: str
    description: str
    default: Value
    kind: Literal["float", "int", "choice", "bool"]
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    scale: Literal["linear", "log"] = "linear"
    slider: list[float] | None = Field(None, description="The page's range, when narrower than the valid one")
    step: float | None = None
    choices: list[str] | None = None
    nullable: bool = False
    default_text: str | None = Field(None, description="What null means, for a nullable parameter")
    shown_if: dict[str, str | int] | None = Field(None, description="{param, at_least}: read only when that "
                                                                      "parameter is at least that much")


class EntryInfo(BaseModel):
    """One choice of a kind: the parameters it reads, and what it goes with (``belongs_to``: a model's
    tasks, a loss's output layers, a data set's kind and task)."""

    name: str
    label: str
    description: str
    params: list[str]
    belongs_to: list[str]
    short: str | None = Field(None, description="A loss: its name in a legend (MSE)")
    words: str | None = Field(None, description="A loss: its name in a sentence (mean squared error)")
    kink: str | None = Field(None, description="A loss: where it is not smooth (empty: nowhere)")
    class_names: list[str] | None = Field(None, description="A data set: its classes (empty: a regression)")


class ScenarioInfo(BaseModel):
    """A playground scenario (app.engine.scenarios): page state with a sentence on what to watch."""

    name: str
    title: str
    text: str = Field(description="What its runs show, with the numbers the tests check")
    settings: dict[str, Any] = Field(description="The playground's URL keys it sets (static/js/state.js)")
    race: list[str] = Field(description="Extra runners, optimizer:rate[:key=value...]")


class CatalogueInfo(BaseModel):
    models: list[EntryInfo]
    losses: list[EntryInfo]
    optimizers: list[EntryInfo]
    schedules: list[EntryInfo]
    activations: list[EntryInfo]
    datasets: list[EntryInfo]
    params: dict[str, ParamInfo] = Field(description="Every parameter of every choice, once, by name")
    common: list[str] = Field(description="The parameters every run has (learning rate, seed, ...)")
    scenarios: list[ScenarioInfo] = Field(description="The playground's scenarios")
