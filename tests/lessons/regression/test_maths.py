"""Regression takes MSE, classification cross-entropy: the engine's evidence for the regression lesson."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression as SkLinearRegression

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.training.numerics import sigmoid
from app.engine.training.registry import make_model
from app.lessons.regression.maths import descend, hessian, plateaus


@pytest.fixture(scope="module")
def line():
    data = load_dataset(DatasetSpec("line", seed=0, standardize=False))  # y = 1.5 x + 0.5 + noise
    model = make_model("linear", 1, 0)
    return model, data.X_train, model.encode_targets(data.y_train)


@pytest.fixture(scope="module")
def classes():
    data = load_dataset(DatasetSpec.of("line1d", noise=0.8, seed=0))
    model = make_model("logistic", 1, 2)
    return model, data.X_train, model.encode_targets(data.y_train)


def test_gradient_descent_reaches_the_closed_form_which_is_scikit_learns(line):
    model, X, t = line
    star = model.closed_form(X, t, "mse", 0.0)
    sk = SkLinearRegression().fit(X, t)
    np.testing.assert_allclose(star, [sk.coef_[0], sk.intercept_], rtol=1e-10)
    assert star == pytest.approx([1.5, 0.5], abs=0.1)  # the line the data were drawn from, give or take the noise
    path, J = descend(model, X, t, np.array([-3.0, -3.0]), learning_rate=0.1, steps=400)
    J_star = model.loss_value(star, X, t, "mse")
    dist = np.linalg.norm(path - star, axis=1)
    assert dist[0] > 5 and dist[-1] < 1e-8
    assert J[-1] - J_star < 1e-12
    assert np.all(np.diff(J) <= 1e-15)  # with a step below 2 / the largest curvature J never rises


def test_linear_mse_gradient_is_the_error_times_x(line):
    model, X, t = line
    theta = np.array([0.3, -0.7])
    _, grad = model.loss_gradient(theta, X, t, "mse")
    err = X[:, 0] * theta[0] + theta[1] - t
    np.testing.assert_allclose(grad, [np.mean(err * X[:, 0]), np.mean(err)], rtol=1e-12)
    h = 1e-6
    numeric = [(model.loss_value(theta + h * e, X, t, "mse") - model.loss_value(theta - h * e, X, t, "mse")) / (2 * h)
               for e in np.eye(2)]
    np.testing.assert_allclose(grad, numeric, rtol=1e-7)


def test_the_linear_mse_surface_is_one_convex_bowl(line):
    model, X, t = line
    A = np.column_stack([X, np.ones(len(X))])
    for theta in ([-3.0, -3.0], [0.0, 0.0], [4.0, 2.0]):  # the same curvature everywhere: A^T A / m
        H = hessian(model, np.array(theta), X, t, "mse")
        np.testing.assert_allclose(H, A.T @ A / len(X), rtol=1e-6)
        assert np.all(np.linalg.eigvalsh(H) > 0.5)  # positive definite: one minimum, no flat direction


def test_sigmoid_mse_gradient_carries_a_1_minus_a(classes):
    model, X, t = classes
    theta = np.array([-3.0, 3.0])
    a = sigmoid(X[:, 0] * theta[0] + theta[1])
    _, mse = model.loss_gradient(theta, X, t, "mse")
    _, ce = model.loss_gradient(theta, X, t, "cross_entropy")
    slope = a * (1 - a)
    np.testing.assert_allclose(mse, [np.mean((a - t) * slope * X[:, 0]), np.mean((a - t) * slope)], rtol=1e-9)
    np.testing.assert_allclose(ce, [np.mean((a - t) * X[:, 0]), np.mean(a - t)], rtol=1e-9)


def test_sigmoid_mse_has_plateaus_and_cross_entropy_does_not(classes):
    model, X, t = classes
    out = plateaus(model, X, t)
    mse, ce = out["mse"], out["cross_entropy"]
    assert mse["share"] > 0.1 and ce["share"] == 0.0
    p = mse["point"]
    assert p["mse_grad"] < 0.01  # flat...
    assert p["mse_loss"] - mse["lowest"] > 0.5 * (mse["start"] - mse["lowest"])  # ...and far from the bottom
    assert p["cross_entropy_grad"] > 50 * p["mse_grad"]  # the same (w, b) under cross-entropy: steep
    _, grad = model.loss_gradient(np.array([p["w"], p["b"]]), X, t, "mse")
    assert np.linalg.norm(grad) == pytest.approx(p["mse_grad"])
