"""Limits in the request schemas: how a field names the setting that caps it, the check of such a
field when a request is parsed, and the OpenAPI schema that states each cap at its current value.
(A run's sizes and work are checked in app.engine.spec.limits.)

A request field declared with ``limited(default, "max_steps", ...)`` is checked
against ``current_settings().max_steps`` when the request is validated (numbers
by value, lists by length; a default over the cap is lowered to it), and the
published OpenAPI schema carries that value as the field's ``maximum`` (or
``maxItems``), plus ``x-limit`` naming the setting.
No HTTP here: the API maps ``LimitExceeded`` to a 422, the CLI to exit 2.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from app.engine.errors import LimitExceeded
from app.settings import Settings

LIMIT_KEY = "x-limit"


def limited(default: Any, limit: str, **kwargs: Any) -> Any:
    """A pydantic Field capped by the setting called ``limit``."""
    if limit not in Settings.model_fields:
        raise ValueError(f"no setting called {limit!r}")
    return Field(default, json_schema_extra={LIMIT_KEY: limit}, **kwargs)


def field_limit(extra: object) -> str | None:
    value = extra.get(LIMIT_KEY) if isinstance(extra, dict) else None
    return value if isinstance(value, str) else None


def check_value(what: str, value: object, limit_name: str, settings: Settings) -> None:
    """Raise LimitExceeded when ``value`` (a number, or a list by its length) passes its cap."""
    cap = getattr(settings, limit_name)
    if isinstance(value, list | tuple):
        if len(value) > cap:
            raise LimitExceeded(f"the length of {what}", len(value), limit_name, cap)
    elif isinstance(value, int | float) and not isinstance(value, bool) and value > cap:
        raise LimitExceeded(what, value, limit_name, cap)


def _cap_schema(prop: dict[str, Any], cap: float) -> None:
    for branch in prop.get("anyOf", []):
        _cap_schema(branch, cap)
    kind = prop.get("type")
    if kind in ("integer", "number"):
        prop["maximum"] = min(prop.get("maximum", cap), cap)
        if isinstance(prop.get("default"), int | float) and prop["default"] > cap:
            prop["default"] = cap  # a default over its cap is lowered to it
    elif kind == "array":
        prop["maxItems"] = int(min(prop.get("maxItems", cap), cap))


def state_limits(openapi: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Write each limited field's current cap into an OpenAPI document, in place."""
    for schema in openapi.get("components", {}).get("schemas", {}).values():
        for prop in schema.get("properties", {}).values():
            name = field_limit(prop)
            if name is not None:
                _cap_schema(prop, getattr(settings, name))
    return openapi
