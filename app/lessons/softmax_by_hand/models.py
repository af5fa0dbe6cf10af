"""The softmax by hand lesson's requests and answers on the wire."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from app.lessons.fields import ClassIndex, Logit, Probability
from app.schemas.base import Request


class SoftmaxByHandRequest(Request):
    """Rows of logits (1-4 rows of 2-6 classes, all rows as long) and each row's true class."""

    logits: list[Annotated[list[Logit], Field(min_length=2, max_length=6)]] = Field(min_length=1, max_length=4)
    targets: list[ClassIndex] = Field(min_length=1, max_length=4, description="One true class per row")


class PredictionRow(Request):
    """One sample: the model's probabilities (normalised; all zeros = uniform) and the true class."""

    p: list[Probability] = Field(min_length=2, max_length=6)
    target: ClassIndex = Field(description="Below the number of probabilities")


class CompareModelsRequest(Request):
    """Models as rows of predicted probabilities, each row with its true class."""

    models: list[Annotated[list[PredictionRow], Field(min_length=1, max_length=6)]] = Field(min_length=1, max_length=3)
