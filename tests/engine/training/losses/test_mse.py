import numpy as np
import pytest

from app.engine.training.losses import get_loss

# r = z - t = [-2, -0.5, 0, 3]
Z, T = np.array([1.0, 2.0, 3.0, 7.0]), np.array([3.0, 2.5, 3.0, 4.0])


def test_regression_mse_by_hand():
    """MSE = mean(r^2 / 2), its gradient r / m."""
    value, grad = get_loss("mse", "identity").value_and_grad(Z, T)
    assert value == pytest.approx((4 + 0.25 + 0 + 9) / 2 / 4)
    np.testing.assert_allclose(grad, [-0.5, -0.125, 0.0, 0.75])
