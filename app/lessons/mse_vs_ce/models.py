"""The mse vs ce lesson's requests and answers on the wire."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from app.schemas.base import Request, Seed
from app.schemas.data import DatasetRequest


class CompareLossesRequest(Request):
    """The CE-vs-MSE article's experiment: CE against MSE, mini-batch SGD on digits."""

    task: Literal["binary", "softmax"] = "softmax"
    epochs: int = Field(5, ge=1, le=10)
    batch_size: int = Field(32, ge=1, le=1024)
    learning_rate: float = Field(0.05, gt=0, le=10)
    digit: int = Field(0, ge=0, le=9)
    seed: int = Seed
    dataset: DatasetRequest | None = Field(None, description="null: the built-in 8×8 digits (a quarter for "
                                                             "testing); else a data set of 3 or more classes, "
                                                             "such as an uploaded MNIST")


class LearningRateSweepRequest(CompareLossesRequest):
    """The experiment's final test accuracy, both losses, at each learning rate (learning_rate unused)."""

    learning_rates: list[Annotated[float, Field(gt=0, le=10)]] = Field(
        [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0], min_length=1, max_length=12)


class DzPointsRequest(Request):
    """Outputs a of one sigmoid unit, and its target y: dL/dz of both losses at each."""

    a: list[Annotated[float, Field(gt=0, lt=1)]] = Field([0.98, 0.82], min_length=1, max_length=4)
    y: int = Field(0, ge=0, le=1, description="The target: 0 or 1")
