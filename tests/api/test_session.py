"""A live session driven in-process through a fake websocket: a reader that stalls,
pause and step ordering, all without sleeping for a fixed time. The session runs
as fast as it can; the tests wait on the session's own state (steps made), with
generous liveness bounds, so the outcome does not depend on the machine's speed."""

from __future__ import annotations

import asyncio
import json

import pytest

from app.api.session import LiveSession
from app.api.stream import PendingFrame
from app.engine.data.store import UploadStore
from app.schemas.live import LiveConfig
from app.settings import Settings
from tests.factories import run_async


class FakeSocket:
    """The websocket side a session sees. Sending blocks while ``flowing`` is clear:
    a reader that has stopped reading."""

    def __init__(self) -> None:
        self.inbox: asyncio.Queue[dict] = asyncio.Queue()
        self.sent: list[dict] = []
        self.flowing = asyncio.Event()
        self.flowing.set()

    async def accept(self) -> None:
        pass

    async def receive(self) -> dict:
        return await self.inbox.get()

    async def send_text(self, text: str) -> None:
        await self.flowing.wait()
        self.sent.append(json.loads(text))

    def client_sends(self, message: dict) -> None:
        self.inbox.put_nowait({"type": "websocket.receive", "text": json.dumps(message)})

    def hang_up(self) -> None:
        self.inbox.put_nowait({"type": "websocket.disconnect"})


