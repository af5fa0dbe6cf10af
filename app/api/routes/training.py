"""POST /api/train, /api/gradient and /api/gradcheck: each runs as heavy work
(app.api.heavy): capped across the server, stopped when its client leaves."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request, Response

from app.api.deps import HeavyDep, SettingsDep, StoreDep
from app.api.errors import ERROR_RESPONSES
from app.api.heavy import json_response
from app.api.uploads import MyUploads
from app.engine.analysis.gradcheck import SCALE_SHARE, gradient_check
from app.engine.spec.build import build_trainer, objective, params_vector
from app.engine.spec.limits import check_work
from app.engine.spec.replay import history, history_response
from app.engine.training.cancel import CancelToken
from app.engine.training.numerics import finite_or_none
from app.schemas.analysis import GradCheckRequest, GradCheckResponse, GradientRequest, GradientResponse
from app.schemas.train import TrainRequest, TrainResponse
from app.settings import Settings

router = APIRouter(prefix="/api", tags=["training"], responses=ERROR_RESPONSES)


def _finite_list(values: np.ndarray) -> list[float | None]:
    return [finite_or_none(v) for v in values]


def _train(req: TrainRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    log = req.event_log()
    trainer = build_trainer(req.to_spec(), log, settings, store.load, whole_history=True)
    return json_response(history_response(trainer, list(history(trainer, log, cancel))))


@router.post("/train", response_model=TrainResponse, summary="Run gradient descent; the whole history")
async def train(req: TrainRequest, request: Request, settings: SettingsDep, store: StoreDep,
                heavy: HeavyDep) -> Response:
    return await heavy.run(request, _train, req, settings, store)


def _gradient(req: GradientRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data, model = objective(*req.to_specs(), settings, store.load)
    theta = params_vector(req.params, model, seed=req.seed)
    with np.errstate(all="ignore"):
        value, grad = model.loss_gradient(theta, data.X_train, model.encode_targets(data.y_train),
                                          req.loss, req.l2)
    return json_response({"loss": finite_or_none(value), "gradient": _finite_list(grad),
                          "param_names": model.param_names})


@router.post("/gradient", response_model=GradientResponse, summary="J(theta) and its gradient")
async def gradient(req: GradientRequest, request: Request, settings: SettingsDep, store: StoreDep,
                   heavy: HeavyDep) -> Response:
    return await heavy.run(request, _gradient, req, settings, store)


def _gradcheck(req: GradCheckRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data, model = objective(*req.to_specs(), settings, store.load)
    check_work("the number of parameters", model.n_params, "max_gradcheck_params", settings)
    check_work("the check's work (4 evaluations per parameter x rows x parameters)",
               4.0 * model.n_params * len(data.y_train) * model.n_params, "max_gradcheck_work", settings,
               "use a smaller model or data set")
    theta = params_vector(req.params, model, seed=req.seed)
    with np.errstate(all="ignore"):
        check = gradient_check(model, theta, data.X_train, model.encode_targets(data.y_train),
                               req.loss, req.l2, req.eps, cancel=cancel)
    return json_response({
        "max_relative_error": finite_or_none(check.max_relative_error),
        "exact": check.exact,
        "worst_param": model.param_names[check.worst_index],
        "analytic": _finite_list(check.analytic),
        "numeric": _finite_list(check.numeric),
        "errors": _finite_list(check.errors),
        "noise": finite_or_none(check.noise),
        "step": finite_or_none(check.step),
        "param_names": model.param_names,
    })


@router.post("/gradcheck", response_model=GradCheckResponse,
             summary="Analytic gradient against central differences",
             description="Fourth-order central differences with h_i = eps · max(1, |θ_i|) / max(1, rms(X)); "
                         "error_i = |analytic_i − numeric_i| / max(|analytic_i|, |numeric_i|, τ) with "
                         f"τ = max({SCALE_SHARE:g} · max_k |analytic_k|, 10 · noise): entries far smaller than "
                         "the gradient's largest are compared on that scale. Below 1e-6 reads as exact.")
async def gradcheck(req: GradCheckRequest, request: Request, settings: SettingsDep, store: StoreDep,
                    heavy: HeavyDep) -> Response:
    return await heavy.run(request, _gradcheck, req, settings, store)
