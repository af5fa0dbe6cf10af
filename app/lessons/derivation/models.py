"""The derivation lesson's requests and answers on the wire."""

from __future__ import annotations

from pydantic import Field

from app.lessons.fields import Typed
from app.schemas.base import Request


class DerivationRequest(Request):
    """Article 001's derivation at theta = (w1, w2, b): the chain-rule lesson's data set's training
    sample ``index``, or (index null) the typed x = (x1, x2) and y; learning_rate for the one step."""

    theta: list[Typed] = Field([0.5, -0.5, 0.0], min_length=3, max_length=3)
    index: int | None = Field(None, ge=0, le=10_000)
    x: list[Typed] = Field([1.0, 2.0], min_length=2, max_length=2)
    y: int = Field(1, ge=0, le=1, description="The typed sample's label, 0 or 1")
    learning_rate: float = Field(0.5, gt=0, le=10)
