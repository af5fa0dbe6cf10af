"""The CE-vs-MSE article's experiment (baseline, learning-rate sweep, uploads), the softmax lesson's
weight pictures, and dL/dz at the points a learner moves."""

import numpy as np
import pytest

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.errors import UserError
from app.engine.lessons.curves import dz_points
from app.engine.lessons.experiments import (
    compare_losses,
    compare_losses_data,
    compare_losses_work,
    learning_rate_sweep,
    majority_baseline,
    weight_templates,
)
from app.engine.spec.run import RunSpec
from app.engine.training.cancel import Cancelled, CancelToken
from app.engine.training.losses import get_loss
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.trainer import Trainer


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


def _weights(l2, steps=225, lr=0.1):
    """Softmax regression on the standardised 8×8 digits, mini-batches of 32, plain gradient descent."""
    data = load_dataset(DatasetSpec(name="digits", seed=0))
    model = make_model("softmax", data.n_features, data.n_classes)
    config = RunSpec(loss="cross_entropy", batch_size=32, l2=l2, max_steps=steps, tol_grad=0.0, seed=0,
                         optimizer=OptimizerSettings.of(name="gd", learning_rate=lr))
    trainer = Trainer(model, data, config)
    for _ in trainer.run(steps):
        pass
    return weight_templates(model, data, trainer.theta)


def test_with_the_lessons_l2_the_weights_become_pictures_of_the_digits():
    """Five epochs (225 steps) at lr 0.1: with λ = 0.2 every class's weight image correlates
    above 0.9 with its digit's mean image minus the mean of all digits; with the old λ = 0.01 none
    does (the weights on pixels that never vary keep their random start)."""
    chosen, old = _weights(0.2), _weights(0.01)
    assert min(chosen) > 0.9
    assert sum(r > 0.9 for r in old) == 0 and np.mean(old) < np.mean(chosen) - 0.1
    model = make_model("softmax", 4, 3)
    assert weight_templates(model, load_dataset(DatasetSpec(name="iris")), np.zeros(15)) == [None] * 3


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
