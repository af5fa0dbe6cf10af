"""One websocket connection's live training run.

Three coroutines share a session and end together:

* ``_receive_loop`` reads the client's messages and applies them;
* ``_train_loop`` advances the trainer at the requested pace, in a worker
  thread, at most SLICE_SECONDS of stepping at a time, so a "set" is applied
  before the very next step;
* ``_send_loop`` writes the outbox, at most MAX_FRAME_RATE frames a second.
  Records waiting for a frame coalesce into one; a frame carries every step
  since the last one, or an even decimation that keeps the latest step.

Nothing grows without bound: a frame waiting for a slow reader is decimated in
place, and queued control messages are capped.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque

import orjson
from fastapi import HTTPException, WebSocket, WebSocketDisconnect
from pydantic import ValidationError

from app.api.convert import build_trainer
from app.api.errors import describe_validation_errors
from app.api.schemas import CLIENT_MESSAGES, LiveConfig, SetMessage, StartMessage, StepMessage
from app.engine.numerics import finite_or_none
from app.engine.schedules import ScheduleSettings
from app.engine.trainer import Trainer
from app.settings import Settings
from app.storage import UploadStore

MAX_FRAME_RATE = 60.0
MAX_QUEUED_MESSAGES = 64
SLICE_SECONDS = 0.004
FRAME_VALUES = 12_000  # numbers per sent frame, which sets how many records it may carry
PENDING_VALUES = 200_000  # numbers held for a frame a slow reader has not taken yet


def decimate(records: list[dict], limit: int) -> list[dict]:
    """At most ``limit`` records spread evenly over the steps they span, the first and
    the latest always kept (records are in step order)."""
    n = len(records)
    if n <= limit:
        return records
    if limit == 1:
        return records[-1:]
    first, last = records[0]["step"], records[-1]["step"]
    chosen, j = [], 0
    for i in range(limit):
        target = first + (last - first) * i / (limit - 1)
        while j + 1 < n and abs(records[j + 1]["step"] - target) <= abs(records[j]["step"] - target):
            j += 1
        if not chosen or chosen[-1] is not records[j]:
            chosen.append(records[j])
    return chosen


def describe(exc: ValidationError) -> str:
    parts = []
    for e in describe_validation_errors(exc.errors()):
        where = ".".join(str(p) for p in e["loc"]) or "message"
        parts.append(f"{where}: {e['msg']}")
    return "; ".join(parts)


class PendingFrame:
    """Records waiting to be sent. Past ``cap`` records it keeps every stride-th one
    (the stride doubles each time), plus always the latest, so a slow reader costs
    bounded memory and still gets evenly spaced steps."""

    def __init__(self, cap: int, reset: bool):
        self.type = "frame"
        self.cap = cap
        self.reset = reset
        self.kept: list[dict] = []
        self.latest: dict | None = None
        self.count = 0
        self.stride = 1

    def add(self, record: dict) -> None:
        if self.count % self.stride == 0:
            self.kept.append(record)
            self.latest = None
        else:
            self.latest = record
        self.count += 1
        if len(self.kept) > self.cap:
            self.kept = self.kept[::2]
            self.stride *= 2

    @property
    def steps(self) -> list[dict]:
        return self.kept + ([self.latest] if self.latest is not None else [])


class Outbox:
    """Outgoing messages in order; consecutive records share one pending frame."""

    def __init__(self) -> None:
        self.items: deque[PendingFrame | dict] = deque()
        self.ready = asyncio.Event()
        self.frame_limit = 100  # records in one sent frame
        self.pending_cap = 10_000  # records held for one frame before coalescing

    def add_records(self, records: list[dict], reset: bool = False) -> None:
        last = self.items[-1] if self.items else None
        if reset or not isinstance(last, PendingFrame):
            last = PendingFrame(self.pending_cap, reset)
            self.items.append(last)
        for record in records:
            last.add(record)
        self.ready.set()

    def add_message(self, message: dict) -> None:
        controls = [item for item in self.items if isinstance(item, dict)]
        if len(controls) >= MAX_QUEUED_MESSAGES:  # an unread backlog: drop the oldest error,
            errors = [item for item in controls if item["type"] == "error"]  # else the oldest status
            self.items.remove(errors[0] if errors else controls[0])
        self.items.append(message)
        self.ready.set()

    def error(self, text: str) -> None:
        self.add_message({"type": "error", "message": text})


def frame_payload(frame: PendingFrame, limit: int) -> dict:
    """The frame as sent: decimated, the gradient kept on its latest step only."""
    steps = decimate(frame.steps, limit)
    gradient = next((s["gradient"] for s in reversed(steps) if "gradient" in s), None)
    steps = [{k: v for k, v in s.items() if k != "gradient"} for s in steps]
    payload = {"type": "frame", "steps": steps, "gradient": gradient}
    if frame.reset:
        payload["reset"] = True
    return payload


class LiveSession:
    def __init__(self, websocket: WebSocket, settings: Settings, store: UploadStore):
        self.ws = websocket
        self.settings = settings
        self.store = store
        self.outbox = Outbox()
        self.lock = threading.Lock()  # held while the trainer steps or changes
        self.wake = asyncio.Event()
        self.trainer: Trainer | None = None
        self.generation = 0  # bumped by start and reset: records of an older run are dropped
        self.state = "idle"
        self.speed: float | None = 30.0
        self.manual_steps = 0
        self._anchor = (0.0, 0)  # (time, steps done) from which the pace is counted
        self._steps_done = 0

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
        schema = CLIENT_MESSAGES.get(kind)
        if schema is None:
            self.outbox.error(f"unknown message type {kind[:40]!r}; expected one of "
                              f"{', '.join(CLIENT_MESSAGES)}")
            return
        try:
            msg = schema.model_validate_json(text)
        except ValidationError as exc:
            self.outbox.error(f"bad {kind} message: {describe(exc)}")
            return
        await getattr(self, "on_" + kind)(msg)

    # --- messages -------------------------------------------------------------------------
    def _status(self, **extra: object) -> None:
        trainer = self.trainer
        self.outbox.add_message({
            "type": "status", "state": self.state,
            "stop_reason": trainer.stop_reason if trainer else None,
            "step": trainer.t if trainer else 0, **extra,
        })

    def _reanchor(self) -> None:
        self._anchor = (time.perf_counter(), self._steps_done)

    async def on_start(self, msg: StartMessage) -> None:
        try:
            trainer = await asyncio.to_thread(self._build, msg.config)
        except HTTPException as exc:
            self.outbox.error(f"cannot start: {exc.detail}")
            return
        with self.lock:
            self.trainer = trainer
            self.generation += 1
            self.speed = msg.config.speed
            self.manual_steps = 0
            if trainer.stop_reason:  # diverged at its very start (non-finite values)
                self.state = "stopped"
            else:
                self.state = "paused" if msg.config.paused else "running"
            first = trainer.last.to_dict()
        first["gradient"] = [finite_or_none(v) for v in trainer.gradient]
        values_per_record = trainer.model.n_params + 10
        self.outbox.frame_limit = max(1, min(100, FRAME_VALUES // values_per_record))
        self.outbox.pending_cap = max(2 * self.outbox.frame_limit, PENDING_VALUES // values_per_record)
        self._status(param_names=trainer.model.param_names)
        self.outbox.add_records([first], reset=True)
        self._reanchor()
        self.wake.set()

    def _build(self, config: LiveConfig) -> Trainer:
        return build_trainer(config, self.settings, self.store, whole_history=False)

    async def on_set(self, msg: SetMessage) -> None:
        changes = {k: getattr(msg, k) for k in msg.model_fields_set if k != "type"}
        if "speed" in changes:
            self.speed = changes.pop("speed")
            self._reanchor()
            self.wake.set()
        if not changes:
            return
        if self.trainer is None:
            self.outbox.error("start a run before changing its settings")
            return
        if "max_steps" in changes and changes["max_steps"] > self.settings.max_steps:
            self.outbox.error(f"max_steps is over the limit max_steps={self.settings.max_steps:,}")
            return
        schedule = changes.get("schedule")
        if schedule is not None and not isinstance(schedule, str):
            changes["schedule"] = ScheduleSettings(**schedule.model_dump())
        with self.lock:
            try:
                self.trainer.set(**changes)
            except ValueError as exc:
                self.outbox.error(str(exc))

    async def on_pause(self, msg: object) -> None:
        if self.state == "running":
            self.state = "paused"
        self._status()

    async def on_resume(self, msg: object) -> None:
        if self._refuse_stepping():
            return
        self.state = "running"
        self._reanchor()
        self._status()
        self.wake.set()

    async def on_step(self, msg: StepMessage) -> None:
        if self._refuse_stepping():
            return
        if self.state == "running":
            self.state = "paused"
            self._status()
        self.manual_steps = min(self.manual_steps + msg.n, 10_000)
        self.wake.set()

    async def on_reset(self, msg: object) -> None:
        if self.trainer is None:
            self.outbox.error("start a run before resetting it")
            return
        with self.lock:
            record = self.trainer.reset().to_dict()
            record["gradient"] = [finite_or_none(v) for v in self.trainer.gradient]
            self.generation += 1
            self.manual_steps = 0
            self.state = "paused"
        self.outbox.add_records([record], reset=True)
        self._status()

    def _refuse_stepping(self) -> bool:
        if self.trainer is None:
            self.outbox.error("start a run first")
            return True
        if self.trainer.stop_reason == "diverged":
            self.outbox.error("the run diverged; reset it (or start a new one) to go on")
            return True
        return False

    # --- stepping -------------------------------------------------------------------------
    def _advance(self, n: int, generation: int) -> tuple[list[dict], str | None]:
        """Up to n steps in a worker thread, for at most SLICE_SECONDS; the latest
        record carries the full gradient at its theta."""
        records: list[dict] = []
        stop = gradient = None
        deadline = time.perf_counter() + SLICE_SECONDS
        for _ in range(n):
            with self.lock:
                trainer = self.trainer
                if trainer is None or generation != self.generation or trainer.stop_reason == "diverged":
                    break
                records.append(trainer.step().to_dict())
                stop, gradient = trainer.stop_reason, trainer.gradient
            if stop or time.perf_counter() > deadline:
                break
        if records:
            records[-1]["gradient"] = [finite_or_none(v) for v in gradient]
        return records, stop

    def _due_steps(self) -> tuple[int, float]:
        """Steps owed by the pace now, and the seconds until the next one is."""
        if self.speed is None:
            return 1_000_000, 0.0
        start, done_at_start = self._anchor
        owed = int((time.perf_counter() - start) * self.speed) - (self._steps_done - done_at_start)
        if owed > 0:
            return owed, 0.0
        next_time = start + (self._steps_done - done_at_start + 1) / self.speed
        return 0, max(0.0, next_time - time.perf_counter())

    async def _train_loop(self) -> None:
        while True:
            if self.trainer is not None and self.manual_steps > 0:
                n = self.manual_steps
            elif self.trainer is not None and self.state == "running":
                n, wait = self._due_steps()
                if n == 0:
                    self.wake.clear()
                    try:
                        await asyncio.wait_for(self.wake.wait(), timeout=wait)
                    except TimeoutError:
                        pass
                    continue
            else:
                self.wake.clear()
                await self.wake.wait()
                continue
            generation = self.generation
            records, stop = await asyncio.to_thread(self._advance, n, generation)
            if generation != self.generation:
                continue  # a start or reset came in meanwhile: these steps are void
            if self.manual_steps:
                self.manual_steps = max(0, self.manual_steps - len(records))
            self._steps_done += len(records)
            if records:
                self.outbox.add_records(records)
            if stop:
                self.state = "stopped"
                self.manual_steps = 0
                self._status()
            if self.speed is None or self.manual_steps:
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
                    wait = next_due - time.perf_counter()
                    if wait > 0:  # let more records join this frame
                        await asyncio.sleep(wait)
                    next_due = max(next_due, time.perf_counter() - interval) + interval
                    payload = frame_payload(head, self.outbox.frame_limit)
                else:
                    payload = head
                self.outbox.items.popleft()
                await self.ws.send_text(orjson.dumps(payload).decode())
        except (WebSocketDisconnect, RuntimeError, OSError):
            return
