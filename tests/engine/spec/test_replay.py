"""A run replayed from its start config and event log equals the original, bit for bit."""

import numpy as np
import pytest

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.errors import UserError
from app.engine.spec.events import Event, EventLog
from app.engine.spec.replay import replay
from app.engine.spec.run import RunSpec
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.record import StepRecord
from app.engine.training.registry import make_model
from app.engine.training.trainer import Trainer

EVALUATE_EVERY = 7  # the original evaluates now and then, as a live session does at the end of a slice


def make_trainer(name: str, kind: str, **config: object) -> Trainer:
    data = load_dataset(DatasetSpec.of(name=name, n_samples=120, seed=1))
    model = make_model(kind, data.n_features, data.n_classes, **({"hidden": 5} if kind == "mlp" else {}))
    return Trainer(model, data, RunSpec(optimizer=OptimizerSettings.of(learning_rate=0.3), **config))


def log_of(events: list[tuple[int, dict]]) -> EventLog:
    return EventLog(Event(step, changes) for step, changes in events)


def live_run(trainer: Trainer, events: list[tuple[int, dict]]) -> list[StepRecord]:
    """The original: bare steps, an evaluation now and then, each change set between two steps
    when the trainer has made its step's updates (several at one step in order)."""
    records, due = [trainer.last], list(events)
    while True:
        while due and due[0][0] == trainer.t:
            trainer.set(**due.pop(0)[1])
        if trainer.t >= trainer.config.max_steps:
            return records
        records.append(trainer.step(evaluate=trainer.t % EVALUATE_EVERY == 3))


def assert_same_run(original: list[StepRecord], replayed: list[StepRecord]) -> None:
    assert [r.step for r in replayed] == list(range(len(replayed)))
    assert len(replayed) == len(original)
    for a, b in zip(original, replayed, strict=True):
        assert np.array_equal(a.params, b.params), f"params differ at step {a.step}"
        assert (a.batch_loss, a.learning_rate, a.epoch) == (b.batch_loss, b.learning_rate, b.epoch)
        if a.evaluated:  # every field, with ==
            assert a.to_dict() == b.to_dict(), f"record {a.step} differs"


CASES = {
    "full batch, logistic": ("moons", "logistic", {"max_steps": 60}, [
        (10, {"learning_rate": 1.5}), (25, {"optimizer": "adam", "learning_rate": 0.05}),
        (40, {"batch_size": 16})]),
    "mini-batch, softmax": ("blobs", "softmax", {"max_steps": 80, "batch_size": 10}, [
        (13, {"learning_rate": 0.9}), (31, {"optimizer": "momentum"}), (47, {"l2": 0.05, "batch_size": 7})]),
    "network": ("moons", "mlp", {"max_steps": 70, "batch_size": 32}, [
        (9, {"optimizer": "rmsprop", "learning_rate": 0.02}), (30, {"batch_size": None}), (50, {"l2": 0.01})]),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_replay_equals_the_original_with_three_changes(case):
    name, kind, config, events = CASES[case]
    original = live_run(make_trainer(name, kind, **config), events)
    fresh = make_trainer(name, kind, **config)
    replayed = list(replay(fresh, log_of(events)))
    assert_same_run(original, replayed)
    without = list(make_trainer(name, kind, **config).run())  # the link without its changes: another run
    assert not np.array_equal(without[-1].params, original[-1].params)


def test_changes_at_step_zero_and_at_the_last_step():
    events = [(0, {"learning_rate": 2.0}), (0, {"l2": 0.1}), (30, {"loss": "mse"})]
    original = live_run(make_trainer("moons", "logistic", max_steps=30), events)
    fresh = make_trainer("moons", "logistic", max_steps=30)
    changes = log_of(events)
    replayed = list(replay(fresh, changes))
    assert_same_run(original, replayed)
    assert replayed[1].learning_rate == 2.0  # the first update already used it
    assert fresh.config.loss == "mse" and fresh.t == 30  # applied after the last update


def test_a_change_at_the_last_step_that_raises_max_steps_goes_on():
    events = [(20, {"max_steps": 35, "learning_rate": 0.05})]
    original = live_run(make_trainer("moons", "logistic", max_steps=20), events)
    fresh = make_trainer("moons", "logistic", max_steps=20)
    replayed = list(replay(fresh, log_of(events)))
    assert replayed[-1].step == 35 and fresh.stop_reason == "max_steps"
    assert_same_run(original, replayed)


def test_record_every_keeps_the_trajectory():
    events = [(11, {"learning_rate": 1.0}), (29, {"batch_size": 5})]
    fresh = make_trainer("blobs", "softmax", max_steps=50)
    sparse = make_trainer("blobs", "softmax", max_steps=50, record_every=10)
    every = list(replay(fresh, log_of(events)))
    some = list(replay(sparse, log_of(events)))
    assert [r.step for r in some] == [0, 10, 20, 30, 40, 50]
    for record in some:
        assert record.to_dict() == every[record.step].to_dict()


@pytest.mark.parametrize(("events", "words"), [
    ([(31, {"learning_rate": 1.0})], "event 1 is at step 31, past the run's end: max_steps is 30"),
    ([(10, {"max_steps": 20}), (25, {"l2": 0.1})], "event 2 is at step 25, past the run's end: max_steps is 20"),
    ([(10, {"l2": 0.1}), (5, {"l2": 0.2})], "event 2 is at step 5, before step 10"),
])
def test_an_event_the_run_never_reached_is_refused(events, words):
    trainer = make_trainer("moons", "logistic", max_steps=30)
    with pytest.raises(UserError, match=words):
        next(replay(trainer, log_of(events)))


def test_a_change_of_seed_is_refused():
    trainer = make_trainer("moons", "logistic", max_steps=30)
    with pytest.raises(UserError, match="seed"):
        list(replay(trainer, log_of([(3, {"seed": 5})])))


def test_a_run_that_diverges_before_a_change_is_refused():
    trainer = make_trainer("moons", "logistic", max_steps=200)
    changes = log_of([(5, {"learning_rate": 1e9}), (150, {"learning_rate": 0.1})])
    with pytest.raises(UserError, match="diverged at step .* before the event at step 150"):
        list(replay(trainer, changes))


def test_a_change_the_model_does_not_take_is_refused_before_any_step():
    trainer = make_trainer("moons", "logistic", max_steps=30)
    with pytest.raises(UserError, match="event 1 \\(step 4\\)"):
        next(replay(trainer, log_of([(4, {"loss": "huber"})])))
    assert trainer.t == 0


@pytest.mark.parametrize("update", [{"learning_rate": 0.05, "optimizer": "adam"}, {"l2": 0.1, "batch_size": 9},
                                    {"optimizer": "momentum", "momentum": 0.5}])
def test_changes_at_step_zero_make_the_run_that_starts_with_them(update):
    """So a link may fold them into its settings (the playground does)."""
    changed = make_trainer("moons", "logistic", max_steps=25)
    started = Trainer(changed.model, changed.data, changed.config.apply(update))
    via_event = list(replay(changed, log_of([(0, update)])))
    plain = list(started.run())
    assert np.array_equal(via_event[-1].params, plain[-1].params)
    assert via_event[-1].to_dict() == plain[-1].to_dict()
