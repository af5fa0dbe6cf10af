"""Softmax by hand's two routes, under /api/lessons: POST /softmax-by-hand (every step of softmax and
cross-entropy for typed rows of logits) and POST /compare-models (error rate, cross-entropy and MSE
of models given as probabilities). Both are heavy work (app.api.heavy): capped across the server
and stopped when their client leaves."""

from __future__ import annotations

import numpy as np
from fastapi import Request, Response

from app.api.deps import HeavyDep
from app.api.heavy import json_response
from app.engine.training.cancel import CancelToken
from app.lessons.routes import lesson_router
from app.lessons.softmax_by_hand import maths
from app.lessons.softmax_by_hand.schemas import (
    CompareModelsAnswer,
    CompareModelsRequest,
    SoftmaxByHandAnswer,
    SoftmaxByHandRequest,
)

router = lesson_router()


def _softmax_by_hand(req: SoftmaxByHandRequest, cancel: CancelToken) -> Response:
    return json_response(maths.softmax_rows(req.logits, np.asarray(req.targets)))


@router.post("/softmax-by-hand", response_model=SoftmaxByHandAnswer,
             summary="Softmax, cross-entropy, p - t and the Jacobian, row by row")
async def softmax_by_hand(req: SoftmaxByHandRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _softmax_by_hand, req)


def _compare_models(req: CompareModelsRequest, cancel: CancelToken) -> Response:
    return json_response(maths.compare_models([[(row.p, row.target) for row in rows] for rows in req.models]))


@router.post("/compare-models", response_model=CompareModelsAnswer,
             summary="Error rate, cross-entropy and MSE of models given as probabilities")
async def compare_models_route(req: CompareModelsRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _compare_models, req)
