"""The chain rule lesson's requests and answers on the wire."""

from __future__ import annotations

from pydantic import Field

from app.lessons.fields import Typed
from app.schemas.base import Request, Seed
from app.schemas.data import DatasetRequest
from app.schemas.limits import limited


class ChainRuleRequest(Request):
    """One sample of a logistic regression at theta (params; null = the seeded start): the data set's
    training sample ``index``, or the typed x (as many values as the data set has features) and y."""

    dataset: DatasetRequest = Field(default_factory=DatasetRequest)
    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    index: int = Field(0, ge=0)
    x: list[Typed] | None = Field(None, min_length=1, max_length=10, description="Typed x, taken as typed "
                                                                                  "(null: the sample index)")
    y: int | None = Field(None, ge=0, le=1, description="The typed sample's label, 0 or 1; required with x")


class TimingRequest(Request):
    n: int = limited(1_000_000, "max_timing_length", ge=10)
