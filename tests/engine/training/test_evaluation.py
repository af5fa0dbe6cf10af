"""The trainer evaluates the full objective only where it is recorded (issue 13):
bare updates between, fields not computed absent, stops and divergence still seen."""

import numpy as np
import pytest

from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.trainer import EVALUATED_FIELDS, Trainer
from tests.engine.training.test_trainer import make_trainer


def count_evaluations(tr: Trainer) -> list[int]:
    """A spy on model.evaluate: the number of training-set evaluations made."""
    calls = [0]
    evaluate = tr.model.evaluate

    def counted(theta, X, t, loss, l2, gradient=True, tally=True):
        calls[0] += X is tr.X_train
        return evaluate(theta, X, t, loss, l2, gradient=gradient, tally=tally)

    tr.model.evaluate = counted  # type: ignore[method-assign]
    return calls


def test_run_evaluates_only_the_recorded_steps():
    tr = make_trainer(n_samples=400, batch_size=16, max_steps=100, tol_grad=0.0)
    calls = count_evaluations(tr)
    records = list(tr.run(record_every=25))
    assert [r.step for r in records] == [0, 25, 50, 75, 100]
    assert all(r.evaluated and r.loss is not None for r in records)
    assert calls[0] == 4  # steps 25, 50, 75 and 100; step 0 was evaluated when the trainer was made


def test_updates_are_the_same_whatever_is_evaluated():
    every = make_trainer(n_samples=300, batch_size=8, max_steps=60, tol_grad=0.0)
    sparse = make_trainer(n_samples=300, batch_size=8, max_steps=60, tol_grad=0.0)
    dense = {r.step: r for r in every.run(record_every=1)}
    for record in sparse.run(record_every=20):
        np.testing.assert_array_equal(record.params, dense[record.step].params)
        assert record.loss == dense[record.step].loss
        assert record.test_accuracy == dense[record.step].test_accuracy


def test_a_bare_step_has_no_evaluated_fields_and_complete_fills_them_in():
    bare, full = make_trainer(batch_size=10), make_trainer(batch_size=10)
    record = bare.step(evaluate=False)
    assert not record.evaluated and record.loss is None and bare.gradient is None
    shown = record.to_dict()
    assert set(shown) == {"step", "epoch", "batch_loss", "learning_rate", "params"}
    assert not set(EVALUATED_FIELDS) & set(shown)
    assert set(record.to_dict(params=False)) == {"step", "epoch", "batch_loss", "learning_rate"}
    completed, reference = bare.complete(), full.step()
    assert completed.to_dict() == reference.to_dict()
    np.testing.assert_array_equal(bare.gradient, full.gradient)


def test_full_batch_bare_steps_follow_the_evaluated_ones():
    bare, full = make_trainer(max_steps=50), make_trainer(max_steps=50)
    for _ in range(30):
        bare.step(evaluate=False)
        full.step()
    np.testing.assert_allclose(bare.theta, full.theta, rtol=1e-12)
    assert bare.last.batch_loss == pytest.approx(full.last.batch_loss, rel=1e-12)  # J(theta_29) both ways


def test_the_step_that_ends_a_run_is_evaluated_whatever_record_every_says():
    tr = make_trainer(batch_size=16, max_steps=37, tol_grad=0.0)
    records = list(tr.run(record_every=10))
    assert [r.step for r in records] == [0, 10, 20, 30, 37]
    assert records[-1].evaluated and tr.stop_reason == "max_steps"


def test_stopping_rules_that_need_the_loss_are_checked_at_recorded_steps():
    tr = make_trainer(tol_grad=0.0, max_steps=5_000, target_loss=0.2)
    records = list(tr.run(record_every=7))
    assert tr.stop_reason == "target_loss" and records[-1].step % 7 == 0
    assert records[-1].loss <= 0.2 < records[-2].loss


def test_tol_loss_compares_with_the_previous_record():
    tr = make_trainer(tol_grad=0.0, tol_loss=1e-4, max_steps=5_000)
    records = list(tr.run(record_every=10))
    assert tr.stop_reason == "tol_loss"
    assert abs(records[-1].loss - records[-2].loss) < 1e-4 <= abs(records[-2].loss - records[-3].loss)


def test_divergence_between_records_is_seen_on_the_batch_loss():
    """SGD at a huge rate on unscaled features explodes long before the next record."""
    tr = make_trainer(batch_size=4, max_steps=100_000, tol_grad=0.0,
                      optimizer=OptimizerSettings.of(learning_rate=1e4))
    tr.X_train *= 1e3
    calls = count_evaluations(tr)
    records = list(tr.run(record_every=50_000))
    assert tr.stop_reason == "diverged" and tr.t < 50_000
    assert records[-1].evaluated and calls[0] == 1  # only the step that ended the run
    assert records[-1].to_dict()["loss"] is None or np.isfinite(records[-1].to_dict()["loss"])


def test_the_moving_average_ignores_one_bad_batch():
    """One batch loss far above the rest does not end a healthy run by itself."""
    tr = make_trainer(batch_size=8, max_steps=10, tol_grad=0.0)
    tr.step(evaluate=False)
    reference = max(tr._reference_loss, 1.0)
    assert not tr._diverging(50 * reference)  # 0.1 x 50 is far from 1,000
    assert tr._diverging(1e6 * reference)
