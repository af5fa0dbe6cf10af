"""Helpers shared by the engine's frozen settings dataclasses."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TypeVar

from app.engine.errors import UserError

T = TypeVar("T")


def replace_known(settings: T, what: str, **changes: object) -> T:
    """``dataclasses.replace`` that names unknown fields in its error."""
    known = {f.name for f in fields(settings)}  # type: ignore[arg-type]
    unknown = sorted(set(changes) - known)
    if unknown:
        raise UserError(f"unknown {what} setting(s): {', '.join(unknown)}")
    return replace(settings, **changes)  # type: ignore[type-var]
