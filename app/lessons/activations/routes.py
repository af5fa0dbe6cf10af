"""The activations lesson's routes, under /api/lessons: every activation's curve (GET, computed once
per process), gradients through deep stacks of each (POST /vanishing), sigmoid, tanh and ReLU timed
(POST /activation-timing) and ReLU's idle units in a trained network (POST /relu-trained). Every POST
is heavy work (app.api.heavy): capped across the server and stopped when its client leaves."""

from __future__ import annotations

from fastapi import Request, Response

from app.api.deps import HeavyDep, SettingsDep, StoreDep
from app.api.heavy import json_response
from app.api.uploads import MyUploads
from app.engine.data.datasets import DatasetSpec
from app.engine.spec.build import load_data
from app.engine.training.activations import ACTIVATIONS
from app.engine.training.cancel import CancelToken
from app.lessons.activations import maths
from app.lessons.activations.schemas import (
    ActivationCurvesAnswer,
    ActivationTimingAnswer,
    ActivationTimingRequest,
    ReluTrainedAnswer,
    ReluTrainedRequest,
    VanishingAnswer,
    VanishingRequest,
)
from app.lessons.routes import computed_once, lesson_router
from app.settings import Settings

router = lesson_router()


_activation_curves = computed_once(maths.activation_curves)


@router.get("/activations", response_model=ActivationCurvesAnswer,
            summary="Activation functions and their derivatives")
def activations() -> Response:
    return _activation_curves()


def _vanishing(req: VanishingRequest, cancel: CancelToken) -> Response:
    layers: dict[str, object] = {"layers": list(range(1, req.depth + 1))}
    ratios: dict[str, object] = {}
    for name in ACTIVATIONS:
        cancel.check()
        sizes = maths.gradient_per_layer(name, req.depth, req.width, seed=req.seed)
        layers[name], ratios[name] = sizes, maths.layer_ratios(sizes)
    return json_response({**layers, "ratios": ratios,
                          "relu_inactive": maths.inactive_share(req.depth, req.width, seed=req.seed),
                          "collapse": maths.linear_collapse(req.depth, seed=req.seed)})


@router.post("/vanishing", response_model=VanishingAnswer,
             summary="Gradient size per layer through deep stacks",
             description="Per activation: the RMS of dJ/dW per layer and the ratio of consecutive layers'; "
                         "the share of ReLU units off per layer; a deep linear net against its one collapsed map.")
async def vanishing(req: VanishingRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _vanishing, req)


def _activation_timing(req: ActivationTimingRequest, cancel: CancelToken) -> Response:
    return json_response(maths.activation_timing(req.n, req.rounds, cancel=cancel))


@router.post("/activation-timing", response_model=ActivationTimingAnswer,
             summary="sigmoid and tanh (exp inside) against ReLU (a max) on n numbers",
             description="Each timed rounds times: min, median and max seconds, and medians over ReLU's. "
                         "n is capped by max_timing_length.")
async def activation_timing_route(req: ActivationTimingRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _activation_timing, req)


def _relu_trained(req: ReluTrainedRequest, settings: Settings, store: MyUploads, cancel: CancelToken) -> Response:
    data = load_data(DatasetSpec.of("circles", seed=req.seed), settings, store.load)
    return json_response(maths.trained_inactive_share(data.X_train, data.y_train.astype(float), req.hidden,
                                                      steps=req.steps, seed=req.seed, cancel=cancel))


@router.post("/relu-trained", response_model=ReluTrainedAnswer,
             summary="ReLU units off per layer in a network trained on circles",
             description="Two hidden ReLU layers, plain gradient descent (learning rate 0.5): the share of "
                         "(sample, unit) pairs with z <= 0 per layer before and after, and the dead units' share.")
async def relu_trained(req: ReluTrainedRequest, request: Request, settings: SettingsDep, store: StoreDep,
                       heavy: HeavyDep) -> Response:
    return await heavy.run(request, _relu_trained, req, settings, store)
