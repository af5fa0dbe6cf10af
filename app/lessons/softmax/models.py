"""The softmax lesson's requests and answers on the wire."""

from __future__ import annotations

from pydantic import Field

from app.schemas.base import Seed
from app.schemas.limits import limited
from app.schemas.train import ObjectiveRequest


class EvaluateRequest(ObjectiveRequest):
    """A model at theta (params; null = the seeded start) on the test part of a data set."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    index: int = Field(0, ge=0, description="probabilities: which test sample")
