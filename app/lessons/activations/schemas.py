"""The activations lesson on the wire: the curves of every activation (GET /api/lessons/activations),
and the requests and answers of its experiments: gradients through deep stacks (POST /vanishing), the
activations timed (POST /activation-timing) and ReLU's idle units after training (POST /relu-trained).
An answer with a field per activation has one for each of the engine's (app.engine.training.activations)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field

from app.engine.training.activations import ACTIVATIONS
from app.lessons.activations.maths import TIMED
from app.schemas.base import Request, Seed
from app.schemas.choices import with_fields
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


def per_activation(kind: Any, words: str, names: Iterable[str] = tuple(ACTIVATIONS)) -> dict[str, tuple[Any, Any]]:
    """A field of type ``kind`` for each activation's name (``words``: what it holds, {name} its name)."""
    return {name: (kind, Field(description=words.format(name=name))) for name in names}


class Curve(BaseModel):
    value: list[float] = Field(description="g(z) at each z")
    derivative: list[float] = Field(description="g′(z) at each z")


@with_fields(per_activation(Curve, "{name} and its derivative"))
class ActivationCurvesAnswer(BaseModel):
    """Every activation g and its derivative g′ at the same z: one field per activation."""

    z: list[float] = Field(description="241 values of z from −6 to 6")


@with_fields(per_activation(list[float | None], "{name}: |dJ/dW_l| / |dJ/dW_l+1| for l = 1 .. depth − 1; "
                                               "null where the upper one is 0"))
class LayerRatios(BaseModel):
    """How much each layer shrinks (< 1) or grows (> 1) the gradient on its way towards the input."""


class LinearCollapse(BaseModel):
    """A deep net with the linear activation, 4 inputs -> layers of 8 -> 3 outputs, and its one map X·W + b."""

    depth: int
    shapes: list[list[int]] = Field(description="Each layer's weight matrix's shape (inputs, outputs)")
    product: list[list[float]] = Field(description="W = W₁W₂⋯W_L, 4 × 3")
    bias: list[float] = Field(description="b, the biases carried through the layers, 3")
    deep_rows: list[list[float]] = Field(description="The deep net's outputs for the first 4 samples")
    single_rows: list[list[float]] = Field(description="X·W + b for the same samples")
    max_difference: float = Field(description="Largest |deep − single| over the 64 samples: rounding only")


@with_fields(per_activation(list[float], "{name}: RMS of dJ/dW per layer, layer 1 nearest the input"))
class VanishingAnswer(BaseModel):
    """Gradient sizes through a stack of each activation, their layer-to-layer ratios, ReLU's idle units
    and the linear stack's collapse: one field of gradient sizes per activation."""

    layers: list[int] = Field(description="1 .. depth")
    ratios: LayerRatios
    relu_inactive: list[float] = Field(description="Per layer of the ReLU stack: the share of (sample, unit) "
                                                   "pairs with z ≤ 0")
    collapse: LinearCollapse


class TimingStats(BaseModel):
    """Seconds for one activation on the n numbers, over the rounds."""

    min: float
    median: float
    max: float


@with_fields(per_activation(TimingStats, "{name}'s seconds", TIMED))
class TimedSeconds(BaseModel):
    """Each timed activation's seconds."""


@with_fields(per_activation(float, "{name}'s median over ReLU's", TIMED))
class RatiosToRelu(BaseModel):
    """Each timed activation's median seconds over ReLU's."""


class ActivationTimingAnswer(BaseModel):
    """sigmoid, tanh and ReLU timed on the same n numbers, rounds times each, interleaved."""

    n: int
    rounds: int
    seconds: TimedSeconds
    ratio_to_relu: RatiosToRelu


class ReluTrainedAnswer(BaseModel):
    """ReLU units off per hidden layer of a network trained on circles, before and after training."""

    hidden: int = Field(description="Units per hidden layer")
    layers: int = Field(description="Hidden layers")
    steps: int
    before: list[float] = Field(description="Per hidden layer, at the start: the share of (sample, unit) pairs "
                                            "with z ≤ 0")
    after: list[float] = Field(description="The same after the steps")
    dead: list[float] = Field(description="Per hidden layer: the share of units off for every sample")
    accuracy: float = Field(description="Training accuracy after the steps")
