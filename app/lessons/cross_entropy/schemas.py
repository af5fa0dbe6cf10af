"""The cross-entropy pitfalls on the wire: the requests and answers of POST /api/lessons/epsilon (the loss
with ε in the log against the stable form), GET /api/lessons/entropy-grid (H(p, p) over the simplex) and
POST /api/lessons/derivative-checks (the article's derivative formulas beside the right ones). Its page
also asks the loss gallery's POST /api/lessons/information (app.lessons.losses.schemas)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from app.lessons.fields import ClassIndex
from app.schemas.base import Request


class EpsilonRequest(Request):
    """One sample's logit z and label y: the loss with epsilon in the log against the stable form."""

    z: float = Field(-25.0, ge=-40, le=40)
    y: int = Field(1, ge=0, le=1)
    epsilon: float = Field(1e-7, ge=1e-12, le=0.1)


class DerivativeChecksRequest(Request):
    """One sample's logits (2-6, within about 9 of each other) and its true class."""

    logits: list[Annotated[float, Field(ge=-20, le=20)]] = Field([3.0, 1.0, -3.0], min_length=2, max_length=6)
    target: ClassIndex = 0


class EpsilonPoint(BaseModel):
    """Both losses and both slopes at the sample's own z."""

    z: float
    p: float = Field(description="σ(z), the model's probability of class 1")
    stable: float = Field(description="ln(1 + e^z) − yz, nats")
    stable_dz: float = Field(description="Its slope σ(z) − y")
    capped: float = Field(description="−ln(p + ε), p the probability of the true class, nats")
    capped_dz: float = Field(description="Its slope")


class EpsilonAnswer(BaseModel):
    """The two forms of one sample's loss and their slopes on a grid of logits, and at its z."""

    y: int
    epsilon: float
    cap: float = Field(description="−ln ε: where the ε form stops growing, nats")
    z: list[float] = Field(description="501 logits: −40 to 10 for y = 1, −10 to 40 for y = 0")
    stable: list[float] = Field(description="ln(1 + e^z) − yz at each z, nats")
    stable_dz: list[float]
    capped: list[float] = Field(description="−ln(p + ε) at each z, nats")
    capped_dz: list[float]
    point: EpsilonPoint


class EntropyGridAnswer(BaseModel):
    """H(p) = H(p, p) in nats for p = (p₁, p₂, 1 − p₁ − p₂) on a 61 × 61 grid."""

    p1: list[float] = Field(description="The columns' p₁, 0 to 1")
    p2: list[float] = Field(description="The rows' p₂, 0 to 1")
    h: list[list[float | None]] = Field(description="h[row][column], nats; null outside the simplex (p₁ + p₂ > 1)")


class _Check(BaseModel):
    article: list[float] = Field(description="The article's formula, as written, per coordinate")
    right: list[float] = Field(description="The right formula, per coordinate")
    numeric: list[float] = Field(description="A central difference of the loss L, per coordinate")
    article_error: float = Field(description="Largest |article − numeric|, over max(1, |numeric|)")
    right_error: float = Field(description="Largest |right − numeric|, over max(1, |numeric|)")
    article_matches: bool = Field(description="article_error < 1e-5")
    right_matches: bool = Field(description="right_error < 1e-5")


class CodeCheck(_Check):
    """The code's derivative, ∂L/∂p: it is the binary cross-entropy's."""

    name: Literal["code"]
    wrt: Literal["p"]
    numeric_bce: list[float] = Field(description="A central difference of the binary cross-entropy, per coordinate")
    article_matches_bce: bool = Field(description="The article's values match numeric_bce")


class FormulaCheck(_Check):
    """A formula of the article's text: a missing division (∂L/∂a) or one number for every class (∂L/∂p)."""

    name: Literal["missing_division", "sum_of_reciprocals"]
    wrt: Literal["p", "a"]


class DerivativeChecksAnswer(BaseModel):
    """The sample (its logits, p = softmax(a) and one-hot t) and the three checks, in the page's order."""

    a: list[float]
    p: list[float]
    t: list[float]
    target: int
    checks: list[Annotated[CodeCheck | FormulaCheck, Field(discriminator="name")]]
