import json

import numpy as np
import pytest

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.spec.run import RunSpec
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.schedules import ScheduleSettings
from app.engine.training.trainer import Trainer
from tests.factories import reject_constant


def make_trainer(name="blobs", kind="logistic", n_samples=200, init=None, **config):
    data = load_dataset(DatasetSpec.of(name=name, n_samples=n_samples))
    model = make_model(kind, data.n_features, data.n_classes)
    optimizer = config.pop("optimizer", OptimizerSettings.of(learning_rate=0.5))
    return Trainer(model, data, RunSpec(optimizer=optimizer, **config), init)


def full_gradient(tr: Trainer, theta: np.ndarray) -> np.ndarray:
    return tr.model.loss_gradient(theta, tr.data.X_train, tr.t_train, tr.config.loss, tr.config.l2)[1]


def test_step_does_exactly_one_gradient_descent_update():
    tr = make_trainer()
    theta0 = tr.theta.copy()
    record = tr.step()
    np.testing.assert_allclose(record.params, theta0 - 0.5 * full_gradient(tr, theta0))
    assert record.step == 1 and record.learning_rate == 0.5


def test_record_describes_the_new_theta():
    tr = make_trainer(l2=0.1)
    record = tr.step()
    loss, grad = tr.model.loss_gradient(record.params, tr.data.X_train, tr.t_train, "cross_entropy", 0.1)
    assert record.loss == pytest.approx(loss)
    assert record.grad_norm == pytest.approx(np.linalg.norm(grad))
    predicted = tr.model.predict(record.params, tr.data.X_test)
    assert record.test_accuracy == pytest.approx(np.mean(predicted == tr.data.y_test))
    assert record.test_loss == pytest.approx(
        tr.model.loss_value(record.params, tr.data.X_test, tr.model.encode_targets(tr.data.y_test),
                            "cross_entropy", 0.1))


def test_full_batch_descent_lowers_the_loss_on_blobs():
    tr = make_trainer(max_steps=100)
    history = list(tr.run())
    losses = [r.loss for r in history]
    assert losses[-1] < 0.25 * losses[0]
    assert all(b <= a for a, b in zip(losses, losses[1:], strict=False))
    assert tr.stop_reason == "max_steps" and history[-1].step == 100


@pytest.mark.parametrize("batch_size, steps_per_epoch", [(None, 1), (1, 160), (40, 4), (50, 4)])
def test_epochs_count_samples_seen(batch_size, steps_per_epoch):
    tr = make_trainer(batch_size=batch_size)  # 160 training rows
    for _ in range(steps_per_epoch):
        record = tr.step()
    assert record.epoch == pytest.approx(1.0)
    if batch_size == 50:  # 50 + 50 + 50 + 10: the last batch of an epoch is the remainder
        assert tr.step().epoch == pytest.approx(210 / 160)


def test_mini_batches_of_an_epoch_cover_every_row_once_and_reshuffle():
    tr = make_trainer(batch_size=40, optimizer=OptimizerSettings.of(learning_rate=1e-300))
    theta = tr.theta.copy()
    full_loss = tr.last.loss
    epoch1 = [tr.step().batch_loss for _ in range(4)]
    epoch2 = [tr.step().batch_loss for _ in range(4)]
    assert np.mean(epoch1) == pytest.approx(full_loss, rel=1e-12)  # 4 equal batches partition the rows
    assert np.mean(epoch2) == pytest.approx(full_loss, rel=1e-12)
    assert sorted(epoch1) != sorted(epoch2) or epoch1 != epoch2
    np.testing.assert_allclose(tr.theta, theta, atol=1e-250)


def test_same_config_and_seed_give_the_same_history_bit_for_bit():
    def history(seed):
        tr = make_trainer(batch_size=16, seed=seed, max_steps=60,
                          optimizer=OptimizerSettings.of(name="adam", learning_rate=0.05))
        return [r.to_dict() for r in tr.run()]
    assert json.dumps(history(3)) == json.dumps(history(3))
    assert json.dumps(history(3)) != json.dumps(history(4))


def test_learning_rate_change_takes_effect_at_the_next_step_without_reset():
    tr = make_trainer()
    for _ in range(3):
        tr.step()
    theta3 = tr.theta.copy()
    tr.set(learning_rate=0.01)
    record = tr.step()
    assert record.learning_rate == 0.01 and record.step == 4
    np.testing.assert_allclose(record.params, theta3 - 0.01 * full_gradient(tr, theta3))


def test_optimizer_change_starts_fresh_state_and_setting_change_keeps_it():
    tr = make_trainer(optimizer=OptimizerSettings.of(name="momentum", learning_rate=0.1))
    tr.step()
    velocity = tr.optimizer.velocity.copy()
    theta = tr.theta.copy()
    tr.set(momentum=0.5)
    record = tr.step()
    np.testing.assert_allclose(record.params, theta - 0.1 * (0.5 * velocity + full_gradient(tr, theta)))
    tr.set(optimizer="momentum")  # same name: state kept
    assert np.any(tr.optimizer.velocity != 0)
    tr.set(optimizer="gd")
    theta = tr.theta.copy()
    np.testing.assert_allclose(tr.step().params, theta - 0.1 * full_gradient(tr, theta))
    tr.set(optimizer="momentum")
    np.testing.assert_array_equal(tr.optimizer.velocity, 0.0)


def test_loss_l2_batch_size_and_schedule_change_mid_run():
    tr = make_trainer(max_steps=1000)
    tr.step()
    theta = tr.theta.copy()
    tr.set(loss="mse", l2=0.2, batch_size=10, schedule=ScheduleSettings(name="exponential", decay=0.5))
    assert tr.last.loss == pytest.approx(tr.model.loss_value(theta, tr.data.X_train, tr.t_train, "mse", 0.2))
    record = tr.step()
    assert record.learning_rate == pytest.approx(0.5 * np.exp(-0.5 * 1))
    assert record.epoch == pytest.approx(1 + 10 / 160)
    tr.set(schedule="constant")
    assert tr.step().learning_rate == 0.5


