"""MSE vs cross-entropy's routes, under /api/lessons: the fixed curves GET /probability-losses and
GET /dz-curves (computed once per process), POST /dz-points (dL/dz at chosen outputs), and the
digits experiment, POST /compare-losses and POST /learning-rate-sweep, whose work is capped by
max_lesson_work. Every POST is heavy work (app.api.heavy): capped across the server and stopped when
its client leaves."""

from __future__ import annotations

from fastapi import Request, Response

from app.api.deps import HeavyDep, SettingsDep, StoreDep
from app.api.heavy import json_response
from app.api.uploads import MyUploads
from app.engine.data.datasets import Dataset
from app.engine.spec.build import load_data
from app.engine.spec.limits import check_work
from app.engine.training.cancel import CancelToken
from app.lessons.mse_vs_ce import maths
from app.lessons.mse_vs_ce.schemas import (
    CompareLossesAnswer,
    CompareLossesRequest,
    DzCurvesAnswer,
    DzPointsAnswer,
    DzPointsRequest,
    LearningRateSweepAnswer,
    LearningRateSweepRequest,
    ProbabilityLossesAnswer,
)
from app.lessons.routes import computed_once, lesson_router
from app.settings import Settings

router = lesson_router()


_probability_losses = computed_once(maths.probability_losses)


@router.get("/probability-losses", response_model=ProbabilityLossesAnswer,
            summary="Loss against the predicted probability, y = 1 and y = 0")
def probability_losses() -> Response:
    return _probability_losses()


_dz_curves = computed_once(maths.dz_curves)


@router.get("/dz-curves", response_model=DzCurvesAnswer,
            summary="dL/dz against z for cross-entropy and MSE, with the article's points a = 0.98, 0.82")
def dz_curves() -> Response:
    return _dz_curves()


def _experiment_data(req: CompareLossesRequest, settings: Settings, store: MyUploads) -> Dataset | None:
    """The loaded data set a request names (null: the engine's built-in digits)."""
    return None if req.dataset is None else load_data(req.dataset.to_spec(), settings, store.load)


def _compare(req: CompareLossesRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data = _experiment_data(req, settings, store)
    check_work("the experiment's work (rows touched x parameters)",
               maths.compare_losses_work(req.task, req.epochs, req.batch_size, data), "max_lesson_work", settings,
               "use a larger batch_size or fewer epochs")
    return json_response(maths.compare_losses(req.task, req.epochs, req.batch_size, req.learning_rate, req.seed,
                                              req.digit, cancel=cancel, data=data))


@router.post("/compare-losses", response_model=CompareLossesAnswer,
             summary="Cross-entropy against MSE on digits, test accuracy per epoch",
             description="On the built-in 8×8 digits, or on `dataset` (3 or more classes, e.g. an uploaded MNIST). "
                         "Also the majority baseline: the test accuracy of always predicting the most common "
                         "class. Its work (rows touched x parameters, both losses: the updates, and one "
                         "evaluation of every row per epoch) is capped by max_lesson_work.")
async def compare(req: CompareLossesRequest, request: Request, settings: SettingsDep, store: StoreDep,
                  heavy: HeavyDep) -> Response:
    return await heavy.run(request, _compare, req, settings, store)


def _sweep(req: LearningRateSweepRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data = _experiment_data(req, settings, store)
    check_work("the sweep's work (rows touched x parameters)",
               maths.compare_losses_work(req.task, req.epochs, req.batch_size, data, rates=len(set(req.learning_rates)),
                                         every_epoch=False), "max_lesson_work", settings,
               "use fewer learning rates, fewer epochs or a larger batch_size")
    return json_response(maths.learning_rate_sweep(req.task, tuple(req.learning_rates), req.epochs, req.batch_size,
                                                   req.seed, req.digit, cancel=cancel, data=data))


@router.post("/learning-rate-sweep", response_model=LearningRateSweepAnswer,
             summary="Cross-entropy against MSE: final test accuracy at each learning rate",
             description="The compare-losses experiment at each of learning_rates (sorted), from the same start "
                         "on the same split; gap = cross-entropy's accuracy minus MSE's. Its work (rows touched x "
                         "parameters, both losses, every rate: the updates and one final evaluation) is capped by "
                         "max_lesson_work.")
async def sweep(req: LearningRateSweepRequest, request: Request, settings: SettingsDep, store: StoreDep,
                heavy: HeavyDep) -> Response:
    return await heavy.run(request, _sweep, req, settings, store)


def _dz_points(req: DzPointsRequest, cancel: CancelToken) -> Response:
    return json_response({"marks": maths.dz_points(tuple(req.a), req.y)})


@router.post("/dz-points", response_model=DzPointsAnswer,
             summary="dL/dz of cross-entropy and MSE at chosen outputs a, for a target y")
async def dz_points(req: DzPointsRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _dz_points, req)
