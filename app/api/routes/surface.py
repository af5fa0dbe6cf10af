"""POST /api/surface: the loss over a 2-D slice of theta-space (heavy work: capped
across the server, stopped when its client leaves)."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request, Response

from app.api.deps import HeavyDep, SettingsDep, StoreDep
from app.api.errors import ERROR_RESPONSES
from app.api.heavy import json_response
from app.api.uploads import MyUploads
from app.engine.analysis.surface import (
    auto_span,
    coordinate_slice,
    loss_surface,
    optimum,
    pca_slice,
    random_slice,
    row_subset,
)
from app.engine.errors import UserError
from app.engine.spec.build import objective, params_vector
from app.engine.spec.limits import check_work
from app.engine.training.cancel import CancelToken
from app.engine.training.numerics import finite_or_none
from app.schemas.analysis import SurfaceRequest, SurfaceResponse
from app.settings import Settings

router = APIRouter(prefix="/api", tags=["surface"], responses=ERROR_RESPONSES)


@router.post("/surface", response_model=SurfaceResponse, summary="Loss grid over a 2-D slice")
async def surface(req: SurfaceRequest, request: Request, settings: SettingsDep, store: StoreDep,
                  heavy: HeavyDep) -> Response:
    return await heavy.run(request, _surface, req, settings, store)


def _surface(req: SurfaceRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data, model = objective(*req.to_specs(), settings, store.load)
    res = req.resolution
    subset = row_subset(len(data.y_train), req.rows, req.seed)
    X = data.X_train if subset is None else data.X_train[subset]
    t = model.encode_targets(data.y_train if subset is None else data.y_train[subset])
    work = float(res) ** 2 * len(X) * model.values_per_row
    check_work("the surface's work (grid points x rows x outputs)", work, "max_surface_work", settings,
               "lower the resolution, or ask for a subset of the rows (rows)")

    d = req.directions
    trajectory = None
    if d.trajectory is not None:
        if any(len(row) != model.n_params for row in d.trajectory):
            raise UserError(f"every trajectory point needs {model.n_params} values")
        trajectory = np.asarray(d.trajectory, dtype=np.float64)
    center = params_vector(req.center, model, "center") if req.center is not None else None
    if center is None:  # the path's last point, else the seeded start of a run
        if trajectory is not None and len(trajectory):
            center = trajectory[-1]
        else:
            center = model.init_params(np.random.default_rng(np.random.SeedSequence([req.seed, 3])))

    if d.kind == "coordinates":
        plane = coordinate_slice(model, center, d.i, d.j)
    elif d.kind == "random":
        plane = random_slice(model, center, d.seed)
    elif trajectory is None or len(trajectory) < 2:  # no path yet: random directions, said in kind
        plane = random_slice(model, center, d.seed)
    else:
        plane = pca_slice(trajectory, center, d.seed)
    path = plane.project(trajectory) if trajectory is not None else None
    best = optimum(model, data.X_train, model.encode_targets(data.y_train), req.loss, req.l2, plane)  # all rows
    reach = path if best is None else np.vstack([*(path if path is not None else []), best.point])
    span = req.span if req.span is not None else auto_span(plane, reach)
    axis = np.linspace(-span, span, res)
    grid = loss_surface(model, X, t, req.loss, req.l2, plane, axis, axis, cancel=cancel)
    return json_response({
        "alpha": axis.tolist(),
        "beta": axis.tolist(),
        "loss": [[finite_or_none(v) for v in row] for row in grid],
        "center": plane.center.tolist(),
        "directions": {"kind": plane.kind, "labels": plane.labels, "d1": plane.d1.tolist(),
                       "d2": plane.d2.tolist(), "explained_variance": plane.explained_variance},
        "path": path.tolist() if path is not None else None,
        "param_names": model.param_names,
        "rows_used": len(X), "rows_total": len(data.y_train),
        "optimum": None if best is None else {
            "params": best.params.tolist(), "point": best.point.tolist(), "loss": finite_or_none(best.loss),
            "off_plane": best.off_plane, "method": best.method},
    })
