"""The cross entropy lesson's requests and answers on the wire."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from app.lessons.fields import ClassIndex
from app.schemas.base import Request


class EpsilonRequest(Request):
    """One sample's logit z and label y: the loss with epsilon in the log against the stable form."""

    z: float = Field(-25.0, ge=-40, le=40)
    y: int = Field(1, ge=0, le=1)
    epsilon: float = Field(1e-7, ge=1e-12, le=0.1)


class DerivativeChecksRequest(Request):
    """One sample's logits (2-6, within about 9 of each other) and its true class."""

    logits: list[Annotated[float, Field(ge=-20, le=20)]] = Field([3.0, 1.0, -3.0], min_length=2, max_length=6)
    target: ClassIndex = 0
