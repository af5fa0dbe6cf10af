"""MSE vs cross-entropy on the wire: the fixed curves of one sample's loss and dL/dz (the GET answers
ProbabilityLossesAnswer and DzCurvesAnswer), dL/dz at outputs a learner chooses (DzPointsRequest,
DzPointsAnswer), and the digits experiment: test accuracy per epoch of both losses
(CompareLossesRequest, CompareLossesAnswer) and their final accuracy at each learning rate
(LearningRateSweepRequest, LearningRateSweepAnswer). An accuracy that was not measured, or a gap
between two that were not, goes as null."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

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


class ProbabilityLossesAnswer(BaseModel):
    """One sample's loss against its predicted probability a, for each label y (the _y1 and _y0 curves)."""

    a: list[float] = Field(description="Predicted probabilities a = P(y = 1), 0.005 to 0.995")
    cross_entropy_y1: list[float] = Field(description="Cross-entropy at each a, label 1: −ln a")
    cross_entropy_y0: list[float] = Field(description="Cross-entropy at each a, label 0: −ln(1 − a)")
    mse_y1: list[float] = Field(description="MSE at each a, label 1: ½(a − 1)²")
    mse_y0: list[float] = Field(description="MSE at each a, label 0: ½a²")


class DzPoint(BaseModel):
    """dL/dz of both losses for one sample whose output is a and target y."""

    a: float = Field(description="The output a = sigmoid(z)")
    z: float = Field(description="Its logit, ln(a / (1 − a))")
    y: int = Field(description="The target: 0 or 1")
    cross_entropy: float = Field(description="Cross-entropy's dL/dz: a − y")
    mse: float = Field(description="MSE's dL/dz: (a − y) a (1 − a)")


class DzCurvesAnswer(BaseModel):
    """dL/dz against z for each label y (the _y1 and _y0 curves), and the article's two points."""

    z: list[float] = Field(description="Logits, −8 to 8")
    a: list[float] = Field(description="sigmoid(z) at each z")
    cross_entropy_y1: list[float] = Field(description="Cross-entropy's dL/dz at each z, label 1: a − 1")
    cross_entropy_y0: list[float] = Field(description="Cross-entropy's dL/dz at each z, label 0: a")
    mse_y1: list[float] = Field(description="MSE's dL/dz at each z, label 1: (a − 1) a (1 − a)")
    mse_y0: list[float] = Field(description="MSE's dL/dz at each z, label 0: a² (1 − a)")
    marks: list[DzPoint] = Field(description="The article's outputs a = 0.98 and 0.82 for a target of 0")


class DzPointsAnswer(BaseModel):
    marks: list[DzPoint] = Field(description="One per output a, in the request's order")


class CompareLossesAnswer(BaseModel):
    """Test accuracy after each epoch of a model trained with each loss, from the same start."""

    epochs: list[int] = Field(description="0 (the start) to the request's epochs")
    task: Literal["binary", "softmax"]
    steps_per_epoch: int = Field(description="Mini-batch steps an epoch: ceil(n_train / batch_size)")
    baseline: float = Field(description="Test accuracy of always answering the training set's most common class")
    n_train: int
    n_test: int
    class_names: list[str] = Field(description="binary: [\"rest\", the digit]; softmax: every class")
    cross_entropy: list[float | None] = Field(description="Test accuracy after each epoch, trained with "
                                                          "cross-entropy; null where not measured")
    mse: list[float | None] = Field(description="The same, trained with MSE")


class LearningRateSweepAnswer(BaseModel):
    """Final test accuracy of each loss at each learning rate, from the same start on the same split."""

    task: Literal["binary", "softmax"]
    learning_rates: list[float] = Field(description="The request's rates, sorted, each once")
    epochs: int
    steps_per_epoch: int = Field(description="Mini-batch steps an epoch: ceil(n_train / batch_size)")
    baseline: float = Field(description="Test accuracy of always answering the training set's most common class")
    n_train: int
    n_test: int
    cross_entropy: list[float | None] = Field(description="Final test accuracy at each rate, trained with "
                                                          "cross-entropy; null where not measured")
    mse: list[float | None] = Field(description="The same, trained with MSE")
    gap: list[float | None] = Field(description="cross_entropy − mse at each rate; null where either is null")
