"""The cross-entropy pitfalls' routes, under /api/lessons: the ε form against the stable loss
(POST /epsilon), H(p, p) over the three-outcome simplex (GET /entropy-grid, computed once per process)
and the article's derivative formulas checked (POST /derivative-checks). Every POST is heavy work
(app.api.heavy): capped across the server and stopped when its client leaves."""

from __future__ import annotations

from functools import cache

import numpy as np
from fastapi import APIRouter, Request, Response

from app.api.deps import HeavyDep
from app.api.errors import ERROR_RESPONSES
from app.api.heavy import json_response
from app.engine.training.cancel import CancelToken
from app.lessons.cross_entropy import maths
from app.lessons.cross_entropy.models import (
    DerivativeChecksAnswer,
    DerivativeChecksRequest,
    EntropyGridAnswer,
    EpsilonAnswer,
    EpsilonRequest,
)

router = APIRouter(prefix="/api/lessons", tags=["lessons"], responses=ERROR_RESPONSES)


@cache
def _curves(name: str) -> dict:
    """A fixed curve of maths.py, computed once per process."""
    return getattr(maths, name)()


def _epsilon(req: EpsilonRequest, cancel: CancelToken) -> Response:
    return json_response(maths.epsilon_curves(req.y, req.epsilon, req.z))


@router.post("/epsilon", response_model=EpsilonAnswer,
             summary="-log(p + epsilon) against the stable log(1 + e^z) - yz, and their slopes")
async def epsilon(req: EpsilonRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _epsilon, req)


@router.get("/entropy-grid", response_model=EntropyGridAnswer,
            summary="H(p) = H(p, p) in nats over the three-outcome simplex")
def entropy_simplex() -> dict:
    return _entropy_grid()


@cache
def _entropy_grid() -> dict:
    return maths.entropy_grid()


def _derivatives(req: DerivativeChecksRequest, cancel: CancelToken) -> Response:
    return json_response(maths.derivative_checks(np.asarray(req.logits), req.target))


@router.post("/derivative-checks", response_model=DerivativeChecksAnswer,
             summary="The cross-entropy article's derivatives beside the right ones, checked")
async def derivatives(req: DerivativeChecksRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _derivatives, req)
