"""The loss gallery's routes, under /api/lessons: the margin losses' fixed curves (GET, computed once
per process) and the information measures of two distributions (POST /information, which the
cross-entropy pitfalls page asks too). Every POST is heavy work (app.api.heavy): capped across the
server and stopped when its client leaves."""

from __future__ import annotations

from functools import cache

import numpy as np
from fastapi import APIRouter, Request, Response

from app.api.deps import HeavyDep
from app.api.errors import ERROR_RESPONSES
from app.api.heavy import json_response
from app.engine.training.cancel import CancelToken
from app.lessons.losses import maths
from app.lessons.losses.models import InformationAnswer, InformationRequest, MarginLossesAnswer

router = APIRouter(prefix="/api/lessons", tags=["lessons"], responses=ERROR_RESPONSES)


@cache
def _curves(name: str) -> dict:
    """A fixed curve of maths.py, computed once per process."""
    return getattr(maths, name)()


@router.get("/margin-losses", response_model=MarginLossesAnswer,
            summary="0-1, absolute, squared, log, hinge and exponential losses")
def margin_losses() -> dict:
    return _curves("margin_losses")


def _information(req: InformationRequest, cancel: CancelToken) -> Response:
    uniform = [1.0] * len(req.p)
    p = req.p if any(req.p) else uniform
    q = uniform if req.q is None or not any(req.q) else req.q
    return json_response(maths.information(np.asarray(p, float), np.asarray(q, float), req.unit))


@router.post("/information", response_model=InformationAnswer,
             summary="Entropy, cross-entropy and KL divergence (nats, or bits on request)")
async def information(req: InformationRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _information, req)
