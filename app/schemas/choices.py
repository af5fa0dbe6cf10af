"""The request parts built from the catalogue (app.engine.catalogue): a model, an optimizer, a
schedule, a data set's own options, and the name of any kind's choice.

Each is a class declared here with the fields the code reads (so mypy checks the class that
runs), decorated by ``with_fields``: the one typed factory, here adding a field for every parameter
that the kind's choices declare, with its type, range, default, limit and words.
A name is ``Annotated[str, OneOf(kind)]``: a str to mypy, one of the kind's names to pydantic
and to the OpenAPI schema (app.schemas.base.Among).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, Field, create_model

from app.engine import catalogue
from app.engine.params import Param
from app.engine.spec.run import ModelSpec, model_from_json
from app.engine.training.optimizers import LEARNING_RATE
from app.schemas.base import Among, Request
from app.schemas.limits import LIMIT_KEY

M = TypeVar("M", bound=BaseModel)


def OneOf(kind: str) -> Among:
    """``Annotated[str, OneOf("losses")]``: the name of one of a kind's choices."""
    return Among(lambda: catalogue.names(kind))


LossName = Annotated[str, OneOf("losses")]
OptimizerName = Annotated[str, OneOf("optimizers")]
ScheduleName = Annotated[str, OneOf("schedules")]


def param_field(param: Param, optional: bool = False) -> tuple[Any, Any]:
    """A catalogue parameter as a pydantic field: its type, range, default, limit and words.
    ``optional``: None by default, meaning "unchanged" (a partial update)."""
    kind: Any = {"float": float, "int": int, "bool": bool}.get(param.kind)
    if param.kind == "choice":
        kind = Literal[param.choices]
    bounds: dict[str, Any] = {}
    if param.low is not None:
        bounds["gt" if param.low_open else "ge"] = param.low
    if param.high is not None:
        bounds["lt" if param.high_open else "le"] = param.high
    if param.limit is not None:
        bounds["json_schema_extra"] = {LIMIT_KEY: param.limit}
    if optional or param.nullable:
        kind = kind | None
    default: Any = None if optional else param.default
    return kind, Field(default, description=f"{param.label}: {param.description}", **bounds)


def with_fields(fields: Mapping[str, tuple[Any, Any]]) -> Callable[[type[M]], type[M]]:
    """The typed factory: a class decorator that adds ``fields`` (name -> (type, Field)) to the
    class it decorates. mypy checks the class as declared; pydantic validates the class with
    every field, built from the catalogue at import."""
    def build(cls: type[M]) -> type[M]:
        words = " ".join((cls.__doc__ or "").split())  # the docstring as one paragraph (OpenAPI's description)
        return create_model(cls.__name__, __base__=cls, __module__=cls.__module__, __doc__=words,
                            **fields)  # type: ignore[call-overload]
    return build


def params_fields(kind: str, *common: Param, optional: bool = False) -> dict[str, tuple[Any, Any]]:
    """A field for each of ``common`` and every parameter that the choices of ``kind`` declare
    (each choice reads its own); ``optional``: each None by default, meaning unchanged."""
    return {param.name: param_field(param, optional) for param in (*common, *catalogue.params(kind))}


def _one_of(kind: str) -> str:
    return f"One of {', '.join(catalogue.names(kind))}"


@with_fields(params_fields("models"))
class ModelRequest(Request):
    """Which model, with its own options (see GET /api/catalogue)."""

    kind: Annotated[str, OneOf("models")] = Field("logistic", description=_one_of("models"))

    def to_spec(self) -> ModelSpec:
        """The engine's description of this model."""
        return model_from_json(self.model_dump())


@with_fields(params_fields("optimizers", LEARNING_RATE))
class OptimizerRequest(Request):
    """Which optimizer, its learning rate and its hyperparameters (each optimizer reads its own;
    see GET /api/catalogue)."""

    name: OptimizerName = Field("gd", description=_one_of("optimizers"))
    learning_rate: float = 0.1


@with_fields(params_fields("schedules"))
class ScheduleRequest(Request):
    """Which learning-rate schedule, with its parameters (each reads its own)."""

    name: ScheduleName = Field("constant", description=_one_of("schedules"))