def test_set_rejects_unknown_and_bad_values():
    tr = make_trainer()
    with pytest.raises(ValueError, match="cannot set colour"):
        tr.set(colour="red")
    with pytest.raises(ValueError, match="seed"):
        tr.set(seed=3)
    with pytest.raises(ValueError, match="unknown loss"):
        tr.set(loss="hinge")
    with pytest.raises(ValueError, match="batch_size"):
        tr.set(batch_size=0)
    assert tr.config.loss == "cross_entropy"


def test_reset_returns_to_the_seeded_start():
    tr = make_trainer(batch_size=8, optimizer=OptimizerSettings.of(name="adam", learning_rate=0.1))
    first = [tr.step().to_dict() for _ in range(5)]
    tr.reset()
    assert tr.last.step == 0
    again = [tr.step().to_dict() for _ in range(5)]
    assert first == again


def test_init_is_used_and_checked():
    tr = make_trainer(init=np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(tr.last.params, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="init has 2 values"):
        make_trainer(init=np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="finite"):
        make_trainer(init=np.array([1.0, np.nan, 0.0]))


@pytest.mark.parametrize("rule, config", [
    ("tol_grad", {"tol_grad": 0.05}),
    ("tol_loss", {"tol_loss": 1e-3, "tol_grad": 0.0}),
    ("target_loss", {"target_loss": 0.4}),
    ("max_steps", {"max_steps": 7}),
])
def test_each_stopping_rule(rule, config):
    tr = make_trainer(name="line1d", **{"max_steps": 5000, **config})
    history = list(tr.run())
    assert tr.stop_reason == rule
    last = history[-1]
    if rule == "tol_grad":
        assert last.grad_norm < 0.05 <= history[-2].grad_norm
    if rule == "tol_loss":
        assert abs(last.loss - history[-2].loss) < 1e-3
    if rule == "target_loss":
        assert last.loss <= 0.4 < history[-2].loss
    if rule == "max_steps":
        assert last.step == 7


@pytest.mark.parametrize("name, lr", [("moons", 1e6), ("spiral", 1e4)])
def test_divergence_is_reported_not_raised(name, lr):
    tr = make_trainer(name=name, optimizer=OptimizerSettings.of(learning_rate=lr), max_steps=500)
    history = list(tr.run())
    assert tr.stop_reason == "diverged"
    assert len(history) < 500
    json.dumps([r.to_dict() for r in history], allow_nan=False)
    with pytest.raises(RuntimeError, match="diverged"):
        tr.step()


def test_a_start_that_is_already_non_finite_is_reported_diverged():
    data = load_dataset(DatasetSpec(name="blobs", standardize=False))
    data.X_train = data.X_train * 1e300  # features far past any sane scale: z overflows at theta_0
    tr = Trainer(make_model("logistic", 2, 2), data, RunSpec(optimizer=OptimizerSettings.of(learning_rate=1e6)))
    assert tr.stop_reason == "diverged" and tr.last.step == 0
    json.loads(json.dumps(tr.last.to_dict()), parse_constant=reject_constant)
    with pytest.raises(RuntimeError, match="diverged"):
        tr.step()


def test_standardising_features_near_1e300_keeps_everything_finite():
    from app.engine.data.datasets import RawData, prepare
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2)) * 1e300
    data = prepare(RawData(X, (X[:, 0] > 0).astype(np.int64), ["a", "b"], ["0", "1"]),
                   DatasetSpec(test_fraction=0.0), "huge")
    np.testing.assert_allclose(data.X_train.std(axis=0), 1.0)
    tr = Trainer(make_model("logistic", 2, 2), data, RunSpec(max_steps=50))
    history = list(tr.run())
    assert tr.stop_reason == "max_steps" and history[-1].accuracy > 0.9


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"])
@pytest.mark.parametrize("batch_size", [None, 1, 32])
def test_every_optimizer_and_batch_mode_learns_softmax_on_iris(optimizer, batch_size):
    tr = make_trainer(name="iris", kind="softmax", batch_size=batch_size, max_steps=150,
                      optimizer=OptimizerSettings.of(name=optimizer, learning_rate=0.05))
    history = list(tr.run())
    assert history[-1].loss < 0.6 * history[0].loss
    assert history[-1].accuracy > 0.8


def test_nesterov_in_the_trainer_uses_the_look_ahead_gradient():
    tr = make_trainer(optimizer=OptimizerSettings.of(name="nesterov", learning_rate=0.3, momentum=0.9))
    tr.step()
    theta, v = tr.theta.copy(), tr.optimizer.velocity.copy()
    look_ahead = theta - 0.3 * 0.9 * v
    expected_v = 0.9 * v + full_gradient(tr, look_ahead)
    np.testing.assert_allclose(tr.step().params, theta - 0.3 * expected_v)


def test_float32_precision_follows_the_float64_run():
    runs = {}
    for precision in ("float64", "float32"):
        tr = make_trainer(name="breast_cancer", precision=precision, max_steps=50, batch_size=64)
        runs[precision] = list(tr.run())
        assert tr.X_train.dtype == np.dtype(precision)
    for a, b in zip(runs["float64"], runs["float32"], strict=True):
        assert b.loss == pytest.approx(a.loss, rel=1e-4)
        np.testing.assert_allclose(b.params, a.params, rtol=1e-3, atol=1e-5)
    with pytest.raises(ValueError, match="precision"):
        make_trainer(precision="float16")
