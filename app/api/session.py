"""One websocket connection's live training run.

Three coroutines share a session and end together:

* ``_receive_loop`` reads the client's messages and applies them;
* ``_train_loop`` asks the run's control (app.api.run_control) how many steps
  are owed, and makes them in a worker thread, a slice of at most SLICE_SECONDS
  of stepping at a time and at most SLICE_RATE slices a second, a hair above the
  frame rate (so a frame rarely waits for a slice, and rarely holds two); between two
  steps it holds the lock that every message takes, so a "set" or a "pause" is
  applied before the very next step. The steps of a slice are bare updates and
  only its last is evaluated (loss, gradient, test loss, accuracy: a pass over
  every row), so the full objective is computed about once per frame, not per step;
* ``_send_loop`` writes the outbox (app.api.stream), at most MAX_FRAME_RATE
  frames a second.

The event log: every accepted "set" that changes what the trainer computes (any
field but ``speed``) is logged as {step, changes}, ``step`` being the updates made
before it took effect (it applies between two steps, under the lock). A start's
``config.events`` (a saved or shared run's log) are applied the same way, each
when the trainer has made its step's updates, before the next one (or before a
"set" made at that step, which they came before); they are in the log from the
start, so the log is always the whole run's. A start or a reset begins a new log.
Status frames carry the log (``events``) when it changes: after a logged set, a
reset, and a start with events.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from fastapi import WebSocket, WebSocketDisconnect
from pydantic import ValidationError

from app.api.errors import describe_validation_errors
from app.api.run_control import RunControl, RunState
from app.api.stream import Outbox, PendingFrame, frame_limits, frame_payload
from app.engine.data.store import UploadStore
from app.engine.errors import UserError
from app.engine.spec.build import build_trainer
from app.engine.spec.events import EventLog
from app.engine.training.numerics import finite_or_none
from app.engine.training.trainer import Trainer
from app.schemas.live import CLIENT_MESSAGE, CLIENT_MESSAGE_TYPES, SetMessage, StartMessage, StepMessage, live_config
from app.settings import Settings

MAX_FRAME_RATE = 60.0
SLICE_SECONDS = 0.012  # under a frame (16.7 ms): a slice, its evaluation and its hand-off fit in one
SLICE_RATE = 64.0  # slices a second at most: a hair above the frame rate, so each frame has a fresh slice
INLINE_SECONDS = 0.001  # a slice expected to take less CPU than this is made on the event loop


def gradient_list(trainer: Trainer) -> list[float | None] | None:
    """The full gradient at the latest theta, JSON-safe (None if it was not evaluated)."""
    gradient = trainer.gradient
    return None if gradient is None else [finite_or_none(v) for v in gradient]


def describe(exc: ValidationError) -> str:
    parts = []
    for e in describe_validation_errors(exc.errors()):
        where = ".".join(str(p) for p in e["loc"]) or "message"
        parts.append(f"{where}: {e['msg']}")
    return "; ".join(parts)


class LiveSession:
    def __init__(self, websocket: WebSocket, settings: Settings, store: UploadStore,
                 clock: Callable[[], float] = time.perf_counter):
        self.ws = websocket
        self.settings = settings
        self.store = store
        self.clock = clock
        self.outbox = Outbox()
        self.lock = threading.Lock()  # held while the trainer steps, and by every message
        self.wake = asyncio.Event()
        self.trainer: Trainer | None = None  # its config is the run spec in force: the start's, every change applied
        self.log = EventLog()  # the run's changes: those applied, then a start's planned ones (the log's tail)
        self.paused_at_start = False  # the start's "paused", as the status's config says it
        self.spec_changed = False  # a planned event was applied while stepping: the next status says so
        self.control = RunControl(clock)
        self.step_cpu: float | None = None  # CPU seconds a step takes, once measured (in a thread at first)
        self.handlers: dict[str, Callable[[Any], Awaitable[None]]] = {
            "start": self.on_start, "set": self.on_set, "pause": self.on_pause, "resume": self.on_resume,
            "step": self.on_step, "reset": self.on_reset,
        }

    @property
    def state(self) -> RunState:
        return self.control.state

    # --- the connection -----------------------------------------------------------------
    async def serve(self) -> None:
        await self.ws.accept()
        tasks = [asyncio.create_task(self._train_loop()), asyncio.create_task(self._send_loop())]
        try:
            await self._receive_loop()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _receive_loop(self) -> None:
        while True:
            try:
                message = await self.ws.receive()
            except (WebSocketDisconnect, RuntimeError):
                return
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                self.outbox.error("send messages as JSON text frames, not binary")
                continue
            await self.handle_text(text)

    async def handle_text(self, text: str) -> None:
        limit = self.settings.max_ws_message_bytes
        if len(text) > limit:
            self.outbox.error(f"message of {len(text):,} characters is over the limit "
                              f"max_ws_message_bytes={limit:,}")
            return
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            self.outbox.error(f"malformed JSON: {exc}")
            return
        kind = data.get("type") if isinstance(data, dict) else None
        if not isinstance(kind, str):
            self.outbox.error('every message is a JSON object with a "type"')
            return
        if kind not in CLIENT_MESSAGE_TYPES:
            self.outbox.error(f"unknown message type {kind[:40]!r}; expected one of "
                              f"{', '.join(CLIENT_MESSAGE_TYPES)}")
            return
        try:  # one discriminated union: the "type" picks the model
            msg = CLIENT_MESSAGE.validate_json(text)
        except ValidationError as exc:
            self.outbox.error(f"bad {kind} message: {describe(exc)}")
            return
        await self.handlers[kind](msg)

    # --- messages -------------------------------------------------------------------------
    def _status(self, with_spec: bool = False, **extra: object) -> None:
        """A status frame; with_spec adds the run spec in force (after a start or a set)."""
        trainer = self.trainer
        if with_spec and trainer is not None:
            extra["config"] = live_config(trainer.config, self.control.speed, self.paused_at_start)
        self.outbox.add_message({
            "type": "status", "state": self.control.state.value,
            "stop_reason": trainer.stop_reason if trainer else None,
            "step": trainer.t if trainer else 0, **extra,
        })

    async def on_start(self, msg: StartMessage) -> None:
        config = msg.config
        log = config.event_log()
        try:
            trainer = await asyncio.to_thread(build_trainer, config.to_spec(), log, self.settings, self.store.load,
                                              False)
        except UserError as exc:  # gdviz's own errors only: a bug is not dressed up as bad input
            self.outbox.error(f"cannot start: {exc}")
            return
        with self.lock:
            self.trainer = trainer
            self.step_cpu = None  # a new run: its first slice is timed in a thread
            self.log, self.paused_at_start = log, config.paused
            # a run that diverged at its very start (non-finite values) is stopped at once
            self.control.start(config.speed, paused=config.paused, stopped=bool(trainer.stop_reason))
            first = trainer.last.to_dict()
        first["gradient"] = gradient_list(trainer)
        self.outbox.frame_limit, self.outbox.pending_cap = frame_limits(trainer.model.n_params + 10)
        replayed = {"events": log.entries()} if log.planned else {}  # a start begins a new log: [] goes unsaid
        self._status(with_spec=True, param_names=trainer.model.param_names, **replayed)
        self.outbox.add_records([first], reset=True)
        self.wake.set()

    async def on_set(self, msg: SetMessage) -> None:
        trainer = self.trainer
        if trainer is None:
            self.outbox.error("start a run before changing its settings")
            return
        with self.lock:  # between two steps: the next one runs under the new spec
            self._apply_planned(trainer)  # a replayed change due at this step came before this one
            changes = msg.changes()
            if changes:
                try:
                    trainer.reconfigure(trainer.config.apply(changes))
                except UserError as exc:
                    self.outbox.error(str(exc))
                    return
                self.step_cpu = None  # the model may have grown: time it again
                self.log.record(trainer.t, changes)
            if "speed" in msg.model_fields_set:
                self.control.set_speed(msg.speed)
            self._status(with_spec=True, **({"events": self.log.entries()} if changes else {}))
        self.wake.set()

    def _apply_planned(self, trainer: Trainer) -> None:
        """The start's events due at the trainer's step, in order (the lock held)."""
        if self.log.apply_due(trainer):
            self.spec_changed = True

    async def on_pause(self, msg: object) -> None:
        with self.lock:  # no step is made after this: the status's step is the last one
            self.control.pause()
            self._status()

    async def on_resume(self, msg: object) -> None:
        if self._refuse_stepping():
            return
        with self.lock:
            self.control.resume()
            self._status()
        self.wake.set()

    async def on_step(self, msg: StepMessage) -> None:
        if self._refuse_stepping():
            return
        with self.lock:
            if self.control.step(msg.n):
                self._status()
        self.wake.set()

    async def on_reset(self, msg: object) -> None:
        if self.trainer is None:
            self.outbox.error("start a run before resetting it")
            return
        with self.lock:
            record = self.trainer.reset().to_dict()
            record["gradient"] = gradient_list(self.trainer)
            self.control.reset()
            self.log = EventLog()  # a new run from the spec in force: a new log
        self.outbox.add_records([record], reset=True)
        self._status(events=[])

    def _refuse_stepping(self) -> bool:
        if self.trainer is None:
            self.outbox.error("start a run first")
            return True
        if self.trainer.stop_reason == "diverged":
            self.outbox.error("the run diverged; reset it (or start a new one) to go on")
            return True
        return False

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
