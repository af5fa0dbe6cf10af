"""The engine maths behind the lesson pages."""

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

from app.engine.lessons.chain import mean_gradient, one_sample
from app.engine.lessons.curves import activation_curves, dz_curves, information, margin_losses, probability_losses
from app.engine.lessons.deep import (
    activation_timing,
    gradient_per_layer,
    inactive_share,
    layer_ratios,
    linear_collapse,
    trained_inactive_share,
)
from app.engine.lessons.experiments import class_probabilities, compare_losses, confusion_matrix
from app.engine.lessons.timing import MAX_LOOP_ITEMS, loop_versus_dot, rounds_for
from app.engine.training.models import LogisticRegression
from app.engine.training.registry import make_model


def test_loss_against_probability():
    c = probability_losses(n=5)
    a = np.array(c["a"])
    np.testing.assert_allclose(c["cross_entropy_y1"], -np.log(a))
    np.testing.assert_allclose(c["cross_entropy_y0"], -np.log1p(-a))
    np.testing.assert_allclose(c["mse_y1"], 0.5 * (1 - a) ** 2)
    np.testing.assert_allclose(c["mse_y0"], 0.5 * a**2)


def test_dz_curves_and_the_seeds_two_points():
    c = dz_curves(n=9)
    a = np.array(c["a"])
    np.testing.assert_allclose(c["cross_entropy_y1"], a - 1)
    np.testing.assert_allclose(c["mse_y0"], a * a * (1 - a))
    marks = {m["a"]: m for m in c["marks"]}
    assert marks[0.98]["cross_entropy"] == pytest.approx(0.98)
    assert marks[0.98]["mse"] == pytest.approx(0.98 * 0.98 * 0.02)
    # the seeds' paradox: the bigger error (0.98) gets the smaller MSE gradient
    assert marks[0.98]["mse"] < marks[0.82]["mse"]
    assert marks[0.98]["cross_entropy"] > marks[0.82]["cross_entropy"]


def test_margin_losses():
    c = margin_losses(-1.0, 2.0, 4)  # margins -1, 0, 1, 2
    assert c["zero_one"] == [1.0, 1.0, 0.0, 0.0]
    assert c["hinge"] == [2.0, 1.0, 0.0, 0.0]
    assert c["squared"] == [4.0, 1.0, 0.0, 1.0]
    assert c["absolute"] == [2.0, 1.0, 0.0, 1.0]
    np.testing.assert_allclose(c["log"][1], np.log(2.0))  # in nats, like the training losses: ln(1 + e^0)
    np.testing.assert_allclose(c["log2"][1], 1.0)  # in bits: log2(1 + e^0) = 1, through (0, 1) like the others
    np.testing.assert_allclose(np.array(c["log2"]) * np.log(2.0), c["log"])
    np.testing.assert_allclose(c["exponential"], np.exp(-np.array([-1.0, 0.0, 1.0, 2.0])))


def test_activation_curves_carry_derivatives():
    c = activation_curves(-1.0, 1.0, 3)
    assert c["relu"]["value"] == [0.0, 0.0, 1.0] and c["relu"]["derivative"] == [0.0, 0.0, 1.0]
    assert c["sigmoid"]["derivative"][1] == pytest.approx(0.25)
    assert c["tanh"]["derivative"][1] == pytest.approx(1.0)


def test_information_matches_scipy():
    p, q = np.array([0.1, 0.2, 0.3, 0.4]), np.array([0.25, 0.25, 0.4, 0.1])
    out = information(p, q)  # nats by default, like the training losses
    assert out["unit"] == "nats"
    assert out["entropy"] == pytest.approx(scipy_entropy(p))
    assert out["kl"] == pytest.approx(scipy_entropy(p, q))
    assert out["cross_entropy"] == pytest.approx(out["entropy"] + out["kl"])
    bits = information(p, q, "bits")
    assert bits["entropy"] == pytest.approx(scipy_entropy(p, base=2))
    assert bits["kl"] == pytest.approx(scipy_entropy(p, q, base=2))
    assert bits["cross_entropy"] == pytest.approx(out["cross_entropy"] / np.log(2.0))
    assert information([1, 1, 1], [1, 1, 1])["entropy"] == pytest.approx(np.log(3.0))  # 1.0986 nats
    with pytest.raises(ValueError, match="unit"):
        information(p, q, "decibans")
    same = information(p, p)
    assert same["kl"] == pytest.approx(0.0, abs=1e-12)
    assert information([3, 1], [1, 1])["p"] == [0.75, 0.25]  # weights are normalised
    assert information([0.5, 0.5], [1.0, 0.0])["kl"] is None  # q = 0 where p > 0: infinite
    with pytest.raises(ValueError, match="non-negative"):
        information([-1, 2], [1, 1])
    with pytest.raises(ValueError, match="same number"):
        information([1, 1], [1, 1, 1])


