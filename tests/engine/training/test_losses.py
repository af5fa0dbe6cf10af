import numpy as np
import pytest
from sklearn.metrics import log_loss

from app.engine.analysis.gradcheck import numerical_gradient
from app.engine.training.losses import LOSSES, get_loss
from app.engine.training.numerics import sigmoid


def _targets(output: str, m: int, rng: np.random.Generator) -> np.ndarray:
    if output == "sigmoid":
        return rng.integers(0, 2, m).astype(float)
    if output == "identity":
        return rng.normal(size=m) * 2.0
    return np.eye(4)[rng.integers(0, 4, m)]


@pytest.mark.parametrize("key", sorted(LOSSES))
def test_gradient_with_respect_to_z_matches_central_differences(key):
    loss = LOSSES[key]
    rng = np.random.default_rng(1)
    shape = (25, 4) if loss.output == "softmax" else (25,)
    z, t = rng.normal(size=shape) * 3, _targets(loss.output, 25, rng)
    value, dz = loss.value_and_grad(z, t)
    numeric = numerical_gradient(lambda v: float(loss.value(v.reshape(shape), t)), z.ravel(),
                                 eps=1e-3, order=4)
    np.testing.assert_allclose(dz.ravel(), numeric, rtol=1e-6, atol=1e-11)
    assert value == pytest.approx(float(loss.value(z, t)))


@pytest.mark.parametrize("key", sorted(LOSSES))
def test_batched_value_equals_one_at_a_time(key):
    loss = LOSSES[key]
    rng = np.random.default_rng(2)
    shape = (3, 10, 4) if loss.output == "softmax" else (3, 10)
    z, t = rng.normal(size=shape), _targets(loss.output, 10, rng)
    np.testing.assert_allclose(loss.value(z, t), [loss.value(z[i], t) for i in range(3)])


@pytest.mark.parametrize("key", sorted(LOSSES))
@pytest.mark.parametrize("magnitude", [1e2, 1e4, 1e6])
def test_finite_for_huge_raw_predictions(key, magnitude):
    loss = LOSSES[key]
    rng = np.random.default_rng(3)
    shape = (20, 4) if loss.output == "softmax" else (20,)
    z, t = rng.choice([-magnitude, magnitude], size=shape), _targets(loss.output, 20, rng)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value, dz = loss.value_and_grad(z, t)
    assert np.isfinite(value) and np.all(np.isfinite(dz))


def test_binary_cross_entropy_equals_scikit_learns_log_loss():
    rng = np.random.default_rng(4)
    z, t = rng.normal(size=50) * 2, rng.integers(0, 2, 50)
    ours = get_loss("cross_entropy", "sigmoid").value(z, t.astype(float))
    assert ours == pytest.approx(log_loss(t, sigmoid(z), labels=[0, 1]), rel=1e-12)


@pytest.mark.parametrize("a", [0.98, 0.82])
def test_the_seeds_saturation_points(a):
    """At a = 0.98 (and 0.82) with y = 0: cross-entropy's dz = a - y; MSE's is (a - y) a (1 - a)."""
    z = np.array([np.log(a / (1 - a))])
    t = np.array([0.0])
    _, dz_ce = get_loss("cross_entropy", "sigmoid").value_and_grad(z, t)
    _, dz_mse = get_loss("mse", "sigmoid").value_and_grad(z, t)
    assert dz_ce[0] == pytest.approx(a)
    assert dz_mse[0] == pytest.approx(a * a * (1 - a))
    assert dz_mse[0] < dz_ce[0] / 5


def test_unknown_loss_is_named():
    with pytest.raises(ValueError, match="hinge"):
        get_loss("hinge", "sigmoid")


def test_regression_losses_by_hand():
    """r = z - t = [-2, -0.5, 0, 3]: MSE = mean(r^2 / 2), MAE = mean|r|, Huber (delta 1) is
    quadratic inside |r| <= 1 and linear beyond, with gradients r, sign r and clip(r, -1, 1), over m."""
    z, t = np.array([1.0, 2.0, 3.0, 7.0]), np.array([3.0, 2.5, 3.0, 4.0])
    value, grad = get_loss("mse", "identity").value_and_grad(z, t)
    assert value == pytest.approx((4 + 0.25 + 0 + 9) / 2 / 4)
    np.testing.assert_allclose(grad, [-0.5, -0.125, 0.0, 0.75])
    value, grad = get_loss("mae", "identity").value_and_grad(z, t)
    assert value == pytest.approx((2 + 0.5 + 0 + 3) / 4)
    np.testing.assert_allclose(grad, [-0.25, -0.25, 0.0, 0.25])
    value, grad = get_loss("huber", "identity").value_and_grad(z, t)
    assert value == pytest.approx((1.5 + 0.125 + 0 + 2.5) / 4)
    np.testing.assert_allclose(grad, [-0.25, -0.125, 0.0, 0.25])


def test_huber_equals_its_piecewise_definition():
    """The engine's branch-free Huber (min and a linear rest) against the textbook piecewise form."""
    rng = np.random.default_rng(9)
    z, t = rng.normal(size=200) * 3, rng.normal(size=200)
    r = np.abs(z - t)
    expected = np.where(r <= 1, 0.5 * r**2, r - 0.5).mean()
    assert get_loss("huber", "identity").value(z, t) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("name, output, words", [
    ("cross_entropy", "identity", "needs class labels.*mse, mae, huber"),
    ("mae", "sigmoid", "regression loss.*cross_entropy, mse"),
    ("hinge", "softmax", "unknown loss 'hinge'"),
])
def test_a_loss_that_does_not_fit_the_output_says_which_do(name, output, words):
    with pytest.raises(ValueError, match=words):
        get_loss(name, output)
