"""Losses exact at the extremes: every loss against a 60-digit reference (Python's
decimal) for margins up to 50, where the textbook forms cancel to nothing or go
negative; and loss surfaces that never show a loss at or below zero."""

from decimal import Decimal, getcontext

import numpy as np
import pytest

from app.engine.analysis.surface import coordinate_slice, loss_surface
from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.training.losses import get_loss
from app.engine.training.registry import make_model

getcontext().prec = 60
MARGINS = [-50.0, -40.0, -20.0, -5.0, -0.5, 0.0, 0.5, 5.0, 20.0, 40.0, 50.0]


def softplus(x: float) -> Decimal:
    return (Decimal(1) + Decimal(x).exp()).ln()


def sigmoid(x: float) -> Decimal:
    return Decimal(1) / (Decimal(1) + (-Decimal(x)).exp())


def reference_binary(loss: str, z: np.ndarray, t: np.ndarray) -> float:
    """mean of softplus(s) or 1/2 sigmoid(s)^2, s = (1 - 2t) z, in 60 digits."""
    total = Decimal(0)
    for zi, ti in zip(z, t, strict=True):
        s = float((1 - 2 * ti) * zi)
        total += softplus(s) if loss == "cross_entropy" else sigmoid(s) ** 2 / 2
    return float(total / len(z))


def reference_softmax(loss: str, z: np.ndarray, t: np.ndarray) -> float:
    """mean of -log p_y or 1/2 sum_k (p_k - T_k)^2, in 60 digits."""
    total = Decimal(0)
    for row, target in zip(z, t, strict=True):
        exps = [Decimal(float(v)).exp() for v in row]
        norm = sum(exps)
        p = [e / norm for e in exps]
        y = int(np.argmax(target))
        if loss == "cross_entropy":
            total -= p[y].ln()
        else:
            total += sum((pk - (1 if k == y else 0)) ** 2 for k, pk in enumerate(p)) / 2
    return float(total / len(z))


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("margin", MARGINS)
def test_binary_losses_match_a_60_digit_reference(loss, margin):
    # samples on the right side (s = -margin) and, for negative margins, the wrong one
    z = np.array([margin, margin * 0.7, margin * 1.3, -margin])
    t = np.array([0.0, 0.0, 0.0, 1.0])  # s = z for t = 0 and s = -z for t = 1
    fn = get_loss(loss, "sigmoid")
    exact = reference_binary(loss, z, t)
    value, _ = fn.value_and_grad(z, t)
    assert value > 0
    assert value == pytest.approx(exact, rel=1e-12)
    assert float(fn.value(z, t)) == pytest.approx(exact, rel=1e-12)


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("margin", MARGINS)
def test_softmax_losses_match_a_60_digit_reference(loss, margin):
    z = np.array([[margin, 0.0, -3.0], [1.0, margin, margin / 2], [0.0, 0.0, margin]])
    t = np.eye(3)
    fn = get_loss(loss, "softmax")
    exact = reference_softmax(loss, z, t)
    value, _ = fn.value_and_grad(z, t)
    assert value > 0
    assert value == pytest.approx(exact, rel=1e-12)
    assert float(fn.value(z, t)) == pytest.approx(exact, rel=1e-12)


@pytest.mark.parametrize("output, loss", [("sigmoid", "cross_entropy"), ("sigmoid", "mse"),
                                          ("softmax", "cross_entropy"), ("softmax", "mse")])
def test_gradients_at_the_extremes_keep_their_digits(output, loss):
    """dL/dz of a nearly perfect fit is tiny and must still be right to its last digits:
    compared with the derivative of the 60-digit reference, taken analytically."""
    fn = get_loss(loss, output)
    if output == "sigmoid":
        z, t = np.array([-45.0, 38.0]), np.array([0.0, 1.0])
        s = [Decimal(-45.0), Decimal(-38.0)]
        sig = [sigmoid(float(v)) for v in s]
        if loss == "cross_entropy":  # (1 - 2t) sigmoid(s) / m
            exact = [sig[0] / 2, -sig[1] / 2]
        else:  # (1 - 2t) e^2 (1 - e) / m
            exact = [sig[0] ** 2 * (1 - sig[0]) / 2, -(sig[1] ** 2) * (1 - sig[1]) / 2]
    else:
        z, t = np.array([[40.0, 0.0, -2.0]]), np.array([[1.0, 0.0, 0.0]])
        exps = [Decimal(float(v)).exp() for v in z[0]]
        p = [e / sum(exps) for e in exps]
        g = [p[0] - 1, p[1], p[2]]
        if loss == "cross_entropy":
            exact = g
        else:
            inner = sum(pk * gk for pk, gk in zip(p, g, strict=True))
            exact = [pk * (gk - inner) for pk, gk in zip(p, g, strict=True)]
    _, dz = fn.value_and_grad(z, t)
    np.testing.assert_allclose(dz.ravel(), [float(v) for v in exact], rtol=1e-12)


