"""POST /api/train, /api/gradient and /api/gradcheck."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter

from app.api.convert import build_trainer, history_response, objective, params_vector, user_errors
from app.api.deps import SettingsDep, StoreDep
from app.api.errors import ERROR_RESPONSES, over_limit
from app.api.schemas import (
    GradCheckRequest,
    GradCheckResponse,
    GradientRequest,
    GradientResponse,
    TrainRequest,
    TrainResponse,
)
from app.engine.gradcheck import gradient_check
from app.engine.numerics import finite_or_none

router = APIRouter(prefix="/api", tags=["training"], responses=ERROR_RESPONSES)


def _finite_list(values: np.ndarray) -> list[float | None]:
    return [finite_or_none(v) for v in values]


@router.post("/train", response_model=TrainResponse, summary="Run gradient descent; the whole history")
def train(req: TrainRequest, settings: SettingsDep, store: StoreDep) -> dict:
    trainer = build_trainer(req, settings, store, whole_history=True)
    return history_response(trainer, [record.to_dict() for record in trainer.run(req.record_every)])


@router.post("/gradient", response_model=GradientResponse, summary="J(theta) and its gradient")
def gradient(req: GradientRequest, settings: SettingsDep, store: StoreDep) -> dict:
    data, model = objective(req, settings, store)
    theta = params_vector(req.params, model)
    with np.errstate(all="ignore"):
        value, grad = model.loss_gradient(theta, data.X_train, model.encode_targets(data.y_train),
                                          req.loss, req.l2)
    return {"loss": finite_or_none(value), "gradient": _finite_list(grad),
            "param_names": model.param_names}


@router.post("/gradcheck", response_model=GradCheckResponse,
             summary="Analytic gradient against central differences")
def gradcheck(req: GradCheckRequest, settings: SettingsDep, store: StoreDep) -> dict:
    data, model = objective(req, settings, store)
    if model.n_params > settings.max_gradcheck_params:
        raise over_limit("the number of parameters", model.n_params, "max_gradcheck_params",
                         settings.max_gradcheck_params)
    if req.params is None:
        theta = model.init_params(np.random.default_rng(np.random.SeedSequence([req.seed, 3])))
    else:
        theta = params_vector(req.params, model)
    with np.errstate(all="ignore"), user_errors():
        check = gradient_check(model, theta, data.X_train, model.encode_targets(data.y_train),
                               req.loss, req.l2, req.eps)
    return {
        "max_relative_error": finite_or_none(check.max_relative_error),
        "worst_param": model.param_names[check.worst_index],
        "analytic": _finite_list(check.analytic),
        "numeric": _finite_list(check.numeric),
        "param_names": model.param_names,
    }
