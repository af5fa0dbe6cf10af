import numpy as np
import pytest

from app.engine.analysis.gradcheck import numerical_gradient
from app.engine.training.linear_models import LogisticRegression, SoftmaxRegression
from app.engine.training.registry import make_model
from tests.factories import MODEL_CASES, MODEL_LOSS_CASES, losses_for, random_problem


@pytest.mark.parametrize("kind, n_classes, loss", MODEL_LOSS_CASES)
@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_gradient_matches_central_differences(kind, n_classes, loss, l2):
    model, X, t, theta = random_problem(kind, n_classes, seed=11)
    _, grad = model.loss_gradient(theta, X, t, loss, l2)
    numeric = numerical_gradient(lambda th: model.loss_value(th, X, t, loss, l2), theta,
                                 eps=1e-3, order=4)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-10)


@pytest.mark.parametrize("kind, n_classes", MODEL_CASES)
def test_l2_penalises_weights_and_never_intercepts(kind, n_classes):
    model, X, t, theta = random_problem(kind, n_classes)
    loss = losses_for(n_classes)[0]
    base_value, base_grad = model.loss_gradient(theta, X, t, loss, 0.0)
    value, grad = model.loss_gradient(theta, X, t, loss, 2.0)
    w = theta[model.weight_mask]
    assert value - base_value == pytest.approx(0.5 * 2.0 * w @ w)
    np.testing.assert_allclose((grad - base_grad)[model.weight_mask], 2.0 * w)
    np.testing.assert_array_equal((grad - base_grad)[~model.weight_mask], 0.0)
    assert [n for n, is_w in zip(model.param_names, model.weight_mask, strict=True)
            if not is_w][0].startswith("b")


@pytest.mark.parametrize("kind, n_classes, loss", MODEL_LOSS_CASES)
def test_loss_many_equals_one_theta_at_a_time(kind, n_classes, loss):
    model, X, t, theta = random_problem(kind, n_classes)
    thetas = np.stack([theta, -theta, 2 * theta, np.zeros_like(theta)])
    expected = [model.loss_value(th, X, t, loss, 0.7) for th in thetas]
    np.testing.assert_allclose(model.loss_many(thetas, X, t, loss, 0.7), expected, rtol=1e-13)


def test_layouts_put_weights_first_and_intercepts_last():
    assert LogisticRegression(2).param_names == ["w1", "w2", "b"]
    assert LogisticRegression(1).param_names == ["w", "b"]
    softmax = SoftmaxRegression(2, 3)
    assert softmax.param_names == ["w1_0", "w1_1", "w1_2", "w2_0", "w2_1", "w2_2", "b_0", "b_1", "b_2"]
    assert softmax.weight_mask.tolist() == [True] * 6 + [False] * 3


def test_softmax_layout_is_row_major_w_then_b():
    model = SoftmaxRegression(2, 3)
    W = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = np.array([0.1, 0.2, 0.3])
    X = np.array([[1.0, -1.0]])
    z, _ = model.forward(np.concatenate([W.ravel(), b]), X)
    np.testing.assert_allclose(z, X @ W + b)


def test_logistic_matches_the_seeds_hypothesis():
    """h = sigmoid(theta^T x) with x extended by a constant 1 for the intercept."""
    model = LogisticRegression(2)
    theta = np.array([0.5, -1.5, 0.25])
    x = np.array([[2.0, 1.0]])
    expected = 1 / (1 + np.exp(-(theta @ np.array([2.0, 1.0, 1.0]))))
    assert model.predict_proba(theta, x)[0] == pytest.approx(expected)


@pytest.mark.parametrize("kind, n_classes, loss", MODEL_LOSS_CASES)
def test_finite_with_features_up_to_a_million(kind, n_classes, loss):
    model, X, t, theta = random_problem(kind, n_classes, scale=1e6)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value, grad = model.loss_gradient(theta, X, t, loss, 0.1)
    assert np.isfinite(value) and np.all(np.isfinite(grad))


def test_predictions_are_consistent():
    model, X, _, theta = random_problem("softmax", 4)
    p = model.predict_proba(theta, X)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.predict(theta, X), p.argmax(axis=1))
    binary, Xb, _, thb = random_problem("logistic", 2)
    np.testing.assert_array_equal(binary.predict(thb, Xb), binary.predict_proba(thb, Xb) > 0.5)


def test_model_choice_errors_are_plain():
    with pytest.raises(ValueError, match="3 classes: use softmax"):
        make_model("logistic", 2, 3)
    with pytest.raises(ValueError, match="unknown model 'svm'"):
        make_model("svm", 2, 2)
    with pytest.raises(ValueError, match="at least 2 classes"):
        make_model("softmax", 2, 1)


def test_init_is_seeded():
    model = SoftmaxRegression(4, 3)
    a = model.init_params(np.random.default_rng(5))
    b = model.init_params(np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a[~model.weight_mask], 0.0)
    assert np.all(a[model.weight_mask] != 0.0)