@pytest.mark.parametrize("c", [5.0, 20.0, 40.0, 50.0])
def test_a_logistic_model_far_into_the_separable_region(c):
    """The issue's case: theta = [c, c, 0] on separable blobs. The textbook form was off by
    0.56% at c = 20 and returned a negative loss at c = 40."""
    data = load_dataset(DatasetSpec.of(name="blobs", n_samples=200, noise=0.3, seed=0))
    model = make_model("logistic", 2, 2)
    theta = np.array([c, c, 0.0])
    t = model.encode_targets(data.y_train)
    z = data.X_train @ theta[:2]
    if np.any((z > 0) != (data.y_train == 1)):
        pytest.skip("these blobs are not separated by w1 = w2")
    value = model.loss_value(theta, data.X_train, t, "cross_entropy")
    assert value > 0
    assert value == pytest.approx(reference_binary("cross_entropy", z, data.y_train.astype(float)), rel=1e-12)


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("c", [20.0, 40.0, 80.0])
def test_no_surface_value_at_or_below_zero(loss, c):
    """The float32 surface in a region of tiny loss: every grid value is positive."""
    data = load_dataset(DatasetSpec.of(name="blobs", n_samples=200, noise=0.3, seed=0))
    model = make_model("logistic", 2, 2)
    plane = coordinate_slice(model, np.array([c, c, 0.0]), 0, 1)
    axis = np.linspace(-3, 3, 21)
    grid = loss_surface(model, data.X_train, model.encode_targets(data.y_train), loss, 0.0, plane, axis, axis)
    assert np.all(grid > 0), f"{int(np.sum(grid <= 0))} of {grid.size} grid values are <= 0"


def test_softmax_surface_in_a_region_of_tiny_loss():
    data = load_dataset(DatasetSpec.of(name="blobs", n_samples=200, noise=0.3, seed=0))
    model = make_model("softmax", 2, 2)
    center = np.array([30.0, -30.0, 30.0, -30.0, 0.0, 0.0])  # W = [[30, -30], [30, -30]]: class 0 wins far
    center[:4] = [-30.0, 30.0, -30.0, 30.0]  # class 1 where x1 + x2 > 0
    plane = coordinate_slice(model, center, 0, 1)
    axis = np.linspace(-3, 3, 15)
    for loss in ("cross_entropy", "mse"):
        grid = loss_surface(model, data.X_train, model.encode_targets(data.y_train), loss, 0.0,
                            plane, axis, axis)
        assert np.all(grid > 0)


def softmax_mse_dz(row: np.ndarray, y: int) -> list[float]:
    """d/dz of 1/2 sum_k (p_k - T_k)^2 for one sample, in 60 digits: p_j (g_j - <p, g>)."""
    exps = [Decimal(float(v)).exp() for v in row]
    p = [e / sum(exps) for e in exps]
    g = [pk - (1 if k == y else 0) for k, pk in enumerate(p)]
    inner = sum(pk * gk for pk, gk in zip(p, g, strict=True))
    return [float(pk * (gk - inner)) for pk, gk in zip(p, g, strict=True)]


@pytest.mark.parametrize("classes", [3, 10])
@pytest.mark.parametrize("margin", MARGINS)
def test_the_softmax_mse_gradient_keeps_its_digits_whichever_class_dominates(classes, margin):
    """A wrong class (row 0), the right one (row 1), or none (row 2) takes nearly all the
    probability, by ``margin`` (a negative margin: that class has nearly none). Before, the wrong
    class's h_j = p_j + p_y(1 - p_y) - q lost every digit when p_j was near 1 (issue 27:
    -1.26e-35 where the exact value was +4.04e-18)."""
    rng = np.random.default_rng(classes)
    z = rng.normal(0, 0.5, size=(3, classes))
    z[0, 1] += margin  # class 1 wrong (the target is class 0)
    z[1, 0] += margin  # class 0 right
    z[2, :] = margin * np.linspace(-1, 1, classes)
    t = np.zeros_like(z)
    t[:, 0] = 1.0
    _, dz = get_loss("mse", "softmax").value_and_grad(z, t)
    exact = np.array([softmax_mse_dz(row, 0) for row in z]) / len(z)
    np.testing.assert_allclose(dz, exact, rtol=1e-9, atol=0)


def test_the_issues_iris_case_has_the_right_sign():
    """The issue's iris case: θ all zero but the last two intercepts, -100 and -40, so class 0
    takes nearly all the probability for a sample of class 2."""
    z, t = np.array([[0.0, -100.0, -40.0]]), np.array([[0.0, 0.0, 1.0]])
    _, dz = get_loss("mse", "softmax").value_and_grad(z, t)
    exact = softmax_mse_dz(z[0], 2)
    assert np.sign(dz[0, 0]) == np.sign(exact[0]) == 1
    np.testing.assert_allclose(dz[0], exact, rtol=1e-9, atol=0)
