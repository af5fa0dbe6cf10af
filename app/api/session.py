"""One websocket connection's live training run.

Three coroutines share a session and end together:

* ``_receive_loop`` reads the client's messages and applies them;
* ``_train_loop`` (app.api.stepping) asks the run's control (app.api.run_control)
  how many steps are owed, and makes them in slices, in a worker thread; between two
  steps it holds the lock that every message takes, so a "set" or a "pause" is
  applied before the very next step;
* ``_send_loop`` (app.api.stepping) writes the outbox (app.api.stream), at most
  MAX_FRAME_RATE frames a second.

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
from app.api.stepping import Stepping, gradient_list
from app.api.stream import Outbox, frame_limits
from app.api.uploads import MyUploads
from app.engine.errors import UserError, for_learner
from app.engine.spec.build import build_trainer
from app.engine.spec.events import EventLog
from app.engine.training.trainer import Trainer
from app.schemas.live import CLIENT_MESSAGE, CLIENT_MESSAGE_TYPES, SetMessage, StartMessage, StepMessage, live_config
from app.schemas.train import MAX_EVENTS
from app.settings import Settings


def describe(exc: ValidationError) -> str:
    parts = []
    for e in describe_validation_errors(exc.errors()):
        where = ".".join(str(p) for p in e["loc"]) or "message"
        parts.append(f"{where}: {e['msg']}")
    return "; ".join(parts)


class LiveSession(Stepping):
    def __init__(self, websocket: WebSocket, settings: Settings, store: MyUploads,
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
            extra["config"] = live_config(trainer.config, self.control.speed, self.paused_at_start,
                                          "rising" if self.control.rising else "steady")
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
            self.outbox.error(f"cannot start: {for_learner(exc)}")
            return
        with self.lock:
            self.trainer = trainer
            self.step_cpu = None  # a new run: its first slice is timed in a thread
            self.log, self.paused_at_start = log, config.paused
            # a run that diverged at its very start (non-finite values) is stopped at once
            self.control.start(config.speed, paused=config.paused, stopped=bool(trainer.stop_reason),
                               rising=config.pace == "rising")
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
            if changes and self.log.full(trainer.t, MAX_EVENTS):
                self.outbox.error(f"this run has {MAX_EVENTS:,} live changes, as many as a saved run keeps: save it "
                                  "now if you want it, then reset it (R) to change its settings again")
                return
            if changes:
                try:
                    trainer.reconfigure(trainer.config.apply(changes))
                except UserError as exc:
                    self.outbox.error(for_learner(exc))
                    return
                self.step_cpu = None  # the model may have grown: time it again
                self.log.record(trainer.t, changes)
            if msg.model_fields_set & {"speed", "pace"}:
                speed = msg.speed if "speed" in msg.model_fields_set else self.control.speed
                self.control.set_speed(speed, None if msg.pace is None else msg.pace == "rising")
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
