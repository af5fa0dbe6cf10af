"""A run with its live changes, replayed bit for bit.

A run is deterministic from its start config (seed included) and its event log:
the changes made between steps, each with the number of updates made before it
took effect. ``replay`` steps a Trainer as Trainer.run does and applies each
change (Trainer.reconfigure, the path a live session takes) when the trainer has
made exactly that many updates, before the next one: the same thetas, mini-batches
and records follow, equal with ==. A change at step 0 comes before the first
update; a change at the last step comes after it (a change that raises max_steps
there lets the run go on, as a live user resuming it would).

Events are whole configs (``Change``), so whoever builds them decides how a
partial update reads (the web layer folds its validated "set" messages into run
specs; ``changes_from_updates`` uses TrainConfig.updated, for notebooks).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from app.engine.errors import UserError
from app.engine.training.cancel import NEVER, CancelToken
from app.engine.training.trainer import StepRecord, TrainConfig, Trainer


@dataclass(frozen=True)
class Change:
    """From ``step`` updates on, the run goes on under ``config``."""

    step: int
    config: TrainConfig


def changes_from_updates(config: TrainConfig, events: Iterable[tuple[int, Mapping[str, object]]]) -> list[Change]:
    """(step, {name: value}) pairs as Changes: each update applied to the config in force."""
    changes = []
    for step, update in events:
        config = config.updated(**dict(update))
        changes.append(Change(step, config))
    return changes


def check_changes(trainer: Trainer, changes: Sequence[Change]) -> None:
    """Each change one the trainer takes (a loss that fits its model...), at a step in order,
    none before the trainer's nor past the max_steps in force before it (a run stops there:
    a change after its end was never made)."""
    config = trainer.config
    step, max_steps = trainer.t, config.max_steps
    for n, change in enumerate(changes, 1):
        try:
            trainer._check(change.config)
        except UserError as exc:
            raise UserError(f"event {n} (step {change.step}): {exc}") from exc
        if change.step < step:
            raise UserError(f"event {n} is at step {change.step}, before step {step}: events go in step order")
        if change.step > max_steps:
            raise UserError(f"event {n} is at step {change.step}, past the run's end: max_steps is {max_steps} "
                            "there, so the run never reached it")
        if change.config.seed != config.seed:
            raise UserError(f"event {n} changes the seed: a run keeps its seed")
        step, max_steps = change.step, change.config.max_steps


def apply_due(trainer: Trainer, pending: deque[Change]) -> int:
    """Apply the pending changes due at the trainer's step (in order); how many were."""
    n = 0
    while pending and pending[0].step <= trainer.t:
        trainer.reconfigure(pending.popleft().config)
        n += 1
    return n


def _goes_on(trainer: Trainer, pending: deque[Change]) -> bool:
    """Another update is owed: no divergence, and a change still ahead, or no stopping rule
    fired, or max_steps was raised past the step the run stopped at."""
    if trainer.stop_reason == "diverged":
        return False
    if pending or trainer.stop_reason is None:
        return True
    return trainer.stop_reason == "max_steps" and trainer.t < trainer.config.max_steps


def replay(trainer: Trainer, changes: Sequence[Change], record_every: int = 1,
           cancel: CancelToken = NEVER) -> Iterator[StepRecord]:
    """Trainer.run with ``changes`` applied at their steps: yields the trainer's current
    record, every ``record_every``-th record and the last one. A change is applied after
    the record of its step is yielded (that record describes theta under the settings
    that made it). A run that diverges before a change is refused (UserError)."""
    check_changes(trainer, changes)
    pending = deque(changes)
    yield trainer.last
    while True:
        apply_due(trainer, pending)
        if not _goes_on(trainer, pending):
            break
        cancel.check()
        record = trainer.step(evaluate=(trainer.t + 1) % record_every == 0)
        if record.evaluated:
            yield record
    if pending:
        raise UserError(f"the run diverged at step {trainer.t}, before the event at step {pending[0].step}")
