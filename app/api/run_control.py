"""A live run's state and pace: when to step and how many steps, with no socket,
no thread and no event loop, so tests drive it with a fake clock.

States and their transitions (anything else leaves the state as it is):

    IDLE    --start-->        RUNNING, or PAUSED (start paused), or STOPPED (diverged at step 0)
    RUNNING --pause/step n--> PAUSED      (step n also queues n single steps)
    PAUSED  --resume-->       RUNNING
    any     --reset-->        PAUSED      (a new generation: steps of the old one are void)
    any     --finish-->       STOPPED     (a stopping rule fired)
    STOPPED --resume-->       RUNNING     (unless the run diverged: the session refuses that)

The pace: at ``speed`` steps a second, ``due()`` owes int((now - t0) * speed)
steps since the anchor (t0, steps done then), minus those done since; the
anchor moves on resume and on a speed change, so a pause is not made up for.
``speed`` None means as fast as possible. Single steps asked for with ``step``
are owed at once, whatever the state.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

MAX_PENDING_STEPS = 10_000
AS_FAST_AS_POSSIBLE = 1_000_000  # steps owed at once when speed is None (the stepper slices them)


class RunState(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


class RunControl:
    """One live run's state, pending single steps, pace and generation."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter):
        self.clock = clock
        self.state = RunState.IDLE
        self.speed: float | None = 30.0
        self.pending = 0  # single steps asked for and not yet made
        self.generation = 0  # bumped by start and reset: steps of an older run are void
        self._anchor = (0.0, 0)  # (time, steps done) from which the pace is counted
        self._done = 0  # steps made, all generations

    # --- transitions --------------------------------------------------------------------
    def start(self, speed: float | None, paused: bool = False, stopped: bool = False) -> None:
        self.generation += 1
        self.speed = speed
        self.pending = 0
        self.state = RunState.STOPPED if stopped else RunState.PAUSED if paused else RunState.RUNNING
        self._reanchor()

    def pause(self) -> bool:
        """True if the run was running."""
        if self.state is RunState.RUNNING:
            self.state = RunState.PAUSED
            return True
        return False

    def resume(self) -> None:
        self.state = RunState.RUNNING
        self._reanchor()

    def step(self, n: int) -> bool:
        """Queue n single steps (at most MAX_PENDING_STEPS in all); a running run pauses
        first. True if it was running."""
        was_running = self.pause()
        self.pending = min(self.pending + n, MAX_PENDING_STEPS)
        return was_running

    def reset(self) -> None:
        self.generation += 1
        self.pending = 0
        self.state = RunState.PAUSED

    def finish(self) -> None:
        self.state = RunState.STOPPED
        self.pending = 0

    def set_speed(self, speed: float | None) -> None:
        self.speed = speed
        self._reanchor()

    # --- the pace -------------------------------------------------------------------------
    def due(self) -> tuple[int, float | None]:
        """(steps owed now, seconds until the next one is owed). None: nothing will be
        owed until a message changes the state."""
        if self.pending:
            return self.pending, 0.0
        if self.state is not RunState.RUNNING:
            return 0, None
        if self.speed is None:
            return AS_FAST_AS_POSSIBLE, 0.0
        start, done_at_start = self._anchor
        owed = int((self.clock() - start) * self.speed) - (self._done - done_at_start)
        if owed > 0:
            return owed, 0.0
        next_time = start + (self._done - done_at_start + 1) / self.speed
        return 0, max(0.0, next_time - self.clock())

    def may_continue(self, single: bool) -> bool:
        """Whether a slice of steps may go on (asked between steps): single steps always
        do; paced steps only while running."""
        return single or self.state is RunState.RUNNING

    def advanced(self, n: int, single: bool) -> None:
        """n steps were made (single steps, or paced ones)."""
        self._done += n
        if single:
            self.pending = max(0, self.pending - n)

    def _reanchor(self) -> None:
        self._anchor = (self.clock(), self._done)
