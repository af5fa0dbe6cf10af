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

The rising pace (``rising``, the playground's default) starts at ``speed`` and speeds up
once the run has made speed * RISE_SECONDS steps: from there the rate is the step count
over RISE_SECONDS, so the step count grows tenfold every RISE_SECONDS * ln 10 = 3.5 s. The
first steps, where a simple model learns most, go by slowly enough to watch; a slow
learner (a deep network on the spiral) gets its thousands of steps within seconds (the
machine's own speed is then the limit). From the anchor (t0, k0 steps of this run):

    k(t) = k0 + speed * t                        while that is below K = speed * RISE_SECONDS
    k(t) = max(k0, K) * exp((t - t_K) / RISE_SECONDS)   after, t_K the time it reaches K
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from enum import StrEnum

MAX_PENDING_STEPS = 10_000
AS_FAST_AS_POSSIBLE = 1_000_000  # steps owed at once when speed is None (the stepper slices them)
RISE_SECONDS = 1.5  # the rising pace's time constant (see the module docstring)


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
        self.rising = False  # the rising pace (the module docstring)
        self._run_start = 0  # self._done when this generation began: its steps are _done minus this
        self.pending = 0  # single steps asked for and not yet made
        self.generation = 0  # bumped by start and reset: steps of an older run are void
        self._anchor = (0.0, 0)  # (time, steps done) from which the pace is counted
        self._done = 0  # steps made, all generations

    # --- transitions --------------------------------------------------------------------
    def start(self, speed: float | None, paused: bool = False, stopped: bool = False, rising: bool = False) -> None:
        self.generation += 1
        self._run_start = self._done
        self.speed, self.rising = speed, rising
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
        self._run_start = self._done
        self.pending = 0
        self.state = RunState.PAUSED

    def finish(self) -> None:
        self.state = RunState.STOPPED
        self.pending = 0

    def set_speed(self, speed: float | None, rising: bool | None = None) -> None:
        self.speed = speed
        if rising is not None:
            self.rising = rising
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
        k0 = done_at_start - self._run_start
        made = self._done - self._run_start
        owed = min(int(self.steps_after(self.clock() - start, k0)) - made, AS_FAST_AS_POSSIBLE)
        if owed > 0:
            return owed, 0.0
        next_time = start + self.time_to(self._done - self._run_start + 1, k0)
        return 0, max(0.0, next_time - self.clock())

    def steps_after(self, elapsed: float, k0: int) -> float:
        """The run's step count the pace asks for ``elapsed`` seconds after an anchor at step k0."""
        assert self.speed is not None
        if not self.rising:
            return k0 + elapsed * self.speed
        knee = self.speed * RISE_SECONDS
        to_knee = max(0.0, (knee - k0) / self.speed)
        if elapsed <= to_knee:
            return k0 + elapsed * self.speed
        return max(k0, knee) * math.exp(min((elapsed - to_knee) / RISE_SECONDS, 50.0))

    def time_to(self, k: int, k0: int) -> float:
        """Seconds after an anchor at step k0 until the pace asks for step k (steps_after's inverse)."""
        assert self.speed is not None
        if not self.rising:
            return (k - k0) / self.speed
        knee = self.speed * RISE_SECONDS
        to_knee = max(0.0, (knee - k0) / self.speed)
        if k <= max(k0, knee):
            return (k - k0) / self.speed
        return to_knee + RISE_SECONDS * math.log(k / max(k0, knee))

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
