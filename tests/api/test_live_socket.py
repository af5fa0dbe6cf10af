"""/ws/train with a real websockets client against a live uvicorn."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from websockets.sync.client import connect

from app.settings import Settings
from tests.factories import reject_constant


def ws_url(live_server: str) -> str:
    return live_server.replace("http", "ws") + "/ws/train"


class Client:
    """A thin test client: send dicts, read typed messages with a deadline."""

    def __init__(self, live_server: str):
        self._connection = connect(ws_url(live_server), max_size=2**24)
        self.ws = self._connection.__enter__()

    def send(self, message: dict) -> None:
        self.ws.send(json.dumps(message))

    def next(self, timeout: float = 10.0) -> dict:
        return json.loads(self.ws.recv(timeout=timeout), parse_constant=reject_constant)

    def until(self, predicate, timeout: float = 20.0) -> list[dict]:
        """Every message up to and including the first that satisfies predicate."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            message = self.next(max(0.01, deadline - time.monotonic()))
            seen.append(message)
            if predicate(message):
                return seen

    def start(self, **config) -> list[dict]:
        self.send({"type": "start", "config": config})
        return self.until(lambda m: m["type"] == "frame")

    def close(self) -> None:
        self._connection.__exit__(None, None, None)


@pytest.fixture
def client(live_server):
    c = Client(live_server)
    yield c
    c.close()


def steps_of(messages: list[dict]) -> list[int]:
    return [s["step"] for m in messages if m["type"] == "frame" for s in m["steps"]]


def is_stopped(m: dict) -> bool:
    return m["type"] == "status" and m["state"] == "stopped"


def test_a_slow_run_streams_every_step_in_order(client):
    first = client.start(speed=400, max_steps=60)
    status = first[0]
    spec = status.pop("config")  # the run spec in force, as the start gave it
    assert status == {"type": "status", "state": "running", "stop_reason": None, "step": 0,
                      "param_names": ["w1", "w2", "b"]}
    assert (spec["max_steps"], spec["speed"], spec["optimizer"]["name"]) == (60, 400, "gd")
    rest = client.until(is_stopped)
    assert steps_of(first + rest) == list(range(61))
    assert rest[-1]["stop_reason"] == "max_steps"
    frames = [m for m in first + rest if m["type"] == "frame"]
    assert all(len(f["gradient"]) == 3 for f in frames)  # the gradient at each frame's latest step
    assert all("loss" in f["steps"][-1] for f in frames)  # which is evaluated; the steps before may not be
    losses = [s["loss"] for f in frames for s in f["steps"] if "loss" in s]
    assert losses[-1] < losses[0]


def test_a_fast_run_is_decimated_evenly_and_keeps_the_latest_step(client):
    """Invariants that hold at any speed: order, bounded frames, the last step kept, and
    within a frame steps spread evenly (a pending frame held for long is itself strided,
    so a gap may differ from the others by that stride, a small share of the gap)."""
    messages = client.start(speed=None, max_steps=20_000) + client.until(is_stopped, timeout=120)
    frames = [m for m in messages if m["type"] == "frame"]
    steps = steps_of(messages)
    assert steps == sorted(set(steps)) and steps[0] == 0 and steps[-1] == 20_000
    assert all(len(f["steps"]) <= 100 for f in frames)
    for frame in frames[1:]:
        gaps = [b["step"] - a["step"] for a, b in zip(frame["steps"], frame["steps"][1:], strict=False)]
        if len(gaps) > 2:
            assert max(gaps) - min(gaps) <= 1 + max(gaps) // 10, gaps


def test_set_takes_effect_at_the_next_step(client):
    client.start(speed=30, max_steps=1000, paused=True)
    client.send({"type": "step", "n": 3})
    before = client.until(lambda m: m["type"] == "frame" and m["steps"][-1]["step"] == 3)
    client.send({"type": "set", "learning_rate": 0.01})
    client.send({"type": "step", "n": 1})
    after = client.until(lambda m: m["type"] == "frame" and m["steps"][-1]["step"] == 4)
    frames = [m for m in before + after if m["type"] == "frame"]
    rates = {s["step"]: s["learning_rate"] for m in frames for s in m["steps"]}
    assert rates[3] == 0.1 and rates[4] == 0.01


