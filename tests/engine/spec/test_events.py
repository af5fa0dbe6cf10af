"""The event log: planned changes applied when the run reaches their step, live ones recorded in place."""

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.spec.events import Event, EventLog
from app.engine.spec.run import RunSpec
from app.engine.training.registry import make_model
from app.engine.training.trainer import Trainer


def trainer() -> Trainer:
    data = load_dataset(DatasetSpec.of(name="blobs", n_samples=60))
    return Trainer(make_model("logistic", 2, 2), data, RunSpec(max_steps=20))


def test_planned_changes_apply_at_their_step_and_a_live_one_goes_between():
    log = EventLog.from_json([{"step": 0, "changes": {"l2": 0.1}}, {"step": 3, "changes": {"learning_rate": 0.5}},
                              {"step": 9, "changes": {"loss": "mse"}}])
    tr = trainer()
    log.check(tr)
    assert log.apply_due(tr) == 1 and tr.config.l2 == 0.1
    for _ in range(3):
        tr.step()
    assert log.apply_due(tr) == 1 and tr.config.optimizer.learning_rate == 0.5
    tr.step()
    tr.reconfigure(tr.config.apply({"batch_size": 8}))  # a user's change at step 4
    log.record(tr.t, {"batch_size": 8})
    assert log.entries() == [{"step": 0, "changes": {"l2": 0.1}}, {"step": 3, "changes": {"learning_rate": 0.5}},
                             {"step": 4, "changes": {"batch_size": 8}}, {"step": 9, "changes": {"loss": "mse"}}]
    assert log.apply_due(tr) == 0 and list(log.planned) == [Event(9, {"loss": "mse"})]


def test_several_changes_at_one_step_apply_in_order():
    log = EventLog([Event(2, {"learning_rate": 0.2}), Event(2, {"learning_rate": 0.7})])
    tr = trainer()
    tr.step()
    tr.step()
    assert log.apply_due(tr) == 2 and tr.config.optimizer.learning_rate == 0.7


def test_changes_at_the_same_step_are_one_change_and_the_newest_value_wins():
    log = EventLog()
    log.record(5, {"learning_rate": 0.2})
    log.record(5, {"learning_rate": 0.3, "l2": 0.01})  # a drag's second value, and another slider
    log.record(5, {"learning_rate": 0.25})
    log.record(7, {"learning_rate": 0.5})
    assert log.entries() == [{"step": 5, "changes": {"learning_rate": 0.25, "l2": 0.01}},
                             {"step": 7, "changes": {"learning_rate": 0.5}}]


def test_a_full_log_takes_a_change_only_at_the_step_of_its_last_one():
    log = EventLog.from_json([{"step": 9, "changes": {"l2": 0.1}}])
    log.record(2, {"learning_rate": 0.2})
    assert not log.full(2, most=2)  # merges with the change at step 2
    assert log.full(3, most=2) and not log.full(3, most=3)
