"""The vectorised lesson's route, POST /api/lessons/vectorised: one step of logistic regression on m
blobs, in the shapes the learner keeps w and Y in. Heavy work (app.api.heavy): capped across the
server and stopped when its client leaves."""

from __future__ import annotations

import numpy as np
from fastapi import Request, Response

from app.api.deps import HeavyDep, SettingsDep, StoreDep
from app.api.heavy import json_response
from app.api.uploads import MyUploads
from app.engine.data.datasets import DatasetSpec
from app.engine.spec.build import load_data
from app.engine.spec.limits import check_work
from app.engine.training.cancel import CancelToken
from app.engine.training.numerics import finite_or_none
from app.lessons.routes import lesson_router
from app.lessons.vectorised import maths
from app.lessons.vectorised.schemas import VectorisedAnswer, VectorisedRequest
from app.settings import Settings

router = lesson_router()
ROWS, COLUMNS = 4, 6  # what an array's preview holds at most


def _preview(value: object) -> list[list[float | None]]:
    array = np.atleast_2d(np.asarray(value, dtype=np.float64))
    return [[finite_or_none(v) for v in row[:COLUMNS]] for row in array[:ROWS]]


def _gradient(gradient: maths.Gradient | None) -> dict[str, object] | None:
    if gradient is None:
        return None
    return {"J": finite_or_none(gradient.J), "dw": [finite_or_none(v) for v in np.ravel(gradient.dw)],
            "db": finite_or_none(gradient.db)}


def _vectorised(req: VectorisedRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    if req.y_shape == "column":  # A − Y is then an m × m matrix
        check_work(f"with Y as a column, the m × m matrix A − Y (m = {req.m:,})", req.m**2, "max_broadcast_cells",
                   settings, "keep Y a row, or take fewer samples")
    blobs = DatasetSpec.of("blobs", n_samples=req.m, noise=1.2, seed=req.seed, test_fraction=0.0)
    data = load_data(blobs, settings, store.load)
    X, y = data.X_train.T.copy(), data.y_train.astype(np.float64)  # the notes' layout: one sample a column
    cancel.check()
    step = maths.step(X, y, np.asarray(req.theta, dtype=np.float64), req.learning_rate, req.w_shape, req.y_shape)
    arrays = [{"name": name, "shape": list(step.shape(name)), "right": list(step.right[name]),
               "ok": step.shape(name) == step.right[name], "size": int(np.size(value)), "preview": _preview(value)}
              for name, value in step.arrays.items()]
    right = step.all_right
    w_new, b_new = np.ravel(step.arrays["w_new"]), step.arrays["b_new"]
    return json_response({
        "n": step.n, "m": step.m, "arrays": arrays, "asserts": step.asserts, "all_right": right,
        "vectorised": _gradient(step.matrices), "loop": _gradient(step.loop),
        "max_difference": step.max_difference,
        "theta_next": [finite_or_none(v) for v in [*w_new, b_new]] if right else None,
        "cost_after": None if step.cost_after is None else finite_or_none(step.cost_after),
        "seconds": step.seconds})


@router.post("/vectorised", response_model=VectorisedAnswer,
             summary="One step of logistic regression in matrices, every array's shape, and the same step as a loop",
             description="On m blobs (X is 2 × m, a sample a column, as the Andrew Ng notes write it), at theta = "
                         "(w1, w2, b): Z = wᵀX + b, A = σ(Z), dZ = A − Y, dw = X dZᵀ / m, db = mean(dZ), with w "
                         "and Y kept in the shapes asked for (a wrong one broadcasts, as NumPy does). Every array "
                         "with its shape and the notes' shape, the notes' assertions, and, when they hold, the "
                         "same step as Python loops beside it and the seconds each took.")
async def vectorised(req: VectorisedRequest, request: Request, settings: SettingsDep, store: StoreDep,
                     heavy: HeavyDep) -> Response:
    return await heavy.run(request, _vectorised, req, settings, store)
