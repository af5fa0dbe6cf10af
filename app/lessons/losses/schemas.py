"""The loss gallery on the wire: the margin losses' curves (GET /api/lessons/margin-losses), and the
request and answer of POST /api/lessons/information (entropy, cross-entropy and KL divergence of two
distributions, which the cross-entropy pitfalls page asks for too, with q = p)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.lessons.fields import Weight
from app.schemas.base import Request


class InformationRequest(Request):
    """Two distributions over the same outcomes, as non-negative weights (each is
    normalised; all zeros, or q null, mean uniform)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"p": [4, 3, 2, 1], "q": [1, 1, 1, 1], "unit": "nats"}]})

    p: list[Weight] = Field(min_length=2, max_length=10)
    q: list[Weight] | None = Field(None, min_length=2, max_length=10, description="As many as p; null = uniform")
    unit: Literal["nats", "bits"] = Field("nats", description="nats (natural log) or bits (log base 2)")


class MarginLossesAnswer(BaseModel):
    """Each classification loss at the same margins m = y·f(x), y in {−1, +1}: one value per margin."""

    margin: list[float] = Field(description="The margins, 251 evenly spaced from −2 to 3")
    zero_one: list[float] = Field(description="1 where m ≤ 0, else 0: the mistakes counted")
    absolute: list[float] = Field(description="|1 − m|")
    squared: list[float] = Field(description="(1 − m)²")
    log: list[float] = Field(description="ln(1 + e^(−m)), in nats like every training loss")
    log2: list[float] = Field(description="log₂(1 + e^(−m)): the log loss in bits, 1 at m = 0")
    hinge: list[float] = Field(description="max(0, 1 − m)")
    exponential: list[float] = Field(description="e^(−m)")


class InformationAnswer(BaseModel):
    """H(p), H(p, q), KL(p ‖ q) and H(q) in the unit asked for, with p and q normalised."""

    unit: Literal["nats", "bits"]
    p: list[float] = Field(description="p's weights divided by their sum")
    q: list[float] = Field(description="q's weights divided by their sum (uniform where q was null or all zeros)")
    entropy: float = Field(description="H(p) = −Σ p log p, with 0 log 0 = 0")
    cross_entropy: float | None = Field(description="H(p, q) = −Σ p log q; null (infinite) where q = 0 < p")
    kl: float | None = Field(description="KL(p ‖ q) = H(p, q) − H(p); null (infinite) where q = 0 < p")
    entropy_q: float = Field(description="H(q) = −Σ q log q")
