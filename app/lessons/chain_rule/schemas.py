"""The chain-rule lesson on the wire: POST /api/lessons/chain-rule (one sample of a logistic
regression forward and back at θ, and the average gradient over the training set) and POST
/api/lessons/timing (a Python loop against np.dot), their requests and their answers."""

from __future__ import annotations

from pydantic import BaseModel, Field

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


class MeanGradient(BaseModel):
    """The gradient the update uses: the average over the m training samples at the same θ."""

    m: int = Field(description="The number of training samples")
    dw: list[float | None] = Field(description="1/m Σ xᵢ dzᵢ, one per feature")
    db: float | None = Field(description="1/m Σ dzᵢ")


class ChainRuleAnswer(BaseModel):
    """One sample's computation graph, z = w·x + b, a = σ(z), L(a, y), forward and back (the chain
    rule), beside the average gradient over the training set. A value that is not a finite number
    (θ so large that z overflows) is null."""

    x: list[float] = Field(description="The sample's x: as typed, or the data set's (standardised where it is)")
    w: list[float]
    b: float
    y: int = Field(description="The sample's label, 0 or 1")
    z: float | None = Field(description="w·x + b")
    a: float | None = Field(description="σ(z)")
    loss: float | None = Field(description="L = −(y log a + (1 − y) log(1 − a)), in nats")
    da: float | None = Field(description="dL/da = −y/a + (1 − y)/(1 − a); null where a is 0 or 1")
    dz: float | None = Field(description="dL/dz = a − y")
    dw: list[float | None] = Field(description="dL/dw = x dz")
    db: float | None = Field(description="dL/db = dz")
    standardised: bool = Field(description="Whether x is the data set's standardised x (false for typed x)")
    raw_x: list[float] | None = Field(description="The sample's x before standardising (null for typed x, or "
                                                  "a set whose features are built from its columns)")
    mean: list[float] | None = Field(description="The training set's feature means x was centred by (null: "
                                                 "not standardised)")
    scale: list[float] | None = Field(description="The standard deviations x was divided by (null: not "
                                                  "standardised)")
    feature_names: list[str]
    mean_gradient: MeanGradient
    mathml: list[str] = Field(description="The chain rule with this sample's numbers, as MathML, a <math> a line")
    mathml_mean: list[str] = Field(description="The average's dw and db with the numbers, as MathML")


class TimingRequest(Request):
    n: int = limited(1_000_000, "max_timing_length", ge=10)


class Spread(BaseModel):
    """The rounds' spread, in seconds (or, for a ratio, loop over dot)."""

    min: float
    median: float
    max: float


class TimingAnswer(BaseModel):
    """Σ aᵢbᵢ over n random numbers, timed in interleaved rounds as a Python loop and as np.dot."""

    n: int
    rounds: int = Field(description="Rounds timed: 7, fewer where n is large (the loop's total work is capped)")
    loop: Spread = Field(description="The Python loop's time per round, in seconds")
    dot: Spread = Field(description="np.dot's time per round, in seconds")
    ratio_spread: Spread = Field(description="Each round's loop time over its own np.dot time")
    loop_seconds: float = Field(description="The loop's median time")
    dot_seconds: float = Field(description="np.dot's median time")
    ratio: float = Field(description="The median of the rounds' ratios")
    loop_value: float = Field(description="The loop's Σ aᵢbᵢ")
    dot_value: float = Field(description="np.dot's Σ aᵢbᵢ: the same sum, rounded differently")
