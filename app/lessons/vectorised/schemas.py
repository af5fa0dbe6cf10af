"""The vectorised lesson on the wire: the step it asks for (how many samples, θ, α, and the shapes w
and Y are kept in), and the answer: every array with its shape and the notes' shape, the notes'
assertions, and the loop's numbers beside the matrices'."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.lessons.fields import Typed
from app.schemas.base import Request, Seed
from app.schemas.limits import limited


class VectorisedRequest(Request):
    """One gradient-descent step of logistic regression on m blobs (X is 2 × m), at θ = (w₁, w₂, b)."""

    m: int = limited(160, "max_samples", ge=4, description="Samples: the blobs drawn, every one a column of X")
    theta: list[Typed] = Field([0.5, -0.5, 0.0], min_length=3, max_length=3, description="(w1, w2, b)")
    learning_rate: float = Field(0.5, gt=0, le=10)
    w_shape: Literal["column", "rank1"] = Field("column", description="w kept as a column (2, 1), as the notes "
                                                                       "write it, or as a rank-1 array (2,)")
    y_shape: Literal["row", "column"] = Field("row", description="Y kept as a row (1, m), as the notes write it, "
                                                                 "or read as a column (m, 1)")
    seed: int = Seed


class ArrayInfo(BaseModel):
    """One array of the step: its shape as NumPy made it, the shape the notes' code expects, and its first
    numbers (at most 4 rows of 6 columns; a number as [[it]])."""

    name: str
    shape: list[int]
    right: list[int]
    ok: bool = Field(description="shape == right")
    size: int = Field(description="How many numbers it holds")
    preview: list[list[float | None]]


class AssertInfo(BaseModel):
    code: str = Field(description="The assertion, as Python writes it")
    array: str
    holds: bool


class Gradient(BaseModel):
    J: float | None
    dw: list[float | None]
    db: float | None


class Seconds(BaseModel):
    """Each way's median time over 5 rounds, on this machine, now (a measurement, not a promise)."""

    loop: float
    vectorised: float


class VectorisedAnswer(BaseModel):
    n: int = Field(description="Features: the rows of X")
    m: int = Field(description="Samples: the columns of X")
    arrays: list[ArrayInfo]
    asserts: list[AssertInfo]
    all_right: bool = Field(description="Every assertion holds; the loop and the times are given only then")
    vectorised: Gradient
    loop: Gradient | None
    max_difference: float | None = Field(description="The largest |loop − matrices| over J, dw and db")
    theta_next: list[float | None] | None = Field(description="(w1, w2, b) after the step, when the shapes are right")
    cost_after: float | None
    seconds: Seconds | None
