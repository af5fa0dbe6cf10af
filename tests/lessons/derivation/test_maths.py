"""Article 001's derivation, line by line, against the engine's loss and central differences."""

import numpy as np
import pytest

from app.engine.training.linear_models import LogisticRegression
from app.engine.training.losses.cross_entropy import binary_cross_entropy
from app.engine.training.numerics import sigmoid
from app.lessons.derivation.maths import cost, derivation

H = 1e-6


def central(f, at, h=H):
    """(f(at + h e_j) - f(at - h e_j)) / 2h for each j."""
    at = np.asarray(at, float)
    out = []
    for j in range(at.size):
        e = np.zeros_like(at)
        e[j] = h
        out.append((f(at + e) - f(at - e)) / (2 * h))
    return np.array(out)


@pytest.fixture
def data():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(12, 2))
    Y = (X[:, 0] + 0.5 * rng.normal(size=12) > 0).astype(float)
    return X, Y


@pytest.mark.parametrize("y", [0, 1])
@pytest.mark.parametrize("x, theta", [([1.0, 2.0], [0.5, -0.5, 0.0]), ([-0.3, 1.7], [1.2, 0.4, -0.8])])
def test_every_line_of_the_derivation(data, x, theta, y):
    X, Y = data
    v = derivation(np.array(theta), np.array(x), y, X, Y, alpha=0.5)
    xt = np.append(x, 1.0)
    h = 1 / (1 + np.exp(-(xt @ theta)))
    assert v["h"] == pytest.approx(h)
    # the likelihood h^y (1-h)^(1-y) is exp(-loss), the loss being the engine's cross-entropy of one row
    assert v["likelihood"] == pytest.approx(h**y * (1 - h) ** (1 - y))
    one_row = float(binary_cross_entropy(np.array([v["z"]]), np.array([float(y)])))
    assert v["loss"] == pytest.approx(one_row)
    assert v["likelihood"] == pytest.approx(np.exp(-v["loss"]))
    # m samples: the product of likelihoods, and J = -1/m log of it = the engine's cost and the model's loss
    model = LogisticRegression(2)
    loss, grad = model.loss_gradient(np.array(theta), X, Y)
    assert v["cost"] == pytest.approx(loss)
    assert v["cost_from_likelihood"] == pytest.approx(loss)
    assert v["likelihood_all"] == pytest.approx(np.exp(-len(Y) * loss))
    # dJ/dh by central differences in h
    L_of_h = lambda hh: -(y * np.log(hh[0]) + (1 - y) * np.log(1 - hh[0]))  # noqa: E731
    assert v["dJ_dh"] == pytest.approx(central(L_of_h, [h])[0], rel=1e-6)
    # sigma'(z) = sigma(1 - sigma), dz/dtheta = x~, dh/dtheta = h(1 - h) x~ (a plus sign)
    assert v["sigma_prime"] == pytest.approx(central(lambda z: sigmoid(z[0]), [v["z"]])[0], rel=1e-6)
    np.testing.assert_allclose(v["dz_dtheta"], central(lambda t: xt @ t, theta), rtol=1e-6)
    np.testing.assert_allclose(v["dh_dtheta"], central(lambda t: sigmoid(xt @ t), theta), rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(v["article_dh_dtheta"], -np.array(v["dh_dtheta"]))
    # the product simplifies to (h - y) x~, the one sample's gradient
    np.testing.assert_allclose(v["product"], (h - y) * xt, rtol=1e-9)
    np.testing.assert_allclose(v["gradient"], (h - y) * xt, rtol=1e-12)
    one_loss = lambda t: -np.log(sigmoid(xt @ t) if y else 1 - sigmoid(xt @ t))  # noqa: E731
    np.testing.assert_allclose(v["gradient"], central(one_loss, theta), rtol=1e-5, atol=1e-9)
    # the mean over m samples: the model's loss_gradient and central differences of J
    np.testing.assert_allclose(v["gradient_mean"], grad, rtol=1e-12)
    np.testing.assert_allclose(v["gradient_mean"], central(lambda t: cost(t, X, Y), theta), rtol=1e-5, atol=1e-9)
    # article 001's sign is the gradient of -J (the log-likelihood): its step climbs, ours descends
    np.testing.assert_allclose(v["article_gradient_mean"], central(lambda t: -cost(t, X, Y), theta), rtol=1e-5,
                               atol=1e-9)
    assert v["cost_after"] < v["cost"] < v["cost_after_article"]
    assert v["loss_after"] < v["loss"] < v["loss_after_article"]
    np.testing.assert_allclose(v["theta_next"], np.array(theta) - 0.5 * grad)
    s, along = np.array(v["along"]["s"]), np.array(v["along"]["cost"])  # J along theta - s alpha grad
    assert along[np.isclose(s, 0)] == pytest.approx(v["cost"])
    assert along[np.isclose(s, 1)] == pytest.approx(v["cost_after"])
    assert along[np.isclose(s, -1)] == pytest.approx(v["cost_after_article"])


def test_a_saturated_sample_gives_none_not_nan(data):
    X, Y = data
    v = derivation(np.array([100.0, 100.0, 100.0]), np.array([100.0, 100.0]), 0, X, Y, alpha=0.1)
    assert v["h"] == 1.0 and v["dJ_dh"] is None and v["product"] is None
    assert v["likelihood"] == pytest.approx(0.0) and np.isfinite(v["loss"])
