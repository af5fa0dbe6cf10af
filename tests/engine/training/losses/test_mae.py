import numpy as np
import pytest

from app.engine.training.losses import get_loss
from tests.engine.training.losses.test_mse import T, Z


def test_mae_by_hand():
    """MAE = mean|r|, its gradient sign(r) / m (0 at r = 0)."""
    value, grad = get_loss("mae", "identity").value_and_grad(Z, T)
    assert value == pytest.approx((2 + 0.5 + 0 + 3) / 4)
    np.testing.assert_allclose(grad, [-0.25, -0.25, 0.0, 0.25])