def test_sigmoid_gradients_vanish_towards_the_input_and_relu_ones_do_not():
    sig = gradient_per_layer("sigmoid", 12, seed=1)
    relu = gradient_per_layer("relu", 12, seed=1)
    assert sig[0] < 1e-4 * sig[-1]
    assert all(a < b for a, b in zip(sig, sig[1:], strict=False))
    assert 0.1 < relu[0] / relu[-1] < 10


def test_sigmoid_slope_is_at_most_a_quarter_but_the_layer_ratio_is_not():
    from app.engine.training.activations import get_activation

    z = np.linspace(-30, 30, 600_001)
    slope = get_activation("sigmoid").derivative(z)
    assert slope.max() == pytest.approx(0.25) and np.all(slope <= 0.25)  # at z = 0 only
    ratios = [r for seed in range(5) for r in layer_ratios(gradient_per_layer("sigmoid", 12, seed=seed))]
    assert max(ratios) > 0.3  # measured: up to about 0.33; the weights and inputs scale the gradient too
    assert 0.15 < min(ratios) and max(ratios) < 0.4  # each layer still shrinks it, by a factor near 1/4
    assert np.median(ratios) == pytest.approx(0.23, abs=0.03)


def test_layer_one_is_measured_like_the_others():
    # inputs g(z) on the hidden activations' scale: layer 1's ratio is no outlier (raw N(0, 1) inputs gave 0.05)
    for seed in range(5):
        r = layer_ratios(gradient_per_layer("sigmoid", 12, seed=seed))
        assert min(r[1:]) * 0.8 < r[0] < max(r[1:]) * 1.2


def test_layer_ratios_multiply_to_the_whole_drop():
    sizes = gradient_per_layer("tanh", 8, seed=3)
    r = layer_ratios(sizes)
    assert len(r) == 7 and r[2] == pytest.approx(sizes[2] / sizes[3])
    assert np.prod(r) == pytest.approx(sizes[0] / sizes[-1])
    assert layer_ratios([0.0, 0.0, 1.0]) == [None, 0.0]


def test_relu_sparsity_is_a_share_near_half():
    share = inactive_share(12, 32, seed=0)
    assert len(share) == 12 and all(0.0 <= s <= 1.0 for s in share)
    assert np.mean(share) == pytest.approx(0.5, abs=0.08)  # z symmetric about 0 at random weights


def test_relu_sparsity_in_a_trained_network():
    from app.engine.data.datasets import DatasetSpec, load_dataset

    data = load_dataset(DatasetSpec.of("circles", noise=0.08))
    out = trained_inactive_share(data.X_train, data.y_train.astype(float), hidden=16, steps=1000)
    assert out["accuracy"] > 0.95  # it learned the circles
    for share in (*out["before"], *out["after"], *out["dead"]):
        assert 0.0 <= share <= 1.0
    assert all(0.3 < s < 0.7 for s in out["after"])  # still about half off for any one sample
    assert all(d <= a for d, a in zip(out["dead"], out["after"], strict=True))  # dead units are among the off ones


def test_a_deep_linear_net_is_one_linear_map():
    out = linear_collapse(6, seed=2)
    assert out["shapes"] == [[4, 8], [8, 8], [8, 8], [8, 8], [8, 8], [8, 3]]
    assert np.shape(out["product"]) == (4, 3) and len(out["bias"]) == 3
    assert out["max_difference"] < 1e-12  # rounding only
    np.testing.assert_allclose(out["deep_rows"], out["single_rows"], atol=1e-12)


def test_activation_timing_reports_min_median_max():
    out = activation_timing(1000, rounds=5)
    assert set(out["seconds"]) == {"sigmoid", "tanh", "relu"} and out["rounds"] == 5
    for s in out["seconds"].values():
        assert 0 <= s["min"] <= s["median"] <= s["max"]
    assert out["ratio_to_relu"]["relu"] == pytest.approx(1.0)


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


@pytest.mark.parametrize("task", ["binary", "softmax"])
def test_cross_entropy_is_ahead_of_mse_after_five_epochs_at_the_defaults(task):
    out = compare_losses(task)
    assert out["epochs"] == [0, 1, 2, 3, 4, 5]
    ce, mse = out["cross_entropy"], out["mse"]
    assert ce[0] == mse[0]  # the same start
    assert ce[5] > mse[5] + 0.05
    assert compare_losses(task) == out  # deterministic


def test_confusion_matrix_and_probabilities():
    from app.engine.data.datasets import DatasetSpec, load_dataset
    data = load_dataset(DatasetSpec(name="iris"))
    model = make_model("softmax", 4, 3)
    theta = model.init_params(np.random.default_rng(0))
    counts = confusion_matrix(model, theta, data.X_test, data.y_test, 3)
    assert counts.sum() == len(data.y_test)
    np.testing.assert_array_equal(counts.sum(axis=1), np.bincount(data.y_test, minlength=3))
    probs = class_probabilities(model, data, theta, 2)
    assert sum(probs["probabilities"]) == pytest.approx(1.0) and probs["label"] == data.y_test[2]
    with pytest.raises(ValueError, match="index"):
        class_probabilities(model, data, theta, 10_000)
