import numpy as np
import pytest

from app.engine.training.losses import REGISTRY, get_loss
from app.engine.training.losses.huber import HUBER_DELTA
from tests.engine.training.losses.test_mse import T, Z


def test_huber_by_hand():
    """Huber (delta 1) is quadratic inside |r| <= 1 and linear beyond; its gradient clip(r, -1, 1) / m."""
    value, grad = get_loss("huber", "identity").value_and_grad(Z, T)
    assert value == pytest.approx((1.5 + 0.125 + 0 + 2.5) / 4)
    np.testing.assert_allclose(grad, [-0.25, -0.125, 0.0, 0.25])


def test_huber_equals_its_piecewise_definition():
    """The engine's branch-free Huber (min and a linear rest) against the textbook piecewise form."""
    rng = np.random.default_rng(9)
    z, t = rng.normal(size=200) * 3, rng.normal(size=200)
    r = np.abs(z - t)
    expected = np.where(r <= 1, 0.5 * r**2, r - 0.5).mean()
    assert get_loss("huber", "identity").value(z, t) == pytest.approx(expected, rel=1e-14)


def test_the_panel_states_delta_and_the_kink_where_it_is():
    form = REGISTRY["huber"].forms[0]
    assert rf"\delta = {HUBER_DELTA:g}" in form.data_where and "H_\\delta" in form.data_term
    assert f"|r| = {HUBER_DELTA:g}" in REGISTRY["huber"].kink
