import numpy as np
import pytest

from app.engine.training.linear_models import LogisticRegression
from app.lessons.chain_rule.maths import MAX_LOOP_ITEMS, loop_versus_dot, mean_gradient, one_sample, rounds_for


def test_one_sample_chain_rule_matches_the_model_gradient():
    model = LogisticRegression(2)
    theta = np.array([0.7, -1.2, 0.3])
    x = np.array([[1.5, 0.5]])
    for y in (0, 1):
        values = one_sample(theta, x[0], y)
        loss, grad = model.loss_gradient(theta, x, np.array([float(y)]))
        assert values["loss"] == pytest.approx(loss)
        np.testing.assert_allclose(values["dw"] + [values["db"]], grad)
        a = values["a"]
        assert values["dz"] == pytest.approx(values["da"] * a * (1 - a))


def test_the_mean_gradient_beside_one_sample_is_the_model_gradient():
    """dw = 1/m sum x dz, db = 1/m sum dz: the mean of the one-sample values, and the model's gradient."""
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(9, 2)), rng.integers(0, 2, 9)
    theta = np.array([0.4, -0.9, 0.1])
    mean = mean_gradient(theta, X, y)
    ones = [one_sample(theta, x, int(t)) for x, t in zip(X, y, strict=True)]
    assert mean["m"] == 9
    np.testing.assert_allclose(mean["dw"], np.mean([o["dw"] for o in ones], axis=0))
    assert mean["db"] == pytest.approx(np.mean([o["db"] for o in ones]))
    _, grad = LogisticRegression(2).loss_gradient(theta, X, y.astype(float))
    np.testing.assert_allclose([*mean["dw"], mean["db"]], grad)


def test_the_round_number_preset_of_the_chain_rule_page():
    """Article 003 gives the steps in symbols only; the page's preset x = (1, 2), w = (0.5, -0.5), b = 0, y = 1
    checked against them: z = -0.5, a = sigma(z), da = -y/a, dz = a - y, dw_j = x_j dz, db = dz."""
    v = one_sample(np.array([0.5, -0.5, 0.0]), np.array([1.0, 2.0]), 1)
    a = 1 / (1 + np.exp(0.5))
    assert v["z"] == -0.5 and v["a"] == pytest.approx(a) and v["loss"] == pytest.approx(-np.log(a))
    assert v["da"] == pytest.approx(-1 / a) and v["dz"] == pytest.approx(a - 1)
    assert v["dw"] == pytest.approx([a - 1, 2 * (a - 1)]) and v["db"] == pytest.approx(a - 1)


def test_loop_and_dot_agree_and_the_timing_is_reported_as_a_spread():
    """Which is faster is measured, not asserted: the ratio depends on the machine. Only the shape is."""
    out = loop_versus_dot(20_000, rounds=5)
    assert out["rounds"] == 5
    assert out["loop_value"] == pytest.approx(out["dot_value"], rel=1e-9)
    for part in ("loop", "dot", "ratio_spread"):
        spread = out[part]
        assert 0 < spread["min"] <= spread["median"] <= spread["max"]
    assert out["loop_seconds"] == out["loop"]["median"] and out["dot_seconds"] == out["dot"]["median"]
    assert out["ratio"] == out["ratio_spread"]["median"]


def test_the_timing_caps_its_total_work():
    assert rounds_for(1_000) == 7 and rounds_for(1_000_000) == 7
    assert rounds_for(2_000_000) == MAX_LOOP_ITEMS // 2_000_000 >= 3
    assert rounds_for(10**9) == 1
