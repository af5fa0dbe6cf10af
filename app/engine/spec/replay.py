"""A run replayed from its spec and event log, bit for bit: the one stepping loop of every
whole run (POST /api/train, jobs, the CLI); the live session takes the same log step by step.

``replay`` steps a Trainer as Trainer.run does and applies each change of the log (the path a
live session takes) when the trainer has made exactly that many updates: the same thetas,
mini-batches and records follow, equal with ==. A change is applied after the record of its
step is yielded (that record describes θ under the settings that made it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.engine.errors import UserError
from app.engine.spec.events import EventLog
from app.engine.spec.limits import params_stride
from app.engine.training.cancel import NEVER, CancelToken
from app.engine.training.record import StepRecord
from app.engine.training.trainer import Trainer


def _goes_on(trainer: Trainer, log: EventLog) -> bool:
    """Another update is owed: no divergence, and a change still ahead, or no stopping rule
    fired, or max_steps was raised past the step the run stopped at."""
    if trainer.stop_reason == "diverged":
        return False
    if log.planned or trainer.stop_reason is None:
        return True
    return trainer.stop_reason == "max_steps" and trainer.t < trainer.config.max_steps


def replay(trainer: Trainer, log: EventLog, cancel: CancelToken = NEVER) -> Iterator[StepRecord]:
    """Trainer.run with the log's changes applied at their steps: yields the trainer's current
    record, every ``record_every``-th record (the spec's) and the last one. A run that diverges
    before a change is refused (UserError)."""
    log.check(trainer)
    yield trainer.last
    while True:
        log.apply_due(trainer)
        if not _goes_on(trainer, log):
            break
        cancel.check()
        record = trainer.step(evaluate=(trainer.t + 1) % trainer.config.record_every == 0)
        if record.evaluated:
            yield record
    if log.planned:
        raise UserError(f"the run diverged at step {trainer.t}, before the event at step {log.planned[0].step}")


def history(trainer: Trainer, log: EventLog, cancel: CancelToken = NEVER) -> Iterator[dict[str, Any]]:
    """The recorded steps of a run as JSON-safe dicts, θ where ``params_every`` asks."""
    stride = params_stride(trainer.config, trainer.model)
    for i, record in enumerate(replay(trainer, log, cancel)):
        last = trainer.stop_reason is not None
        yield record.to_dict(params=stride > 0 and (i % stride == 0 or last))


def history_response(trainer: Trainer, records: list[dict[str, Any]]) -> dict[str, Any]:
    """The body of POST /api/train (and the CLI's JSON output)."""
    return {"history": records, "stop_reason": trainer.stop_reason,
            "param_names": trainer.model.param_names, "final": records[-1]}
