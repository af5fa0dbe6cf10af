"""Routes behind the lesson pages that need no data set: the loss and activation curves,
information measures, softmax and cross-entropy by hand, the vanishing gradient and the
activations' timing. The lessons that train or evaluate a model on data are in
app/api/routes/lesson_models.py. The maths is in app/engine.

The fixed curves (GET) are computed once per process. Every POST is heavy work
(app.api.heavy): capped across the server and stopped when its client leaves."""

from __future__ import annotations

from functools import cache

import numpy as np
from fastapi import APIRouter, Request, Response

from app.api.deps import HeavyDep
from app.api.errors import ERROR_RESPONSES
from app.api.heavy import json_response
from app.engine.lessons import curves
from app.engine.lessons.cross_entropy import derivative_checks, entropy_grid, epsilon_curves
from app.engine.lessons.deep import (
    activation_timing,
    gradient_per_layer,
    inactive_share,
    layer_ratios,
    linear_collapse,
)
from app.engine.lessons.softmax_hand import compare_models, softmax_rows
from app.engine.training.activations import ACTIVATIONS
from app.engine.training.cancel import CancelToken
from app.schemas.lessons import (
    ActivationTimingRequest,
    CompareModelsRequest,
    DerivativeChecksRequest,
    EpsilonRequest,
    InformationRequest,
    SoftmaxByHandRequest,
    VanishingRequest,
)

router = APIRouter(prefix="/api/lessons", tags=["lessons"], responses=ERROR_RESPONSES)


@cache
def _cached(name: str) -> dict:
    return getattr(curves, name)()


@router.get("/probability-losses", summary="Loss against the predicted probability, y = 1 and y = 0")
def probability_losses() -> dict:
    return _cached("probability_losses")


@router.get("/dz-curves", summary="dL/dz against z for cross-entropy and MSE, with the article's points a = 0.98, 0.82")
def dz_curves() -> dict:
    return _cached("dz_curves")


@router.get("/margin-losses", summary="0-1, absolute, squared, log, hinge and exponential losses")
def margin_losses() -> dict:
    return _cached("margin_losses")


@router.get("/activations", summary="Activation functions and their derivatives")
def activations() -> dict:
    return _cached("activation_curves")


def _information(req: InformationRequest, cancel: CancelToken) -> Response:
    uniform = [1.0] * len(req.p)
    p = req.p if any(req.p) else uniform
    q = uniform if req.q is None or not any(req.q) else req.q
    return json_response(curves.information(np.asarray(p, float), np.asarray(q, float), req.unit))


@router.post("/information", summary="Entropy, cross-entropy and KL divergence (nats, or bits on request)")
async def information(req: InformationRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _information, req)


def _softmax_by_hand(req: SoftmaxByHandRequest, cancel: CancelToken) -> Response:
    return json_response(softmax_rows(req.logits, np.asarray(req.targets)))


@router.post("/softmax-by-hand", summary="Softmax, cross-entropy, p - t and the Jacobian, row by row")
async def softmax_by_hand(req: SoftmaxByHandRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _softmax_by_hand, req)


def _compare_models(req: CompareModelsRequest, cancel: CancelToken) -> Response:
    return json_response(compare_models([[(row.p, row.target) for row in rows] for rows in req.models]))


@router.post("/compare-models", summary="Error rate, cross-entropy and MSE of models given as probabilities")
async def compare_models_route(req: CompareModelsRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _compare_models, req)


def _epsilon(req: EpsilonRequest, cancel: CancelToken) -> Response:
    return json_response(epsilon_curves(req.y, req.epsilon, req.z))


@router.post("/epsilon", summary="-log(p + epsilon) against the stable log(1 + e^z) - yz, and their slopes")
async def epsilon(req: EpsilonRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _epsilon, req)


@router.get("/entropy-grid", summary="H(p) = H(p, p) in nats over the three-outcome simplex")
def entropy_simplex() -> dict:
    return _entropy_grid()


@cache
def _entropy_grid() -> dict:
    return entropy_grid()


def _derivatives(req: DerivativeChecksRequest, cancel: CancelToken) -> Response:
    return json_response(derivative_checks(np.asarray(req.logits), req.target))


@router.post("/derivative-checks", summary="The cross-entropy article's derivatives beside the right ones, checked")
async def derivatives(req: DerivativeChecksRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _derivatives, req)


def _vanishing(req: VanishingRequest, cancel: CancelToken) -> Response:
    layers: dict[str, object] = {"layers": list(range(1, req.depth + 1))}
    ratios: dict[str, object] = {}
    for name in ACTIVATIONS:
        cancel.check()
        sizes = gradient_per_layer(name, req.depth, req.width, seed=req.seed)
        layers[name], ratios[name] = sizes, layer_ratios(sizes)
    return json_response({**layers, "ratios": ratios,
                          "relu_inactive": inactive_share(req.depth, req.width, seed=req.seed),
                          "collapse": linear_collapse(req.depth, seed=req.seed)})


@router.post("/vanishing", summary="Gradient size per layer through deep stacks",
             description="Per activation: the RMS of dJ/dW per layer and the ratio of consecutive layers'; "
                         "the share of ReLU units off per layer; a deep linear net against its one collapsed map.")
async def vanishing(req: VanishingRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _vanishing, req)


def _activation_timing(req: ActivationTimingRequest, cancel: CancelToken) -> Response:
    return json_response(activation_timing(req.n, req.rounds, cancel=cancel))


@router.post("/activation-timing", summary="sigmoid and tanh (exp inside) against ReLU (a max) on n numbers",
             description="Each timed rounds times: min, median and max seconds, and medians over ReLU's. "
                         "n is capped by max_timing_length.")
async def activation_timing_route(req: ActivationTimingRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _activation_timing, req)
