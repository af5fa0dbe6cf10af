"""The regression lesson's requests and answers on the wire."""

from __future__ import annotations

from pydantic import Field

from app.schemas.base import Request, Seed


class PlateausRequest(Request):
    """The line1d classification set (one feature) for the sigmoid-output (w, b) surfaces."""

    noise: float = Field(0.8, ge=0.2, le=2)
    seed: int = Seed
