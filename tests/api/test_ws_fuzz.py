"""WebSocket fuzz: every malformed message gets an error frame, the session
still trains correctly afterwards, and the server logs no exception."""

import json
import time

from websockets.sync.client import connect

from app.settings import Settings
from tests.fuzz_messages import messages


def read_until(ws, predicate, seconds: float = 60.0) -> list[dict]:
    """Every message up to and including the first that satisfies predicate (a liveness bound)."""
    out, deadline = [], time.monotonic() + seconds
    while True:
        out.append(json.loads(ws.recv(timeout=max(0.01, deadline - time.monotonic()))))
        if predicate(out[-1]):
            return out


def stopped(message: dict) -> bool:
    return message["type"] == "status" and message["state"] == "stopped"


def paused_status(message: dict) -> bool:
    return message["type"] == "status" and message["state"] == "paused"


def fuzz(url: str, n: int, seed: int = 0) -> dict[str, int]:
    sent = errors_expected = errors_seen = unexpected = 0
    with connect(url, max_size=2**24) as ws:
        ws.send(json.dumps({"type": "start", "config": {"speed": 20, "max_steps": 100_000, "paused": True}}))
        read_until(ws, lambda m: m["type"] == "frame")
        for payload, must_error in messages(n, seed):
            ws.send(payload)
            sent += 1
            errors_expected += must_error
            if must_error:
                while True:  # the error frame for this message (frames may come first)
                    reply = json.loads(ws.recv(timeout=10))
                    if reply["type"] == "error":
                        errors_seen += 1
                        break
        ws.send(json.dumps({"type": "pause"}))  # messages are answered in order: this marks the end
        tail = read_until(ws, paused_status)
        unexpected = sum(1 for m in tail if m["type"] == "error")
        # the same session trains as a fresh one does
        ws.send(json.dumps({"type": "start", "config": {"speed": None, "max_steps": 40, "seed": 3}}))
        got = [m for m in read_until(ws, stopped) if m["type"] == "frame"]
    with connect(url, max_size=2**24) as fresh:
        fresh.send(json.dumps({"type": "start", "config": {"speed": None, "max_steps": 40, "seed": 3}}))
        want = [m for m in read_until(fresh, stopped) if m["type"] == "frame"]
    final = {s["step"]: s for m in got for s in m["steps"]}
    reference = {s["step"]: s for m in want for s in m["steps"]}
    return {"sent": sent, "errors_expected": errors_expected, "errors_seen": errors_seen,
            "unexpected_errors": unexpected, "trains_like_new": int(final.get(40) == reference.get(40) is not None)}


def test_a_thousand_malformed_messages(live_server, server_log):
    result = fuzz(live_server.replace("http", "ws") + "/ws/train", 1000)
    assert result["sent"] == 1000
    assert result["errors_seen"] == result["errors_expected"] > 500
    assert result["unexpected_errors"] == 0
    assert result["trains_like_new"] == 1
    log = server_log.read_text()
    assert "Traceback" not in log and "ERROR" not in log


def test_a_frame_past_the_cap_closes_that_connection_only(live_server):
    """Over max_ws_message_bytes a message gets an error frame; over 4x it, uvicorn refuses the
    frame itself and closes with 1009 (message too big), as `gdviz serve` runs it. Other
    sessions carry on, and a new connection works."""
    import pytest
    from websockets.exceptions import ConnectionClosedError

    url = live_server.replace("http", "ws") + "/ws/train"
    with connect(url, max_size=2**24) as bystander, connect(url, max_size=2**24) as ws:
        bystander.send(json.dumps({"type": "start", "config": {"speed": None, "max_steps": 50_000}}))
        read_until(bystander, lambda m: m["type"] == "frame")
        cap = Settings().max_ws_message_bytes
        ws.send(json.dumps({"type": "set", "padding": "x" * (cap + 1000)}))
        assert "max_ws_message_bytes" in json.loads(ws.recv(timeout=10))["message"]
        ws.send(json.dumps({"type": "set", "padding": "x" * (4 * cap + 1000)}))
        with pytest.raises(ConnectionClosedError) as closed:
            while True:
                ws.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
        assert read_until(bystander, lambda m: m["type"] == "frame")[-1]["steps"]  # the other still streams
    with connect(url) as again:
        again.send(json.dumps({"type": "start", "config": {"max_steps": 5, "speed": None}}))
        assert any(m["type"] == "frame" for m in read_until(again, stopped))
