"""The base of every request body, the body of every 4xx answer, and the server's health.

Requests are strict (no "1" for 1, no true for 1.0; 1.0 is 1, as JSON Schema says), reject
unknown keys and reject NaN or Infinity. Fixed ranges live on the fields; a field capped by a
configurable limit is declared with ``limited(..., "max_<name>")``: every request checks those
against the running settings when it is validated, and the OpenAPI schema states them at their
current values (app.schemas.limits).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, model_validator
from pydantic_core import core_schema

from app.schemas.limits import LimitExceeded, check_value, field_limit
from app.settings import current_settings

Seed = Field(0, ge=0, le=2**32 - 1, description="Seed of every random choice in the run")


def _takes_int(annotation: Any) -> bool:
    """int, or int | None."""
    return annotation is int or (get_origin(annotation) in (UnionType, Union) and int in get_args(annotation))


class Among:
    """``Annotated[str, Among(values)]``: one of ``values`` (a tuple the engine declares): a str to
    mypy, an enum to pydantic and to the OpenAPI schema."""

    def __init__(self, values: Iterable[str] | Callable[[], Iterable[str]]):
        self.values = values

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        values = self.values() if callable(self.values) else self.values
        return core_schema.literal_schema(list(values))


class Request(BaseModel):
    """Base of every request body: strict, closed, finite, within the limits."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _integral_floats(cls, data: Any) -> Any:
        """JSON Schema counts 200.0 as an integer, so an int field takes it as 200; never
        200.5, true or "200" (the schemas stay strict about those)."""
        if isinstance(data, dict):
            for name, field in cls.model_fields.items():
                value = data.get(name)
                if isinstance(value, float) and value.is_integer() and _takes_int(field.annotation):
                    data = {**data, name: int(value)}
        return data

    @model_validator(mode="after")
    def _within_limits(self) -> Request:
        """Limited fields within their caps; a default over its cap is lowered to it."""
        settings = current_settings()
        for name, field in type(self).model_fields.items():
            limit = field_limit(field.json_schema_extra)
            if limit is not None:
                value, cap = getattr(self, name), getattr(settings, limit)
                if name not in self.model_fields_set and isinstance(value, int | float) and value > cap:
                    object.__setattr__(self, name, type(value)(cap))
                    continue
                try:
                    check_value(name, getattr(self, name), limit, settings)
                except LimitExceeded as exc:
                    raise ValueError(str(exc)) from None
        return self


class Problem(BaseModel):
    """Every 4xx body: what was wrong, in words."""

    detail: str | list[dict[str, object]]


class HealthResponse(BaseModel):
    status: Literal["ok"]
    sessions: int = Field(description="Open websocket sessions in this worker")
    tasks: int = Field(description="asyncio tasks alive in this worker")
    pid: int = Field(description="This worker's process id")
    heavy_running: int = Field(description="Heavy computations running in this worker")
    heavy_cancelled: int = Field(description="Heavy computations stopped because their client left")
    server_sessions: int = Field(description="Open websocket sessions in every worker (capped by max_sessions)")
    server_heavy_running: int = Field(
        description="Heavy computations running in every worker (at most heavy_pool: the pool of slots)")
    heavy_waiting: int = Field(description="Heavy computations waiting their turn in this worker's fair queue")
    heavy_pool: int = Field(description="Heavy computations the whole server runs at once (heavy_pool; 0 made it "
                                        "one a CPU core)")
