"""Softmax on digits' two readouts of a model at theta, under /api/lessons: POST /confusion (the test
set's confusion matrix and each class's weight template) and POST /probabilities (one test sample's
class probabilities). Both are heavy work (app.api.heavy): capped across the server and stopped when
their client leaves."""

from __future__ import annotations

from fastapi import Request, Response

from app.api.deps import HeavyDep, SettingsDep, StoreDep
from app.api.heavy import json_response
from app.api.uploads import MyUploads
from app.engine.spec.build import objective, params_vector
from app.engine.training.cancel import CancelToken
from app.lessons.routes import lesson_router
from app.lessons.softmax import maths
from app.lessons.softmax.schemas import ConfusionAnswer, EvaluateRequest, ProbabilitiesAnswer
from app.settings import Settings

router = lesson_router()


def _confusion(req: EvaluateRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data, model = objective(*req.to_specs(), settings, store.load)
    theta = params_vector(req.params, model, seed=req.seed)
    matrix = maths.confusion_matrix(model, theta, data.X_test, data.y_test, data.n_classes)
    return json_response({"matrix": matrix.tolist(), "class_names": data.class_names,
                          "templates": maths.weight_templates(model, data, theta)})


@router.post("/confusion", response_model=ConfusionAnswer, summary="Confusion matrix on the test part",
             description="Also templates: for softmax regression on raw pixels, the correlation of each "
                         "class's weights with its mean image minus the mean of all (null otherwise).")
async def confusion(req: EvaluateRequest, request: Request, settings: SettingsDep, store: StoreDep,
                    heavy: HeavyDep) -> Response:
    return await heavy.run(request, _confusion, req, settings, store)


def _probabilities(req: EvaluateRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data, model = objective(*req.to_specs(), settings, store.load)
    theta = params_vector(req.params, model, seed=req.seed)
    result = maths.class_probabilities(model, data, theta, req.index)
    return json_response({**result, "class_names": data.class_names, "n_test": len(data.y_test)})


@router.post("/probabilities", response_model=ProbabilitiesAnswer, summary="One test sample's class probabilities")
async def probabilities(req: EvaluateRequest, request: Request, settings: SettingsDep, store: StoreDep,
                        heavy: HeavyDep) -> Response:
    return await heavy.run(request, _probabilities, req, settings, store)
