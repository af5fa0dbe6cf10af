import numpy as np
import pytest

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.errors import UserError
from app.engine.training.cancel import Cancelled, CancelToken
from app.engine.training.losses import get_loss
from app.lessons.mse_vs_ce.maths import (
    compare_losses,
    compare_losses_data,
    compare_losses_work,
    dz_curves,
    dz_points,
    learning_rate_sweep,
    majority_baseline,
    probability_losses,
)


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


@pytest.mark.parametrize("task", ["binary", "softmax"])
def test_cross_entropy_is_ahead_of_mse_after_five_epochs_at_the_defaults(task):
    out = compare_losses(task)
    assert out["epochs"] == [0, 1, 2, 3, 4, 5]
    ce, mse = out["cross_entropy"], out["mse"]
    assert ce[0] == mse[0]  # the same start
    assert ce[5] > mse[5] + 0.05
    assert compare_losses(task) == out  # deterministic


def test_the_majority_baseline_is_the_share_of_rest_on_the_test_split():
    data = compare_losses_data("binary", digit=0)
    assert majority_baseline(data) == pytest.approx(np.mean(data.y_test == 0))
    assert majority_baseline(data) == pytest.approx(399 / 449)  # ≈ 88.9%: 50 zeros among 449 test images
    out = compare_losses("binary", epochs=5)
    assert out["baseline"] == majority_baseline(data)
    assert out["cross_entropy"][5] > out["baseline"] > 0.8


def test_the_sweep_matches_single_runs_and_the_gap_shrinks_with_a_larger_step():
    sweep = learning_rate_sweep("softmax", (0.5, 0.05))
    assert sweep["learning_rates"] == [0.05, 0.5]
    for i, rate in enumerate(sweep["learning_rates"]):
        single = compare_losses("softmax", 5, 32, rate)
        assert sweep["cross_entropy"][i] == single["cross_entropy"][5]
        assert sweep["mse"][i] == single["mse"][5]
    ce, mse, gap = sweep["cross_entropy"], sweep["mse"], sweep["gap"]
    assert (ce[0], mse[0]) == pytest.approx((0.931, 0.719), abs=0.001)  # 21 points apart at lr 0.05
    assert (ce[1], mse[1]) == pytest.approx((0.964, 0.951), abs=0.001)  # 1.3 points at lr 0.5
    assert gap[0] > 0.15 > 0.02 > gap[1] > 0
    assert learning_rate_sweep("softmax", (0.5, 0.05)) == sweep  # deterministic


def test_mse_at_a_small_step_stays_below_the_majority_baseline():
    sweep = learning_rate_sweep("binary", (0.01,))
    assert sweep["mse"][0] < sweep["baseline"] < sweep["cross_entropy"][0]


def test_a_loaded_ten_class_set_runs_the_same_experiment():
    digits = load_dataset(DatasetSpec(name="digits", test_fraction=0.25))
    built_in = compare_losses("binary", epochs=2, digit=3)
    loaded = compare_losses("binary", epochs=2, digit=3, data=digits)
    assert loaded["class_names"] == ["rest", "3"]
    assert loaded["cross_entropy"] == built_in["cross_entropy"] and loaded["mse"] == built_in["mse"]
    assert compare_losses_work("softmax", 5, 32, digits) == compare_losses_work("softmax", 5, 32)
    assert compare_losses_work("softmax", 5, 32, rates=7, every_epoch=False) < 7 * compare_losses_work("softmax", 5, 32)
    # a batch of 1 takes 1348 updates an epoch, each with its fixed cost: 64 times a full-batch epoch's rows
    tiny_batches = compare_losses_work("softmax", 10, 1, rates=7, every_epoch=False)
    assert tiny_batches > 2e9 > compare_losses_work("softmax", 10, 1)  # the sweep is refused, one run is not
    with pytest.raises(UserError, match="3 or more classes"):
        compare_losses("softmax", data=load_dataset(DatasetSpec(name="moons")))


@pytest.mark.parametrize("y", [0, 1])
def test_dz_points_match_central_differences(y):
    ce, mse = get_loss("cross_entropy", "sigmoid"), get_loss("mse", "sigmoid")
    for point in dz_points((0.98, 0.82, 0.3), y):
        z, h = point["z"], 1e-6
        for fn, key in ((ce, "cross_entropy"), (mse, "mse")):
            numeric = (fn.value(np.array([[z + h]]), np.array([float(y)]))
                       - fn.value(np.array([[z - h]]), np.array([float(y)]))) / (2 * h)
            assert point[key] == pytest.approx(float(np.ravel(numeric)[0]), abs=1e-7)
    if y == 0:
        marks = dz_points()
        assert [m["cross_entropy"] for m in marks] == pytest.approx([0.98, 0.82])
        assert [m["mse"] for m in marks] == pytest.approx([0.019208, 0.121032])
    with pytest.raises(UserError):
        dz_points((1.0,), y)


def test_a_cancelled_sweep_stops():
    token = CancelToken()
    token.cancel()  # the client left: the sweep stops at its next step
    with pytest.raises(Cancelled):
        learning_rate_sweep("softmax", (0.05, 0.5), cancel=token)