async def until(predicate, seconds: float = 60.0) -> None:
    """Yield to the event loop until predicate() holds (a liveness bound, not a timing)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not predicate():
        assert loop.time() < deadline, "the session never got there"
        await asyncio.sleep(0.005)


def steps_of(messages: list[dict]) -> list[int]:
    return [s["step"] for m in messages if m["type"] == "frame" for s in m["steps"]]


def run(scenario, tmp_path):
    async def main():
        ws = FakeSocket()
        session = LiveSession(ws, Settings(data_dir=tmp_path), UploadStore(tmp_path))
        task = asyncio.create_task(session.serve())
        try:
            await scenario(ws, session)
        finally:
            ws.hang_up()
            await asyncio.wait_for(task, 30)
    run_async(main)


def test_a_reader_that_stalls_gets_coalesced_frames_not_a_backlog(tmp_path):
    async def scenario(ws: FakeSocket, session: LiveSession) -> None:
        ws.flowing.clear()  # the reader stops reading before anything is sent
        ws.client_sends({"type": "start", "config": {"speed": None, "max_steps": 100_000}})
        await until(lambda: session.trainer is not None and session.trainer.t >= 3000)
        pending = sum(len(item.steps) for item in session.outbox.items if hasattr(item, "steps"))
        assert pending <= session.outbox.pending_cap + 1  # held for the reader: bounded
        ws.client_sends({"type": "pause"})
        await until(lambda: session.state == "paused")
        produced = session.trainer.t
        ws.flowing.set()  # the reader comes back
        await until(lambda: any(m["type"] == "status" and m["state"] == "paused" for m in ws.sent))
        await until(lambda: steps_of(ws.sent) and steps_of(ws.sent)[-1] == produced)
        frames = [m for m in ws.sent if m["type"] == "frame"]
        steps = steps_of(ws.sent)
        assert all(len(f["steps"]) <= session.outbox.frame_limit for f in frames)
        assert steps == sorted(set(steps)) and steps[0] == 0  # in order, none twice
        assert len(steps) <= len(frames) * session.outbox.frame_limit
        assert len(steps) < produced / 2  # thinned, not queued whole
    run(scenario, tmp_path)


def test_a_slow_reader_over_the_pending_cap_keeps_an_even_stride(tmp_path):
    async def scenario(ws: FakeSocket, session: LiveSession) -> None:
        ws.flowing.clear()
        ws.client_sends({"type": "start", "config": {"speed": None, "max_steps": 100_000}})
        await until(lambda: session.trainer is not None)
        session.outbox.pending_cap = 50  # small, so the stride doubles a few times
        for item in session.outbox.items:
            if isinstance(item, PendingFrame):
                item.cap = 50
        await until(lambda: session.trainer.t >= 2000)
        ws.client_sends({"type": "pause"})
        await until(lambda: session.state == "paused")
        frame = next(item for item in session.outbox.items if isinstance(item, PendingFrame))
        kept = [r["step"] for r in frame.kept]
        assert len(kept) <= 51
        assert len({b - a for a, b in zip(kept, kept[1:], strict=False)}) == 1  # one stride throughout
        ws.flowing.set()
    run(scenario, tmp_path)


def test_after_pause_no_step_is_made_and_the_status_names_the_last(tmp_path):
    async def scenario(ws: FakeSocket, session: LiveSession) -> None:
        ws.client_sends({"type": "start", "config": {"speed": None, "max_steps": 100_000}})
        await until(lambda: session.trainer is not None and session.trainer.t >= 200)
        ws.client_sends({"type": "pause"})
        await until(lambda: any(m["type"] == "status" and m["state"] == "paused" for m in ws.sent))
        status = next(m for m in ws.sent if m["type"] == "status" and m["state"] == "paused")
        await until(lambda: steps_of(ws.sent)[-1] == status["step"])  # the last slice's frames arrive
        ws.client_sends({"type": "step", "n": 3})
        await until(lambda: steps_of(ws.sent)[-1] == status["step"] + 3)
        assert session.trainer.t == status["step"] + 3
        assert session.state == "paused"
    run(scenario, tmp_path)


@pytest.mark.parametrize("speed", [50, None])
def test_set_applies_before_the_next_step(tmp_path, speed):
    async def scenario(ws: FakeSocket, session: LiveSession) -> None:
        ws.client_sends({"type": "start", "config": {"speed": speed, "max_steps": 100_000, "paused": True}})
        await until(lambda: session.trainer is not None)
        ws.client_sends({"type": "step", "n": 2})
        await until(lambda: session.trainer.t == 2)
        ws.client_sends({"type": "set", "learning_rate": 0.01})
        ws.client_sends({"type": "step", "n": 1})
        await until(lambda: steps_of(ws.sent)[-1:] == [3])
        rates = {s["step"]: s["learning_rate"] for m in ws.sent if m["type"] == "frame" for s in m["steps"]}
        assert rates[2] == 0.1 and rates[3] == 0.01
    run(scenario, tmp_path)


def test_the_session_holds_one_run_spec_and_each_set_updates_it(tmp_path):
    """A live run's state is always a whole run spec (LiveConfig): the start's, with each
    set applied and checked by the same model; the status after each says it."""
    async def scenario(ws: FakeSocket, session: LiveSession) -> None:
        ws.client_sends({"type": "start", "config": {"paused": True, "optimizer": {"name": "momentum", "momentum": 0.5},
                                                     "schedule": {"name": "step", "step_size": 7}}})
        await until(lambda: session.trainer is not None)
        for change in ({"learning_rate": 0.02}, {"optimizer": "adam"}, {"beta1": 0.8}, {"schedule": "cosine"},
                       {"batch_size": 16}, {"batch_size": None}, {"l2": 0.25, "speed": 12}):
            ws.client_sends({"type": "set", **change})
        ws.client_sends({"type": "set", "l2": -1})  # refused: the spec stays as it was
        await until(lambda: any(m["type"] == "error" for m in ws.sent))
        spec = session.trainer.config  # the trainer runs under the spec in force: there is no other copy
        optimizer = spec.optimizer
        assert (optimizer.name, optimizer.learning_rate, optimizer.values["beta1"]) == ("adam", 0.02, 0.8)
        assert optimizer.values["momentum"] == 0.5  # a name keeps the settings it had
        assert (spec.schedule.name, spec.schedule.step_size) == ("cosine", 7)
        assert (spec.batch_size, spec.l2, session.control.speed) == (None, 0.25, 12)
        said = [m["config"] for m in ws.sent if m["type"] == "status" and "config" in m]
        assert len(said) == 1 + 7
        expected = LiveConfig.model_validate({**spec.as_json(), "speed": 12, "paused": True}).model_dump(mode="json")
        assert said[-1] == expected  # the whole spec, as a LiveConfig says it
    run(scenario, tmp_path)


def test_a_set_before_a_start_is_an_error_frame(tmp_path):
    async def scenario(ws: FakeSocket, session: LiveSession) -> None:
        ws.client_sends({"type": "set", "speed": 5})
        await until(lambda: any(m["type"] == "error" for m in ws.sent))
        assert "start a run" in next(m for m in ws.sent if m["type"] == "error")["message"]
    run(scenario, tmp_path)


def test_a_regression_takes_a_regression_loss_live_and_refuses_cross_entropy(tmp_path):
    async def scenario(ws: FakeSocket, session: LiveSession) -> None:
        ws.client_sends({"type": "start", "config": {"paused": True, "dataset": {"name": "line"},
                                                     "model": {"kind": "linear"}, "loss": "mse"}})
        await until(lambda: session.trainer is not None)
        ws.client_sends({"type": "set", "loss": "huber"})
        ws.client_sends({"type": "set", "loss": "cross_entropy"})  # refused: the spec keeps huber
        await until(lambda: any(m["type"] == "error" for m in ws.sent))
        error = next(m for m in ws.sent if m["type"] == "error")["message"]
        assert "needs class labels" in error and "mse, mae, huber" in error
        assert session.trainer.config.loss == "huber"
    run(scenario, tmp_path)


class TickingClock:
    """A clock that moves on by ``tick`` seconds each time it is read: a slice's length in
    steps is then fixed, whatever the machine's speed."""

    def __init__(self, tick: float):
        self.now, self.tick = 0.0, tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


