"""Cross-entropy pitfalls: the epsilon cap, H(p, p) = H(p), and article 004's derivative formulas."""

import numpy as np
import pytest

from app.engine.errors import UserError
from app.lessons.cross_entropy.maths import derivative_checks, entropy_grid, epsilon_curves


def test_the_epsilon_form_caps_at_minus_ln_epsilon_where_the_stable_form_keeps_growing():
    out = epsilon_curves(1, 1e-7, z=-30.0)
    assert out["cap"] == pytest.approx(16.118, abs=5e-4)  # -ln 1e-7
    point = out["point"]
    assert point["capped"] == pytest.approx(16.118, abs=5e-4)
    assert point["stable"] == pytest.approx(30.0, abs=1e-9)  # ln(1 + e^z) - z = ln(1 + e^30) at z = -30
    assert point["stable_dz"] == pytest.approx(-1.0, abs=1e-12)  # sigmoid(z) - y
    assert abs(point["capped_dz"]) < 1e-5  # the gradient has died where the model is most wrong
    capped, stable = np.array(out["capped"]), np.array(out["stable"])
    assert capped.max() < out["cap"] and stable.max() == pytest.approx(40.0, abs=1e-9)  # z from -40


def test_the_two_forms_agree_where_p_is_far_above_epsilon():
    for y, z in ((1, 2.0), (1, -3.0), (0, -2.0), (0, 4.0)):
        point = epsilon_curves(y, 1e-7, z=z)["point"]
        assert point["capped"] == pytest.approx(point["stable"], rel=1e-4)
        assert point["capped_dz"] == pytest.approx(point["stable_dz"], rel=1e-4)


@pytest.mark.parametrize("y", [0, 1])
def test_the_slopes_match_central_differences_of_the_losses(y):
    h = 1e-5
    for z in (-20.0, -5.0, 0.5, 6.0):
        at = {s: epsilon_curves(y, 1e-7, z=z + s)["point"] for s in (-h, 0.0, h)}
        for name in ("capped", "stable"):
            numeric = (at[h][name] - at[-h][name]) / (2 * h)
            assert at[0.0][f"{name}_dz"] == pytest.approx(numeric, rel=1e-5, abs=1e-9)


def test_y_zero_mirrors_the_grid():
    out = epsilon_curves(0, 1e-7, z=30.0)
    assert out["z"][0] == -10.0 and out["z"][-1] == 40.0
    assert out["point"]["capped"] == pytest.approx(16.118, abs=5e-4) and out["point"]["stable"] > 29.9


def test_entropy_grid_is_zero_only_at_the_corners():
    g = entropy_grid(11)
    h = np.array([[np.nan if v is None else v for v in row] for row in g["h"]])
    zeros = np.argwhere(np.isclose(h, 0.0))
    assert sorted(map(tuple, zeros)) == [(0, 0), (0, 10), (10, 0)]  # the one-hot corners
    assert np.isnan(h[10, 10])  # p1 + p2 > 1: outside the simplex
    assert np.nanmax(h) <= np.log(3) + 1e-12


def test_article_code_derivative_is_the_binary_losss_not_the_categorical():
    out = derivative_checks(np.array([3.0, 1.0, -3.0]), 0)
    code, division, reciprocals = out["checks"]
    assert code["right_matches"] and not code["article_matches"] and code["article_matches_bce"]
    np.testing.assert_allclose(code["right"], [-1 / out["p"][0], 0.0, 0.0])
    assert division["right_matches"] and not division["article_matches"]
    np.testing.assert_allclose(division["right"], np.array(out["p"]) - np.array(out["t"]))
    assert reciprocals["right_matches"] and not reciprocals["article_matches"]
    assert len(set(reciprocals["article"])) == 1  # one number for every class


@pytest.mark.parametrize("seed", range(4))
def test_the_right_formulas_match_central_differences_for_any_sample(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(0, 1.5, size=4)
    out = derivative_checks(a, int(rng.integers(0, 4)))
    for check in out["checks"]:
        assert check["right_matches"] and check["right_error"] < 1e-7


def test_user_mistakes_are_user_errors():
    with pytest.raises(UserError):
        epsilon_curves(2)
    with pytest.raises(UserError, match="within"):
        derivative_checks(np.array([20.0, -20.0]), 0)
    with pytest.raises(UserError, match="target"):
        derivative_checks(np.array([1.0, 2.0]), 2)
