"""Softmax by hand on the wire: the typed logits and true classes (SoftmaxByHandRequest) and every
step of softmax and cross-entropy the engine answers for each row (SoftmaxByHandAnswer); and the
two models given as rows of probabilities (CompareModelsRequest) with their error rate,
cross-entropy and MSE (CompareModelsAnswer). A number that is not finite (an overflowing e^z, a
−t/p at p = 0, an infinite −ln 0) goes as null."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.lessons.fields import ClassIndex, Logit, Probability
from app.schemas.base import Request


class SoftmaxByHandRequest(Request):
    """Rows of logits (1-4 rows of 2-6 classes, all rows as long) and each row's true class."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"logits": [[3, 1, -3], [2, 8, 1]], "targets": [0, 1]}]})

    logits: list[Annotated[list[Logit], Field(min_length=2, max_length=6)]] = Field(min_length=1, max_length=4)
    targets: list[ClassIndex] = Field(min_length=1, max_length=4, description="One true class per row")


class HandRow(BaseModel):
    """One row of logits z (K classes), step by step."""

    z: list[float] = Field(description="The logits as given")
    max: float = Field(description="max_k z_k, subtracted before exponentiating")
    shifted: list[float] = Field(description="z_k − max: none is positive")
    exp_raw: list[float | None] = Field(description="The textbook's e^{z_k}; null where it overflows (z above ~709)")
    sum_raw: float | None = Field(description="Σ_k e^{z_k}; null where it overflows")
    exp: list[float] = Field(description="e^{z_k − max}")
    sum: float = Field(description="S = Σ_k e^{z_k − max}")
    p: list[float] = Field(description="The shares p_k = e^{z_k − max} / S: softmax(z)")
    sum_p: float = Field(description="Σ_k p_k (1 up to rounding)")
    target: int = Field(description="The true class y")
    t: list[float] = Field(description="The one-hot target")
    ce: float = Field(description="Cross-entropy −ln p_y, in nats")
    p_minus_t: list[float] = Field(description="p − t")
    grad: list[float] = Field(description="The engine's dL/dz (categorical cross-entropy, m = 1)")
    jacobian: list[list[float]] = Field(description="J_ij = dp_i/dz_j = p_i (δ_ij − p_j), K x K")
    dl_dp: list[float | None] = Field(description="dL/dp = −t/p; null where it is −∞ (p_y = 0)")
    jt_dl_dp: list[float | None] = Field(description="Jᵀ (dL/dp): p − t again; null where not finite")


class SoftmaxByHandAnswer(BaseModel):
    rows: list[HandRow]
    mean_ce: float = Field(description="Mean cross-entropy over the rows, in nats")
    error_rate: float = Field(description="Share of rows whose largest p is not the true class")
    predicted: list[int] = Field(description="argmax_k p_k of each row")


class PredictionRow(Request):
    """One sample: the model's probabilities (normalised; all zeros = uniform) and the true class."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"p": [0.3, 0.3, 0.4], "target": 2}]})

    p: list[Probability] = Field(min_length=2, max_length=6)
    target: ClassIndex = Field(description="Below the number of probabilities")


class CompareModelsRequest(Request):
    """Models as rows of predicted probabilities, each row with its true class."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"models": [
        [{"p": [0.3, 0.3, 0.4], "target": 2}, {"p": [0.3, 0.4, 0.3], "target": 1}, {"p": [0.1, 0.2, 0.7], "target": 0}],
        [{"p": [0.1, 0.2, 0.7], "target": 2}, {"p": [0.1, 0.7, 0.2], "target": 1}, {"p": [0.3, 0.4, 0.3], "target": 0}],
    ]}]})

    models: list[Annotated[list[PredictionRow], Field(min_length=1, max_length=6)]] = Field(min_length=1, max_length=3)


class ModelScore(BaseModel):
    """One model's rows, scored."""

    p: list[list[float]] = Field(description="Its rows of probabilities, each normalised to sum to 1")
    targets: list[int] = Field(description="Each row's true class")
    errors: int = Field(description="Rows whose largest probability is not the true class")
    rows: int
    error_rate: float = Field(description="errors / rows")
    ce_rows: list[float | None] = Field(description="−ln p_y of each row, in nats; null where p_y = 0 (∞)")
    ce: float | None = Field(description="Mean cross-entropy; null where a row's is ∞")
    mse_rows: list[float] = Field(description="Σ_k (p_k − t_k)² of each row")
    mse: float = Field(description="Mean of mse_rows")


class CompareModelsAnswer(BaseModel):
    models: list[ModelScore] = Field(description="One per model, in the request's order")
