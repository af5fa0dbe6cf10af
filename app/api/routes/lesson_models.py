"""Routes behind the lesson pages that load a data set or train a model: ReLU units in a
trained network, the plateaus of sigmoid + MSE, one sample's chain rule, the derivation of the
logistic gradient, the vectorisation timing, the CE-vs-MSE experiment and its learning-rate
sweep, and the softmax read-outs. The maths is in app/engine.

Every POST is heavy work (app.api.heavy): capped across the server and stopped when its client
leaves."""



import numpy as np
from fastapi import APIRouter, Request, Response

from app.api.deps import HeavyDep, SettingsDep, StoreDep
from app.api.errors import ERROR_RESPONSES
from app.api.heavy import json_response
from app.engine.data.datasets import Dataset
from app.engine.data.store import UploadStore
from app.engine.errors import UserError
from app.engine.lessons import curves
from app.engine.lessons.chain import mean_gradient, one_sample
from app.engine.lessons.deep import (
    trained_inactive_share,
)
from app.engine.lessons.derivation import derivation
from app.engine.lessons.experiments import (
    class_probabilities,
    compare_losses,
    compare_losses_work,
    confusion_matrix,
    learning_rate_sweep,
    weight_templates,
)
from app.engine.lessons.regression import plateaus
from app.engine.lessons.timing import loop_versus_dot
from app.engine.spec.build import load_data, objective, params_vector
from app.engine.spec.limits import check_work
from app.engine.training.cancel import CancelToken
from app.engine.training.registry import make_model
from app.lessons.formulas import chain_rule_mean_values, chain_rule_values, derivation_values
from app.schemas.data import DatasetRequest
from app.schemas.lessons import (
    ChainRuleRequest,
    CompareLossesRequest,
    DerivationRequest,
    DzPointsRequest,
    EvaluateRequest,
    LearningRateSweepRequest,
    PlateausRequest,
    ReluTrainedRequest,
    TimingRequest,
)
from app.settings import Settings

router = APIRouter(prefix="/api/lessons", tags=["lessons"], responses=ERROR_RESPONSES)


def _relu_trained(req: ReluTrainedRequest, settings: Settings, store: UploadStore, cancel: CancelToken) -> Response:
    data = load_data(DatasetRequest(name="circles", seed=req.seed).to_spec(), settings, store.load)
    return json_response(trained_inactive_share(data.X_train, data.y_train.astype(float), req.hidden,
                                                steps=req.steps, seed=req.seed, cancel=cancel))


@router.post("/relu-trained", summary="ReLU units off per layer in a network trained on circles",
             description="Two hidden ReLU layers, plain gradient descent (learning rate 0.5): the share of "
                         "(sample, unit) pairs with z <= 0 per layer before and after, and the dead units' share.")
async def relu_trained(req: ReluTrainedRequest, request: Request, settings: SettingsDep, store: StoreDep,
                       heavy: HeavyDep) -> Response:
    return await heavy.run(request, _relu_trained, req, settings, store)


def _plateaus(req: PlateausRequest, settings: Settings, store: UploadStore, cancel: CancelToken) -> Response:
    line1d = DatasetRequest.model_validate({"name": "line1d", "noise": req.noise, "seed": req.seed})
    data = load_data(line1d.to_spec(), settings, store.load)
    model = make_model("logistic", data.n_features, 2)
    return json_response(plateaus(model, data.X_train, model.encode_targets(data.y_train), cancel=cancel))


@router.post("/plateaus", summary="Where sigmoid + MSE's (w, b) surface is flat, against cross-entropy's",
             description="On line1d: the share of a 41 x 41 grid over [-6.5, 6.5]^2 where |dJ/dtheta| < 0.01 "
                         "while J is far above its minimum, per loss, and the highest such point.")
async def plateaus_route(req: PlateausRequest, request: Request, settings: SettingsDep, store: StoreDep,
                         heavy: HeavyDep) -> Response:
    return await heavy.run(request, _plateaus, req, settings, store)


