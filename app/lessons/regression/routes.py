"""POST /api/lessons/plateaus, the regression lesson's route: how much of the (w, b) square is a
plateau for a sigmoid output on the line1d set, under MSE and under cross-entropy (the lesson's
bowl of linear regression is POST /api/surface's). Heavy work (app.api.heavy): capped across the
server and stopped when its client leaves."""

from __future__ import annotations

from fastapi import Request, Response

from app.api.deps import HeavyDep, SettingsDep, StoreDep
from app.api.heavy import json_response
from app.api.uploads import MyUploads
from app.engine.data.datasets import DatasetSpec
from app.engine.spec.build import load_data
from app.engine.training.cancel import CancelToken
from app.engine.training.registry import make_model
from app.lessons.regression import maths
from app.lessons.regression.schemas import PlateausAnswer, PlateausRequest
from app.lessons.routes import lesson_router
from app.settings import Settings

router = lesson_router()


def _plateaus(req: PlateausRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data = load_data(DatasetSpec.of("line1d", noise=req.noise, seed=req.seed), settings, store.load)
    model = make_model("logistic", data.n_features, 2)
    return json_response(maths.plateaus(model, data.X_train, model.encode_targets(data.y_train), cancel=cancel))


@router.post("/plateaus", response_model=PlateausAnswer,
             summary="Where sigmoid + MSE's (w, b) surface is flat, against cross-entropy's",
             description="On line1d: the share of a 41 x 41 grid over [-6.5, 6.5]^2 where |dJ/dtheta| < 0.01 "
                         "while J is far above its minimum, per loss, and the highest such point.")
async def plateaus_route(req: PlateausRequest, request: Request, settings: SettingsDep, store: StoreDep,
                         heavy: HeavyDep) -> Response:
    return await heavy.run(request, _plateaus, req, settings, store)
