"""The cross-entropy pitfalls' routes, under /api/lessons: the ε form against the stable loss
(POST /epsilon), H(p, p) over the three-outcome simplex (GET /entropy-grid, computed once per process)
and the article's derivative formulas checked (POST /derivative-checks). Every POST is heavy work
(app.api.heavy): capped across the server and stopped when its client leaves."""

from __future__ import annotations

import numpy as np
from fastapi import Request, Response

from app.api.deps import HeavyDep
from app.api.heavy import json_response
from app.engine.training.cancel import CancelToken
from app.lessons.cross_entropy import maths
from app.lessons.cross_entropy.schemas import (
    DerivativeChecksAnswer,
    DerivativeChecksRequest,
    EntropyGridAnswer,
    EpsilonAnswer,
    EpsilonRequest,
)
from app.lessons.routes import computed_once, lesson_router

router = lesson_router()


def _epsilon(req: EpsilonRequest, cancel: CancelToken) -> Response:
    return json_response(maths.epsilon_curves(req.y, req.epsilon, req.z))


@router.post("/epsilon", response_model=EpsilonAnswer,
             summary="-log(p + epsilon) against the stable log(1 + e^z) - yz, and their slopes")
async def epsilon(req: EpsilonRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _epsilon, req)


_entropy_grid = computed_once(maths.entropy_grid)


@router.get("/entropy-grid", response_model=EntropyGridAnswer,
            summary="H(p) = H(p, p) in nats over the three-outcome simplex")
def entropy_simplex() -> Response:
    return _entropy_grid()


def _derivatives(req: DerivativeChecksRequest, cancel: CancelToken) -> Response:
    return json_response(maths.derivative_checks(np.asarray(req.logits), req.target))


@router.post("/derivative-checks", response_model=DerivativeChecksAnswer,
             summary="The cross-entropy article's derivatives beside the right ones, checked")
async def derivatives(req: DerivativeChecksRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _derivatives, req)