def _chain_rule(req: ChainRuleRequest, settings: Settings, store: UploadStore, cancel: CancelToken) -> Response:
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
        values = one_sample(params, np.asarray(req.x), req.y)
        source: dict[str, object] = {"standardised": False, "raw_x": None}
    else:
        values = one_sample(params, data.X_train[req.index], int(data.y_train[req.index]))
        scaled = bool(data.mean.size)
        raw = data.raw_train[req.index] if data.features is None else None
        source = {"standardised": scaled, "raw_x": None if raw is None else raw.tolist(),
                  "mean": data.mean.tolist() if scaled else None, "scale": data.scale.tolist() if scaled else None}
    mean = mean_gradient(params, data.X_train, data.y_train)
    return json_response({**values, **source, "feature_names": data.feature_names, "mean_gradient": mean,
                          "mathml": [str(m) for m in chain_rule_values(values)],
                          "mathml_mean": [str(m) for m in chain_rule_mean_values(mean)]})


@router.post("/chain-rule", summary="One sample's forward values and backward quantities")
async def chain_rule(req: ChainRuleRequest, request: Request, settings: SettingsDep, store: StoreDep,
                     heavy: HeavyDep) -> Response:
    return await heavy.run(request, _chain_rule, req, settings, store)


# The derivation lesson's data set: the chain-rule lesson's blobs (standardised, 160 training samples)
DERIVATION_DATA = DatasetRequest.model_validate({"name": "blobs", "seed": 0, "noise": 1.2})


def _derivation(req: DerivationRequest, settings: Settings, store: UploadStore, cancel: CancelToken) -> Response:
    data = load_data(DERIVATION_DATA.to_spec(), settings, store.load)
    if req.index is not None and req.index >= len(data.y_train):
        raise UserError(f"index must be below {len(data.y_train)}, the number of training samples")
    x, y = (req.x, req.y) if req.index is None else (data.X_train[req.index], int(data.y_train[req.index]))
    values = derivation(np.asarray(req.theta), np.asarray(x, float), y, data.X_train, data.y_train,
                        req.learning_rate)
    lines = {key: [str(m) for m in markup] for key, markup in derivation_values(values).items()}
    return json_response({**values, "index": req.index, "mathml": lines})


@router.post("/derivation", summary="The derivation article's road to the logistic gradient, every line with numbers",
             description="One sample (the data set's training sample index, or the typed x and y) and the mean "
                         "over the chain-rule lesson's 160 blobs, at theta = (w1, w2, b).")
async def derivation_route(req: DerivationRequest, request: Request, settings: SettingsDep, store: StoreDep,
                           heavy: HeavyDep) -> Response:
    return await heavy.run(request, _derivation, req, settings, store)


def _timing(req: TimingRequest, cancel: CancelToken) -> Response:
    return json_response(loop_versus_dot(req.n, cancel=cancel))


@router.post("/timing", summary="A Python loop against np.dot on n random numbers",
             description="n is capped by max_timing_length (the Python loop takes about 0.2 µs a number).")
async def timing(req: TimingRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _timing, req)


def _experiment_data(req: CompareLossesRequest, settings: Settings, store: UploadStore) -> Dataset | None:
    """The loaded data set a request names (null: the engine's built-in digits)."""
    return None if req.dataset is None else load_data(req.dataset.to_spec(), settings, store.load)


def _compare(req: CompareLossesRequest, settings: Settings, store: UploadStore, cancel: CancelToken) -> Response:
    data = _experiment_data(req, settings, store)
    check_work("the experiment's work (rows touched x parameters)",
               compare_losses_work(req.task, req.epochs, req.batch_size, data), "max_lesson_work", settings,
               "use a larger batch_size or fewer epochs")
    return json_response(compare_losses(req.task, req.epochs, req.batch_size, req.learning_rate, req.seed,
                                        req.digit, cancel=cancel, data=data))


