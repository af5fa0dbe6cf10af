"""Analyses of J(θ) on the wire: its gradient, the gradient checked against central
differences, the loss surface over a plane through θ, the model's prediction over the data's
plane, and what each unit of a network computes there."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.schemas.base import Request, Seed
from app.schemas.limits import limited
from app.schemas.train import ObjectiveRequest


class GradientRequest(ObjectiveRequest):
    """POST /api/gradient; params null = the seeded start of a run."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed


class GradCheckRequest(ObjectiveRequest):
    """POST /api/gradcheck; params null = the seeded start of a run."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    eps: float | None = Field(None, ge=1e-10, le=1e-2,
                              description="Base of the step h; null = eps_mach^(1/5), about 7.4e-4")


class Directions(Request):
    kind: Literal["coordinates", "random", "pca"] = "coordinates"
    i: int = Field(0, ge=0, description="coordinates: index of the alpha parameter")
    j: int = Field(1, ge=0, description="coordinates: index of the beta parameter")
    seed: int = Seed
    trajectory: list[list[float]] | None = limited(
        None, "max_trajectory", description="pca: the path (T x p) whose principal plane is drawn (with fewer "
                                            "than 2 points: random directions, and the answer says so); "
                                            "any kind: projected onto the plane and returned as path")


class SurfaceRequest(ObjectiveRequest):
    """POST /api/surface; center null = the trajectory's last point, or the seeded start."""

    center: list[float] | None = limited(None, "max_params", min_length=2)
    directions: Directions = Field(default_factory=Directions)
    span: float | None = Field(None, gt=0, le=1e6, description="Half-width; null = automatic")
    resolution: int = limited(41, "max_resolution", ge=3)
    seed: int = Seed
    rows: int | None = Field(None, ge=10, le=10**7, description="J on a seeded random subset of this many "
                             "training rows (an unbiased estimate: a big data set's surface in a fraction of the "
                             "time); null = every row")


class GradientResponse(BaseModel):
    loss: float | None
    gradient: list[float | None]
    param_names: list[str]


class GradCheckResponse(BaseModel):
    max_relative_error: float | None = Field(description="max_i error_i (see the route's description)")
    exact: bool = Field(description="max_relative_error below 1e-6")
    worst_param: str
    analytic: list[float | None]
    numeric: list[float | None]
    errors: list[float | None] = Field(description="error_i for each parameter")
    noise: float | None = Field(description="Gradient entries below this are finite-difference noise")
    step: float | None = Field(description="The smallest step h_i used")
    param_names: list[str]


class DirectionsUsed(BaseModel):
    kind: str
    labels: tuple[str, str]
    d1: list[float]
    d2: list[float]
    explained_variance: tuple[float, float] | None


class Optimum(BaseModel):
    """Linear regression with MSE: the normal equations' solution theta*, marked on the slice."""

    params: list[float]
    point: tuple[float, float] = Field(description="theta* projected onto the slice (alpha, beta)")
    loss: float | None = Field(description="J(theta*)")
    off_plane: float = Field(description="Distance from theta* to the slice's plane (0: it lies on the plane)")
    method: Literal["least_squares", "ridge"]


class SurfaceResponse(BaseModel):
    alpha: list[float]
    beta: list[float]
    loss: list[list[float | None]]
    center: list[float]
    directions: DirectionsUsed
    path: list[tuple[float, float]] | None
    param_names: list[str]
    rows_used: int = Field(description="Training rows J was evaluated on (fewer than rows_total: a subset)")
    rows_total: int
    optimum: Optimum | None = Field(None, description="Where the closed form puts the minimum (linear "
                                                      "regression with MSE), else null")


class BoundaryRequest(ObjectiveRequest):
    """POST /api/boundary: the model's prediction over the plane of a 2-D set; params
    null = the seeded start of a run."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    resolution: int = limited(60, "max_resolution", ge=3)


class BoundaryResponse(BaseModel):
    """A 2-D set: z over the grid (x, y): P(y = 1), the class, or (kind value) a regression's
    prediction in the target's units. A 1-D set (kind curve): the model's curve, y[i] at x[i]
    (P(y = 1 | x), or a regression's prediction), and z empty. A set of more than two features: a
    classifier's map over its first two principal components (as /api/points draws the points), or
    a regression's prediction y[i] against the true target x[i] (kind fit; test_x, test_y the test rows')."""

    x: list[float]
    y: list[float | None]
    z: list[list[float | None]]
    confidence: list[list[float | None]]
    kind: Literal["probability", "class", "value", "curve", "fit"]
    test_x: list[float] = Field(default_factory=list, description="kind fit: the test rows' true targets")
    test_y: list[float | None] = Field(default_factory=list, description="kind fit: their predictions")


class NeuronsRequest(ObjectiveRequest):
    """POST /api/neurons: what every unit of the network computes over the data's plane (the
    network diagram's maps); params null = the seeded start of a run."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    resolution: int = Field(20, ge=3, le=40, description="Grid points per axis (each map is R x R on a 2-D set)")


class NeuronsResponse(BaseModel):
    """Maps are flat, row-major over the grid: on a plane, value [r * R + c] is at (x[c], y[r]);
    on a line (1 raw feature), value [c] is at x[c]; with more raw features there are none."""

    kind: Literal["plane", "line", "none"]
    sizes: list[int] = Field(description="Units per layer: inputs, each hidden layer, outputs")
    activation: str | None = Field(description="The hidden layers' activation (null: no hidden layer)")
    output_kind: Literal["probability", "class", "value"] = Field(
        description="The output map: P(y = 1), the predicted class (softmax), or a regression's y-hat")
    x: list[float]
    y: list[float]
    inputs: list[list[float | None]] = Field(description="Each model input over the grid")
    hidden: list[list[list[float | None]]] = Field(description="Per hidden layer, each unit's output A_l")
    output: list[float | None] = Field(description="P(y = 1), the predicted class, or y-hat (target units)")
