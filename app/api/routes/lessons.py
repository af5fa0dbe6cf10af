"""Routes behind the lesson pages: curves, information measures, the vanishing
gradient, one sample's chain rule, the vectorisation timing, the seeds' CE-vs-MSE
experiment and the softmax read-outs. The maths is in app/engine."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter

from app.api.convert import load_data, objective, params_vector, user_errors
from app.api.deps import SettingsDep, StoreDep
from app.api.errors import ERROR_RESPONSES, unprocessable
from app.api.schemas import (
    ChainRuleRequest,
    CompareLossesRequest,
    EvaluateRequest,
    InformationRequest,
    TimingRequest,
    VanishingRequest,
)
from app.engine import curves
from app.engine.activations import ACTIVATIONS
from app.engine.chain import one_sample
from app.engine.deep import gradient_per_layer
from app.engine.experiments import class_probabilities, compare_losses, confusion_matrix
from app.engine.timing import loop_versus_dot
from app.web.formulas import chain_rule_values

router = APIRouter(prefix="/api/lessons", tags=["lessons"], responses=ERROR_RESPONSES)


@router.get("/probability-losses", summary="Loss against the predicted probability, y = 1 and y = 0")
def probability_losses() -> dict:
    return curves.probability_losses()


@router.get("/dz-curves", summary="dL/dz against z for cross-entropy and MSE, with the seeds' points")
def dz_curves() -> dict:
    return curves.dz_curves()


@router.get("/margin-losses", summary="0-1, absolute, squared, log, hinge and exponential losses")
def margin_losses() -> dict:
    return curves.margin_losses()


@router.get("/activations", summary="Activation functions and their derivatives")
def activations() -> dict:
    return curves.activation_curves()


@router.post("/information", summary="Entropy, cross-entropy and KL divergence (bits)")
def information(req: InformationRequest) -> dict:
    with user_errors():
        return curves.information(req.p, req.q)


@router.post("/vanishing", summary="Gradient size per layer through deep stacks")
def vanishing(req: VanishingRequest) -> dict:
    return {"layers": list(range(1, req.depth + 1)),
            **{name: gradient_per_layer(name, req.depth, req.width, seed=req.seed) for name in ACTIVATIONS}}


@router.post("/chain-rule", summary="One sample's forward values and backward quantities")
def chain_rule(req: ChainRuleRequest, settings: SettingsDep, store: StoreDep) -> dict:
    data = load_data(req.dataset, settings, store)
    if data.n_classes != 2:
        raise unprocessable("the chain-rule lesson needs a data set with 2 classes")
    if req.index >= len(data.y_train):
        raise unprocessable(f"index must be below {len(data.y_train)}, the number of training samples")
    if len(req.params) != data.n_features + 1:
        raise unprocessable(f"params needs {data.n_features + 1} values (w, then b)")
    values = one_sample(np.asarray(req.params), data.X_train[req.index], int(data.y_train[req.index]))
    return {**values, "feature_names": data.feature_names,
            "mathml": [str(m) for m in chain_rule_values(values)]}


@router.post("/timing", summary="A Python loop against np.dot on n random numbers")
def timing(req: TimingRequest) -> dict:
    return loop_versus_dot(req.n)


@router.post("/compare-losses", summary="Cross-entropy against MSE on digits, test accuracy per epoch")
def compare(req: CompareLossesRequest) -> dict:
    return compare_losses(req.task, req.epochs, req.batch_size, req.learning_rate, req.seed, req.digit)


@router.post("/confusion", summary="Confusion matrix on the test part")
def confusion(req: EvaluateRequest, settings: SettingsDep, store: StoreDep) -> dict:
    data, model = objective(req, settings, store)
    theta = params_vector(req.params, model)
    matrix = confusion_matrix(model, theta, data.X_test, data.y_test, data.n_classes)
    return {"matrix": matrix.tolist(), "class_names": data.class_names}


@router.post("/probabilities", summary="One test sample's class probabilities")
def probabilities(req: EvaluateRequest, settings: SettingsDep, store: StoreDep) -> dict:
    data, model = objective(req, settings, store)
    theta = params_vector(req.params, model)
    with user_errors():
        result = class_probabilities(model, data, theta, req.index)
    return {**result, "class_names": data.class_names, "n_test": len(data.y_test)}
