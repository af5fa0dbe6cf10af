"""POST /api/lessons/derivation: the derivation article's lines with the numbers of one sample (a
training sample of the chain-rule lesson's blobs, or a typed one) and of all 160 training samples,
and the same lines as MathML. Heavy work (app.api.heavy): capped across the server and stopped
when its client leaves."""

from __future__ import annotations

import numpy as np
from fastapi import Request, Response

from app.api.deps import HeavyDep, SettingsDep, StoreDep
from app.api.heavy import json_response
from app.api.uploads import MyUploads
from app.engine.data.datasets import DatasetSpec
from app.engine.errors import UserError
from app.engine.spec.build import load_data
from app.engine.training.cancel import CancelToken
from app.lessons.derivation import maths
from app.lessons.derivation.formulas import derivation_values
from app.lessons.derivation.schemas import DerivationAnswer, DerivationRequest
from app.lessons.routes import lesson_router
from app.settings import Settings

router = lesson_router()


# The derivation lesson's data set: the chain-rule lesson's blobs (standardised, 160 training samples)
DERIVATION_DATA = DatasetSpec.of("blobs", seed=0, noise=1.2)


def _derivation(req: DerivationRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data = load_data(DERIVATION_DATA, settings, store.load)
    if req.index is not None and req.index >= len(data.y_train):
        raise UserError(f"index must be below {len(data.y_train)}, the number of training samples")
    x, y = (req.x, req.y) if req.index is None else (data.X_train[req.index], int(data.y_train[req.index]))
    values = maths.derivation(np.asarray(req.theta), np.asarray(x, float), y, data.X_train, data.y_train,
                              req.learning_rate)
    lines = {key: [str(m) for m in markup] for key, markup in derivation_values(values).items()}
    return json_response({**values, "index": req.index, "mathml": lines})


@router.post("/derivation", response_model=DerivationAnswer,
             summary="The derivation article's road to the logistic gradient, every line with numbers",
             description="One sample (the data set's training sample index, or the typed x and y) and the mean "
                         "over the chain-rule lesson's 160 blobs, at theta = (w1, w2, b).")
async def derivation_route(req: DerivationRequest, request: Request, settings: SettingsDep, store: StoreDep,
                           heavy: HeavyDep) -> Response:
    return await heavy.run(request, _derivation, req, settings, store)
