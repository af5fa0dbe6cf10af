import numpy as np
import pytest

from app.lessons.activations.maths import (
    activation_curves,
    activation_timing,
    gradient_per_layer,
    inactive_share,
    layer_ratios,
    linear_collapse,
    trained_inactive_share,
)


def test_activation_curves_carry_derivatives():
    c = activation_curves(-1.0, 1.0, 3)
    assert c["relu"]["value"] == [0.0, 0.0, 1.0] and c["relu"]["derivative"] == [0.0, 0.0, 1.0]
    assert c["sigmoid"]["derivative"][1] == pytest.approx(0.25)
    assert c["tanh"]["derivative"][1] == pytest.approx(1.0)


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
