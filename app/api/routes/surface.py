"""POST /api/surface: the loss over a 2-D slice of theta-space."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter

from app.api.convert import objective, params_vector, user_errors
from app.api.deps import SettingsDep, StoreDep
from app.api.errors import ERROR_RESPONSES, over_limit, unprocessable
from app.api.schemas import SurfaceRequest, SurfaceResponse
from app.engine.numerics import finite_or_none
from app.engine.surface import auto_span, coordinate_slice, loss_surface, pca_slice, random_slice

router = APIRouter(prefix="/api", tags=["surface"], responses=ERROR_RESPONSES)


@router.post("/surface", response_model=SurfaceResponse, summary="Loss grid over a 2-D slice")
def surface(req: SurfaceRequest, settings: SettingsDep, store: StoreDep) -> dict:
    data, model = objective(req, settings, store)
    res = req.resolution
    if res > settings.max_resolution:
        raise over_limit("resolution", res, "max_resolution", settings.max_resolution)
    work = float(res) ** 2 * len(data.y_train) * model.values_per_row
    if work > settings.max_surface_work:
        raise over_limit("the surface's work (grid points x rows x outputs)", work,
                         "max_surface_work", settings.max_surface_work,
                         "lower the resolution or use a smaller data set")

    d = req.directions
    trajectory = None
    if d.trajectory is not None:
        if len(d.trajectory) > settings.max_trajectory:
            raise over_limit("the trajectory length", len(d.trajectory), "max_trajectory",
                             settings.max_trajectory)
        if any(len(row) != model.n_params for row in d.trajectory):
            raise unprocessable(f"every trajectory point needs {model.n_params} values")
        trajectory = np.asarray(d.trajectory, dtype=np.float64)
    center = params_vector(req.center, model, "center") if req.center is not None else None
    if center is None:
        if trajectory is None or not len(trajectory):
            raise unprocessable("give a center, or a trajectory whose last point is the center")
        center = trajectory[-1]

    with user_errors():
        if d.kind == "coordinates":
            plane = coordinate_slice(model, center, d.i, d.j)
        elif d.kind == "random":
            plane = random_slice(model, center, d.seed)
        else:
            if trajectory is None:
                raise unprocessable("directions.kind pca needs directions.trajectory")
            plane = pca_slice(trajectory, center, d.seed)
    path = plane.project(trajectory) if trajectory is not None else None
    span = req.span if req.span is not None else auto_span(plane, path)
    axis = np.linspace(-span, span, res)
    grid = loss_surface(model, data.X_train, model.encode_targets(data.y_train), req.loss, req.l2,
                        plane, axis, axis)
    return {
        "alpha": axis.tolist(),
        "beta": axis.tolist(),
        "loss": [[finite_or_none(v) for v in row] for row in grid],
        "center": plane.center.tolist(),
        "directions": {"kind": plane.kind, "labels": plane.labels, "d1": plane.d1.tolist(),
                       "d2": plane.d2.tolist(), "explained_variance": plane.explained_variance},
        "path": path.tolist() if path is not None else None,
        "param_names": model.param_names,
    }
