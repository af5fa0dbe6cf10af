"""The activations lesson's requests and answers on the wire."""

from __future__ import annotations

from pydantic import Field

from app.schemas.base import Request, Seed
from app.schemas.limits import limited


class VanishingRequest(Request):
    depth: int = Field(10, ge=2, le=30)
    width: int = Field(32, ge=4, le=128)
    seed: int = Seed


class ActivationTimingRequest(Request):
    """sigmoid, tanh and ReLU timed on the same n random numbers, rounds times each."""

    n: int = limited(1_000_000, "max_timing_length", ge=10)
    rounds: int = Field(7, ge=3, le=15)


class ReluTrainedRequest(Request):
    """A two-hidden-layer ReLU network trained by gradient descent on circles."""

    hidden: int = Field(16, ge=4, le=64)
    steps: int = Field(1000, ge=1, le=3000)
    seed: int = Seed
