"""POST /api/lessons/plateaus on the wire: the request (the noise and seed of the one-feature line1d
classification set) and its answer, how much of the (w, b) square is a plateau for a sigmoid output
under MSE and under cross-entropy (app.lessons.regression.maths.plateaus)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.schemas.base import Request, Seed


class PlateausRequest(Request):
    """The line1d classification set (one feature) for the sigmoid-output (w, b) surfaces."""

    noise: float = Field(0.8, ge=0.2, le=2)
    seed: int = Seed


class FlatSpot(BaseModel):
    """The plateau point with the highest J, and both losses there."""

    w: float
    b: float
    mse_loss: float = Field(description="J under MSE at (w, b)")
    cross_entropy_loss: float = Field(description="J under cross-entropy at (w, b)")
    mse_grad: float = Field(description="‖∇J‖ under MSE at (w, b)")
    cross_entropy_grad: float = Field(description="‖∇J‖ under cross-entropy at (w, b)")


class Plateaus(BaseModel):
    """One loss over the grid: the share of it that is a plateau, and its J and ‖∇J‖."""

    share: float = Field(description="The share of the grid's points on a plateau: ‖∇J‖ below flat while J is "
                                     "at least half as far above the lowest J as the start θ = 0 is")
    lowest: float = Field(description="The lowest J on the grid")
    start: float = Field(description="J at θ = 0, where a = 1/2 for every sample")
    grad_min: float = Field(description="The grid's smallest ‖∇J‖")
    grad_max: float = Field(description="The grid's largest ‖∇J‖")
    point: FlatSpot | None = Field(description="The highest plateau point, or null where there is none")


class PlateausAnswer(BaseModel):
    """J and ‖∇J‖ of a sigmoid output over a resolution × resolution grid of (w, b) in [−span, span]²,
    under MSE and under cross-entropy."""

    span: float
    resolution: int
    flat: float = Field(description="The ‖∇J‖ under which a point counts as flat")
    mse: Plateaus
    cross_entropy: Plateaus