def test_a_slice_is_bare_updates_then_one_evaluation(tmp_path):
    """Live runs evaluate at most once per slice (and slices start at most MAX_FRAME_RATE
    times a second): the steps before the slice's last carry no evaluated field."""
    from app.api.stepping import SLICE_SECONDS
    from app.engine.spec.build import build_trainer
    from app.engine.spec.events import EventLog
    from app.engine.training.trainer import EVALUATED_FIELDS
    from app.schemas.live import LiveConfig

    clock = TickingClock(0.001)
    session = LiveSession(FakeSocket(), Settings(data_dir=tmp_path), UploadStore(tmp_path), clock=clock)
    config = LiveConfig(batch_size=8, max_steps=10_000, speed=None)
    session.trainer = build_trainer(config.to_spec(), EventLog(), session.settings, session.store.load,
                                    whole_history=False)
    session.control.start(None)
    records, stop = session._advance(1_000, session.control.generation, single=False)
    assert stop is None and 5 <= len(records) <= SLICE_SECONDS / 0.001 + 1  # the slice ended on the clock
    *bare, latest = records
    assert all(not set(EVALUATED_FIELDS) & set(r) for r in bare)
    assert {"loss", "grad_norm", "test_loss", "accuracy", "gradient"} <= set(latest)
    assert latest["step"] == session.trainer.t == len(records) and session.trainer.last.evaluated


def test_every_frame_ends_on_an_evaluated_step(tmp_path):
    async def scenario(ws: FakeSocket, session: LiveSession) -> None:
        ws.client_sends({"type": "start", "config": {"speed": None, "batch_size": 4, "max_steps": 5_000}})
        await until(lambda: any(m["type"] == "status" and m["state"] == "stopped" for m in ws.sent))
        await until(lambda: steps_of(ws.sent)[-1:] == [5_000])
        frames = [m for m in ws.sent if m["type"] == "frame"]
        assert all("loss" in f["steps"][-1] and f["gradient"] is not None for f in frames)
        evaluated = [s["step"] for f in frames for s in f["steps"] if "loss" in s]
        assert evaluated[0] == 0 and evaluated[-1] == 5_000
        bare = [s for f in frames for s in f["steps"] if "loss" not in s]
        assert all(set(s) == {"step", "epoch", "batch_loss", "learning_rate", "params"} for s in bare)
    run(scenario, tmp_path)
