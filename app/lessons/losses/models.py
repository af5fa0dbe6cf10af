"""The losses lesson's requests and answers on the wire."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.lessons.fields import Weight
from app.schemas.base import Request


class InformationRequest(Request):
    """Two distributions over the same outcomes, as non-negative weights (each is
    normalised; all zeros, or q null, mean uniform)."""

    p: list[Weight] = Field(min_length=2, max_length=10)
    q: list[Weight] | None = Field(None, min_length=2, max_length=10, description="As many as p; null = uniform")
    unit: Literal["nats", "bits"] = Field("nats", description="nats (natural log) or bits (log base 2)")
