"""Data with more than two features on its principal plane (app/engine/analysis/principal.py)."""

from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA

from app.engine.analysis.principal import plane_map, predicted_against_true, principal_plane
from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.training.registry import make_model


def test_the_plane_is_the_training_rows_first_two_components():
    data = load_dataset(DatasetSpec.of(name="iris"))
    plane = principal_plane(data)
    reference = PCA(n_components=4).fit(data.X_train)  # all four: the first two are the plane
    assert np.allclose(np.abs(plane.components), np.abs(reference.components_[:2]))
    coords = plane.project(data.X_train)
    assert np.allclose(coords.mean(axis=0), 0, atol=1e-12)
    assert coords[:, 0].var() >= coords[:, 1].var() >= reference.explained_variance_[2] * (1 - 1e-9)
    assert plane.explained[0] > 0.5 and sum(plane.explained) < 1
    ab = np.array([[1.5, -0.5], [0.0, 2.0]])
    assert np.allclose(plane.project(plane.lift(ab)), ab)  # a point of the plane comes back to itself
    assert plane.axes()[0].startswith("PC1 (") and "of the variance" in plane.axes()[1]


def test_the_map_is_the_model_at_the_lifted_points():
    data = load_dataset(DatasetSpec.of(name="iris"))
    model = make_model("softmax", data.n_features, data.n_classes)
    theta = np.random.default_rng(0).normal(size=model.n_params)
    xs, ys, z, confidence = plane_map(model, data, theta, 9)
    plane = principal_plane(data)
    r, c = 3, 6
    proba = model.predict_proba(theta, plane.lift(np.array([[xs[c], ys[r]]])))[0]
    assert z[r, c] == proba.argmax() and np.isclose(confidence[r, c], proba.max())
    coords = plane.project(np.vstack([data.X_train, data.X_test]))
    assert xs[0] < coords[:, 0].min() and xs[-1] > coords[:, 0].max()  # the points lie inside the map


def test_a_regression_gives_each_row_its_prediction_and_its_truth():
    data = load_dataset(DatasetSpec.of(name="diabetes"))
    model = make_model("linear", data.n_features, 0)
    theta = np.zeros(model.n_params)
    truth, predicted, test_truth, test_predicted = predicted_against_true(model, data, theta)
    assert len(truth) == len(predicted) == len(data.y_train) and len(test_truth) == len(data.y_test)
    assert np.allclose(predicted, data.raw_target(np.zeros(1)))  # θ = 0 predicts the mean target
    assert np.allclose(truth, data.raw_target(data.y_train))
