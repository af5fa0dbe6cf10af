"""The chain-rule lesson's routes, under /api/lessons: POST /chain-rule, one sample of a logistic
regression forward and back with the chain rule (a data set's training sample at θ, or typed
numbers) and the average gradient over the training set, with both as MathML; POST /timing, a
Python loop against np.dot. Both are heavy work (app.api.heavy): capped across the server and
stopped when their client leaves."""

from __future__ import annotations

import numpy as np
from fastapi import Request, Response

from app.api.deps import HeavyDep, SettingsDep, StoreDep
from app.api.heavy import json_response
from app.api.uploads import MyUploads
from app.engine.errors import UserError
from app.engine.spec.build import load_data
from app.engine.training.cancel import CancelToken
from app.engine.training.registry import make_model
from app.lessons.chain_rule import maths
from app.lessons.chain_rule.formulas import chain_rule_mean_values, chain_rule_values
from app.lessons.chain_rule.schemas import ChainRuleAnswer, ChainRuleRequest, TimingAnswer, TimingRequest
from app.lessons.routes import lesson_router
from app.settings import Settings

router = lesson_router()


def _chain_rule(req: ChainRuleRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data = load_data(req.dataset.to_spec(), settings, store.load)
    if data.n_classes != 2:
        raise UserError("the chain-rule lesson needs a data set with 2 classes")
    if req.index >= len(data.y_train):
        raise UserError(f"index must be below {len(data.y_train)}, the number of training samples")
    if req.params is None:
        params = make_model("logistic", data.n_features, 2).init_params(
            np.random.default_rng(np.random.SeedSequence([req.seed, 3])))
    elif len(req.params) != data.n_features + 1:
        raise UserError(f"params needs {data.n_features + 1} values (w, then b)")
    else:
        params = np.asarray(req.params)
    if req.x is not None:  # the learner's own numbers, taken as typed
        if req.y is None:
            raise UserError("a typed sample needs its label y (0 or 1) as well as x")
        if len(req.x) != data.n_features:
            raise UserError(f"x needs {data.n_features} values, one per feature")
        values = maths.one_sample(params, np.asarray(req.x), req.y)
        source: dict[str, object] = {"standardised": False, "raw_x": None, "mean": None, "scale": None}
    else:
        values = maths.one_sample(params, data.X_train[req.index], int(data.y_train[req.index]))
        scaled = bool(data.mean.size)
        raw = data.raw_train[req.index] if data.features is None else None
        source = {"standardised": scaled, "raw_x": None if raw is None else raw.tolist(),
                  "mean": data.mean.tolist() if scaled else None, "scale": data.scale.tolist() if scaled else None}
    mean = maths.mean_gradient(params, data.X_train, data.y_train)
    return json_response({**values, **source, "feature_names": data.feature_names, "mean_gradient": mean,
                          "mathml": [str(m) for m in chain_rule_values(values)],
                          "mathml_mean": [str(m) for m in chain_rule_mean_values(mean)]})


@router.post("/chain-rule", response_model=ChainRuleAnswer,
             summary="One sample's forward values and backward quantities")
async def chain_rule(req: ChainRuleRequest, request: Request, settings: SettingsDep, store: StoreDep,
                     heavy: HeavyDep) -> Response:
    return await heavy.run(request, _chain_rule, req, settings, store)


def _timing(req: TimingRequest, cancel: CancelToken) -> Response:
    return json_response(maths.loop_versus_dot(req.n, cancel=cancel))


@router.post("/timing", response_model=TimingAnswer, summary="A Python loop against np.dot on n random numbers",
             description="n is capped by max_timing_length (the Python loop takes about 0.2 µs a number).")
async def timing(req: TimingRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _timing, req)
