"""A live session's stepping (LiveSession's base: app.api.session): the train loop, which makes the
steps owed in slices, and the send loop, which writes the outbox, at most MAX_FRAME_RATE frames a
second. See app.api.session for how the three coroutines share a session.

A slice is at most SLICE_SECONDS of stepping in a worker thread, at most SLICE_RATE slices a second
(a hair above the frame rate, so a frame rarely waits for a slice, and rarely holds two); between two
steps it holds the session's lock, which every message takes, so a "set" or a "pause" is applied
before the very next step. The steps of a slice are bare updates and only its last is evaluated
(loss, gradient, test loss, accuracy: a pass over every row), so the full objective is computed
about once per frame, not per step.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import orjson
from fastapi import WebSocket, WebSocketDisconnect

from app.api.run_control import RunControl
from app.api.stream import Outbox, PendingFrame, frame_payload
from app.engine.training.numerics import finite_or_none
from app.engine.training.trainer import Trainer

if TYPE_CHECKING:
    from app.engine.spec.events import EventLog

MAX_FRAME_RATE = 60.0
SLICE_SECONDS = 0.012  # under a frame (16.7 ms): a slice, its evaluation and its hand-off fit in one
SLICE_RATE = 64.0  # slices a second at most: a hair above the frame rate, so each frame has a fresh slice
INLINE_SECONDS = 0.001  # a slice expected to take less CPU than this is made on the event loop


def gradient_list(trainer: Trainer) -> list[float | None] | None:
    """The full gradient at the latest theta, JSON-safe (None if it was not evaluated)."""
    gradient = trainer.gradient
    return None if gradient is None else [finite_or_none(v) for v in gradient]


class Stepping:
    """The session's stepping: what it needs of the session is declared here."""

    ws: WebSocket
    clock: Callable[[], float]
    outbox: Outbox
    lock: threading.Lock
    wake: asyncio.Event
    trainer: Trainer | None
    log: EventLog
    control: RunControl
    step_cpu: float | None
    spec_changed: bool

    def _apply_planned(self, trainer: Trainer) -> None:
        raise NotImplementedError

    def _status(self, with_spec: bool = False, **extra: object) -> None:
        raise NotImplementedError

    # --- stepping -------------------------------------------------------------------------
    def _advance(self, n: int, generation: int, single: bool) -> tuple[list[dict], str | None]:
        """Up to n steps in a worker thread, for at most SLICE_SECONDS: bare updates, then
        the latest is evaluated and carries the full gradient at its theta. Between steps
        the lock is free, so a message can change the settings or the state before the
        next one."""
        records: list[dict] = []
        stop = None
        deadline = self.clock() + SLICE_SECONDS
        for _ in range(n):
            with self.lock:
                trainer = self.trainer
                if (trainer is None or generation != self.control.generation or trainer.stop_reason == "diverged"
                        or not self.control.may_continue(single)):
                    break
                self._apply_planned(trainer)
                records.append(trainer.step(evaluate=False).to_dict())
                stop = trainer.stop_reason
            if stop or self.clock() > deadline:
                break
        with self.lock:
            trainer = self.trainer
            if (records and trainer is not None and generation == self.control.generation
                    and trainer.t == records[-1]["step"]):
                latest = trainer.complete().to_dict()
                latest["gradient"] = gradient_list(trainer)
                records[-1], stop = latest, trainer.stop_reason
        return records, stop

    def _timed_advance(self, n: int, generation: int, single: bool) -> tuple[list[dict], str | None]:
        """_advance, noting the CPU time a step takes (evaluation included; a moving average)."""
        start = time.thread_time()
        records, stop = self._advance(n, generation, single)
        if records:
            cost = (time.thread_time() - start) / len(records)
            self.step_cpu = cost if self.step_cpu is None else self.step_cpu + 0.25 * (cost - self.step_cpu)
        return records, stop

    async def _train_loop(self) -> None:
        next_slice = 0.0  # slices start at most SLICE_RATE times a second
        while True:
            self.wake.clear()
            n, wait = self.control.due() if self.trainer is not None else (0, None)
            if n and not self.control.pending and self.clock() < next_slice:
                n, wait = 0, next_slice - self.clock()
            if n == 0:
                if wait is None:
                    await self.wake.wait()
                else:
                    try:
                        await asyncio.wait_for(self.wake.wait(), timeout=wait)
                    except TimeoutError:
                        pass
                continue
            single = self.control.pending > 0
            generation = self.control.generation
            next_slice = self.clock() + 1 / SLICE_RATE
            if self.step_cpu is not None and n * self.step_cpu <= INLINE_SECONDS:
                records, stop = self._timed_advance(n, generation, single)  # cheaper than a thread's hand-off
            else:
                records, stop = await asyncio.to_thread(self._timed_advance, n, generation, single)
            if generation != self.control.generation:
                continue  # a start or reset came in meanwhile: these steps are void
            self.control.advanced(len(records), single)
            if records:
                self.outbox.add_records(records)
            if stop:
                self.control.finish()
            if stop or self.spec_changed:
                self._status(with_spec=self.spec_changed)
                self.spec_changed = False
            if self.control.speed is None or self.control.pending:
                await asyncio.sleep(0)  # let the other sessions and this one's messages in

    async def _send_loop(self) -> None:
        interval = 1.0 / MAX_FRAME_RATE
        next_due = 0.0  # frames keep to a fixed clock, so sending time does not slow the rate
        try:
            while True:
                if not self.outbox.items:
                    self.outbox.ready.clear()
                    await self.outbox.ready.wait()
                    continue
                head = self.outbox.items[0]
                if isinstance(head, PendingFrame):
                    wait = next_due - self.clock()
                    if wait > 0:  # let more records join this frame
                        await asyncio.sleep(wait)
                    next_due = max(next_due, self.clock() - interval) + interval
                    payload = frame_payload(head, self.outbox.frame_limit)
                else:
                    payload = head
                self.outbox.items.popleft()
                await self.ws.send_text(orjson.dumps(payload).decode())
        except (WebSocketDisconnect, RuntimeError, OSError):
            return
