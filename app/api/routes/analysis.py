"""What the pages draw beside a run, at a given theta: POST /api/points (a data set's raw points),
POST /api/boundary (the model's prediction over the data's plane or line) and POST /api/neurons
(every unit's output there, for the network diagram). The maths is app.engine.analysis's."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter

from app.api.deps import SettingsDep, StoreDep
from app.api.errors import ERROR_RESPONSES
from app.engine.analysis.boundary import prediction_curve, probability_map
from app.engine.analysis.neurons import neuron_maps
from app.engine.analysis.principal import plane_map, predicted_against_true, principal_plane
from app.engine.spec.build import load_data, objective, params_vector
from app.engine.training.numerics import finite_or_none
from app.schemas.analysis import BoundaryRequest, BoundaryResponse, NeuronsRequest, NeuronsResponse
from app.schemas.data import PointsRequest, PointsResponse

router = APIRouter(tags=["live"])  # the tag the pages' helpers have always had in /docs


@router.post("/api/points", response_model=PointsResponse, responses=ERROR_RESPONSES,
             summary="A data set's points: raw for 1-D and 2-D sets, else on their first two principal components")
def points(req: PointsRequest, settings: SettingsDep, store: StoreDep) -> dict:
    data = load_data(req.dataset.to_spec(), settings, store.load)
    if data.raw_train.shape[1] in (1, 2):
        train, test, axes = data.raw_train, data.raw_test, None
    else:  # more features: their principal plane, fitted on the training rows (app.engine.analysis.principal)
        plane = principal_plane(data)
        train, test, axes = plane.project(data.X_train), plane.project(data.X_test), plane.axes()
    return {
        "feature_names": data.feature_names, "class_names": data.class_names, "task": data.task,
        "target_name": data.target_name, "axes": axes,
        "train_x": train.tolist(), "train_y": data.raw_target(data.y_train).tolist(),
        "test_x": test.tolist(), "test_y": data.raw_target(data.y_test).tolist(),
    }


@router.post("/api/boundary", response_model=BoundaryResponse, responses=ERROR_RESPONSES,
             summary="The model's prediction over the plane of a 2-D data set, or its curve over a 1-D one")
def boundary(req: BoundaryRequest, settings: SettingsDep, store: StoreDep) -> dict:
    data, model = objective(*req.to_specs(), settings, store.load)
    theta = params_vector(req.params, model, seed=req.seed)
    if data.raw_train.shape[1] == 1:
        xs, curve = prediction_curve(model, data, theta, req.resolution)
        return {"x": xs.tolist(), "y": [finite_or_none(v) for v in curve], "z": [], "confidence": [],
                "kind": "curve"}
    if data.raw_train.shape[1] > 2 and model.output == "identity":  # a regression: predicted against true
        truth, predicted, test_truth, test_predicted = predicted_against_true(model, data, theta)
        return {"x": truth.tolist(), "y": [finite_or_none(v) for v in predicted], "z": [], "confidence": [],
                "test_x": test_truth.tolist(), "test_y": [finite_or_none(v) for v in test_predicted], "kind": "fit"}
    planar = data.raw_train.shape[1] == 2
    xs, ys, z, confidence = (probability_map if planar else plane_map)(model, data, theta, req.resolution)
    return {
        "x": xs.tolist(), "y": ys.tolist(),
        "z": [[finite_or_none(v) for v in row] for row in z],
        "confidence": [[finite_or_none(v) for v in row] for row in confidence],
        "kind": {"sigmoid": "probability", "softmax": "class", "identity": "value"}[model.output],
    }


def _values(a: object) -> list:
    """A map as JSON numbers, 6 significant digits (plenty for a heatmap), non-finite as null."""
    return [finite_or_none(float(f"{v:.6g}")) for v in np.asarray(a, dtype=np.float64).ravel()]


@router.post("/api/neurons", response_model=NeuronsResponse, responses=ERROR_RESPONSES,
             summary="Every unit's output over the data's plane (the network diagram's maps)")
def neurons(req: NeuronsRequest, settings: SettingsDep, store: StoreDep) -> dict:
    data, model = objective(*req.to_specs(), settings, store.load)
    theta = params_vector(req.params, model, seed=req.seed)
    maps = neuron_maps(model, data, theta, req.resolution)
    activation = getattr(getattr(model, "activation", None), "name", None)
    kind = "none" if not maps.xs.size else "plane" if maps.ys.size else "line"
    return {
        "kind": kind, "sizes": list(maps.sizes), "activation": activation,
        "output_kind": {"sigmoid": "probability", "softmax": "class", "identity": "value"}[model.output],
        "x": maps.xs.tolist(), "y": maps.ys.tolist(),
        "inputs": [_values(row) for row in maps.inputs],
        "hidden": [[_values(unit) for unit in layer] for layer in maps.hidden],
        "output": _values(maps.output),
    }
