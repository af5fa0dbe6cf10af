"""The loss gallery's routes, under /api/lessons: the margin losses' fixed curves (GET, computed once
per process) and the information measures of two distributions (POST /information, which the
cross-entropy pitfalls page asks too). Every POST is heavy work (app.api.heavy): capped across the
server and stopped when its client leaves."""

from __future__ import annotations

import numpy as np
from fastapi import Request, Response

from app.api.deps import HeavyDep
from app.api.heavy import json_response
from app.engine.training.cancel import CancelToken
from app.lessons.losses import maths
from app.lessons.losses.schemas import InformationAnswer, InformationRequest, MarginLossesAnswer
from app.lessons.routes import computed_once, lesson_router

router = lesson_router()


_margin_losses = computed_once(maths.margin_losses)


@router.get("/margin-losses", response_model=MarginLossesAnswer,
            summary="0-1, absolute, squared, log, hinge and exponential losses")
def margin_losses() -> Response:
    return _margin_losses()


def _information(req: InformationRequest, cancel: CancelToken) -> Response:
    uniform = [1.0] * len(req.p)
    p = req.p if any(req.p) else uniform
    q = uniform if req.q is None or not any(req.q) else req.q
    return json_response(maths.information(np.asarray(p, float), np.asarray(q, float), req.unit))


@router.post("/information", response_model=InformationAnswer,
             summary="Entropy, cross-entropy and KL divergence (nats, or bits on request)")
async def information(req: InformationRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _information, req)
