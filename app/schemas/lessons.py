"""The lessons' request models (moving into their lessons' folders)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from app.schemas.base import Request, Seed
from app.schemas.data import DatasetRequest
from app.schemas.limits import limited
from app.schemas.train import ObjectiveRequest

Weight = Annotated[float, Field(ge=0, le=1e6)]


class InformationRequest(Request):
    """Two distributions over the same outcomes, as non-negative weights (each is
    normalised; all zeros, or q null, mean uniform)."""

    p: list[Weight] = Field(min_length=2, max_length=10)
    q: list[Weight] | None = Field(None, min_length=2, max_length=10, description="As many as p; null = uniform")
    unit: Literal["nats", "bits"] = Field("nats", description="nats (natural log) or bits (log base 2)")


Logit = Annotated[float, Field(ge=-1000, le=1000)]  # the max trick keeps e^z finite at any of these
ClassIndex = Annotated[int, Field(ge=0, le=5)]
Probability = Annotated[float, Field(ge=0, le=1)]


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


class EpsilonRequest(Request):
    """One sample's logit z and label y: the loss with epsilon in the log against the stable form."""

    z: float = Field(-25.0, ge=-40, le=40)
    y: int = Field(1, ge=0, le=1)
    epsilon: float = Field(1e-7, ge=1e-12, le=0.1)


class DerivativeChecksRequest(Request):
    """One sample's logits (2-6, within about 9 of each other) and its true class."""

    logits: list[Annotated[float, Field(ge=-20, le=20)]] = Field([3.0, 1.0, -3.0], min_length=2, max_length=6)
    target: ClassIndex = 0


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


class PlateausRequest(Request):
    """The line1d classification set (one feature) for the sigmoid-output (w, b) surfaces."""

    noise: float = Field(0.8, ge=0.2, le=2)
    seed: int = Seed


Typed = Annotated[float, Field(ge=-100, le=100)]  # a number a learner types into a lesson


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


class DerivationRequest(Request):
    """Article 001's derivation at theta = (w1, w2, b): the chain-rule lesson's data set's training
    sample ``index``, or (index null) the typed x = (x1, x2) and y; learning_rate for the one step."""

    theta: list[Typed] = Field([0.5, -0.5, 0.0], min_length=3, max_length=3)
    index: int | None = Field(None, ge=0, le=10_000)
    x: list[Typed] = Field([1.0, 2.0], min_length=2, max_length=2)
    y: int = Field(1, ge=0, le=1, description="The typed sample's label, 0 or 1")
    learning_rate: float = Field(0.5, gt=0, le=10)


class TimingRequest(Request):
    n: int = limited(1_000_000, "max_timing_length", ge=10)


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


class EvaluateRequest(ObjectiveRequest):
    """A model at theta (params; null = the seeded start) on the test part of a data set."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    index: int = Field(0, ge=0, description="probabilities: which test sample")
