import numpy as np
import pytest
from sklearn.metrics import log_loss

from app.engine.analysis.gradcheck import numerical_gradient
from app.engine.training.losses import LOSSES, get_loss
from app.engine.training.numerics import sigmoid


def _targets(output: str, m: int, rng: np.random.Generator) -> np.ndarray:
    if output == "sigmoid":
        return rng.integers(0, 2, m).astype(float)
    return np.eye(4)[rng.integers(0, 4, m)]


@pytest.mark.parametrize("key", sorted(LOSSES))
def test_gradient_with_respect_to_z_matches_central_differences(key):
    loss = LOSSES[key]
    rng = np.random.default_rng(1)
    shape = (25,) if loss.output == "sigmoid" else (25, 4)
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
    shape = (3, 10) if loss.output == "sigmoid" else (3, 10, 4)
    z, t = rng.normal(size=shape), _targets(loss.output, 10, rng)
    np.testing.assert_allclose(loss.value(z, t), [loss.value(z[i], t) for i in range(3)])


@pytest.mark.parametrize("key", sorted(LOSSES))
@pytest.mark.parametrize("magnitude", [1e2, 1e4, 1e6])
def test_finite_for_huge_raw_predictions(key, magnitude):
    loss = LOSSES[key]
    rng = np.random.default_rng(3)
    shape = (20,) if loss.output == "sigmoid" else (20, 4)
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
