import numpy as np
import pytest

from app.engine.analysis.gradcheck import EXACT_BELOW, gradient_check, numerical_gradient, relative_errors
from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.data.sets import REGISTRY
from app.engine.training.cancel import Cancelled, CancelToken
from app.engine.training.linear_models import LogisticRegression, SoftmaxRegression
from app.engine.training.registry import make_model
from tests.factories import MODEL_LOSS_CASES, losses_for, random_problem

DATASETS = list(REGISTRY)


@pytest.mark.parametrize("kind, n_classes, loss", MODEL_LOSS_CASES)
def test_a_correct_gradient_reads_exact(kind, n_classes, loss):
    model, X, t, theta = random_problem(kind, n_classes)
    check = gradient_check(model, theta, X, t, loss, 0.1)
    assert check.max_relative_error < 1e-8 and check.exact


def models_for(data):
    if data.task == "regression":
        kinds = ["linear", "mlp"]
    else:
        kinds = ["softmax", "mlp"] if data.n_classes > 2 else ["logistic", "softmax", "mlp"]
    return [make_model(kind, data.n_features, data.n_classes, **({"hidden": 4} if kind == "mlp" else {}))
            for kind in kinds]


@pytest.mark.parametrize("name", DATASETS)
def test_exact_gradients_read_exact_on_every_model_and_data_set(name):
    """The issue's case among them: softmax on digits read 8.3e-3 with a plain relative error."""
    data = load_dataset(DatasetSpec.of(name=name, n_samples=200, standardize=name != "line1d"))
    for model in models_for(data):
        t = model.encode_targets(data.y_train)
        theta = model.init_params(np.random.default_rng(3))
        for loss in losses_for(data.n_classes):
            if loss == "mae":  # a kink at every zero residual: tested off the kinks in test_losses
                continue
            check = gradient_check(model, theta, data.X_train, t, loss, 0.0)
            # Huber's second derivative jumps at |r| = 1: a stencil across it is good to O(h^2) only
            within = 1e-4 if loss == "huber" else EXACT_BELOW
            assert check.max_relative_error < within, (model.kind, loss, check.max_relative_error,
                                                        model.param_names[check.worst_index])


def test_unstandardised_inputs_get_a_smaller_step():
    data = load_dataset(DatasetSpec(name="breast_cancer", standardize=False))
    model = make_model("logistic", data.n_features, 2)
    theta = np.zeros(model.n_params)
    check = gradient_check(model, theta, data.X_train, model.encode_targets(data.y_train), "cross_entropy", 0.0)
    assert check.exact and check.step < 1e-5


class WrongIntercept(LogisticRegression):
    """dJ/db off by a factor of 2: the check must see it."""

    def backward(self, theta, cache, dz):
        grad = super().backward(theta, cache, dz)
        grad[-1] *= 2
        return grad


class SlightlyWrongWeight(SoftmaxRegression):
    """One weight's gradient 1% too large (a pixel in the middle of the 8x8 image, class 3)."""

    def backward(self, theta, cache, dz):
        grad = super().backward(theta, cache, dz)
        grad[28 * self.n_classes + 3] *= 1.01
        return grad


class FlippedSign(SoftmaxRegression):
    """The intercepts' gradient with the wrong sign (the article's -1/m sum (h - y) x_j mistake)."""

    def backward(self, theta, cache, dz):
        grad = super().backward(theta, cache, dz)
        grad[-self.n_classes:] *= -1
        return grad


def test_a_wrong_intercept_is_caught_and_located():
    model = WrongIntercept(3)
    _, X, t, theta = random_problem("logistic", 2)
    check = gradient_check(model, theta, X, t, "cross_entropy", 0.0)
    assert check.max_relative_error == pytest.approx(0.5, rel=1e-6)
    assert check.worst_index == 3 and not check.exact


@pytest.mark.parametrize("broken, at_least", [(SlightlyWrongWeight, 0.009), (FlippedSign, 1.9)])
def test_broken_gradients_read_broken_on_real_data(broken, at_least):
    data = load_dataset(DatasetSpec(name="digits"))
    model = broken(data.n_features, data.n_classes)
    theta = model.init_params(np.random.default_rng(0))
    check = gradient_check(model, theta, data.X_train, model.encode_targets(data.y_train), "cross_entropy", 0.0)
    assert check.max_relative_error >= at_least and not check.exact


def test_tiny_entries_are_compared_on_the_gradients_scale():
    analytic = np.array([1.0, 3.6e-8])
    numeric = np.array([1.0, 3.7e-8])  # finite-difference noise of 1e-9 on a tiny entry
    assert relative_errors(analytic, numeric).max() == pytest.approx(1e-9 / 1e-3)
    assert relative_errors(np.array([0.0]), np.array([0.0]))[0] == 0.0
    assert relative_errors(np.array([1e-12]), np.array([0.0]), noise=1e-10)[0] == pytest.approx(1e-3)


def test_numerical_gradient_of_a_known_function():
    f = lambda th: float(np.sum(th**3))  # noqa: E731
    theta = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(numerical_gradient(f, theta), 3 * theta**2, rtol=1e-11)
    np.testing.assert_allclose(numerical_gradient(f, theta, eps=1e-6, order=2), 3 * theta**2, rtol=1e-8)


def test_a_cancelled_check_stops():
    model, X, t, theta = random_problem("softmax", 3)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        gradient_check(model, theta, X, t, "cross_entropy", 0.0, cancel=token)


def test_exact_threshold_is_what_the_pages_call_exact():
    assert EXACT_BELOW == 1e-6