@router.post("/compare-losses", summary="Cross-entropy against MSE on digits, test accuracy per epoch",
             description="On the built-in 8×8 digits, or on `dataset` (3 or more classes, e.g. an uploaded MNIST). "
                         "Also the majority baseline: the test accuracy of always predicting the most common "
                         "class. Its work (rows touched x parameters, both losses: the updates, and one "
                         "evaluation of every row per epoch) is capped by max_lesson_work.")
async def compare(req: CompareLossesRequest, request: Request, settings: SettingsDep, store: StoreDep,
                  heavy: HeavyDep) -> Response:
    return await heavy.run(request, _compare, req, settings, store)


def _sweep(req: LearningRateSweepRequest, settings: Settings, store: UploadStore, cancel: CancelToken) -> Response:
    data = _experiment_data(req, settings, store)
    check_work("the sweep's work (rows touched x parameters)",
               compare_losses_work(req.task, req.epochs, req.batch_size, data, rates=len(set(req.learning_rates)),
                                   every_epoch=False), "max_lesson_work", settings,
               "use fewer learning rates, fewer epochs or a larger batch_size")
    return json_response(learning_rate_sweep(req.task, tuple(req.learning_rates), req.epochs, req.batch_size,
                                             req.seed, req.digit, cancel=cancel, data=data))


@router.post("/learning-rate-sweep", summary="Cross-entropy against MSE: final test accuracy at each learning rate",
             description="The compare-losses experiment at each of learning_rates (sorted), from the same start "
                         "on the same split; gap = cross-entropy's accuracy minus MSE's. Its work (rows touched x "
                         "parameters, both losses, every rate: the updates and one final evaluation) is capped by "
                         "max_lesson_work.")
async def sweep(req: LearningRateSweepRequest, request: Request, settings: SettingsDep, store: StoreDep,
                heavy: HeavyDep) -> Response:
    return await heavy.run(request, _sweep, req, settings, store)


def _dz_points(req: DzPointsRequest, cancel: CancelToken) -> Response:
    return json_response({"marks": curves.dz_points(tuple(req.a), req.y)})


@router.post("/dz-points", summary="dL/dz of cross-entropy and MSE at chosen outputs a, for a target y")
async def dz_points(req: DzPointsRequest, request: Request, heavy: HeavyDep) -> Response:
    return await heavy.run(request, _dz_points, req)


def _confusion(req: EvaluateRequest, settings: Settings, store: UploadStore, cancel: CancelToken) -> Response:
    data, model = objective(*req.to_specs(), settings, store.load)
    theta = params_vector(req.params, model, seed=req.seed)
    matrix = confusion_matrix(model, theta, data.X_test, data.y_test, data.n_classes)
    return json_response({"matrix": matrix.tolist(), "class_names": data.class_names,
                          "templates": weight_templates(model, data, theta)})


@router.post("/confusion", summary="Confusion matrix on the test part",
             description="Also templates: for softmax regression on raw pixels, the correlation of each "
                         "class's weights with its mean image minus the mean of all (null otherwise).")
async def confusion(req: EvaluateRequest, request: Request, settings: SettingsDep, store: StoreDep,
                    heavy: HeavyDep) -> Response:
    return await heavy.run(request, _confusion, req, settings, store)


def _probabilities(req: EvaluateRequest, settings: Settings, store: UploadStore, cancel: CancelToken) -> Response:
    data, model = objective(*req.to_specs(), settings, store.load)
    theta = params_vector(req.params, model, seed=req.seed)
    result = class_probabilities(model, data, theta, req.index)
    return json_response({**result, "class_names": data.class_names, "n_test": len(data.y_test)})


@router.post("/probabilities", summary="One test sample's class probabilities")
async def probabilities(req: EvaluateRequest, request: Request, settings: SettingsDep, store: StoreDep,
                        heavy: HeavyDep) -> Response:
    return await heavy.run(request, _probabilities, req, settings, store)