def test_set_while_running_switches_once_and_for_good(client):
    messages = client.start(speed=200, max_steps=100_000)
    messages += client.until(lambda m: m["type"] == "frame" and m["steps"][-1]["step"] >= 20)
    client.send({"type": "set", "learning_rate": 0.5, "optimizer": "momentum", "l2": 0.01})
    messages += client.until(lambda m: m["type"] == "frame" and m["steps"][-1]["learning_rate"] == 0.5)
    messages += client.until(lambda m: m["type"] == "frame", timeout=30)
    rates = [s["learning_rate"] for m in messages if m["type"] == "frame" for s in m["steps"][1:]
             if s["step"] > 0]
    switch = rates.index(0.5)
    assert set(rates[:switch]) == {0.1} and set(rates[switch:]) == {0.5}


def test_pause_resume_step_and_reset(client):
    start = client.start(speed=100, max_steps=100_000)
    theta0 = start[-1]["steps"][0]["params"]
    client.until(lambda m: m["type"] == "frame" and m["steps"][-1]["step"] >= 5)
    client.send({"type": "pause"})
    paused = client.until(lambda m: m["type"] == "status")
    assert paused[-1]["state"] == "paused"
    at = paused[-1]["step"]
    # nothing more is made while paused: a second pause is answered, in order, with the same step,
    # and no frame before that answer went past it
    client.send({"type": "pause"})
    again = client.until(lambda m: m["type"] == "status")
    assert again[-1]["step"] == at and all(s <= at for s in steps_of(again))
    client.send({"type": "step", "n": 10})
    stepped = client.until(lambda m: m["type"] == "frame" and m["steps"][-1]["step"] == at + 10)
    assert steps_of(stepped)[-1] == at + 10
    client.send({"type": "reset"})
    reset = client.until(lambda m: m["type"] == "frame" and m.get("reset"))
    assert reset[-1]["steps"][0]["step"] == 0 and reset[-1]["steps"][0]["params"] == theta0
    client.send({"type": "resume"})
    resumed = client.until(lambda m: m["type"] == "frame" and m["steps"][-1]["step"] >= 3)
    assert steps_of(resumed)[:3] == [1, 2, 3]


def test_same_seed_same_stream(live_server):
    def run():
        c = Client(live_server)
        c.start(speed=None, max_steps=300, batch_size=8, optimizer={"name": "adam", "learning_rate": 0.05})
        messages = c.until(is_stopped)
        c.close()
        return {s["step"]: s["params"] for m in messages if m["type"] == "frame" for s in m["steps"]}
    a, b = run(), run()
    assert a[300] == b[300]


BAD_MESSAGES = [
    ("{not json", "malformed JSON"),
    ("[1, 2]", '"type"'),
    ('{"kind": "start"}', '"type"'),
    ('{"type": "jump"}', "unknown message type 'jump'"),
    ('{"type": "step", "n": 0}', "greater than or equal to 1"),
    ('{"type": "step", "n": "3"}', "valid integer"),
    ('{"type": "set", "learning_rate": -1}', "greater than 0"),
    ('{"type": "set", "learning_rate": NaN}', "malformed JSON"),
    ('{"type": "set", "optimizer": "sgd"}', "optimizer"),
    ('{"type": "set", "colour": "red"}', "Extra inputs are not permitted"),
    ('{"type": "start", "config": {"dataset": {"name": "iris"}}}',
     "cannot start: logistic regression is binary"),
    ('{"type": "start", "config": {"max_steps": 10000000}}', "max_steps=100,000"),
    ("x" * (Settings().max_ws_message_bytes + 1000), "over the limit"),
]


def test_bad_messages_get_error_frames_and_the_session_goes_on(client):
    client.start(speed=50, max_steps=100_000, paused=True)
    for text, fragment in BAD_MESSAGES:
        client.ws.send(text)
        reply = client.until(lambda m: m["type"] == "error")[-1]
        assert fragment in reply["message"], text[:60]
    client.ws.send(b"\x00\x01binary")
    assert "binary" in client.until(lambda m: m["type"] == "error")[-1]["message"]
    client.send({"type": "step", "n": 2})
    assert steps_of(client.until(lambda m: m["type"] == "frame"))[-1] == 2


