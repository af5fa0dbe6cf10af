"""Softmax on digits on the wire: a model at theta on a data set's test part (EvaluateRequest), and
the two readouts the page asks of it: the confusion matrix with each class's weight template
(ConfusionAnswer) and one test sample's class probabilities (ProbabilitiesAnswer)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.schemas.base import Seed
from app.schemas.limits import limited
from app.schemas.train import ObjectiveRequest


class EvaluateRequest(ObjectiveRequest):
    """A model at theta (params; null = the seeded start) on the test part of a data set."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    index: int = Field(0, ge=0, description="probabilities: which test sample")


class ConfusionAnswer(BaseModel):
    matrix: list[list[int]] = Field(description="matrix[i][j]: test samples of class i predicted as class j")
    class_names: list[str]
    templates: list[float | None] | None = Field(
        description="Softmax regression on raw pixels: for each class, the correlation of its weights with its "
                    "mean image minus the mean of all images (null where a class's weights or contrast are flat); "
                    "null for any other model or features")


class ProbabilitiesAnswer(BaseModel):
    index: int = Field(description="Which test sample")
    features: list[float] = Field(description="Its raw features (for the digits: the 64 pixels' ink, 0 to 16)")
    label: int = Field(description="Its true class, an index into class_names")
    probabilities: list[float | None] = Field(description="The model's probability of each class (null where "
                                                          "theta is too large for them to be finite)")
    class_names: list[str]
    n_test: int = Field(description="Test samples in the set: index is below it")
