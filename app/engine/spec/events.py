"""The event log: a run's live changes, each with the number of updates made before it took
effect. One log schedules and applies them for every caller: the live session (a user's changes,
and a saved or shared run's planned ones), POST /api/train, jobs and the CLI (app.engine.spec.replay).

A change at step t is applied when the trainer has made exactly t updates, before the next one:
at step 0 before the first update, at the last step after it (a change that raises max_steps
there lets the run go on, as a live user resuming it would). Each change is the mapping the
client sent (JSON), applied by RunSpec.apply, so a log replays bit for bit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.engine.errors import UserError

if TYPE_CHECKING:
    from app.engine.spec.run import RunSpec
    from app.engine.training.trainer import Trainer


@dataclass(frozen=True)
class Event:
    """From ``step`` updates on, the run goes on with ``changes`` applied to its spec."""

    step: int
    changes: Mapping[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"step": self.step, "changes": dict(self.changes)}


class EventLog:
    """A run's changes in step order: those applied so far, then those planned (replayed as the
    run reaches each step). A live change made at step t goes after the planned changes due by t
    and before the later ones, so the log is always the whole run's."""

    def __init__(self, planned: Iterable[Event] = ()):
        self.applied: list[Event] = []
        self.planned: deque[Event] = deque(planned)

    @classmethod
    def from_json(cls, events: Iterable[Mapping[str, Any]]) -> EventLog:
        return cls(Event(int(e["step"]), dict(e["changes"])) for e in events)

    def entries(self) -> list[dict[str, Any]]:
        """The whole log as JSON: [{step, changes}], in order."""
        return [e.as_json() for e in (*self.applied, *self.planned)]

    def check(self, trainer: Trainer) -> list[RunSpec]:
        """Each planned change one the trainer takes (a loss that fits its model...), at a step in
        order, none before the trainer's nor past the max_steps in force before it (a run stops
        there: a change after its end was never made). Returns the specs in force over the run,
        the trainer's first, then one after each planned change (for the run's limits: limits.widest)."""
        spec, step = trainer.config, trainer.t
        specs = [spec]
        for n, event in enumerate(self.planned, 1):
            try:
                new = spec.apply(event.changes)
                trainer.check(new)
            except UserError as exc:
                raise UserError(f"event {n} (step {event.step}): {exc}") from exc
            if event.step < step:
                raise UserError(f"event {n} is at step {event.step}, before step {step}: events go in step order")
            if event.step > spec.max_steps:
                raise UserError(f"event {n} is at step {event.step}, past the run's end: max_steps is "
                                f"{spec.max_steps} there, so the run never reached it")
            spec, step = new, event.step
            specs.append(spec)
        return specs

    def apply_due(self, trainer: Trainer) -> int:
        """Apply the planned changes due at the trainer's step, in order; how many were."""
        n = 0
        while self.planned and self.planned[0].step <= trainer.t:
            event = self.planned.popleft()
            trainer.reconfigure(trainer.config.apply(event.changes))
            self.applied.append(event)
            n += 1
        return n

    def full(self, step: int, most: int) -> bool:
        """Whether a change at ``step`` would make the log longer than ``most`` changes (a change at
        the step of the last one merges with it)."""
        size = len(self.applied) + len(self.planned)
        merges = bool(self.applied) and self.applied[-1].step == step
        return size + (0 if merges else 1) > most

    def record(self, step: int, changes: Mapping[str, Any]) -> None:
        """A live change, applied now at ``step`` (the caller has reconfigured the trainer). Changes
        that take effect at the same step are one change: the newest value of each field wins."""
        last = self.applied[-1] if self.applied else None
        if last is not None and last.step == step:
            self.applied[-1] = Event(step, {**last.changes, **changes})
        else:
            self.applied.append(Event(step, dict(changes)))
