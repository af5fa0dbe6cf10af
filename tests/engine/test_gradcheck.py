import numpy as np
import pytest

from app.engine.gradcheck import gradient_check, numerical_gradient, relative_errors
from app.engine.models import LogisticRegression
from tests.factories import LOSSES, MODEL_CASES, random_problem


@pytest.mark.parametrize("kind, n_classes", MODEL_CASES)
@pytest.mark.parametrize("loss", LOSSES)
def test_a_correct_gradient_passes(kind, n_classes, loss):
    model, X, t, theta = random_problem(kind, n_classes)
    assert gradient_check(model, theta, X, t, loss, 0.1).max_relative_error < 1e-5


class WrongIntercept(LogisticRegression):
    """dJ/db off by a factor of 2: the check must see it."""

    def backward(self, theta, cache, dz):
        grad = super().backward(theta, cache, dz)
        grad[-1] *= 2
        return grad


def test_a_wrong_gradient_is_caught_and_located():
    model = WrongIntercept(3)
    _, X, t, theta = random_problem("logistic", 2)
    check = gradient_check(model, theta, X, t, "cross_entropy", 0.0)
    assert check.max_relative_error == pytest.approx(0.5, rel=1e-3)
    assert check.worst_index == 3


def test_numerical_gradient_of_a_known_function():
    f = lambda th: float(np.sum(th**3))  # noqa: E731
    theta = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(numerical_gradient(f, theta), 3 * theta**2, rtol=1e-8)
    np.testing.assert_allclose(numerical_gradient(f, theta, eps=1e-3, order=4), 3 * theta**2, rtol=1e-12)


def test_relative_error_floor():
    assert relative_errors(np.array([0.0]), np.array([0.0]))[0] == 0.0
    assert relative_errors(np.array([1e-12]), np.array([0.0]))[0] == pytest.approx(1e-4)