def test_commands_before_a_start_are_refused_politely(client):
    for message in ({"type": "set", "learning_rate": 0.2}, {"type": "resume"}, {"type": "step"},
                    {"type": "reset"}):
        client.send(message)
        assert client.next()["type"] == "error"
    client.start(speed=10, paused=True)


def test_divergence_is_reported_and_frames_stay_strict_json(client):
    client.start(speed=None, max_steps=5000, dataset={"name": "moons"}, optimizer={"learning_rate": 1e6})
    stopped = client.until(is_stopped)[-1]
    assert stopped["stop_reason"] == "diverged"
    client.send({"type": "resume"})
    assert "diverged" in client.until(lambda m: m["type"] == "error")[-1]["message"]


def test_a_client_that_vanishes_mid_run_leaves_nothing_behind(live_server):
    def sessions():
        return httpx.get(live_server + "/api/health", timeout=60).json()["sessions"]
    baseline = sessions()
    c = Client(live_server)
    c.start(speed=None, max_steps=100_000, dataset={"name": "digits"}, model={"kind": "softmax"})
    assert sessions() == baseline + 1
    c.ws.socket.close()  # drop the TCP connection without a closing handshake
    deadline = time.monotonic() + 20.0  # a liveness bound: `make stress` measures how soon it ends
    while sessions() != baseline:
        assert time.monotonic() < deadline, "the session outlived its socket"
        time.sleep(0.02)


def test_sessions_are_independent(live_server):
    a, b = Client(live_server), Client(live_server)
    try:
        a.start(speed=200, max_steps=100_000)
        b.start(speed=200, max_steps=100_000, optimizer={"name": "adam", "learning_rate": 0.01})
        a.ws.send("{broken")
        assert a.until(lambda m: m["type"] == "error")
        frames = b.until(lambda m: m["type"] == "frame" and m["steps"][-1]["step"] >= 30)
        assert all(s["learning_rate"] == 0.01 for m in frames if m["type"] == "frame" for s in m["steps"][1:])
        a.send({"type": "pause"})
        assert a.until(lambda m: m["type"] == "status")[-1]["state"] == "paused"
    finally:
        a.close()
        b.close()


def test_a_reader_that_reads_late_gets_every_step_it_is_sent_in_order(client):
    """The reader reads nothing until the run has ended, then everything: whatever the
    machine's speed, frames are bounded, in order, and end with the last step. (The
    deterministic version, with the reader stalled for sure, is tests/api/test_session.py.)"""
    client.send({"type": "start", "config": {"speed": None, "max_steps": 5000}})
    messages = client.until(is_stopped, timeout=120)
    frames = [m for m in messages if m["type"] == "frame"]
    steps = steps_of(messages)
    assert all(len(f["steps"]) <= 100 for f in frames)
    assert steps == sorted(set(steps)) and steps[0] == 0 and steps[-1] == 5000
    assert len(steps) <= 100 * len(frames)


def test_changes_at_one_step_are_logged_as_one(client):
    client.start(speed=30, max_steps=1000, paused=True)
    for rate in (0.2, 0.3, 0.25):  # a paused slider dragged: three values, one step
        client.send({"type": "set", "learning_rate": rate})
    status = client.until(lambda m: m["type"] == "status" and m.get("events") and
                          m["events"][-1]["changes"] == {"learning_rate": 0.25})[-1]
    assert status["events"] == [{"step": 0, "changes": {"learning_rate": 0.25}}]


def test_a_run_replays_10000_live_changes_and_a_full_log_says_what_to_do(client):
    events = [{"step": k, "changes": {"learning_rate": 0.1 if k % 2 else 0.2}} for k in range(1, 10_001)]
    client.start(speed=None, max_steps=10_000, paused=True, events=events)
    client.send({"type": "set", "learning_rate": 0.5})  # the 10,001st change
    error = client.until(lambda m: m["type"] == "error")[-1]
    assert "10,000 live changes" in error["message"] and "save it" in error["message"]
    client.send({"type": "resume"})
    final = client.until(lambda m: m["type"] == "status" and m["state"] == "stopped", timeout=120)[-1]
    assert final["step"] == 10_000
