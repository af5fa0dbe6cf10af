import numpy as np
import pytest
from sklearn.metrics import log_loss

from app.engine.training.losses import get_loss
from app.engine.training.numerics import sigmoid


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
